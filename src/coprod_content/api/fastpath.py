"""A fast path for pre-encoded GETs: uvicorn's httptools protocol, answering them itself.

Every GET page is fixed per content version, so a plain keep-alive GET for a page's
URL is answered straight from the parser callback with bytes prepared at start-up,
without an ASGI task. The bytes are exactly those uvicorn and the litestar app send for
the same request (same ``Page`` reply, same added headers, uvicorn's own date header); a
test compares the two, byte for byte, for every page. Anything else (other methods, unknown URLs or
query spellings, HTTP/1.0, ``Connection: close``, access logging, back-pressure,
pipelined requests behind a slow one) goes through uvicorn and litestar as usual.

Select it with ``uvicorn.run(..., http="coprod_content.api.fastpath:FastPathProtocol")``;
the app must be one made by ``create_app``.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from litestar import Litestar
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from coprod_content.api.app import Published, published
from coprod_content.api.pages import Headers, Page

HEADER_TIMEOUT = float(os.environ.get("COPROD_HEADER_TIMEOUT", "10"))
"""Seconds a client has to send a request's headers, from connecting or from the first byte
of each request; then the connection is closed, so slow clients cannot hold connections."""

Raw = tuple[bytes, bytes, bytes]
"""A reply ready to write: status line, header lines with the blank line, body."""


class Prepared:
    """One page's four replies as HTTP/1.1 bytes, minus uvicorn's default headers."""

    __slots__ = ("page", "raw")

    def __init__(self, page: Page, extra: Headers) -> None:
        self.page = page
        self.raw: list[Raw] = [
            (STATUS_LINE[status], _lines((*headers, *extra)) + b"\r\n", body)
            for status, headers, body in page.replies
        ]


def _lines(headers: Headers) -> bytes:
    return b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in headers)


def table(served: Published) -> dict[bytes, Prepared]:
    """Every URL spelling that asks for a page, as raw request-target bytes."""
    out: dict[bytes, Prepared] = {}
    for page in served.pages:
        ready = Prepared(page, served.headers)
        for url in page.spellings(served.pages.params[page.path]):
            out[url.encode("ascii")] = ready
    return out


def _table_for(app: object) -> dict[bytes, Prepared]:
    """The table of the litestar app inside uvicorn's middleware, built once per app."""
    while not isinstance(app, Litestar) and hasattr(app, "app"):
        app = app.app
    if not isinstance(app, Litestar):
        return {}
    if "fast_table" not in app.state:
        app.state["fast_table"] = table(published(app))
    found: dict[bytes, Prepared] = app.state["fast_table"]
    return found


class FastPathProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol that answers pre-encoded GETs without an ASGI task."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.fast_table = _table_for(self.app)
        self.answered = False
        self._defaults: tuple[object, bytes] = (None, b"")
        self.header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self.header_timer = self.loop.call_later(HEADER_TIMEOUT, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _headers_too_slow(self) -> None:
        self.header_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def on_message_begin(self) -> None:
        self.answered = False
        self._arm_header_timer()
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        self._cancel_header_timer()
        ready = self.fast_table.get(self.url)
        if ready is None or not self._plain_get():
            super().on_headers_complete()
            return
        if_none_match = accept_encoding = None
        for name, value in self.headers:
            if name == b"if-none-match":
                if_none_match = value.decode("latin-1")
            elif name == b"accept-encoding":
                accept_encoding = value.decode("latin-1")
        status, head, body = ready.raw[ready.page.choose(if_none_match, accept_encoding)]
        self.transport.write(status + self._default_lines() + head + body)
        self.answered = True

    def _default_lines(self) -> bytes:
        """uvicorn's own headers (date, server) as lines; uvicorn replaces them each second."""
        current = self.server_state.default_headers
        if current is not self._defaults[0]:
            self._defaults = (current, b"".join(k + b": " + v + b"\r\n" for k, v in current))
        return self._defaults[1]

    def _plain_get(self) -> bool:
        """Whether uvicorn would answer this request at once, on a reusable connection."""
        parser = self.parser
        return (
            parser.get_method() == b"GET"
            and parser.get_http_version() == "1.1"
            and parser.should_keep_alive()
            and not parser.should_upgrade()
            and not self.access_log
            and self.limit_concurrency is None
            and (self.cycle is None or self.cycle.response_complete)
            and not self.pipeline
            and not self.flow.write_paused
        )

    def on_body(self, body: bytes) -> None:
        if not self.answered:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self.answered:
            super().on_message_complete()
            return
        self.server_state.total_requests += 1
        self._unset_keepalive_if_required()
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )
