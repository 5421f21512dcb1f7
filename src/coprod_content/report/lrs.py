"""Reading statements from a Learning Record Store: the xAPI Statements API, read only.

``Client.statements`` asks ``GET <endpoint>statements`` for one activity with
``related_activities=true`` (and ``since``/``until``), then follows each page's
``more`` link, yielding every statement's JSON as it comes. Each request carries
``X-Experience-API-Version`` and the Basic credentials given (never shown in any
message). Overload, server errors, timeouts and refused connections are retried a
bounded number of times with growing delays, then reported naming the LRS and what
it answered; 401 and 403 are reported at once. Redirects are not followed, and a
``more`` link to another server or one already followed stops the read, so
credentials go nowhere else and paging always ends. Only the standard library.
"""

from __future__ import annotations

import base64
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from email.message import Message
from urllib.parse import urlencode, urljoin, urlsplit

import msgspec

from coprod_content.diagnostics import CoprodError

XAPI_VERSION = "1.0.3"
PAGE_SIZE = 500
"""Statements asked for per page; an LRS may send fewer (Ralph sends at most 100)."""
TRIES = 4
BACKOFF = 1.0
"""Seconds before the first retry; each further retry waits twice as long."""
MOST_WAIT = 60.0
"""The longest wait between tries, whatever ``Retry-After`` says."""
RETRIED = {429, 500, 502, 503, 504}

Sleep = Callable[[float], None]


class LrsError(CoprodError):
    """The LRS could not be read; the message names it and says what to do."""


class _Page(msgspec.Struct):
    statements: list[msgspec.Raw]
    more: str | None = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx becomes an HTTPError, reported below


def authorization(value: str, variable: str) -> str:
    """The ``Authorization`` header for the credentials held in an environment variable.

    Args:
        value: ``key:secret``, or a whole ``Basic ...`` header value.
        variable: the variable's name, for the message.

    Raises:
        LrsError: the value is neither (the message never shows it).
    """
    value = value.strip()
    if value.startswith("Basic "):
        return value
    if ":" not in value:
        raise LrsError(
            f"${variable} must hold the LRS credentials as key:secret (or a whole 'Basic ...'"
            " header value)"
        )
    return "Basic " + base64.b64encode(value.encode()).decode("ascii")


