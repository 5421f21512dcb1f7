"""Temporary content repositories for the release tests: the mini module under git.

``edit_mini`` makes the edit the release tests release as 1.1.0: it rewords a
section, flips an answer and adds a quiz item, and ``MINI_EDIT`` is what
``coprod diff`` must say about it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parent / "fixtures" / "valid" / "mini"
PLACEHOLDER_IRI = "https://example.org/xapi/activities"
"""The fixture's base IRI: on a reserved example domain, so ``coprod release`` refuses it."""
OWNED_IRI = "https://learning.coprod-tests.org.uk/xapi/activities"
"""The base IRI of the repositories made here: a publisher's own domain."""

OLD_OPENING = "Collaboration means **working together**."
NEW_OPENING = "Collaboration means **working closely together**."
NEW_ITEM = """\
  - id: lived-experience
    statement: Lived experience is a kind of expertise.
    answer: true
    explanation: People who use a service know what works for them.
"""

MINI_EDIT = [
    "- Section “Basics” (basics) reworded",
    "    Collaboration means working{+ closely+} together. See the guide.",
    "- Quiz item (takes-more-time): answer flipped from true to false:"
    " “Co-production takes more time but leads to better services.”",
    "- Quiz item (lived-experience) added: “Lived experience is a kind of expertise.”"
    " (answer: true)",
]
"""``coprod diff mini 1.0.0 1.1.0``, line by line after its heading."""


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the machine's git configuration out of the tests."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def git(root: Path, *args: str) -> str:
    """Run git in ``root``; its output."""
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def make_repo(tmp: Path, base_iri: str = OWNED_IRI) -> Path:
    """A repository holding ``content/mini`` with ``base_iri``, committed; the content folder."""
    content = tmp / "content"
    shutil.copytree(MINI, content / "mini")
    head = content / "mini" / "module.yaml"
    text = head.read_text()
    assert text.count(PLACEHOLDER_IRI) == 1
    head.write_text(text.replace(PLACEHOLDER_IRI, base_iri))
    (content / "mini" / "CHANGELOG.md").write_text("# Changelog – A small module\n")
    git(tmp, "init", "--quiet", "--initial-branch=main")
    git(tmp, "config", "user.name", "Test Author")
    git(tmp, "config", "user.email", "author@example.org")
    commit_all(tmp, "Add the mini module")
    return content


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message)


def edit_mini(content: Path) -> None:
    """Reword a section, flip an answer, add a quiz item."""
    basics = content / "mini" / "sections" / "basics.yaml"
    text = basics.read_text()
    assert OLD_OPENING in text
    basics.write_text(text.replace(OLD_OPENING, NEW_OPENING))
    quiz = content / "mini" / "quiz.yaml"
    text = quiz.read_text()
    assert text.count("answer: true") == 1
    quiz.write_text(text.replace("answer: true", "answer: false") + NEW_ITEM)
