"""Shared fixtures: the embedded catalogue (built once if missing) and AppTest helpers."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The servers the tests start do not prepare every view in the background (tidash.warmup):
# 9 to 11 s of CPU per server, for views most tests never open. tests/test_warmup.py tests it.
os.environ.setdefault("TI_WARM_VIEWS", "0")

# One app server and one Chromium per test process, shared by every browser test module.
from browser_fixtures import browser, drawn_page, scrolled_page, server  # noqa: E402, F401

from tidash import paths  # noqa: E402

PAGES = ["national", "territoire", "comparer", "regions", "financements", "projets", "programme", "donnees"]


def pytest_sessionstart(session) -> None:
    # Under pytest-xdist only the controller builds (workers start once it has); `make test`
    # builds before pytest anyway.
    if not hasattr(session.config, "workerinput") and not paths.catalogue_path().exists():
        subprocess.run([sys.executable, "-m", "tidash.extracts"], cwd=ROOT, check=True)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items) -> None:
    """Under `--dist loadgroup`, each module's tests run in one process (as with loadfile), except
    the modules that share a named group (browser_fixtures.DRAWN_PAGES_GROUP): run before
    pytest-xdist reads the groups."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(scope="session")
def extracts() -> Path:
    return paths.extracts_dir()


@pytest.fixture
def private_data(tmp_path, monkeypatch) -> Path:
    """A private copy of the published data (TI_DATA_DIR), so a test may import and publish
    without touching the shipped one: the extracts, and the current catalogue with its manifest
    under its versioned name, data/ti.duckdb naming it (the layout a publication leaves)."""
    import os
    import shutil

    target = tmp_path / "data"
    (target / "catalogues").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "extracts", target / "extracts")
    current = Path(os.path.realpath(ROOT / "data" / "ti.duckdb"))
    shutil.copy2(current, target / "catalogues" / current.name)
    if current.with_suffix(".json").exists():
        shutil.copy2(current.with_suffix(".json"), target / "catalogues" / current.with_suffix(".json").name)
    (target / "ti.duckdb").symlink_to(f"catalogues/{current.name}")
    shutil.copytree(paths.SERVED_GEO_DIR, target / "static_geo")  # paths.static_geo_dir() under TI_DATA_DIR
    monkeypatch.setenv("TI_DATA_DIR", str(target))
    return target


def imported_file(data: Path, kind: str = "programme_projects") -> Path | None:
    """The published import file of `kind` in data/imports/, as the import state names it."""
    from tidash.ingest import store

    name = store.load_state(data).get(kind, {}).get("current")
    return store.imports_dir(data) / name if name else None


def app(page: str | None = None, **query):
    """An AppTest of the whole app (navigation + sidebar) opened on one page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    if page and page != "national":
        at.switch_page(f"pages/{page}.py")  # opened directly, as by a link to that page
    at.run()
    return at


def texts(at) -> str:
    """Every text the page shows: titles, markdown, captions, metrics, info boxes, tables."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a colour (« #rrggbb » or « rgb(r, g, b) ») on white."""
    if colour.startswith("#"):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    else:
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 1.05 / (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] + 0.05)
