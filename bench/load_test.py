"""Load test, bounded and on localhost only: N concurrent sessions change the shared filters
(vintage, région, map metric) for a fixed time through Streamlit's agent API, which runs the
same script path as a browser interaction (rerun, callbacks, widget validation).

``python bench/load_test.py [--sessions 50] [--seconds 60]``; the results are appended to
bench/RESULTS.md. The agent API is switched on only for this private server instance."""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import datetime as dt
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run_bench import append_results  # noqa: E402

from tidash import formatting as fmt  # noqa: E402
from tidash.local_server import free_port, start_background  # noqa: E402

VINTAGES = {"2020 · 148 territoires": "148", "2023 · 149 territoires": "149", "2024 · 183 territoires": "183"}
REGIONS = ["Toutes les régions", "Bretagne", "Grand Est", "Auvergne-Rhône-Alpes", "Occitanie", "Guadeloupe"]
METRICS = ["Montant engagé", "€ par habitant", "Nombre de projets", "Population"]
MAX_SESSIONS, MAX_SECONDS = 200, 600


def post(url: str, body: dict, timeout: float = 120, cookie: str | None = None) -> dict:
    headers = {"content-type": "application/json"}
    if cookie:  # behind nginx: the affinity cookie keeps a user on its worker
        headers["Cookie"] = f"ti_worker={cookie}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def metric(tree, label: str):
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "metric" and node.get("props", {}).get("label") == label:
                return node["props"].get("value")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def session_loop(url: str, deadline: float, seed: int, latencies: list, errors: list, lock: threading.Lock,
                 pause_s: float = 0.0) -> None:
    rng = random.Random(seed)
    cookie = f"user{seed}x{random.getrandbits(32)}"
    try:
        snapshot = post(url, {}, cookie=cookie)
        session = snapshot["session_id"]
    except Exception as error:  # noqa: BLE001 - every failure is counted, none hidden
        with lock:
            errors.append(f"création : {error}")
        return
    while time.time() < deadline:
        change = rng.choice(["vintage", "region", "metric"])
        state = {"vintage": {"_w_vintage": rng.choice(list(VINTAGES))},
                 "region": {"_w_region": rng.choice(REGIONS)},
                 "metric": {"_w_metric": rng.choice(METRICS)}}[change]
        start = time.perf_counter()
        try:
            snapshot = post(url, {"session_id": session, "widget_state": state}, cookie=cookie)
            while snapshot.get("error", {}).get("code") == "wait_timed_out":
                snapshot = post(url, {"session_id": session}, cookie=cookie)
            elapsed = time.perf_counter() - start
            problem = None
            if snapshot.get("status") == "error" or "error" in snapshot:
                problem = json.dumps(snapshot.get("error") or snapshot.get("status"))[:200]
            elif change == "vintage" and metric(snapshot.get("tree"), "Territoires") is None:
                problem = "indicateur « Territoires » absent"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            elapsed, problem = time.perf_counter() - start, f"{type(error).__name__}: {error}"
        with lock:
            latencies.append(elapsed)
            if problem:
                errors.append(problem)
        if pause_s:  # a user who acts every `pause_s` seconds (think time), not continuously
            time.sleep(max(0.0, rng.uniform(0.5, 1.5) * pause_s - elapsed))


def drive(url: str, sessions: int, seconds: float, pause_s: float = 0.0) -> dict:
    """`sessions` users on the agent API at `url` for `seconds`; every failure is counted."""
    sessions, seconds = min(sessions, MAX_SESSIONS), min(seconds, MAX_SECONDS)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.time() + seconds
    threads = [threading.Thread(target=session_loop, args=(url, deadline, i, latencies, errors, lock, pause_s))
               for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 180)
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))] if ordered else float("nan")
    return {"sessions": sessions, "seconds": seconds, "pause_s": pause_s, "interactions": len(latencies),
            "errors": errors, "p50_s": pick(0.5), "p95_s": pick(0.95), "max_s": max(ordered) if ordered else float("nan"),
            "mean_s": statistics.fmean(ordered) if ordered else float("nan")}


