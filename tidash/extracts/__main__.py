"""``python -m tidash.extracts``: every extract from data/sources/, then the DuckDB catalogue."""
from __future__ import annotations

import argparse
import sys

from tidash import paths
from tidash.extracts.pipeline import build_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construit les extraits Parquet et le catalogue DuckDB.")
    parser.add_argument("--if-missing", action="store_true", help="ne fait rien si le catalogue existe")
    args = parser.parse_args(argv)
    if args.if_missing and paths.catalogue_path().exists() and (paths.static_geo_dir() / "regions_national.json").exists():
        print(f"Catalogue présent : {paths.catalogue_path()} (rien à faire)")
        return 0
    build_all(paths.sources_dir(), paths.data_dir())
    return 0


if __name__ == "__main__":
    sys.exit(main())
