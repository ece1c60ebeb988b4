"""Territoire: find a territory, its facts, members map, history, funding and projects."""
import streamlit as st

from tidash import formatting as fmt
from tidash import friches_view, html_bars, maps, panels, ranking, repository, svg_map, ui
from tidash.metrics import fonds_vert_label, metric_source
from tidash.state import PROFILE_SECTIONS, Filters
from tidash.vintages import VINTAGES

view = ui.current_view()
filters = view.filters
st.title("Fiche territoire")

metrics = repository.territory_metrics(filters, whole_country=True)
names = dict(zip(metrics["id_ti"], metrics["nom"]))

search_column, pick_column = st.columns(2)  # side by side: the profile starts higher on a 768 px screen
with search_column:
    search = st.text_input("Rechercher un territoire (nom, EPCI ou commune)",
                           placeholder="ex. Vallée de l'Arve, CC du Pays de Gex, Oyonnax…")
    if search.strip():
        found = repository.territory_search(filters.vintage, search)
        if found.empty:
            ui.empty(f"Aucun territoire du périmètre {VINTAGES[filters.vintage].label} ne correspond à cette recherche.")
        else:
            result_ids, labels = ui.search_results(found)  # one per territory: name, id, région said once
            # The click opens its territory before the page is drawn again (callback), not one run later.
            # A new search is a new, unselected list: no result of the previous search stays ticked.
            result_key = f"territory_search_choice:{filters.vintage}:{search.strip().lower()}"  # ids are per vintage
            # The options are the ids, not positions: a list of another vintage never reads an old choice
            # as a position in it (a stale position crashed the page after two vintage changes).
            result_labels = dict(zip(result_ids, labels))
            # Ticked: the territory shown, if it is a result (another chosen in the box untick it).
            shown = view.territories[0] if view.territories else None
            st.session_state[result_key] = shown if shown in result_ids else None
            st.radio("Résultats", result_ids, format_func=result_labels.get, index=None,
                     key=result_key, on_change=ui.open_search_result, args=(result_key, result_ids))

current = view.territories[0] if view.territories else None
if current not in names:
    current = None
ids = sorted(names, key=lambda i: names[i])
# A callback: the choice is the current territory before the page is drawn (the search result
# above is then ticked or not accordingly, not one run late).
st.session_state["_w_territory_pick"] = current
picked = pick_column.selectbox("Territoire", ids, key="_w_territory_pick", format_func=lambda i: f"{names[i]} ({i})",
                               placeholder="Choisissez un territoire",
                               on_change=lambda: ui.set_territory(st.session_state["_w_territory_pick"]))
ui.show_lineage_notes(picked)
if picked is None:
    ui.empty("Choisissez un territoire (ou cliquez-en un sur la carte nationale).")
    st.stop()

profile = repository.territory_profile(filters.vintage, picked)
st.header(f"{profile['nom']}")
st.caption(f"{picked} · {profile['nom_reg']} · {ui.scope_caption(filters, with_region=False)}")

facts = st.columns(5)
ui.kpi(facts[0], "Départements", fmt.short_list(profile["departements"].split(","), 2),
       help=", ".join(profile["departements"].split(",")))
ui.kpi(facts[1], "Membres", fmt.integer(profile["n_members"]), help="EPCI, EPT et communes isolées")
ui.kpi(facts[2], "Communes", fmt.integer(profile["n_communes"]))
ui.kpi(facts[3], "Habitants", fmt.integer(profile["population"]), help="Population légale 2020 (COG 2023)")
ui.kpi(facts[4], "Superficie", fmt.integer(profile["area_km2"]) + "\u00a0km²",
       help="Calculée sur les contours communaux simplifiés (IGN 2018)")

section = ui.persistent_widget(st.segmented_control, "Rubrique de la fiche", "profile_section", "_w_profile_section",
                               options=list(PROFILE_SECTIONS), format_func=PROFILE_SECTIONS.get, required=True,
                               help="Une rubrique à la fois : la fiche s'affiche plus vite sur un PC de salle de "
                                    "réunion. La rubrique est dans l'adresse de la page.")
ui.sync_url()  # the section is in the URL: a copied link opens the same section
region_filters = Filters(filters.vintage, profile["code_reg"], filters.scheme, filters.year)


def synthesis() -> None:
    st.subheader("Financements et rang")
    st.caption(f"Source : {metric_source('amount_eur', filters.year)}.")
    ui.show_funding_gap(region_filters, ranked_nationally=True)
    tiles = st.columns(3)
    for tile, column, label, value_format in (
        (tiles[0], "amount_eur", "Montant engagé", fmt.euros),
        (tiles[1], "euros_per_inhabitant", "€ par habitant", fmt.euros_per_inhabitant),
        (tiles[2], "n_projects", "Projets financés", fmt.integer),
    ):
        s = ranking.standing(metrics, picked, column)
        if s is None:  # no data for its région under the filters: not zero, not ranked
            ui.kpi(tile, label, ui.NO_DATA_TILE, help="Pas de données pour sa région avec ces filtres (ce n'est pas zéro).")
            continue
        ui.kpi(tile, label, value_format(s.value), help=metric_source(column, filters.year))
        tile.caption(f"Rang {s.regional()} dans la région · {s.national()} en France "
                     f"(au-dessus de {fmt.percent(s.percentile_national, 0)} des territoires) · "
                     f"médiane nationale : {value_format(s.median_national)}")
    members_map()


