"""Financements: scheme → measure, by région, by year, inside versus outside the territories."""
import streamlit as st

from tidash import charts, panels, repository, ui
from tidash import formatting as fmt
from tidash.metrics import fonds_vert_label
from tidash.sources import SOURCE_LABELS

view = ui.current_view()
filters = view.filters
st.title("Financements")
st.caption(ui.scope_caption(filters))
ui.funding_sources_notice()
ui.region_meaning_caption(filters)
no_funding_data = ui.show_funding_gap(filters)  # « pas de données », never read as zero

split = repository.funding_inside_outside(filters)
if split.empty:
    if not no_funding_data:
        ui.empty("Aucun projet Fonds vert pour ces filtres.")
    panels.relance_funding_section(filters)
    panels.ledger_section(filters.vintage, region=filters.region)
    st.stop()
total = split["amount_eur"].sum()
fonds_vert = fonds_vert_label(filters.year)
st.caption(f"Source des montants et des projets ci-dessous : {fonds_vert} (projets financés, montants engagés). "
           "Les projets France Relance (sans montant) et le suivi importé du programme ont leurs propres sections "
           "plus bas : ils ne sont jamais additionnés à ces euros.")
tiles = st.columns(3)
for tile, status in zip(tiles, ("inside", "outside", "unresolved")):
    row = split[split["status"] == status]
    amount = float(row["amount_eur"].sum())
    count = int(row["n_projects"].sum())
    ui.kpi(tile, charts.STATUS_LABELS[status], fmt.euros_compact(amount), help=fmt.euros(amount, cents=True))
    tile.caption(f"{fmt.count(count, 'projet')} · {fmt.percent(amount / total)} des euros")
if filters.region:
    ui.region_side_by_side(split, repository.funding_inside_outside(filters, located=True))
ui.show_sql("funding_inside_outside")

st.subheader("Par dispositif et mesure (projets situés dans les territoires)")
by_measure = repository.funding_by_measure(filters)
if by_measure.empty:
    ui.empty("Aucun projet dans les territoires pour ces filtres.")
else:
    st.plotly_chart(charts.funding_treemap(by_measure, f"Montant engagé par dispositif puis mesure — {fonds_vert}",
                                           ui.options().schemes), config=charts.PLOTLY_CONFIG)
    with st.expander("Tableau : montants par mesure"):
        st.dataframe(ui.french_table(by_measure, {"amount_eur": fmt.euros, "n_projects": fmt.integer},
                                     {"scheme": "Dispositif", "measure": "Mesure", "n_projects": "Projets",
                                      "amount_eur": "Montant engagé"}), hide_index=True)
    ui.show_sql("funding_by_measure")

st.subheader("Par région : dans les territoires, hors territoire, non rattaché")
by_region = repository.funding_by_region(filters)
st.plotly_chart(charts.stacked_status_bars(by_region, "nom_reg", f"Montant engagé par région (celle du territoire, sinon celle du lieu du projet) — {fonds_vert}"),
                config=charts.PLOTLY_CONFIG)
with st.expander("Tableau : par région, dont € par habitant des territoires"):
    st.dataframe(ui.french_table(by_region,
                                 {"amount_eur": fmt.euros, "n_projects": fmt.integer,
                                  "euros_per_inhabitant": fmt.euros_per_inhabitant,
                                  "status": charts.STATUS_LABELS.get},
                                 {"nom_reg": "Région", "status": "Situation", "n_projects": "Projets",
                                  "amount_eur": "Montant engagé", "euros_per_inhabitant": "€/hab. (dans les territoires)"}),
                 hide_index=True)
ui.show_sql("funding_by_region")

st.subheader("Par année (projets situés dans les territoires)")
by_year = repository.funding_by_year(filters)
if by_year.empty:
    ui.empty("Aucun projet dans les territoires pour ces filtres.")
else:
    by_year = by_year.assign(label=[f"{y}<br>{charts.wrap_label(SOURCE_LABELS.get(s, s), 34)}"
                                    for y, s in zip(by_year["year"], by_year["source"])])
    every_year = " (toutes les années, quel que soit le filtre Année)" if filters.year is not None else ""
    st.plotly_chart(charts.grouped_bars(by_year, "label", [("amount_eur", "Montant engagé dans les territoires")],
                                        f"Montant engagé par année et source{every_year}"),
                    config=charts.PLOTLY_CONFIG)
    st.caption("2024 : région PACA seulement. Ne comparez pas 2023 et 2024 à l'échelle nationale.")

panels.relance_funding_section(filters)
panels.ledger_section(filters.vintage, region=filters.region)
