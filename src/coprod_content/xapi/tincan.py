"""``tincan.xml``: the package descriptor an LRS-aware LMS reads, built with ``xml``.

One launchable activity (the module, with ``<launch>``), then every section and
quiz item with its definition. No official ``tincan.xsd`` is available here, so
``check`` verifies the rules that matter to an importer: it parses, the root
and namespace are right, exactly one activity launches, ids are unique.
"""

from __future__ import annotations

from coprod_content import xml
from coprod_content.diagnostics import PackageError
from coprod_content.model import Module
from coprod_content.xapi.activities import Activity, activities

NS = xml.NAMESPACES["tincan"]
FILE = "tincan.xml"
LAUNCH = "index.html"


def _activity(parent: xml.Element, activity: Activity, launch: str | None = None) -> None:
    definition = activity.definition
    element = xml.sub(parent, "activity", id=activity.id, type=definition.type)
    for lang, text in definition.name.items():
        xml.sub(element, "name", text, lang=lang)
    for lang, text in (definition.description or {}).items():
        xml.sub(element, "description", text, lang=lang)
    if launch is not None:
        xml.sub(element, "launch", launch, lang=next(iter(definition.name)))
    if definition.interaction_type is not None:
        xml.sub(element, "interactionType", definition.interaction_type)
    if definition.correct_responses_pattern is not None:
        patterns = xml.sub(element, "correctResponsePatterns")
        for pattern in definition.correct_responses_pattern:
            xml.sub(patterns, "correctResponsePattern", pattern)
    if definition.choices is not None:
        choices = xml.sub(element, "choices")
        for choice in definition.choices:
            component = xml.sub(choices, "component")
            xml.sub(component, "id", choice.id)
            for lang, text in choice.description.items():
                xml.sub(component, "description", text, lang=lang)


def build(module: Module) -> xml.Element:
    """The ``<tincan>`` element for ``module``."""
    table = activities(module)
    root = xml.root("tincan", "tincan")
    listed = xml.sub(root, "activities")
    _activity(listed, table.module, launch=LAUNCH)
    for activity in [*table.sections.values(), *table.items.values()]:
        _activity(listed, activity)
    return root


def problems(document: bytes) -> list[xml.Problem]:
    """What makes ``document`` unusable as a ``tincan.xml``; empty when it is fine."""
    try:
        root = xml.parse(document, FILE)
    except xml.NotWellFormed as exc:
        return [exc.problem]
    expected = xml.name("tincan", "tincan")
    if root.tag != expected:
        message = f"root element is {root.tag!r}, expected {expected}"
        return [xml.Problem(FILE, root.sourceline, message)]
    listed = root.findall(f"{{{NS}}}activities/{{{NS}}}activity")
    launchable = [a for a in listed if a.find(f"{{{NS}}}launch") is not None]
    found = []
    if len(launchable) != 1:
        found.append(
            xml.Problem(FILE, None, f"{len(launchable)} activities have <launch>, exactly one must")
        )
    seen: set[str | None] = set()
    for activity in listed:
        if activity.get("id") in seen:
            message = f"activity id {activity.get('id')!r} is listed more than once"
            found.append(xml.Problem(FILE, activity.sourceline, message))
        seen.add(activity.get("id"))
    return found


def check(document: bytes, label: str) -> None:
    """Raise ``PackageError`` naming ``label`` if ``document`` is not a usable ``tincan.xml``."""
    found = problems(document)
    if found:
        raise PackageError(f"{label}: {FILE} is invalid: " + "; ".join(map(str, found)))
