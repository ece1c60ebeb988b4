"""``python -m tidash.serve``: starts Streamlit on dashboard.py.

Streamlit treats an app with a pages/ folder as an old-style multipage app until the first
session calls st.navigation; a fresh server's first request for /territoire would then run
that page alone, without the sidebar. The app declares its pages with st.navigation, so the
flag is cleared before the server starts."""
from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from tidash.paths import PROJECT_ROOT


def main() -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "dashboard.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()


def start_background(port: int, *extra: str, env: dict | None = None):
    """Starts the app on 127.0.0.1:port in a child process (tests, benchmark, load test) and
    returns it once /_stcore/health answers."""
    import os
    import subprocess
    import time
    import urllib.request

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
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
