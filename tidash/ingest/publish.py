"""Validated imports → new extracts → new catalogue, swapped in atomically.

One publication at a time per data directory (``publication_lock``). Each import or restore
first writes a journal (``data/publication.journal.json``: the import state before and after),
then the new import state, then the catalogue, then removes the journal. A run killed at any
point is settled by the next one (or ``recover``): if the published catalogue already shows the
new state the journal is simply closed, otherwise the old state is put back and the catalogue
rebuilt from it, so the import store and what the app shows always agree."""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tidash import formatting as fmt
from tidash.atomic import publication_lock, write_text
from tidash.extracts import perimeters, reference
from tidash.extracts.funding import fonds_vert_2023_projects
from tidash.extracts.pipeline import (
    Progress,
    clean_leftovers,
    current_catalogue_manifest,
    funding_frames,
    publish_catalogue,
    write_extracts,
)
from tidash.ingest import store


@dataclass
class Outcome:
    published: bool
    message: str


def fonds_vert_kind(year: int) -> str:
    return f"fonds_vert_{year}"


def normalise_fonds_vert(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return fonds_vert_2023_projects(frame, source=f"fonds_vert_{year}_import", year=year, prefix=f"FV{year}I")


def log_path(data: Path) -> Path:
    return data / "publications.log"


def log(data: Path, action: str, kind: str, who: str, **details) -> None:
    """One JSON line per publication, undo or recovery: who, what, when (data/publications.log)."""
    entry = {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "action": action,
             "kind": kind, "who": who, **details}
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    fd = os.open(log_path(data), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def default_who() -> str:
    try:
        return f"{getpass.getuser()} (ligne de commande)"
    except (KeyError, OSError):
        return "ligne de commande"


def journal_path(data: Path) -> Path:
    return data / "publication.journal.json"


def rebuild_from_imports(sources: Path, data: Path, keep_previous: bool = True) -> None:
    progress = Progress()
    progress.step("Recalcul des financements avec les fichiers importés…")
    ref = reference.load_reference(data / "extracts")
    perims = perimeters.load_perimeters(data / "extracts")
    write_extracts(funding_frames(sources, data, ref, perims, reuse_embedded=True), data / "extracts", progress)
    publish_catalogue(data, progress, keep_previous=keep_previous, imports_state=store.load_state(data))


def recover(sources: Path, data: Path) -> str | None:
    """Settles what a killed import or restore left; returns what was done (None: nothing)."""
    with publication_lock(data):
        clean_leftovers(data)
        path = journal_path(data)
        if not path.exists():
            return None
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # written atomically, so only a hand-edited journal gets here
            path.unlink()
            return None
        manifest = current_catalogue_manifest(data)
        if manifest is not None and manifest.get("imports") == journal["after"]:
            store.write_state(data, journal["after"])
            done = f"{journal['op']} interrompu après sa publication : terminé"
        else:
            store.write_state(data, journal["before"])
            rebuild_from_imports(sources, data, keep_previous=False)
            done = f"{journal['op']} interrompu avant sa publication : annulé, catalogue reconstruit"
        path.unlink()
        store.remove_unused(data, store.load_state(data))
        log(data, "reprise", journal["kind"], "publication suivante", detail=done)
        print(f"Reprise après interruption : {done}.", flush=True)
        return done


def _apply(op: str, kind: str, before: dict, after: dict, sources: Path, data: Path) -> None:
    write_text(json.dumps({"op": op, "kind": kind, "before": before, "after": after}), journal_path(data))
    store.write_state(data, after)
    rebuild_from_imports(sources, data)
    journal_path(data).unlink()
    store.remove_unused(data, after)


def publish(kind: str, frame: pd.DataFrame, sources: Path, data: Path, who: str | None = None,
            source_name: str | None = None, label: str | None = None) -> Outcome:
    """Publishes a validated import; the same rows as the published version change nothing
    (a double click or a second run keeps the way back to the version before)."""
    with publication_lock(data):
        recover(sources, data)
        who = who or default_who()
        if store.is_current(data, kind, frame):
            log(data, "import identique ignoré", kind, who, file=source_name, rows=len(frame))
            return Outcome(False, "Ces données sont déjà publiées à l'identique : rien n'a changé, "
                                  "la version précédente reste disponible.")
        before = store.load_state(data)
        after = store.after_save(before, kind, store.write_content(data, kind, frame), label)
        _apply("import", kind, before, after, sources, data)
        log(data, "import publié", kind, who, file=source_name, rows=len(frame), version=after[kind]["current"])
        return Outcome(True, f"Import publié : {fmt.count(len(frame), 'ligne')} ({kind}).")


def restore(kind: str, sources: Path, data: Path, who: str | None = None) -> bool:
    with publication_lock(data):
        recover(sources, data)
        before = store.load_state(data)
        after = store.after_restore(before, kind)
        if after is None:
            return False
        _apply("restore", kind, before, after, sources, data)
        log(data, "version précédente restaurée", kind, who or default_who(), version=after[kind]["current"])
        return True


def remove(kind: str, sources: Path, data: Path, who: str | None = None) -> bool:
    """Withdraws an imported source (its version becomes the previous one: ``restore`` brings
    it back). False when it is not published."""
    with publication_lock(data):
        recover(sources, data)
        before = store.load_state(data)
        if not before.get(kind, {}).get("current"):
            return False
        after = store.after_save(before, kind, None)
        _apply("retrait", kind, before, after, sources, data)
        log(data, "source retirée", kind, who or default_who(), version=before[kind]["current"])
        return True
