"""Hostile requests over a real socket to ``coprod serve``: 4xx answers, never 5xx.

These bypass HTTP client libraries, which would normalise or refuse the very bytes
under test (raw ``..`` segments, invalid UTF-8, huge request lines, garbage headers).
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator

import pytest

from tests.api.conftest import CONTENT, Server

MODULE = "/v1/modules/coproduction"


def raw(server: Server, request: bytes, *, timeout: float = 10) -> bytes:
    """Send ``request`` as bytes; return everything the server sends back."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    assert response.startswith(b"HTTP/1.1 "), response[:200]
    return int(response[9:12])


def get(path: bytes, *headers: bytes) -> bytes:
    lines = [b"GET " + path + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close", *headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


@pytest.mark.parametrize(
    "path",
    [
        b"/v1/modules/../../../../etc/passwd",
        b"/v1/modules/coproduction/sections/../../../../etc/passwd",
        b"/v1/modules/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        b"/v1/modules/coproduction/sections/%2E%2E%2F%2E%2E%2Fetc",
        b"/v1/modules/%00",
        b"/v1/modules/\xff\xfe",
        b"/v1/modules/coproduction/sections/\xc0\xaf",
        b"/v1/modules/%C0%AF",
        b"/v1/modules/" + b"a" * 4000,
        b"/v1/modules/coproduction?answers=%FF",
        b"/v1/modules/coproduction?unknown=1",
        b"/v1/modules/coproduction?richtext=" + b"x" * 3000,
    ],
)
def test_hostile_paths_are_client_errors(server: Server, path: bytes) -> None:
    response = raw(server, get(path))
    assert 400 <= status_of(response) < 500
    assert b"root:" not in response and b"Traceback" not in response


def test_over_long_request_line_is_refused(server: Server) -> None:
    response = raw(server, get(b"/v1/modules/" + b"a" * 100_000))
    assert 400 <= status_of(response) < 500


@pytest.mark.parametrize(
    "header",
    [
        b"If-None-Match: garbage-without-quotes",
        b'If-None-Match: "' + b"x" * 5000 + b'"',
        b"If-None-Match: \xff\xfe",
        b"If-None-Match: ,,,,W/",
        b"Accept-Encoding: gzip;q=banana, *;q=-1, br;;;",
    ],
)
def test_garbage_conditional_and_encoding_headers_are_ignored(
    server: Server, header: bytes
) -> None:
    assert status_of(raw(server, get(MODULE.encode(), header))) == 200


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (b"application/json", b'{"answer": true' + b" " * 2000 + b"}"),
        (b"application/json", b"\xff\xfe\x00{"),
        (b"application/json", b"[" * 500 + b"]" * 500),
        (b"text/plain", b"answer=true"),
        (b"text/plain", b'{"answer": true}'),
        (b"application/xml", b'{"answer": true}'),
        (b"application/x-www-form-urlencoded", b"answer=true"),
    ],
)
def test_bad_check_bodies_are_client_errors(
    server: Server, content_type: bytes, body: bytes
) -> None:
    request = b"\r\n".join(
        [
            b"POST " + MODULE.encode() + b"/quiz/feedback-after-design/check HTTP/1.1",
            b"Host: 127.0.0.1",
            b"Connection: close",
            b"Content-Type: " + content_type,
            b"Content-Length: " + str(len(body)).encode(),
            b"",
            body,
        ]
    )
    response = raw(server, request)
    assert 400 <= status_of(response) < 500
    assert b"application/problem+json" in response


