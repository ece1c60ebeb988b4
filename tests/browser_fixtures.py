"""What every browser test shares: a private app server, Debian's Chromium driven by Playwright,
a page that records requests leaving localhost and console errors, and a wait for a drawn page.
`server` and `browser` are registered in conftest.py: one of each per test process.

Speed (issue 13): `new_page` opens its page in one warm context per browser (Streamlit's bundle and
plotly.js are fetched and compiled once, every new page is still a new Streamlit session), and the
module fixture `drawn_page` keeps one drawn page per (URL, width, height) for the tests that only
read a page; a test that clicks, types, scrolls or routes requests opens its own with `new_page`."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT

from tidash.local_server import free_port, start_background

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
SHOTS = ROOT / "tests" / "screenshots"
NO_CHROMIUM = f"{CHROMIUM} absent : installez le paquet Debian « chromium »"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=NO_CHROMIUM)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright (Python) non installé")


@contextmanager
def running_server(env: dict | None = None):
    """The app on a free port of 127.0.0.1 (with `env` added to the environment): yields its
    base URL and its process, and stops it on the way out."""
    port = free_port()
    process = start_background(port, env=env)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def chromium():
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            _WARM.pop(id(launched), None)
            launched.close()


@pytest.fixture(scope="session")
def server():
    """The app on the repository's data, one per test process (every browser module shares it;
    tests that publish start their own on a private data directory: running_server)."""
    with running_server() as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser():
    with chromium() as launched:
        yield launched


def open_page(browser, url: str, width: int = 1920, height: int = 1080):
    """A new context and page in an English browser; `record` collects the requests that leave
    localhost (`outside`), the console errors (`errors`) and the responses in error (`failed`)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    return (context, *_recorded(context.new_page(), url))


# One warm context per browser (by id: Playwright's Browser), created by the first new_page.
_WARM: dict = {}


def new_page(browser, url: str, width: int = 1920, height: int = 1080):
    """A new page of width × height in the browser's warm English context (see the module text),
    recording as open_page does, but for this page only: (page, record). Close it with page.close()."""
    context = _WARM.get(id(browser))
    if context is None:
        context = _WARM[id(browser)] = browser.new_context(viewport={"width": 1920, "height": 1080},
                                                           locale="en-US")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    return _recorded(page, url)


