"""DuckDB access from many threads, and publication of a new catalogue while sessions read."""
from __future__ import annotations

import threading

from tidash import db
from tidash.extracts.pipeline import publish_catalogue

PARAMS = {"vintage": "2024-07", "region": None, "scheme": None, "year": 2023}


def test_queries_from_many_threads_at_once():
    expected = db.run("kpis", **PARAMS).iloc[0]["amount_eur"]
    errors, results = [], []

    def worker():
        try:
            for _ in range(5):  # 16 threads at once: a shared cursor or connection fails at the first overlap
                results.append(db.run("kpis", **PARAMS).iloc[0]["amount_eur"])
                db.run("territory_metrics", **PARAMS)
        except Exception as error:  # noqa: BLE001 - the test collects them
            errors.append(repr(error))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 16 * 5 and set(results) == {expected}


def test_readers_never_see_a_half_written_catalogue(private_data):
    """Readers run while the catalogue is republished three times: every read succeeds and
    returns the full, consistent answer; after publication the new file is picked up."""
    expected = db.run("sources_coverage")["n_projects"].sum()
    stop = threading.Event()
    errors, reads, versions = [], [], set()

    def reader():
        while not stop.is_set():
            try:
                versions.add(db.catalogue_version())
                total = db.run("sources_coverage")["n_projects"].sum()
                reads.append(total)
                if total != expected:
                    errors.append(f"lecture incohérente : {total}")
            except Exception as error:  # noqa: BLE001
                errors.append(repr(error))
            stop.wait(0.02)  # readers spinning flat out starved the publisher (50 s for 3 publications)

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for t in threads:
        t.start()
    for _ in range(3):
        publish_catalogue(private_data)
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors[:5]
    assert len(reads) > 20 and len(versions) >= 2