def _rss_mb(pid: int) -> float:
    return next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                if line.startswith("VmRSS")) / 1024


AGENT = ("--server.enableAgentApi", "true", "--server.agentWaitTimeout", "60")


class _Timespec(ctypes.Structure):
    _fields_ = [("seconds", ctypes.c_long), ("nanoseconds", ctypes.c_long)]


_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def cpu_ns(pid: int) -> int:
    """CPU time (user + system) of every thread the process ever ran, in nanoseconds."""
    clock, spec = ctypes.c_int(), _Timespec()
    error = _libc.clock_getcpuclockid(pid, ctypes.byref(clock))
    if error or _libc.clock_gettime(clock, ctypes.byref(spec)):
        raise OSError(error or ctypes.get_errno(), f"horloge CPU du processus {pid} illisible")
    return spec.seconds * 1_000_000_000 + spec.nanoseconds


def wait_idle(pids: list[int], quiet_ms: float = 20.0, window_s: float = 1.0, timeout_s: float = 180.0) -> float:
    """Waits until the server processes spend under `quiet_ms` of CPU in `window_s` (tidash.warmup
    prepares every view in the background after start-up); returns the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        before = sum(cpu_ns(pid) for pid in pids)
        time.sleep(window_s)
        if (sum(cpu_ns(pid) for pid in pids) - before) / 1e6 < quiet_ms:
            return time.monotonic() - start
    print(f"serveur toujours occupé après {timeout_s:.0f} s : mesure commencée quand même", file=sys.stderr)
    return time.monotonic() - start


def run(sessions: int, seconds: float, workers: int | None = None, pause_s: float = 0.0) -> dict:
    """The load test on one private server (workers=None), or through nginx in front of
    `workers` processes (tidash.workers)."""
    if workers is None:
        port = free_port()
        server = start_background(port, *AGENT)
        url, pids, stop = f"http://127.0.0.1:{port}", [server.pid], lambda: (server.terminate(), server.wait(15))
    else:
        from tidash import workers as cluster_module
        cluster = cluster_module.start(workers, extra=AGENT)
        url, pids, stop = cluster.url, [w.pid for w in cluster.workers], cluster.stop
    try:
        wait_idle(pids)  # the views prepared after start-up (tidash.warmup), as on a server that has been up
        endpoint = url + "/_stcore/agent/interact"
        for i in range(max(1, workers or 1) * 2):
            post(endpoint, {}, cookie=f"warm{i}")  # warm the caches, as a real server would be
        result = drive(endpoint, sessions, seconds, pause_s)
        result["rss_mb"] = sum(_rss_mb(pid) for pid in pids)
        result["workers"] = workers
    finally:
        stop()
    return result


def report(result: dict) -> str:
    where = ("un processus Streamlit, sans nginx" if result.get("workers") is None else
             f"nginx devant {result['workers']} processus Streamlit")
    rhythm = (f"chacune agit toutes les {result['pause_s']:.0f} s environ" if result.get("pause_s")
              else "en continu")
    return "\n".join([
        f"### Charge — {dt.datetime.now():%Y-%m-%d %H:%M} — {where}",
        "",
        f"{result['sessions']} sessions simultanées changent millésime, région et indicateur pendant "
        f"{result['seconds']:.0f} s, {rhythm} (API agent de Streamlit, même machine à 2 cœurs que le générateur) : "
        f"{result['interactions']} interactions, {fmt.count(len(result['errors']), 'erreur')} ; latence p50 {result['p50_s']:.2f} s, "
        f"p95 {result['p95_s']:.2f} s, max {result['max_s']:.2f} s ; RSS serveur en fin d'essai {result['rss_mb']:.0f} Mo.",
        *(f"- erreur : {e}" for e in result["errors"][:10]),
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=None, help="through nginx in front of N processes")
    parser.add_argument("--pause", type=float, default=0.0, help="each session acts every PAUSE seconds")
    args = parser.parse_args()
    result = run(args.sessions, args.seconds, args.workers, args.pause)
    text = report(result)
    append_results(text)
    print(text)


if __name__ == "__main__":
    main()
