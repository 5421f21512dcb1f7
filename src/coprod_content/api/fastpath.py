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

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE
from uvicorn.server import ServerState

from coprod_content.api import lookup
from coprod_content.api.app import Published
from coprod_content.api.pages import EncodedPage, Headers, Reply
from coprod_content.api.problems import problem_reply
from coprod_content.api.protocol import (
    NO_DEADLINE,
    HeaderTimeoutProtocol,
    litestar_app,
    served_by,
)

Raw = tuple[bytes, bytes, bytes, bytes]
"""A reply ready to write: status line; header lines without the edge headers or the blank
line; body; and the header lines with the edge headers of a request from no allowed origin
and the blank line (what follows uvicorn's own headers in most replies)."""

_SAFE_PATH = re.compile(rb"^(?:/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+$")
"""Paths litestar routes as they are: no percent-escapes, empty segments or trailing slash."""
_VALID_HOST = re.compile(rb"\A[0-9A-Za-z!$&'()*+,;=\-._~:\[\]@%]*\Z")
"""Host values litestar accepts (others get its 400)."""
_HOSTS_KEPT = 64
"""Host values found valid that are remembered (most clients send one or two)."""


def raw(reply: Reply, edge: bytes = b"") -> Raw:
    """A reply as HTTP/1.1 bytes, given the edge header lines of a request from no origin."""
    status, headers, body = reply
    head = _lines(headers)
    return STATUS_LINE[status], head, body, head + edge + b"\r\n"


def _lines(headers: Headers) -> bytes:
    return b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in headers)


class Prepared:
    """One page's replies as HTTP/1.1 bytes, minus uvicorn's headers."""

    __slots__ = ("etag", "page", "raw")

    def __init__(self, page: EncodedPage, edge: bytes = b"") -> None:
        self.page = page
        self.raw = [raw(reply, edge) for reply in page.replies]
        self.etag = page.etags[0].encode("latin-1")

    def pick(self, if_none_match: bytes | None, accept_encoding: bytes | None) -> Raw:
        """The reply to a GET with these request headers (``EncodedPage.choose``)."""
        if accept_encoding is None:  # the plain form: 304 when its own ETag is given
            if if_none_match is None:
                return self.raw[0]
            if if_none_match == self.etag:
                return self.raw[1]
        return self.raw[self.page.choose(_text(if_none_match), _text(accept_encoding))]


def table(served: Published) -> dict[bytes, Prepared]:
    """Every URL spelling that asks for a page, as raw request-target bytes."""
    out: dict[bytes, Prepared] = {}
    edge = _lines(served.edge(None))
    for page in served.pages:
        ready = Prepared(page, edge)
        for url in page.spellings(served.pages.params[page.path]):
            out[url.encode("ascii")] = ready
    return out


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("latin-1")


