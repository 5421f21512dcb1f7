"""Image files: formats by their bytes, the size limit, inert SVG only, located diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod_content.images import problems
from coprod_content.loading import load_tree, read_folder
from coprod_content.model import Image, Module

ROOT = Path(__file__).resolve().parents[1]
PICTURES = ROOT / "tests" / "fixtures" / "media" / "pictures"
LABEL = "content/pictures"
LIMIT = 1_000_000
"""The limit the README states: 1 MB (1,000,000 bytes) per image file."""

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff\xe0"
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 "
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


def _svg(body: str, open_tag: str = SVG_OPEN) -> bytes:
    return f'<?xml version="1.0"?>\n{open_tag}\n{body}\n</svg>\n'.encode()


def _messages(name: str, data: bytes) -> list[str]:
    return [f"{p.line}: {p.message}" for p in problems(name, data)]


def test_each_format_is_accepted_when_its_bytes_match_its_name() -> None:
    assert problems("images/a.png", PNG + b"rest") == []
    assert problems("images/a.jpg", JPEG) == []
    assert problems("images/a.jpeg", JPEG) == []
    assert problems("images/a.webp", WEBP) == []
    assert (
        problems("images/a.svg", _svg('<rect id="r" width="4" height="4" fill="url(#g)"/>')) == []
    )
    assert problems("images/a.svg", _svg('<use xlink:href="#r"/><a href="#r"><rect/></a>')) == []


def test_size_limit_is_exactly_one_megabyte() -> None:
    at_limit = PNG + b"\0" * (LIMIT - len(PNG))
    assert problems("images/big.png", at_limit) == []
    assert _messages("images/big.png", at_limit + b"\0") == [
        "1: image is 1000001 bytes, over the limit of 1000000; scale it down or compress it"
    ]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "images/photo.png",
            JPEG,
            "1: file holds a JPEG image but its name promises a PNG image; save it in the"
            " format its name says, or rename it",
        ),
        (
            "images/photo.webp",
            b"GIF89a",
            "1: file is not an image file but its name promises a WebP image; save it in the"
            " format its name says, or rename it",
        ),
        (
            "images/drawing.svg",
            PNG,
            "1: file holds a PNG image but its name promises an SVG image; save it in the"
            " format its name says, or rename it",
        ),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(
    name: str, data: bytes, expected: str
) -> None:
    assert _messages(name, data) == [expected]


HOSTILE_SVG: dict[str, tuple[bytes, str]] = {
    "script": (
        _svg("<script>alert(1)</script>"),
        "3: SVG element <script> can run code or load a document; remove it",
    ),
    "external script": (
        _svg('<script xlink:href="https://evil.example/x.js"/>'),
        "3: SVG element <script> can run code or load a document; remove it\n"
        "3: SVG <script> refers to 'https://evil.example/x.js' outside the file; only links to"
        " ids in the same file (#id) are allowed",
    ),
    "script in another namespace": (
        _svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
        "3: SVG element <script> can run code or load a document; remove it",
    ),
    "onload on the root": (
        _svg("", SVG_OPEN[:-1] + ' onload="alert(1)">'),
        "2: SVG has an event handler attribute 'onload'; remove it",
    ),
    "onclick, upper case": (
        _svg('<rect width="9" height="9" ONCLICK="alert(1)"/>'),
        "3: SVG has an event handler attribute 'ONCLICK'; remove it",
    ),
    "foreignObject": (
        _svg('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml"/></foreignObject>'),
        "3: SVG element <foreignObject> can run code or load a document; remove it\n"
        "3: SVG element <iframe> can run code or load a document; remove it",
    ),
    "external image": (
        _svg('<image href="https://evil.example/track.png"/>'),
        "3: SVG <image> refers to 'https://evil.example/track.png' outside the file; only links"
        " to ids in the same file (#id) are allowed",
    ),
    "external use": (
        _svg('<use xlink:href="other.svg#shape"/>'),
        "3: SVG <use> refers to 'other.svg#shape' outside the file; only links to ids in the"
        " same file (#id) are allowed",
    ),
    "data URL image": (
        _svg('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>'),
        "3: SVG <image> refers to 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' outside the"
        " file; only links to ids in the same file (#id) are allowed",
    ),
    "javascript link": (
        _svg('<a href="javascript:alert(1)"><rect/></a>'),
        "3: SVG attribute 'href' holds a javascript: address; remove it",
    ),
    "animated href": (
        _svg('<a href="#x"><set attributeName="href" to="#y"/></a>'),
        "3: SVG <set> changes 'href'; remove it",
    ),
    "animated handler": (
        _svg('<animate attributeName="onbegin" values="x"/>'),
        "3: SVG <animate> changes 'onbegin'; remove it",
    ),
    "style import": (
        _svg("<style>@import 'https://evil.example/a.css';</style>"),
        "3: SVG style refers to something outside the file (@import, url() or an escape); only"
        " url(#id) is allowed",
    ),
    "style url": (
        _svg("<style>rect { fill: url(https://evil.example/p.svg#g) }</style>"),
        "3: SVG style refers to something outside the file (@import, url() or an escape); only"
        " url(#id) is allowed",
    ),
    "style escape": (
        _svg('<rect style="fill: u\\72l(https://evil.example/)"/>'),
        "3: SVG style refers to something outside the file (@import, url() or an escape); only"
        " url(#id) is allowed",
    ),
    "paint from outside": (
        _svg('<rect fill="url(https://evil.example/p.svg#g)"/>'),
        "3: SVG style refers to something outside the file (@import, url() or an escape); only"
        " url(#id) is allowed",
    ),
    "xinclude": (
        _svg('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'),
        "3: SVG <include> refers to '/etc/passwd' outside the file; only links to ids in the"
        " same file (#id) are allowed",
    ),
    "stylesheet instruction": (
        b'<?xml-stylesheet href="https://evil.example/s.css"?>\n' + _svg("").split(b"\n", 1)[1],
        "1: SVG has a <?xml-stylesheet?> instruction; remove it",
    ),
    "entities": (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
        + f"{SVG_OPEN}<text>&b;</text></svg>".encode(),
        "1: SVG has a DOCTYPE, which can define entities; remove it",
    ),
    "not svg": (
        b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>\n',
        "2: the root element is not <svg> in the SVG namespace",
    ),
    "not well-formed": (
        _svg("<rect>"),
        "4: not well-formed SVG: Opening and ending tag mismatch: rect line 3 and svg, line 4,"
        " column 7; export it again",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SVG))
def test_hostile_svg_is_refused_with_its_line(case: str) -> None:
    data, expected = HOSTILE_SVG[case]
    assert _messages("images/drawing.svg", data) == expected.split("\n")


def test_every_problem_of_an_svg_is_reported() -> None:
    data = _svg('<script>alert(1)</script>\n<rect onclick="x" fill="url(http://a.example/)"/>')
    assert [p.line for p in problems("images/drawing.svg", data)] == [3, 4, 4]


def _with(files: dict[str, bytes], **changes: bytes) -> dict[str, bytes]:
    return {
        **files,
        **{name.replace("__", "/").replace("_", "."): v for name, v in changes.items()},
    }


def test_the_fixture_loads_with_both_images() -> None:
    module = load_tree(read_folder(PICTURES), LABEL)
    assert isinstance(module, Module)
    assert [(f.path, f.media_type) for f in module.images] == [
        ("images/divider.svg", "image/svg+xml"),
        ("images/levels.png", "image/png"),
    ]
    assert module.images[1].data == (PICTURES / "images" / "levels.png").read_bytes()
    blocks = [b for s in module.sections for b in s.blocks if isinstance(b, Image)]
    assert [(b.file, b.alt is None, b.decorative) for b in blocks] == [
        ("images/levels.png", False, False),
        ("images/divider.svg", True, True),
    ]


def test_image_file_problems_name_the_file_and_line() -> None:
    files = read_folder(PICTURES)
    files["images/divider.svg"] = _svg("<rect/>\n<script/>")
    files["images/notes.txt"] = b"hello"
    files["images/Photo 1.PNG"] = PNG
    result = load_tree(files, LABEL)
    assert isinstance(result, list)
    assert [str(d) for d in sorted(result)] == [
        f"{LABEL}/images/Photo 1.PNG:1: $: image file names use lower-case letters, digits and"
        " hyphens and end .png, .jpg, .jpeg, .svg or .webp, directly in images/ (e.g."
        " images/pyramid.png); rename the file",
        f"{LABEL}/images/divider.svg:4: $: SVG element <script> can run code or load a"
        " document; remove it",
        f"{LABEL}/images/notes.txt:1: $: image file names use lower-case letters, digits and"
        " hyphens and end .png, .jpg, .jpeg, .svg or .webp, directly in images/ (e.g."
        " images/pyramid.png); rename the file",
    ]


def test_a_missing_and_an_unused_image_file_are_reported() -> None:
    files = read_folder(PICTURES)
    del files["images/levels.png"]
    files["images/spare.png"] = PNG
    result = load_tree(files, LABEL)
    assert isinstance(result, list)
    assert [str(d) for d in sorted(result)] == [
        f"{LABEL}/images/spare.png:1: $: image file is not shown by any block; add a block"
        " {kind: image, file: images/spare.png, alt: ...} to a section or delete the file",
        f"{LABEL}/sections/basics.yaml:15: $.blocks[3].file: image file 'images/levels.png' is"
        " not in the module folder; add it there or name one that is (images in the folder:"
        " images/divider.svg, images/spare.png)",
    ]
