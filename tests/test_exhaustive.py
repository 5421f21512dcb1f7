"""Every dispatch over a union of kinds is exhaustive: a new kind fails the type check.

The test copies ``src/``, adds one kind to each union (inline, block, step, quiz item and
change kinds) in the copy, and runs mypy on it as ``make test`` does. mypy must then
report an error at an ``assert_never`` in every module that dispatches on that kind
(``DISPATCH``, the list of places a new kind must be handled) and nowhere else: no code
treats the new kind as one it already knows (which would show as a missing attribute).
What mypy cannot see is a chain that drops the new kind without touching it (an ``if``
with no ``else``): CONTRIBUTING.md asks for ``assert_never`` there, and review holds it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "coprod_content"


def _kind(name: str, base: str, *fields: str) -> str:
    body = '    """A kind no code handles yet."""\n' + "".join(f"    {field}\n" for field in fields)
    return (
        f'class {name}({base}, frozen=True, kw_only=True, tag="{name.lower()}", tag_field="kind"):'
        f"\n{body}\n\n"
    )


NEW_KINDS = {  # file -> (where a union starts, the text that adds a kind to it)
    "model.py": [
        (
            "Inline = Text |",
            _kind("NewInline", "Model", "text: str") + "Inline = NewInline | Text |",
        ),
        (
            "Block = ProseBlock |",
            _kind("NewBlock", "Model", "id: Slug") + "Block = NewBlock | ProseBlock |",
        ),
        ("Step = Watch |", _kind("NewStep", "Model", "id: Slug") + "Step = NewStep | Watch |"),
        (
            "QuizItem = TrueFalse |",
            _kind(
                "NewItem",
                "Model",
                "id: Slug",
                "statement: RichText",
                "answer: bool",
                "explanation: RichText",
            )
            + "QuizItem = NewItem | TrueFalse |",
        ),
    ],
    "history/changes.py": [
        (
            "AnyChange = PartChange |",
            _kind("NewChange", "Change") + "AnyChange = NewChange | PartChange |",
        ),
    ],
}
NEVER = 'Argument 1 to "assert_never" has incompatible type'
ERROR = re.compile(r"^src/coprod_content/(?P<file>\S+):(?P<line>\d+): error: (?P<message>.*)$")


def _copy_with_new_kinds(tmp: Path) -> Path:
    shutil.copytree(
        PACKAGE, tmp / "src" / "coprod_content", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp)
    if (ROOT / ".mypy_cache").is_dir():  # third-party types already checked: faster
        shutil.copytree(ROOT / ".mypy_cache", tmp / ".mypy_cache")
    for name, edits in NEW_KINDS.items():
        path = tmp / "src" / "coprod_content" / name
        text = path.read_text(encoding="utf-8")
        for start, replacement in edits:
            assert text.count(start) == 1, f"{name}: the union {start!r} moved; update this test"
            text = text.replace(start, replacement)
        path.write_text(text, encoding="utf-8")
    return tmp


DISPATCH = {
    "NewInline": {"richtext.py"},
    "NewBlock": {"api/convert.py", "history/word_diff.py"},
    "NewStep": {"api/convert.py", "history/word_diff.py"},
    "NewItem": {"quiz.py", "api/convert.py", "history/changes.py", "history/word_diff.py"},
    "NewChange": {
        "history/changes.py",
        "api/convert.py",
        "preview/page.py",
        "report/figures.py",
    },
}
"""Where each kind of thing is dispatched on, so where a new kind must be handled."""


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> list[re.Match[str]]:
    """mypy's errors on the copy with new kinds."""
    copy = _copy_with_new_kinds(tmp_path_factory.mktemp("new-kinds"))
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=copy, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stdout + done.stderr
    return [m for m in map(ERROR.match, done.stdout.splitlines()) if m]


def test_every_dispatch_names_the_new_kinds_it_does_not_handle(
    checked: list[re.Match[str]],
) -> None:
    flagged: dict[str, set[str]] = {kind: set() for kind in DISPATCH}
    for error in checked:
        if NEVER in error["message"]:
            for kind in error["message"].split('"')[3].split(" | "):  # "NewBlock | NewStep"
                flagged[kind].add(error["file"])
    assert flagged == DISPATCH


def test_no_code_takes_a_new_kind_for_a_known_one(checked: list[re.Match[str]]) -> None:
    others = [error.group(0) for error in checked if NEVER not in error["message"]]
    assert others == [], "\n".join(others)