class FastPath:
    """What the fast path of one app answers: its pages, its misses, its edge headers."""

    def __init__(self, served: Published) -> None:
        self.served = served
        self.origins = frozenset(served.settings.cors_origins)
        self.pages = table(served)
        self.hosts: set[bytes] = set()
        """Host values already found valid."""
        self.edge = functools.lru_cache(maxsize=64)(self._edge)
        self.miss = functools.lru_cache(maxsize=1024)(self._miss)
        """A few recent misses are kept: the same unknown URL asked again costs a lookup."""

    def answer(self, url: bytes, headers: dict[bytes, bytes]) -> Raw | None:
        """The reply to a GET of ``url`` with these (lower-cased) headers, if it answers it."""
        host = headers.get(b"host", b"")
        if host not in self.hosts and not self._valid_host(host):
            return None
        ready = self.pages.get(url)
        if ready is not None:
            found = ready.pick(headers.get(b"if-none-match"), headers.get(b"accept-encoding"))
        else:
            missed = self.miss(url)
            if missed is None:
                return None
            found = missed
        origin = headers.get(b"origin")
        if origin is None or origin.decode("latin-1") not in self.origins:
            return found
        status, head, body, _ = found
        return status, head, body, head + self.edge(origin.decode("latin-1")) + b"\r\n"

    def _valid_host(self, host: bytes) -> bool:
        """Whether litestar accepts this Host value; valid ones are remembered."""
        if not _VALID_HOST.match(host):
            return False
        if len(self.hosts) < _HOSTS_KEPT:
            self.hosts.add(host)
        return True

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
        return raw(problem_reply(404, why.kind, why.detail, text), self._edge(None))


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
    """Uvicorn's httptools protocol, answering pre-encoded GETs and HEADs without an ASGI task.

    Per request it does only what the fast path needs: the ASGI scope is built only for a
    request handed to uvicorn, and the keep-alive deadline of a request it answered moves
    the connection's deadline (see ``protocol``) rather than arming a timer.
    """

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        plain_server = not self.access_log and self.limit_concurrency is None
        self.fast = _fast_path_for(self.app) if plain_server else None
        self.answered = False
        self.idle = False
        """Whether the deadline is the keep-alive one of a request the fast path answered."""
        self._defaults: tuple[object, bytes] = (None, b"")

    def data_received(self, data: bytes) -> None:
        """Parse what came (as uvicorn does); an idle connection is no longer idle."""
        if self.idle:
            self.idle = False
            self.deadline = NO_DEADLINE
        if self.timeout_keep_alive_task is not None:  # armed by uvicorn after the app answered
            self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            msg = "Invalid HTTP request received."
            self.logger.warning(msg)
            self.send_400_response(msg)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()

    def on_message_begin(self) -> None:
        """Start a request: its headers' deadline; the scope waits until the app needs it."""
        deadline = self.deadline = self.loop.time() + self.header_timeout
        if self.watch is None or deadline < self.watch_at:
            self.close_at(deadline)
        self.idle = self.answered = self.expect_100_continue = False
        self.url = b""
        self.headers = []

    def on_headers_complete(self) -> None:
        """Answer a GET or HEAD for a page now, or hand the request to uvicorn."""
        self.deadline = NO_DEADLINE
        fast, parser = self.fast, self.parser
        method = parser.get_method()
        found = None
        if fast is not None and (method == b"GET" or method == b"HEAD") and self._plain(parser):
            found = fast.answer(self.url, dict(self.headers))
        if found is None:
            self._to_app()
            return
        status, _, body, tail = found
        defaults = self.server_state.default_headers
        if defaults is not self._defaults[0]:
            self._defaults = (defaults, b"".join(k + b": " + v + b"\r\n" for k, v in defaults))
        if method == b"HEAD" or not body:
            self.transport.write(status + self._defaults[1] + tail)
        else:
            self.transport.write(b"".join((status, self._defaults[1], tail, body)))
        self.answered = True

    def _to_app(self) -> None:
        """Hand the request to uvicorn, with the scope its ``on_message_begin`` would make."""
        self.scope = {  # type: ignore[typeddict-item]
            "type": "http",
            "asgi": {"version": self.asgi_version, "spec_version": "2.3"},
            "http_version": "1.1",
            "server": self.server,
            "client": self.client,
            "scheme": self.scheme,  # type: ignore[typeddict-item]
            "root_path": self.root_path,
            "headers": self.headers,
            "state": self.app_state.copy(),
        }
        super().on_headers_complete()

    def _plain(self, parser: httptools.HttpRequestParser) -> bool:
        """Whether uvicorn would answer this request at once, on a reusable connection."""
        return (
            parser.should_keep_alive()
            and parser.get_http_version() == "1.1"
            and not parser.should_upgrade()
            and (self.cycle is None or self.cycle.response_complete)
            and not self.pipeline
            and not self.flow.write_paused
        )

    def on_body(self, body: bytes) -> None:
        """Pass a body to uvicorn, unless the fast path answered."""
        if not self.answered:
            super().on_body(body)

    def on_message_complete(self) -> None:
        """End a request; one the fast path answered starts the keep-alive deadline."""
        if not self.answered:
            super().on_message_complete()
            return
        self.server_state.total_requests += 1
        deadline = self.deadline = self.loop.time() + self.timeout_keep_alive
        if deadline < self.watch_at or self.watch is None:
            self.close_at(deadline)
        self.idle = True
