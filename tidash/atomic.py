"""Atomic file publication: write beside the target, then rename over it.

A reader (another session, another process) sees either the old file or the new one,
never a half-written one, because rename() within a directory is atomic on POSIX.
"""
from __future__ import annotations

import fcntl
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.exists():
            tmp.chmod(0o644)  # mkstemp creates 0600; extracts are meant to be read by the app's user
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_parquet(frame: pd.DataFrame, target: Path, schema: pa.Schema | None = None) -> None:
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def write_text(text: str, target: Path) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def atomic_symlink(target: str, link: Path) -> None:
    """Points ``link`` at ``target`` (a path relative to the link's folder) in one rename:
    a reader resolving the link sees the old target or the new one, never no link."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.{threading.get_ident()}.link.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


_held = threading.local()
_process_lock = threading.RLock()
LOCK_TIMEOUT_S = 900.0


class PublicationBusy(RuntimeError):
    """Another publication kept the lock longer than the caller was ready to wait."""


@contextmanager
def publication_lock(data: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """One publisher at a time for a data directory, across threads and processes (flock on
    data/.publication.lock, released by the kernel if the process dies). Re-entrant within a
    thread, so a publication may call another step that takes it too."""
    depth = getattr(_held, "depth", {})
    _held.depth = depth
    key = str(Path(data).resolve())
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    Path(data).mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    if not _process_lock.acquire(timeout=timeout):
        raise PublicationBusy("une autre publication est en cours")
    try:
        handle = open(Path(data) / ".publication.lock", "a+")  # noqa: SIM115 - closed below
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise PublicationBusy("une autre publication est en cours") from None
                    time.sleep(0.05)
            depth[key] = 1
            try:
                yield
            finally:
                depth.pop(key, None)
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            handle.close()
    finally:
        _process_lock.release()