@st.fragment
def members_map() -> None:
    ui.rerun_page_if_republished()
    members = repository.territory_members(filters.vintage, picked)
    points = repository.territory_project_points(filters, picked)
    left, right = st.columns([3, 2])
    with left:
        st.caption("Carte : membres du territoire (polygones bleus) dans sa région (gris) et projets financés "
                   "(points orange, taille selon le montant, placés dans leur commune)."
                   + maps.unplaced_note(len(points), metrics.set_index("id_ti").at[picked, "n_projects"]))
        svg_map.show_points(repository.territory_points_map("projects", filters, picked), key="territory_map")
    with right:
        st.caption("Membres (équivalent tabulaire de la carte)")
        st.dataframe(ui.french_table(members, {"population": fmt.integer, "n_communes": fmt.integer},
                                     {"nom": "Membre", "type": "Type", "siren": "SIREN",
                                      "n_communes": "Communes", "population": "Habitants"}),
                     hide_index=True, height=ui.table_height(len(members), 480))
    if filters.vintage == "2020-10":
        st.caption("En 2020, la liste officielle ne donne que des communes : les membres sont les EPCI "
                   "(COG 2023) de ces communes.")


def history_section() -> None:
    st.subheader("Histoire du périmètre")
    history = repository.territory_history(filters.vintage, picked)
    if history.empty:
        ui.empty("Aucune commune résolue pour ce territoire.")
        return
    for vintage in VINTAGES:
        part = history[history["vintage"] == vintage]
        if vintage == filters.vintage:
            continue
        if part.empty:
            st.write(f"**{VINTAGES[vintage].label}** : aucune de ses communes n'était dans un territoire d'industrie.")
            continue
        best = part.iloc[0]
        share = best["n_shared_communes"] / best["n_communes_here"]
        others = len(part) - 1
        st.write(f"**{VINTAGES[vintage].label}** : {fmt.percent(share, 0)} de ses communes étaient dans "
                 f"« {ui.safe_text(best['nom'])} » ({best['id_ti']})"
                 + (f", les autres réparties dans {fmt.count(others, 'autre territoire', 'autres territoires')}." if others else "."))
        changes = repository.commune_differences(filters.vintage, picked, vintage, best["id_ti"])
        if not changes.empty:
            with st.expander(f"Communes entrées et sorties par rapport à {VINTAGES[vintage].label} ({len(changes)})"):
                st.dataframe(ui.french_table(changes, {"population": fmt.integer},
                                             {"change": "Mouvement", "insee_com": "Code", "nom": "Commune",
                                              "code_dep": "Dép.", "population": "Habitants"}), hide_index=True)


def fonds_vert_section() -> None:
    st.subheader("Financements")
    if ui.show_funding_gap(region_filters, ranked_nationally=True):  # no data at all, said once: nothing to show
        return
    by_measure = repository.funding_by_measure(filters, picked)
    if by_measure.empty:
        ui.empty("Aucun projet financé dans ce territoire pour ces filtres.")
    else:
        left, right = st.columns(2)
        left.html(html_bars.horizontal_bars(by_measure, "measure", "amount_eur",
                                            f"Montant engagé par mesure — {fonds_vert_label(filters.year)}"))
        by_year = repository.funding_by_year(filters, picked)
        right.html(html_bars.grouped_bars(by_year.assign(year=by_year["year"].astype(str)), "year",
                                          [("amount_eur", "Montant engagé")], "Montant engagé par année — Fonds vert"
                                          + (" (toutes les années)" if filters.year is not None else "")))
        missing_years = repository.years_without_data(filters, picked)
        if missing_years:
            right.caption(f"Pas de données pour sa région en {', '.join(map(str, missing_years))} "
                          "(aucune liste de projets ne la couvre cette année-là) : ce n'est pas zéro.")
        ui.show_sql("funding_by_measure")

    st.subheader("Projets du territoire")
    st.caption(f"Source : {metric_source('n_projects', filters.year)} (les projets France Relance sont dans "
               "la rubrique « France Relance »).")
    st.session_state.setdefault("profile_project_text", "")  # kept while another section is shown
    text = ui.persistent_widget(st.text_input, "Filtrer les projets (intitulé ou bénéficiaire)", "profile_project_text",
                                "territory_project_text")
    projects = repository.projects(filters, id_ti=picked, text=text or None)
    if projects.empty:
        ui.empty("Aucun projet pour ces filtres.")
    else:
        if int(projects["n_filtered"].iloc[0]) > len(projects):
            st.caption(f"{fmt.integer(len(projects))} premiers projets sur "
                       f"{fmt.integer(projects['n_filtered'].iloc[0])} (page Projets pour tout télécharger).")
        st.dataframe(ui.french_table(projects, {"amount_eur": lambda v: fmt.euros(v, cents=True)},
                                     {"title": "Projet", "beneficiary": "Bénéficiaire", "measure": "Mesure",
                                      "year": "Année", "nom_commune_source": "Commune", "amount_eur": "Montant engagé",
                                      "method": "Rattachement"}), hide_index=True,
                     column_config=panels.column_widths({"Projet": 226, "Bénéficiaire": 150, "Mesure": 140,
                                                         "Année": 56, "Commune": 100, "Montant engagé": 110,
                                                         "Rattachement": 94}))
    ui.show_sql("projects")


{
    "synthese": synthesis,
    "fonds-vert": fonds_vert_section,
    "relance": lambda: panels.relance_territory_section(filters, picked, metrics),
    "friches": lambda: friches_view.territory_section(filters, picked),
    "suivi": lambda: panels.ledger_section(filters.vintage, id_ti=picked),
    "histoire": history_section,
}[section]()
