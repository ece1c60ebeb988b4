"""What every browser test shares: a private app server, Debian's Chromium driven by Playwright,
a page that records requests leaving localhost and console errors, and a wait for a drawn page.
`server` and `browser` are registered in conftest.py: one of each per test process."""
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
    page = context.new_page()
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
    return context, page, record


DRAWN = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return app && app.querySelector("h1, .slide-title")
        && !document.querySelector("[data-testid='stSkeleton']")
        && !document.querySelector("[data-testid='stStatusWidget'] [data-testid='stStatusWidgetRunningIcon']");
}"""


def wait_drawn(page) -> None:
    page.wait_for_function(DRAWN, timeout=60_000)
    page.wait_for_timeout(1000)
    page.wait_for_function(DRAWN, timeout=60_000)
