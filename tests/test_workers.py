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
