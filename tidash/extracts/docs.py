"""Writes docs/extraits.md from the built extracts: ``python -m tidash.extracts.docs``."""
from __future__ import annotations

import pyarrow.parquet as pq

from tidash import paths
from tidash.extract_registry import EXTRACTS


def extracts_markdown() -> str:
    lines = [
        "# Extraits de données",
        "",
        "Construits par `make data` (`python -m tidash.extracts`) à partir de `data/sources/`, écrits en Parquet "
        "dans `data/extracts/` puis chargés dans le catalogue DuckDB `data/ti.duckdb` que l'application ouvre "
        "en lecture seule. Ce fichier est régénéré par `python -m tidash.extracts.docs`.",
        "",
    ]
    for extract in EXTRACTS:
        schema = pq.read_schema(paths.extracts_dir() / f"{extract.name}.parquet")
        rows = pq.ParquetFile(paths.extracts_dir() / f"{extract.name}.parquet").metadata.num_rows
        lines += [f"## `{extract.name}`", "", extract.description + ".", "",
                  f"- Source : {extract.source}", f"- Millésime : {extract.vintage}",
                  f"- Lignes (données embarquées) : {rows}", "", "| colonne | type |", "|---|---|"]
        lines += [f"| `{field.name}` | {field.type} |" for field in schema]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    target = paths.PROJECT_ROOT / "docs" / "extraits.md"
    target.write_text(extracts_markdown(), encoding="utf-8")
    print(target)
