"""``python -m tidash.workers --workers N [--port 8501]``: N Streamlit processes behind nginx.

A Streamlit process runs every session's script under one GIL: one process serves about one
interaction at a time per core. Here N identical, stateless processes (`tidash.serve` on
127.0.0.1, private ports) share the same read-only catalogue, and nginx (Debian package)
listens on the public port with:
- session affinity: a `ti_worker` cookie set on the first response, hashed to pick the worker
  (a Streamlit session lives in one process: its websocket and its uploads must reach it);
  clients without the cookie (first request) are spread by a random id;
- websocket proxying (`Upgrade`/`Connection` headers, long read timeout, no buffering).
nginx runs as this user, with its configuration, pid, logs and temporary files in a private
directory (removed at exit). See docs/deploiement.md for several machines."""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tidash.local_server import free_port, start_background

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONFIG = """\
worker_processes 1;
daemon off;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    client_max_body_size 60m;  # imports: TI_IMPORT_MAX_MB (50 Mo by default) plus the form
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    # Affinity: the worker is chosen by the ti_worker cookie; a first request has none and
    # gets a random id, which becomes its cookie.
    map $cookie_ti_worker $ti_affinity {{ "" $request_id; default $cookie_ti_worker; }}
    upstream streamlit {{
        hash $ti_affinity consistent;
{servers}
    }}
    server {{
        listen {address}:{port};
        location / {{
            proxy_pass http://streamlit;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
            # Streamlit 1.67 sends « Access-Control-Allow-Origin: * » on its static files and
            # cannot be told not to; the app is same-origin only.
            proxy_hide_header Access-Control-Allow-Origin;
            add_header Set-Cookie "ti_worker=$ti_affinity; Path=/; HttpOnly; SameSite=Lax" always;
            add_header X-TI-Worker $upstream_addr always;
        }}
    }}
}}
"""


def nginx_available() -> bool:
    return Path(NGINX).exists() and os.access(NGINX, os.X_OK)


def nginx_config(run_dir: Path, address: str, port: int, worker_ports: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in worker_ports)
    return CONFIG.format(run=run_dir, address=address, port=port, servers=servers)


@dataclass
class Cluster:
    port: int
    workers: list[subprocess.Popen]
    worker_ports: list[int]
    nginx: subprocess.Popen
    run_dir: Path
    owns_run_dir: bool = field(default=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        for process in [self.nginx, *self.workers]:
            if process.poll() is None:
                process.terminate()
        for process in [self.nginx, *self.workers]:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.owns_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)


def start(workers: int, port: int | None = None, address: str = "127.0.0.1", extra: tuple[str, ...] = (),
          env: dict | None = None) -> Cluster:
    """Starts `workers` app processes and nginx in front of them; returns once nginx answers."""
    if not nginx_available():
        raise RuntimeError("nginx absent : installez le paquet Debian « nginx » (apt-get install -y nginx)")
    port = port or free_port()
    run_dir = Path(tempfile.mkdtemp(prefix="ti-nginx-"))
    processes, ports = [], []
    try:
        for _ in range(workers):
            worker_port = free_port()
            processes.append(start_background(worker_port, *extra, env=env))
            ports.append(worker_port)
        config = run_dir / "nginx.conf"
        config.write_text(nginx_config(run_dir, address, port, ports), encoding="utf-8")
        nginx = subprocess.Popen([NGINX, "-p", str(run_dir), "-c", str(config)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                return Cluster(port, processes, ports, nginx, run_dir)
            except OSError:
                if nginx.poll() is not None:
                    raise RuntimeError("nginx s'est arrêté : " + nginx.stderr.read().decode(errors="replace"))
                time.sleep(0.05)
        raise RuntimeError("nginx ne répond pas")
    except BaseException:
        for process in processes:
            process.terminate()
        shutil.rmtree(run_dir, ignore_errors=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="0.0.0.0")
    args = parser.parse_args(argv)
    cluster = start(args.workers, args.port, args.address)
    print(f"{args.workers} processus Streamlit derrière nginx : http://localhost:{args.port}", flush=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping:
            for process in [cluster.nginx, *cluster.workers]:
                if process.poll() is not None:
                    print("un processus s'est arrêté : arrêt de l'ensemble", file=sys.stderr)
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
