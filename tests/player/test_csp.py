"""The player's Content-Security-Policy, read from every page of every package the CLI builds
and checked directive by directive against the policy SECURITY.md describes, written out
here (not the constant that renders it).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import lxml.html
import pytest

from coprod_content import cli

ROOT = Path(__file__).resolve().parents[2]

POLICY: dict[str, list[str]] = {
    "default-src": ["'none'"],  # nothing unless allowed below
    "script-src": ["'self'"],  # the package's own scripts; no inline script, no eval
    "style-src": ["'self'"],  # its own stylesheet; no inline style
    "img-src": ["'self'", "data:"],
    "frame-src": ["https://player.vimeo.com", "https://www.youtube-nocookie.com"],  # videos
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}
"""SECURITY.md: "allows only its own files, frames from the video hosts"."""

LRS_POLICY = {**POLICY, "connect-src": ["https:", "http:"]}
"""SECURITY.md: "and, for xAPI/cmi5 only, requests to the LRS" (named only at launch)."""

EXPECTED = {"scorm12": POLICY, "scorm2004": POLICY, "xapi": LRS_POLICY, "cmi5": LRS_POLICY}


def parse(policy: str) -> dict[str, list[str]]:
    """A policy's directives (names lower-cased) and their sources, as a browser reads them.

    A browser keeps the first of two directives with the same name and ignores the second,
    so a repeated directive is an error here, not a merge.
    """
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split() or [""]
        if not name:
            continue
        assert name.lower() not in directives, f"{name} given twice in {policy!r}"
        directives[name.lower()] = sources
    return directives


def test_parse_reads_directives_as_a_browser_does() -> None:
    assert parse(" default-src 'none' ;;Script-Src 'self'  https: ") == {
        "default-src": ["'none'"],
        "script-src": ["'self'", "https:"],
    }
    with pytest.raises(AssertionError, match="given twice"):
        parse("img-src 'self'; img-src *")


def policies(html: bytes) -> list[str]:
    page = lxml.html.document_fromstring(html)
    return [
        meta.get("content", "")
        for meta in page.iter("meta")
        if (meta.get("http-equiv") or "").lower() == "content-security-policy"
    ]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Each target's package as the CLI writes it: member name -> bytes."""
    out = tmp_path_factory.mktemp("dist")
    argv = ["build", "--content", str(ROOT / "content"), "--out", str(out)]
    for target in EXPECTED:
        argv += ["--target", target]
    assert cli.main(argv) == 0
    found: dict[str, dict[str, bytes]] = {}
    for target in EXPECTED:
        (path,) = out.glob(f"*-{target}.zip")
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            found[target] = {name: archive.read(name) for name in archive.namelist()}
    return found


@pytest.mark.parametrize("target", sorted(EXPECTED))
def test_every_page_of_every_package_carries_the_written_out_policy(
    packages: dict[str, dict[str, bytes]], target: str
) -> None:
    pages = {name: data for name, data in packages[target].items() if name.endswith(".html")}
    assert "index.html" in pages
    for name, html in pages.items():
        (policy,) = policies(html)  # exactly one policy on each page
        assert parse(policy) == EXPECTED[target], name
