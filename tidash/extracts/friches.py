"""Cartofriches (Cerema): the national inventory of reported brownfield sites, one row per
site, and where each site falls for each perimeter vintage.

The commune code of a site follows the COG of its report date: it is resolved to COG 2023
(the key of the perimeters) through the commune history. For each vintage a site is in a
territory, outside every territory, or not resolved (with the reason); no row is dropped and
inside + outside + not resolved = the number of sites of the file (checked here).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from tidash.extracts.perimeters import Perimeters
from tidash.extracts.reference import Reference

SOURCE_FILE = Path("contexte") / "cartofriches" / "cartofriches_sites_2024-03.csv"
DATA_DATE = "2024-02-13"  # latest update date in the table (PROVENANCE.md)

STATUSES = ("potentielle", "sans projet", "avec projet", "reconvertie")
# Spelling variants of the same type in the producer's table → one label (raw value kept).
TYPE_VARIANTS = {
    "friche d’habitat": "friche d'habitat",
    "friche d’habitation": "friche d'habitat",
    "friche d’équipement public": "friche d'équipement public",
    "friche loisir tourisme hotellerie": "friche loisir tourisme hôtellerie",
    "friche hospitaliere": "friche hospitalière",
    "agro-industrielle": "friche agro-industrielle",
    "carrière ou mine": "friche carrière ou mine",
    "friche mixte": "mixte",
}
INDUSTRIAL_TYPE = "friche industrielle"
# « Site industriel » (rule of this product): type « friche industrielle », or a former
# activity whose label is in the local observatories' « Industrie » category (« …|Industrie »)
# or starts with one of these manufacturing words (compared without accents or case).
INDUSTRIAL_PREFIXES = (
    "Fabrication", "Fonderie", "Forge", "Industrie", "Usine", "Métallurgie", "Sidérurgie",
    "Traitement de surface", "Traitement et revêtement des métaux", "Apprêt et tannage",
    "Ennoblissement textile", "Filature", "Tissage", "Chaudronnerie", "Mécanique industrielle",
    "Raffinage", "Imprimerie", "Sciage",
)
INDUSTRIAL_RULE = (
    "type « friche industrielle », ou activité ancienne industrielle : libellé de la catégorie "
    "« Industrie » des observatoires locaux, ou commençant par " + ", ".join(INDUSTRIAL_PREFIXES)
)

FRICHE_COLUMNS = [
    "site_id", "nom", "insee_com_source", "nom_commune_source", "insee_com", "code_dep", "code_reg",
    "statut", "type", "type_source", "activite", "activite_fin_annee", "surface_m2", "unite_fonciere_m2",
    "pollution", "fonds_friches_candidat", "ademe", "observatoire", "signale_par", "nature", "zone_urbanisme",
    "proprietaire", "date_identification", "date_actualisation", "industriel", "industriel_motif", "lon", "lat",
]


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


_PREFIXES = tuple(_plain(p) for p in INDUSTRIAL_PREFIXES)


def industrial_reason(site_type: str, activity: str | None) -> str | None:
    if site_type == INDUSTRIAL_TYPE:
        return "type"
    if isinstance(activity, str) and activity:
        if activity.rsplit("|", 1)[-1].strip() == "Industrie" and "|" in activity:
            return "activité (catégorie Industrie)"
        if _plain(activity).startswith(_PREFIXES):
            return "activité (libellé)"
    return None


def _text(series: pd.Series) -> pd.Series:
    cleaned = series.str.strip()
    return cleaned.where(cleaned != "", None)


def _date(series: pd.Series) -> pd.Series:
    dates = pd.to_datetime(series.where(series.str.match(r"^\d{4}-\d{2}-\d{2}$")), errors="coerce",
                           format="%Y-%m-%d")
    return dates.where(dates >= pd.Timestamp("1900-01-01")).dt.date


def _flag(series: pd.Series) -> pd.Series:
    unknown = sorted(set(series) - {"True", "False"})
    if unknown:
        raise ValueError(f"Cartofriches : valeurs booléennes inattendues {unknown[:5]}")
    return series == "True"


def read_source(sources: Path) -> pd.DataFrame:
    return pd.read_csv(sources / SOURCE_FILE, dtype=str, keep_default_na=False, encoding="utf-8")


def load_friches(sources: Path, reference: Reference) -> pd.DataFrame:
    raw = read_source(sources)
    statut = raw["site_statut"].str.removeprefix("friche ").str.strip()
    unknown = sorted(set(statut) - set(STATUSES))
    if unknown:
        raise ValueError(f"Cartofriches : statuts inattendus {unknown}")
    site_type = raw["site_type"].str.strip().replace(TYPE_VARIANTS)
    activity = _text(raw["activite_libelle"])
    reasons = [industrial_reason(t, a) for t, a in zip(site_type, activity)]
    frame = pd.DataFrame({
        "site_id": raw["site_id"],
        "nom": _text(raw["site_nom"]),
        "insee_com_source": _text(raw["comm_insee"]),
        "nom_commune_source": _text(raw["comm_nom"]),
        "statut": statut,
        "type": site_type,
        "type_source": raw["site_type"],
        "activite": activity,
        "activite_fin_annee": pd.to_numeric(_text(raw["activite_fin_annee"]), errors="coerce").astype("Int64"),
        "surface_m2": pd.to_numeric(_text(raw["site_surface"])),
        "unite_fonciere_m2": pd.to_numeric(_text(raw["unite_fonciere_surface"])),
        "pollution": _text(raw["sol_pollution_existe"]).fillna("inconnu"),
        "fonds_friches_candidat": _flag(raw["is_aap"]),
        "ademe": _flag(raw["is_ademe"]),
        "observatoire": _flag(raw["is_observatoire"]),
        "signale_par": _text(raw["nom_prodcartofriches"]),
        "nature": _text(raw["nature"]),
        "zone_urbanisme": _text(raw["urba_zone_type"]),
        "proprietaire": _text(raw["proprio_personne"]),
        "date_identification": _date(raw["site_identif_date"]),
        "date_actualisation": _date(raw["site_actu_date"]),
        "industriel": [r is not None for r in reasons],
        "industriel_motif": reasons,
        "lon": pd.to_numeric(raw["lon"]),
        "lat": pd.to_numeric(raw["lat"]),
    })
    if not frame["site_id"].is_unique:
        raise ValueError("Cartofriches : site_id en double")
    frame["insee_com"] = frame["insee_com_source"].map(reference.resolve_cog2023)
    communes = reference.communes_2023.set_index("insee_com")
    frame["code_dep"] = frame["insee_com"].map(communes["code_dep"])
    frame["code_reg"] = frame["insee_com"].map(communes["code_reg"])
    return frame[FRICHE_COLUMNS].sort_values("site_id", ignore_index=True)


def attach_friches(friches: pd.DataFrame, perimeters: Perimeters) -> pd.DataFrame:
    """One row per site and vintage: the territory of its commune, or outside, or not resolved."""
    parts = []
    for vintage, communes in perimeters.communes.groupby("vintage", sort=True):
        known = communes.dropna(subset=["insee_com"]).drop_duplicates("insee_com")
        territory = friches["insee_com"].map(dict(zip(known["insee_com"], known["id_ti"])))
        resolved = friches["insee_com"].notna()
        status = pd.Series("outside", index=friches.index).where(resolved, "unresolved")
        status = status.where(territory.isna(), "inside")
        reason = pd.Series(None, index=friches.index, dtype=object).where(
            resolved, "code commune " + friches["insee_com_source"].fillna("absent") + " inconnu du COG 2023")
        parts.append(pd.DataFrame({"site_id": friches["site_id"], "vintage": vintage, "id_ti": territory,
                                   "status": status, "reason": reason}))
    return pd.concat(parts, ignore_index=True)


def reconcile(friches: pd.DataFrame, attachments: pd.DataFrame) -> pd.DataFrame:
    """Per vintage and status: sites and known surface; inside + outside + unresolved = the file."""
    merged = attachments.merge(friches[["site_id", "surface_m2"]], on="site_id", validate="many_to_one")
    table = merged.groupby(["vintage", "status"], as_index=False).agg(
        n_sites=("site_id", "count"), n_sites_with_surface=("surface_m2", "count"),
        surface_ha=("surface_m2", lambda s: s.sum() / 10_000))
    # Every status appears for every vintage, with 0 where no site falls (a count, not missing data).
    grid = pd.MultiIndex.from_product([sorted(attachments["vintage"].unique()), ["inside", "outside", "unresolved"]],
                                      names=["vintage", "status"]).to_frame(index=False)
    table = grid.merge(table, on=["vintage", "status"], how="left")
    table[["n_sites", "n_sites_with_surface"]] = table[["n_sites", "n_sites_with_surface"]].fillna(0).astype("int64")
    table["surface_ha"] = table["surface_ha"].fillna(0.0)
    table["source_sites"] = len(friches)
    for vintage, part in table.groupby("vintage"):
        if part["n_sites"].sum() != len(friches):
            raise AssertionError(f"réconciliation Cartofriches en échec : {vintage}")
    return table
