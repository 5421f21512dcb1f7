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
* ``/xAPI/activities/state`` and ``/xAPI/agents/profile``: served from memory (Ralph
  5.1.0 has neither resource), with xAPI semantics: documents keyed by activityId,
  agent (its identifier), registration and stateId / profileId; PUT stores, POST
  merges JSON objects, GET returns 404 when absent, DELETE removes. Requests need
  credentials Ralph would accept.
* CORS for the package's origin (an LRS serves browsers on other origins).
* ``/fetch/<key>``: the cmi5 LMS's one-time auth-token URL (``Lms.fetch_url``).

The Ralph workaround itself (appending instead of creating the statements file)
is described in ``ralph_server.py``.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import bcrypt

HERE = Path(__file__).resolve().parent
_LRS_VENV = HERE.parents[1] / ".venv-lrs" / "bin" / "python"
RALPH_PYTHON = os.environ.get(
    "COPROD_RALPH_PYTHON", str(_LRS_VENV) if _LRS_VENV.exists() else sys.executable
)
"""The Python that runs Ralph: ``.venv-lrs`` (``make test`` builds it from requirements-lrs.lock,
as Ralph pins older web libraries than ours), or one named by ``COPROD_RALPH_PYTHON``."""
LRS_USER = "coprod-tests"
FORWARDED = ("Authorization", "Content-Type", "X-Experience-API-Version")
CORS_HEADERS = "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match"


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
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited with {self.process.returncode}; see its log")
            try:
                status, _, _ = self.request("GET", "/__lbheartbeat__")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("Ralph did not answer within 30 s")

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


def agent_key(agent_json: str) -> str:
    """The identifying part of an Agent (its IFI), so equal agents share documents."""
    agent = json.loads(agent_json)
    for ifi in ("mbox", "mbox_sha1sum", "openid"):
        if ifi in agent:
            return f"{ifi}={agent[ifi]}"
    account = agent["account"]
    return f"account={account['homePage']}|{account['name']}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves mid-request is normal; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Exchange:
    """One request the front handled: method, path, query, status."""

    def __init__(self, method: str, path: str, query: dict[str, str], status: int) -> None:
        self.method, self.path, self.query, self.status = method, path, query, status

    def __repr__(self) -> str:
        return f"{self.method} {self.path} {self.query} -> {self.status}"


class Front:
    """The LRS endpoint the browser sees: Ralph for statements, documents served here."""

    def __init__(self, ralph: Ralph) -> None:
        self.ralph = ralph
        self.tokens: set[str] = {ralph.auth}
        self.documents: dict[tuple[str, ...], tuple[str, bytes]] = {}
        self.fetch_tokens: dict[str, str | None] = {}
        self.log: list[Exchange] = []
        self.lock = threading.Lock()
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
                    self.send_header(
                        "Access-Control-Expose-Headers", "ETag, X-Experience-API-Version"
                    )

            def reply(self, status: int, body: bytes = b"", kind: str = "application/json") -> None:
                self.send_response(status)
                self._cors()
                self.send_header("X-Experience-API-Version", "1.0.3")
                self.send_header("Content-Type", kind)
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
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        method = request.command
        if url.path.startswith("/fetch/") and method == "POST":
            status, payload = self._fetch(url.path.removeprefix("/fetch/"))
            kind = "application/json"
        elif url.path.rstrip("/") == "/xAPI/statements":
            status, payload, kind = self._forward(request, method, request.path, body)
        elif url.path in ("/xAPI/activities/state", "/xAPI/agents/profile"):
            if request.headers.get("Authorization") not in self.tokens:
                status, payload, kind = 401, b'{"error": "unknown credentials"}', "application/json"
            else:
                status, payload, kind = self._document(method, url.path, query, body, request)
        else:
            status, payload, kind = 404, b'{"error": "no such resource"}', "application/json"
        with self.lock:
            self.log.append(Exchange(method, url.path, query, status))
        request.reply(status, payload, kind)

    def _forward(self, request: Any, method: str, path: str, body: bytes) -> tuple[int, bytes, str]:
        headers = {h: request.headers[h] for h in FORWARDED if request.headers.get(h)}
        status, got, payload = self.ralph.request(method, path, body or None, headers)
        return status, payload, got.get("content-type", "application/json")

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

    # --- documents ---------------------------------------------------------------------

    def _document(
        self, method: str, path: str, query: dict[str, str], body: bytes, request: Any
    ) -> tuple[int, bytes, str]:
        if path.endswith("/state"):
            missing = [p for p in ("activityId", "agent") if p not in query]
            key: tuple[str, ...] = (
                "state",
                query.get("activityId", ""),
                query.get("registration", ""),
                query.get("stateId", ""),
            )
        else:
            missing = [p for p in ("agent",) if p not in query]
            key = ("profile", query.get("profileId", ""))
        if missing:
            return (
                400,
                json.dumps({"error": f"missing {', '.join(missing)}"}).encode(),
                "application/json",
            )
        try:
            key = (*key, agent_key(query["agent"]))
        except (ValueError, KeyError):
            return 400, b'{"error": "agent is not a valid Agent"}', "application/json"
        single = key[-2] != ""
        kind = request.headers.get("Content-Type", "application/octet-stream")
        with self.lock:
            if method == "GET" and single:
                if key not in self.documents:
                    return 404, b"", "application/json"
                stored_kind, content = self.documents[key]
                return 200, content, stored_kind
            if method == "GET":
                ids = [k[-2] for k in self.documents if k[:-2] == key[:-2] and k[-1] == key[-1]]
                return 200, json.dumps(sorted(ids)).encode(), "application/json"
            if not single:
                return 400, b'{"error": "stateId / profileId is required"}', "application/json"
            if method == "PUT":
                self.documents[key] = (kind, body)
                return 204, b"", "application/json"
            if method == "POST":
                old = json.loads(self.documents[key][1]) if key in self.documents else {}
                new = json.loads(body)
                if not isinstance(old, dict) or not isinstance(new, dict):
                    return 400, b'{"error": "POST merges JSON objects only"}', "application/json"
                self.documents[key] = ("application/json", json.dumps({**old, **new}).encode())
                return 204, b"", "application/json"
            if method == "DELETE":
                self.documents.pop(key, None)
                return 204, b"", "application/json"
        return 405, b"", "application/json"

    def put_state(
        self, activity_id: str, agent: dict[str, Any], registration: str, state_id: str, doc: Any
    ) -> None:
        """Write a State document directly, as the LMS that owns this LRS does."""
        key = ("state", activity_id, registration, state_id, agent_key(json.dumps(agent)))
        with self.lock:
            self.documents[key] = ("application/json", json.dumps(doc).encode())

    def state(
        self, activity_id: str, agent: dict[str, Any], registration: str, state_id: str
    ) -> Any:
        """A State document as stored, or None."""
        key = ("state", activity_id, registration, state_id, agent_key(json.dumps(agent)))
        with self.lock:
            found = self.documents.get(key)
        return json.loads(found[1]) if found else None

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
