"""Vue nationale: KPI strip, choropleth of the territories and ranking table."""
import streamlit as st

from tidash import formatting as fmt
from tidash import maps, panels, repository, svg_map, ui
from tidash.metrics import METRICS, metric_source, per_inhabitant_scope

view = ui.current_view()
filters = view.filters

st.title("Territoires d'industrie — vue nationale")
st.caption(ui.scope_caption(filters))
ui.region_meaning_caption(filters)

k = repository.kpis(filters)
tiles = st.columns(7)
ui.kpi(tiles[0], "Territoires", fmt.integer(k["n_territories"]))
ui.kpi(tiles[1], "EPCI et EPT", fmt.integer(k["n_epci"]))
ui.kpi(tiles[2], "Communes", fmt.integer(k["n_communes"]))
ui.kpi(tiles[3], "Habitants", fmt.integer(k["population"]), help="Population légale 2020 (COG 2023)")
ui.kpi(tiles[4], "Projets financés", ui.figure(k["n_projects"], fmt.integer, tile=True), help="Projets Fonds vert situés dans les territoires")
ui.kpi(tiles[5], "Montant engagé", ui.figure(k["amount_eur"], fmt.euros_compact, tile=True), help=ui.figure(k["amount_eur"], lambda v: fmt.euros(v, cents=True)))
per_inhabitant, per_inhabitant_help = per_inhabitant_scope(k)
ui.kpi(tiles[6], per_inhabitant, ui.figure(k["euros_per_inhabitant"], fmt.euros_per_inhabitant, tile=True),
       help=per_inhabitant_help)
relance_tiles = st.columns([1.4, 1.4, 3.2], vertical_alignment="center")
ui.kpi(relance_tiles[0], "Projets France Relance", fmt.integer(k["n_relance"]), help=metric_source("n_relance"))
ui.kpi(relance_tiles[1], "dont fonds TI", fmt.integer(k["n_relance_ti"]), help=metric_source("n_relance_ti"))
relance_tiles[2].caption(repository.sources_line(filters))
ui.show_funding_gap(filters)


@st.fragment
def map_and_ranking() -> None:
    ui.rerun_page_if_republished()
    metrics = repository.territory_metrics(filters)
    if metrics.empty:
        ui.empty("Aucun territoire pour ces filtres.")
        return
    if metrics[st.session_state["metric"]].isna().all():  # no data is not zero: no map, no ranking of zeros
        ui.metric_select(st)
        ui.empty(f"Pas de données pour « {METRICS[st.session_state['metric']].label} » avec ces filtres : "
                 "ni carte ni classement. Choisissez la population, une autre année ou une autre région.")
        return
    left, right = st.columns([5, 4])  # the ranking wide enough for long territory and région names at 1920
    metric = ui.metric_select(right)
    scale = right.radio("Échelle de couleur", list(maps.SCALES), format_func=maps.SCALES.get, horizontal=True,
                        key="map_scale", help="Quantiles : chaque couleur regroupe le même nombre de territoires "
                        "(quelques très grandes valeurs ne tassent plus toutes les autres dans une seule couleur).")
    with left:
        insets = " Outre-mer en encarts à gauche, nommés (échelle non respectée)." if filters.region is None else ""
        st.caption(f"Carte : territoires colorés selon « {METRICS[metric].label} » "
                   f"({metric_source(metric, filters.year)}).{insets} "
                   "Cliquez un territoire pour ouvrir sa fiche ; molette : zoom, glisser : déplacer.")
        clicked = svg_map.show(repository.territories_map(filters, metric, scale), key="national_map")
        if clicked:
            ui.open_profile(clicked)
    with right:
        # Ties share a rank (« ex aequo »), as on the profile.
        ranked, table = repository.ranking_table(filters, metric, ui.national_ranking_labels(metric))
        st.caption("Classement (équivalent tabulaire de la carte) : sélectionnez une ligne pour ouvrir la fiche."
                   + ui.unranked_note(len(metrics) - len(ranked)))
        selection = st.dataframe(table, hide_index=True, height=ui.table_height(len(table), 560), on_select="rerun",
                                 selection_mode="single-row", key="ranking",
                                 column_config=panels.column_widths(
                                     {"Rang": 52, "Territoire": 250, "Région": 175, METRICS[metric].label: 120},
                                     pinned=("Rang",)))
        rows = selection.selection.rows if selection else []
        if rows:
            ui.open_profile(ranked.loc[rows[0], "id_ti"])


map_and_ranking()
ui.show_sql("kpis")
ui.show_sql("territory_metrics")
