"""Build targets: each turns validated modules into output files (path -> bytes).

Pure: nothing here touches the filesystem. ``cli`` writes what these return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import msgspec

from coprod_content import scorm
from coprod_content.model import Module

Outputs = dict[str, bytes]
Target = Callable[[Sequence[Module]], Outputs]


def json_target(modules: Sequence[Module]) -> Outputs:
    """``json/<module-id>.json``: the whole model, answers and explanations included."""
    return {f"json/{m.id}.json": msgspec.json.encode(m) for m in modules}


def scorm12_target(modules: Sequence[Module]) -> Outputs:
    """``<module-id>-<version>-scorm12.zip``: a SCORM 1.2 package per module."""
    return scorm.build_all(modules, "scorm12")


def scorm2004_target(modules: Sequence[Module]) -> Outputs:
    """``<module-id>-<version>-scorm2004.zip``: a SCORM 2004 4th Edition package per module."""
    return scorm.build_all(modules, "scorm2004")


TARGETS: dict[str, Target] = {
    "json": json_target,
    "scorm12": scorm12_target,
    "scorm2004": scorm2004_target,
}


def schema() -> bytes:
    """The JSON Schema of the content model, pretty-printed."""
    return msgspec.json.format(msgspec.json.encode(msgspec.json.schema(Module)), indent=2) + b"\n"
