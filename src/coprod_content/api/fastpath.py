"""A fast path for GET and HEAD: uvicorn's httptools protocol, answering them itself.

Every GET page is fixed per content version, so a plain keep-alive GET or HEAD for a
page's URL (any spelling of it, the path form included) is answered straight from the
parser callback with bytes prepared at start-up, without an ASGI task; so is one for a
path without a page, with the 404 problem ``lookup.why`` gives, which the app's handlers
give too. The bytes are exactly those uvicorn and the litestar app send for the same
request (same replies, same added headers, uvicorn's own date header); a test compares
the two, byte for byte. Anything else (other methods, query strings that are not a
page's, paths that need percent-decoding or name a route the fast path leaves alone,
HTTP/1.0, ``Connection: close``, access logging, back-pressure, pipelined requests
behind a slow one) goes through uvicorn and litestar as usual.

Select it with ``uvicorn.run(..., http="coprod_content.api.fastpath:FastPathProtocol")``;
the app must be one made by ``create_app``.
"""

from __future__ import annotations

import asyncio
import functools
import re
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE
from uvicorn.server import ServerState

from coprod_content.api import lookup
from coprod_content.api.app import Published
from coprod_content.api.pages import EncodedPage, Headers, Reply
from coprod_content.api.problems import problem_reply
from coprod_content.api.protocol import HeaderTimeoutProtocol, litestar_app, served_by

Raw = tuple[bytes, bytes, bytes]
"""A reply ready to write: status line, header lines (without the blank line), body."""

_SAFE_PATH = re.compile(rb"^(?:/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+$")
"""Paths litestar routes as they are: no percent-escapes, empty segments or trailing slash."""
_VALID_HOST = re.compile(rb"\A[0-9A-Za-z!$&'()*+,;=\-._~:\[\]@%]*\Z")
"""Host values litestar accepts (others get its 400)."""


def raw(reply: Reply) -> Raw:
    """A reply as HTTP/1.1 bytes."""
    status, headers, body = reply
    return STATUS_LINE[status], _lines(headers), body


def _lines(headers: Headers) -> bytes:
    return b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in headers)


class Prepared:
    """One page's replies as HTTP/1.1 bytes, minus uvicorn's and the edge headers."""

    __slots__ = ("page", "raw")

    def __init__(self, page: EncodedPage) -> None:
        self.page = page
        self.raw = [raw(reply) for reply in page.replies]


def table(served: Published) -> dict[bytes, Prepared]:
    """Every URL spelling that asks for a page, as raw request-target bytes."""
    out: dict[bytes, Prepared] = {}
    for page in served.pages:
        ready = Prepared(page)
        for url in page.spellings(served.pages.params[page.path]):
            out[url.encode("ascii")] = ready
    return out


class FastPath:
    """What the fast path of one app answers: its pages, its misses, its edge headers."""

    def __init__(self, served: Published) -> None:
        self.served = served
        self.pages = table(served)
        self.edge = functools.lru_cache(maxsize=64)(self._edge)
        self.miss = functools.lru_cache(maxsize=1024)(self._miss)
        """A few recent misses are kept: the same unknown URL asked again costs a lookup."""

    def _edge(self, origin: str | None) -> bytes:
        return _lines(self.served.edge(origin))

    def _miss(self, path: bytes) -> Raw | None:
        """The 404 of a path without a page, if the fast path answers it as litestar would."""
        if not _SAFE_PATH.match(path):
            return None
        text = path.decode("ascii")
        found = self.served.routes.match(text)
        if found is None:
            why: lookup.Miss | None = lookup.no_route(text)
        elif "GET" in found.methods and not found.needs_query:
            why = lookup.why(self.served.pages, text, found.template, found.params)
        else:
            return None  # litestar answers 405, or 400 for the query parameter needed
        if why is None:
            return None
        return raw(problem_reply(404, why.kind, why.detail, text))


def _fast_path_for(app: object) -> FastPath | None:
    """The fast path of the ``create_app`` app inside uvicorn's middleware, built once."""
    served = served_by(app)
    found = litestar_app(app)
    if served is None or found is None:
        return None
    if "fast_path" not in found.state:
        found.state["fast_path"] = FastPath(served)
    fast: FastPath = found.state["fast_path"]
    return fast


class FastPathProtocol(HeaderTimeoutProtocol):
    """Uvicorn's httptools protocol, answering pre-encoded GETs and HEADs without an ASGI task."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.fast = _fast_path_for(self.app)
        self.answered = False
        self._defaults: tuple[object, bytes] = (None, b"")

    def on_message_begin(self) -> None:
        """Start a request: nothing answered yet."""
        self.answered = False
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        """Answer a GET or HEAD for a page now, or hand the request to uvicorn."""
        self._cancel_header_timer()
        fast, method = self.fast, self.parser.get_method()
        if fast is None or method not in (b"GET", b"HEAD") or not self._plain():
            super().on_headers_complete()
            return
        if_none_match = accept_encoding = origin = None
        host = b""
        for name, value in self.headers:
            if name == b"if-none-match":
                if_none_match = value.decode("latin-1")
            elif name == b"accept-encoding":
                accept_encoding = value.decode("latin-1")
            elif name == b"origin":
                origin = value.decode("latin-1")
            elif name == b"host":
                host = value
        ready = fast.pages.get(self.url)
        missed = fast.miss(self.url) if ready is None else None
        if (ready is None and missed is None) or not _VALID_HOST.match(host):
            super().on_headers_complete()
            return
        if ready is not None:
            status, head, body = ready.raw[ready.page.choose(if_none_match, accept_encoding)]
        else:
            assert missed is not None
            status, head, body = missed
        if origin is not None and origin not in fast.served.settings.cors_origins:
            origin = None
        lines = status + self._default_lines() + head + fast.edge(origin) + b"\r\n"
        self.transport.write(lines if method == b"HEAD" else lines + body)
        self.answered = True

    def _default_lines(self) -> bytes:
        """Uvicorn's own headers (date, server) as lines; uvicorn replaces them each second."""
        current = self.server_state.default_headers
        if current is not self._defaults[0]:
            self._defaults = (current, b"".join(k + b": " + v + b"\r\n" for k, v in current))
        return self._defaults[1]

    def _plain(self) -> bool:
        """Whether uvicorn would answer this request at once, on a reusable connection."""
        parser = self.parser
        return (
            parser.get_http_version() == "1.1"
            and parser.should_keep_alive()
            and not parser.should_upgrade()
            and not self.access_log
            and self.limit_concurrency is None
            and (self.cycle is None or self.cycle.response_complete)
            and not self.pipeline
            and not self.flow.write_paused
        )

    def on_body(self, body: bytes) -> None:
        """Pass a body to uvicorn, unless the fast path answered."""
        if not self.answered:
            super().on_body(body)

    def on_message_complete(self) -> None:
        """End a request, unless the fast path answered it."""
        if not self.answered:
            super().on_message_complete()
            return
        self.server_state.total_requests += 1
        self._unset_keepalive_if_required()
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )
