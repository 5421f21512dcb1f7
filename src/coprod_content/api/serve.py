"""``coprod serve``: the API under uvicorn, one app per worker process.

uvicorn starts workers as fresh processes that import an app factory by name, so the
content folder and the settings reach them through the environment. What is served
comes from git (``catalog.published``): the latest release of each module, and every
released version under ``/v1/modules/{module_id}/versions``. Every connection goes
through ``FastPathProtocol``, and so through the header deadline of ``protocol``.

With several workers, each binds its own listening socket to the address
(``SO_REUSEPORT``) and the kernel spreads new connections across them. uvicorn's own
way, one listening socket shared by the workers, lets whichever worker wakes first
accept every connection waiting: a burst of keep-alive connections could all land on
one worker while the others idle.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn
from litestar import Litestar
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from coprod_content.api.app import DEFAULT_SETTINGS, Settings, create_app
from coprod_content.api.fastpath import FastPathProtocol
from coprod_content.history.catalog import published

CONTENT_VAR = "COPROD_API_CONTENT"
CORS_VAR = "COPROD_API_CORS_ORIGINS"
TIMEOUT_VAR = "COPROD_HEADER_TIMEOUT"


def settings_from_environment() -> Settings:
    """The settings ``run`` passed to the workers."""
    origins = json.loads(os.environ.get(CORS_VAR, '["*"]'))
    timeout = float(os.environ.get(TIMEOUT_VAR, DEFAULT_SETTINGS.header_timeout))
    return Settings(cors_origins=tuple(origins), header_timeout=timeout)


def app_from_environment() -> Litestar:
    """The app each worker serves (a uvicorn factory)."""
    catalog = published(os.environ.get(CONTENT_VAR, "content"))
    settings = settings_from_environment()
    return create_app(catalog.modules, settings=settings, history=catalog.history)


def run(
    content: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    settings: Settings = DEFAULT_SETTINGS,
    access_log: bool = False,
) -> None:
    """Serve the API over the modules in ``content`` until interrupted.

    Raises:
        ContentError: a module served from its files has problems (found before any worker
            starts).
    """
    for note in published(content).notes:
        print(f"note: {note}", file=sys.stderr)
    os.environ[CONTENT_VAR] = str(Path(content).resolve())
    os.environ[CORS_VAR] = json.dumps(list(settings.cors_origins))
    os.environ[TIMEOUT_VAR] = str(settings.header_timeout)
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "http": FastPathProtocol,
        "ws": "none",
        "access_log": access_log,
        "server_header": False,
        "proxy_headers": False,
    }
    app = f"{__name__}:app_from_environment"
    if workers <= 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(app, **options)
        return
    config = uvicorn.Config(app, **options)
    with contextlib.suppress(KeyboardInterrupt):  # as uvicorn.run
        Multiprocess(config, sockets=[address(host, port)]).run()


class Address(socket.socket):
    """The server's address, bound in the parent process; each worker binds it anew.

    Bound without listening (it keeps the port), with ``SO_REUSEPORT``. uvicorn passes its
    sockets to each worker process by pickling them: this one arrives as a new socket
    bound to the same address with ``SO_REUSEPORT``, which that worker listens on.
    """

    def __reduce__(self) -> tuple[object, tuple[str, int]]:
        """A new socket on this address, in the worker process that unpickles it."""
        host, port = self.getsockname()[:2]
        return reuse_port, (host, port)


def address(host: str, port: int) -> Address:
    """The parent's socket on ``host:port``; exits as uvicorn does if the port is taken.

    The port is first bound alone, so that a server already there (this one or another,
    port reuse or not) makes this one fail rather than share its port.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    logger = logging.getLogger("uvicorn.error")
    try:
        with socket.socket(family) as alone:
            alone.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            alone.bind((host, port))
            port = alone.getsockname()[1]
        sock = Address(family)
        _reusing(sock).bind((host, port))
    except OSError as exc:
        logger.error(exc)
        sys.exit(STARTUP_FAILURE)
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    logger.info("Uvicorn running on http://%s:%d (Press CTRL+C to quit)", shown, port)
    return sock


def reuse_port(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` beside the server's others (``SO_REUSEPORT``)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    _reusing(sock).bind((host, port))
    return sock


def _reusing(sock: socket.socket) -> socket.socket:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    return sock
