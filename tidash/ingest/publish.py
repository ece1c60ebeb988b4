"""Validated imports → new extracts → new catalogue, swapped in atomically."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from tidash.extracts import perimeters, reference
from tidash.extracts.funding import fonds_vert_2023_projects
from tidash.extracts.pipeline import Progress, funding_frames, publish_catalogue, write_extracts
from tidash.ingest import store


def fonds_vert_kind(year: int) -> str:
    return f"fonds_vert_{year}"


def normalise_fonds_vert(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return fonds_vert_2023_projects(frame, source=f"fonds_vert_{year}_import", year=year, prefix=f"FV{year}I")


def rebuild_from_imports(sources: Path, data: Path) -> None:
    progress = Progress()
    progress.step("Recalcul des financements avec les fichiers importés…")
    ref = reference.build_reference(sources)
    perims = perimeters.build_perimeters(sources, ref)
    write_extracts(funding_frames(sources, data, ref, perims), data / "extracts", progress)
    publish_catalogue(data, progress, keep_previous=True)


def publish(kind: str, frame: pd.DataFrame, sources: Path, data: Path) -> None:
    store.save(data, kind, frame)
    rebuild_from_imports(sources, data)


def restore(kind: str, sources: Path, data: Path) -> bool:
    if not store.restore(data, kind):
        return False
    rebuild_from_imports(sources, data)
    return True
