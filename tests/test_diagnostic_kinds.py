"""Every kind of diagnostic the loader and checker can produce has a broken fixture.

How it works, and what to do when it fails (keep to it when you add a diagnostic):

1. The kinds are read from the source, not listed by hand. The scan takes every module the
   loader runs: ``coprod_content.loading`` and each ``coprod_content`` module it imports,
   directly or through another (checks, conversion, yamlsource, richtext, model, ...). In
   those modules, every string literal or f-string inside a function that holds two words
   or more is a message, shown here as its template (``{}`` for each placeholder); the
   literals that make the same template are one kind. Module-level strings (constants, the
   ``Meta`` descriptions conversion quotes in its "expected ..." messages) are not kinds.
2. Each broken fixture named in ``tests/test_cli.py`` ``EXPECTED`` (whose exact text that
   file asserts) is loaded while the lines that run are recorded. A kind is covered when a
   line of one of its literals ran.
3. A kind no fixture reaches fails the test, by name. Then either add a fixture, a copy
   of ``tests/fixtures/valid/mini`` with one mistake, as ``tests/fixtures/broken/<kind>/mini``
   and its exact text in ``EXPECTED``; or, if the string is not a content diagnostic (an API
   message, a summary line) or no content can reach it, add its template (or its function,
   as ``module.function``, for a function that makes no diagnostic at all) to
   ``NOT_DIAGNOSTICS`` with the reason. An entry that no longer names anything fails too.

Warnings are diagnostics too: a warning's message is a kind like any other.
"""

from __future__ import annotations

import ast
import contextlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from coprod_content.diagnostics import ContentError
from coprod_content.loading import load_modules
from tests.test_cli import EXPECTED

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "coprod_content"
BROKEN = ROOT / "tests" / "fixtures" / "broken"
WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")

NOT_DIAGNOSTICS = {
    "{} problem{} in content:\n{}": "ContentError's summary of the diagnostics it carries",
    "invalid YAML": "PyYAML always says what went wrong; this stands in if it ever does not",
    "YAML error: {}": "only a reader error (handled apart) is unmarked while composing",
    "unsupported Markdown ({})": "only the enabled Markdown rules make tokens (see richtext)",
    "{} is not named as an image; check it against ImagePath first": "a caller's mistake: "
    "loading checks every image file's name against ImagePath before images.problems",
    "quiz.example": "the API's hint in a check's problem (tests/api/test_problems.py)",
    "quiz.read_answer": "the API's answer to a check body (tests/test_quiz.py asserts each)",
    "quiz._known": "the API's answer to a check body naming choices (tests/test_quiz.py)",
    "quiz._json": "how the API's answer to a check body names a JSON value",
}
"""Strings the scan finds that are no content diagnostic, or that no content reaches."""

ALSO_RUN = {
    "no-such-folder": "tests/test_cli.py::test_missing_content_folder_is_an_error",
    "content": "tests/test_cli.py::"
    "test_validate_shows_every_warning_of_the_bundled_module_and_still_passes",
}
"""Content paths that are not fixture folders, with the test asserting their exact text
(a warning, such as the bundled module's placeholder base IRI or a video without a
transcript, needs content without errors)."""


