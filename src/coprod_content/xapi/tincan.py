"""``tincan.xml``: the package descriptor an LRS-aware LMS reads, built with lxml.

One launchable activity (the module, with ``<launch>``), then every section and
quiz item with its definition. No official ``tincan.xsd`` is available here, so
``check`` verifies the rules that matter to an importer: it parses, the root
and namespace are right, exactly one activity launches, ids are unique.
"""

from __future__ import annotations

from lxml import etree

from coprod_content.diagnostics import PackageError
from coprod_content.model import Module
from coprod_content.xapi.activities import Activity, activities

NS = "http://projecttincan.com/tincan.xsd"
LAUNCH = "index.html"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", attrib=attrs)
    if text is not None:
        element.text = text
    return element


def _activity(parent: etree._Element, activity: Activity, launch: str | None = None) -> None:
    definition = activity.definition
    element = _sub(parent, "activity", id=activity.id, type=definition.type)
    for lang, text in definition.name.items():
        _sub(element, "name", text, lang=lang)
    for lang, text in (definition.description or {}).items():
        _sub(element, "description", text, lang=lang)
    if launch is not None:
        _sub(element, "launch", launch, lang=next(iter(definition.name)))
    if definition.interaction_type is not None:
        _sub(element, "interactionType", definition.interaction_type)
    if definition.correct_responses_pattern is not None:
        patterns = _sub(element, "correctResponsePatterns")
        for pattern in definition.correct_responses_pattern:
            _sub(patterns, "correctResponsePattern", pattern)
    if definition.choices is not None:
        choices = _sub(element, "choices")
        for choice in definition.choices:
            component = _sub(choices, "component")
            _sub(component, "id", choice.id)
            for lang, text in choice.description.items():
                _sub(component, "description", text, lang=lang)


def build(module: Module) -> etree._Element:
    """The ``<tincan>`` element for ``module``."""
    table = activities(module)
    root = etree.Element(f"{{{NS}}}tincan", nsmap={None: NS})
    listed = _sub(root, "activities")
    _activity(listed, table.module, launch=LAUNCH)
    for activity in [*table.sections.values(), *table.items.values()]:
        _activity(listed, activity)
    return root


def serialize(root: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration, indented for people who open the file."""
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def problems(document: bytes) -> list[str]:
    """What makes ``document`` unusable as a ``tincan.xml``; empty when it is fine."""
    try:
        root = etree.fromstring(document, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    if root.tag != f"{{{NS}}}tincan":
        return [f"root element is {root.tag!r}, expected {{{NS}}}tincan"]
    found = []
    listed = root.findall(f"{{{NS}}}activities/{{{NS}}}activity")
    launchable = [a for a in listed if a.find(f"{{{NS}}}launch") is not None]
    if len(launchable) != 1:
        found.append(f"{len(launchable)} activities have <launch>, exactly one must")
    ids = [a.get("id") for a in listed]
    found += [
        f"activity id {i!r} is listed more than once"
        for i in sorted({i for i in ids if ids.count(i) > 1}, key=str)
    ]
    return found


def check(document: bytes, label: str) -> None:
    """Raise ``PackageError`` naming ``label`` if ``document`` is not a usable ``tincan.xml``."""
    found = problems(document)
    if found:
        raise PackageError(f"{label}: tincan.xml is invalid: " + "; ".join(found))
