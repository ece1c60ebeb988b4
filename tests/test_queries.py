"""One test per SQL file on the embedded data, plus hostile values through every parameter."""
from __future__ import annotations

import ast
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
                "other_vintage": "2023-08", "other_id_ti": "ti-8401", "sort": None,
                "located": None, "dimension": "measure"}
    values = {**defaults, **overrides}
    bound = {k: values[k] for k in params_of(name)}
    if name in ATTACHED:  # runs with two catalogues attached: here the catalogue against itself
        from tidash import paths
        from tidash.briefing.publication_diff import run_attached
        return run_attached(name, paths.catalogue_path(), paths.catalogue_path(), **bound)
    return db.run(name, **bound)


ATTACHED = {"publication_diff_build"}


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
    assert set(regional["code_reg"]) == {"84"}
    assert regional["rank_amount_national"].max() <= len(regional)  # with a région, ranked among its own
    assert len(regional) == run("kpis", region="84").iloc[0]["n_territories"] == (metrics["code_reg"] == "84").sum()


def test_territory_shapes():
    shapes = run("territory_shapes")
    assert len(shapes) == 183 and shapes["geojson_national"].str.startswith('{"type":').all()
    assert len(run("territory_shapes", vintage="2020-10")) == 148


def test_territory_search():
    by_commune = run("territory_search", text="oyonnax")
    assert "commune" in set(by_commune["match_kind"])
    by_name = run("territory_search", text="ardeche drome")  # accent-insensitive
    assert "ti-8401" in set(by_name["id_ti"])
    assert run("territory_search", text="x").empty  # too short
    # A whole word before a match inside a word: « Arve » is the Vallée de l'Arve's, not « Arverne »
    arve = run("territory_search", text="Arve").drop_duplicates("id_ti")
    assert list(arve["nom"][:2]) == ["Vallée de l'Arve", "Clermont Arverne Industrie"]
    # Regex characters are literal: « e) » is in names (« … (AME) »), so its whole-word test runs on them
    assert not run("territory_search", text="é)").empty and run("territory_search", text="[a-z]*").empty


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


def test_territory_lineage():
    # ti-8413 is Plastics Vallée – Oyonnax in 2024 but Thiers – Ambert – Montbrison in 2020:
    # the lineage follows its 42 communes to ti-8408, all of them in common.
    back = run("territory_lineage", vintage="2024-07", other_vintage="2020-10").set_index("id_ti")
    row = back.loc["ti-8413"]
    assert row["other_id_ti"] == "ti-8408" and row["nom"] == "Plastics Vallée – Oyonnax"
    assert row["n_shared_communes"] == row["n_communes"] == 42 and row["share_here"] == 1 and row["follows"]
    assert row["other_nom"].startswith("Oyonnax")
    forth = run("territory_lineage", vintage="2020-10", other_vintage="2024-07").set_index("id_ti")
    assert forth.loc["ti-8408", "other_id_ti"] == "ti-8413" and forth.loc["ti-8413", "other_id_ti"] == "ti-8408"
    assert back.index.is_unique and (back["share_here"] <= 1).all() and (back["share_there"] <= 1).all()
    new_in_2024 = set(run("territory_metrics", vintage="2024-07")["id_ti"]) - set(back.index)
    assert new_in_2024  # territories without any commune in a 2020 territory: no row, no counterpart


def test_territory_commune_differences():
    changes = run("territory_commune_differences")
    assert set(changes["change"]) <= {"entrée", "sortie"} and len(changes) > 0
    assert run("territory_commune_differences", other_vintage="2024-07").empty  # itself: no change


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
    inside = regions[regions["status"] == "inside"].set_index("code_reg")
    per_inhabitant = (inside["amount_eur"].astype(float) / inside["population_in_territories"]).rename("expected")
    assert inside["euros_per_inhabitant"].astype(float).round(6).equals(per_inhabitant.round(6).rename("euros_per_inhabitant"))
    # not repeated on the rows outside the territories, where it read as their own figure
    assert regions.loc[regions["status"] != "inside", "euros_per_inhabitant"].isna().all()


