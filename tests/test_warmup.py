"""tidash.warmup: the views prepared in the background are the ones the pages read (same cache
keys), and they are prepared again when a new catalogue is published."""
from __future__ import annotations

import threading

import pytest
from conftest import app

from tidash import db, repository, svg_map, warmup
from tidash.state import Filters


def _clear_view_caches() -> None:
    for cached in (repository._run, repository._territories_map, repository._ranking_table,
                   repository._sources_line, repository._funding_gap_notice):
        cached.clear()


@pytest.fixture
def recorded(monkeypatch):
    """Every query the code runs (name, parameters), every territories map and ranking it builds."""
    from tidash import ranking

    calls: dict[str, list] = {"queries": [], "maps": [], "rankings": []}
    run, map_data, ranked = db.run, svg_map.map_data, ranking.ranked
    monkeypatch.setattr(db, "run", lambda name, **p: calls["queries"].append((name, p)) or run(name, **p))
    monkeypatch.setattr(svg_map, "map_data", lambda *a, **k: calls["maps"].append(a[1:2]) or map_data(*a, **k))
    monkeypatch.setattr(ranking, "ranked", lambda *a, **k: calls["rankings"].append(a[1:2]) or ranked(*a, **k))
    return calls


def _forget(calls: dict) -> None:
    for made in calls.values():
        made.clear()


def _of_region(calls: dict, region: str) -> list:
    return [(name, p) for name, p in calls["queries"] if p.get("region") == region]


def test_pages_opened_after_the_warm_up_ask_nothing_for_their_view(recorded):
    _clear_view_caches()
    # Control: a view nobody prepared is computed by the page (the test can fail).
    app("national", region="93")
    assert {"kpis", "territory_metrics"} <= {name for name, _ in _of_region(recorded, "93")} and recorded["maps"]
    assert recorded["rankings"]
    warmup.prepare(Filters("2024-07", "84", None, 2023))
    warmup.prepare(Filters())  # the national page as it opens
    _forget(recorded)
    national = app("national", region="84")
    regions = app("regions", region="84")
    home = app("national")
    assert not national.exception and not regions.exception and not home.exception
    assert _of_region(recorded, "84") == [] and recorded["maps"] == [] and recorded["rankings"] == []
    assert not [(name, p) for name, p in recorded["queries"] if name in ("kpis", "territory_metrics")]
    # and the pages did show that view's figures
    assert "Auvergne-Rhône-Alpes" in " ".join(c.value for c in national.caption)


def test_every_view_of_the_filters_is_prepared_most_used_first():
    views = list(warmup.views())
    options = repository.options()
    assert len(views) == len(set(views)) == 3 * (1 + len(options.regions)) * (1 + len(options.years))
    assert views[0] == Filters()  # the national page as it opens
    assert {v.scheme for v in views} == {None}


def test_a_new_catalogue_is_prepared_again(monkeypatch):
    """Once per catalogue version: not again while it is the same, again after a publication."""
    from streamlit import runtime

    versions = iter([("a",), ("a",), ("a",), ("b",)])
    seen: list = []
    prepared: list = []
    stop = threading.Event()

    def version():
        seen.append(next(versions, ("b",)))
        return seen[-1]

    def prepare_all(_stop):
        prepared.append(seen[-1])
        if seen[-1] == ("b",):
            stop.set()
        return 0, 0.0

    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(warmup.gc, "freeze", lambda: None)  # not this test process's objects
    monkeypatch.setattr(db, "catalogue_version", version)
    monkeypatch.setattr(warmup, "prepare_all", prepare_all)
    monkeypatch.setattr(warmup, "POLL_S", 0.01)
    forgotten: list = []
    monkeypatch.setattr(repository, "forget_replaced_catalogues", lambda: forgotten.append(seen[-1]))
    thread = threading.Thread(target=warmup._run_forever, args=(stop,), daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
    assert prepared == [("a",), ("b",)] and seen == [("a",), ("a",), ("a",), ("b",)]
    assert forgotten == [("b",)]  # a's entries freed once b is published, not at start-up


def test_a_server_stopped_while_it_prepares_the_views_exits_cleanly():
    """The preparation thread queries DuckDB: still inside it when the interpreter finalises, the
    process aborted (exit 134, « FATAL: exception not rethrown »), 3 times in 6 stops."""
    import signal
    import time

    from tidash.local_server import free_port, start_background

    for delay in (0.5, 2.0):
        server = start_background(free_port(), env={"TI_WARM_VIEWS": "1"})
        time.sleep(delay)  # the views are being prepared (≈ 20 s in all)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0, delay


def test_a_publication_frees_what_was_cached_for_the_replaced_catalogue(private_data, monkeypatch):
    import gc
    import weakref

    import pandas as pd

    from tidash.atomic import write_parquet
    from tidash.extracts.pipeline import publish_catalogue

    view = Filters("2024-07", "93", None, 2023)
    monkeypatch.setattr(warmup, "views", lambda: iter([view]))  # one view is enough to follow
    monkeypatch.setenv("TI_GC_FREEZE", "0")  # the server's gc.freeze, not this test process's objects
    replaced = warmup.refresh(None)  # as the server at start-up: every view of this catalogue
    items = tuple(sorted({"vintage": "2024-07", "region": "93", "scheme": None, "year": 2023}.items()))
    shared = repository._run(key=repository._key("kpis", items, replaced), _name="kpis", _params=items)
    still_cached = weakref.ref(shared)
    shown = repository.kpis(view)["n_projects"]
    del shared
    assert warmup.refresh(replaced) == replaced  # no publication: nothing prepared nor freed
    gc.collect()
    assert still_cached() is not None  # control: the cache holds it (the test can fail)
    facts = private_data / "extracts" / "programme_facts.parquet"
    write_parquet(pd.read_parquet(facts).head(3), facts)
    publish_catalogue(private_data, keep_previous=True)
    current = warmup.refresh(replaced)
    assert current != replaced
    gc.collect()
    assert still_cached() is None
    assert repository.kpis(view)["n_projects"] == shown  # the new catalogue's views are there, same figures
