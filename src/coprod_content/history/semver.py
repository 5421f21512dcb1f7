"""Semantic versions: parsing and precedence (semver.org, section 11).

Pure; used to order released versions and to refuse a release that does not move forward.
"""

from __future__ import annotations

import re

PATTERN = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)"
    r"(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$"
)

Key = tuple[tuple[int, int, int], int, tuple[tuple[int, int, str], ...]]


def is_version(text: str) -> bool:
    """Whether ``text`` is a semantic version such as ``1.2.0`` or ``2.0.0-rc.1``."""
    return PATTERN.match(text) is not None


def key(version: str) -> Key:
    """A sort key giving semantic-version precedence: ``1.0.0-rc.1 < 1.0.0 < 1.0.1 < 1.10.0``.

    Raises:
        ValueError: ``version`` is not a semantic version.
    """
    match = PATTERN.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a version; expected three numbers such as 1.2.0")
    major, minor, patch, pre = match.groups()
    core = (int(major), int(minor), int(patch))
    if pre is None:
        return core, 1, ()
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return core, 0, parts
