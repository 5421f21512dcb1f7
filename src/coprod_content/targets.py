"""Build targets: each turns validated modules into output files (path -> bytes).

Pure: nothing here touches the filesystem. ``cli`` writes what these return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import msgspec

from coprod_content.model import Module

Outputs = dict[str, bytes]
Target = Callable[[Sequence[Module]], Outputs]


def json_target(modules: Sequence[Module]) -> Outputs:
    """``json/<module-id>.json``: the whole model, answers and explanations included."""
    return {f"json/{m.id}.json": msgspec.json.encode(m) for m in modules}


TARGETS: dict[str, Target] = {
    "json": json_target,
}


def schema() -> bytes:
    """The JSON Schema of the content model, pretty-printed."""
    return msgspec.json.format(msgspec.json.encode(msgspec.json.schema(Module)), indent=2) + b"\n"