def _recorded(page, url: str):
    record = {"outside": [], "errors": [], "failed": []}
    host = url.split("//")[1].split("/")[0].split(":")[0]

    def on_request(request):
        target = request.url
        if not target.startswith(("data:", "blob:")) and f"//{host}" not in target and "//localhost" not in target:
            record["outside"].append(target)

    page.on("request", on_request)
    page.on("console", lambda m: record["errors"].append(m.text) if m.type == "error" else None)
    # Every response counts, Streamlit's own probes too: opened by its URL (/territoire), a page
    # once probed /territoire/_stcore/health and host-config (404) before the root (tidash.serve).
    page.on("response", lambda r: record["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return page, record


# Each page as the read-only checks open it (test_browser, test_presentation): one URL per page,
# so that checks of the same page and size in either module share one drawn page.
PAGE_URLS = {"": "", "territoire": "territoire?territory=ti-8401", "comparer": "comparer?territory=ti-8401,ti-8413",
             "regions": "regions?region=84", "financements": "financements", "projets": "projets",
             "programme": "programme", "donnees": "donnees"}
# The modules whose read-only checks share drawn pages run in one test process (make test runs
# pytest-xdist with --dist loadgroup; conftest gives every other module a group of its own).
DRAWN_PAGES_GROUP = pytest.mark.xdist_group("drawn_pages")


@contextmanager
def _pages_by_url(server, browser):
    """get(path, width, height) -> (page, record): `server`/path opened in a new page of the warm
    context and drawn (wait_drawn), once per (URL, width, height); closed on the way out."""
    pages: dict = {}

    def get(path: str = "", width: int = 1920, height: int = 1080):
        key = (path.lstrip("/"), width, height)
        if key not in pages:
            page, record = new_page(browser, server, width, height)
            page.goto(f"{server}/{key[0]}")
            wait_drawn(page)
            pages[key] = page, record
        return pages[key]

    try:
        yield get
    finally:
        for page, _ in pages.values():
            page.close()


@pytest.fixture(scope="session")
def drawn_page(server, browser):
    """drawn_page(path, width, height) -> (page, record): `server`/path opened in a new page and
    drawn (wait_drawn), loaded once per test process and shared by every test that asks for the
    same path and size. READ ONLY: wait for locators, evaluate read-only scripts, take screenshots;
    never click, type, scroll, resize or navigate it (use new_page for that). `record` holds what
    that page did since it was opened, so a test asserting on it still fails for its own page."""
    with _pages_by_url(server, browser) as get:
        yield get


@pytest.fixture(scope="session")
def scrolled_page(server, browser):
    """The same for the tests that scroll and hover a page (the maps further down a profile) but
    never click, type, resize or navigate it: kept apart from drawn_page, whose checks read
    positions in the first screen."""
    with _pages_by_url(server, browser) as get:
        yield get


# The national map (tidash/svg_map.py) is drawn in its component's shadow root: Playwright's CSS
# locators reach into it, a page script reaches it through this expression.
SVG_MAP_ROOT = ("[...document.querySelectorAll('*')].map(e => e.shadowRoot)"
                ".find(r => r && r.querySelector('.ti-map'))?.querySelector('.ti-map')")
# A point inside a territory of that map that nothing covers, in page pixels: {x, y, id}.
SVG_MAP_POINT = """(skip) => {
    const root = %s;
    for (const path of [...root.querySelectorAll('path.territory')].slice(skip)) {
        const b = path.getBBox();
        for (let i = 1; i < 6; i++) for (let j = 1; j < 6; j++) {
            const inside = new DOMPoint(b.x + b.width * i / 6, b.y + b.height * j / 6);
            if (path.style.display !== 'none' && path.isPointInFill(inside)) {
                const screen = inside.matrixTransform(path.getScreenCTM());
                // the path on top there (a neighbour's border may cover the edge of this one)
                const top = root.getRootNode().elementFromPoint(screen.x, screen.y);
                if (top === path) return {x: screen.x, y: screen.y, id: path.dataset.id};
            }
        }
    }
    return null;
}""" % SVG_MAP_ROOT


DRAWN = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return app && app.querySelector("h1, .slide-title")
        && !document.querySelector("[data-testid='stSkeleton']")
        && !document.querySelector("[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningIcon']");
}"""


# DRAWN held at every poll (every 100 ms) for STEADY_MS: a rerun that starts meanwhile (a query
# parameter written back, a fragment) resets the clock. Was: DRAWN, a fixed 1 000 ms, DRAWN again.
STEADY_MS = 500
DRAWN_STEADY = """(steady) => {
    const drawn = (%s)();
    const now = performance.now();
    if (!drawn) { window.__tiDrawnSince = null; return false; }
    if (window.__tiDrawnSince == null) window.__tiDrawnSince = now;
    return now - window.__tiDrawnSince >= steady;
}""" % DRAWN


def wait_drawn(page) -> None:
    page.evaluate("() => { window.__tiDrawnSince = null; }")
    page.wait_for_function(DRAWN_STEADY, arg=STEADY_MS, polling=100, timeout=60_000)


def settled(page, script: str, arg=None, interval: int = 250, timeout: float = 30.0):
    """The result of the read-only `script` once two evaluations `interval` ms apart agree (charts
    laid out, fonts applied): replaces a fixed wait before a measurement."""
    import time

    end = time.monotonic() + timeout
    last = page.evaluate(script, arg)
    while True:
        page.wait_for_timeout(interval)
        current = page.evaluate(script, arg)
        if current == last or time.monotonic() > end:
            return current
        last = current
