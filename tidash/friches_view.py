"""The « Foncier : friches » blocks drawn by the pages (territory, régions, comparer, données):
Cartofriches (Cerema), an inventory of reported brownfield sites, never added to funding."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from tidash import formatting as fmt
from tidash import maps, panels, ranking, repository, svg_map, ui
from tidash.extracts.friches import DATA_DATE, INDUSTRIAL_RULE
from tidash.sources import FRICHES_ATTRIBUTION, SOURCE_LABELS
from tidash.state import Filters
from tidash.vintages import label as vintage_label

DATA_DATE_FR = fmt.date_fr(DATA_DATE)
STATUS_LABELS = maps.FRICHE_STATUS_LABELS
SHORT_STATUS = {"potentielle": "potentielle (non vérifiée)", "sans projet": "sans projet",
                "avec projet": "avec projet", "reconvertie": "reconvertie"}
SITUATION_LABELS = {"inside": "dans un territoire", "outside": "hors territoire", "unresolved": "non rattachée"}
HONEST_NOTE = (
    f"Cartofriches est l'inventaire national des sites **signalés** (Cerema, données au {DATA_DATE_FR}) : il ne "
    "recense pas toutes les friches, et le nombre de sites d'un territoire dépend aussi des observatoires locaux "
    "qui les signalent. Une « friche potentielle » est un site issu des bases nationales (Basias, Basol) que "
    f"personne n'a encore vérifié. {FRICHES_ATTRIBUTION}."
)


def territory_section(filters: Filters, id_ti: str) -> None:
    st.subheader("Foncier : friches")
    st.caption(HONEST_NOTE)
    summary = repository.friches_by_territory(filters.vintage).set_index("id_ti")
    if id_ti not in summary.index:
        ui.empty("Ce territoire n'existe pas pour ce millésime.")
        return
    row = summary.loc[id_ti]
    tiles = st.columns(5)
    ui.kpi(tiles[0], "Friches recensées", fmt.integer(row["n_friches"]), help="Sites de l'inventaire Cartofriches "
           "situés dans les communes du territoire, tous statuts")
    ui.kpi(tiles[1], "Sans projet", fmt.integer(row["n_friches_sans_projet"]))
    ui.kpi(tiles[2], "Avec projet", fmt.integer(row["n_friches_avec_projet"]))
    ui.kpi(tiles[3], "Sites industriels", fmt.integer(row["n_friches_industrielles"]),
           help=f"Règle de ce tableau de bord : {INDUSTRIAL_RULE}.")
    ui.kpi(tiles[4], "Surface connue", fmt.hectares(row["friches_surface_ha"]))
    tiles[4].caption(f"{fmt.count(row['n_friches_sans_surface'], 'site')} sans surface connue")
    metrics = repository.territory_metrics(filters, whole_country=True)
    standing = ranking.standing(metrics, id_ti, "n_friches_sans_projet")
    if standing:
        tiles[1].caption(f"Rang {standing.rank_national}/{standing.n_national} en France · "
                         f"médiane : {fmt.integer(standing.median_national)}")
    tiles[0].caption(f"dont {fmt.count(row['n_friches_potentielles'], 'potentielle')}, "
                     f"{fmt.count(row['n_friches_reconverties'], 'reconvertie')}")
    tiles[3].caption(f"{fmt.count(row['n_friches_fonds_friches'], 'site candidat', 'sites candidats')} au Fonds friches")
    if row["n_friches"] == 0:
        ui.empty("Aucun site de l'inventaire Cartofriches dans les communes de ce territoire "
                 f"(inventaire des sites signalés au {DATA_DATE_FR}).")
        _land_recycling(filters, id_ti)
        return

    sites = repository.territory_friches(filters.vintage, id_ti)
    counts = repository.territory_friches_counts(filters.vintage, id_ti)
    left, right = st.columns([3, 2])
    with left:
        colours = " · ".join(f"{name} : {STATUS_LABELS[s]}" for s, (_, name) in maps.FRICHE_STATUS_COLOURS.items())
        st.caption(f"Carte : friches du territoire, une par point, couleur selon le statut ({colours}) ; "
                   "taille selon la surface connue ; contours des membres du territoire.")
        svg_map.show_points(repository.territory_points_map("friches", filters, id_ti), key="friches_map")
    with right:
        by_status = counts[counts["dimension"] == "statut"].assign(
            colour=lambda f: f["value"].map(lambda s: maps.FRICHE_STATUS_COLOURS[s][1]))
        # A few rows each: static tables (no grid to draw, no empty rows under the last one); st.table reads
        # Markdown, so the source's type names are made inert (ui.safe_text).
        st.caption("Friches par statut (couleur sur la carte)")
        st.table(ui.french_table(by_status, {"value": SHORT_STATUS.get, "n_sites": fmt.integer, "surface_ha": fmt.hectares},
                                 {"value": "Statut", "colour": "Couleur", "n_sites": "Sites",
                                  "surface_ha": "Surface"}), hide_index=True)
        st.caption("Friches par type (« inconnu » : type non renseigné par la source)")
        by_type = counts[counts["dimension"] == "type"]
        st.table(ui.french_table(by_type, {"value": lambda v: ui.safe_text(v) if pd.notna(v) else fmt.MISSING,
                                           "n_sites": fmt.integer, "surface_ha": fmt.hectares},
                                 {"value": "Type", "n_sites": "Sites", "surface_ha": "Surface connue"}),
                 hide_index=True)
    st.caption(f"Les {fmt.integer(len(sites))} friches du territoire (sans projet d'abord, puis par surface)")
    # Short headers and values so that the ten columns are readable at 1366×768 (904 px); each
    # shortened header says its whole meaning in its tooltip.
    st.dataframe(ui.french_table(sites, {
        "surface_ha": fmt.hectares, "fonds_friches_candidat": {True: "oui", False: "non"}.get,
        "industriel": {True: "oui", False: "non"}.get, "date_actualisation": lambda d: fmt.date_fr(d, "short"),
        "activite": lambda a: a if isinstance(a, str) else "non renseignée",
    }, {"nom": "Site", "commune": "Commune", "statut": "Statut", "type": "Type", "surface_ha": "Surface",
        "activite": "Activité", "pollution": "Pollution", "industriel": "Industriel",
        "fonds_friches_candidat": "Fonds friches", "date_actualisation": "Mise à jour"}), hide_index=True,
        height=ui.table_height(len(sites), 400),
        column_config=panels.column_widths(
            {"Site": 146, "Commune": 104, "Statut": 90, "Type": 108, "Surface": 66, "Activité": 78,
             "Pollution": 74, "Industriel": 68, "Fonds friches": 84, "Mise à jour": 82},
            helps={"Statut": "Statut du site dans l'inventaire (« potentielle » : non vérifiée)",
                   "Activité": "Activité ancienne du site", "Pollution": "Pollution des sols",
                   "Industriel": "Site industriel (règle sous le tableau)",
                   "Fonds friches": "Candidat au Fonds friches", "Mise à jour": "Date de mise à jour du site dans l'inventaire"}))
    st.caption(f"« Site industriel » : {INDUSTRIAL_RULE}. Surfaces : surface du site déclarée dans "
               "l'inventaire, telle quelle (quelques sites en France déclarent des milliers d'hectares).")
    ui.show_sql("territory_friches")
    _land_recycling(filters, id_ti)


def no_recycling_data(filters: Filters) -> str:
    """Said where the « Recyclage foncier » projects would be when no list covers the région."""
    return f"Fonds vert ({fmt.year_scope(filters.year)}) : pas de données de projets pour sa région, ce n'est pas zéro"


def _land_recycling(filters: Filters, id_ti: str) -> None:
    recycling = repository.territory_land_recycling(filters, id_ti)
    st.markdown("**Fonds vert « Recyclage foncier » dans le territoire** "
                f"(projets financés situés dans ses communes, {fmt.year_scope(filters.year)})")
    if recycling.empty and not repository.has_funding_data(filters, id_ti):  # no data is not zero
        ui.empty(no_recycling_data(filters) + ".")
    elif recycling.empty:
        ui.empty("Aucun projet Fonds vert « Recyclage foncier » situé dans ce territoire pour ces filtres.")
    else:
        cols = st.columns(max(len(recycling), 2))
        for col, (_, r) in zip(cols, recycling.iterrows()):
            ui.kpi(col, f"{SOURCE_LABELS.get(r['source'], r['source'])}",
                   f"{fmt.count(r['n_projects'], 'projet')} · {fmt.euros_compact(r['amount_eur'])}",
                   help=fmt.euros(r["amount_eur"], cents=True))
    st.caption("Ces projets financés sont montrés à côté des friches, jamais additionnés : un projet de recyclage "
               "foncier n'est pas relié à un site de l'inventaire, et un nombre de sites n'est pas un montant.")
    ui.show_sql("territory_land_recycling")


def region_section(vintage: str, region: str) -> None:
    st.subheader("Foncier : friches dans les territoires de la région")
    summary = repository.region_friches(vintage, region).set_index("scope")
    reg, nat = summary.loc["region"], summary.loc["national"]
    tiles = st.columns(4)
    for tile, column, label in ((tiles[0], "n_friches", "Friches recensées"),
                                (tiles[1], "n_friches_sans_projet", "Sans projet"),
                                (tiles[2], "n_friches_industrielles", "Sites industriels")):
        ui.kpi(tile, label, fmt.integer(reg[column]))
        share = fmt.percent(reg[column] / nat[column]) if nat[column] else fmt.MISSING
        tile.caption(f"{share} du total des territoires ({fmt.integer(nat[column])})")
    ui.kpi(tiles[3], "Surface connue", fmt.hectares(reg["friches_surface_ha"]))
    tiles[3].caption(f"{fmt.count(reg['n_friches_sans_surface'], 'site')} sans surface connue")
    st.caption(f"{HONEST_NOTE} « Site industriel » : {INDUSTRIAL_RULE}.")
    ui.show_sql("region_friches")


def comparison_table(table: pd.DataFrame) -> None:
    """The compared territories' friches (columns of territory_metrics)."""
    st.caption(f"Foncier : friches de l'inventaire Cartofriches (Cerema, données au {DATA_DATE_FR}) — sites signalés, "
               "pas toutes les friches ; « site industriel » : voir la fiche territoire.")
    st.dataframe(ui.french_table(table, {
        "n_friches": fmt.integer, "n_friches_sans_projet": fmt.integer, "n_friches_industrielles": fmt.integer,
        "friches_surface_ha": fmt.hectares, "n_friches_sans_surface": fmt.integer,
    }, {"nom": "Territoire", "n_friches": "Friches recensées", "n_friches_sans_projet": "Sans projet",
        "n_friches_industrielles": "Sites industriels", "friches_surface_ha": "Surface connue",
        "n_friches_sans_surface": "Sites sans surface"}), hide_index=True)


def reconciliation_section() -> None:
    st.subheader("Friches (Cartofriches) : rattachement aux territoires")
    table = repository.friches_reconciliation()
    st.dataframe(ui.french_table(table, {
        "vintage": vintage_label, "status": SITUATION_LABELS.get, "n_sites": fmt.integer, "n_sites_with_surface": fmt.integer,
        "surface_ha": fmt.hectares, "share_of_sites": fmt.percent, "source_sites": fmt.integer,
    }, {"vintage": "Périmètre", "status": "Situation", "n_sites": "Sites", "share_of_sites": "Part des sites",
        "n_sites_with_surface": "Sites avec surface", "surface_ha": "Surface connue",
        "source_sites": "Sites de l'inventaire"}), hide_index=True)
    st.caption("Pour chaque périmètre : dans un territoire + hors territoire + non rattachées = toutes les friches "
               "de l'inventaire (vérifié à la construction et par les tests). Le code commune de chaque site suit "
               "le COG de sa date de signalement : il est ramené au COG 2023 par l'historique des communes. "
               f"{FRICHES_ATTRIBUTION}, données au {DATA_DATE_FR}.")
    ui.show_sql("friches_reconciliation")
