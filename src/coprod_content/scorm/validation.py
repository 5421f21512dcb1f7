"""Check a manifest against the official SCORM schemas before anything is written.

The schema files are vendored under ``schemas/`` (byte-for-byte copies, see
``schemas/README.md``). As in ``tests/standards/validate.py`` (the independent
validator the tests run), one wrapper schema per version imports every
namespace, because libxml2 compiles a single schema document and ignores
``xsi:schemaLocation``; and a reference check follows, because XSD validation
does not resolve ``identifierref`` or ``organizations/@default``. Nothing is
fetched: parsers run with ``no_network=True`` and the one remote location named
in the ADL files maps to the local copy.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from coprod_content.diagnostics import PackageError
from coprod_content.scorm.manifest import NS, Version

SCHEMAS = Path(str(resources.files("coprod_content.scorm") / "schemas"))
_LOCAL_COPIES = {
    "http://www.w3.org/2001/xml.xsd": SCHEMAS / "scorm2004-4th" / "xml.xsd",
    "http://www.w3.org/2001/03/xml.xsd": SCHEMAS / "scorm2004-4th" / "xml.xsd",
}


class _OfflineResolver(etree.Resolver):
    """Serve the known remote schema URL from disk; refuse every other remote URL."""

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        if system_url in _LOCAL_COPIES:
            return self.resolve_filename(str(_LOCAL_COPIES[system_url]), context)
        if system_url and "://" in system_url and not system_url.startswith("file:"):
            raise etree.XMLSchemaParseError(f"refusing to fetch schema {system_url!r}")
        return None


def parser() -> etree.XMLParser:
    """The one hardened XML parser: no network, no entities, no DTDs."""
    p = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    p.resolvers.add(_OfflineResolver())
    return p


@cache
def schema(version: Version) -> etree.XMLSchema:
    """The compiled wrapper schema for ``version`` (compiled once per process)."""
    doc = etree.parse(str(SCHEMAS / "wrappers" / f"{version}.xsd"), parser())
    return etree.XMLSchema(doc)


def problems(manifest: bytes, version: Version) -> list[str]:
    """Every schema error and dangling reference in the ``manifest`` document; empty when valid."""
    try:
        doc = etree.fromstring(manifest, parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    xsd = schema(version)
    if not xsd.validate(doc):
        return [f"line {e.line}: {e.message}" for e in xsd.error_log]
    return reference_problems(doc.getroot(), version)


def reference_problems(root: etree._Element, version: Version) -> list[str]:
    """Dangling ``identifierref`` and ``organizations/@default`` values."""
    cp = NS[version]["cp"]
    targets = {
        _collapse(el.get("identifier"))
        for el in root.iter(f"{{{cp}}}resource", f"{{{cp}}}manifest")
    }
    found = []
    for el in root.iter(f"{{{cp}}}item", f"{{{cp}}}dependency"):
        ref = el.get("identifierref")
        if ref is not None and _collapse(ref) not in targets:
            found.append(
                f"line {el.sourceline}: {etree.QName(el).localname} "
                f"{el.get('identifier')!r} refers to resource {ref!r}, which does not exist"
            )
    for orgs in root.iter(f"{{{cp}}}organizations"):
        default = orgs.get("default")
        org_ids = {_collapse(o.get("identifier")) for o in orgs.iter(f"{{{cp}}}organization")}
        if default and _collapse(default) not in org_ids:
            found.append(
                f"line {orgs.sourceline}: organizations default={default!r} names no organization"
            )
    return found


def check(manifest: bytes, version: Version, label: str) -> None:
    """Raise unless ``manifest`` is valid.

    Raises:
        PackageError: listing every problem found, prefixed with ``label``.
    """
    found = problems(manifest, version)
    if found:
        raise PackageError(
            f"{label}: imsmanifest.xml is not valid {version}; nothing was written:\n  "
            + "\n  ".join(found)
        )


def _collapse(value: object) -> str:
    return " ".join(str(value).split())
