"""Browser side of `make bench` (issue 12): every page with a map, at 1920×1080 and 1366×768,
against a bare Streamlit page measured in the same run and the same browser.

- warm reload → map drawn: server and browser cache warm, `page.reload()` until the map's
  shapes are in the page and no element is stale;
- filter change → map visibly redrawn: a sidebar filter (or the slide button) is changed and
  the clock stops when the page caption shows the new view AND the map itself changed (the
  colours, number of shapes or points, or legend of the SVG map differ from before the change).
Reported as ratios to the bare page's reload and selectbox change."""
from __future__ import annotations

import json
import statistics
import time

from run_bench import CHROMIUM, DRAWN, TERRITORIES_MAP, Server, percentile, select_option

VIEWPORTS = [(1920, 1080), (1366, 768)]
CAPTIONS = ("Array.from(document.querySelectorAll(\"[data-testid='stCaptionContainer'], .slide-footer, .slide-title\"))"
            ".map(e => e.innerText).join(' | ')")
POINTS_MAP = ".ti-map[data-drawn] .ti-map-dots circle"  # tidash/svg_map.py, a territory's map (profile page)
MAP_SIGNATURE = """() => {
    const svgMap = [...document.querySelectorAll("*")].map(e => e.shadowRoot)
        .find(r => r && r.querySelector(".ti-map[data-drawn]"))?.querySelector(".ti-map");
    if (svgMap && svgMap.querySelector(".ti-map-dots")) {  // a territory's map: its points
        const dots = [...svgMap.querySelectorAll(".ti-map-dots circle")];
        return "points:" + dots.length + ":" + dots.slice(0, 400).map(c => c.getAttribute("cx")).join(",");
    }
    if (!svgMap) return "";  // every page with a map draws it in SVG (tidash/svg_map.py)
    const shown = [...svgMap.querySelectorAll("path.territory")].filter(p => p.style.display !== "none");
    return "svg:" + shown.length + ":" + svgMap.querySelector(".ti-map-legend-title").textContent + ":" +
        shown.map(p => p.getAttribute("fill")).join(",");
}"""
METRIC_LABELS = ["€ par habitant", "Nombre de projets", "Population", "Montant engagé"]


def _national_plan(n: int) -> list:
    plan = []
    for i in range(n):
        plan += [("Périmètre (millésime)", "2020 · 148 territoires", "2020 · 148 territoires"),
                 ("Indicateur de la carte", METRIC_LABELS[i % 4], f"« {METRIC_LABELS[i % 4]} »"),
                 ("Région", "Bretagne", " · Bretagne · "),
                 ("Périmètre (millésime)", "2024 · 183 territoires", "2024 · 183 territoires"),
                 ("Région", "Toutes les régions", "toutes régions")]
    return plan[:n]


def _region_plan(n: int) -> list:
    plan = []
    for i in range(n):
        plan += [("Périmètre (millésime)", "2020 · 148 territoires", "2020 · 148 territoires"),
                 ("Indicateur de la carte", METRIC_LABELS[i % 4], f"« {METRIC_LABELS[i % 4]} »"),
                 ("Périmètre (millésime)", "2024 · 183 territoires", "2024 · 183 territoires")]
    return plan[:n]


def _territory_plan(n: int) -> list:
    return [("Année", "Toutes les années", "toutes années") if i % 2 == 0 else ("Année", "2023", "année 2023")
            for i in range(n)]


PAGES = {
    # name: (path, selectors that mean « drawn », plan of changes, does the map have an SVG signature)
    "nationale": ("", [TERRITORIES_MAP, "[data-testid='stMetric']"], _national_plan, True),
    "région": ("regions?region=84", [TERRITORIES_MAP], _region_plan, True),
    # A PACA territory: its map has 2024 projects too (PACA file), so a change of year redraws it.
    "territoire": ("territoire?territory=ti-9302", [POINTS_MAP], _territory_plan, True),
    "diaporama": ("reunion?deck=carte,region:84&interval=600", [TERRITORIES_MAP, ".slide-title"], None, True),
}


def _context(browser, size):
    return browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-US")


def _open(page, url: str, want: list[str]) -> float:
    page.add_init_script(f"window.__want = {json.dumps(want)};")
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=120_000, polling=50)
    return time.perf_counter() - start


