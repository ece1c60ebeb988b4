"""Where the sources, the extracts and the SQL files live.

TI_DATA_DIR lets tests and benchmarks point the app at another extract directory
without touching the shipped one.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"


def data_dir() -> Path:
    return Path(os.environ.get("TI_DATA_DIR", PROJECT_ROOT / "data"))


def sources_dir() -> Path:
    return Path(os.environ.get("TI_SOURCES_DIR", PROJECT_ROOT / "data" / "sources"))


def extracts_dir() -> Path:
    return data_dir() / "extracts"


def catalogue_path() -> Path:
    return data_dir() / "ti.duckdb"


def previous_catalogue_path() -> Path:
    """The catalogue as it was before the last publication, kept for comparisons."""
    return data_dir() / "ti.previous.duckdb"


def static_geo_dir() -> Path:
    """GeoJSON layers served by Streamlit's static file server (``/app/static/geo/``): the
    browser fetches and caches them once instead of receiving them inside every figure."""
    return PROJECT_ROOT / "static" / "geo"


STATIC_GEO_URL = "/app/static/geo"