def test_funding_inside_outside():
    split = run("funding_inside_outside", year=None)
    assert split["n_projects"].sum() == 11350
    assert Decimal(str(round(split["amount_eur"].sum(), 2))) == Decimal("2094438317.03")


def test_one_meaning_of_region_for_kpis_funding_and_projects():
    # Auvergne-Rhône-Alpes, 2023: projects of the territories of the région, as the national KPIs
    base = {"region": "84"}
    k = run("kpis", **base).iloc[0]
    split = run("funding_inside_outside", **base).set_index("status")
    assert split.loc["inside", "n_projects"] == k["n_projects"]
    assert round(split.loc["inside", "amount_eur"], 2) == round(k["amount_eur"], 2)
    by_year = run("funding_by_year", id_ti=None, **base)
    assert round(by_year.loc[by_year["year"] == 2023, "amount_eur"].sum(), 2) == round(k["amount_eur"], 2)
    by_region = run("funding_by_region", **base).set_index("status")
    assert by_region.loc["inside", "n_projects"] == k["n_projects"]
    rows = run("projects", id_ti=None, text=None, limit=5, **base).iloc[0]
    assert rows["n_inside_filtered"] == k["n_projects"]
    assert round(rows["amount_inside_filtered"], 2) == round(k["amount_eur"], 2)
    # outside / unresolved projects have no territory: counted where they are located, the same on both
    assert rows["n_filtered"] == split["n_projects"].sum()
    # the other meaning (located in the région's départements), available side by side
    located = run("funding_inside_outside", located=True, **base).set_index("status")
    assert located.loc["inside", "n_projects"] != k["n_projects"]
    assert (located.loc[["outside", "unresolved"], "n_projects"] == split.loc[["outside", "unresolved"], "n_projects"]).all()


def test_funding_coverage():
    assert list(run("funding_coverage", year=2024)["nom_reg"]) == ["Provence-Alpes-Côte d'Azur"]
    assert len(run("funding_coverage", year=2023)) > 18


def test_no_data_is_null_not_zero():
    k = run("kpis", region="53", year=2024).iloc[0]  # Bretagne, 2024: PACA-only year
    assert k["n_territories_with_data"] == 0 and pd.isna(k["n_projects"]) and pd.isna(k["amount_eur"])
    metrics = run("territory_metrics", year=2024)
    assert metrics.loc[metrics["code_reg"] != "93", "amount_eur"].isna().all()
    assert metrics.loc[metrics["code_reg"] != "93", "rank_amount_national"].isna().all()
    assert (metrics.loc[metrics["code_reg"] == "93", "amount_eur"] > 0).all()
    assert (run("territory_metrics", year=2023)["amount_eur"].notna()).all()  # national year: real zeros stay
    summary = run("region_summary", region="53", year=2024).set_index("scope")
    assert pd.isna(summary.loc["region", "amount_eur"]) and summary.loc["national", "amount_eur"] > 0


def test_projects():
    rows = run("projects", id_ti=None, text=None, limit=100000, year=None)
    assert len(rows) == 11350
    unresolved = run("projects", id_ti=None, text=None, status="unresolved", limit=10)
    assert unresolved["reason"].notna().all() and unresolved["id_ti"].isna().all()
    ranged = run("projects", id_ti=None, text=None, min_amount=1_000_000, max_amount=2_000_000)
    assert ranged["amount_eur"].between(1_000_000, 2_000_000).all()



