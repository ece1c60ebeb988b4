"""Writes the empty import templates (CSV and XLSX) from the contract:
``python -m tidash.ingest.template docs/``."""
from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment

from tidash.ingest.contract import COLUMNS, HEADERS

STEM = "modele_suivi_projets"


def write_templates(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"{STEM}.csv"
    csv_path.write_text(";".join(HEADERS) + "\n", encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "projets"
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        requirement = "Obligatoire. " if column.required else f"{column.condition}. " if column.condition \
            else "Facultatif. "
        cell.comment = Comment(requirement + column.description, "ANCT")
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 4)
    xlsx_path = folder / f"{STEM}.xlsx"
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


if __name__ == "__main__":
    for path in write_templates(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
