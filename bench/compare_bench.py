"""« Ce qui a changé » at 10 million projects, on a light synthetic pair of catalogues
(bench/out/compare/, never shipped): only the table the comparison reads (project_facts),
written straight from DuckDB's range() so that building it needs little memory (the full
scaled copy of run_bench.build_scaled_catalogue held 16 Go on this machine). The previous
catalogue is the same projects minus `changed`, plus `changed` others.

Both ways are timed: the old one (every project of both catalogues into pandas, then isin)
and tidash.briefing.publication_diff.changed_projects (one full outer join inside DuckDB, both
catalogues attached read-only to a private connection, returning only
the rows that differ). ``python bench/compare_bench.py [rows]``."""
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


def run(rows: int = 10_000_000, changed: int = 1000) -> dict:
    folder = build(rows, changed)
    previous_env = os.environ.get("TI_DATA_DIR")
    os.environ["TI_DATA_DIR"] = str(folder)
    try:
        from tidash import db
        from tidash.briefing import changes

        params = {"vintage": "2024-07", "scheme": None, "year": None}
        def all_rows():
            before = db.run_on(db.PREVIOUS, "project_ids", **params)
            after = db.run_on(db.CURRENT, "project_ids", **params)
            return (after[~after["project_id"].isin(before["project_id"])],
                    before[~before["project_id"].isin(after["project_id"])])

        ways = {"all_rows": all_rows, "in_duckdb": lambda: changes.changed_projects(params)}
        out: dict = {"rows": rows, "changed": changed}
        for label, fn in ways.items():
            if label != "all_rows":  # the old way takes minutes at 10 M: timed once, cold
                fn()  # first read of the files
            times = []
            for _ in range(1 if label == "all_rows" else 7):
                start = time.perf_counter()
                new, removed = fn()
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            out[label] = {"p50_ms": times[len(times) // 2], "max_ms": times[-1], "new": len(new), "removed": len(removed)}
        return out
    finally:
        if previous_env is None:
            os.environ.pop("TI_DATA_DIR", None)
        else:
            os.environ["TI_DATA_DIR"] = previous_env
        shutil.rmtree(folder, ignore_errors=True)


def report(result: dict) -> list[str]:
    old, new = result["all_rows"], result["in_duckdb"]
    rows = f"{result['rows']:,}".replace(",", " ")
    verdict = "atteint" if new["p50_ms"] <= 500 else "**manqué**"
    return [f"« Ce qui a changé » à {rows} projets ({result['changed']} retirés, {result['changed']} nouveaux, "
            f"catalogues synthétiques réduits à project_facts) : toutes les lignes dans pandas {old['p50_ms']:.0f} ms "
            f"(max {old['max_ms']:.0f}) ; comparaison dans DuckDB (jointure externe, catalogues attachés) {new['p50_ms']:.0f} ms (max "
            f"{new['max_ms']:.0f}), {new['new']} nouveaux et {new['removed']} retirés trouvés "
            f"(toutes les lignes : {old['new']} / {old['removed']}) — cible ≤ 500 ms : {verdict}.", ""]


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
    print("\n".join(report(result)))
