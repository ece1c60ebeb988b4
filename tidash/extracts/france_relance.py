"""France Relance industrial projects (DGE list): a COUNT source, no amounts.

Each project is placed by its GPS point in the commune polygons the build already uses
(IGN 2018 polygons carrying their COG 2023 code), with a geopandas spatial join in
EPSG:4326; the commune then gives the territory of each vintage. The commune name of the
source is never used (it is often wrong). A row without a point, or whose point falls in no
commune, is « non rattaché » with its reason. The point's département is compared with the
row's département: disagreements are kept (the point wins), counted and listed.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from tidash.extracts.perimeters import Perimeters
from tidash.extracts.reference import Reference

SOURCE = "france_relance_industrie"
FOLDER = Path("financements") / "france_relance_projets_industriels"
FILE = "plan_de_relance_projets_industriels.csv"
CRS = "EPSG:4326"
TI_FUND_MEASURE = "Soutien à l’investissement industriel dans les territoires"
PROJECT_COLUMNS = [
    "project_id", "source", "company", "company_type", "siren", "volet", "measure", "measure_short",
    "filiere", "updated", "year", "lon", "lat", "insee_com", "nom_com", "code_dep", "code_reg",
    "code_dep_source", "nom_dep_source", "nom_region_source", "dep_check", "is_ti_fund", "description",
]


def read_source(sources: Path) -> pd.DataFrame:
    return pd.read_csv(sources / FOLDER / FILE, dtype=str, keep_default_na=False)


def _departement(code: str) -> str | None:
    """'40.0' → '40', '4.0' → '04', '971.0' → '971', '' → None (as published)."""
    code = (code or "").strip()
    if not code:
        return None
    if code.endswith(".0"):
        code = code[:-2]
    return code.zfill(2) if code.isdigit() and len(code) < 2 else code


def _blank(value: str) -> str | None:
    value = (value or "").strip()
    return value or None


def _one_spelling(values: pd.Series) -> pd.Series:
    """Labels that differ only by case (« Mode et luxe » on 2 rows, « Mode et Luxe » on 107) under
    their most frequent spelling: one filière, one bar. Other differences stay as published."""
    counts = values.value_counts()
    chosen = {}
    for label in sorted(counts.index, key=lambda label: (-counts[label], label)):  # most frequent first
        chosen.setdefault(label.casefold(), label)
    return values.map(lambda v: chosen[v.casefold()] if isinstance(v, str) else v)


def place_points(frame: pd.DataFrame, commune_polygons: pd.DataFrame) -> pd.Series:
    """COG-2023 commune of each row's point (None without a point or outside every polygon).
    A point on a border shared by two simplified polygons takes the smallest code."""
    lat = pd.to_numeric(frame["lat"].str.strip(), errors="coerce")
    lon = pd.to_numeric(frame["lon"].str.strip(), errors="coerce")
    has_point = lat.notna() & lon.notna()
    points = gpd.GeoDataFrame({"row": frame.index[has_point]},
                              geometry=gpd.points_from_xy(lon[has_point], lat[has_point]), crs=CRS)
    polygons = gpd.GeoDataFrame(commune_polygons[["insee_com"]], geometry=list(commune_polygons["geometry"]),
                                crs=CRS)
    joined = gpd.sjoin(points, polygons, how="left", predicate="within")
    first = joined.dropna(subset=["insee_com"]).sort_values(["row", "insee_com"]).drop_duplicates("row")
    return pd.Series(dict(zip(first["row"], first["insee_com"])), index=frame.index, dtype=object)


def load_projects(sources: Path, reference: Reference, commune_polygons: pd.DataFrame) -> pd.DataFrame:
    frame = read_source(sources)
    communes = reference.communes_2023.set_index("insee_com")
    commune = place_points(frame, commune_polygons)
    code_dep_source = frame["code_departement"].map(_departement)
    code_dep = commune.map(communes["code_dep"])
    has_point = frame["lat"].str.strip().ne("") & frame["lon"].str.strip().ne("")
    dep_check = pd.Series("identique", index=frame.index)
    dep_check[code_dep.notna() & code_dep_source.isna()] = "département de la ligne absent"
    dep_check[code_dep.notna() & code_dep_source.notna() & (code_dep != code_dep_source)] = "différent"
    dep_check[code_dep.isna()] = "point hors commune"
    dep_check[~has_point] = "sans point"
    projects = pd.DataFrame({
        "project_id": [f"FRI-L{i + 2:05d}" for i in range(len(frame))],
        "source": SOURCE,
        "company": frame["entreprise"].map(_blank),
        "company_type": frame["type_entreprise"].map(_blank),
        "siren": frame["siren"].map(_blank),
        "volet": frame["volet_relance"].map(_blank),
        "measure": frame["mesure"].str.strip(),
        "measure_short": frame["mesure_light"].map(_blank),
        "filiere": _one_spelling(frame["filiere"].map(_blank)),
        "updated": frame["mise_a_jour"].map(_blank),
        "year": frame["mise_a_jour"].str[:4].astype(int),
        "lon": pd.to_numeric(frame["lon"].str.strip(), errors="coerce"),
        "lat": pd.to_numeric(frame["lat"].str.strip(), errors="coerce"),
        "insee_com": commune,
        "nom_com": commune.map(communes["nom"]),
        "code_dep": code_dep,
        "code_reg": commune.map(communes["code_reg"]),
        "code_dep_source": code_dep_source,
        "nom_dep_source": frame["nom_departement"].map(_blank),
        "nom_region_source": frame["nom_region"].map(_blank),
        "dep_check": dep_check,
        "is_ti_fund": frame["mesure"].str.strip() == TI_FUND_MEASURE,
        "description": frame["description_projet_debut"].map(_blank),
    })
    return projects[PROJECT_COLUMNS]


def attach(projects: pd.DataFrame, perimeters: Perimeters) -> pd.DataFrame:
    """One row per project and vintage: inside (territory), outside, or unresolved with reason."""
    parts = []
    for vintage, communes in perimeters.communes.dropna(subset=["insee_com"]).groupby("vintage", sort=True):
        territory = dict(zip(communes["insee_com"], communes["id_ti"]))
        id_ti = projects["insee_com"].map(territory)
        status = pd.Series("outside", index=projects.index)
        status[id_ti.notna()] = "inside"
        reason = pd.Series(None, index=projects.index, dtype=object)
        no_point = projects["lat"].isna() | projects["lon"].isna()
        no_commune = projects["insee_com"].isna()
        status[no_commune] = "unresolved"
        reason[no_commune & ~no_point] = "point GPS hors de toute commune (contours IGN 2018 simplifiés)"
        reason[no_point] = "ligne sans coordonnées GPS"
        parts.append(pd.DataFrame({"project_id": projects["project_id"], "vintage": vintage, "id_ti": id_ti,
                                   "status": status, "method": projects["insee_com"].where(~no_commune).map(
                                       lambda c: None if pd.isna(c) else "point GPS dans la commune"),
                                   "reason": reason}))
    return pd.concat(parts, ignore_index=True)


def reconcile(projects: pd.DataFrame, attachments: pd.DataFrame) -> pd.DataFrame:
    """Per vintage: inside + outside + unresolved = rows of the file, checked here."""
    merged = attachments.merge(projects[["project_id", "is_ti_fund"]], on="project_id")
    table = merged.groupby(["vintage", "status"], as_index=False).agg(
        n_projects=("project_id", "count"), n_ti_fund=("is_ti_fund", "sum"))
    table.insert(0, "source", SOURCE)
    table["source_projects"] = len(projects)
    table["source_ti_fund"] = int(projects["is_ti_fund"].sum())
    for vintage, part in table.groupby("vintage"):
        if part["n_projects"].sum() != len(projects) or part["n_ti_fund"].sum() != projects["is_ti_fund"].sum():
            raise AssertionError(f"réconciliation France Relance en échec : {vintage}")
    table["n_ti_fund"] = table["n_ti_fund"].astype("int64")
    return table.sort_values(["vintage", "status"], ignore_index=True)


def relance_frames(sources: Path, reference: Reference, perimeters: Perimeters,
                   commune_polygons: pd.DataFrame) -> dict[str, pd.DataFrame]:
    projects = load_projects(sources, reference, commune_polygons)
    attachments = attach(projects, perimeters)
    return {"relance_projects": projects, "relance_territories": attachments,
            "relance_reconciliation": reconcile(projects, attachments)}
