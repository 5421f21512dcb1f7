"""A scripted stand-in for an LRS, for the faults Ralph cannot be made to show.

Each request to ``/xapi/statements`` gets the next scripted reply (status, headers,
body); when the script runs out, the last reply repeats. Every request is recorded
with its query and headers. A reply with ``hang`` set waits (up to a bound) before
answering, to test timeouts; closing the server releases it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b'{"statements": []}'
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False


def page(statements: list[Any], more: str | None = None) -> Reply:
    """A StatementResult reply."""
    result: dict[str, Any] = {"statements": statements}
    if more is not None:
        result["more"] = more
    return Reply(body=json.dumps(result).encode())


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    """Header names in lower case (HTTP header names are case-insensitive)."""


class FakeLrs:
    """A server on 127.0.0.1 answering GET /xapi/statements from a script."""

    def __init__(self, script: list[Reply]) -> None:
        self.script = list(script)
        self.requests: list[Request] = []
        self.released = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                fake.requests.append(Request(url.path, query, headers))
                reply = fake.script.pop(0) if len(fake.script) > 1 else fake.script[0]
                if reply.hang:
                    fake.released.wait(10)
                try:
                    self.send_response(reply.status)
                    for name, value in {
                        "Content-Type": "application/json",
                        **reply.headers,
                    }.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    pass  # the client gave up waiting

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self.server.server_port}/xapi/"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