def test_projects_are_sorted_before_the_limit_and_counted_whatever_the_limit():
    every = run("projects", id_ti=None, text=None, limit=None, year=None, sort="title")
    assert len(every) == 11350 and (every["n_filtered"] == 11350).all()  # no limit: every filtered row
    first = run("projects", id_ti=None, text=None, limit=100, year=None, sort="title")
    # the first 100 by title of ALL filtered rows, not the 100 largest amounts re-sorted by title
    assert list(first["project_id"]) == list(every["project_id"].head(100))
    assert list(first["title"]) == sorted(first["title"]) and first["title"].iloc[0] <= every["title"].min()
    assert first["n_filtered"].iloc[0] == 11350
    assert round(first["amount_filtered"].iloc[0], 2) == round(every["amount_eur"].sum(), 2)
    assert first["n_unresolved_filtered"].iloc[0] == (every["status"] == "unresolved").sum()
    cheapest = run("projects", id_ti=None, text=None, limit=5, year=None, sort="amount_asc")
    assert cheapest["amount_eur"].iloc[0] == every["amount_eur"].min()


def test_project_measures():
    measures = run("project_measures")
    # 14 measures in 2023, 2 new in 2024 (PACA); a measure of both years is listed once (one name).
    assert len(measures) == 16 and (measures["scheme"] == "Fonds vert").all()


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
    relance = quality[quality["issue"].str.startswith("Projet France Relance non rattaché")]
    assert relance.groupby("vintage")["n"].sum().to_dict() == {"2020-10": 13, "2023-08": 13, "2024-07": 13}


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


# Identifiers cannot be bound as parameters: the build names its tables from the fixed registry
# tidash.extract_registry.EXTRACTS (checked below to be plain identifiers). Nothing else may be formatted.
FORMATTED_SQL_ALLOWED = {"tidash/extracts/pipeline.py": {"extract.name"}}
SQL_CALLS = {"execute", "executemany", "sql", "query", "from_query", "read_sql", "read_sql_query"}
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|FROM|WHERE|JOIN)\b")


def _python_files_of_the_app() -> list:
    from conftest import ROOT

    return sorted([*ROOT.glob("tidash/**/*.py"), *ROOT.glob("pages/**/*.py"), ROOT / "dashboard.py"])