def _reloads(page, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        page.reload()
        page.wait_for_function(DRAWN, timeout=120_000, polling=50)
        out.append(time.perf_counter() - start)
    return out


def _change(page, action, expect_js: str, svg: bool) -> float:
    before = page.evaluate(MAP_SIGNATURE) if svg else None
    start = time.perf_counter()
    action()
    redrawn = f"(({MAP_SIGNATURE})() !== {json.dumps(before)})" if svg else "true"
    page.wait_for_function(f"() => ({expect_js}) && {redrawn} && ({DRAWN})()", timeout=60_000, polling=20)
    return time.perf_counter() - start


def measure_bare(browser, server: Server, size, changes: int, reloads: int) -> dict:
    context = _context(browser, size)
    page = context.new_page()
    _open(page, server.url, ["[data-testid='stMarkdown']"])
    reload_times = _reloads(page, reloads)
    times = []
    for i in range(changes):
        value = "abc"[(i + 1) % 3]
        times.append(_change(page, lambda v=value: select_option(page, "Choix", v),
                             f"document.body.innerText.includes('valeur {value}')", False))
    context.close()
    return {"reload_p50_s": statistics.median(reload_times), "reload_max_s": max(reload_times),
            "change_p50_s": percentile(times, 50), "change_p95_s": percentile(times, 95), "changes": len(times)}


def measure_page(browser, server: Server, name: str, size, changes: int, reloads: int) -> dict:
    path, want, plan, svg = PAGES[name]
    context = _context(browser, size)
    page = context.new_page()
    _open(page, f"{server.url}/{path}", want)
    reload_times = _reloads(page, reloads)
    times = []
    if plan is None:  # the slides: « Suivant » button, the slide number in the footer
        total = path.split("deck=")[1].split("&")[0].count(",") + 1
        for i in range(changes):
            number = (i + 1) % total + 1
            times.append(_change(page, lambda: page.get_by_role("button", name="Suivant").first.click(),
                                 f"({CAPTIONS}).includes({json.dumps(f'{number} / {total}')})", svg))
    else:
        for label, option, expect in plan(changes):
            times.append(_change(page, lambda l=label, o=option: select_option(page, l, o),
                                 f"({CAPTIONS}).includes({json.dumps(expect)})", svg))
    context.close()
    return {"reload_p50_s": statistics.median(reload_times), "reload_max_s": max(reload_times),
            "change_p50_s": percentile(times, 50), "change_p95_s": percentile(times, 95), "changes": len(times)}


def run(changes: int = 10, reloads: int = 4) -> dict:
    from playwright.sync_api import sync_playwright

    results: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        bare = Server("bench/bare_app.py", serve_module=False)
        dashboard = Server("dashboard.py", serve_module=True)
        try:
            bare.wait_ready()
            dashboard.wait_ready()
            for size in VIEWPORTS:
                key = f"{size[0]}x{size[1]}"
                # Interleaved: the bare page, then each page, so that the machine's load is shared.
                results.setdefault("bare", {})[key] = measure_bare(browser, bare, size, changes, reloads)
                for name in PAGES:
                    print(f"  {name} {key}…", flush=True)
                    results.setdefault(name, {})[key] = measure_page(browser, dashboard, name, size, changes, reloads)
        finally:
            bare.stop()
            dashboard.stop()
            browser.close()
    return results


def report(results: dict) -> list[str]:
    lines = ["Pages avec carte, navigateur sans tête sans GPU, rapport à la page Streamlit nue mesurée dans le même "
             "passage (même navigateur, même charge de la machine). Cibles : changement de filtre → carte redessinée "
             "p95 ≤ 1,5× la page nue ; rechargement chaud → carte dessinée ≤ 2× la page nue.", "",
             "| page | écran | rechargement médiane / max | × nue | changement p50 / p95 | p95 × nue | verdict |",
             "|---|---|---|---|---|---|---|"]
    for size in VIEWPORTS:
        key = f"{size[0]}x{size[1]}"
        bare = results["bare"][key]
        lines.append(f"| page nue | {size[0]}×{size[1]} | {bare['reload_p50_s']:.2f} / {bare['reload_max_s']:.2f} s | 1,0× | "
                     f"{bare['change_p50_s']:.2f} / {bare['change_p95_s']:.2f} s | 1,0× | — |")
        for name in PAGES:
            r = results[name][key]
            reload_ratio = r["reload_p50_s"] / bare["reload_p50_s"]
            change_ratio = r["change_p95_s"] / bare["change_p95_s"]
            ok = reload_ratio <= 2 and change_ratio <= 1.5
            lines.append(
                f"| {name} | {size[0]}×{size[1]} | {r['reload_p50_s']:.2f} / {r['reload_max_s']:.2f} s | "
                f"{reload_ratio:.1f}× | {r['change_p50_s']:.2f} / {r['change_p95_s']:.2f} s ({r['changes']}) | "
                f"{change_ratio:.1f}× | {'atteint' if ok else '**manqué**'} |")
    return [*lines, ""]


if __name__ == "__main__":
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    out = run(int(sys.argv[1]) if len(sys.argv) > 1 else 6, 3)
    print(json.dumps(out, indent=1))
    print("\n".join(report(out)))