class Kind:
    """One message template and the places in the source that make it."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.sites: list[tuple[Path, str, int, int]] = []  # file, function, first, last line

    def __repr__(self) -> str:
        where = ", ".join(f"{f.name}:{first} ({fn})" for f, fn, first, _ in self.sites)
        return f"{self.template!r} at {where}"


def pipeline() -> list[Path]:
    """``loading.py`` and every module of the package it imports, directly or not."""
    found: list[Path] = []
    todo = [PACKAGE / "loading.py"]
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.append(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if not name.startswith("coprod_content."):
                    continue
                parts = name.split(".")[1:]
                for candidate in (
                    PACKAGE.joinpath(*parts).with_suffix(".py"),
                    PACKAGE.joinpath(*parts, "__init__.py"),
                ):
                    if candidate.is_file():
                        todo.append(candidate)
    return sorted(found)


def _template(node: ast.Constant | ast.JoinedStr) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    return "".join(
        str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
    )


def _messages(tree: ast.AST) -> Iterator[tuple[str, ast.Constant | ast.JoinedStr]]:
    """(function name, literal) for every string literal inside a function, outermost only."""

    def walk(node: ast.AST, function: str | None) -> Iterator[tuple[str, Any]]:
        body = getattr(node, "body", None)
        docstring = (
            body[0].value
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            else None
        )
        for child in ast.iter_child_nodes(node):
            if child is docstring or (isinstance(child, ast.Expr) and child.value is docstring):
                continue
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(child, child.name)
            elif isinstance(child, ast.JoinedStr) or (
                isinstance(child, ast.Constant) and isinstance(child.value, str)
            ):
                if function is not None:
                    yield function, child
            else:
                yield from walk(child, function)

    yield from walk(tree, None)


def messages() -> Iterator[tuple[str, Path, str, ast.Constant | ast.JoinedStr]]:
    """(template, file, function, literal) for every message in the pipeline's functions."""
    for path in pipeline():
        for function, node in _messages(ast.parse(path.read_text(encoding="utf-8"))):
            template = _template(node)
            if WORDS.search(template.replace("{}", " ")):
                yield template, path, function, node


def kinds() -> dict[str, Kind]:
    """Every message template but those in NOT_DIAGNOSTICS, with where it is made."""
    found: dict[str, Kind] = {}
    for template, path, function, node in messages():
        if template in NOT_DIAGNOSTICS or f"{path.stem}.{function}" in NOT_DIAGNOSTICS:
            continue
        kind = found.setdefault(template, Kind(template))
        kind.sites.append((path, function, node.lineno, node.end_lineno or node.lineno))
    return found


def ran_lines(folders: list[Path]) -> set[tuple[str, int]]:
    """(file, line) of every pipeline line that runs while ``folders`` are loaded."""
    files = {str(p) for p in pipeline()}
    ran: set[tuple[str, int]] = set()

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            ran.add((frame.f_code.co_filename, frame.f_lineno))
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename in files else None

    before = sys.gettrace()
    sys.settrace(calls)
    try:
        for folder in folders:
            with contextlib.suppress(ContentError):
                load_modules(folder)
    finally:
        sys.settrace(before)
    return ran


@pytest.fixture(scope="module")
def covered() -> set[tuple[str, int]]:
    folders = [BROKEN / name for name in sorted(EXPECTED)]
    folders += [ROOT / name for name in ALSO_RUN]
    return ran_lines(folders)


def test_the_scan_finds_the_kinds_it_should() -> None:
    """The scan itself: it sees known messages of each reporting style, and no docstring."""
    found = kinds()
    for template in (
        "file is missing; every module folder needs it",  # loading: a reporting method
        "missing required field {}; add it",  # conversion: self.fail
        "text is empty; write the text or remove the field",  # richtext: an exception
        "duplicate key {}; keep only one of them",  # yamlsource: an exception carried over
        "URL {} has no host; write it as https://host/path",  # checks: a returned message
    ):
        assert template in found, template
    assert not any(t.startswith("Load one module folder") for t in found)
    assert len(found) >= 40


def test_every_kind_of_diagnostic_has_a_broken_fixture(covered: set[tuple[str, int]]) -> None:
    missing = [
        kind
        for kind in kinds().values()
        if not any(
            (str(path), line) in covered
            for path, _, first, last in kind.sites
            for line in range(first, last + 1)
        )
    ]
    assert missing == [], "no broken fixture reaches these diagnostics:\n" + "\n".join(
        f"  {kind!r}" for kind in missing
    )


def test_every_exception_names_a_message_that_is_there() -> None:
    """No stale entry in NOT_DIAGNOSTICS, which could hide a new message of the same text."""
    known = set()
    for template, path, function, _ in messages():
        known |= {template, f"{path.stem}.{function}"}
    assert sorted(set(NOT_DIAGNOSTICS) - known) == []


def test_every_fixture_folder_is_asserted_in_test_cli() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)
