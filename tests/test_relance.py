"""France Relance industrial projects (a count source): build counts against the source file
and its PROVENANCE, placement by GPS point, the per-vintage identity, and the spatial join."""
from __future__ import annotations

import re

import pandas as pd
import pytest
import shapely
from conftest import ROOT

from tidash.extracts import france_relance

SOURCE_DIR = ROOT / "data" / "sources" / "financements" / "france_relance_projets_industriels"
VINTAGES = {"2020-10", "2023-08", "2024-07"}
# The official page's facets, as checked and written in PROVENANCE.md.
PER_MEASURE = {
    "Soutien à l’investissement industriel dans les territoires": 1158,
    "(Re)localisation dans les secteurs critiques": 518,
    "Modernisation de la filière automobile": 484,
    "Modernisation de la filière aéronautique": 449,
    "Fonds de soutien aux investissements du secteur nucléaire": 195,
    "Efficacité énergétique et évolution des procédés dans l’industrie": 94,
    "Soutien à la chaleur bas carbone": 91,
    "AMI Capacity, portant sur des capacités de production de produits thérapeutiques liés au COVID-19": 48,
    "Renforcement des compétences": 43,
}


def read(extracts, name: str) -> pd.DataFrame:
    return pd.read_parquet(extracts / f"{name}.parquet")


def test_the_provenance_states_the_row_count_the_build_keeps(extracts):
    provenance = (SOURCE_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    stated = int(re.search(r"\*\*([\d\s\u202f]+) rows\*\*", provenance).group(1).replace(" ", ""))
    raw = pd.read_csv(SOURCE_DIR / france_relance.FILE, dtype=str, keep_default_na=False)
    projects = read(extracts, "relance_projects")
    assert stated == len(raw) == len(projects) == 3080
    assert projects["project_id"].is_unique
    assert "amount_eur" not in projects.columns  # a count source: no amount is ever made up


def test_count_per_measure_and_territoires_d_industrie_fund(extracts):
    projects = read(extracts, "relance_projects")
    assert projects["measure"].value_counts().to_dict() == PER_MEASURE
    assert int(projects["is_ti_fund"].sum()) == 1158
    assert set(projects.loc[projects["is_ti_fund"], "measure_short"]) == {"Projets territoriaux"}


def test_projects_are_placed_by_their_point_and_departement_disagreements_kept(extracts):
    projects = read(extracts, "relance_projects")
    checks = projects["dep_check"].value_counts().to_dict()
    # PROVENANCE: 3 067 points fall in a commune, 3 030 of them in the row's département; 10 rows without a point.
    assert checks["sans point"] == 10 and projects["lat"].isna().sum() == 10
    assert len(projects) - checks["sans point"] - checks["point hors commune"] == 3067
    assert checks["identique"] == 3030
    differ = projects[projects["dep_check"] == "différent"]
    assert len(differ) == checks["différent"] > 0
    assert (differ["code_dep"] != differ["code_dep_source"]).all() and differ["insee_com"].notna().all()
    # The point wins: a project whose row names the Yvelines but whose point is in Meudon counts in 92.
    assert projects.loc[projects["dep_check"] == "identique", "code_dep"].equals(
        projects.loc[projects["dep_check"] == "identique", "code_dep_source"])


def test_inside_outside_unresolved_equals_the_rows_of_the_file_per_vintage(extracts):
    reconciliation = read(extracts, "relance_reconciliation")
    attachments = read(extracts, "relance_territories")
    assert set(reconciliation["vintage"]) == VINTAGES
    for vintage, part in reconciliation.groupby("vintage"):
        assert part["n_projects"].sum() == 3080 == part["source_projects"].iloc[0], vintage
        assert part["n_ti_fund"].sum() == 1158, vintage
        counted = attachments[attachments["vintage"] == vintage]["status"].value_counts().to_dict()
        assert counted == dict(zip(part["status"], part["n_projects"])), vintage
    unresolved = attachments[attachments["status"] == "unresolved"]
    assert unresolved["reason"].notna().all() and len(unresolved) == 3 * 13
    assert attachments.loc[attachments["status"] == "inside", "id_ti"].notna().all()
    assert attachments.loc[attachments["status"] != "inside", "id_ti"].isna().all()


def test_a_point_is_placed_in_the_commune_polygon_that_contains_it():
    square = shapely.box(0, 0, 1, 1)
    polygons = pd.DataFrame({"insee_com": ["01001", "01002"], "geometry": [square, shapely.box(1, 0, 2, 1)]})
    frame = pd.DataFrame({"lat": ["0.5", "0.5", "", "5"], "lon": ["0.5", "1.5", "", "5"]})
    placed = france_relance.place_points(frame, polygons)
    assert placed.tolist()[:2] == ["01001", "01002"] and placed.iloc[2:].isna().all()


@pytest.mark.parametrize("published, expected", [("40.0", "40"), ("4.0", "04"), ("971.0", "971"), ("", None)])
def test_departement_codes_as_published_are_normalised(published, expected):
    assert france_relance._departement(published) == expected
