"""Debian's nginx serving the static export with the shipped example config, on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

from coprod_content.api.export import nginx_config

NGINX = Path("/usr/sbin/nginx")


def main_config(workdir: Path, server: str, workers: int = 1) -> str:
    """A whole nginx.conf around ``server``: foreground, files under ``workdir``."""
    temp = " ".join(
        f"{kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must read tmp dirs
    return (
        f"{user}worker_processes {workers};\ndaemon off;\npid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n"
        f"  {temp} uwsgi_temp_path {workdir / 'uwsgi'}; scgi_temp_path {workdir / 'scgi'};\n"
        f"{server}\n}}\n"
    )


def start(root: Path, port: int, workdir: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    """Start nginx serving ``root`` (the export's ``api`` folder) on 127.0.0.1:``port``."""
    conf = workdir / "nginx.conf"
    server = nginx_config(str(root), f"127.0.0.1:{port}")
    conf.write_text(main_config(workdir, server, workers), encoding="utf-8")
    log = workdir / "nginx.stderr"
    with log.open("wb") as stderr:
        process = subprocess.Popen([str(NGINX), "-c", str(conf), "-p", str(workdir)], stderr=stderr)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx exited: {log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("nginx did not listen within 10 s")
