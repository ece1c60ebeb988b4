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


def _nothing_before(data: Path, kind: str) -> Path:
    """Marks that before the current import there was none: undoing it removes it."""
    return imports_dir(data) / f"{kind}.previous.none"


def save(data: Path, kind: str, frame: pd.DataFrame) -> None:
    current, previous, nothing = current_path(data, kind), previous_path(data, kind), _nothing_before(data, kind)
    imports_dir(data).mkdir(parents=True, exist_ok=True)
    if current.exists():
        os.replace(current, previous)
        nothing.unlink(missing_ok=True)
    else:
        previous.unlink(missing_ok=True)
        nothing.touch()
    write_parquet(frame, current)


def restore(data: Path, kind: str) -> bool:
    """Swaps the current and the previous version (either may be "no import"), so restoring
    twice gives back the newer version. False when there is nothing to go back to."""
    current, previous, nothing = current_path(data, kind), previous_path(data, kind), _nothing_before(data, kind)
    if previous.exists():
        swap = current.with_suffix(".swap")
        if current.exists():
            os.replace(current, swap)
        else:
            nothing.touch()
        os.replace(previous, current)
        if swap.exists():
            os.replace(swap, previous)
        return True
    if nothing.exists() and current.exists():
        os.replace(current, previous)
        nothing.unlink()
        return True
    return False


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
