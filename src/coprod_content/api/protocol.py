"""uvicorn's httptools protocol with a deadline for request headers, on every request.

uvicorn closes idle keep-alive connections but gives a client all the time it likes to
send a request's headers, so slow or silent clients could hold connections open. This
protocol closes a connection whose headers do not arrive within ``header_timeout``
seconds of connecting, or of the first byte of each further request, whatever then
answers the request (the fast path or litestar). The deadline is a server setting
(``Settings.header_timeout``), read from the app made by ``create_app``.

A request only moves the connection's deadline (one float); one timer per connection
watches it, firing at the earliest deadline it was set to and re-arming itself for a
later one, so a busy keep-alive connection costs no timer per request.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Litestar
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from coprod_content.api.app import DEFAULT_SETTINGS, Published, published

NO_DEADLINE = 0.0
TIMER_GRAIN = 0.001
"""Timers keep whole milliseconds: one may fire this much before the loop time it was set to."""


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
        self.deadline = NO_DEADLINE
        """Loop time at which the connection is closed, unless it moves on before."""
        self.watch: asyncio.TimerHandle | None = None
        self.watch_at = NO_DEADLINE

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the deadline for the first request's headers."""
        super().connection_made(transport)
        self.close_at(self.loop.time() + self.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop watching the deadline."""
        self.deadline = NO_DEADLINE
        if self.watch is not None:
            self.watch.cancel()
            self.watch = None
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        """Start the deadline for this request's headers."""
        self.close_at(self.loop.time() + self.header_timeout)
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        """The headers came in time: no deadline while the request is answered."""
        self.deadline = NO_DEADLINE
        super().on_headers_complete()

    def close_at(self, deadline: float) -> None:
        """Close the connection at loop time ``deadline`` unless the deadline moves before."""
        self.deadline = deadline
        if self.watch is None or deadline < self.watch_at:
            self._watch_until(deadline)

    def _watch_until(self, when: float) -> None:
        if self.watch is not None:
            self.watch.cancel()
        self.watch_at = when
        self.watch = self.loop.call_at(when, self._deadline_check)

    def _deadline_check(self) -> None:
        """Close the connection if its deadline has passed; else watch it again."""
        self.watch = None
        if self.deadline == NO_DEADLINE:
            return
        if self.loop.time() + TIMER_GRAIN < self.deadline:
            self._watch_until(self.deadline)
        elif not self.transport.is_closing():
            self.transport.close()
