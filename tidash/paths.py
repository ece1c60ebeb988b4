"""Where the sources, the extracts and the SQL files live.

TI_DATA_DIR lets tests and benchmarks point the app at another extract directory
without touching the shipped one.
"""
from __future__ import annotations

from pathlib import Path

from tidash import settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"


def data_dir() -> Path:
    return Path(settings.data_dir_override() or PROJECT_ROOT / "data")


def sources_dir() -> Path:
    return Path(settings.sources_dir_override() or PROJECT_ROOT / "data" / "sources")


def extracts_dir() -> Path:
    return data_dir() / "extracts"


def catalogue_path() -> Path:
    return data_dir() / "ti.duckdb"


def previous_catalogue_path() -> Path:
    """The catalogue as it was before the last publication, kept for comparisons."""
    return data_dir() / "ti.previous.duckdb"


SERVED_GEO_DIR = PROJECT_ROOT / "static" / "geo"
"""What Streamlit's static file server serves at ``/app/static/geo/`` (it serves only the
project's own ``static/`` folder)."""


def static_geo_dir() -> Path:
    """Where the build writes the GeoJSON map layers and the app reads them as dicts.

    Without TI_DATA_DIR: ``static/geo/``, served at ``/app/static/geo/``, so the browser fetches
    and caches each layer once instead of receiving it inside every figure. With TI_DATA_DIR
    (tests, benchmarks): ``$TI_DATA_DIR/static_geo/``, so a private build never rewrites the
    project's served layers. A server started on a private data directory still hands the
    browser the URLs of the served layers: only a full build changes geometry (an import does
    not), and tests that check layers in a browser use the default directory."""
    if settings.data_dir_override():
        return data_dir() / "static_geo"
    return SERVED_GEO_DIR


STATIC_GEO_URL = "/app/static/geo"
LAYER_INDEX = "layers_index.json"  # beside the layers: each layer's feature ids and bounds (written by the build)
