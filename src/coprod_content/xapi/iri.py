"""Activity IRIs: the module's base IRI + module id + item id, the same in every version.

Reports join statements across releases on these, so nothing here may depend on
the version, on position or on titles. Ids are slugs, safe in a path segment.
"""

from __future__ import annotations

import re

from coprod_content.model import Module

_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def module_iri(module: Module) -> str:
    """The module: the launchable activity of the xAPI package and the cmi5 course.

    A ``%`` in the base IRI that starts no escape is written ``%25``, so the IRI is
    valid wherever it appears (``xs:anyURI`` in ``cmi5.xml``, statements in an LRS).
    """
    base = _STRAY_PERCENT.sub("%25", module.base_iri.rstrip("/"))
    return f"{base}/{module.id}"


def section_iri(module: Module, section_id: str) -> str:
    """A section (one page of the player)."""
    return f"{module_iri(module)}/sections/{section_id}"


def item_iri(module: Module, item_id: str) -> str:
    """A quiz item: an interaction activity."""
    return f"{module_iri(module)}/quiz/{item_id}"


def au_iri(module: Module) -> str:
    """The cmi5 assignable unit (its publisher id in ``cmi5.xml``)."""
    return f"{module_iri(module)}/au"
