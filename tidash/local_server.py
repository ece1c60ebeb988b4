"""A private app server on 127.0.0.1 for the browser tests, the benchmark and the load test."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tidash.paths import PROJECT_ROOT


def start_background(port: int, *extra: str, env: dict | None = None):
    """Starts the app on 127.0.0.1:port in a child process (tests, benchmark, load test) and
    returns it once /_stcore/health answers."""
    process = subprocess.Popen([sys.executable, "-m", "tidash.serve", "--server.port", str(port),
                                "--server.address", "127.0.0.1", "--server.headless", "true", *extra],
                               cwd=PROJECT_ROOT, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("le serveur Streamlit s'est arrêté au démarrage")
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("le serveur Streamlit n'a pas démarré en 60 s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
