"""Server CPU per interaction as a browser causes it: Chromium changes the national page's
région (sidebar) and the server process's CPU time is read around each change, the page being
drawn again in between. bench/server_cpu.py drives Streamlit's agent API instead, whose JSON
answer (the whole element tree) a browser never asks for: this measure is the one a user causes.

The first visit of each (région, millésime) view is a « miss »; later visits are « hits ». By
default the server prepares every view after start-up (tidash.warmup) and the measure starts
once it is idle, as a user of `make run` finds it; --cold turns the preparation off.
``python bench/server_cpu_browser.py [--rounds 3]`` prints the figures (ms, idle floor subtracted)."""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run_bench import CHROMIUM, DRAWN, TERRITORIES_MAP, select_option  # noqa: E402
from server_cpu import cpu_ns, summary, wait_idle  # noqa: E402

from tidash.local_server import free_port, start_background  # noqa: E402

REGIONS = [("Bretagne", " · Bretagne · "), ("Grand Est", " · Grand Est · "), ("Toutes les régions", "toutes régions")]
VINTAGES = [("2024 · 183 territoires", "2024 · 183 territoires"), ("2020 · 148 territoires", "2020 · 148 territoires")]
CAPTIONS = "Array.from(document.querySelectorAll(\"[data-testid='stCaptionContainer']\")).map(e => e.innerText).join(' | ')"


def measure(pid: int, page, rounds: int, settle_s: float = 0.3) -> dict:
    misses, hits = [], []
    state = {"Périmètre (millésime)": VINTAGES[0][0], "Région": REGIONS[-1][0]}  # the page as it opens
    seen = {tuple(state.values())}
    for _ in range(rounds):
        for (vintage, vintage_text), (region, region_text) in itertools.product(VINTAGES, REGIONS):
            for label, option, text in (("Périmètre (millésime)", vintage, vintage_text), ("Région", region, region_text)):
                if state[label] == option:
                    continue  # already chosen: no interaction to measure
                time.sleep(settle_s)
                before = cpu_ns(pid)
                select_option(page, label, option)
                page.wait_for_function(f"() => ({CAPTIONS}).includes({json.dumps(text)}) && ({DRAWN})()",
                                       timeout=60_000, polling=50)
                time.sleep(settle_s)  # the post-run work (gc, cleanup) happens after the page is drawn
                spent = (cpu_ns(pid) - before) / 1e6
                state[label] = option
                view = tuple(state.values())
                (hits if view in seen else misses).append(spent)
                seen.add(view)
    return summary(pid, misses, hits, settle_s)


def run(rounds: int = 3, warm: bool = True) -> dict:
    """warm: as `make run` serves (tidash.warmup prepares every view after start-up; measured once
    it is done, the server idle); warm=False: every view computed at its first visit."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_background(port, env={"TI_WARM_VIEWS": "1" if warm else "0"})
    try:
        waited = wait_idle([server.pid]) if warm else 0.0
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="en-US")
            page.add_init_script(f"window.__want = {json.dumps([TERRITORIES_MAP])};")
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_function(DRAWN, timeout=120_000, polling=50)
            result = measure(server.pid, page, rounds)
            browser.close()
        return {**result, "warm": warm, "waited_s": waited}
    finally:
        server.terminate()
        server.wait(15)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="sans préparation des vues (TI_WARM_VIEWS=0)")
    args = parser.parse_args()
    print(json.dumps(run(args.rounds, warm=not args.cold), indent=1))


if __name__ == "__main__":
    main()
