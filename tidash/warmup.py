"""Views prepared before anyone asks for them (issue 12: server CPU on a cache miss).

The first visit of a view (millésime, région, année) cost ≈ 85 ms of server CPU, mostly DuckDB
planning 4 to 6 small queries, against ≈ 25 ms for a view already in the cache. A background
thread of the server reads, for every view of the filters, what the national and Régions pages
read (default indicator and colour scale), through the same cached functions: a user's first
visit of a view is then a cache hit. It runs again when a new catalogue is published, since
every cached entry is keyed by the catalogue version (the replaced catalogue's entries are freed
first: repository.forget_replaced_catalogues). Most used first: the default year and
millésime, the whole country, then each région, then the other years and millésimes.

The pages and this module share their parameters (ui.national_ranking_labels, REGION_MAP_HEIGHT,
DEFAULT_METRIC, the default scale); tests/test_warmup.py checks that a page run after the
warm-up asks the database nothing. The dispositif filter and other indicators are not
prepared: a view with them is still computed at its first visit."""
from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Iterator

from tidash import db, repository, settings, ui
from tidash.metrics import DEFAULT_METRIC
from tidash.state import DEFAULT_YEAR, Filters
from tidash.vintages import DEFAULT_VINTAGE, VINTAGES

log = logging.getLogger("tidash.warmup")
POLL_S = 5.0
DEFAULT_SCALE = "quantile"  # the national page's « Échelle de couleur » as it opens


def views() -> Iterator[Filters]:
    """Every (millésime, région, année) view with all dispositifs, the most used first."""
    opts = repository.options()
    years = [DEFAULT_YEAR, None, *(y for y in opts.years if y != DEFAULT_YEAR)]
    vintages = [DEFAULT_VINTAGE, *(v for v in VINTAGES if v != DEFAULT_VINTAGE)]
    regions = [None, *opts.regions]
    seen = set()
    for year in years:
        for vintage in vintages:
            for region in regions:
                view = Filters(vintage, region, None, year)
                if view not in seen:
                    seen.add(view)
                    yield view


def prepare(filters: Filters) -> None:
    """What the national page (and, with a région, the Régions page) reads for this view."""
    repository.kpis(filters)
    repository.sources_line(filters)
    repository.funding_gap_notice(filters)
    if filters.region is not None:
        repository.region_summary(filters, filters.region)
        repository.region_friches(filters.vintage, filters.region)
        repository.region_indicators(filters.region)
    metrics = repository.territory_metrics(filters)
    if metrics.empty or metrics[DEFAULT_METRIC].isna().all():
        return  # the pages draw neither map nor ranking
    repository.territories_map(filters, DEFAULT_METRIC, DEFAULT_SCALE)
    repository.ranking_table(filters, DEFAULT_METRIC, ui.national_ranking_labels(DEFAULT_METRIC))
    if filters.region is not None:
        repository.territories_map(filters, DEFAULT_METRIC, DEFAULT_SCALE, height=ui.REGION_MAP_HEIGHT)
        repository.ranking_table(filters, DEFAULT_METRIC, ui.region_ranking_labels(DEFAULT_METRIC))


def prepare_all(stop: threading.Event | None = None, duty: float = 0.5) -> tuple[int, float]:
    """Prepares every view; between two views it pauses so that the thread takes about `duty` of
    one processor (the sessions' scripts share the interpreter with it). Returns (views, CPU s)."""
    count, cpu = 0, 0.0
    for view in views():
        if stop is not None and stop.is_set():
            break
        start = time.thread_time()
        prepare(view)
        spent = time.thread_time() - start
        cpu += spent
        count += 1
        if duty < 1:
            time.sleep(spent * (1 - duty) / duty)
    return count, cpu


def _run_forever(stop: threading.Event) -> None:
    from streamlit import runtime

    # Started with the server: it waits for the server to be up (its start-up reads come first).
    while not runtime.exists() and not stop.wait(0.2):
        pass
    prepared = None
    while not stop.is_set():
        prepared = refresh(prepared, stop)
        stop.wait(POLL_S)


def refresh(prepared: tuple | None, stop: threading.Event | None = None) -> tuple | None:
    """Prepares the views of the catalogue published now unless they are the ones `prepared`;
    after a publication, first frees what was cached for the replaced catalogue. Returns the
    version looked at: prepared or failed, not tried again until the next publication."""
    version = None
    try:
        version = db.catalogue_version()
        if version == prepared:
            return version
        if prepared is not None:
            if settings.gc_freeze():
                gc.unfreeze()  # the replaced entries were frozen with the rest: let the collector free them
            repository.forget_replaced_catalogues()
        count, cpu = prepare_all(stop)
        if settings.gc_freeze():  # long-lived, shared entries: out of the collector's way, as at start-up
            gc.collect()
            gc.freeze()
        # On the server's output beside Streamlit's own lines (the benchmarks wait for it to be idle).
        print(f"vues préparées : {count} en {cpu:.1f} s de CPU ({version[0]})", file=sys.stderr, flush=True)
    except Exception:  # noqa: BLE001 - a failed warm-up leaves views to be computed at first visit
        log.exception("préparation des vues interrompue (une fois par catalogue)")
    return version


_stop = threading.Event()


def start() -> threading.Thread | None:
    """Starts the background preparation (python -m tidash.serve); TI_WARM_VIEWS=0 turns it off."""
    if not settings.warm_views():
        return None
    thread = threading.Thread(target=_run_forever, args=(_stop,), name="tidash-warmup", daemon=True)

    def stop() -> None:
        _stop.set()
        thread.join(timeout=5)  # one view at most (≈ 60 ms) between two looks at _stop

    db.stop_before_closing(stop)
    thread.start()
    return thread
