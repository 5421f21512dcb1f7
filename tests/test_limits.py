"""Every content limit SECURITY.md promises, reached: at the limit accepted, one over refused.

The numbers are written out here as SECURITY.md states them, not imported from the code
that enforces them, so a limit that drifts from its promise fails here. The API's limits
(request body, idle keep-alive, header timeout) are in ``tests/api/test_limits.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coprod_content.loading import load_tree, read_folder
from coprod_content.model import Module
from coprod_content.yamlsource import read_yaml

ROOT = Path(__file__).resolve().parents[1]
MINI = read_folder(ROOT / "tests" / "fixtures" / "valid" / "mini")
SECURITY = " ".join((ROOT / "SECURITY.md").read_text(encoding="utf-8").split())


def load(name: str, data: bytes) -> list[str]:
    """The diagnostics of the valid mini module with file ``name`` replaced; [] if it loads."""
    loaded = load_tree({**MINI, name: data}, "mini")
    return [] if isinstance(loaded, Module) else [str(d) for d in loaded]


def edit(name: str, old: str, new: str) -> bytes:
    text = MINI[name].decode()
    assert text.count(old) == 1, old
    return text.replace(old, new).encode()


@pytest.mark.parametrize(
    "promise",
    [
        "A content file may be at most 1,000,000 bytes",
        "Nesting deeper than 40 levels is refused",
        "An image file (in a module's `images/` folder) may be at most 1,000,000 bytes",
        "labels at most 500 characters, the description 2,000, URLs 2,048",
        "more than one document are refused",
        "Request bodies over 1,024 bytes get `413`",
        "idle keep-alive connections close after 5 seconds",
        "within 10 seconds of connecting",
    ],
)
def test_the_limits_tested_are_the_ones_security_md_promises(promise: str) -> None:
    assert promise in SECURITY


def test_a_file_of_1_000_000_bytes_loads_and_one_byte_more_is_refused() -> None:
    text = MINI["sections/basics.yaml"]
    at_limit = text + b"#" + b"x" * (1_000_000 - len(text) - 2) + b"\n"
    assert len(at_limit) == 1_000_000
    assert load("sections/basics.yaml", at_limit) == []
    over = at_limit[:-1] + b"x\n"
    assert load("sections/basics.yaml", over) == [
        "mini/sections/basics.yaml:1: $: file is 1000001 bytes, over the limit of 1000000;"
        " split it into smaller files"
    ]


def test_a_value_inside_40_collections_is_read_and_inside_41_refused() -> None:
    """Forty nested mappings around a value are fine; a forty-first is not. An empty list
    is itself a value: 41 nested lists put the innermost inside 40."""
    inside_40 = read_yaml(b"{a: " * 40 + b"1" + b"}" * 40, "f.yaml")
    assert isinstance(inside_40, tuple)
    assert inside_40[0] == _nest(1, 40)
    assert str(read_yaml(b"{a: " * 41 + b"1" + b"}" * 41, "f.yaml")) == (
        "f.yaml:1: $.a.a.a: nesting deeper than 40 levels is not allowed; content never needs"
        " it, so look for unclosed brackets or runaway indentation"
    )
    assert read_yaml(b"[" * 41 + b"]" * 41, "f.yaml") == (
        _lists(41),
        {(0,) * n: 1 for n in range(41)},
    )
    assert str(read_yaml(b"[" * 42 + b"]" * 42, "f.yaml")).startswith(
        "f.yaml:1: $[0][0][0]: nesting deeper than 40 levels"
    )


def _nest(value: object, times: int) -> object:
    for _ in range(times):
        value = {"a": value}
    return value


def _lists(count: int) -> object:
    value: list[object] = []
    for _ in range(count - 1):
        value = [value]
    return value


def url(length: int) -> str:
    base = "https://example.org/toolkit/"
    return base + "a" * (length - len(base))


BASICS, GUIDE = "sections/basics.yaml", "[the guide](https://example.org/guide)"


@pytest.mark.parametrize(
    ("name", "old", "written", "limit", "refusal"),
    [
        (BASICS, "title: Basics", lambda n: "title: " + "t" * n, 500, "2: $.title: text is"),
        (
            BASICS,  # a link's text is a label too, though written inside a line of Markdown
            GUIDE,
            lambda n: f"[{'t' * n}](https://example.org/guide)",
            500,
            "6: $.blocks[0].text: link text is",
        ),
        (
            "module.yaml",
            "description: The smallest module that uses every kind of content.",
            lambda n: "description: " + "d" * n,
            2000,
            "5: $.description: text is",
        ),
        (
            "resources.yaml",
            "url: https://example.org/toolkit/think",
            lambda n: f"url: {url(n)}",
            2048,
            "4: $.resources[0].url: text is",
        ),
        (
            BASICS,
            GUIDE,
            lambda n: f"[the guide]({url(n)})",
            2048,
            "6: $.blocks[0].text: link URL is",
        ),
    ],
    ids=["label", "link text", "description", "URL", "link URL"],
)
def test_a_text_at_its_length_limit_loads_and_one_character_more_is_refused(
    name: str, old: str, written: Callable[[int], str], limit: int, refusal: str
) -> None:
    """Labels 500, the description 2,000, URLs 2,048 (SECURITY.md)."""
    assert load(name, edit(name, old, written(limit))) == []
    assert load(name, edit(name, old, written(limit + 1))) == [
        f"mini/{name}:{refusal} {limit + 1} characters, over the limit of {limit}; shorten it"
    ]


@pytest.mark.parametrize(("separator", "line"), [(b"---\n", 14), (b"...\n---\n", 15)])
def test_a_second_yaml_document_is_refused_saying_so_and_what_to_do(
    separator: bytes, line: int
) -> None:
    quiz = MINI["quiz.yaml"]
    assert load("quiz.yaml", b"---\n" + quiz + b"...\n") == []  # one document, marked
    assert load("quiz.yaml", quiz + separator + b"id: another\n") == [
        f"mini/quiz.yaml:{line}: $: a second YAML document starts on this line; a content file"
        " holds one document, so remove the '---' (and any '...') that separates them, or move"
        " the second into a file of its own"
    ]


def test_an_image_of_1_000_000_bytes_loads_and_one_byte_more_is_refused() -> None:
    png = (
        ROOT / "tests" / "fixtures" / "media" / "pictures" / "images" / "levels.png"
    ).read_bytes()
    block = "  - kind: image\n    id: picture\n    file: images/big.png\n    alt: A picture.\n"
    basics = MINI["sections/basics.yaml"] + block.encode()
    at_limit = png + b"\0" * (1_000_000 - len(png))
    files = {**MINI, "sections/basics.yaml": basics}
    assert isinstance(load_tree({**files, "images/big.png": at_limit}, "mini"), Module)
    over = load_tree({**files, "images/big.png": at_limit + b"\0"}, "mini")
    assert [str(d) for d in over] == [  # type: ignore[union-attr]
        "mini/images/big.png:1: $: image is 1000001 bytes, over the limit of 1000000; scale it"
        " down or compress it"
    ]
