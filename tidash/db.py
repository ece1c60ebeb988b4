"""The one way the app reads data: named SQL files from queries/, bound parameters only,
a read-only DuckDB connection shared by all sessions and a fresh cursor per call.

Each publication writes a new catalogue under its own file name (data/catalogues/ti-<id>.duckdb)
and points the symbolic link data/ti.duckdb at it (data/ti.previous.duckdb at the one it
replaced). Every call reads the link (one readlink, no I/O on the database) and opens the
file it names through that file's own path: DuckDB keeps one database instance per path and
process, so reconnecting to an unchanged path would return the old, cached instance. Cursors
already running on the old catalogue finish on it; its connection is closed as soon as no
cursor uses it any more, which releases the (possibly deleted) file."""
from __future__ import annotations

import atexit
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from tidash import paths

_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_lock = threading.Lock()


@dataclass
class _Open:
    target: str
    connection: duckdb.DuckDBPyConnection
    users: int = 0
    retired: bool = False


_open: dict[str, _Open] = {}
_retired: list[_Open] = []
CURRENT, PREVIOUS = "current", "previous"


def _path(which: str) -> Path:
    return paths.catalogue_path() if which == CURRENT else paths.previous_catalogue_path()


def _target(which: str) -> str:
    """The file the catalogue link names now (the link itself when it is a plain file or missing).
    One readlink for the links the publisher writes (it runs before every query; realpath reads
    every directory of the path); realpath when the link names another link or goes up with « .. »,
    where reading one hop or removing « .. » as text could name another file than the one opened."""
    link = os.path.abspath(_path(which))
    try:
        named = os.path.join(os.path.dirname(link), os.readlink(link))
    except OSError:  # not a link (EINVAL) or no catalogue yet (ENOENT, which the caller's stat reports)
        return link
    if ".." in Path(named).parts or os.path.islink(named):
        return os.path.realpath(link)
    return os.path.normpath(named)


def catalogue_version(which: str = CURRENT) -> tuple:
    """Changes whenever a new catalogue is published (new file name, new inode, new mtime)."""
    for attempt in range(3):
        target = _target(which)
        try:
            stat = os.stat(target)
            break
        except FileNotFoundError:
            if attempt == 2:  # no catalogue at all: the build has not run
                raise
            # replaced and removed between readlink and stat (two publications meanwhile): read the link again
    _close_unused()
    return (target, stat.st_ino, stat.st_mtime_ns)


def has_previous() -> bool:
    return paths.previous_catalogue_path().exists()


def _close_unused() -> None:
    """Closes the connections to replaced catalogues that no cursor uses any more."""
    if not _retired:
        return
    with _lock:
        for opened in [o for o in _retired if o.users == 0]:
            _retired.remove(opened)
            opened.connection.close()


SWEEP_INTERVAL_S = 5.0
_sweeper: threading.Thread | None = None


def _sweep() -> None:
    """Closes the idle connections to catalogues that were replaced: an idle server (no session
    asking anything) does not keep a deleted catalogue open."""
    with _lock:
        for which, opened in list(_open.items()):
            try:
                current = _target(which)
            except OSError:
                continue
            if current != opened.target:
                del _open[which]
                opened.retired = True
                if opened.users == 0:
                    opened.connection.close()
                else:
                    _retired.append(opened)
    _close_unused()


_stop = threading.Event()


def _sweep_forever() -> None:
    while not _stop.wait(SWEEP_INTERVAL_S):
        try:
            _sweep()
        except Exception:  # noqa: BLE001 - a sweep must never kill the thread; the next call retries
            pass


def _start_sweeper() -> None:
    global _sweeper
    if _sweeper is None:
        _sweeper = threading.Thread(target=_sweep_forever, name="tidash-db-sweeper", daemon=True)
        _sweeper.start()
        atexit.register(_shut_down)


_before_shut_down: list = []


def stop_before_closing(stop) -> None:
    """`stop()` runs at exit before the connections close: for another thread that queries
    (tidash.warmup), which must be out of DuckDB by then, as the sweeper must."""
    _before_shut_down.append(stop)


def _shut_down() -> None:
    """At exit, before the interpreter stops its daemon threads: stop the threads that query and
    close the connections. A daemon thread still inside DuckDB when the interpreter finalises is
    unwound through C++ frames and aborts the process (« FATAL: exception not rethrown », exit 134)."""
    for stop in _before_shut_down:
        try:
            stop()
        except Exception:  # noqa: BLE001 - stopping at exit is best effort
            pass
    _stop.set()
    if _sweeper is not None:
        _sweeper.join(timeout=SWEEP_INTERVAL_S * 2)
    with _lock:
        for opened in [*_open.values(), *_retired]:
            try:
                opened.connection.close()
            except Exception:  # noqa: BLE001 - closing at exit is best effort
                pass
        _open.clear()
        _retired.clear()


def _acquire(which: str) -> _Open:
    for attempt in range(3):
        target = _target(which)
        with _lock:
            opened = _open.get(which)
            if opened is not None and opened.target == target:
                opened.users += 1
                return opened
            try:
                connection = duckdb.connect(target, read_only=True,
                                            config={"threads": 2, "enable_external_access": False})
            except duckdb.IOException:
                if attempt == 2:
                    raise
                continue  # the file was replaced between readlink and open: read the link again
            if opened is not None:
                opened.retired = True
                if opened.users == 0:
                    opened.connection.close()
                else:
                    _retired.append(opened)  # closed by the last cursor's _release
            _open[which] = opened = _Open(target, connection, users=1)
            _start_sweeper()
            return opened
    raise AssertionError("unreachable")


def _release(opened: _Open) -> None:
    with _lock:
        opened.users -= 1
        if opened.retired and opened.users == 0 and opened in _retired:
            _retired.remove(opened)
            opened.connection.close()


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    if not _QUERY_NAME.match(name):
        raise ValueError(f"nom de requête invalide : {name!r}")
    return (paths.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in Path(paths.QUERIES_DIR).glob("*.sql"))


def run(name: str, **params) -> pd.DataFrame:
    """Runs queries/<name>.sql with its $named parameters bound (DuckDB prepared statement)."""
    return run_on(CURRENT, name, **params)


def run_on(which: str, name: str, **params) -> pd.DataFrame:
    """The same on the current catalogue or on the one it replaced (« ce qui a changé »)."""
    opened = _acquire(which)
    try:
        cursor = opened.connection.cursor()
        try:
            return cursor.execute(sql_text(name), params).df()
        finally:
            cursor.close()
    finally:
        _release(opened)