def _formatted_sql(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, interpolated expression) of every string built by formatting that reaches an
    execute()-like call or looks like SQL (an f-string, `%` or `.format()` with SQL words)."""
    found = []

    def literal_text(node) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return ""

    def formatted(node) -> list[str] | None:
        if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
            return [ast.unparse(v.value) for v in node.values if isinstance(v, ast.FormattedValue)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)) and (
                literal_text(node.left) or literal_text(node.right)):
            return [ast.unparse(node.right if literal_text(node.left) else node.left)]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                and literal_text(node.func.value)):
            return [ast.unparse(a) for a in [*node.args, *(k.value for k in node.keywords)]]
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            for arg in [*node.args[:1], *(k.value for k in node.keywords if k.arg in ("query", "sql"))]:
                found += [(node.lineno, e) for e in formatted(arg) or []]
        parts = formatted(node)
        if parts is not None:
            text = literal_text(node) or literal_text(getattr(node, "left", None)) or literal_text(
                getattr(getattr(node, "func", None), "value", None))
            if SQL_WORDS.search(text):
                found += [(node.lineno, e) for e in parts]
    return sorted(set(found))


def test_no_sql_is_built_by_formatting_a_value():
    """Every module of tidash/ (all subpackages), pages/ and dashboard.py passes values as named
    parameters: no f-string, `%` or `.format()` builds SQL, except table names of the build."""
    from conftest import ROOT

    from tidash.extract_registry import EXTRACTS

    offenders = []
    for path in _python_files_of_the_app():
        relative = path.relative_to(ROOT).as_posix()
        allowed = FORMATTED_SQL_ALLOWED.get(relative, set())
        for line, expression in _formatted_sql(ast.parse(path.read_text(encoding="utf-8"))):
            if expression not in allowed:
                offenders.append(f"{relative}:{line}: {expression}")
    assert not offenders, offenders
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", e.name) for e in EXTRACTS)
    scanned = {p.relative_to(ROOT).parts[:2] for p in _python_files_of_the_app()}
    assert {("tidash", "extracts"), ("tidash", "ingest"), ("tidash", "briefing")} <= scanned


def test_the_sql_check_catches_each_way_of_formatting():
    samples = {
        'con.execute(f"SELECT * FROM t WHERE id = {value}")': "value",
        'con.sql("SELECT * FROM t WHERE id = %s" % value)': "value",
        'cursor.execute("SELECT * FROM t WHERE id = {}".format(value))': "value",
        'text = f"DELETE FROM t WHERE id = {value}"\ncon.execute(text)': "value",
        'con.execute("SELECT * FROM t WHERE id = " + value)': "value",
    }
    for source, expression in samples.items():
        assert [e for _, e in _formatted_sql(ast.parse(source))] == [expression], source
    assert _formatted_sql(ast.parse('con.execute("SELECT $x", {"x": value})')) == []
    assert _formatted_sql(ast.parse('st.caption(f"{n} projets")')) == []


def _changed_copy(folder) -> tuple:
    """A copy of project_facts in a new catalogue with one project removed and one added (every
    vintage the project is in; the added one is a copy of another): (path of the copy, removed id, added id,
    vintages of the removed project, vintages of the project copied)."""
    import duckdb

    from tidash import paths
    copy = folder / "cur.duckdb"
    with duckdb.connect(str(copy)) as con:
        con.execute("ATTACH $path AS src (READ_ONLY)", {"path": str(paths.catalogue_path())})
        removed, model = [r[0] for r in con.execute(
            "SELECT DISTINCT project_id FROM src.project_facts WHERE vintage = '2024-07' AND year = 2023 "
            "ORDER BY project_id LIMIT 2").fetchall()]
        con.execute("CREATE TABLE project_facts AS SELECT * FROM src.project_facts WHERE project_id <> $removed "
                    "UNION ALL SELECT * REPLACE ('NOUVEAU-1' AS project_id) FROM src.project_facts "
                    "WHERE project_id = $model", {"removed": removed, "model": model})
        vintages = [{r[0] for r in con.execute("SELECT vintage FROM src.project_facts WHERE project_id = $id",
                                               {"id": project_id}).fetchall()} for project_id in (removed, model)]
    return copy, removed, "NOUVEAU-1", *vintages


def test_publication_diff_build(tmp_path):
    same = run("publication_diff_build")  # the catalogue against itself
    assert same.empty and list(same.columns) == ["change", "vintage", "scheme", "year", "project_id", "title",
                                                 "amount_eur", "status", "id_ti"]
    from tidash import paths
    from tidash.briefing.publication_diff import run_attached
    copy, removed, added, removed_in, added_in = _changed_copy(tmp_path)
    rows = run_attached("publication_diff_build", copy, paths.catalogue_path())
    # one row per vintage the project is attached in, nothing else
    assert removed_in and set(rows[rows["change"] == "removed"]["vintage"]) == removed_in
    assert set(rows[rows["change"] == "removed"]["project_id"]) == {removed}
    assert set(rows[rows["change"] == "new"]["project_id"]) == {added}
    assert added_in and set(rows[rows["change"] == "new"]["vintage"]) == added_in
    assert len(rows) == len(removed_in) + len(added_in) and rows["amount_eur"].notna().all()


def test_publication_diff_projects(tmp_path):
    """The rows publication_diff.store puts in a catalogue, read with the slide's filters."""
    import duckdb

    from tidash import paths
    from tidash.briefing.publication_diff import store
    copy, removed, added, _, _ = _changed_copy(tmp_path)
    assert store(copy, paths.catalogue_path()) >= 4
    with duckdb.connect(str(copy), read_only=True) as con:
        read = lambda **p: con.execute(db.sql_text("publication_diff_projects"), {**{
            "vintage": "2024-07", "scheme": None, "year": 2023}, **p}).df()
        rows = read()
        assert list(rows["change"]) == ["new", "removed"] and list(rows["project_id"]) == [added, removed]
        assert rows["amount_eur"].notna().all() and set(rows["status"]) <= {"inside", "outside", "unattached"}
        assert read(year=2024).empty and read(scheme="Autre dispositif").empty
        assert len(read(year=None)) == 2
        assert con.execute(db.sql_text("publication_diff_source")).fetchone()[0] == paths.catalogue_path().name
    # the embedded catalogue was built with no previous one: both tables exist, empty / NULL
    assert run("publication_diff_projects").empty


