"""`make run WORKERS=2`: two Streamlit processes behind nginx. Each simulated user keeps one
worker (cookie affinity), both workers get users, the websocket upgrade goes through, and
concurrent sessions changing filters through nginx get no error."""
from __future__ import annotations

import base64
import json
import os
import socket
import sys
import urllib.request

import pytest
from conftest import ROOT

from tidash import workers

sys.path.insert(0, str(ROOT / "bench"))

pytestmark = [pytest.mark.slow]
if not workers.nginx_available():
    pytestmark.append(pytest.mark.skip(reason="nginx absent : installez le paquet Debian « nginx » (apt-get install -y nginx)"))


@pytest.fixture(scope="module")
def cluster():
    started = workers.start(2, extra=("--server.enableAgentApi", "true", "--server.agentWaitTimeout", "60"))
    yield started
    started.stop()


def _worker_of(url: str, cookie: str | None) -> tuple[str, str | None]:
    request = urllib.request.Request(url, headers={"Cookie": f"ti_worker={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        ours = [c for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("ti_worker=")]
        return response.headers["X-TI-Worker"], ours[0].split("=", 1)[1].split(";")[0] if ours else None


def test_each_user_keeps_one_worker_and_both_workers_serve(cluster):
    seen = set()
    for _ in range(12):
        worker, cookie = _worker_of(cluster.url + "/_stcore/health", None)  # a new user: no cookie yet
        assert cookie
        seen.add(worker)
        for _ in range(3):  # the same user again: the same worker
            assert _worker_of(cluster.url + "/_stcore/health", cookie)[0] == worker
    assert seen == {f"127.0.0.1:{p}" for p in cluster.worker_ports}


def test_static_files_through_nginx_are_not_open_to_other_origins(cluster):
    with urllib.request.urlopen(cluster.url + "/app/static/geo/regions_national.json", timeout=30) as response:
        assert response.status == 200 and response.read(1) == b"{"
        assert response.headers.get("Access-Control-Allow-Origin") is None


def test_the_websocket_upgrade_is_proxied(cluster):
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", cluster.port), timeout=30) as sock:
        sock.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{cluster.port}\r\n"
                      f"Origin: http://127.0.0.1:{cluster.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Protocol: streamlit\r\n\r\n").encode())
        answer = sock.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 101"), answer[:200]


@pytest.mark.serial  # measures the cluster under its own load only
def test_sessions_changing_filters_through_nginx_get_no_error(cluster):
    from load_test import drive

    result = drive(cluster.url + "/_stcore/agent/interact", sessions=6, seconds=8)
    assert result["interactions"] >= 6, result
    assert result["errors"] == [], json.dumps(result["errors"][:3])



@pytest.mark.serial
def test_a_publication_is_seen_by_every_worker_at_the_next_interaction(private_data, tmp_path):
    """Issue 12: two workers behind nginx read the same catalogue; an import published by another
    process while they run shows on a session of each worker at its next interaction (and on a new
    session), with the figures computed from the new catalogue."""
    import subprocess

    from load_test import metric, post

    from tidash import db
    from tidash import formatting as fmt

    def projects_shown(vintage: str = "2024-07") -> str:  # « Projets financés » computed from the catalogue
        return fmt.integer(db.run("kpis", vintage=vintage, region=None, scheme=None, year=2023).iloc[0]["n_projects"])

    before, before_2023 = projects_shown(), projects_shown("2023-08")
    cluster = workers.start(2, extra=("--server.enableAgentApi", "true", "--server.agentWaitTimeout", "60"))
    try:
        endpoint = cluster.url + "/_stcore/agent/interact"
        pinned = {}  # worker → the affinity cookie of a user it serves
        for i in range(40):
            worker, _ = _worker_of(cluster.url + "/_stcore/health", f"user{i}")
            pinned.setdefault(worker, f"user{i}")
            if len(pinned) == 2:
                break
        assert set(pinned) == {f"127.0.0.1:{p}" for p in cluster.worker_ports}

        def interact(cookie: str, session: str | None, state: dict | None = None) -> tuple[str, str]:
            body = {} if session is None else {"session_id": session, "widget_state": state or {}}
            snapshot = post(endpoint, body, cookie=cookie)
            while snapshot.get("error", {}).get("code") == "wait_timed_out":
                snapshot = post(endpoint, {"session_id": snapshot.get("session_id", session)}, cookie=cookie)
            assert snapshot.get("status") != "error" and "error" not in snapshot, json.dumps(snapshot)[:300]
            return snapshot["session_id"], metric(snapshot.get("tree"), "Projets financés")

        sessions = {}
        for worker, cookie in pinned.items():
            sessions[worker], shown = interact(cookie, None)
            assert shown == before, (worker, shown, before)

        # Another process imports a Fonds vert 2023 export without its last 500 rows, as an operator does
        # (python -m tidash.ingest: recomputes the funding extracts, then publishes, keeping the previous).
        national = ROOT / "data" / "sources" / "financements" / "fonds_vert_2023_export_national.csv"
        lines = national.read_text(encoding="utf-8").splitlines()
        export = tmp_path / "fonds-vert-2023-sans-500.csv"
        export.write_text("\n".join(lines[:-500]) + "\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "tidash.ingest", str(export)], cwd=ROOT, check=True, capture_output=True,
                       env={**os.environ, "TI_DATA_DIR": str(private_data)})
        after = projects_shown()
        assert after != before and db.has_previous()

        after_2023 = projects_shown("2023-08")
        assert after_2023 != before_2023
        for worker, cookie in pinned.items():  # the next interaction of each running session (a sidebar
            # filter: a widget of the map's fragment reruns the fragment only, not the KPI tiles)
            _, shown = interact(cookie, sessions[worker], {"_w_vintage": "2023 · 149 territoires"})
            assert shown == after_2023, (worker, shown, after_2023)
            _, shown = interact(cookie, None)  # and a new session on the same worker
            assert shown == after, (worker, shown, after)
        assert fmt.integer(0) not in (before, after)
    finally:
        cluster.stop()
