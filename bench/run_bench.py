"""``make bench``: performance of the dashboard against a bare Streamlit page, appended to
bench/RESULTS.md with the machine, the date and the versions.

Measures (headless Chromium 1920×1080, server on this machine):
cold start to the national page drawn (map included); warm page draw; filter changes
(vintage, région, metric) p50/p95 over >= 20 changes; bytes sent to the browser per page;
every SQL file p50/p95 on the embedded data and on a synthetic 10-million-row projects table
(generated here, in bench/out/, never shipped); server RSS with 1 and 20 sessions."""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tidash import paths  # noqa: E402
from tidash.local_server import free_port  # noqa: E402

OUT = ROOT / "bench" / "out"
CHROMIUM = "/usr/bin/chromium"
METRIC_LABELS = ["€ par habitant", "Nombre de projets", "Population", "Montant engagé"]
# The national map drawn: tidash/svg_map.py's paths, in the component's shadow root (DRAWN looks there).
TERRITORIES_MAP = ".ti-map[data-drawn] path.territory"
DRAWN = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) return false;
    if (document.querySelector("[data-stale='true']")) return false;
    if (document.querySelector("[data-testid='stSkeleton']")) return false;
    if (document.querySelector("[data-testid='stStatusWidgetRunningIcon']")) return false;
    const want = window.__want || [];
    // The national map (tidash/svg_map.py) is drawn in its component's shadow root.
    const shadows = () => [...document.querySelectorAll("*")].map(e => e.shadowRoot).filter(Boolean);
    return want.every(sel => document.querySelector(sel) || shadows().some(root => root.querySelector(sel)));
}"""


class Server:
    def __init__(self, script: str, *, serve_module: bool):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = ([sys.executable, "-m", "tidash.serve"] if serve_module else
                   [sys.executable, "-m", "streamlit", "run", script])
        command += ["--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
                    "--browser.gatherUsageStats", "false"]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_ready(self) -> None:
        for _ in range(600):
            try:
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def rss_mb(self) -> float:
        total = 0
        for pid in [self.process.pid]:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(15)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def open_and_wait(browser, url: str, want: list[str]) -> tuple[float, object, object, dict]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-US")
    page = context.new_page()
    counted = {"http": 0, "ws": 0}

    def on_response(response):
        try:
            counted["http"] += len(response.body())
        except Exception:
            pass

    page.on("response", on_response)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: counted.__setitem__(
        "ws", counted["ws"] + (len(payload) if payload else 0))))
    page.add_init_script(f"window.__want = {json.dumps(want)};")
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=120_000, polling=50)
    elapsed = time.perf_counter() - start
    return elapsed, context, page, counted


def select_option(page, label: str, option: str) -> None:
    box = page.locator(f"[data-testid='stSelectbox']:has(label:has-text(\"{label}\"))").first
    box.scroll_into_view_if_needed()
    box.click()
    try:
        page.get_by_role("option", name=option, exact=True).first.click(timeout=5_000)
    except Exception:  # noqa: BLE001 - the list did not open under the click (box below a stacked map): type it
        box.locator("input").fill(option)
        page.keyboard.press("Enter")


def timed_change(page, action, expect_js: str) -> float:
    start = time.perf_counter()
    action()
    page.wait_for_function(f"() => ({expect_js}) && ({DRAWN})()", timeout=60_000, polling=20)
    return time.perf_counter() - start


def browser_measures(results: dict) -> None:
    from playwright.sync_api import sync_playwright

    national_want = [TERRITORIES_MAP, "[data-testid='stMetric']"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        for name, script, serve_module, want in (
            ("bare", "bench/bare_app.py", False, ["[data-testid='stMarkdown']"]),
            ("dashboard", "dashboard.py", True, national_want),
        ):
            r = results.setdefault(name, {})
            server = Server(script, serve_module=serve_module)
            server.wait_ready()
            cold, context, page, counted = open_and_wait(browser, server.url, want)
            r["cold_start_s"] = time.perf_counter() - server.started
            r["first_draw_after_ready_s"] = cold
            r["bytes_first_load"] = dict(counted)
            context.close()
            warm = []
            for _ in range(5):
                elapsed, context, page, counted = open_and_wait(browser, server.url, want)
                warm.append(elapsed)
                context.close()
            r["warm_draw_p50_s"] = statistics.median(warm)
            r["warm_draw_max_s"] = max(warm)
            r["bytes_warm_page"] = dict(counted)
            # The same, with the browser's cache warm too (a reload in the same browser profile).
            _, context, page, _ = open_and_wait(browser, server.url, want)
            reloads = []
            for _ in range(5):
                start = time.perf_counter()
                page.reload()
                page.wait_for_function(DRAWN, timeout=120_000, polling=50)
                reloads.append(time.perf_counter() - start)
            context.close()
            r["cached_draw_p50_s"] = statistics.median(reloads)
            r["cached_draw_max_s"] = max(reloads)
            r["rss_1_session_mb"] = server.rss_mb()

            elapsed, context, page, counted = open_and_wait(browser, server.url, want)
            changes = []
            if name == "bare":
                for i in range(21):
                    value = "abc"[(i + 1) % 3]
                    changes.append(timed_change(page, lambda v=value: select_option(page, "Choix", v),
                                                f"document.body.innerText.includes('valeur {value}')"))
            else:
                # Each change is timed until the page caption shows the new view and the run is over.
                caption = "Array.from(document.querySelectorAll(\"[data-testid='stCaptionContainer']\")).map(e => e.innerText).join(' | ')"
                plan = []
                for i in range(6):
                    plan += [("Périmètre (millésime)", "2020 · 148 territoires", "2020 · 148 territoires"),
                             ("Indicateur de la carte", METRIC_LABELS[i % 4], f"« {METRIC_LABELS[i % 4]} »"),
                             ("Région", "Bretagne", " · Bretagne · "),
                             ("Périmètre (millésime)", "2024 · 183 territoires", "2024 · 183 territoires"),
                             ("Région", "Toutes les régions", "toutes régions")]
                for label, option, expect in plan[:25]:
                    changes.append(timed_change(page, lambda l=label, o=option: select_option(page, l, o),
                                                f"({caption}).includes({json.dumps(expect)})"))
            r["filter_changes"] = len(changes)
            r["filter_p50_s"] = percentile(changes, 50)
            r["filter_p95_s"] = percentile(changes, 95)
            context.close()

            contexts = []
            for _ in range(20):
                _, ctx, _, _ = open_and_wait(browser, server.url, want)
                contexts.append(ctx)
            time.sleep(2)
            r["rss_20_sessions_mb"] = server.rss_mb()
            r["rss_per_extra_session_mb"] = (r["rss_20_sessions_mb"] - r["rss_1_session_mb"]) / 19
            for ctx in contexts:
                ctx.close()
            server.stop()

        # Bytes per page of the dashboard (websocket = the app's own data; HTTP = static files).
        server = Server("dashboard.py", serve_module=True)
        server.wait_ready()
        per_page = {}
        for path in ("", "territoire?territory=ti-8401", "comparer?territory=ti-8401,ti-8416", "regions",
                     "financements", "projets", "programme", "donnees"):
            _, context, _, counted = open_and_wait(browser, f"{server.url}/{path}", ["h1"])
            time.sleep(1.5)
            per_page[path.split("?")[0] or "national"] = dict(counted)
            context.close()
        results["dashboard"]["bytes_per_page"] = per_page
        server.stop()
        browser.close()


def query_params(name: str) -> dict:
    import re

    from tidash import db
    defaults = {"vintage": "2024-07", "region": None, "scheme": None, "year": 2023, "id_ti": "ti-8401",
                "text": "usine", "measure": None, "status": None, "min_amount": None, "max_amount": None,
                "limit": 1000, "theme": None, "other_vintage": "2023-08", "other_id_ti": "ti-8401",
                "sort": None, "located": None, "buckets": None, "dimension": "measure"}
    return {k: defaults[k] for k in set(re.findall(r"\$([a-z_]+)", db.sql_text(name)))}


def sql_measures(runs: int = 20) -> dict:
    from tidash import db
    out = {}
    for name in db.query_names():
        if name == "publication_diff_build":  # needs two attached catalogues: bench/compare_bench.py
            continue
        params = query_params(name)
        db.run(name, **params)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            db.run(name, **params)
            times.append((time.perf_counter() - start) * 1000)
        out[name] = {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95)}
    return out


def build_scaled_catalogue(rows: int) -> Path:
    """A copy of the catalogue whose projects table is scaled up to `rows` synthetic rows
    (real rows repeated), with their attachments for every vintage. Built with a memory ceiling
    and on-disk tables (temporary tables live in memory: the first version of this copy held
    16 Go), DuckDB spilling to bench/out/scale/tmp beyond the ceiling."""
    import duckdb

    target = OUT / "scale" / "ti.duckdb"
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir(parents=True)
    shutil.copy2(paths.catalogue_path(), target)
    config = {"memory_limit": os.environ.get("BENCH_MEMORY", "3GB"), "threads": 2,
              "temp_directory": str(target.parent / "tmp"), "preserve_insertion_order": False}
    with duckdb.connect(str(target), config=config) as con:
        con.execute("CREATE TABLE bench_base AS SELECT row_number() OVER (ORDER BY project_id) - 1 AS k, * FROM projects")
        con.execute("CREATE TABLE bench_links AS SELECT * FROM project_territories")
        n = con.execute("SELECT count(*) FROM bench_base").fetchone()[0]
        con.execute("DROP TABLE project_facts")
        con.execute("DELETE FROM project_territories")
        con.execute("DELETE FROM projects")
        con.execute("""INSERT INTO projects SELECT 'SYN-' || i AS project_id, b.* EXCLUDE (k, project_id)
            FROM range($rows) r(i) JOIN bench_base b ON b.k = i % $n""", {"rows": rows, "n": n})
        con.execute("""INSERT INTO project_territories
            SELECT 'SYN-' || i AS project_id, l.* EXCLUDE (project_id)
            FROM range($rows) r(i) JOIN bench_base b ON b.k = i % $n JOIN bench_links l ON l.project_id = b.project_id""",
                    {"rows": rows, "n": n})
        con.execute("DROP TABLE bench_base")
        con.execute("DROP TABLE bench_links")
        con.execute((ROOT / "tidash/extracts/views.sql").read_text(encoding="utf-8").split("-- Each COG-2023")[0])
        con.execute("CHECKPOINT")
    shutil.rmtree(target.parent / "tmp", ignore_errors=True)
    return target.parent


def server_cpu() -> dict:
    """Server CPU per interaction (bench/server_cpu.py, agent API), before (Streamlit's
    gc.collect(2) after every run, nothing frozen) and after (gc.freeze at start-up, no post-run
    collection); and as Chromium causes it (bench/server_cpu_browser.py), the verdict's figure:
    the agent API also builds a JSON tree of the whole page at each interaction, which no
    browser asks for."""
    import server_cpu as cpu
    out = {"before": cpu.run(2, ("--runner.postScriptGC", "true"), env={"TI_GC_FREEZE": "0"}),
           "after": cpu.run(2)}
    if Path(CHROMIUM).exists() and os.environ.get("BENCH_BROWSER", "1") == "1":
        import server_cpu_browser
        try:
            out["browser"] = server_cpu_browser.run(3)  # as `make run` serves: views prepared (tidash.warmup)
            out["browser_cold"] = server_cpu_browser.run(3, warm=False)
        except Exception as error:  # the agent-API figures above are kept, and the report says why
            out["browser_error"] = f"{type(error).__name__}: {error}"[:300]
    return out


def machine() -> dict:
    import duckdb
    import plotly
    import streamlit
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip() \
        if Path(CHROMIUM).exists() else "absent"
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(mem) / 1024 / 1024, 1),
            "python": platform.python_version(), "streamlit": streamlit.__version__, "duckdb": duckdb.__version__,
            "plotly": plotly.__version__, "chromium": chromium}


def map_payload_kb() -> dict:
    from tidash import db
    out = {}
    for vintage in ("2020-10", "2023-08", "2024-07"):
        frame = db.run("territory_shapes", vintage=vintage, region=None)
        features = [{"type": "Feature", "id": i, "properties": {}, "geometry": json.loads(g)}
                    for i, g in zip(frame["id_ti"], frame["geojson_national"])]
        out[vintage] = len(json.dumps({"type": "FeatureCollection", "features": features},
                                      separators=(",", ":"))) / 1024
    return out


def verdict(value: float, target: float) -> str:
    return "atteint" if value <= target else "**manqué**"


def report(results: dict) -> str:
    m, d, b = results["machine"], results.get("dashboard", {}), results.get("bare", {})
    lines = [f"## {results['date']} — {m['cpu']}, {m['cores']} cœurs, {m['memory_gb']} Go",
             "", f"Python {m['python']}, Streamlit {m['streamlit']}, DuckDB {m['duckdb']}, Plotly {m['plotly']}, "
             f"{m['chromium']}. Serveur et navigateur sur la même machine, **partagée ce jour avec d'autres "
             "ingénieurs (charge moyenne mesurée ci-dessous) : les durées absolues sont bruitées, les rapports à la page "
             f"nue mesurée dans le même passage le sont moins.** Charge moyenne au début : {results.get('load', '?')}.", ""]
    if d and "warm_draw_p50_s" in d:
        ratio = lambda key: f"{d[key] / b[key]:.1f}×" if b.get(key) else "—"
        lines += ["| mesure | tableau de bord | page Streamlit nue | rapport | cible | verdict |", "|---|---|---|---|---|---|",
                  f"| démarrage à froid → page nationale dessinée (carte incluse) | {d['cold_start_s']:.2f} s | {b['cold_start_s']:.2f} s | {ratio('cold_start_s')} | — | — |",
                  f"| page nationale dessinée, serveur chaud, navigateur neuf (médiane / max de 5) | {d['warm_draw_p50_s']:.2f} / {d['warm_draw_max_s']:.2f} s | {b['warm_draw_p50_s']:.2f} s | {ratio('warm_draw_p50_s')} | ≤ 2,5 s | {verdict(d['warm_draw_max_s'], 2.5)} |",
                  f"| page nationale dessinée, serveur et cache navigateur chauds (rechargement, médiane / max de 5) | {d['cached_draw_p50_s']:.2f} / {d['cached_draw_max_s']:.2f} s | {b['cached_draw_p50_s']:.2f} s | {ratio('cached_draw_p50_s')} | ≤ 2,5 s | {verdict(d['cached_draw_max_s'], 2.5)} |",
                  f"| changement de filtre p50 ({d['filter_changes']} changements : millésime, région, indicateur) | {d['filter_p50_s']:.2f} s | {b['filter_p50_s']:.2f} s | {ratio('filter_p50_s')} | — | — |",
                  f"| changement de filtre p95 | {d['filter_p95_s']:.2f} s | {b['filter_p95_s']:.2f} s | {ratio('filter_p95_s')} | ≤ 1,0 s | {verdict(d['filter_p95_s'], 1.0)} |",
                  f"| RSS serveur, 1 session | {d['rss_1_session_mb']:.0f} Mo | {b['rss_1_session_mb']:.0f} Mo | {ratio('rss_1_session_mb')} | — | — |",
                  f"| RSS serveur, 20 sessions | {d['rss_20_sessions_mb']:.0f} Mo | {b['rss_20_sessions_mb']:.0f} Mo | — | — | — |",
                  f"| RSS par session supplémentaire | {d['rss_per_extra_session_mb']:.1f} Mo | {b['rss_per_extra_session_mb']:.1f} Mo | — | ≤ 150 Mo | {verdict(d['rss_per_extra_session_mb'], 150)} |",
                  f"| octets reçus, premier chargement (HTTP + websocket) | {d['bytes_first_load']['http'] / 1024:.0f} + {d['bytes_first_load']['ws'] / 1024:.0f} Ko | {b['bytes_first_load']['http'] / 1024:.0f} + {b['bytes_first_load']['ws'] / 1024:.0f} Ko | — | — | — |",
                  ""]
        lines += ["Octets reçus par page (websocket = données de l'application ; HTTP = fichiers statiques, "
                  "mis en cache par le navigateur après la première visite) :", "",
                  "| page | websocket | HTTP |", "|---|---|---|"]
        lines += [f"| {p} | {v['ws'] / 1024:.0f} Ko | {v['http'] / 1024:.0f} Ko |" for p, v in d["bytes_per_page"].items()]
        lines.append("")
    if "pages" in results:
        import pages_bench
        lines += pages_bench.report(results["pages"])
    if "server_cpu" in results:
        before, after = results["server_cpu"]["before"], results["server_cpu"]["after"]
        lines += ["CPU du serveur par interaction (une session, API agent, toutes les threads du processus, "
                  "bench/server_cpu.py ; « échec de cache » = première visite d'une vue, « cache » = vue revue) :", "",
                  "| | avant (gc.collect(2) après chaque exécution) | après (gc.freeze au démarrage) | cible | verdict |",
                  "|---|---|---|---|---|",
                  f"| cache, p50 / p95 | {before['hit_p50_ms']:.0f} / {before['hit_p95_ms']:.0f} ms | "
                  f"{after['hit_p50_ms']:.0f} / {after['hit_p95_ms']:.0f} ms | p95 ≤ 30 ms | {verdict(after['hit_p95_ms'], 30)} |",
                  f"| échec de cache, p50 / p95 | {before['miss_p50_ms']:.0f} / {before['miss_p95_ms']:.0f} ms | "
                  f"{after['miss_p50_ms']:.0f} / {after['miss_p95_ms']:.0f} ms | p95 ≤ 50 ms | {verdict(after['miss_p95_ms'], 50)} |",
                  ""]
        browser = results["server_cpu"].get("browser")
        if results["server_cpu"].get("browser_error"):
            lines += [f"CPU du serveur causé par Chromium : mesure échouée ({results['server_cpu']['browser_error']}).", ""]
        if browser:
            lines += ["Le même CPU causé par Chromium (bench/server_cpu_browser.py : millésime et région changés dans la barre "
                      "latérale de la vue nationale, page redessinée entre deux ; l'API agent ci-dessus construit en plus "
                      "l'arbre JSON de toute la page, qu'aucun navigateur ne demande) — **chiffre retenu pour les cibles** :", "",
                      "| | p50 / p95 | interactions | cible | verdict |", "|---|---|---|---|---|",
                      f"| cache | {browser['hit_p50_ms']:.0f} / {browser['hit_p95_ms']:.0f} ms | {browser['n_hit']} | "
                      f"p95 ≤ 30 ms | {verdict(browser['hit_p95_ms'], 30)} |",
                      f"| échec de cache (première visite d'une vue) | {browser['miss_p50_ms']:.0f} / {browser['miss_p95_ms']:.0f} ms | "
                      f"{browser['n_miss']} | p95 ≤ 50 ms | {verdict(browser['miss_p95_ms'], 50)} |"]
            cold = results["server_cpu"].get("browser_cold")
            if cold:
                lines += [f"| sans préparation des vues (TI_WARM_VIEWS=0) : cache | {cold['hit_p50_ms']:.0f} / "
                          f"{cold['hit_p95_ms']:.0f} ms | {cold['n_hit']} | — | — |",
                          f"| sans préparation des vues : échec de cache | {cold['miss_p50_ms']:.0f} / "
                          f"{cold['miss_p95_ms']:.0f} ms | {cold['n_miss']} | — | — |"]
            lines += ["", f"Vues préparées en arrière-plan au démarrage (tidash.warmup) : mesure commencée "
                      f"{browser.get('waited_s', 0):.0f} s après le démarrage, serveur au repos. Une vue avec un "
                      "dispositif ou un autre indicateur n'est pas préparée : sa première visite coûte le chiffre "
                      "« sans préparation ».", ""]
    if "compare_10m" in results:
        import compare_bench
        lines += compare_bench.report(results["compare_10m"])
    payload = results["map_payload_kb"]
    lines += ["Carte nationale (GeoJSON envoyé, par millésime) : " + ", ".join(
        f"{v} : {kb:.0f} Ko ({verdict(kb, 400)})" for v, kb in payload.items()) + " — cible ≤ 400 Ko.", ""]
    if results.get("sql_10m"):
        lines += ["| requête SQL | p50 (données embarquées) | p95 | verdict ≤ 50 ms | p50 à 10 M projets | p95 | verdict ≤ 500 ms |",
                  "|---|---|---|---|---|---|---|"]
    else:
        lines += ["Requêtes SQL sur les données embarquées (le passage à 10 M projets de chaque requête : "
                  "sauté, BENCH_SQL_SCALED=0) :", "", "| requête SQL | p50 | p95 | verdict ≤ 50 ms |", "|---|---|---|---|"]
    for name, small in results["sql"].items():
        row = f"| {name} | {small['p50_ms']:.1f} ms | {small['p95_ms']:.1f} ms | {verdict(small['p95_ms'], 50)} |"
        big = results.get("sql_10m", {}).get(name)
        if results.get("sql_10m"):
            row += (f" {big['p50_ms']:.0f} ms | {big['p95_ms']:.0f} ms | {verdict(big['p95_ms'], 500)} |" if big
                    else " — | — | — |")
        lines.append(row)
    lines += ["", results.get("notes", ""), ""]
    return "\n".join(lines)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine(),
               "load": Path("/proc/loadavg").read_text().split()[0]}
    print("SQL sur les données embarquées…", flush=True)
    results["sql"] = sql_measures()
    results["map_payload_kb"] = map_payload_kb()
    rows = results["rows"] = int(os.environ.get("BENCH_ROWS", 10_000_000))
    print(f"« Ce qui a changé » à {rows:,} projets…", flush=True)
    import compare_bench
    results["compare_10m"] = compare_bench.run(rows)
    results["sql_10m"] = {}
    # Every SQL file on a full scaled copy of the catalogue, built under a memory ceiling
    # (BENCH_MEMORY, 3GB by default): 3.2 Go of RSS at most (16 Go before), ≈ 6 min of CPU, up to
    # 9 Go of spill files on disk while it is built, 1.4 Go once built (removed after the run).
    # BENCH_SQL_SCALED=0 skips it.
    if os.environ.get("BENCH_SQL_SCALED", "1") == "1":
        print(f"Catalogue synthétique complet à {rows:,} projets…", flush=True)
        scaled = build_scaled_catalogue(rows)
        os.environ["TI_DATA_DIR"] = str(scaled)
        results["sql_10m"] = sql_measures(runs=10)
        del os.environ["TI_DATA_DIR"]
        shutil.rmtree(scaled, ignore_errors=True)
    (OUT / "partial.json").write_text(json.dumps(results, indent=1, default=str))
    print("CPU serveur par interaction (avant / après gc.freeze)…", flush=True)
    results["server_cpu"] = server_cpu()
    (OUT / "partial.json").write_text(json.dumps(results, indent=1, default=str))
    if Path(CHROMIUM).exists() and os.environ.get("BENCH_BROWSER", "1") == "1":
        import pages_bench
        print("Mesures navigateur : pages avec carte à 1920×1080 et 1366×768, page nue…", flush=True)
        results["pages"] = pages_bench.run(changes=8, reloads=3)
        (OUT / "partial.json").write_text(json.dumps(results, indent=1, default=str))
        if os.environ.get("BENCH_LEGACY", "0") == "1":  # the older single-page measures (cold start, RSS, bytes)
            browser_measures(results)
    (OUT / "last.json").write_text(json.dumps(results, indent=1, default=str))
    text = report(results)
    append_results(text)
    print(text)


def append_results(text: str) -> None:
    results_md = ROOT / "bench" / "RESULTS.md"
    if not results_md.exists():
        results_md.write_text("# Résultats de `make bench`\n\nChaque exécution ajoute une section.\n\n")
    with results_md.open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")


if __name__ == "__main__":
    main()
