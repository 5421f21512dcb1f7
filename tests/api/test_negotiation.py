"""If-None-Match and Accept-Encoding parsing: RFC 9110's rules, and no surprises on garbage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod_content.api.negotiation import accepts_gzip, etag_matches

TAG = '"0123abcd"'


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (TAG, True),
        ("W/" + TAG, True),
        (f'"x", {TAG}', True),
        (f'"x",W/{TAG},"y"', True),
        (" * ", True),
        ('"0123abc"', False),
        ("0123abcd", False),
        ('"x", "y"', False),
        ("", False),
        ('"', False),
    ],
)
def test_etag_matches(header: str, expected: bool) -> None:
    assert etag_matches(header, TAG) is expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("deflate, gzip;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("br, *;q=0.1", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("identity", False),
        ("br, deflate", False),
        ("gzip;q=nonsense", True),
        ("gzip;x=1;q=0", False),  # each parameter on its own: the weight is the q one
        ("gzip;q=a=b;q=0", True),  # the first q decides; malformed, it counts as 1
        ("", False),
        (None, False),
    ],
)
def test_accepts_gzip(header: str | None, expected: bool) -> None:
    assert accepts_gzip(header) is expected


@given(st.text())
def test_any_header_value_is_handled(value: str) -> None:
    assert isinstance(etag_matches(value, TAG), bool)
    assert isinstance(accepts_gzip(value), bool)
