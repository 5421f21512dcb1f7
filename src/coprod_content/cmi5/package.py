"""Module -> cmi5 zip: the shared player, the cmi5 adapter and ``cmi5.xml`` at the root.

Built in memory; ``cmi5.xml`` is validated against the cmi5 XSD before the archive exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from coprod_content import xml
from coprod_content.archive import DEFAULT_EPOCH, zip_bytes
from coprod_content.cmi5 import course
from coprod_content.model import Module
from coprod_content.player.render import render
from coprod_content.xapi.package import tracking


def package_name(module: Module) -> str:
    """``<module-id>-<version>-cmi5.zip``."""
    return f"{module.id}-{module.version}-cmi5.zip"


def build(module: Module, *, epoch: int = DEFAULT_EPOCH) -> bytes:
    """The cmi5 package of ``module`` as zip bytes, every member dated ``epoch``.

    Raises:
        PackageError: ``cmi5.xml`` does not validate, or the module cannot fit the player.
    """
    files = render(module, tracking(module, "cmi5", adapter()))
    document = xml.serialize(course.build(module))
    course.check(document, f"{module.id} {module.version}")
    return zip_bytes({**files, "cmi5.xml": document}, epoch=epoch)


def build_all(modules: Sequence[Module], *, epoch: int = DEFAULT_EPOCH) -> dict[str, bytes]:
    """Every module's package, by file name."""
    return {package_name(m): build(m, epoch=epoch) for m in modules}


@cache
def adapter() -> bytes:
    """``cmi5.js``, the cmi5 tracking adapter."""
    return (resources.files("coprod_content.cmi5") / "static" / "cmi5.js").read_bytes()
