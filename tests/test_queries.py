"""One test per SQL file on the embedded data, plus hostile values through every parameter."""
from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest

from tidash import db

BASE = {"vintage": "2024-07", "region": None, "scheme": None, "year": 2023}


def params_of(name: str) -> set[str]:
    return set(re.findall(r"\$([a-z_]+)", db.sql_text(name)))


def run(name: str, **overrides) -> pd.DataFrame:
    defaults = {**BASE, "id_ti": "ti-8401", "text": "Oyonnax", "measure": None, "status": None,
                "min_amount": None, "max_amount": None, "limit": 50, "theme": None,
                "other_vintage": "2023-08", "other_id_ti": "ti-8401"}
    values = {**defaults, **overrides}
    bound = {k: values[k] for k in params_of(name)}
    if name in ATTACHED:  # runs with two catalogues attached: here the catalogue against itself
        from tidash import paths
        from tidash.briefing.changes import run_attached
        return run_attached(name, paths.catalogue_path(), paths.catalogue_path(), **bound)
    return db.run(name, **bound)


ATTACHED = {"project_changes"}


def test_every_sql_file_has_a_test():
    tested = {n[len("test_"):] for n in globals() if n.startswith("test_")}
    missing = [n for n in db.query_names() if n not in tested]
    assert not missing, f"SQL sans test : {missing}"


def test_filter_options():
    options = run("filter_options")
    kinds = options.groupby("kind").size().to_dict()
    assert kinds["region"] == 18 and kinds["territory"] == 480 and kinds["scheme"] == 1
    assert set(options[options["kind"] == "year"]["value"]) == {"2023", "2024"}


def test_kpis():
    k = run("kpis").iloc[0]
    assert k["n_territories"] == 183 and k["n_epci"] == 629 and k["n_communes"] == 18664
    assert k["population"] == 40_460_364
    inside = run("funding_inside_outside").set_index("status")
    assert k["n_projects"] == inside.loc["inside", "n_projects"] == 5900
    assert k["euros_per_inhabitant"] == pytest.approx(k["amount_eur"] / k["population"])
    assert run("kpis", vintage="2020-10", year=None).iloc[0]["n_territories"] == 148


def test_territory_metrics():
    metrics = run("territory_metrics")
    assert len(metrics) == 183
    assert metrics["amount_eur"].sum() == pytest.approx(run("kpis").iloc[0]["amount_eur"])
    assert metrics.iloc[0]["rank_amount_national"] == 1
    regional = run("territory_metrics", region="84")
    assert set(regional["code_reg"]) == {"84"} and regional["n_regional"].iloc[0] == len(regional)


def test_territory_shapes():
    shapes = run("territory_shapes")
    assert len(shapes) == 183 and shapes["geojson_national"].str.startswith('{"type":').all()
    assert len(run("territory_shapes", vintage="2020-10")) == 148


def test_region_shapes():
    assert len(run("region_shapes")) == 18
    assert run("region_shapes", region="93")["nom_reg"].tolist() == ["Provence-Alpes-Côte d'Azur"]


def test_territory_search():
    by_commune = run("territory_search", text="oyonnax")
    assert "commune" in set(by_commune["match_kind"])
    by_name = run("territory_search", text="ardeche drome")  # accent-insensitive
    assert "ti-8401" in set(by_name["id_ti"])
    assert run("territory_search", text="x").empty  # too short


def test_territory_profile():
    profile = run("territory_profile").iloc[0]
    assert profile["nom"] == "Ardèche Drôme Nord" and profile["n_communes"] == 207 and profile["area_km2"] > 100


def test_territory_members():
    members = run("territory_members")
    assert len(members) == 8 and members["geojson"].notna().all()


def test_territory_history():
    history = run("territory_history")
    assert set(history["vintage"]) == {"2020-10", "2023-08", "2024-07"}
    here = history[history["vintage"] == "2024-07"].iloc[0]
    assert here["n_shared_communes"] == here["n_communes_here"] == 207


def test_territory_commune_changes():
    changes = run("territory_commune_changes")
    assert set(changes["change"]) <= {"entrée", "sortie"} and len(changes) > 0
    assert run("territory_commune_changes", other_vintage="2024-07").empty  # itself: no change


def test_funding_by_measure():
    measures = run("funding_by_measure", id_ti=None)
    assert measures["n_projects"].sum() == 5900
    assert "Rénovation énergétique des bâtiments publics locaux" in set(measures["measure"])


def test_funding_by_year():
    years = run("funding_by_year", id_ti=None, region="93")
    assert set(years["year"]) == {2023, 2024}


