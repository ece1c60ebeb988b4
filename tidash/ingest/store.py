"""Imported files after validation: the current version and the previous one, per kind."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from tidash.atomic import write_parquet

PROGRAMME_PROJECTS = "programme_projects"


def imports_dir(data: Path) -> Path:
    return data / "imports"


def current_path(data: Path, kind: str) -> Path:
    return imports_dir(data) / f"{kind}.parquet"


def previous_path(data: Path, kind: str) -> Path:
    return imports_dir(data) / f"{kind}.previous.parquet"


def save(data: Path, kind: str, frame: pd.DataFrame) -> None:
    current = current_path(data, kind)
    if current.exists():
        os.replace(current, previous_path(data, kind))
    write_parquet(frame, current)


def restore(data: Path, kind: str) -> bool:
    """Swaps current and previous: restoring twice gives back the newer version."""
    current, previous = current_path(data, kind), previous_path(data, kind)
    if not previous.exists():
        return False
    swap = current.with_suffix(".swap")
    if current.exists():
        os.replace(current, swap)
    os.replace(previous, current)
    if swap.exists():
        os.replace(swap, previous)
    return True


def imported_frames(data: Path) -> dict:
    """What the build adds to the embedded sources: programme projects and Fonds vert files."""
    frames: dict = {"fonds_vert": []}
    folder = imports_dir(data)
    if not folder.exists():
        return frames
    programme = current_path(data, PROGRAMME_PROJECTS)
    if programme.exists():
        frames["programme_projects_current"] = pd.read_parquet(programme)
    for path in sorted(folder.glob("fonds_vert_*.parquet")):
        if not path.name.endswith(".previous.parquet"):
            frames["fonds_vert"].append(pd.read_parquet(path))
    return frames
