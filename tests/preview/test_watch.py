"""The working tree is re-read when a file changes, module by module, and compared with git."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coprod_content.history import changes as c
from coprod_content.preview.watch import Watcher, fingerprint_of
from tests.gitrepo import commit_all, edit_mini, git, isolate_git, make_repo


def _touch(path: Path, text: str) -> None:
    """Write ``text`` and move the modification time on, as a later save would."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    return make_repo(tmp_path)


def test_reloads_only_when_a_file_changes(content: Path) -> None:
    watcher = Watcher(content, interval=0)
    first = watcher.current()
    assert first.stamp == 1 and [m.id for m in first.modules] == ["mini"]
    assert watcher.current() is first
    quiz = content / "mini" / "quiz.yaml"
    _touch(quiz, quiz.read_text().replace("answer: true", 'answer: "yes"'))
    broken = watcher.current()
    assert broken.stamp == 2 and broken.modules == ()
    assert [str(d) for d in broken.diagnostics] == [
        f"{content.as_posix()}/mini/quiz.yaml:12: $.items[1].answer: expected true or false,"
        " got 'yes'"
    ]
    _touch(quiz, quiz.read_text().replace('answer: "yes"', "answer: true"))
    assert watcher.current().modules == first.modules


def test_polls_at_most_every_interval(content: Path) -> None:
    now = [0.0]
    watcher = Watcher(content, interval=1.0, clock=lambda: now[0])
    quiz = content / "mini" / "quiz.yaml"
    _touch(quiz, quiz.read_text() + "\n")
    now[0] = 0.5
    assert watcher.current().stamp == 1
    now[0] = 1.0
    assert watcher.current().stamp == 2


def test_a_broken_module_does_not_hide_the_others(content: Path) -> None:
    (content / "other").mkdir()
    (content / "other" / "module.yaml").write_text("id: other\n")
    snapshot = Watcher(content, interval=0).current()
    assert [m.id for m in snapshot.modules] == ["mini"]
    assert {d.source.rsplit("/", 1)[-1] for d in snapshot.diagnostics} == {
        "pyramid.yaml",
        "quiz.yaml",
        "resources.yaml",
    }


def test_changes_since_the_last_release(content: Path) -> None:
    git(content.parent, "tag", "--annotate", "--message", "First.", "mini@1.0.0")
    edit_mini(content)
    pending = Watcher(content, interval=0).current().pending["mini"]
    assert pending.since is not None and pending.since.version == "1.0.0"
    assert [type(x) for x in pending.changes] == [c.Reworded, c.AnswerFlipped, c.QuizItemAdded]
    commit_all(content.parent, "Edit")
    assert Watcher(content).current().pending["mini"].since == pending.since


def test_without_git_the_reason_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    content = make_repo(tmp_path)
    (tmp_path / ".git").rename(tmp_path / "not-git")
    pending = Watcher(content).current().pending["mini"]
    assert pending.since is None and pending.note is not None
    assert pending.note.endswith(
        "is not in a git repository, so it has no released versions;"
        " put the content folder under git (git init) or use the"
        " working tree"
    )


def test_a_missing_folder_is_a_diagnostic(tmp_path: Path) -> None:
    snapshot = Watcher(tmp_path / "nowhere").current()
    assert [d.message for d in snapshot.diagnostics] == [
        "content folder does not exist; create it or pass the folder holding modules"
    ]
    assert fingerprint_of(tmp_path / "nowhere") == ()