def test_funding_by_region():
    regions = run("funding_by_region", year=None)
    assert regions["n_projects"].sum() == 10782 + 568
    assert set(regions["status"]) == {"inside", "outside", "unresolved"}


def test_funding_inside_outside():
    split = run("funding_inside_outside", year=None)
    assert split["n_projects"].sum() == 11350
    assert Decimal(str(round(split["amount_eur"].sum(), 2))) == Decimal("2094438317.03")


def test_projects():
    rows = run("projects", id_ti=None, text=None, limit=100000, year=None)
    assert len(rows) == 11350
    unresolved = run("projects", id_ti=None, text=None, status="unresolved", limit=10)
    assert unresolved["reason"].notna().all() and unresolved["id_ti"].isna().all()
    ranged = run("projects", id_ti=None, text=None, min_amount=1_000_000, max_amount=2_000_000)
    assert ranged["amount_eur"].between(1_000_000, 2_000_000).all()


def test_project_measures():
    measures = run("project_measures")
    assert len(measures) == 25 and (measures["scheme"] == "Fonds vert").all()


def test_territory_project_points():
    points = run("territory_project_points")
    assert len(points) > 0 and points["lon"].between(3, 6).all() and points["lat"].between(44, 46).all()


def test_comparable_territories():
    similar = run("comparable_territories", limit=5)
    assert len(similar) == 5 and similar["same_region"].iloc[0] and "ti-8401" not in set(similar["id_ti"])


def test_programme_facts():
    assert len(run("programme_facts")) == 177
    assert set(run("programme_facts", theme="perimeter")["theme"]) == {"perimeter"}


def test_fund_snapshots():
    assert len(run("fund_snapshots")) == 34


def test_france_relance_counts():
    national = run("france_relance_counts")
    assert len(national) == 36 and national["value"].iloc[-1] == 8972
    assert run("france_relance_counts", region="84")["code"].eq("84").all()


def test_sources_coverage():
    coverage = run("sources_coverage")
    assert len(coverage) == 15
    for _, part in coverage.groupby(["source", "vintage"]):
        assert part["share_of_amount"].sum() == pytest.approx(1.0)


def test_extract_rows():
    rows = run("extract_rows").set_index("table_name")
    assert rows.loc["territories", "n_rows"] == 480 and rows["built_at"].notna().all()


def test_region_summary():
    summary = run("region_summary", region="84").set_index("scope")
    assert summary.loc["national", "n_territories"] == 183
    assert 0 < summary.loc["region", "n_territories"] < 183


def test_data_quality():
    quality = run("data_quality")
    assert (quality["n"] > 0).all()
    assert quality["issue"].str.contains("liste 2020").sum() == 3


HOSTILE = ["'; DROP TABLE projects; --", "1 OR 1=1", "\" OR \"\"=\"", "ti-8401'--", "%' OR '1'='1",
           "$vintage", "\x00", "é" * 5000]


@pytest.mark.parametrize("name", db.query_names())
def test_hostile_values_are_bound_never_executed(name):
    for value in HOSTILE:
        for param in params_of(name):
            if param in ("limit", "year", "min_amount", "max_amount"):
                continue  # typed parameters: a string cannot even be bound
            result = run(name, **{param: value})
            assert isinstance(result, pd.DataFrame)
    assert db.run("kpis", **BASE).iloc[0]["n_territories"] == 183  # nothing was dropped


def test_no_sql_is_built_by_formatting_a_value():
    """The data-access layer and pages only pass named parameters: no f-string, % or
    .format() feeds an execute() call outside the build step (which names its own tables)."""
    from conftest import ROOT

    offenders = []
    for path in [*ROOT.glob("tidash/*.py"), *ROOT.glob("pages/*.py"), ROOT / "dashboard.py"]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\.(execute|sql|query)\(\s*(f[\"']|[\"'][^\"']*[\"']\s*(%|\.format))", text):
            offenders.append(f"{path.name}: {match.group(0)}")
    assert not offenders, offenders


def test_project_ids():
    ids = run("project_ids", year=None)
    assert len(ids) == 11350 and ids["project_id"].is_unique


def test_project_changes():
    # The catalogue against itself: nothing new, nothing removed (an import is compared in
    # tests/test_briefing.py::test_what_changed_after_an_import).
    same = run("project_changes", year=None)
    assert same.empty and list(same.columns) == ["change", "project_id", "title", "amount_eur", "status", "id_ti"]


def test_region_indicators():
    rows = run("region_indicators", region="84").set_index("indic_id")
    assert {"IND-905", "IND-334", "IND-337"} <= set(rows.index)
    assert rows.loc["IND-337", "region_value"] < rows.loc["IND-337", "national_value"]