def test_publication_diff_source():
    assert run("publication_diff_source")["previous_catalogue"].tolist() == [None]


def test_region_indicators():
    rows = run("region_indicators", region="84").set_index("indic_id")
    assert {"IND-905", "IND-334", "IND-337"} <= set(rows.index)
    assert rows.loc["IND-337", "region_value"] < rows.loc["IND-337", "national_value"]


# France Relance industrial projects (count source) and the programme ledger -------------

def test_relance_breakdown():
    reconciliation = run("relance_reconciliation")
    for dimension in ("measure", "filiere", "company_type", "year"):
        frame = run("relance_breakdown", dimension=dimension, id_ti=None)
        assert frame["n_projects"].sum() == 3080 and frame["n_ti_fund"].sum() == 1158, dimension
        assert frame["value"].notna().all(), dimension
        by_status = frame.groupby("status")["n_projects"].sum().to_dict()
        expected = reconciliation[reconciliation["vintage"] == "2024-07"].set_index("status")["n_projects"].to_dict()
        assert by_status == expected, dimension
    years = run("relance_breakdown", dimension="year", id_ti=None).groupby("value")["n_projects"].sum().to_dict()
    assert years == {"2021": 2646, "2022": 434}  # PROVENANCE: mise_a_jour per year
    regional = run("relance_breakdown", dimension="measure", id_ti=None, region="84")
    assert 0 < regional["n_projects"].sum() < 3080
    one = run("relance_breakdown", dimension="measure", id_ti="ti-8401")
    assert set(one["status"]) == {"inside"}
    assert run("relance_breakdown", dimension="nope", id_ti=None)["value"].isna().all()


def test_relance_projects():
    every = run("relance_projects", id_ti=None, text=None, limit=10000)
    assert len(every) == 3080 and every["project_id"].is_unique
    unresolved = run("relance_projects", id_ti=None, text=None, status="unresolved", limit=100)
    assert len(unresolved) == 13 and unresolved["reason"].notna().all()
    points = run("relance_projects", status="inside", text=None, limit=1000)
    metrics = run("territory_metrics").set_index("id_ti")
    assert len(points) == metrics.loc["ti-8401", "n_relance"] > 0
    assert points["lon"].between(3, 6).all() and points["lat"].between(44, 46).all()
    assert points["is_ti_fund"].sum() == metrics.loc["ti-8401", "n_relance_ti"]
    found = run("relance_projects", id_ti=None, text="chapoutier", limit=10)
    assert len(found) >= 1 and found["company"].str.contains("CHAPOUTIER", case=False).all()


def test_relance_reconciliation():
    reconciliation = run("relance_reconciliation")
    assert set(reconciliation["vintage"]) == {"2020-10", "2023-08", "2024-07"}
    for _, part in reconciliation.groupby("vintage"):
        assert part["n_projects"].sum() == part["source_projects"].iloc[0] == 3080
        assert part["n_ti_fund"].sum() == part["source_ti_fund"].iloc[0] == 1158


def test_relance_departement_checks():
    checks = run("relance_departement_checks")
    counts = checks["dep_check"].value_counts().to_dict()
    assert "identique" not in counts and counts["sans point"] == 10
    differ = checks[checks["dep_check"] == "différent"]
    assert len(differ) > 0 and (differ["code_dep_point"] != differ["code_dep_source"]).all()
    assert differ["nom_dep_point"].notna().all()


