"""The server's fast path answers plain GETs and HEADs itself, with exactly the app's bytes.

Drives ``FastPathProtocol`` in-process on a fake transport, and uvicorn's own httptools
protocol beside it on the same app: the two must answer every page, every path form and
every 404 byte for byte alike, connection handling included.
"""

from __future__ import annotations

import asyncio
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from coprod_content.api import Settings, create_app
from coprod_content.api.fastpath import FastPathProtocol
from coprod_content.history import catalog
from coprod_content.model import Module
from tests.api.conftest import ROOT
from tests.api.routes import get_urls, path_form


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


def request(url: str, *headers: str, method: str = "GET") -> bytes:
    lines = [f"{method} {url} HTTP/1.1", "Host: api.example", *headers, "", ""]
    return "\r\n".join(lines).encode()


def test_a_page_is_answered_without_an_asgi_task(
    app: Litestar, loop: asyncio.AbstractEventLoop
) -> None:
    for raw in (
        request("/v1/modules"),
        request("/v1/modules.json"),
        request("/v1/modules/coproduction/quiz.answers-false.json"),
        request("/v1/modules", method="HEAD"),
        request("/v1/modules/nope"),  # a 404 too
        request("/v1/nothing/here", method="HEAD"),
    ):
        conn = Connection(app, loop)
        conn.protocol.data_received(raw)
        assert conn.transport.written.startswith(b"HTTP/1.1 "), raw  # written synchronously
        assert not conn.state.tasks and conn.protocol.cycle is None
        assert conn.state.total_requests == 1
        assert conn.protocol.idle and conn.protocol.deadline > 0  # keep-alive deadline armed


def test_other_requests_go_through_the_app(app: Litestar, loop: asyncio.AbstractEventLoop) -> None:
    for raw in (
        request("/v1/modules?page=2"),
        request("/v1/modules/"),
        request("/v1/modules//coproduction"),
        request("/v1/modules/coproductio%6E"),
        request("/v1/modules/coproduction.json?answers=false"),
        request("/v1/modules/coproduction/quiz/takes-more-time/check"),  # 405
        request("/v1/modules/coproduction/versions/1.0.0/changes"),  # 400: since is needed
        request("/v1/modules", "Connection: close"),  # uvicorn versions differ in what they
        b"GET /v1/modules HTTP/1.0\r\n\r\n",  # echo: leave closing to uvicorn itself
        b"GET http://x/v1/modules HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /v1/modules HTTP/1.1\r\nHost: a b\r\n\r\n",  # litestar refuses the host
        b"POST /v1/modules HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        b"OPTIONS /v1/modules HTTP/1.1\r\nHost: x\r\n\r\n",
    ):
        conn = Connection(app, loop)
        conn.protocol.data_received(raw)
        assert not conn.transport.written, raw
        assert conn.state.tasks  # uvicorn started the ASGI app
        conn.send(b"")


HEADERS = [
    (),
    ("Accept-Encoding: gzip, deflate",),
    ("If-None-Match: *",),
    ("Accept-Encoding: gzip", "If-None-Match: *"),
    ('If-None-Match: "nope"',),
    ("Connection: keep-alive", "Accept-Encoding: gzip"),
    ("Origin: https://a.example",),
]
MISSES = [
    "/v1/modules/nope",
    "/v1/modules/nope.json",
    "/v1/modules/coproduction/sections/nope",
    "/v1/modules/coproduction/quiz/nope",
    "/v1/modules/coproduction/activities/nope",
    "/v1/modules/coproduction/resources/nope",
    "/v1/modules/coproduction/versions",
    "/v1/modules/coproduction/versions/1.0.0",
    "/v1/modules/coproduction/versions/1.0.0/quiz/x",
    "/v1/modules/coproduction/quiz.answers-maybe.json",
    "/v1/schema/nope.json",
    "/v2",
    "/healthz/x",
    "/v1/modules/nope/x/y/z",
]


def same_answers(app: Litestar, loop: asyncio.AbstractEventLoop, raw: bytes) -> bytes:
    """The fast path's answer to ``raw``, after checking that it wrote it at once and that
    uvicorn's own protocol answers the app's exactly alike."""
    fast, slow = Connection(app, loop), Connection(app, loop, HttpToolsProtocol)
    fast.protocol.data_received(raw)
    answer = bytes(fast.transport.written)  # written at once: no ASGI task ran
    assert answer, raw
    assert answer == slow.send(raw), raw
    assert not fast.transport.closed and not slow.transport.closed
    return answer


