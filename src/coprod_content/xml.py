"""The one XML layer: the namespace table, the hardened parser, ``serialize`` and schemas.

Every XML document the packages hold (``imsmanifest.xml``, ``tincan.xml``,
``cmi5.xml``) is built from the names here, written by ``serialize`` and read back
by ``parse``, which also reads the SVG pictures authors add (``images``); no other
module imports lxml (``tests/test_layering.py``). The parser
fetches nothing (``no_network``; a resolver refuses every remote URL, but for the
vendored copies a schema names, such as the W3C ``xml.xsd`` of the ADL schemas), expands no
entities and loads no DTD; libxml2's default size limits stay on (no ``huge_tree``).
Problems name the file and line, as content diagnostics do.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Final

import msgspec
from lxml import etree
from lxml.builder import ElementMaker

Element = etree._Element
"""An element of a document being built or read."""
Schema = etree.XMLSchema
"""A compiled XSD."""

NAMESPACES: Final = {
    "imscp12": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp12": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imscp": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "tincan": "http://projecttincan.com/tincan.xsd",
    "cmi5": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd",
    "svg": "http://www.w3.org/2000/svg",
}
"""Every namespace a package document uses, by a short name: ``imscp12``/``adlcp12`` are
SCORM 1.2's content packaging and ADL extensions, ``imscp``/``adlcp``/``imsss`` SCORM
2004 4th Edition's, ``tincan`` the Tin Can package descriptor, ``cmi5`` the cmi5
course structure, ``svg`` an SVG picture."""

Copies = tuple[tuple[str, Path], ...]
"""Remote schema URLs and the vendored files that stand in for them."""


class Problem(msgspec.Struct, frozen=True):
    """What is wrong with an XML document, and where: ``cmi5.xml:4: Element ...``."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class NotWellFormed(ValueError):
    """A document that does not parse as XML: ``problem`` says where, ``reason`` why."""

    def __init__(self, problem: Problem, reason: str) -> None:
        super().__init__(str(problem))
        self.problem, self.reason = problem, reason


def name(namespace: str, local: str) -> str:
    """The qualified name of ``local`` in ``namespace`` (a key of ``NAMESPACES``).

    ``name("xsi", "schemaLocation")`` is
    ``{http://www.w3.org/2001/XMLSchema-instance}schemaLocation``.
    """
    return f"{{{NAMESPACES[namespace]}}}{local}"


def local_name(named: Element | str) -> str:
    """An element's tag, or a qualified attribute name, without its namespace."""
    return etree.QName(named).localname


def instruction_target(node: Element) -> str | None:
    """The target of a processing instruction (``<?target ...?>``); None for other nodes."""
    return node.target if isinstance(node, etree._ProcessingInstruction) else None


def has_doctype(document: Element) -> bool:
    """Whether the document holding ``document`` declares a DOCTYPE (which can define entities)."""
    info = document.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None


def maker(namespace: str, *, prefixes: dict[str | None, str] | None = None) -> ElementMaker:
    """An element builder for ``namespace``: ``maker("imsss").sequencing(...)``.

    Args:
        namespace: a key of ``NAMESPACES``, the namespace of the elements it makes.
        prefixes: the prefixes the root declares (``None`` for the default namespace),
            each mapped to a key of ``NAMESPACES``.
    """
    nsmap = {prefix: NAMESPACES[key] for prefix, key in (prefixes or {}).items()}
    return ElementMaker(namespace=NAMESPACES[namespace], nsmap=nsmap or None)


def root(namespace: str, tag: str) -> Element:
    """A new document's root element, its namespace the default one."""
    return etree.Element(name(namespace, tag), nsmap={None: NAMESPACES[namespace]})


def sub(parent: Element, tag: str, text: str | None = None, **attributes: str) -> Element:
    """A new child of ``parent`` in the parent's namespace, with ``text`` and attributes."""
    child = etree.SubElement(parent, f"{{{etree.QName(parent).namespace}}}{tag}", attrib=attributes)
    if text is not None:
        child.text = text
    return child


def serialize(document: Element) -> bytes:
    """``document`` as UTF-8 bytes: an XML declaration, two-space indents, a final newline."""
    etree.indent(document, space="  ")
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8") + b"\n"


class _OfflineResolver(etree.Resolver):
    """Serve the remote URLs that have local copies from disk; refuse every other remote URL."""

    def __init__(self, copies: Copies) -> None:
        super().__init__()
        self.copies = dict(copies)

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        if system_url in self.copies:
            return self.resolve_filename(str(self.copies[system_url]), context)
        if system_url and "://" in system_url and not system_url.startswith("file:"):
            raise etree.XMLSchemaParseError(f"refusing to fetch schema {system_url!r}")
        return None


def _parser(copies: Copies = ()) -> etree.XMLParser:
    """The hardened parser (one per call: lxml parsers are not shared between threads)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_OfflineResolver(copies))
    return parser


def parse(document: bytes, file: str) -> Element:
    """The root element of ``document``, read by the hardened parser.

    Raises:
        NotWellFormed: ``document`` is not XML; its problem names ``file`` and the line.
    """
    try:
        return etree.fromstring(document, _parser())
    except etree.XMLSyntaxError as exc:
        problem = Problem(file, exc.lineno, f"not well-formed: {exc}")
        raise NotWellFormed(problem, exc.msg) from exc


@cache
def schema(path: Path, copies: Copies = ()) -> Schema:
    """The XSD at ``path``, compiled once per process.

    Args:
        path: the schema file; relative imports resolve beside it.
        copies: remote URLs its imports name, each with the local file to read instead.
    """
    return etree.XMLSchema(etree.parse(str(path), _parser(copies)))


def validate(document: Element, xsd: Schema, file: str) -> list[Problem]:
    """Every way ``document`` breaks ``xsd``, each with ``file`` and its line; empty if none."""
    if xsd.validate(document):
        return []
    return [Problem(file, error.line, error.message) for error in xsd.error_log]


def schema_problems(document: bytes, xsd: Schema, file: str) -> list[Problem]:
    """Every problem in ``document``: not well-formed, or what ``xsd`` refuses; empty if none."""
    try:
        return validate(parse(document, file), xsd, file)
    except NotWellFormed as exc:
        return [exc.problem]
