"""The server's fast path answers plain GETs itself, with exactly the app's bytes.

Drives ``FastPathProtocol`` in-process on a fake transport, and uvicorn's own httptools
protocol beside it on the same app: the two must answer every page byte for byte alike,
connection handling included.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from litestar import Litestar
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from coprod_content.api.fastpath import FastPathProtocol
from coprod_content.model import Module
from tests.api.routes import get_urls


class Transport(asyncio.Transport):
    """Collects what the protocol writes."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += data

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.close()


class Connection:
    def __init__(
        self,
        app: Litestar,
        loop: asyncio.AbstractEventLoop,
        protocol: type[HttpToolsProtocol] = FastPathProtocol,
    ) -> None:
        config = uvicorn.Config(app, http=protocol, ws="none", access_log=False, log_level="error")
        self.state = ServerState()
        self.state.default_headers = [(b"date", b"Thu, 01 Jan 2026 00:00:00 GMT")]
        self.loop = loop
        self.protocol = protocol(config, self.state, {}, _loop=loop)
        self.transport = Transport()
        self.protocol.connection_made(self.transport)

    def send(self, request: bytes) -> bytes:
        """Feed a request; run the loop until its answer is written; return the answer."""
        self.transport.written.clear()
        self.protocol.data_received(request)
        for _ in range(1000):
            idle = not self.state.tasks and not self.protocol.pipeline
            if idle and (self.transport.written or self.transport.closed):
                break
            self.loop.run_until_complete(asyncio.sleep(0.001))
        return bytes(self.transport.written)


def request(url: str, *headers: str) -> bytes:
    lines = [f"GET {url} HTTP/1.1", "Host: api.example", *headers, "", ""]
    return "\r\n".join(lines).encode()


def test_a_page_is_answered_without_an_asgi_task(
    app: Litestar, loop: asyncio.AbstractEventLoop
) -> None:
    conn = Connection(app, loop)
    conn.protocol.data_received(request("/v1/modules"))
    assert conn.transport.written.startswith(b"HTTP/1.1 200 OK\r\n")  # written synchronously
    assert not conn.state.tasks and conn.protocol.cycle is None
    assert conn.state.total_requests == 1
    assert conn.protocol.timeout_keep_alive_task is not None  # keep-alive armed as uvicorn does


def test_other_requests_go_through_the_app(app: Litestar, loop: asyncio.AbstractEventLoop) -> None:
    for raw in (
        request("/v1/modules?page=2"),
        request("/v1/modules/"),
        request("/v1/modules/coproductio%6E"),
        request("/v1/modules", "Connection: close"),  # uvicorn versions differ in what they
        b"GET /v1/modules HTTP/1.0\r\n\r\n",  # echo: leave closing to uvicorn itself
        b"POST /v1/modules HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        b"HEAD /v1/modules HTTP/1.1\r\nHost: x\r\n\r\n",
    ):
        conn = Connection(app, loop)
        conn.protocol.data_received(raw)
        assert not conn.transport.written
        assert conn.state.tasks  # uvicorn started the ASGI app
        conn.send(b"")


HEADERS = [
    (),
    ("Accept-Encoding: gzip, deflate",),
    ("If-None-Match: *",),
    ("Accept-Encoding: gzip", "If-None-Match: *"),
    ('If-None-Match: "nope"',),
    ("Connection: keep-alive", "Accept-Encoding: gzip"),
]


def test_fast_answers_equal_uvicorns_for_every_page(
    app: Litestar, loop: asyncio.AbstractEventLoop, modules: list[Module]
) -> None:
    urls = get_urls(modules) + [
        f"/v1/modules/{modules[0].id}?richtext=html&answers=false",
        f"/v1/modules/{modules[0].id}?answers=true&richtext=tree",
    ]
    for url in urls:
        for headers in HEADERS:
            fast, slow = Connection(app, loop), Connection(app, loop, HttpToolsProtocol)
            fast.protocol.data_received(request(url, *headers))
            answer = bytes(fast.transport.written)  # written at once: no ASGI task ran
            assert answer == slow.send(request(url, *headers)), (url, headers)
            assert not fast.transport.closed and not slow.transport.closed


def test_pipelined_requests_keep_their_order(
    app: Litestar, loop: asyncio.AbstractEventLoop
) -> None:
    conn = Connection(app, loop)
    answer = conn.send(
        request("/v1/modules/nope") + request("/healthz") + request("/v1/modules?x=1")
    )
    statuses = re.findall(rb"HTTP/1\.1 \d{3} [^\r]*", answer)
    assert statuses == [b"HTTP/1.1 404 Not Found", b"HTTP/1.1 200 OK", b"HTTP/1.1 400 Bad Request"]
    conn = Connection(app, loop)
    answer = conn.send(request("/healthz") + request("/v1/modules/nope") + request("/v1/modules"))
    statuses = re.findall(rb"HTTP/1\.1 \d{3} [^\r]*", answer)
    assert statuses == [b"HTTP/1.1 200 OK", b"HTTP/1.1 404 Not Found", b"HTTP/1.1 200 OK"]
