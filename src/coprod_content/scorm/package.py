"""Module -> SCORM zip: the shared player, a SCORM adapter, the schemas and the manifest.

Everything is built in memory; the manifest is validated against the official
schemas before the archive exists, so a bad manifest never reaches ``dist/``. The
adapter records each quiz item as ``interactions.js`` describes it (``quiz.form``):
interaction type, the response token of each option, the separator and the correct
pattern, so the adapter's script knows no item kinds.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from coprod_content import quiz
from coprod_content.archive import zip_bytes
from coprod_content.model import Module
from coprod_content.player.render import Tracking, data_script, render
from coprod_content.scorm import manifest, validation
from coprod_content.scorm.manifest import Version

STATE_LIMIT: dict[Version, int] = {"scorm12": 4096, "scorm2004": 64000}
"""``cmi.suspend_data`` limits: CMIString4096 in 1.2, SPM 64000 in 2004 4th Edition."""

SHIPPED_SCHEMAS: dict[Version, tuple[str, ...]] = {
    "scorm12": (
        "scorm12/imscp_rootv1p1p2.xsd",
        "scorm12/adlcp_rootv1p2.xsd",
        "scorm12/ims_xml.xsd",
    ),
    "scorm2004": (
        "scorm2004-4th/imscp_v1p1.xsd",
        "scorm2004-4th/adlcp_v1p3.xsd",
        "scorm2004-4th/imsss_v1p0.xsd",
        *(
            f"scorm2004-4th/imsss_v1p0{part}.xsd"
            for part in (
                "auxresource",
                "control",
                "delivery",
                "limit",
                "objective",
                "random",
                "rollup",
                "seqrule",
                "util",
            )
        ),
        "scorm2004-4th/xml.xsd",
        "scorm2004-4th/XMLSchema.dtd",
        "scorm2004-4th/datatypes.dtd",
    ),
}
"""Schema files put at the zip root: those the manifest names, and what they load."""


def package_name(module: Module, version: Version) -> str:
    """``<module-id>-<version>-<scorm12|scorm2004>.zip``."""
    return f"{module.id}-{module.version}-{version}.zip"


def build(module: Module, version: Version) -> bytes:
    """The SCORM package of ``module`` as zip bytes.

    Raises:
        PackageError: the manifest is invalid, or the module cannot fit the target.
    """
    files = {**render(module, tracking(module, version)), **schema_files(version)}
    document = manifest.serialize(manifest.build(module, version, files))
    validation.check(document, version, f"{module.id} {module.version}")
    return zip_bytes({**files, "imsmanifest.xml": document})


def build_all(modules: Sequence[Module], version: Version) -> dict[str, bytes]:
    """Every module's package, by file name."""
    return {package_name(m, version): build(m, version) for m in modules}


def tracking(module: Module, version: Version) -> Tracking:
    """The SCORM adapter the player loads for ``version``, with the module's interactions."""
    names = ("scorm.js", f"{version}.js")
    return Tracking(
        name=version,
        scripts=(
            ("interactions.js", interactions(module, version)),
            *((name, static_script(name)) for name in names),
        ),
        state_limit=STATE_LIMIT[version],
    )


def interactions(module: Module, version: Version) -> bytes:
    """``interactions.js``: each quiz item's interaction form as ``window.coprodInteractions``."""
    forms = {item.id: quiz.form(item, version)._asdict() for item in module.quiz.items}
    return data_script("coprodInteractions", forms)


@cache
def static_script(name: str) -> bytes:
    """A hand-written script shipped under ``scorm/static/``."""
    return (resources.files("coprod_content.scorm") / "static" / name).read_bytes()


@cache
def schema_files(version: Version) -> dict[str, bytes]:
    """The shipped schema files, by their name at the zip root."""
    return {
        path.rsplit("/", 1)[-1]: (validation.SCHEMAS / path).read_bytes()
        for path in SHIPPED_SCHEMAS[version]
    }
