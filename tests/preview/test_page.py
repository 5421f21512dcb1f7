"""The preview pages show every problem with file, line and message, and what is unreleased."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec
import pytest

from coprod_content import load_modules
from coprod_content.history.changes import changes
from coprod_content.model import SingleChoice
from coprod_content.preview import page
from coprod_content.preview.watch import Pending, Watcher
from coprod_content.richtext import parse
from tests.gitrepo import edit_mini, git, isolate_git, make_repo


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    return make_repo(tmp_path)


def _text(html: bytes) -> str:
    """The page's text, tags dropped and space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


def test_problems_are_listed_with_file_line_and_message(content: Path) -> None:
    quiz = content / "mini" / "quiz.yaml"
    quiz.write_text(quiz.read_text().replace("answer: true", 'answer: "<b>yes</b>"'))
    snapshot = Watcher(content).current()
    root = content.as_posix()
    overview = page.overview(snapshot, root)
    assert (
        '<tr class="diagnostic"><td><code>' + root + "/mini/quiz.yaml</code></td><td>12</td>"
        "<td><code>$.items[1].answer</code></td><td>expected true or false, got"
        " &#39;&lt;b&gt;yes&lt;/b&gt;&#39;</td></tr>"
    ) in overview.decode()
    assert "1 problem to fix" in _text(overview)
    assert "No module loads yet." in _text(overview)
    learner = page.learner(snapshot, root, "mini")
    assert learner is not None
    assert "1 problem – the module cannot be shown until they are fixed" in _text(learner)
    assert b"<iframe" not in learner
    assert page.learner(snapshot, root, "other") is None


def test_a_valid_module_is_offered_in_the_player(content: Path) -> None:
    git(content.parent, "tag", "--annotate", "--message", "First.", "mini@1.0.0")
    edit_mini(content)
    snapshot = Watcher(content).current()
    overview = _text(page.overview(snapshot, content.as_posix()))
    assert "No problems found." in overview
    assert "Changes since 1.0.0 (released " in overview
    assert (
        "Section “Basics” (basics) reworded Collaboration means working{+ closely+} together."
        " See the guide. Quiz item (takes-more-time): answer flipped from true to false"
    ) in overview
    learner = page.learner(snapshot, content.as_posix(), "mini")
    assert learner is not None
    assert b'<iframe class="player" src="/preview/modules/mini/player/index.html"' in learner
    files = page.player_files(snapshot.modules[0])
    assert "working closely together" in files["index.html"].decode()


def test_unreleased_module(content: Path) -> None:
    overview = _text(page.overview(Watcher(content).current(), content.as_posix()))
    assert "This module has no release yet: all of it is new." in overview


def test_a_reworded_choice_shows_its_changed_lines() -> None:
    (module,) = load_modules(Path(__file__).resolve().parents[1] / "fixtures" / "quiz")
    item = module.quiz.items[1]
    assert isinstance(item, SingleChoice)
    first = msgspec.structs.replace(item.choices[0], text=parse("After the service **opens**"))
    reworded = msgspec.structs.replace(item, choices=(first, *item.choices[1:]))
    items = (module.quiz.items[0], reworded, *module.quiz.items[2:])
    newer = msgspec.structs.replace(module, quiz=msgspec.structs.replace(module.quiz, items=items))
    (line,) = page._lines(Pending(since=None, changes=tuple(changes(module, newer))))
    assert line.detail == ("After the service [-launches-]{+opens+}",)
