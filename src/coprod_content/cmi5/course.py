"""``cmi5.xml``: the course structure, built with lxml and validated before it is written.

One course (the module) holding one AU (the player). ``moveOn`` is explicit:
``CompletedAndPassed``, because the learner completes the module by finishing
the quiz and passes by reaching the mastery score, which content states as a
percentage and cmi5 as a decimal from 0 to 1.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

from lxml import etree

from coprod_content import quiz
from coprod_content.diagnostics import PackageError
from coprod_content.model import Module
from coprod_content.xapi import iri

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
SCHEMA = resources.files("coprod_content.cmi5") / "schemas" / "CourseStructure.xsd"
LAUNCH = "index.html"
MoveOn = Literal["NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"]
MOVE_ON: MoveOn = "CompletedAndPassed"


def mastery(module: Module) -> str:
    """The mastery score as cmi5 writes it: ``80`` -> ``"0.8"``, ``100`` -> ``"1"``."""
    return quiz.pass_mark(module.mastery_score)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", attrib=attrs)
    if text is not None:
        element.text = text
    return element


def _texts(parent: etree._Element, module: Module, title: str, description: str) -> None:
    _sub(_sub(parent, "title"), "langstring", title, lang=module.language)
    _sub(_sub(parent, "description"), "langstring", description, lang=module.language)


def build(module: Module) -> etree._Element:
    """The ``<courseStructure>`` element for ``module``."""
    root = etree.Element(f"{{{NS}}}courseStructure", nsmap={None: NS})
    course = _sub(root, "course", id=iri.module_iri(module))
    _texts(course, module, module.title, module.description)
    au = _sub(
        root,
        "au",
        id=iri.au_iri(module),
        moveOn=MOVE_ON,
        masteryScore=mastery(module),
        launchMethod="AnyWindow",
    )
    _texts(au, module, module.title, module.description)
    _sub(au, "url", LAUNCH)
    return root


def serialize(root: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration, indented."""
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _parser() -> etree.XMLParser:
    """A hardened parser: no network, no entities, no DTDs."""
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


@cache
def schema() -> etree.XMLSchema:
    """The vendored cmi5 ``CourseStructure.xsd``, compiled once per process."""
    return etree.XMLSchema(etree.fromstring(SCHEMA.read_bytes(), _parser()))


def problems(document: bytes) -> list[str]:
    """Every schema error in ``document``; empty when it is a valid course structure."""
    try:
        doc = etree.fromstring(document, _parser())
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    xsd = schema()
    if xsd.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in xsd.error_log]


def check(document: bytes, label: str) -> None:
    """Raise ``PackageError`` naming ``label`` unless ``document`` validates."""
    found = problems(document)
    if found:
        raise PackageError(
            f"{label}: cmi5.xml does not validate against CourseStructure.xsd: " + "; ".join(found)
        )
