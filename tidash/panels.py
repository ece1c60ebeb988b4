"""Page sections for two project lists shown next to the Fonds vert:

- France Relance industrial projects (DGE list): a COUNT source, no amounts, never added to euros;
- the programme ledger imported through the contract (docs/contrat-suivi-projets.md).

Each section names its source and its years on every figure. Pages call these functions; the
data comes from tidash.repository (SQL in queries/)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from tidash import charts, html_bars, maps, ranking, repository, svg_map, ui
from tidash import formatting as fmt
from tidash.charts import STATUS_LABELS
from tidash.metrics import RELANCE, metric_source
from tidash.sources import SOURCE_LABELS
from tidash.state import Filters
from tidash.vintages import label as vintage_label

RELANCE_DIMENSIONS = {"measure": "mesure", "filiere": "filière", "company_type": "taille d'entreprise",
                      "year": "année de publication dans la liste"}
LEDGER_DIMENSIONS = {"axis": "axe", "status": "statut", "operator": "opérateur ou dispositif",
                     "territory": "territoire", "region": "région"}
LEDGER_SOURCE = "Suivi des projets du programme (fichier importé, contrat docs/contrat-suivi-projets.md)"
# Read by officials: who does what, no shell command (the data team's steps are in the contract).
LOAD_LEDGER = ("Pour en charger un : l'équipe données remplit le modèle de suivi des projets fourni avec l'outil "
               "et l'importe (page « Données » ; mode d'emploi : docs/contrat-suivi-projets.md).")
RELANCE_NOTE = ("Liste de la DGE : un projet par ligne, **sans montant** (jamais additionnée aux euros du Fonds vert). "
                "Chaque projet est placé par son point GPS dans sa commune ; les filtres « Dispositif » et « Année » "
                "ne s'appliquent pas à cette liste (projets publiés de février 2021 à mars 2022).")


def sources_line_text(filters: Filters, whole_country: bool = False) -> str:
    """Which source each figure of a page counts (counts and amounts never mixed); when the
    filters add several funding lists, the split by list. Pages read it through
    repository.sources_line (built once per catalogue version and view)."""
    line = f"Montants, projets financés et € par habitant : {metric_source('amount_eur', filters.year)}"
    scope = filters.whole_country() if whole_country else filters
    by_source = repository.funding_by_year(scope)
    if filters.year is not None:
        by_source = by_source[by_source["year"] == filters.year]
    if by_source["source"].nunique() > 1:
        line += " — dont " + ui.projects_by_list(by_source["source"], by_source["n_projects"], by_source["amount_eur"])
    return line + (f". Projets France Relance : {RELANCE}, comptés, sans montant (jamais additionnés aux euros).")


# France Relance ---------------------------------------------------------------------------

def _status_tiles(frame: pd.DataFrame) -> None:
    tiles = st.columns(3)
    total = int(frame["n_projects"].sum())
    for tile, status in zip(tiles, STATUS_LABELS):
        part = frame[frame["status"] == status]
        count, ti = int(part["n_projects"].sum()), int(part["n_ti_fund"].sum())
        ui.kpi(tile, f"France Relance — {STATUS_LABELS[status].lower()}", fmt.integer(count))
        tile.caption(f"{fmt.percent(count / total) if total else '—'} des {fmt.integer(total)} projets · "
                     f"dont {fmt.integer(ti)} du fonds Territoires d'industrie")


def relance_funding_section(filters: Filters) -> None:
    """Financements: counts by measure, filière, company size and year, inside / outside / unresolved."""
    st.subheader("France Relance — projets industriels (comptés, sans montant)")
    st.caption(f"Source : {SOURCE_LABELS['france_relance_industrie']}. " + RELANCE_NOTE
               + (" Filtre région : les projets des territoires de la région ; un projet hors de tout territoire "
                  "compte pour la région de son point GPS." if filters.region else ""))
    by_year = repository.relance_breakdown(filters.vintage, "year", filters.region)
    if by_year.empty:
        ui.empty("Aucun projet France Relance industrie dans cette région.")
        return
    _status_tiles(by_year)
    tabs = st.tabs([f"Par {label}" for label in RELANCE_DIMENSIONS.values()])
    for tab, (dimension, label) in zip(tabs, RELANCE_DIMENSIONS.items()):
        frame = by_year if dimension == "year" else repository.relance_breakdown(filters.vintage, dimension,
                                                                                  filters.region)
        with tab:
            st.plotly_chart(charts.stacked_status_counts(frame, "value", f"{RELANCE} : projets par {label}"),
                            config=charts.PLOTLY_CONFIG, key=f"relance_{dimension}")
            table = frame.pivot_table(index="value", columns="status", values="n_projects", aggfunc="sum",
                                      fill_value=0).reindex(columns=list(STATUS_LABELS), fill_value=0)
            table["total"] = table.sum(axis=1)
            table["n_ti_fund"] = frame.groupby("value")["n_ti_fund"].sum()
            table = table.reset_index().sort_values("total", ascending=False)
            st.dataframe(ui.french_table(table, {c: fmt.integer for c in [*STATUS_LABELS, "total", "n_ti_fund"]},
                                         {"value": label.capitalize(), **STATUS_LABELS, "total": "Total (projets)",
                                          "n_ti_fund": "dont fonds TI"}), hide_index=True,
                         column_config=column_widths({label.capitalize(): 300, **{v: 110 for v in STATUS_LABELS.values()},
                                                      "Total (projets)": 110, "dont fonds TI": 120},
                                                     helps={"dont fonds TI": "dont projets du fonds Territoires d'industrie : mesure "
                                                            "« Soutien à l'investissement industriel dans les "
                                                            "territoires » (France Relance)"}))
    ui.show_sql("relance_breakdown")


def relance_territory_section(filters: Filters, id_ti: str, metrics: pd.DataFrame) -> None:
    """Territory profile: counts with rank, the projects as points at their GPS position, a table."""
    st.subheader("France Relance — projets industriels du territoire")
    st.caption(f"Source : {SOURCE_LABELS['france_relance_industrie']}. " + RELANCE_NOTE)
    tiles = st.columns(2)
    for tile, column in zip(tiles, ("n_relance", "n_relance_ti")):
        s = ranking.standing(metrics, id_ti, column)
        label = "Projets France Relance industrie" if column == "n_relance" else "dont fonds TI"
        ui.kpi(tile, label, fmt.integer(s.value), help=metric_source(column))
        tile.caption(f"Rang {s.regional()} dans la région · {s.national()} en "
                     f"France · médiane nationale : {fmt.integer(s.median_national)}")
    projects = repository.relance_projects(filters.vintage, id_ti=id_ti, status="inside")
    if projects.empty:
        ui.empty("Aucun projet de la liste France Relance industrie n'a son point GPS dans ce territoire.")
        return
    left, right = st.columns([3, 2])
    with left:
        st.caption("Carte : membres du territoire (bleu) et projets France Relance à leur point GPS "
                   "(vermillon : fonds Territoires d'industrie ; vert : autres mesures ; les barres ont les mêmes couleurs). "
                   "Survolez un point.")
        svg_map.show_points(repository.territory_points_map("relance", filters, id_ti), key="relance_map")
    with right:
        st.html(html_bars.horizontal_bars(maps.relance_by_measure(projects), "measure", "n",
                                          "Projets par mesure (France Relance)",  # colours: the map legend beside
                                          value_format=fmt.integer, colour_column="colour"))
    st.caption("Projets (équivalent tabulaire de la carte)")
    st.dataframe(ui.french_table(projects, {"is_ti_fund": fmt.yes_no},
                                 {"company": "Entreprise", "measure": "Mesure", "is_ti_fund": "Fonds TI",
                                  "filiere": "Filière", "company_type": "Taille", "year": "Année",
                                  "nom_com": "Commune (GPS)", "description": "Description (début)"}),
                 hide_index=True,
                 column_config=column_widths({"Entreprise": 150, "Mesure": 170, "Fonds TI": 70, "Filière": 110,
                                              "Taille": 70, "Année": 56, "Commune (GPS)": 110,
                                              "Description (début)": 140}))
    ui.show_sql("relance_projects")


def relance_project_list(filters: Filters, names: dict[str, str]) -> None:
    """Projets page, source « France Relance »: every row, filterable, downloadable."""
    st.caption(f"Source : {SOURCE_LABELS['france_relance_industrie']}. " + RELANCE_NOTE)
    measures = repository.relance_breakdown(filters.vintage, "measure")["value"].drop_duplicates().tolist()
    row = st.columns([2, 2, 1, 2])
    territory = ui.optional_select(row[0], "Territoire", sorted(names, key=names.get), "relance_territory",
                                   "Tous les territoires", names.get)
    measure = ui.optional_select(row[1], "Mesure", measures, "relance_measure", "Toutes les mesures")
    status = ui.optional_select(row[2], "Situation", STATUS_LABELS, "relance_status", "Toutes", STATUS_LABELS.get)
    text = row[3].text_input("Recherche (entreprise, description)", key="relance_text")
    projects = repository.relance_projects(filters.vintage, id_ti=territory, region=filters.region, measure=measure,
                                           status=status, text=text or None)
    if projects.empty:
        ui.empty("Aucun projet France Relance ne correspond à ces filtres.")
        return
    unresolved = int((projects["status"] == "unresolved").sum())
    st.write(f"**{fmt.integer(len(projects))}** projets France Relance industrie (sans montant) · dont "
             f"{fmt.integer(int(projects['is_ti_fund'].sum()))} du fonds Territoires d'industrie"
             + (f" · {fmt.integer(unresolved)} non rattachés (raison dans la colonne « Raison »)" if unresolved else ""))
    # Where each project stands first: « Situation » was off screen to the right, even at 1920.
    labels = {"company": "Entreprise", "measure": "Mesure", "is_ti_fund": "Fonds TI", "territory": "Territoire",
              "status": "Situation", "year": "Année", "filiere": "Filière", "company_type": "Taille",
              "nom_com": "Commune du point", "nom_dep": "Département du point", "description": "Description (début)",
              "reason": "Raison", "siren": "SIREN", "project_id": "Identifiant"}
    st.dataframe(ui.french_table(projects, {"status": STATUS_LABELS.get, "is_ti_fund": fmt.yes_no},
                                 labels), hide_index=True, height=560,
                 column_config=column_widths({"Entreprise": 170, "Mesure": 170, "Fonds TI": 70, "Territoire": 130,
                                              "Situation": 125, "Année": 56}))
    left, right, _ = st.columns([1, 1, 3])  # « Télécharger en XLSX » on one line at 1366
    # built when a download is asked for, not at every rerun of the page
    left.download_button("Télécharger en CSV", lambda: ui.csv_bytes(ui.export_table(projects, labels)),
                         "projets_france_relance.csv", "text/csv")
    right.download_button("Télécharger en XLSX", lambda: ui.xlsx_bytes(ui.export_table(projects, labels)),
                          "projets_france_relance.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    ui.show_sql("relance_projects")


def relance_data_section() -> None:
    """Données: reconciliation per vintage and the rows whose point does not confirm the département."""
    st.subheader("France Relance — projets industriels : rattachement par point GPS")
    reconciliation = repository.relance_reconciliation()
    st.dataframe(ui.french_table(reconciliation, {
        "vintage": vintage_label, "status": STATUS_LABELS.get, "n_projects": fmt.integer, "n_ti_fund": fmt.integer,
        "source_projects": fmt.integer, "source_ti_fund": fmt.integer},
        {"vintage": "Périmètre", "status": "Situation", "n_projects": "Projets", "n_ti_fund": "dont fonds TI",
         "source_projects": "Lignes du fichier", "source_ti_fund": "dont fonds TI (fichier)"}), hide_index=True)
    st.caption("Pour chaque périmètre : dans les territoires + hors territoire + non rattaché = lignes du fichier "
               "(vérifié à la construction et par les tests). Liste sans montant : seuls des projets sont comptés.")
    checks = repository.relance_departement_checks()
    counts = checks["dep_check"].value_counts()
    differ = int(counts.get("différent", 0))
    st.write(f"**{fmt.integer(differ)}** projets dont le point GPS est dans un autre département que celui de la "
             f"ligne (le point est conservé) ; {fmt.integer(int(counts.get('département de la ligne absent', 0)))} "
             f"lignes sans département (points en Corse) ; {fmt.integer(int(counts.get('point hors commune', 0)))} points hors "
             f"de toute commune et {fmt.integer(int(counts.get('sans point', 0)))} lignes sans point (non rattachés).")
    with st.expander(f"Liste des {fmt.integer(len(checks))} lignes dont le point ne confirme pas le département"):
        st.dataframe(ui.french_table(checks, {}, {
            "dep_check": "Contrôle", "company": "Entreprise", "measure": "Mesure",
            "code_dep_source": "Dép. de la ligne", "nom_dep_source": "Département (ligne)",
            "code_dep_point": "Dép. du point", "nom_dep_point": "Département (point)",
            "commune_point": "Commune du point"}), hide_index=True)
    ui.show_sql("relance_departement_checks")


# The programme ledger ---------------------------------------------------------------------

def ledger_section(vintage: str, region: str | None = None, id_ti: str | None = None) -> None:
    """By axis, status, operator, committed vs paid, per territory and région; says how to load one."""
    st.subheader("Suivi des projets du programme (fichier importé)")
    loaded = repository.programme_ledger_rows()
    if loaded.empty:
        ui.empty("Aucun suivi des projets du programme n'est chargé : les projets soutenus par le programme "
                 "(ANCT, DGE, Régions) apparaîtront ici par axe, statut, opérateur, montant engagé et versé. "
                 + LOAD_LEDGER)
        return
    rows = repository.programme_ledger_projects(vintage, region=region, id_ti=id_ti)
    elsewhere = loaded[loaded["vintage"] != vintage]
    other = (" Autres millésimes du fichier : " + ", ".join(f"{v} ({fmt.integer(n)} projet{'s' if n > 1 else ''})" for v, n in
                                                         zip(elsewhere["vintage"], elsewhere["n_projects"]))
             + ".") if not elsewhere.empty else ""
    st.caption(f"Source : {LEDGER_SOURCE}, projets du millésime {vintage}.{other} Montants déclarés par le "
               "producteur du fichier, jamais additionnés au Fonds vert.")
    if rows.empty:
        ui.empty("Le suivi importé ne contient aucun projet pour ce périmètre." + other)
        return
    committed = rows["amount_committed_eur"].dropna().sum()
    paid = rows["amount_paid_eur"].dropna()
    tiles = st.columns(3)
    ui.kpi(tiles[0], "Projets suivis", fmt.integer(len(rows)), help=LEDGER_SOURCE)
    ui.kpi(tiles[1], "Montant engagé (suivi)", fmt.euros_compact(committed), help=fmt.euros(committed, cents=True))
    ui.kpi(tiles[2], "Montant versé (suivi)", fmt.euros_compact(paid.sum()) if len(paid) else "non renseigné",
           help=fmt.euros(paid.sum(), cents=True) if len(paid) else None)
    tiles[2].caption(f"Versé renseigné pour {fmt.integer(len(paid))} des {fmt.integer(len(rows))} projets")
    dimensions = [d for d in LEDGER_DIMENSIONS if not (id_ti and d in ("territory", "region"))
                  and not (region and d == "region")]
    tabs = st.tabs([f"Par {LEDGER_DIMENSIONS[d]}" for d in dimensions])
    for tab, dimension in zip(tabs, dimensions):
        frame = repository.programme_ledger(vintage, dimension, region=region, id_ti=id_ti)
        with tab:
            # A paid amount nobody reported stays empty (« — »), never a bar at 0 €.
            st.html(html_bars.grouped_bars(frame, "value", [("amount_committed_eur", "Engagé"),
                                                            ("amount_paid_eur", "Versé (renseigné)")],
                                           f"Suivi du programme : engagé et versé par {LEDGER_DIMENSIONS[dimension]}",
                                           missing="non renseigné"))  # as in the table under it
            st.dataframe(ui.french_table(frame, {
                "n_projects": fmt.integer, "amount_committed_eur": lambda v: fmt.euros(v, cents=True),
                "amount_paid_eur": lambda v: "non renseigné" if pd.isna(v) else fmt.euros(v, cents=True),
                "n_with_paid": fmt.integer},
                {"value": LEDGER_DIMENSIONS[dimension].capitalize(), "n_projects": "Projets",
                 "amount_committed_eur": "Engagé", "amount_paid_eur": "Versé", "n_with_paid": "Versé renseigné (projets)"}),
                hide_index=True)
    with st.expander(f"Projets du suivi ({fmt.integer(len(rows))})"):
        st.dataframe(ui.french_table(rows, {
            "amount_committed_eur": lambda v: fmt.euros(v, cents=True),
            "amount_paid_eur": lambda v: "non renseigné" if pd.isna(v) else fmt.euros(v, cents=True)},
            {"project_id": "Identifiant", "title": "Projet", "axis": "Axe", "operator": "Opérateur ou dispositif",
             "status": "Statut", "year": "Année", "amount_committed_eur": "Engagé", "amount_paid_eur": "Versé",
             "territory": "Territoire", "nom_reg": "Région", "id_ti_method": "Territoire trouvé par"}),
            hide_index=True)
    ui.show_sql("programme_ledger")


# Tables: every column visible at 1920×1080 and 1366×768 -----------------------------------
# A table's box is ≈ 1 458 px wide at 1920 and 904 px at 1366 (sidebar open); in a two-column
# layout (map | table) the table had 574 and 352 px, too narrow for its columns at 1366. Below
# 1600 px such a pair is stacked (map, then the table at full width), and each table's columns
# get widths in pixels that add up to less than its box at 1366: Streamlit shares the rest of a
# wider box between them (pinned columns keep their width). (No CSS comments: st.html.)
TABLES_CSS = """
<style>
@media (max-width: 1599px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stDataFrame"]) { flex-wrap: wrap; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stDataFrame"]) > [data-testid="stColumn"] {
    flex: 1 1 100% !important; width: 100% !important; min-width: 100%;
  }
}
</style>
"""


def tables_style() -> None:
    st.html(TABLES_CSS)  # our own stylesheet, no data in it


def column_widths(widths: dict[str, int], helps: dict[str, str] | None = None,
                  pinned: tuple[str, ...] = ()) -> dict:
    """st.dataframe column_config: each column's width in pixels (its header's full meaning in
    the header tooltip when the header is shortened)."""
    helps = helps or {}
    return {name: st.column_config.Column(width=width, help=helps.get(name), pinned=name in pinned or None)
            for name, width in widths.items()}
