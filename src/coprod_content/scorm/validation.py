"""Check a manifest against the official SCORM schemas before anything is written.

The schema files are vendored under ``schemas/`` (byte-for-byte copies, see
``schemas/README.md``). As in ``tests/standards/validate.py`` (the independent
validator the tests run), one wrapper schema per version imports every
namespace, because libxml2 compiles a single schema document and ignores
``xsi:schemaLocation``; and a reference check follows, because XSD validation
does not resolve ``identifierref`` or ``organizations/@default``. Nothing is
fetched (``xml.parse``); the one remote location named in the ADL files maps to
the local copy.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from coprod_content import xml
from coprod_content.diagnostics import PackageError
from coprod_content.scorm.manifest import PREFIXES, ScormVersion

SCHEMAS = Path(str(resources.files("coprod_content.scorm") / "schemas"))
FILE = "imsmanifest.xml"
_LOCAL_COPIES: xml.Copies = (
    ("http://www.w3.org/2001/xml.xsd", SCHEMAS / "scorm2004-4th" / "xml.xsd"),
    ("http://www.w3.org/2001/03/xml.xsd", SCHEMAS / "scorm2004-4th" / "xml.xsd"),
)


def schema(version: ScormVersion) -> xml.Schema:
    """The compiled wrapper schema for ``version`` (compiled once per process)."""
    return xml.schema(SCHEMAS / "wrappers" / f"{version}.xsd", _LOCAL_COPIES)


def problems(manifest: bytes, version: ScormVersion) -> list[xml.Problem]:
    """Every schema error and dangling reference in the ``manifest`` document; empty when valid."""
    try:
        root = xml.parse(manifest, FILE)
    except xml.NotWellFormed as exc:
        return [exc.problem]
    return xml.validate(root, schema(version), FILE) or reference_problems(root, version)


def reference_problems(root: xml.Element, version: ScormVersion) -> list[xml.Problem]:
    """Dangling ``identifierref`` and ``organizations/@default`` values."""
    cp = PREFIXES[version]["cp"]
    targets = {
        _collapse(el.get("identifier"))
        for el in root.iter(xml.name(cp, "resource"), xml.name(cp, "manifest"))
    }
    found = []
    for el in root.iter(xml.name(cp, "item"), xml.name(cp, "dependency")):
        ref = el.get("identifierref")
        if ref is not None and _collapse(ref) not in targets:
            found.append(
                xml.Problem(
                    FILE,
                    el.sourceline,
                    f"{xml.local_name(el)} {el.get('identifier')!r} refers to resource {ref!r},"
                    " which does not exist",
                )
            )
    for orgs in root.iter(xml.name(cp, "organizations")):
        default = orgs.get("default")
        org_ids = {_collapse(o.get("identifier")) for o in orgs.iter(xml.name(cp, "organization"))}
        if default and _collapse(default) not in org_ids:
            message = f"organizations default={default!r} names no organization"
            found.append(xml.Problem(FILE, orgs.sourceline, message))
    return found


def check(manifest: bytes, version: ScormVersion, label: str) -> None:
    """Raise unless ``manifest`` is valid.

    Raises:
        PackageError: listing every problem found, prefixed with ``label``.
    """
    found = problems(manifest, version)
    if found:
        raise PackageError(
            f"{label}: {FILE} is not valid {version}; nothing was written:\n  "
            + "\n  ".join(map(str, found))
        )


def _collapse(value: object) -> str:
    return " ".join(str(value).split())
