"""Which web origins may read the API from a browser (CORS), and the headers that say so.

``--cors-origin`` is repeatable. ``*`` (the default) lets any origin read; one or more
origins (``https://app.example``) are each echoed in ``Access-Control-Allow-Origin`` to a
request from that origin only, with ``Vary: Origin`` on every response so caches keep
them apart; ``''`` sends no CORS headers. A value that is not an origin is refused when
the server starts, saying why: browsers reject a header that is not exactly one origin.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coprod_content.diagnostics import CoprodError

Headers = tuple[tuple[str, str], ...]
ANY = "*"
EXPOSED = "ETag, Content-Version"
_ORIGIN = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<host>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])"
    r"(?::(?P<port>[1-9][0-9]{0,4}))?$"
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
EXAMPLE = "e.g. --cors-origin https://app.example"


class OriginError(CoprodError):
    """A ``--cors-origin`` value that is not an origin."""


def parse_origins(values: Sequence[str]) -> tuple[str, ...]:
    """The allowed origins: ``("*",)``, some origins, or ``()`` for no CORS at all.

    Raises:
        OriginError: a value is not an origin, or ``*`` or ``''`` is given with others.
    """
    given = list(dict.fromkeys(values))
    for special, meaning in ((ANY, "allows every origin"), ("", "turns CORS off")):
        if special in given and len(given) > 1:
            raise OriginError(
                f"--cors-origin {special!r} {meaning}, so it cannot be given with other origins;"
                " give it alone, or list only the origins to allow"
            )
    if given == [""]:
        return ()
    if given == [ANY]:
        return (ANY,)
    for value in given:
        problem = _problem(value)
        if problem is not None:
            raise OriginError(
                f"--cors-origin {value!r} is not an origin (scheme://host[:port], {EXAMPLE}): "
                f"{problem}"
            )
    return tuple(given)


def _problem(value: str) -> str | None:
    if "," in value or " " in value.strip():
        return "it holds several values; give each origin its own --cors-origin"
    if value != value.strip():
        return "it has spaces around it; remove them"
    if "://" not in value:
        return f"it has no scheme; write https://{value} (or http:// for a local server)"
    if value != value.lower():
        return f"browsers send origins in lower case; write {value.lower()}"
    scheme, _, rest = value.partition("://")
    if any(c in rest for c in "/?#"):
        cut = re.split(r"[/?#]", rest, maxsplit=1)[0]
        return f"an origin has no path, query or fragment; write {scheme}://{cut}"
    if "@" in rest:
        return "an origin has no user name; remove the part before @"
    match = _ORIGIN.match(value)
    if match is None:
        return "the host or port is malformed"
    if match["port"] is not None and _DEFAULT_PORTS.get(match["scheme"]) == match["port"]:
        return (
            f"browsers leave out the default port; write {scheme}://{match['host']} "
            f"without :{match['port']}"
        )
    if match["port"] is not None and int(match["port"]) > 65535:
        return "the port is above 65535"
    return None


class Cors:
    """The CORS headers of responses, for the origins allowed."""

    def __init__(self, origins: Sequence[str]) -> None:
        self.origins = tuple(origins)
        self.echo = bool(self.origins) and self.origins != (ANY,)
        """Whether the allowed origin is echoed, which makes responses vary by Origin."""

    def headers(self, origin: str | None) -> Headers:
        """CORS headers for every response to a request from ``origin``."""
        if not self.origins:
            return ()
        if not self.echo:
            return (
                ("access-control-allow-origin", ANY),
                ("access-control-expose-headers", EXPOSED),
            )
        vary: Headers = (("vary", "Origin"),)
        if origin not in self.origins:
            return vary
        return (
            ("access-control-allow-origin", origin),
            ("access-control-expose-headers", EXPOSED),
            *vary,
        )

    def preflight(self, origin: str | None) -> Headers:
        """CORS headers for a preflight (OPTIONS) response to a request from ``origin``."""
        headers = self.headers(origin)
        if not any(name == "access-control-allow-origin" for name, _ in headers):
            return headers
        return (
            *headers,
            ("access-control-allow-methods", "GET, HEAD, POST, OPTIONS"),
            ("access-control-allow-headers", "Content-Type, If-None-Match"),
            ("access-control-max-age", "86400"),
        )
