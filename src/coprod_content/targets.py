"""Build targets: each turns validated modules into output files (path -> bytes).

Pure: nothing here touches the filesystem or the environment. ``cli`` writes what these
return, and passes the build time (``epoch``) every package's members carry. The API
export builds the litestar app, so it is imported when that target runs: other
commands never load litestar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import msgspec

from coprod_content import cmi5, scorm, xapi
from coprod_content.history.catalog import Catalog
from coprod_content.model import Module

Outputs = dict[str, bytes]


class Target(Protocol):
    """A target built from modules: the working tree, or a release (``--version``)."""

    def __call__(self, modules: Sequence[Module], *, epoch: int) -> Outputs:
        """The target's files for ``modules``, package members dated ``epoch``."""


CatalogTarget = Callable[[Catalog], Outputs]


def json_target(modules: Sequence[Module], *, epoch: int) -> Outputs:
    """``json/<module-id>.json``: the whole model, answers and explanations included."""
    return {f"json/{m.id}.json": msgspec.json.encode(m) for m in modules}


def scorm12_target(modules: Sequence[Module], *, epoch: int) -> Outputs:
    """``<module-id>-<version>-scorm12.zip``: a SCORM 1.2 package per module."""
    return scorm.build_all(modules, "scorm12", epoch=epoch)


def scorm2004_target(modules: Sequence[Module], *, epoch: int) -> Outputs:
    """``<module-id>-<version>-scorm2004.zip``: a SCORM 2004 4th Edition package per module."""
    return scorm.build_all(modules, "scorm2004", epoch=epoch)


def xapi_target(modules: Sequence[Module], *, epoch: int) -> Outputs:
    """``<module-id>-<version>-xapi.zip``: an xAPI (Tin Can) package per module."""
    return xapi.build_all(modules, epoch=epoch)


def cmi5_target(modules: Sequence[Module], *, epoch: int) -> Outputs:
    """``<module-id>-<version>-cmi5.zip``: a cmi5 course package (one AU) per module."""
    return cmi5.build_all(modules, epoch=epoch)


def api_target(catalog: Catalog) -> Outputs:
    """``api/...``: every GET response of the API as a file (``api.export``)."""
    from coprod_content.api.export import api_target as export  # litestar only when built

    return export(catalog)


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
