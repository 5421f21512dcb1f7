"""Image files of a module: what each one holds, and whether it may be shipped.

Pure: a file name and its bytes in, the media type or the reasons to refuse out.
A module ships PNG, JPEG, WebP and SVG pictures of at most ``MAX_BYTES`` each.
The name's extension must match what the bytes are, so a server can give the
right content type. An SVG file is XML that a browser may run, so it is refused
unless it is inert: no DOCTYPE (entities), no scripts or elements that embed
other documents, no event handler attributes, no reference to anything outside
the file (only ``#fragment`` links and ``url(#id)`` paint) and no ``javascript:``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from coprod_content.model import ImageType

FOLDER = "images/"
"""Where a module's image files live, inside its folder."""
MAX_BYTES = 1_000_000
"""The most bytes one image file may hold (1 MB): enough for a clear figure on any screen."""

TYPES: dict[str, ImageType] = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "svg": "image/svg+xml",
    "webp": "image/webp",
}
"""Media type by file extension."""

_NAMES: dict[ImageType, str] = {
    "image/png": "a PNG",
    "image/jpeg": "a JPEG",
    "image/svg+xml": "an SVG",
    "image/webp": "a WebP",
}
_SVG = "http://www.w3.org/2000/svg"
_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
"""SVG elements that run code or embed another document."""
_LINKS = {"href", "src"}
_URL = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_JS = re.compile(r"javascript\s*:", re.IGNORECASE)


class Problem(NamedTuple):
    """Why an image file cannot be shipped, and the line of the file it is on (SVG)."""

    line: int
    message: str


def media_type(name: str) -> ImageType | None:
    """The media type a file name promises, by its extension; None for other files."""
    return TYPES.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


def sniff(data: bytes) -> ImageType | None:
    """What the bytes are, from their first bytes (SVG: an XML or ``<svg`` start)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")):
        return "image/svg+xml"
    return None


def problems(name: str, data: bytes) -> list[Problem]:
    """Every reason the image file ``name`` (e.g. ``images/pyramid.svg``) cannot be shipped.

    Raises:
        ValueError: ``name`` does not end as an image file does (see ``model.ImagePath``).
    """
    promised = media_type(name)
    if promised is None:
        raise ValueError(f"{name!r} is not named as an image; check it against ImagePath first")
    if len(data) > MAX_BYTES:
        return [
            Problem(
                1,
                f"image is {len(data)} bytes, over the limit of {MAX_BYTES}; "
                "scale it down or compress it",
            )
        ]
    found = sniff(data)
    if found != promised:
        what = f"holds {_NAMES[found]} image" if found else "is not an image file"
        return [
            Problem(
                1,
                f"file {what} but its name promises {_NAMES[promised]} image; "
                "save it in the format its name says, or rename it",
            )
        ]
    return svg_problems(data) if promised == "image/svg+xml" else []


def svg_problems(data: bytes) -> list[Problem]:
    """Every reason an SVG file is not inert (see the module docstring)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [Problem(exc.lineno or 1, f"not well-formed SVG: {exc.msg}; export it again")]
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return [Problem(1, "SVG has a DOCTYPE, which can define entities; remove it")]
    if root.tag != f"{{{_SVG}}}svg":
        return [Problem(root.sourceline or 1, "the root element is not <svg> in the SVG namespace")]
    found: list[Problem] = []
    for node in [*root.itersiblings(preceding=True), *root.iter(), *root.itersiblings()]:
        line = node.sourceline or 1
        if isinstance(node, etree._ProcessingInstruction):
            found.append(Problem(line, f"SVG has a <?{node.target}?> instruction; remove it"))
            continue
        if not isinstance(node.tag, str):
            continue  # a comment
        name = etree.QName(node).localname
        if name.lower() in _ACTIVE:
            found.append(
                Problem(line, f"SVG element <{name}> can run code or load a document; remove it")
            )
        if name == "style":
            found += _css(node.text or "", line)
        for key, value in node.attrib.items():
            found += _attribute(name, etree.QName(key).localname, value, line)
    return found


def _attribute(element: str, name: str, value: str, line: int) -> list[Problem]:
    lower = name.lower()
    if lower.startswith("on"):
        return [Problem(line, f"SVG has an event handler attribute {name!r}; remove it")]
    if _JS.search(value):
        return [Problem(line, f"SVG attribute {name!r} holds a javascript: address; remove it")]
    if lower in _LINKS and not value.strip().startswith("#"):
        return [
            Problem(
                line,
                f"SVG <{element}> refers to {value[:80]!r} outside the file; "
                "only links to ids in the same file (#id) are allowed",
            )
        ]
    if element in ("animate", "set") and lower == "attributename":
        target = value.strip().lower().rsplit(":", 1)[-1]
        if target in _LINKS or target.startswith("on"):
            return [Problem(line, f"SVG <{element}> changes {value!r}; remove it")]
    return _css(value, line) if lower == "style" or "url(" in value.lower() else []


def _css(css: str, line: int) -> list[Problem]:
    if "\\" in css or "@import" in css.lower() or _URL.search(css):
        return [
            Problem(
                line,
                "SVG style refers to something outside the file (@import, url() or an "
                "escape); only url(#id) is allowed",
            )
        ]
    return []
