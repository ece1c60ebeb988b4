"""Régions: one région's territories ranked, région against the nation, map zoomed on it."""
import streamlit as st

from tidash import formatting as fmt
from tidash import friches_view, indicators, repository, svg_map, ui
from tidash.metrics import METRICS, metric_source, national_comparison_label
from tidash.state import Filters

view = ui.current_view()
filters = view.filters
st.title("Régions")

region = ui.region_select()  # the sidebar's région: one source of truth, kept in the URL
if region is None:
    ui.empty("Choisissez une région, ici ou dans la barre latérale.")
    st.stop()
scoped = Filters(filters.vintage, region, filters.scheme, filters.year)
st.caption(ui.scope_caption(scoped))

summary = repository.region_summary(filters, region).set_index("scope")
reg, nat = summary.loc["region"], summary.loc["national"]
tiles = st.columns(5)
ui.kpi(tiles[0], "Territoires", fmt.integer(reg["n_territories"]))
tiles[0].caption(f"{fmt.percent(reg['n_territories'] / nat['n_territories'])} des {fmt.integer(nat['n_territories'])} territoires")
ui.kpi(tiles[1], "Habitants", fmt.integer(reg["population"]))
tiles[1].caption(f"{fmt.percent(reg['population'] / nat['population'])} de la population des territoires")
ui.kpi(tiles[2], "Projets financés", ui.figure(reg["n_projects"], fmt.integer, tile=True))
of_total = ui.national_total_words(scoped)  # 2024: the lists cover PACA only, not the nation
tiles[2].caption(f"{fmt.percent(reg['n_projects'] / nat['n_projects']) if nat['n_projects'] and reg['has_funding_data'] else '—'} {of_total}")
ui.kpi(tiles[3], "Montant engagé", ui.figure(reg["amount_eur"], fmt.euros_compact, tile=True), help=ui.figure(reg["amount_eur"], fmt.euros))
tiles[3].caption(f"{fmt.percent(reg['amount_eur'] / nat['amount_eur']) if nat['amount_eur'] and reg['has_funding_data'] else '—'} {of_total}")
ui.kpi(tiles[4], "€ par habitant", ui.figure(reg["euros_per_inhabitant"], fmt.euros_per_inhabitant, tile=True))
tiles[4].caption(f"{national_comparison_label(nat).capitalize()} : {fmt.euros_per_inhabitant(nat['euros_per_inhabitant'])}")
relance_tiles = st.columns([1.3, 1, 2.7], vertical_alignment="center")  # as on the national page
for tile, column, label in ((relance_tiles[0], "n_relance", "Projets France Relance"),
                            (relance_tiles[1], "n_relance_ti", "dont fonds TI")):
    ui.kpi(tile, label, fmt.integer(reg[column]), help=metric_source(column))
    tile.caption(f"{fmt.percent(reg[column] / nat[column]) if nat[column] else '—'} du total national")
relance_tiles[2].caption(repository.sources_line(scoped))
ui.show_funding_gap(scoped)
ui.show_sql("region_summary")

metric = ui.metric_select(st)


@st.fragment
def region_map() -> None:
    ui.rerun_page_if_republished()
    metrics = repository.territory_metrics(scoped)
    if metrics.empty:
        ui.empty("Aucun territoire dans cette région pour ce millésime.")
        return
    if metrics[metric].isna().all():  # no data is not zero: no map, no ranking of zeros
        ui.empty(f"Pas de données pour « {METRICS[metric].label} » dans cette région avec ces filtres : "
                 "ni carte ni classement.")
        return
    left, right = st.columns([3, 2])
    with left:
        st.caption(f"Carte : territoires de la région colorés selon « {METRICS[metric].label} » "
                   f"({metric_source(metric, filters.year)}). Cliquez un territoire pour ouvrir sa fiche ; "
                   "molette : zoom, glisser : déplacer.")
        clicked = svg_map.show(repository.territories_map(scoped, metric, height=ui.REGION_MAP_HEIGHT),
                               key="region_map")
        if clicked:
            ui.open_profile(clicked)
    with right:
        st.caption("Territoires de la région classés (équivalent tabulaire de la carte)")
        # Ties share a rank (« ex aequo »), as on the profile.
        _, table = repository.ranking_table(scoped, metric, ui.region_ranking_labels(metric))
        st.dataframe(table, hide_index=True, height=ui.table_height(len(table), ui.REGION_MAP_HEIGHT))  # no empty rows


region_map()
friches_view.region_section(filters.vintage, region)

st.subheader("France 2030 et industrie dans la région")
indicators_frame = repository.region_indicators(region)
if indicators_frame.empty:
    ui.empty("Le baromètre de l'action publique ne donne pas d'indicateur pour cette région.")
else:
    st.dataframe(indicators.region_table(indicators_frame), hide_index=True)
    st.caption("Source : Baromètre des résultats de l'action publique (DITP), dernière valeur publiée. "
               "Ces chiffres couvrent toute la région, pas seulement ses territoires d'industrie.")
    ui.show_sql("region_indicators")
