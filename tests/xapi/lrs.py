"""A real LRS on loopback for the xAPI and cmi5 tests: Ralph behind a small front.

``Ralph`` runs Ralph 5.1.0 (``ralph_server.py``) as a subprocess with its file-system
backend: it stores and serves **Statements**, validates them with its own models and
checks Basic credentials against an auth file.

``Front`` is what the browser talks to (``endpoint`` = ``<front>/xAPI/``). It
does only what Ralph does not:

* ``/xAPI/statements``: forwarded to Ralph byte for byte (method, query, body,
  ``Authorization``, ``Content-Type``, ``X-Experience-API-Version``); Ralph's status
  and body come back unchanged. Nothing is retried, rewritten or hidden, and every
  exchange is logged, so a test can assert that no request failed.
* ``/xAPI/activities/state`` and ``/xAPI/agents/profile``: Ralph 5.1.0 has neither
  resource, so ``documents.Documents`` serves them (held to the xAPI rules by
  ``test_documents.py``). Requests need credentials Ralph would accept.
* CORS for the package's origin (an LRS serves browsers on other origins).
* ``/fetch/<key>``: the cmi5 LMS's one-time auth-token URL (``Front.issue_fetch``).

Each test gets its own front (``conftest.lrs``): its own documents, fetch tokens and
log, on its own port, so nothing a browser sends late from an earlier test reaches
it. Ralph is shared by the session; a test reads back only its own registration's
statements. Inside ``Front.unavailable()`` the LRS answers every xAPI request ``503``,
as an LRS that is down does; a test uses it where Chromium's offline mode does not
reach (the ``keepalive`` requests a page sends as it closes go out even "offline").

The Ralph workarounds (appending to the statements file, the activity filter given a
string) are described in ``ralph_server.py`` and proven needed by ``ralph_probe.py``.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import bcrypt

from tests.xapi.documents import PROFILE, STATE, Documents

HERE = Path(__file__).resolve().parent
_LRS_VENV = HERE.parents[1] / ".venv-lrs" / "bin" / "python"
RALPH_PYTHON = os.environ.get(
    "COPROD_RALPH_PYTHON", str(_LRS_VENV) if _LRS_VENV.exists() else sys.executable
)
"""The Python that runs Ralph: ``.venv-lrs`` (``make test`` builds it from requirements-lrs.lock,
as Ralph pins older web libraries than ours), or one named by ``COPROD_RALPH_PYTHON``."""
LRS_USER = "coprod-tests"
STARTUP = 90
"""Seconds Ralph may take to answer first (it took over 30 on a loaded two-core machine)."""
FORWARDED = ("Authorization", "Content-Type", "X-Experience-API-Version")
CORS_HEADERS = "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match"
EXPOSED = "ETag, Last-Modified, X-Experience-API-Version"
RESOURCES = {"/xAPI/activities/state": STATE, "/xAPI/agents/profile": PROFILE}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Ralph:
    """Ralph's LRS in a subprocess on 127.0.0.1, storing statements under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.password = secrets.token_urlsafe(16)
        self.auth = "Basic " + base64.b64encode(f"{LRS_USER}:{self.password}".encode()).decode()
        hashed = bcrypt.hashpw(self.password.encode(), bcrypt.gensalt(4)).decode()
        users = [
            {
                "username": LRS_USER,
                "hash": hashed,
                "scopes": ["all"],
                "agent": {"mbox": "mailto:lrs@coprod-content.example.org"},
            }
        ]
        (folder / "auth.json").write_text(json.dumps(users))
        self.port = free_port()
        env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder),
        }
        self.log = (folder / "ralph.log").open("w")
        self.process = subprocess.Popen(
            [RALPH_PYTHON, str(HERE / "ralph_server.py"), str(self.port)],
            cwd=folder,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait()
        except BaseException:
            self.close()
            raise

    def _wait(self) -> None:
        """Return once Ralph answers; it may take long on a loaded machine, never forever."""
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = Path(self.log.name).read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Ralph exited with {self.process.returncode}:\n{log}")
            try:
                status, _, _ = self.request("GET", "/__lbheartbeat__")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"Ralph did not answer within {STARTUP} s")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """One HTTP exchange with Ralph."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def statements(self, **query: str) -> list[dict[str, Any]]:
        """Every stored statement matching ``query`` (xAPI GET parameters), oldest first."""
        found: list[dict[str, Any]] = []
        path: str | None = "/xAPI/statements?" + urlencode({"limit": "100", **query})
        headers = {"Authorization": self.auth, "X-Experience-API-Version": "1.0.3"}
        while path:
            status, _, body = self.request("GET", path, headers=headers)
            if status != 200:
                raise AssertionError(f"GET statements: HTTP {status} {body[:500]!r}")
            page = json.loads(body)
            found += page["statements"]
            path = page.get("more") or None
        return sorted(found, key=lambda s: (s["timestamp"], s["stored"]))

    def post(self, statement: dict[str, Any]) -> None:
        """Store one statement as the LMS (for cmi5 ``launched``); fail on any error."""
        headers = {
            "Authorization": self.auth,
            "Content-Type": "application/json",
            "X-Experience-API-Version": "1.0.3",
        }
        status, _, body = self.request(
            "POST", "/xAPI/statements", json.dumps(statement).encode(), headers
        )
        if status != 200:
            raise AssertionError(f"POST statement: HTTP {status} {body[:500]!r}")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves mid-request is normal; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Exchange:
    """One request the front handled: method, path, query, status, statement verbs sent."""

    def __init__(
        self, method: str, path: str, query: dict[str, str], status: int, verbs: list[str]
    ) -> None:
        self.method, self.path, self.query, self.status = method, path, query, status
        self.verbs = verbs

    def __repr__(self) -> str:
        return f"{self.method} {self.path} {self.query} {self.verbs or ''} -> {self.status}"


def _verbs(body: bytes) -> list[str]:
    """The verbs (last path segment) of the statements in a POST body, in order."""
    try:
        sent = json.loads(body)
    except ValueError:
        return []
    listed = sent if isinstance(sent, list) else [sent]
    return [
        str(s.get("verb", {}).get("id", "")).rsplit("/", 1)[-1]
        for s in listed
        if isinstance(s, dict) and isinstance(s.get("verb"), dict)
    ]


class Front:
    """The LRS endpoint the browser sees: Ralph for statements, documents served here."""

    def __init__(self, ralph: Ralph) -> None:
        self.ralph = ralph
        self.tokens: set[str] = {ralph.auth}
        self.documents = Documents()
        self.fetch_tokens: dict[str, str | None] = {}
        self.log: list[Exchange] = []
        self.while_down: list[Exchange] = []
        self.down = False
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        front = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_OPTIONS(self) -> None:
                self.send_response(204)
                self._cors()
                self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
                self.send_header("Access-Control-Allow-Headers", CORS_HEADERS)
                self.send_header("Access-Control-Max-Age", "600")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self) -> None:
                front.handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

            def _cors(self) -> None:
                origin = self.headers.get("Origin")
                if origin:
                    self.send_header("Access-Control-Allow-Origin", origin)
                    self.send_header("Vary", "Origin")
                    self.send_header("Access-Control-Expose-Headers", EXPOSED)

            def reply(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
                self.send_response(status)
                self._cors()
                self.send_header("X-Experience-API-Version", "1.0.3")
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.endpoint = f"{self.base}/xAPI/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # --- routing -------------------------------------------------------------------

    def handle(self, request: Any) -> None:
        url = urlsplit(request.path)
        query = parse_qs(url.query, keep_blank_values=True)
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        method = request.command
        headers: dict[str, str] = {}
        if self.down and url.path.startswith("/xAPI/"):
            status, payload = 503, b'{"error": "the LRS is unavailable"}'
        elif url.path.startswith("/fetch/") and method == "POST":
            status, payload = self._fetch(url.path.removeprefix("/fetch/"))
        elif url.path.rstrip("/") == "/xAPI/statements":
            status, headers, payload = self._forward(request, method, request.path, body)
        elif url.path in RESOURCES:
            if request.headers.get("Authorization") not in self.tokens:
                status, payload = 401, b'{"error": "unknown credentials"}'
            else:
                status, headers, payload = self.documents.handle(
                    method, RESOURCES[url.path], query, dict(request.headers.items()), body
                )
        else:
            status, payload = 404, b'{"error": "no such resource"}'
        verbs = _verbs(body) if method == "POST" and "statements" in url.path else []
        flat = {k: v[0] for k, v in query.items()}
        with self.changed:
            (self.while_down if status == 503 else self.log).append(
                Exchange(method, url.path, flat, status, verbs)
            )
            self.changed.notify_all()
        request.reply(status, headers, payload)

    @contextlib.contextmanager
    def unavailable(self) -> Iterator[None]:
        """While inside, every xAPI request is answered 503 (kept in ``while_down``)."""
        self.down = True
        try:
            yield
        finally:
            self.down = False

    def wait(self, condition: Callable[[], bool], timeout: float = 15) -> None:
        """Return once ``condition()`` holds (checked on each request); fail after ``timeout``."""
        with self.changed:
            if not self.changed.wait_for(condition, timeout):
                raise AssertionError(
                    f"the LRS did not see what was awaited within {timeout} s;"
                    f" answered {self.log}, while down {self.while_down}"
                )

    def _forward(
        self, request: Any, method: str, path: str, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {h: request.headers[h] for h in FORWARDED if request.headers.get(h)}
        status, got, payload = self.ralph.request(method, path, body or None, headers)
        return status, {"Content-Type": got.get("content-type", "application/json")}, payload

    def _fetch(self, key: str) -> tuple[int, bytes]:
        with self.lock:
            if key not in self.fetch_tokens:
                answer = {"error-code": "2", "error-text": "Unknown fetch URL."}
            elif self.fetch_tokens[key] is None:
                answer = {"error-code": "1", "error-text": "The token has already been returned."}
            else:
                token = self.fetch_tokens[key]
                self.fetch_tokens[key] = None
                answer = {"auth-token": token or ""}
        return 200, json.dumps(answer).encode()

    def issue_fetch(self, token: str) -> str:
        """A one-time cmi5 fetch URL that returns ``token`` (base64 user:password) once."""
        key = secrets.token_urlsafe(12)
        with self.lock:
            self.fetch_tokens[key] = token
            self.tokens.add(f"Basic {token}")
        return f"{self.base}/fetch/{key}"

    def exchanges(self, path: str) -> list[Exchange]:
        with self.lock:
            return [e for e in self.log if e.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
