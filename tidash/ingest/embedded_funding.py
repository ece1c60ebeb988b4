"""The embedded funding sources' projects and their attachments, computed once per process for
the same source and extract files: an import then parses and attaches only its own rows
(the embedded 34 050 attachments cost ≈ 2,5 s at every import otherwise). The key is each
file's path, size and modification time, so a rebuild (`make data`) or a copied data folder
with other files is never served a stale answer."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from tidash.extracts import funding
from tidash.extracts.perimeters import Perimeters
from tidash.extracts.reference import REFERENCE_EXTRACTS, Reference

PERIMETER_EXTRACTS = ("territories", "territory_members", "territory_communes")
_computed: dict[tuple, tuple[pd.DataFrame, pd.DataFrame]] = {}


def _files_key(sources: Path, extracts: Path) -> tuple:
    files = [*funding.embedded_source_files(sources),
             *(extracts / f"{name}.parquet" for name in (*REFERENCE_EXTRACTS.values(), *PERIMETER_EXTRACTS))]
    return tuple((str(path.resolve()), stat.st_size, stat.st_mtime_ns) for path in files for stat in [path.stat()])


def _embedded(sources: Path, extracts: Path, ref: Reference, perims: Perimeters) -> tuple[pd.DataFrame, pd.DataFrame]:
    key = _files_key(sources, extracts)
    if key not in _computed:
        _computed.clear()  # one set of files at a time: a server publishes into one data folder
        projects = funding.enrich_projects(pd.concat(funding.embedded_projects(sources), ignore_index=True), ref)
        _computed[key] = projects, funding.attach_projects(projects, perims, ref)
    return _computed[key]


def projects_with_imports(sources: Path, extracts: Path, ref: Reference, perims: Perimeters,
                          national: list[pd.DataFrame], lists: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same projects and attachments as funding.load_projects + funding.attach_projects, in
    the same order: embedded rows of a year an imported national export covers are left out."""
    projects, attachments = _embedded(sources, extracts, ref, perims)
    kept = ~projects["year"].isin(funding.imported_years(national))
    project_parts, attachment_parts = [projects[kept]], [attachments[attachments["project_id"].isin(projects["project_id"][kept])]]
    if national or lists:
        added = funding.enrich_projects(pd.concat([*national, *lists], ignore_index=True), ref)
        project_parts.append(added)
        attachment_parts.append(funding.attach_projects(added, perims, ref))
    all_projects = pd.concat(project_parts, ignore_index=True).sort_values("project_id", ignore_index=True)
    # attach_projects orders by vintage, then by project (projects are sorted by their unique id).
    all_attachments = pd.concat(attachment_parts, ignore_index=True).sort_values(
        ["vintage", "project_id"], kind="stable", ignore_index=True)
    return all_projects, all_attachments