def test_relance_columns_of_territory_metrics_kpis_and_region_summary():
    metrics = run("territory_metrics")
    kpis = run("kpis").iloc[0]
    inside = run("relance_reconciliation").set_index(["vintage", "status"]).loc[("2024-07", "inside")]
    assert metrics["n_relance"].sum() == kpis["n_relance"] == inside["n_projects"]
    assert metrics["n_relance_ti"].sum() == kpis["n_relance_ti"] == inside["n_ti_fund"]
    assert (metrics["n_relance_ti"] <= metrics["n_relance"]).all()
    # A count source is not filtered by the Fonds vert year: the same counts for any year.
    assert run("kpis", year=2024).iloc[0]["n_relance"] == kpis["n_relance"]
    # ... and real data for every région, even where no Fonds vert list covers the year (2024: PACA only).
    uncovered = run("territory_metrics", year=2024)
    uncovered = uncovered[~uncovered["has_funding_data"]]
    assert len(uncovered) > 0 and uncovered["amount_eur"].isna().all()
    assert uncovered["n_relance"].notna().all() and uncovered["n_relance"].sum() > 0
    summary = run("region_summary", region="84").set_index("scope")
    assert summary.loc["national", "n_relance"] == kpis["n_relance"]
    assert summary.loc["region", "n_relance"] == metrics.loc[metrics["code_reg"] == "84", "n_relance"].sum()
    outside_paca = run("region_summary", region="84", year=2024).set_index("scope").loc["region"]
    assert pd.isna(outside_paca["amount_eur"]) and outside_paca["n_relance"] == summary.loc["region", "n_relance"]


def test_programme_ledger():
    # The shipped catalogue has no ledger: an empty result, never a row of zeros.
    for dimension in ("axis", "status", "operator", "territory", "region"):
        assert run("programme_ledger", dimension=dimension, id_ti=None).empty


def test_programme_ledger_rows():
    assert run("programme_ledger_rows").empty


def test_programme_ledger_projects():
    assert run("programme_ledger_projects", id_ti=None).empty



# Cartofriches (Cerema): recomputed by hand from the source CSV with pandas where possible.
CARTOFRICHES = "contexte/cartofriches/cartofriches_sites_2024-03.csv"


def _cartofriches_source() -> pd.DataFrame:
    from conftest import ROOT

    return pd.read_csv(ROOT / "data" / "sources" / CARTOFRICHES, dtype=str, keep_default_na=False)


def _ti8401_sites_by_hand() -> pd.DataFrame:
    """The sites of Ardèche Drôme Nord (2024-07) from the two source CSVs only: its communes
    in the ANCT list, the inventory's commune codes (none of them changed COG there)."""
    from conftest import ROOT

    communes = pd.read_csv(ROOT / "data" / "sources" / "perimetres" / "derived" / "ti_phase2_communes_20240704_derived.csv",
                           dtype=str, keep_default_na=False)
    codes = set(communes.loc[communes["id_ti"] == "ti-8401", "insee_com"])
    source = _cartofriches_source()
    return source[source["comm_insee"].isin(codes)]


