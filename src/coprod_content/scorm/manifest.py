"""``imsmanifest.xml`` for SCORM 1.2 and SCORM 2004 4th Edition, built with lxml.

One organization, one item, one SCO launched from ``index.html``. Identifiers
derive from the module id only, so a newer version of the same module replaces
the old one in place in an LMS; the version is recorded on the manifest. Every
file in the package is listed in the SCO's resource.

The pass mark is in the manifest: SCORM 1.2's ``adlcp:masteryscore``; in SCORM 2004
the item's primary objective is satisfied by measure (``minNormalizedMeasure`` =
mastery score / 100), and its delivery controls say the content sets completion and
success itself, so an LMS neither guesses them nor overrides the player's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from lxml import etree
from lxml.builder import ElementMaker

from coprod_content import quiz
from coprod_content.diagnostics import PackageError
from coprod_content.model import Module

Version = Literal["scorm12", "scorm2004"]

NS: dict[str, dict[str, str]] = {
    "scorm12": {
        "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    },
    "scorm2004": {
        "cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    },
}
"""Every namespace a manifest uses, per version; ``cp`` is the default namespace."""

SCHEMA_FILES: dict[str, dict[str, str]] = {
    "scorm12": {"cp": "imscp_rootv1p1p2.xsd", "adlcp": "adlcp_rootv1p2.xsd"},
    "scorm2004": {"cp": "imscp_v1p1.xsd", "adlcp": "adlcp_v1p3.xsd", "imsss": "imsss_v1p0.xsd"},
}
"""The schema named for each namespace in ``xsi:schemaLocation`` (shipped at the zip root)."""

SCHEMA_VERSION = {"scorm12": "1.2", "scorm2004": "2004 4th Edition"}
TITLE_MAX = 200  # SCORM 1.2 XSD limit; SCORM 2004's smallest permitted maximum
VERSION_MAX = 20  # SCORM 1.2 XSD limit on manifest/@version
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def identifiers(module: Module) -> dict[str, str]:
    """The manifest's identifiers: stable across versions, valid ``xsd:ID`` values."""
    base = f"coprod-{module.id}"
    return {
        "manifest": base,
        "organization": f"{base}-org",
        "item": f"{base}-item",
        "resource": f"{base}-sco",
    }


def title(text: str) -> str:
    """``text`` on one line and within the manifest title limit."""
    flat = " ".join(_NOT_XML.sub("", text).split())
    return flat if len(flat) <= TITLE_MAX else flat[: TITLE_MAX - 1].rstrip() + "…"


def build(module: Module, version: Version, files: Iterable[str]) -> etree._Element:
    """The manifest element listing ``files`` (every package member but the manifest).

    Raises:
        PackageError: the module's version is too long for a SCORM 1.2 manifest.
    """
    if version == "scorm12" and len(module.version) > VERSION_MAX:
        raise PackageError(
            f"module {module.id!r}: version {module.version!r} has {len(module.version)} "
            f"characters; SCORM 1.2 manifests allow at most {VERSION_MAX}, so shorten its "
            "pre-release part"
        )
    ns = NS[version]
    nsmap: dict[str | None, str] = {None: ns["cp"]}
    nsmap.update((k, v) for k, v in ns.items() if k != "cp")
    cp = ElementMaker(namespace=ns["cp"], nsmap=nsmap)
    adlcp = ElementMaker(namespace=ns["adlcp"])
    ids = identifiers(module)
    locations = " ".join(f"{ns[key]} {name}" for key, name in SCHEMA_FILES[version].items())

    item = cp.item(
        cp.title(title(module.title)), identifier=ids["item"], identifierref=ids["resource"]
    )
    if version == "scorm12":
        item.set("isvisible", "true")
        item.append(adlcp.masteryscore(str(module.mastery_score)))
    else:
        item.append(sequencing(module))
    scorm_type = "scormtype" if version == "scorm12" else "scormType"
    resource = cp.resource(
        *(cp.file(href=name) for name in sorted(files)),
        identifier=ids["resource"],
        type="webcontent",
        href="index.html",
    )
    resource.set(f"{{{ns['adlcp']}}}{scorm_type}", "sco")
    manifest = cp.manifest(
        cp.metadata(cp.schema("ADL SCORM"), cp.schemaversion(SCHEMA_VERSION[version])),
        cp.organizations(
            cp.organization(cp.title(title(module.title)), item, identifier=ids["organization"]),
            default=ids["organization"],
        ),
        cp.resources(resource),
        identifier=ids["manifest"],
        version=module.version,
    )
    manifest.set(f"{{{ns['xsi']}}}schemaLocation", locations)
    return manifest


def sequencing(module: Module) -> etree._Element:
    """SCORM 2004 ``imsss:sequencing``: passed at the mastery score, status set by the SCO."""
    ss = ElementMaker(namespace=NS["scorm2004"]["imsss"])
    return ss.sequencing(
        ss.objectives(
            ss.primaryObjective(
                ss.minNormalizedMeasure(quiz.pass_mark(module.mastery_score)),
                satisfiedByMeasure="true",
            )
        ),
        ss.deliveryControls(completionSetByContent="true", objectiveSetByContent="true"),
    )


def serialize(manifest: etree._Element) -> bytes:
    """The manifest as an indented UTF-8 document with an XML declaration."""
    etree.indent(manifest, space="  ")
    return etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True)
