"""Module -> xAPI (Tin Can) zip: the shared player, the xAPI adapter and ``tincan.xml``.

Built in memory; ``tincan.xml`` is checked before the archive exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from coprod_content import xml
from coprod_content.archive import DEFAULT_EPOCH, zip_bytes
from coprod_content.model import Module
from coprod_content.player.render import Tracking, render
from coprod_content.xapi import activities, tincan

STATE_LIMIT = 64000
"""Most characters of saved state: the xAPI State API has no limit; this matches SCORM 2004."""
LRS_SOURCES = ("https:", "http:")
"""Where the player may send statements: the LRS (and cmi5 fetch URL) arrive only at launch."""


def package_name(module: Module) -> str:
    """``<module-id>-<version>-xapi.zip``."""
    return f"{module.id}-{module.version}-xapi.zip"


def build(module: Module, *, epoch: int = DEFAULT_EPOCH) -> bytes:
    """The xAPI package of ``module`` as zip bytes, every member dated ``epoch``.

    Raises:
        PackageError: ``tincan.xml`` is unusable, or the module cannot fit the player.
    """
    files = render(module, tracking(module, "tincan", static_script("tincan.js")))
    document = xml.serialize(tincan.build(module))
    tincan.check(document, f"{module.id} {module.version}")
    return zip_bytes({**files, "tincan.xml": document}, epoch=epoch)


def build_all(modules: Sequence[Module], *, epoch: int = DEFAULT_EPOCH) -> dict[str, bytes]:
    """Every module's package, by file name."""
    return {package_name(m): build(m, epoch=epoch) for m in modules}


def tracking(module: Module, name: str, adapter: bytes) -> Tracking:
    """The player's tracking layer: the activity table, the xAPI client, then ``adapter``."""
    return Tracking(
        name=name,
        scripts=(
            ("activities.js", activities.script(module)),
            ("xapi.js", static_script("xapi.js")),
            (f"{name}.js", adapter),
        ),
        state_limit=STATE_LIMIT,
        connect=LRS_SOURCES,
    )


@cache
def static_script(name: str) -> bytes:
    """A hand-written adapter script shipped under ``xapi/static/``."""
    return (resources.files("coprod_content.xapi") / "static" / name).read_bytes()
