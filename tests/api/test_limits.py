"""The API's limits from SECURITY.md, reached on a real ``coprod serve``: at the limit
accepted, one past it refused.

The numbers are SECURITY.md's, written out here (the content limits are in
``tests/test_limits.py``). The time limits are waited out on five connections at once,
each waiting on its socket with a deadline: about eleven seconds for all of them.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from coprod_content.model import Module
from tests.api.conftest import Server

IDLE = 5.0  # "idle keep-alive connections close after 5 seconds"
HEADERS = 10.0  # "must finish sending a request's headers within 10 seconds of connecting"
SLACK = 1.5  # how late a close may come: timers, scheduling, two busy cores
EARLY = 0.5  # how early it may seem: the clock starts once the test has read the answer
MARGIN = 1.0  # how long before the header deadline the slow client finishes its headers


def check_url(module: Module) -> str:
    item = module.quiz.items[0]
    return f"/v1/modules/{module.id}/quiz/{item.id}/check"


def padded(size: int) -> bytes:
    body = b'{"answer": true}'
    return body[:-1] + b" " * (size - len(body)) + b"}"


def test_a_body_of_1024_bytes_is_checked_and_one_byte_more_is_413(
    server: Server, module: Module
) -> None:
    headers = {"content-type": "application/json"}
    with httpx.Client(base_url=server.url, headers=headers) as client:
        at_limit = client.post(check_url(module), content=padded(1024))
        over = client.post(check_url(module), content=padded(1025))
    assert len(padded(1024)) == 1024
    assert at_limit.status_code == 200, at_limit.text
    assert over.status_code == 413
    assert over.headers["content-type"] == "application/problem+json"
    assert over.json()["detail"] == "request body is larger than 1024 bytes; send less"


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``sock`` within ``seconds`` (nothing else may arrive)."""
    sock.settimeout(seconds)
    try:
        data = sock.recv(1)
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    assert data == b"", f"unexpected bytes from an idle connection: {data!r}"
    return True


def idle_then_reused_then_closed(
    server: Server, method: str, url: str, body: bytes | None
) -> dict[str, Any]:
    """Answer, stay idle a second under the limit, be answered again, then time the close."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"content-type": "application/json"} if body else {}
    conn.request(method, url, body=body, headers=headers)
    first = conn.getresponse()
    first.read()
    assert conn.sock is not None
    still_open = not closed_within(conn.sock, IDLE - 1.0)
    conn.request(method, url, body=body, headers=headers)
    second = conn.getresponse()
    second.read()
    answered = time.monotonic()
    closed = closed_within(conn.sock, IDLE + SLACK)
    after = time.monotonic() - answered
    conn.close()
    return {
        "statuses": (first.status, second.status),
        "open after 4 s idle": still_open,
        "closed": closed,
        "closed after": after,
    }


def headers_just_inside_the_limit(server: Server) -> dict[str, Any]:
    """A request whose headers end ``MARGIN`` seconds before the limit is answered."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as slow:
        started = time.monotonic()
        slow.sendall(b"GET /v1/modules HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        still_open = not closed_within(slow, HEADERS - MARGIN - (time.monotonic() - started))
        slow.sendall(b"Connection: close\r\n\r\n")
        slow.settimeout(10)
        return {"open before the limit": still_open, "answer": slow.recv(12)}


def trickled(server: Server) -> dict[str, Any]:
    """Headers sent a line every two seconds and never finished are cut off at the limit.

    Each line is a byte the server reads, so a deadline that moved on every read (as an idle
    timeout would) keeps this connection open for as long as the client likes.
    """
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /v1/modules HTTP/1.1\r\n")
        closed = False
        for line in range(int((HEADERS + SLACK) // 2) + 1):
            closed = closed_within(sock, 2.0)
            if closed or time.monotonic() - started > HEADERS + SLACK:
                break
            sock.sendall(b"X-Trickle-%d: x\r\n" % line)
        return {"closed": closed, "closed after": time.monotonic() - started}


def silent(server: Server) -> dict[str, Any]:
    """A connection that sends nothing is closed at the limit."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        started = time.monotonic()
        closed = closed_within(sock, HEADERS + SLACK)
        return {"closed": closed, "closed after": time.monotonic() - started}


def test_idle_keep_alive_closes_after_5_s_and_headers_must_come_within_10_s(
    server: Server, module: Module
) -> None:
    check = json.dumps({"answer": True}).encode()
    runs: dict[str, Callable[[], dict[str, Any]]] = {
        "fast path": lambda: idle_then_reused_then_closed(server, "GET", "/v1/modules", None),
        "app path": lambda: idle_then_reused_then_closed(server, "POST", check_url(module), check),
        "slow headers": lambda: headers_just_inside_the_limit(server),
        "trickle": lambda: trickled(server),
        "silent": lambda: silent(server),
    }
    results: dict[str, dict[str, Any]] = {}

    def run(name: str) -> None:
        results[name] = runs[name]()

    threads = [threading.Thread(target=run, args=(name,)) for name in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == sorted(runs), "a connection did not finish"
    for name in ("fast path", "app path"):
        got = results[name]
        assert got["statuses"] == (200, 200), name
        assert got["open after 4 s idle"] is True, name
        assert got["closed"] is True, name
        assert IDLE - EARLY <= got["closed after"] <= IDLE + SLACK, (name, got)
    assert results["slow headers"] == {"open before the limit": True, "answer": b"HTTP/1.1 200"}
    for name in ("trickle", "silent"):
        assert results[name]["closed"] is True, (name, results[name])
        assert HEADERS - EARLY <= results[name]["closed after"] <= HEADERS + SLACK, (name, results)
