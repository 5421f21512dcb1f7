"""Read a built package back as a consumer would: unzip, parse the manifest and HTML with lxml."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import lxml.html
from lxml import etree

from coprod_content.model import Emphasis, Inline, Link, Strong, Text
from coprod_content.scorm.manifest import NS


@dataclass(frozen=True)
class OptionHtml:
    id: str
    type: str
    text: tuple[Inline, ...]
    feedback: tuple[Inline, ...] | None


@dataclass(frozen=True)
class QuizItemHtml:
    id: str
    statement: tuple[Inline, ...]
    options: tuple[OptionHtml, ...]
    answer: tuple[str, ...]
    explanation: tuple[Inline, ...]


@dataclass(frozen=True)
class Package:
    members: dict[str, bytes]
    manifest: etree._Element
    html: lxml.html.HtmlElement

    def quiz(self) -> list[QuizItemHtml]:
        return [
            QuizItemHtml(
                id=item.get("data-item", ""),
                statement=inline(_only(item, "statement")),
                options=tuple(_option(label) for label in item.find_class("choice")),
                answer=tuple(item.get("data-answer", "").split()),
                explanation=inline(_only(item, "explanation")),
            )
            for item in self.html.find_class("item")
        ]

    def listed(self, version: str) -> list[str]:
        cp = NS[version]["cp"]
        return [f.get("href", "") for f in self.manifest.iter(f"{{{cp}}}file")]


def read(package: bytes) -> Package:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return Package(
        members=members,
        manifest=etree.fromstring(members["imsmanifest.xml"], parser),
        html=lxml.html.document_fromstring(members["index.html"].decode("utf-8")),
    )


def inline(element: lxml.html.HtmlElement) -> tuple[Inline, ...]:
    """The rich text an element's HTML content spells, node for node."""
    nodes: list[Inline] = []
    if element.text:
        nodes.append(Text(text=element.text))
    for child in element:
        if child.tag == "em":
            nodes.append(Emphasis(children=inline(child)))
        elif child.tag == "strong":
            nodes.append(Strong(children=inline(child)))
        elif child.tag == "a" and len(child) == 0:
            nodes.append(Link(href=child.get("href", ""), text=child.text or ""))
        else:
            raise AssertionError(f"unexpected <{child.tag}> in rich text")
        if child.tail:
            nodes.append(Text(text=child.tail))
    return tuple(nodes)


def _option(label: lxml.html.HtmlElement) -> OptionHtml:
    """A ``<label class="choice">``: its input, its text, its hidden feedback."""
    (box,) = label.findall("input")
    text, *rest = label.findall("span")
    return OptionHtml(
        id=box.get("value", ""),
        type=box.get("type", ""),
        text=inline(text),
        feedback=inline(rest[0]) if rest else None,
    )


def _only(element: lxml.html.HtmlElement, cls: str) -> lxml.html.HtmlElement:
    found = element.find_class(cls)
    assert len(found) == 1, f"expected one .{cls}, found {len(found)}"
    return found[0]
