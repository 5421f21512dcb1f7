"""uvicorn's httptools protocol with a deadline for request headers, on every request.

uvicorn closes idle keep-alive connections but gives a client all the time it likes to
send a request's headers, so slow or silent clients could hold connections open. This
protocol closes a connection whose headers do not arrive within ``header_timeout``
seconds of connecting, or of the first byte of each further request, whatever then
answers the request (the fast path or litestar). The deadline is a server setting
(``Settings.header_timeout``), read from the app made by ``create_app``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Litestar
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from coprod_content.api.app import DEFAULT_SETTINGS, Published, published


def litestar_app(app: object) -> Litestar | None:
    """The litestar app inside uvicorn's middleware, if there is one."""
    while not isinstance(app, Litestar) and hasattr(app, "app"):
        app = app.app
    return app if isinstance(app, Litestar) else None


def served_by(app: object) -> Published | None:
    """What the ``create_app`` app inside uvicorn's middleware serves, if it is one."""
    found = litestar_app(app)
    return published(found) if found is not None and "published" in found.state else None


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol that closes connections whose headers come too slowly."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        served = served_by(self.app)
        settings = served.settings if served is not None else DEFAULT_SETTINGS
        self.header_timeout = settings.header_timeout
        self.header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the deadline for the first request's headers."""
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the deadline."""
        self._cancel_header_timer()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        """Start the deadline for this request's headers."""
        self._arm_header_timer()
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        """The headers came in time: stop the deadline."""
        self._cancel_header_timer()
        super().on_headers_complete()

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self.header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _headers_too_slow(self) -> None:
        self.header_timer = None
        if not self.transport.is_closing():
            self.transport.close()