def test_friches_by_territory():
    table = run("friches_by_territory")
    assert len(table) == 183 and table["id_ti"].is_unique
    reconciliation = run("friches_reconciliation").set_index(["vintage", "status"])
    assert table["n_friches"].sum() == reconciliation.loc[("2024-07", "inside"), "n_sites"]
    statuses = ["n_friches_potentielles", "n_friches_sans_projet", "n_friches_avec_projet", "n_friches_reconverties"]
    assert (table[statuses].sum(axis=1) == table["n_friches"]).all()
    assert (table["n_friches_avec_surface"] + table["n_friches_sans_surface"] == table["n_friches"]).all()
    by_hand = _ti8401_sites_by_hand()
    row = table.set_index("id_ti").loc["ti-8401"]
    assert row["n_friches"] == len(by_hand) > 0
    assert row["n_friches_sans_projet"] == (by_hand["site_statut"] == "friche sans projet").sum()
    assert row["n_friches_fonds_friches"] == (by_hand["is_aap"] == "True").sum()
    surfaces = pd.to_numeric(by_hand["site_surface"].replace("", None))
    assert row["friches_surface_ha"] == pytest.approx(surfaces.sum() / 10_000)
    assert row["n_friches_sans_surface"] == surfaces.isna().sum()
    regional = run("friches_by_territory", region="84")
    assert set(regional["code_reg"]) == {"84"} and len(regional) < 183


def test_territory_friches():
    sites = run("territory_friches")
    by_hand = _ti8401_sites_by_hand()
    assert sorted(sites["site_id"]) == sorted(by_hand["site_id"])
    assert sites["lon"].notna().all() and sites["statut"].isin(["potentielle", "sans projet", "avec projet",
                                                               "reconvertie"]).all()
    industrial = by_hand["site_type"].eq("friche industrielle")
    assert sites["industriel"].sum() >= industrial.sum()
    assert run("territory_friches", id_ti="ti-0000").empty


def test_territory_friches_counts():
    counts = run("territory_friches_counts")
    by_status = counts[counts["dimension"] == "statut"].set_index("value")["n_sites"]
    assert list(by_status.index) == ["potentielle", "sans projet", "avec projet", "reconvertie"]
    by_hand = _ti8401_sites_by_hand()["site_statut"].str.removeprefix("friche ").value_counts()
    assert by_status.to_dict() == {s: int(by_hand.get(s, 0)) for s in by_status.index}
    assert counts[counts["dimension"] == "type"]["n_sites"].sum() == by_status.sum()


def test_friches_reconciliation():
    table = run("friches_reconciliation")
    source = _cartofriches_source()
    assert len(source) == 23878 and source["site_id"].is_unique
    assert set(table["vintage"]) == {"2020-10", "2023-08", "2024-07"}
    for vintage, part in table.groupby("vintage"):
        assert list(part["status"]) == ["inside", "outside", "unresolved"]
        assert part["n_sites"].sum() == 23878 == part["source_sites"].iloc[0], vintage
        assert part["share_of_sites"].sum() == pytest.approx(1.0)
    # The whole file, by status, as the producer's table says (PROVENANCE.md).
    assert source["site_statut"].value_counts().to_dict() == {
        "friche potentielle": 12905, "friche sans projet": 7389, "friche avec projet": 3425, "friche reconvertie": 159}
    surfaces = pd.to_numeric(source["site_surface"].replace("", None))
    for _, part in table.groupby("vintage"):
        assert part["surface_ha"].sum() == pytest.approx(surfaces.sum() / 10_000)
        assert part["n_sites_with_surface"].sum() == surfaces.notna().sum()


def test_territory_land_recycling():
    rows = run("territory_land_recycling", year=None)
    projects = run("projects", year=None, text=None, limit=20000)
    recycling = projects[projects["measure"] == "Recyclage foncier"]
    assert rows["n_projects"].sum() == len(recycling) > 0
    assert rows["amount_eur"].sum() == recycling["amount_eur"].sum()
    assert run("territory_land_recycling", id_ti="ti-0000").empty


def test_region_friches():
    summary = run("region_friches", region="84").set_index("scope")
    table = run("friches_by_territory")
    assert summary.loc["national", "n_friches"] == table["n_friches"].sum()
    regional = table[table["code_reg"] == "84"]
    assert summary.loc["region", "n_friches"] == regional["n_friches"].sum() > 0
    assert summary.loc["region", "friches_surface_ha"] == pytest.approx(regional["friches_surface_ha"].sum())
