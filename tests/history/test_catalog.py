"""What a server publishes: the latest release of each module, every version, and notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod_content.diagnostics import ContentError
from coprod_content.history.catalog import published
from tests.gitrepo import commit_all, edit_mini, git, isolate_git, make_repo


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    return make_repo(tmp_path)


def _release(content: Path, version: str, message: str = "Why.") -> None:
    module_yaml = content / "mini" / "module.yaml"
    text = module_yaml.read_text()
    old = next(line for line in text.splitlines() if line.startswith("version:"))
    module_yaml.write_text(text.replace(old, f"version: {version}"))
    commit_all(content.parent, f"Release {version}")
    git(content.parent, "tag", "--annotate", "--message", message, f"mini@{version}")


def test_serves_the_latest_release_not_the_working_tree(content: Path) -> None:
    _release(content, "1.0.0")
    edit_mini(content)
    commit_all(content.parent, "Edit")
    _release(content, "1.1.0")
    (content / "mini" / "quiz.yaml").write_text("broken: [\n")  # an edit in progress
    catalog = published(content)
    ((module,), notes) = catalog.modules, catalog.notes
    assert (module.version, notes) == ("1.1.0", ())
    assert [v.release.version for v in catalog.history["mini"]] == ["1.0.0", "1.1.0"]
    assert [v.module.version for v in catalog.history["mini"] if v.module] == ["1.0.0", "1.1.0"]


def test_a_release_that_no_longer_loads_is_kept_with_its_problems(content: Path) -> None:
    _release(content, "1.0.0")
    quiz = content / "mini" / "quiz.yaml"
    quiz.write_text(quiz.read_text().replace("answer: true", 'answer: "yes"'))
    _release(content, "1.1.0")
    catalog = published(content)
    assert [m.version for m in catalog.modules] == ["1.0.0"]
    broken = catalog.history["mini"][-1]
    assert broken.module is None
    assert [str(d) for d in broken.problems] == [
        "mini@1.1.0:content/mini/quiz.yaml:12: $.items[1].answer: expected true or false, got 'yes'"
    ]
    assert catalog.notes == (
        "mini: release 1.1.0 does not load, so 1.0.0 is served; see /v1/modules/mini/versions"
        " for its problems",
    )


def test_a_tag_that_disagrees_with_module_yaml(content: Path) -> None:
    git(content.parent, "tag", "mini@3.0.0")  # module.yaml still says 0.1.0
    catalog = published(content)
    (version,) = catalog.history["mini"]
    assert version.module is None
    assert [d.message for d in version.problems] == [
        "the tag says version 3.0.0 but module.yaml says 0.1.0; release with coprod release,"
        " which keeps them the same"
    ]
    assert catalog.modules == ()
    assert catalog.notes == ("mini: no release loads under today's code, so it is not served",)


def test_an_unreleased_module_is_served_as_it_is_and_said_so(content: Path) -> None:
    catalog = published(content)
    assert [m.version for m in catalog.modules] == ["0.1.0"]
    assert catalog.history == {}
    assert catalog.notes == (
        "mini: no release yet, so its files are served as they are; release it with:"
        " coprod release mini 0.1.0 --note ...",
    )
    (content / "mini" / "quiz.yaml").write_text("broken: [\n")
    with pytest.raises(ContentError):
        published(content)


def test_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    content = make_repo(tmp_path)
    (tmp_path / ".git").rename(tmp_path / "not-git")
    catalog = published(content)
    assert [m.id for m in catalog.modules] == ["mini"]
    (note,) = catalog.notes
    assert note == (
        f"serving the files as they are, without released versions: {content} is not in a git"
        " repository, so it has no released versions; put the content folder under git"
        " (git init) or use the working tree"
    )
