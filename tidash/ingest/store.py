"""Imported files after validation: the current version and the previous one, per kind.

Each imported version is an immutable file named by its content
(``imports/<kind>-<sha256 prefix>.parquet``); which one is current and which one is previous
is one small JSON file, ``imports/state.json``, replaced in a single rename. A process killed
at any point therefore leaves either the old state or the new one, never a mix, and the way
back (the previous version) is never lost. Callers hold ``tidash.atomic.publication_lock``.

Directories written before this layout (``<kind>.parquet``, ``<kind>.previous.parquet``,
``<kind>.previous.none``) are read as their state until the next import or restore."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd

from tidash.atomic import write_parquet, write_text

PROGRAMME_PROJECTS = "programme_projects"
KIND = re.compile(r"^(programme_projects|fonds_vert_20\d\d|liste_[a-z0-9_]+)$")
LIST_PREFIX = "liste_"  # a list imported with a column mapping (tidash.ingest.mapping): liste_<source slug>


def imports_dir(data: Path) -> Path:
    return data / "imports"


def _state_path(data: Path) -> Path:
    return imports_dir(data) / "state.json"


def _legacy_state(data: Path) -> dict:
    state: dict = {}
    folder = imports_dir(data)
    if not folder.is_dir():
        return state
    for path in folder.glob("*.parquet"):
        kind = path.name.removesuffix(".parquet")
        if KIND.match(kind):
            previous = folder / f"{kind}.previous.parquet"
            state[kind] = {"current": path.name, "previous": previous.name if previous.exists() else None}
    for path in folder.glob("*.previous.parquet"):
        kind = path.name.removesuffix(".previous.parquet")
        if KIND.match(kind) and kind not in state:
            state[kind] = {"current": None, "previous": path.name}
    return state


def load_state(data: Path) -> dict:
    """{kind: {"current": file name or None, "previous": file name or None}}"""
    path = _state_path(data)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return _legacy_state(data)


def write_state(data: Path, state: dict) -> None:
    imports_dir(data).mkdir(parents=True, exist_ok=True)
    write_text(json.dumps(state, indent=1, sort_keys=True), _state_path(data))


def fingerprint(frame: pd.DataFrame) -> str:
    """The same validated rows give the same fingerprint (row order, values and columns)."""
    text = "|".join(f"{c}:{t}" for c, t in frame.dtypes.astype(str).items()) + "\n" + frame.to_csv(index=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def content_name(kind: str, frame: pd.DataFrame) -> str:
    return f"{kind}-{fingerprint(frame)}.parquet"


def is_current(data: Path, kind: str, frame: pd.DataFrame) -> bool:
    """True when these exact rows are already the published version of this kind."""
    return load_state(data).get(kind, {}).get("current") == content_name(kind, frame)


def write_content(data: Path, kind: str, frame: pd.DataFrame) -> str:
    name = content_name(kind, frame)
    path = imports_dir(data) / name
    if not path.exists():
        write_parquet(frame, path)
    return name


def after_save(state: dict, kind: str, name: str | None, label: str | None = None) -> dict:
    """The state once ``name`` is published: the version it replaces becomes the previous one
    (none if there was no import of this kind). A list keeps its readable name (``label``).
    ``name`` None removes the kind (its version becomes the previous one: --restore brings it back)."""
    new = json.loads(json.dumps(state))
    new[kind] = {"current": name, "previous": state.get(kind, {}).get("current")}
    label = label or state.get(kind, {}).get("label")
    if label:
        new[kind]["label"] = label
    return new


def after_restore(state: dict, kind: str) -> dict | None:
    """The state with current and previous swapped (either may be "no import"), so restoring
    twice gives back the newer version. None when there is nothing to go back to."""
    entry = state.get(kind)
    if not entry or entry.get("current") == entry.get("previous"):
        return None
    new = json.loads(json.dumps(state))
    new[kind] = {"current": entry.get("previous"), "previous": entry.get("current")}
    return new


def remove_unused(data: Path, *states: dict) -> None:
    """Removes imported versions no state names (after the publication that replaced them)."""
    folder = imports_dir(data)
    if not folder.is_dir():
        return
    used = {entry.get(key) for state in states for entry in state.values() for key in ("current", "previous")}
    for path in folder.glob("*.parquet"):
        if path.name not in used:
            path.unlink(missing_ok=True)
    for path in folder.glob("*.previous.none"):
        path.unlink(missing_ok=True)


def imported_frames(data: Path) -> dict:
    """What the build adds to the embedded sources: programme projects and Fonds vert files."""
    frames: dict = {"fonds_vert": [], "lists": []}
    folder = imports_dir(data)
    state = load_state(data)
    for kind in sorted(state):
        name = state[kind].get("current")
        if not name:
            continue
        frame = pd.read_parquet(folder / name)
        if kind == PROGRAMME_PROJECTS:
            frames["programme_projects_current"] = frame
        elif kind.startswith("fonds_vert_"):
            frames["fonds_vert"].append(frame)
        elif kind.startswith(LIST_PREFIX):
            frames["lists"].append(frame)
    return frames


def list_labels(data: Path) -> dict[str, str]:
    """Source slug → readable name of every list imported with a column mapping (also removed
    ones, whose rows a previous catalogue may still show)."""
    return {kind.removeprefix(LIST_PREFIX): entry["label"] for kind, entry in load_state(data).items()
            if kind.startswith(LIST_PREFIX) and entry.get("label")}
