"""« Ce qui a changé » at 10 million projects, on a light synthetic pair of catalogues
(bench/out/compare/, never shipped): only the table the comparison reads (project_facts),
written straight from DuckDB's range() so that building it needs little memory (the full
scaled copy of run_bench.build_scaled_catalogue held 16 Go on this machine). The previous
catalogue is the same projects minus `changed`, plus `changed` others.

Three timings: « before », the comparison made while the slide waits (both catalogues attached
read-only to a private connection, one full outer join: what the slide did before the diff was
stored, and still does for a catalogue published without it); « publication », the same join
run once by tidash.briefing.publication_diff.store, which stores the rows in the new catalogue;
« after », what the slide now does (tidash.briefing.publication_diff.changed_projects reads the
stored rows with its filters). ``python bench/compare_bench.py [rows]``."""
from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out" / "compare"
TABLE = """CREATE TABLE project_facts AS
SELECT 'SYN-' || lpad(CAST(i AS VARCHAR), 9, '0') AS project_id,
       'Projet synthétique ' || i AS title,
       CAST(1000 + (i * 7919) % 5000000 AS DECIMAL(18, 2)) AS amount_eur,
       'inside' AS status, 'ti-' || (8401 + i % 183) AS id_ti,
       '2024-07' AS vintage, 'Fonds vert' AS scheme, 2023 AS year
FROM range($first, $last) r(i)"""


def build(rows: int, changed: int) -> Path:
    import duckdb

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    for name, first, last in (("ti.duckdb", 0, rows), ("ti.previous.duckdb", changed, rows + changed)):
        with duckdb.connect(str(OUT / name), config={"memory_limit": "2GB", "threads": 2}) as con:
            con.execute("SET preserve_insertion_order = false")
            con.execute(TABLE, {"first": first, "last": last})
            con.execute("CHECKPOINT")
    return OUT


def _timed(fn, runs: int) -> tuple[dict, tuple]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50_ms": times[len(times) // 2], "min_ms": times[0], "max_ms": times[-1], "runs": runs}, result


def run(rows: int = 10_000_000, changed: int = 1000, before_runs: int = 3) -> dict:
    folder = build(rows, changed)
    previous_env = os.environ.get("TI_DATA_DIR")
    os.environ["TI_DATA_DIR"] = str(folder)
    try:
        from tidash.briefing import publication_diff

        params = {"vintage": "2024-07", "scheme": None, "year": None}
        current, previous = folder / "ti.duckdb", folder / "ti.previous.duckdb"
        out: dict = {"rows": rows, "changed": changed}

        def on_demand():
            found = publication_diff.run_attached("publication_diff_build", current, previous)
            found = found[found["vintage"] == params["vintage"]]
            return found[found["change"] == "new"], found[found["change"] == "removed"]

        out["before"], (new, removed) = _timed(on_demand, before_runs)
        out["before"].update(new=len(new), removed=len(removed))
        # Stored before any reader opens the file (tidash.db opens it read-only afterwards).
        out["publication"], stored = _timed(lambda: publication_diff.store(current, previous), 1)
        out["publication"]["rows"] = stored
        publication_diff.changed_projects(params)  # first read of the file
        out["after"], (new, removed) = _timed(lambda: publication_diff.changed_projects(params), 15)
        out["after"].update(new=len(new), removed=len(removed))
        return out
    finally:
        if previous_env is None:
            os.environ.pop("TI_DATA_DIR", None)
        else:
            os.environ["TI_DATA_DIR"] = previous_env
        shutil.rmtree(folder, ignore_errors=True)


def report(result: dict) -> list[str]:
    before, publication, after = result["before"], result["publication"], result["after"]
    rows = f"{result['rows']:,}".replace(",", "\u202f")
    verdict = "atteint" if after["max_ms"] <= 500 else "**manqué**"
    return [f"« Ce qui a changé » à {rows} projets ({result['changed']} retirés, {result['changed']} nouveaux, "
            "catalogues synthétiques réduits à project_facts ; bench/compare_bench.py) : comparaison pendant que la "
            f"diapositive attend (jointure externe, catalogues attachés) {before['p50_ms'] / 1000:.1f} s (min "
            f"{before['min_ms'] / 1000:.1f}, max {before['max_ms'] / 1000:.1f} s, {before['runs']} essais) ; "
            f"une fois, à la publication : {publication['p50_ms'] / 1000:.1f} s ({publication['rows']} lignes rangées "
            f"dans le nouveau catalogue) ; lecture par la diapositive : {after['p50_ms']:.0f} ms (max "
            f"{after['max_ms']:.0f} ms, {after['runs']} essais ; {after['new']} nouveaux et {after['removed']} retirés, "
            f"comme la comparaison : {before['new']} / {before['removed']}) — cible ≤ 500 ms : {verdict}.", ""]


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
    print("\n".join(report(result)))
