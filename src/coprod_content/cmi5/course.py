"""``cmi5.xml``: the course structure, built with ``xml`` and validated before it is written.

One course (the module) holding one AU (the player). ``moveOn`` is explicit:
``CompletedAndPassed``, because the learner completes the module by finishing
the quiz and passes by reaching the mastery score, which content states as a
percentage and cmi5 as a decimal from 0 to 1.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

from coprod_content import quiz, xml
from coprod_content.diagnostics import PackageError
from coprod_content.model import Module
from coprod_content.xapi import iri

NS = xml.NAMESPACES["cmi5"]
SCHEMA = Path(str(resources.files("coprod_content.cmi5") / "schemas" / "CourseStructure.xsd"))
FILE = "cmi5.xml"
LAUNCH = "index.html"
MoveOn = Literal["NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"]
MOVE_ON: MoveOn = "CompletedAndPassed"


def mastery(module: Module) -> str:
    """The mastery score as cmi5 writes it: ``80`` -> ``"0.8"``, ``100`` -> ``"1"``."""
    return quiz.pass_mark(module.mastery_score)


def _texts(parent: xml.Element, module: Module, title: str, description: str) -> None:
    xml.sub(xml.sub(parent, "title"), "langstring", title, lang=module.language)
    xml.sub(xml.sub(parent, "description"), "langstring", description, lang=module.language)


def build(module: Module) -> xml.Element:
    """The ``<courseStructure>`` element for ``module``."""
    root = xml.root("cmi5", "courseStructure")
    course = xml.sub(root, "course", id=iri.module_iri(module))
    _texts(course, module, module.title, module.description)
    au = xml.sub(
        root,
        "au",
        id=iri.au_iri(module),
        moveOn=MOVE_ON,
        masteryScore=mastery(module),
        launchMethod="AnyWindow",
    )
    _texts(au, module, module.title, module.description)
    xml.sub(au, "url", LAUNCH)
    return root


def problems(document: bytes) -> list[xml.Problem]:
    """Every schema error in ``document``; empty when it is a valid course structure."""
    return xml.schema_problems(document, xml.schema(SCHEMA), FILE)


def check(document: bytes, label: str) -> None:
    """Raise ``PackageError`` naming ``label`` unless ``document`` validates."""
    found = problems(document)
    if found:
        raise PackageError(
            f"{label}: {FILE} does not validate against CourseStructure.xsd: "
            + "; ".join(map(str, found))
        )