def test_fast_answers_equal_uvicorns_for_every_page(
    app: Litestar, loop: asyncio.AbstractEventLoop, modules: list[Module]
) -> None:
    urls = get_urls(modules) + [
        f"/v1/modules/{modules[0].id}?richtext=html&answers=false",
        f"/v1/modules/{modules[0].id}?answers=true&richtext=tree",
    ]
    urls += [path_form(url) for url in urls]
    for url in urls + MISSES:
        for method in ("GET", "HEAD"):
            for headers in HEADERS:
                same_answers(app, loop, request(url, *headers, method=method))


def test_allowed_origins_are_echoed_alike(
    modules: list[Module], loop: asyncio.AbstractEventLoop
) -> None:
    app = create_app(modules, settings=Settings(cors_origins=("https://a.example",)))
    for origin in ("https://a.example", "https://b.example"):
        for url in ("/v1/modules", "/v1/modules/nope"):
            answer = same_answers(app, loop, request(url, f"Origin: {origin}"))
            echoed = f"access-control-allow-origin: {origin}\r\n".encode() in answer
            assert echoed is (origin == "https://a.example")
            assert b"vary: Origin\r\n" in answer


SEGMENTS = [
    "v1", "v2", "modules", "coproduction", "nope", "nope.json", "coproduction.json",
    "sections", "what-we-mean", "sections.json", "quiz", "quiz.json", "quiz.answers-false.json",
    "takes-more-time", "check", "versions", "1.0.0", "changes", "pyramid", "activities",
    "resources", "schema", "module.json", "module-detail.json", "healthz", "openapi.json", "x",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=7), st.sampled_from(["GET", "HEAD"])
)
def test_any_path_the_fast_path_answers_is_answered_alike(
    app: Litestar, segments: list[str], method: str
) -> None:
    """Whatever path it is, when the fast path answers, its bytes are the app's."""
    loop = asyncio.new_event_loop()
    try:
        raw = request("/" + "/".join(segments), method=method)
        fast, slow = Connection(app, loop), Connection(app, loop, HttpToolsProtocol)
        fast.protocol.data_received(raw)
        answer = bytes(fast.transport.written)
        expected = slow.send(raw)
        if answer:
            assert answer == expected, raw
        else:
            assert fast.state.tasks  # left to the app, which answers it
            assert fast.send(b"") == expected
    finally:
        loop.close()


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
    answer = conn.send(request("/healthz") + request("/v1/modules?nope") + request("/v1/modules"))
    statuses = re.findall(rb"HTTP/1\.1 \d{3} [^\r]*", answer)
    assert statuses == [b"HTTP/1.1 200 OK", b"HTTP/1.1 400 Bad Request", b"HTTP/1.1 200 OK"]


def test_uvicorn_is_pinned_to_the_minor_version_the_fast_path_is_tested_with() -> None:
    """The fast path subclasses uvicorn's httptools protocol and uses its internals, so
    the project accepts only the uvicorn minor version these tests ran with."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (pin,) = [d for d in pyproject["project"]["dependencies"] if d.startswith("uvicorn")]
    low, high = re.fullmatch(r"uvicorn>=(\d+\.\d+),<(\d+\.\d+)", pin).groups()  # type: ignore[union-attr]
    minor = ".".join(uvicorn.__version__.split(".")[:2])
    assert low == minor, (pin, uvicorn.__version__)
    assert high == f"0.{int(minor.split('.')[1]) + 1}"
    for lock in ("requirements.lock", "requirements-test.lock"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        assert re.search(rf"^uvicorn=={re.escape(minor)}\.\d+$", text, re.M), lock


def test_fast_answers_equal_uvicorns_for_changes_in_either_form(
    released_content: Path, loop: asyncio.AbstractEventLoop
) -> None:
    published = catalog.published(released_content)
    app = create_app(published.modules, history=published.history)
    base = "/v1/modules/kinds/versions/1.1.0/changes"
    bodies = set()
    for url in (
        f"{base}?since=1.0.0&richtext=html",
        f"{base}?richtext=html&since=1.0.0",
        f"{base}.richtext-html.since-1.0.0.json",
        f"{base}?since=1.0.0",
        f"{base}?richtext=tree&since=1.0.0",
        f"{base}.since-1.0.0.json",
    ):
        for method in ("GET", "HEAD"):
            answer = same_answers(app, loop, request(url, method=method))
            assert answer.startswith(b"HTTP/1.1 200 OK\r\n"), url
            bodies.add(answer)
    assert len(bodies) == 4  # GET and HEAD of the tree form and of the HTML form
