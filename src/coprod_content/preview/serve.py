"""``coprod serve --preview``: the preview under uvicorn, in one process."""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn

from coprod_content.api.app import Settings
from coprod_content.preview.app import PREFIX, PreviewServer
from coprod_content.preview.watch import Watcher


def run(
    content: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    cors_origins: tuple[str, ...] = ("*",),
    access_log: bool = False,
) -> None:
    """Serve the working tree under ``content`` for authors until interrupted.

    Content with problems does not stop it: the pages show the problems until they are fixed.
    """
    app = PreviewServer(Watcher(content), settings=Settings(cors_origins=cors_origins))
    print(f"preview of {content}: http://{host}:{port}{PREFIX}/ (Ctrl+C to stop)", file=sys.stderr)
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=access_log,
        server_header=False,
        proxy_headers=False,
        log_level="warning",
    )
