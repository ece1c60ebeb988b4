"""Read and validate an import without writing anything; shared by the CLI and the upload page."""
from __future__ import annotations

import re
from pathlib import Path

from tidash import formatting as fmt
from tidash import paths
from tidash.ingest import publish
from tidash.ingest.reader import read_table
from tidash.ingest.validate import (
    MAX_PROBLEMS_SHOWN,
    Known,
    Problem,
    Result,
    detect_kind,
    validate_fonds_vert,
    validate_programme,
)


def check(content: bytes, filename: str, year: int | None = None) -> Result:
    """Reads and validates without writing anything."""
    table = read_table(content, filename)
    if table.problems:
        return Result("inconnu", problems=[Problem(None, None, p) for p in table.problems])
    known = Known.from_extracts(paths.extracts_dir())
    if detect_kind(table.header) == "fonds_vert":
        year = year or _year_from_name(filename)
        if year is None:
            return Result("fonds_vert", problems=[Problem(None, None, "export Fonds vert reconnu : précisez "
                                                                      "l'année avec --annee AAAA")])
        result = validate_fonds_vert(table, known, year)
        if result.ok:
            result.frame = publish.normalise_fonds_vert(result.frame, year)
            result.kind = publish.fonds_vert_kind(year)
        return result
    return validate_programme(table, known)


def _year_from_name(filename: str) -> int | None:
    match = re.search(r"(20\d\d)", Path(filename).name)
    return int(match.group(1)) if match else None


def report(result: Result) -> str:
    lines = [f"Import refusé : {fmt.count(len(result.problems), 'problème')}. Rien n'a été écrit."]
    lines += [f"  - {p}" for p in result.problems[:MAX_PROBLEMS_SHOWN]]
    if len(result.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  … et {fmt.count(len(result.problems) - MAX_PROBLEMS_SHOWN, 'autre')}.")
    return "\n".join(lines)
