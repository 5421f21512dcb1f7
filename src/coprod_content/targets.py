"""Build targets: each turns validated modules into output files (path -> bytes).

Pure: nothing here touches the filesystem. ``cli`` writes what these return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import msgspec

from coprod_content import cmi5, scorm, xapi
from coprod_content.api.export import api_target
from coprod_content.catalog import Catalog
from coprod_content.model import Module

Outputs = dict[str, bytes]
Target = Callable[[Sequence[Module]], Outputs]
CatalogTarget = Callable[[Catalog], Outputs]


def json_target(modules: Sequence[Module]) -> Outputs:
    """``json/<module-id>.json``: the whole model, answers and explanations included."""
    return {f"json/{m.id}.json": msgspec.json.encode(m) for m in modules}


def scorm12_target(modules: Sequence[Module]) -> Outputs:
    """``<module-id>-<version>-scorm12.zip``: a SCORM 1.2 package per module."""
    return scorm.build_all(modules, "scorm12")


def scorm2004_target(modules: Sequence[Module]) -> Outputs:
    """``<module-id>-<version>-scorm2004.zip``: a SCORM 2004 4th Edition package per module."""
    return scorm.build_all(modules, "scorm2004")


def xapi_target(modules: Sequence[Module]) -> Outputs:
    """``<module-id>-<version>-xapi.zip``: an xAPI (Tin Can) package per module."""
    return xapi.build_all(modules)


def cmi5_target(modules: Sequence[Module]) -> Outputs:
    """``<module-id>-<version>-cmi5.zip``: a cmi5 course package (one AU) per module."""
    return cmi5.build_all(modules)


TARGETS: dict[str, Target] = {
    "json": json_target,
    "scorm12": scorm12_target,
    "scorm2004": scorm2004_target,
    "xapi": xapi_target,
    "cmi5": cmi5_target,
}
"""Targets built from modules: the working tree, or a release (``--version``)."""
CATALOG_TARGETS: dict[str, CatalogTarget] = {"api": api_target}
"""Targets built from what a server publishes (``catalog``): every release at once."""


def schema() -> bytes:
    """The JSON Schema of the content model, pretty-printed."""
    return msgspec.json.format(msgspec.json.encode(msgspec.json.schema(Module)), indent=2) + b"\n"
