"""The one way the app reads data: named SQL files from queries/, bound parameters only,
a read-only DuckDB connection shared by all sessions and a fresh cursor per call.

When an import publishes a new catalogue (atomic rename), the next call opens the new file;
cursors already running on the old connection finish on the old, complete file."""
from __future__ import annotations

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
    key: tuple
    connection: duckdb.DuckDBPyConnection


_open: dict[str, _Open] = {}
CURRENT, PREVIOUS = "current", "previous"


def _path(which: str):
    return paths.catalogue_path() if which == CURRENT else paths.previous_catalogue_path()


def catalogue_version(which: str = CURRENT) -> tuple:
    """Changes whenever a new catalogue is swapped in (new inode, new mtime)."""
    path = _path(which)
    stat = path.stat()
    return (str(path), stat.st_ino, stat.st_mtime_ns)


def has_previous() -> bool:
    return paths.previous_catalogue_path().exists()


def _connection(which: str = CURRENT) -> duckdb.DuckDBPyConnection:
    key = catalogue_version(which)
    with _lock:
        opened = _open.get(which)
        if opened is None or opened.key != key:
            connection = duckdb.connect(key[0], read_only=True,
                                        config={"threads": 2, "enable_external_access": False})
            _open[which] = opened = _Open(key, connection)
        return opened.connection


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
    cursor = _connection(which).cursor()
    try:
        return cursor.execute(sql_text(name), params).df()
    finally:
        cursor.close()
