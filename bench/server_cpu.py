"""Server CPU per interaction: one session changes the national page's filters through
Streamlit's agent API (the same script path as a browser) and the server process's CPU time
is read around each interaction with clock_gettime on the process CPU clock
(clock_getcpuclockid: nanoseconds, every thread including the script-runner threads that have
already ended — /proc/<pid>/task/*/schedstat would miss those).

A « miss » is the first time a (millésime, région, indicateur) view is asked for (queries run);
a « hit » is the same view asked again (every query answered from the cache).

``python bench/server_cpu.py [--rounds 2]`` prints the figures; run_bench.py reports them."""
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

from load_test import cpu_ns, post, wait_idle  # noqa: E402, F401 - cpu_ns, wait_idle: server_cpu_browser

from tidash.local_server import free_port, start_background  # noqa: E402

VINTAGES = ["2024 · 183 territoires", "2023 · 149 territoires", "2020 · 148 territoires"]
REGIONS = ["Toutes les régions", "Bretagne", "Grand Est", "Occitanie"]
METRICS = ["Montant engagé", "€ par habitant"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def interact(url: str, session: str, state: dict) -> dict:
    snapshot = post(url, {"session_id": session, "widget_state": state})
    while snapshot.get("error", {}).get("code") == "wait_timed_out":
        snapshot = post(url, {"session_id": session})
    return snapshot


def measure(pid: int, url: str, rounds: int = 2, settle_s: float = 0.25) -> dict:
    """CPU (ms) of each interaction; views are visited once (misses) then `rounds - 1` times (hits)."""
    session = post(url, {})["session_id"]
    views = list(itertools.product(VINTAGES, REGIONS, METRICS))
    misses, hits = [], []
    for round_ in range(rounds):
        for vintage, region, metric in views:
            state = {"_w_vintage": vintage, "_w_region": region, "_w_metric": metric}
            time.sleep(settle_s)
            before = cpu_ns(pid)
            snapshot = interact(url, session, state)
            time.sleep(settle_s)  # the post-run work (gc, orphan cleanup) happens after the answer
            spent = (cpu_ns(pid) - before) / 1e6
            if snapshot.get("status") == "error" or "error" in snapshot:
                raise RuntimeError(json.dumps(snapshot.get("error") or snapshot.get("status"))[:300])
            (misses if round_ == 0 else hits).append(spent)
    return summary(pid, misses, hits, settle_s)


def summary(pid: int, misses: list[float], hits: list[float], settle_s: float) -> dict:
    """Percentiles of the CPU (ms) of misses and hits, less the process's idle floor over the same
    settle window (timers, websocket pings)."""
    idle = []
    for _ in range(10):
        before = cpu_ns(pid)
        time.sleep(2 * settle_s)
        idle.append((cpu_ns(pid) - before) / 1e6)
    floor = percentile(idle, 50)
    misses = [max(0.0, m - floor) for m in misses]
    hits = [max(0.0, h - floor) for h in hits]
    return {"miss_p50_ms": percentile(misses, 50), "miss_p95_ms": percentile(misses, 95),
            "hit_p50_ms": percentile(hits, 50), "hit_p95_ms": percentile(hits, 95),
            "n_miss": len(misses), "n_hit": len(hits), "idle_floor_ms": floor}


def run(rounds: int = 2, extra: tuple[str, ...] = (), env: dict | None = None) -> dict:
    port = free_port()
    # Every view computed at its first visit (no background preparation): this measure is the
    # collector's before / after, on the same work (bench/server_cpu_browser.py measures both).
    server = start_background(port, "--server.enableAgentApi", "true", "--server.agentWaitTimeout", "60", *extra,
                              env={"TI_WARM_VIEWS": "0", **(env or {})})
    try:
        url = f"http://127.0.0.1:{port}/_stcore/agent/interact"
        post(url, {})  # first run of the app: imports, options, start-up caches
        return measure(server.pid, url, rounds)
    finally:
        server.terminate()
        server.wait(15)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("extra", nargs="*", help="extra Streamlit options, e.g. --runner.postScriptGC=true")
    args = parser.parse_args()
    print(json.dumps(run(args.rounds, tuple(args.extra)), indent=1))


if __name__ == "__main__":
    main()
