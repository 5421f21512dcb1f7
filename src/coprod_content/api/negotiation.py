"""Request headers that choose a representation: If-None-Match and Accept-Encoding.

Pure functions over header values as received (latin-1 text). Malformed values never
raise: they simply do not match, and the full response is sent.
"""

from __future__ import annotations

import re

_ENTITY_TAG = re.compile(r'(?:W/)?("[^"]*")')


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match value matches ``etag`` (weak comparison, RFC 9110 13.1.2)."""
    if if_none_match == etag or if_none_match.strip() == "*":
        return True
    return any(match.group(1) == etag for match in _ENTITY_TAG.finditer(if_none_match))


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding value accepts gzip (RFC 9110 12.5.3)."""
    if not accept_encoding:
        return False
    wildcard: float | None = None
    for part in accept_encoding.split(","):
        coding, _, params = part.partition(";")
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            return _quality(params) > 0
        if coding == "*":
            wildcard = _quality(params)
    return wildcard is not None and wildcard > 0


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return 1.0
    return 1.0
