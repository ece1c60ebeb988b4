"""Vue nationale: KPI strip, choropleth of the territories and ranking table."""
import streamlit as st

from tidash import formatting as fmt
from tidash import maps, repository, ui
from tidash.metrics import METRICS

view = ui.current_view()
filters = view.filters

st.title("Territoires d'industrie — vue nationale")
st.caption(ui.scope_caption(filters))

k = repository.kpis(filters)
tiles = st.columns(7)
ui.kpi(tiles[0], "Territoires", fmt.integer(k["n_territories"]))
ui.kpi(tiles[1], "EPCI et EPT", fmt.integer(k["n_epci"]))
ui.kpi(tiles[2], "Communes", fmt.integer(k["n_communes"]))
ui.kpi(tiles[3], "Habitants", fmt.integer(k["population"]), help="Population légale 2020 (COG 2023)")
ui.kpi(tiles[4], "Projets financés", fmt.integer(k["n_projects"]), help="Projets Fonds vert situés dans les territoires")
ui.kpi(tiles[5], "Montant engagé", fmt.euros_compact(k["amount_eur"]), help=fmt.euros(k["amount_eur"], cents=True))
ui.kpi(tiles[6], "€ par habitant", fmt.decimal(k["euros_per_inhabitant"], 1) + "\u00a0€")


@st.fragment
def map_and_ranking() -> None:
    metrics = repository.territory_metrics(filters)
    if metrics.empty:
        ui.empty("Aucun territoire pour ces filtres.")
        return
    layer = repository.territory_layer_url(filters.vintage, filters.region)
    outlines = repository.region_layer_url(filters.region)
    view_box = None if filters.region is None else maps.fit_view(repository.region_layer(filters.region))
    left, right = st.columns([3, 2])
    metric = ui.metric_select(right)
    scale = right.radio("Échelle de couleur", list(maps.SCALES), format_func=maps.SCALES.get, horizontal=True,
                        key="map_scale", help="Quantiles : chaque couleur regroupe le même nombre de territoires "
                        "(quelques très grandes valeurs ne tassent plus toutes les autres dans une seule couleur).")
    with left:
        insets = (" Outre-mer en encarts à gauche, nommés (échelle non respectée)."
                  if filters.region is None else "")
        st.caption(f"Carte : territoires colorés selon « {METRICS[metric].label} ».{insets} "
                   "Cliquez un territoire pour ouvrir sa fiche.")
        event = st.plotly_chart(
            maps.choropleth(metrics, layer, metric, outlines, view=view_box, scale=scale,
                            insets=filters.region is None, height=520),
            key="national_map", on_select="rerun", selection_mode="points", config=maps.CONFIG,
        )
        points = event.selection.points if event and event.selection else []
        if points:
            ui.set_territory(points[0]["location"])
            st.switch_page("pages/territoire.py")
    with right:
        ranked = metrics.sort_values(metric, ascending=False).reset_index(drop=True)
        ranked.insert(0, "rang", range(1, len(ranked) + 1))
        table = ui.french_table(
            ranked, {metric: METRICS[metric].value_format},
            {"rang": "Rang", "nom": "Territoire", "nom_reg": "Région", metric: METRICS[metric].label})
        st.caption("Classement (équivalent tabulaire de la carte) : sélectionnez une ligne pour ouvrir la fiche.")
        selection = st.dataframe(table, hide_index=True, height=560, on_select="rerun",
                                 selection_mode="single-row", key="ranking")
        rows = selection.selection.rows if selection else []
        if rows:
            ui.set_territory(ranked.loc[rows[0], "id_ti"])
            st.switch_page("pages/territoire.py")


map_and_ranking()
params = {"vintage": filters.vintage, "region": filters.region, "scheme": filters.scheme, "year": filters.year}
ui.show_sql("kpis", params)
ui.show_sql("territory_metrics", params)
