"""``coprod serve``: the API under uvicorn, one app per worker process.

uvicorn starts workers as fresh processes that import an app factory by name, so the
content folder and the settings reach them through the environment. What is served
comes from git (``catalog.released``): the latest release of each module, and every
released version under ``/v1/modules/{module_id}/versions``. Every connection goes
through ``FastPathProtocol``, and so through the header deadline of ``protocol``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import uvicorn
from litestar import Litestar

from coprod_content.api.app import DEFAULT_SETTINGS, Settings, create_app
from coprod_content.api.fastpath import FastPathProtocol
from coprod_content.catalog import released

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
    catalog = released(os.environ.get(CONTENT_VAR, "content"))
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
    for note in released(content).notes:
        print(f"note: {note}", file=sys.stderr)
    os.environ[CONTENT_VAR] = str(Path(content).resolve())
    os.environ[CORS_VAR] = json.dumps(list(settings.cors_origins))
    os.environ[TIMEOUT_VAR] = str(settings.header_timeout)
    uvicorn.run(
        f"{__name__}:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=FastPathProtocol,
        ws="none",
        access_log=access_log,
        server_header=False,
        proxy_headers=False,
    )