@pytest.mark.parametrize("content_type", [b"text/plain", b"application/xml", b"text/json"])
def test_wrong_content_type_is_415_naming_the_header(server: Server, content_type: bytes) -> None:
    body = b'{"answer": true}'
    request = (
        b"POST " + MODULE.encode() + b"/quiz/feedback-after-design/check HTTP/1.1\r\n"
        b"Host: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + content_type + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    response = raw(server, request)
    assert status_of(response) == 415
    payload = response.partition(b"\r\n\r\n")[2]
    problem = json.loads(payload)
    assert problem["type"] == "tag:coprod-content,2026:problem/unsupported-media-type"
    assert problem["errors"] == [
        {
            "in": "header",
            "name": "content-type",
            "detail": f"expected application/json, got {content_type.decode()!r}; send"
            ' {"answer": true} or {"answer": false} with Content-Type: application/json',
        }
    ]


def test_lying_content_length_does_not_hang_or_crash(server: Server) -> None:
    request = (
        b"POST " + MODULE.encode() + b"/quiz/feedback-after-design/check HTTP/1.1\r\n"
        b"Host: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
        b"Content-Length: 999999999\r\n\r\n{}"
    )
    response = raw(server, request)
    assert 400 <= status_of(response) < 500


def test_malformed_request_gets_400(server: Server) -> None:
    assert status_of(raw(server, b"GARBAGE\r\n\r\n")) == 400
    assert status_of(raw(server, b"GET / HTTP/1.1\r\nHost\r\n\r\n")) == 400
    assert status_of(raw(server, get(MODULE.encode(), b"Accept-Encoding: \x00gzip"))) == 400


@pytest.fixture(scope="module")
def impatient() -> Iterator[Server]:
    """A server that gives clients one second (``COPROD_HEADER_TIMEOUT``) to send their
    headers. The variable goes to that process only: set in this one, it would reach the
    session's ``server`` too if that started later, as it does in reverse order."""
    running = Server(
        "--workers", "1", "--content", str(CONTENT), env={"COPROD_HEADER_TIMEOUT": "1"}
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def impatient_logging() -> Iterator[Server]:
    """A server that logs every request, so that none takes the fast path, and gives
    clients one second (the --header-timeout option) to send their headers."""
    running = Server("--workers", "1", "--access-log", "--header-timeout", "1")
    yield running
    running.stop()


SLOW = [b"", b"GET /v1/modules HTTP/1.1\r\n", b"GET /v1/modules HTTP/1.1\r\nHost: x\r\n"]


def disconnected(sock: socket.socket) -> None:
    """Wait for the server to close ``sock`` unanswered, within a few seconds."""
    started = time.monotonic()
    assert sock.recv(1024) == b""  # closed by the server, not answered
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("sent", SLOW)
def test_slow_or_silent_clients_are_disconnected(impatient: Server, sent: bytes) -> None:
    with socket.create_connection(("127.0.0.1", impatient.port), timeout=10) as sock:
        sock.sendall(sent)
        disconnected(sock)
    assert status_of(raw(impatient, get(b"/v1/modules"))) == 200


@pytest.mark.parametrize("sent", SLOW)
def test_the_header_deadline_holds_without_the_fast_path(
    impatient_logging: Server, sent: bytes
) -> None:
    with socket.create_connection(("127.0.0.1", impatient_logging.port), timeout=10) as sock:
        sock.sendall(sent)
        disconnected(sock)


@pytest.mark.parametrize("server_name", ["impatient", "impatient_logging"])
def test_the_header_deadline_holds_for_every_request_on_a_connection(
    server_name: str, request: pytest.FixtureRequest
) -> None:
    """After answered requests (fast path or litestar), a slow next one is cut off too."""
    running: Server = request.getfixturevalue(server_name)
    with socket.create_connection(("127.0.0.1", running.port), timeout=10) as sock:
        for path in (b"/v1/modules", b"/v1/modules/nope", b"/v1/modules?x=1"):
            sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            head = b""
            while b"\r\n\r\n" not in head:
                head += sock.recv(65536)
            length = int(re.search(rb"content-length: (\d+)", head)[1])  # type: ignore[index]
            body = head.partition(b"\r\n\r\n")[2]
            while len(body) < length:
                body += sock.recv(65536)
        sock.sendall(b"GET /v1/modules HTTP/1.1\r\nHost:")
        disconnected(sock)
