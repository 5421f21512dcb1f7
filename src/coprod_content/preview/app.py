"""``coprod serve --preview``: the working tree, re-checked on every change, for authors.

One ASGI app: ``/preview/...`` are the preview's pages (litestar); every other path
goes to the API (``api.create_app``) built over the working tree as it is now, and
rebuilt whenever the content changes. Broken content never stops the server: its
diagnostics are shown on the pages and the API serves the modules that load.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated

import msgspec
from litestar import Litestar, Response, get
from litestar.params import PathParameter
from litestar.response import Redirect
from litestar.types import LifeSpanScope, Receive, Scope, Send

from coprod_content.api.app import DEFAULT_SETTINGS, Settings, create_app
from coprod_content.preview import page
from coprod_content.preview.watch import Watcher

PREFIX = "/preview"
_TYPES = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "json": "application/json",
    "svg": "image/svg+xml",
    "png": "image/png",
}
Name = Annotated[str, PathParameter(description="A file's name.")]
ModuleId = Annotated[str, PathParameter(description="A module's id.")]
_NO_STORE = {"cache-control": "no-store", "x-content-type-options": "nosniff"}


class PreviewServer:
    """The preview's pages and the API over the working tree, as one ASGI app."""

    def __init__(self, watcher: Watcher, *, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.watcher, self.settings = watcher, settings
        self.pages = pages_app(watcher)
        self._api: Litestar | None = None
        self._api_stamp = -1

    async def __call__(self, scope: Scope | LifeSpanScope, receive: Receive, send: Send) -> None:
        """Answer one ASGI connection: the preview's pages, or the API over the files now."""
        if scope["type"] == "lifespan":  # the pages app starts and stops; API apps need neither
            await self.pages(scope, receive, send)
            return
        path = scope["path"]
        if path in ("/", PREFIX) or path.startswith(PREFIX + "/"):
            await self.pages(scope, receive, send)
        else:
            await self.api()(scope, receive, send)

    def api(self) -> Litestar:
        """The API over the modules that load now."""
        snapshot = self.watcher.current()
        if self._api is None or snapshot.stamp != self._api_stamp:
            self._api = create_app(snapshot.modules, settings=self.settings)
            self._api_stamp = snapshot.stamp
        return self._api


def pages_app(watcher: Watcher) -> Litestar:
    """The preview's own pages over ``watcher``."""
    root = watcher.root.as_posix()
    players: dict[tuple[int, str], dict[str, bytes]] = {}

    @get("/", sync_to_thread=False)
    def home() -> Redirect:
        return Redirect(f"{PREFIX}/")

    @get(f"{PREFIX}/", sync_to_thread=False)
    def overview() -> Response[bytes]:
        return _reply(page.overview(watcher.current(), root), "html", csp=True)

    @get(f"{PREFIX}/status", sync_to_thread=False)
    def status() -> Response[bytes]:
        snapshot = watcher.current()
        body = {"stamp": snapshot.stamp, "problems": len(snapshot.diagnostics)}
        return _reply(msgspec.json.encode(body), "json")

    @get(f"{PREFIX}/assets/{{name:str}}", sync_to_thread=False)
    def static(name: Name) -> Response[bytes]:
        if name not in ("live.js", "preview.css"):
            return _missing()
        folder = resources.files("coprod_content.preview") / "static"
        return _reply((folder / name).read_bytes(), name.rsplit(".", 1)[1])

    @get(f"{PREFIX}/modules/{{module_id:str}}/", sync_to_thread=False)
    def learner(module_id: ModuleId) -> Response[bytes]:
        body = page.learner(watcher.current(), root, module_id)
        return _missing() if body is None else _reply(body, "html", csp=True)

    @get(f"{PREFIX}/modules/{{module_id:str}}/player/{{name:path}}", sync_to_thread=False)
    def player(module_id: ModuleId, name: Name) -> Response[bytes]:
        data = _player_file(watcher, players, module_id, name.lstrip("/"))
        return _missing() if data is None else _reply(data, name.rsplit(".", 1)[-1])

    return Litestar(
        [home, overview, status, static, learner, player], openapi_config=None, logging_config=None
    )


def _player_file(
    watcher: Watcher, players: dict[tuple[int, str], dict[str, bytes]], module_id: str, name: str
) -> bytes | None:
    """A file of the player for ``module_id`` as the files are now (rendered once a change)."""
    snapshot = watcher.current()
    module = next((m for m in snapshot.modules if m.id == module_id), None)
    if module is None:
        return None
    key = (snapshot.stamp, module_id)
    if key not in players:
        players.clear()
        players[key] = page.player_files(module)
    return players[key].get(name)


def _reply(body: bytes, kind: str, *, csp: bool = False) -> Response[bytes]:
    headers = {**_NO_STORE, **({"content-security-policy": page.CSP} if csp else {})}
    media = _TYPES.get(kind, "application/octet-stream")
    return Response(body, media_type=media, headers=headers)


def _missing() -> Response[bytes]:
    body = b"<!doctype html><title>Not found</title><p>Not found. <a href='/preview/'>Back</a>"
    return Response(body, status_code=404, media_type=_TYPES["html"], headers=_NO_STORE)