class Client:
    """A read-only client of one LRS's Statements API.

    Args:
        endpoint: the LRS's xAPI endpoint, e.g. ``https://lrs.example.org/xapi/``.
        auth: the ``Authorization`` header value, or None.
        auth_variable: where the credentials came from, named in messages.
        backoff: seconds before the first retry (default ``BACKOFF``).
        sleep: waits between tries (default ``time.sleep``; tests pass a recorder).

    Raises:
        LrsError: ``endpoint`` is not an http(s) URL, or holds credentials.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        auth: str | None = None,
        auth_variable: str | None = None,
        timeout: float = 30.0,
        tries: int = TRIES,
        backoff: float | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise LrsError(
                f"--lrs {endpoint!r} is not the http(s) address of an LRS's xAPI endpoint,"
                " e.g. https://lrs.example.org/xapi/"
            )
        if "@" in parts.netloc:
            raise LrsError(
                "the LRS address holds credentials; remove them from --lrs, put key:secret in"
                " an environment variable and name it with --auth-env"
            )
        self.endpoint = parts._replace(query="", fragment="").geturl().rstrip("/") + "/"
        self.auth, self.auth_variable = auth, auth_variable
        self.timeout, self.tries = timeout, tries
        self.backoff = BACKOFF if backoff is None else backoff
        self.sleep = sleep or time.sleep
        self._opener = urllib.request.build_opener(_NoRedirect)

    def statements(
        self, activity: str, *, since: str | None = None, until: str | None = None
    ) -> Iterator[tuple[str, msgspec.Raw]]:
        """Every statement about ``activity``, page by page, as (where, JSON).

        Raises:
            LrsError: the LRS cannot be read (after retries where that may help).
        """
        query = {"activity": activity, "related_activities": "true", "limit": str(PAGE_SIZE)}
        query |= {k: v for k, v in (("since", since), ("until", until)) if v}
        url = f"{self.endpoint}statements?{urlencode(query)}"
        fetched: set[str] = set()
        while True:
            fetched.add(url)
            page = self._page(url)
            for n, raw in enumerate(page.statements, start=1):
                yield f"page {len(fetched)}, statement {n}", raw
            if not page.more:
                return
            url = self._next(page.more, fetched)

    def _next(self, more: str, fetched: set[str]) -> str:
        url = urljoin(self.endpoint, more)
        if urlsplit(url)[:2] != urlsplit(self.endpoint)[:2]:
            raise LrsError(
                f"the LRS at {self.endpoint} sent a 'more' link to another server; stopped"
                " there, so the credentials go nowhere else"
            )
        if url in fetched:
            raise LrsError(
                f"the LRS at {self.endpoint} sent a 'more' link it had already sent (after"
                f" {len(fetched)} pages), so paging would never end; stopped there: this is a"
                " fault in the LRS, report it to whoever runs it"
            )
        return url

    def _page(self, url: str) -> _Page:
        body = self._get(url)
        try:
            return msgspec.json.decode(body, type=_Page)
        except msgspec.DecodeError as exc:
            raise LrsError(
                f"the LRS at {self.endpoint} answered GET statements with something that is"
                f" not a StatementResult ({exc}); check that --lrs is its xAPI endpoint"
            ) from None

    def _get(self, url: str) -> bytes:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if self.auth:
            headers["Authorization"] = self.auth
        request = urllib.request.Request(url, headers=headers, method="GET")
        waited = 0.0
        for attempt in range(1, self.tries + 1):
            wait = self.backoff * 2 ** (attempt - 1)
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    body: bytes = response.read()
                    return body
            except urllib.error.HTTPError as exc:
                exc.close()
                if exc.code not in RETRIED:
                    raise self._refused(exc.code, exc.reason) from None
                problem = f"answered HTTP {exc.code} {exc.reason}"
                wait = _retry_after(exc.headers, wait)
            except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
                problem = f"could not be read ({_reason(exc)})"
            if attempt < self.tries:
                self.sleep(wait)
                waited += wait
        raise LrsError(
            f"the LRS at {self.endpoint} {problem} on {self.tries} tries over {waited:g} s;"
            " check that it is running and reachable, then try again"
        )

    def _refused(self, status: int, reason: str) -> LrsError:
        where = f"the LRS at {self.endpoint}"
        if status == 401 and self.auth:
            return LrsError(
                f"{where} refused the credentials in ${self.auth_variable} (HTTP 401);"
                " check the key and secret it holds"
            )
        if status == 401:
            return LrsError(
                f"{where} needs credentials (HTTP 401) and ${self.auth_variable} is not set;"
                " put the LRS key and secret in it as key:secret"
            )
        if status == 403:
            return LrsError(
                f"{where} does not let these credentials read statements (HTTP 403);"
                " ask whoever runs it for read access"
            )
        if 300 <= status < 400:
            return LrsError(
                f"{where} redirects (HTTP {status}); give the address it redirects to as --lrs"
            )
        return LrsError(f"{where} refused GET statements: HTTP {status} {reason}")


def _retry_after(headers: Message, default: float) -> float:
    """The wait a 429 or 503 asks for in ``Retry-After`` (seconds), within bounds."""
    value = headers.get("Retry-After", "") if headers else ""
    try:
        return min(max(float(value), 0.0), MOST_WAIT)
    except ValueError:
        return min(default, MOST_WAIT)


def _reason(exc: BaseException) -> str:
    inner = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(inner, TimeoutError):
        return "no answer in time"
    if isinstance(inner, ConnectionRefusedError):
        return "connection refused"
    return str(inner) or type(inner).__name__
