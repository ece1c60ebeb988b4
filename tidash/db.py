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


_current: _Open | None = None


def catalogue_version() -> tuple:
    """Changes whenever a new catalogue is swapped in (new inode, new mtime)."""
    stat = paths.catalogue_path().stat()
    return (str(paths.catalogue_path()), stat.st_ino, stat.st_mtime_ns)


def _connection() -> duckdb.DuckDBPyConnection:
    global _current
    key = catalogue_version()
    with _lock:
        if _current is None or _current.key != key:
            connection = duckdb.connect(str(paths.catalogue_path()), read_only=True,
                                        config={"threads": 2, "enable_external_access": False})
            _current = _Open(key, connection)
        return _current.connection


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    if not _QUERY_NAME.match(name):
        raise ValueError(f"nom de requête invalide : {name!r}")
    return (paths.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in Path(paths.QUERIES_DIR).glob("*.sql"))


def run(name: str, **params) -> pd.DataFrame:
    """Runs queries/<name>.sql with its $named parameters bound (DuckDB prepared statement)."""
    cursor = _connection().cursor()
    try:
        return cursor.execute(sql_text(name), params).df()
    finally:
        cursor.close()
