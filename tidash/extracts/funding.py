"""Funded projects (one row per real project) and where each falls for each vintage.

Attachment order for a project and a vintage: its commune (resolved to COG 2023) is in a
territory → that territory; its commune is known and in none → outside; no usable commune
but the beneficiary's SIREN is a territory member (or a commune) → through that SIREN;
otherwise unresolved, with the reason. No row is ever dropped.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from tidash.extracts.perimeters import Perimeters
from tidash.extracts.reference import Reference

FONDS_VERT_2023 = "fonds_vert_2023"
FONDS_VERT_2024_PACA = "fonds_vert_2024_paca"
FONDS_VERT_2023_COLUMNS = [
    "nom_region", "code_departement", "nom_departement", "code_commune", "nom_commune", "axe",
    "numero_demarche_ds", "nom_demarche_ds", "numero_dossier_ds", "nom_du_projet",
    "nom_beneficiaire_principal", "siren", "montant_engage",
]
PROJECT_COLUMNS = [
    "project_id", "source", "scheme", "measure", "year", "amount_eur", "insee_com_source",
    "nom_commune_source", "insee_com", "code_dep", "code_reg", "beneficiary", "siren", "title",
    "dossier_id", "location_note",
]


def parse_amount(text: str, cents: bool = True) -> Decimal:
    """The one amount parser (embedded sources and imported files): exact euros from '1450',
    '23828.9', '1 234 567,89', '1.234.567,89' or '1234567.89 €', never through a float.
    Raises ValueError on anything else (text, exponents, NaN, infinity). With cents=False the
    value is not rounded (the importer checks its size first)."""
    cleaned = re.sub(r"[\s\u202f\xa0€]", "", str(text))
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(f"montant illisible : {str(text)[:40]!r}")
    value = Decimal(cleaned)
    return value.quantize(Decimal("0.01")) if cents else value


def _null(value: str) -> str | None:
    value = (value or "").strip()
    return None if value in ("", "NULL", "null", "NA") else value


# Where each Fonds vert file layout keeps a project's fields, read like the [colonnes] of
# docs/mappings/*.toml: project field → the file's column (None: the file has no such column).
FONDS_VERT_LAYOUTS = {
    # The national export (also accepted by the importer, for another year).
    "national": {
        "measure": "nom_demarche_ds", "year": None, "amount_eur": "montant_engage",
        "insee_com_source": "code_commune", "nom_commune_source": "nom_commune", "code_dep": "code_departement",
        "beneficiary": "nom_beneficiaire_principal", "siren": "siren", "title": "nom_du_projet",
        "dossier_id": "numero_dossier_ds",
    },
    # The PACA 2024 file (short measure names, no dossier number).
    "paca": {
        "measure": "mesure_courte", "year": "annee", "amount_eur": "montant_engage_eur",
        "insee_com_source": "code_commune", "nom_commune_source": "nom_commune", "code_dep": "code_departement",
        "beneficiary": "beneficiaire", "siren": "siren_beneficiaire", "title": "nom_projet",
        "dossier_id": None,
    },
}
# Short measure names a layout uses → the measure's official name, spelt as in the national 2023
# export where the measure existed in 2023, so that one measure is one label across years (the
# « Toutes les années » charts listed « PAPI/GEMAPI » beside its long name). The PACA file's short
# names are the labels its author's build script gave each official 2024 name (DEMARCHE_SHORT in
# brunocpu/fonds-vert-paca-carto, build_map.py, commit 6bddccb): read backwards here.
FONDS_VERT_MEASURE_NAMES = {"paca": {
    "Terr. Industrie": "Territoires d'industrie en transition écologique",  # new in 2024
    "Rénov. énergétique": "Rénovation énergétique des bâtiments publics locaux",
    "Recyclage foncier": "Recyclage foncier",
    "Renaturation": "Renaturation des villes et des villages",
    "Éclairage public": "Rénovation des parcs de luminaires d’éclairage public",
    "PAPI/GEMAPI": "Renforcement des aides apportées par les PAPI et appui financier aux collectivités, gestionnaires "
                   "de digues, dans le cadre de la compétence GEMAPI",
    "ZFE mobilité": "Accompagnement du déploiement des zones à faibles émissions mobilité (ZFE)",
    "Incendies de forêt": "Prévention des risques d’incendies de forêt et de végétation",
    "Biodéchets": "Soutien au tri à la source et à la valorisation des biodéchets",
    "Covoiturage": "Développement du covoiturage",
    "Mobilités rurales": "Développement des mobilités durables en zones rurales",  # new in 2024
    "Ingénierie": "Ingénierie",
    "Risques montagne": "Appui aux collectivités de montagne soumises à des risques émergents",
}}


def fonds_vert_projects(frame: pd.DataFrame, layout: str, source: str, prefix: str,
                        year: int | None = None) -> pd.DataFrame:
    """A Fonds vert file read through its layout in FONDS_VERT_LAYOUTS. The files have no usable
    id (dossier numbers repeat: 81 rows in the national export), so the id is the source line.
    `year` is for a layout without a year column."""
    column = FONDS_VERT_LAYOUTS[layout]

    def optional(field: str) -> pd.Series | None:
        return frame[column[field]].map(_null) if column[field] else None

    return pd.DataFrame({
        "project_id": [f"{prefix}-L{i + 2:05d}" for i in range(len(frame))],
        "source": source,
        "scheme": "Fonds vert",
        "measure": frame[column["measure"]].str.strip().replace(FONDS_VERT_MEASURE_NAMES.get(layout, {})),
        "year": year if column["year"] is None else frame[column["year"]].astype(int),
        "amount_eur": frame[column["amount_eur"]].map(parse_amount),
        "insee_com_source": optional("insee_com_source"),
        "nom_commune_source": optional("nom_commune_source"),
        "code_dep": optional("code_dep"),
        "beneficiary": optional("beneficiary"),
        "siren": optional("siren"),
        "title": frame[column["title"]],
        "dossier_id": optional("dossier_id"),
    })


def fonds_vert_2023_projects(frame: pd.DataFrame, source: str = FONDS_VERT_2023, year: int = 2023,
                             prefix: str = "FV2023") -> pd.DataFrame:
    """The national Fonds vert export layout (also accepted by the importer)."""
    return fonds_vert_projects(frame, "national", source, prefix, year)


def _paca_2024(sources: Path) -> pd.DataFrame:
    frame = pd.read_csv(sources / "financements" / "fonds_vert_2024_paca_projets.csv", dtype=str,
                        keep_default_na=False)
    return fonds_vert_projects(frame, "paca", FONDS_VERT_2024_PACA, "FV2024PACA")


def read_fonds_vert_2023(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def embedded_source_files(sources: Path) -> list[Path]:
    return [sources / "financements" / "fonds_vert_2023_export_national.csv",
            sources / "financements" / "fonds_vert_2024_paca_projets.csv"]


def embedded_projects(sources: Path) -> list[pd.DataFrame]:
    """The embedded sources, one frame per file, each of a single year."""
    return [fonds_vert_2023_projects(read_fonds_vert_2023(embedded_source_files(sources)[0])), _paca_2024(sources)]


def imported_years(imported: list[pd.DataFrame]) -> set[int]:
    """Years an imported national export covers: it replaces the embedded sources of those years
    (a national 2024 export covers the PACA 2024 file)."""
    return {int(y) for frame in imported for y in frame["year"].unique()}


def load_projects(sources: Path, reference: Reference, imported: list[pd.DataFrame] = (),
                  lists: list[pd.DataFrame] = ()) -> pd.DataFrame:
    """The embedded sources, where an imported national export of the same year replaces
    them, plus the lists imported with a column mapping (tidash.ingest.mapping), each its own source."""
    years = imported_years(imported)
    kept = [frame for frame in embedded_projects(sources) if int(frame["year"].iloc[0]) not in years]
    projects = pd.concat([*kept, *imported, *lists], ignore_index=True)
    return enrich_projects(projects, reference)


def enrich_projects(projects: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    projects = projects.copy()
    projects["insee_com"] = projects["insee_com_source"].map(reference.resolve_cog2023)
    departements = reference.departements.set_index("code_dep")
    projects["code_reg"] = projects["code_dep"].map(departements["code_reg"])
    projects["year"] = projects["year"].astype(int)
    # How an imported list located the row when it was not by its commune code (point GPS…).
    note = projects["location_note"] if "location_note" in projects else pd.Series(None, index=projects.index)
    projects["location_note"] = note.astype(object).where(note.notna(), None)
    return projects[PROJECT_COLUMNS].sort_values("project_id", ignore_index=True)


def attach_projects(projects: pd.DataFrame, perimeters: Perimeters, reference: Reference) -> pd.DataFrame:
    """Each project's territory in each vintage, by the first rule that applies: its commune (code
    or GPS point), else its beneficiary's SIREN as a member of a territory, else as a commune;
    otherwise unresolved, with the reason. One row per project and vintage (vintage, then project
    order); column operations, not a Python call per row (an import attaches every row again)."""
    commune_by_siren = _lookup(reference.communes_2023["siren_commune"], reference.communes_2023["insee_com"])
    siren9 = projects["siren"].fillna("").str.replace(r"\D", "", regex=True)
    siren9 = siren9.where(siren9.str.len().isin([9, 14])).str[:9]
    commune = projects["insee_com"]
    note = projects["location_note"] if "location_note" in projects else pd.Series(None, index=projects.index)
    has_commune, has_siren, has_note = commune.notna(), siren9.notna(), note.notna()
    siren_commune = siren9.map(commune_by_siren)
    by_gps = note.astype(object).eq("point GPS").to_numpy(dtype=bool)  # a missing note is not a GPS point
    commune_method = pd.Series(np.where(by_gps, "point GPS dans la commune", "commune"), index=projects.index)
    reasons = _unresolved_reasons(projects["insee_com_source"], has_siren, note, has_note)  # the same in every vintage
    parts = []
    for vintage, communes in perimeters.communes.groupby("vintage", sort=True):
        located = communes.dropna(subset=["insee_com"])
        territory_of_commune = _lookup(located["insee_com"], located["id_ti"])
        members = perimeters.members[perimeters.members["vintage"] == vintage]
        territory_of_member = _lookup(members["siren"], members["id_ti"])
        by_commune = commune.map(territory_of_commune)
        by_member = siren9.map(territory_of_member)
        by_siren_commune = siren_commune.map(territory_of_commune)
        rule_commune = has_commune
        rule_member = ~rule_commune & has_siren & by_member.notna()
        rule_siren_commune = ~rule_commune & ~rule_member & has_siren & siren_commune.notna()
        unresolved = ~(rule_commune | rule_member | rule_siren_commune)
        id_ti = by_commune.where(rule_commune, by_member.where(rule_member, by_siren_commune.where(rule_siren_commune)))
        status = np.select([unresolved, id_ti.notna()], ["unresolved", "inside"], "outside")
        method = np.select([rule_commune, rule_member, rule_siren_commune],
                           [commune_method, "siren membre", "siren commune"], None)
        parts.append(pd.DataFrame({
            "project_id": projects["project_id"].to_numpy(), "vintage": vintage,
            "id_ti": id_ti.astype(object).where(id_ti.notna(), None).to_numpy(),
            "status": status, "method": method,
            "reason": reasons.where(unresolved, None).to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=["project_id", "vintage", "id_ti", "status", "method", "reason"])
    return pd.concat(parts, ignore_index=True)


def _lookup(keys: pd.Series, values: pd.Series) -> dict:
    """key → value (the last one for a repeated key), read from the columns in one go: iterating
    Arrow-backed strings one by one costs more than the whole attachment."""
    return dict(zip(keys.tolist(), values.tolist()))


def _unresolved_reasons(source_code: pd.Series, has_siren: pd.Series, note: pd.Series, has_note: pd.Series) -> pd.Series:
    """Why a row that no rule places is unresolved: the importer's location note, else its unknown
    or missing commune code; and what was wrong with its SIREN."""
    from_note = note.astype(object).where(has_note, "") + np.where(
        has_siren, " ; SIREN bénéficiaire ni membre d'un territoire ni commune", " ; SIREN absent ou invalide")
    from_code = pd.Series(np.where(
        source_code.isna(), "commune absente ; SIREN bénéficiaire ni membre d'un territoire ni commune",
        "code commune " + source_code.astype(object).where(source_code.notna(), "").astype(str)
        + " inconnu du COG 2023 ; SIREN non rattachable"), index=source_code.index)
    from_code = from_code + np.where(has_siren, "", " (SIREN absent ou invalide)")
    return from_note.where(has_note, from_code).astype(object)


def _euros(values: pd.Series) -> Decimal | None:
    """Exact sum; None (no amount, not 0 €) for a source without amounts."""
    amounts = [v for v in values if v is not None and not pd.isna(v)]
    return sum(amounts, Decimal(0)) if amounts else None


def reconcile(projects: pd.DataFrame, attachments: pd.DataFrame) -> pd.DataFrame:
    """Per source and vintage: inside + outside + unresolved = source total, exactly."""
    merged = attachments.merge(projects[["project_id", "source", "amount_eur"]], on="project_id")
    table = merged.groupby(["source", "vintage", "status"], as_index=False).agg(
        n_projects=("project_id", "count"), amount_eur=("amount_eur", _euros))
    totals = projects.groupby("source").agg(
        source_projects=("project_id", "count"), source_amount_eur=("amount_eur", _euros))
    table = table.join(totals, on="source")
    check = table.groupby(["source", "vintage"]).agg(n=("n_projects", "sum"), a=("amount_eur", _euros))
    for (source, vintage), row in check.iterrows():
        if row["n"] != totals.loc[source, "source_projects"] or row["a"] != totals.loc[source, "source_amount_eur"]:
            raise AssertionError(f"réconciliation en échec : {source} {vintage}")
    return table.sort_values(["source", "vintage", "status"], ignore_index=True)
