"""Releasing: check, record why and whose input, commit, tag; refuse what would lose history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coprod_content.diagnostics import ContentError
from coprod_content.gitstore import GitError, Repository
from coprod_content.release import (
    ReleaseError,
    add_entry,
    bump_version,
    prepare,
    publish,
)
from tests.gitrepo import (
    OWNED_IRI,
    PLACEHOLDER_IRI,
    commit_all,
    edit_mini,
    git,
    isolate_git,
    make_repo,
)

TODAY = date(2025, 3, 4)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    return make_repo(tmp_path)


def _put(path: Path, data: bytes | None) -> None:
    if data is None:
        path.unlink()
    else:
        path.write_bytes(data)


def _release(content: Path, version: str, note: str = "Why.", credit: str | None = None) -> str:
    repo = Repository.open(content)
    plan = prepare(repo, content, "mini", version, note=note, credit=credit, today=TODAY)
    return publish(repo, plan, _put)


def test_release_commits_and_tags(content: Path) -> None:
    root = content.parent
    commit = _release(content, "1.0.0", "First release for the pilot.", "the advisory group")
    assert git(root, "rev-parse", "HEAD").strip() == commit
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "log", "-1", "--format=%B").strip() == (
        "Release mini@1.0.0\n\nFirst release for the pilot.\n\nCredit: the advisory group"
    )
    assert git(root, "tag", "--list", "--format=%(objecttype) %(contents)", "mini@1.0.0") == (
        "tag First release for the pilot.\n\nCredit: the advisory group\n\n"
    )
    assert git(root, "rev-parse", "mini@1.0.0^{commit}").strip() == commit
    (release,) = Repository.open(content).releases("mini")
    assert (release.note, release.credit) == ("First release for the pilot.", "the advisory group")
    assert (content / "mini" / "CHANGELOG.md").read_text() == (
        "# Changelog – A small module\n"
        "\n"
        "## 1.0.0\n"
        "\n"
        "Released 2025-03-04.\n"
        "\n"
        "**Why:** First release for the pilot.\n"
        "\n"
        "**Credit:** the advisory group\n"
        "\n"
        "**What changed:** first release.\n"
    )


def test_second_release_lists_what_changed(content: Path) -> None:
    root = content.parent
    _release(content, "1.0.0")
    edit_mini(content)
    commit_all(root, "Reword, flip, add")
    _release(content, "1.1.0", "Feedback from the lived-experience group.")
    log = (content / "mini" / "CHANGELOG.md").read_text()
    assert log.startswith(
        "# Changelog – A small module\n"
        "\n"
        "## 1.1.0\n"
        "\n"
        "Released 2025-03-04.\n"
        "\n"
        "**Why:** Feedback from the lived-experience group.\n"
        "\n"
        "**Credit:** not recorded\n"
        "\n"
        "**What changed since 1.0.0:**\n"
        "\n"
        "- Section “Basics” (basics) reworded\n"
        "- Quiz item (takes-more-time): answer flipped from true to false: “Co-production takes"
        " more time but leads to better services.”\n"
        "- Quiz item (lived-experience) added: “Lived experience is a kind of expertise.”"
        " (answer: true)\n"
        "\n"
        "## 1.0.0\n"
    )
    repo = Repository.open(content)
    assert [r.version for r in repo.releases("mini")] == ["1.0.0", "1.1.0"]
    old, _ = repo.released("mini", "1.0.0")
    new, _ = repo.released("mini", "1.1.0")
    assert (old.version, new.version) == ("1.0.0", "1.1.0")
    assert [i.answer for i in old.quiz.items] == [False, True]
    assert [i.answer for i in new.quiz.items] == [False, False, True]


def test_version_line_is_edited_in_place(content: Path) -> None:
    module_yaml = content / "mini" / "module.yaml"
    before = module_yaml.read_text()
    commented = before.replace("version: 0.1.0", "version: '0.1.0'   # bump with coprod release")
    module_yaml.write_text("# The mini module.\n" + commented)
    commit_all(content.parent, "Comment")
    _release(content, "1.0.0")
    after = module_yaml.read_text()
    assert after == "# The mini module.\n" + commented.replace("'0.1.0'", "'1.0.0'")


def test_refuses_a_dirty_tree(content: Path) -> None:
    (content / "mini" / "quiz.yaml").write_text((content / "mini" / "quiz.yaml").read_text() + "\n")
    (content / "notes.txt").write_text("draft\n")
    repo = Repository.open(content)
    with pytest.raises(ReleaseError) as caught:
        prepare(repo, content, "mini", "1.0.0", note="Why.", credit=None, today=TODAY)
    assert caught.value.reasons == [
        "the work tree has changes not committed: content/mini/quiz.yaml, content/notes.txt;"
        " commit or undo them first, so the release holds exactly what is in git"
    ]
    assert git(content.parent, "tag") == ""


def test_refuses_a_version_not_greater_and_an_existing_tag(content: Path) -> None:
    _release(content, "1.1.0")
    head = git(content.parent, "rev-parse", "HEAD")
    repo = Repository.open(content)
    with pytest.raises(ReleaseError) as lower:
        prepare(repo, content, "mini", "1.0.9", note="Why.", credit=None, today=TODAY)
    assert lower.value.reasons == [
        "version 1.0.9 is not greater than the last release 1.1.0; choose a higher version,"
        " e.g. 1.2.0"
    ]
    with pytest.raises(ReleaseError) as same:
        prepare(repo, content, "mini", "1.1.0", note="Why.", credit=None, today=TODAY)
    assert same.value.reasons == [
        "tag mini@1.1.0 already exists; a released version is never moved, so choose a higher"
        " version"
    ]
    assert str(same.value) == "release refused:\n- " + same.value.reasons[0]
    assert git(content.parent, "rev-parse", "HEAD") == head
    assert git(content.parent, "tag") == "mini@1.1.0\n"


def test_refuses_an_existing_tag_of_a_broken_release(content: Path) -> None:
    git(content.parent, "tag", "mini@2.0.0", "HEAD^{tree}")
    with pytest.raises(ReleaseError) as caught:
        _release(content, "2.0.0")
    assert caught.value.reasons == [
        "tag mini@2.0.0 already exists; a released version is never moved, so choose a higher"
        " version"
    ]


def test_every_reason_at_once(content: Path) -> None:
    (content / "stray.txt").write_text("x\n")
    repo = Repository.open(content)
    with pytest.raises(ReleaseError) as caught:
        prepare(repo, content, "mini", "v2", note="  ", credit=None, today=TODAY)
    assert caught.value.reasons == [
        "the note is empty; say in a sentence why this version is released",
        "'v2' is not a version; write three numbers such as 1.2.0",
        "the work tree has changes not committed: content/stray.txt; commit or undo them"
        " first, so the release holds exactly what is in git",
    ]
    with pytest.raises(ReleaseError) as unknown:
        prepare(repo, content, "maxi", "1.0.0", note="Why.", credit=None, today=TODAY)
    assert unknown.value.reasons == [
        f"{content}/maxi/module.yaml does not exist; check the module id"
    ]


def test_refuses_content_with_problems(content: Path) -> None:
    quiz = content / "mini" / "quiz.yaml"
    quiz.write_text(quiz.read_text().replace("answer: false", 'answer: "no"', 1))
    commit_all(content.parent, "Break the quiz")
    with pytest.raises(ContentError) as caught:
        _release(content, "1.0.0")
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{content.as_posix()}/mini/quiz.yaml:8: $.items[0].answer: expected true or false,"
        " got 'no'"
    ]
    assert git(content.parent, "tag") == ""


def test_a_failed_commit_leaves_the_files_as_they_were(content: Path) -> None:
    hook = content.parent / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = {p: p.read_bytes() for p in (content / "mini").rglob("*") if p.is_file()}
    with pytest.raises(GitError) as caught:
        _release(content, "1.0.0")
    assert "no commits today" in str(caught.value)
    assert {p: p.read_bytes() for p in (content / "mini").rglob("*") if p.is_file()} == before
    assert git(content.parent, "status", "--porcelain") == ""
    assert git(content.parent, "tag") == ""


def test_bump_version_needs_one_top_level_line() -> None:
    assert bump_version(b"id: x\nversion: 1.0.0\r\ntitle: y\n", "1.2.0") == (
        b"id: x\nversion: 1.2.0\r\ntitle: y\n"
    )
    assert bump_version(b'version: "1.0.0" # note\n', "2.0.0") == b'version: "2.0.0" # note\n'
    assert bump_version(b"id: x\n  version: 1.0.0\n", "1.2.0") is None
    assert bump_version(b"version: 1.0.0\nversion: 1.0.0\n", "1.2.0") is None


def test_an_entry_written_ahead_is_kept() -> None:
    log = b"# Changelog\n\nIntro.\n\n## 1.1.0\n\nWhat I changed, in my words.\n\n## 1.0.0\n\nOld.\n"
    assert add_entry(log, "T", "1.1.0", "Released today.\n") == (
        "# Changelog\n\nIntro.\n\n## 1.1.0\n\nReleased today.\n\n"
        "What I changed, in my words.\n\n## 1.0.0\n\nOld.\n"
    )
    assert add_entry(log, "T", "1.2.0", "New.\n").startswith(
        "# Changelog\n\nIntro.\n\n## 1.2.0\n\nNew.\n\n## 1.1.0\n"
    )
    assert add_entry(None, "T", "1.0.0", "First.\n") == "# Changelog – T\n\n## 1.0.0\n\nFirst.\n"


PLACEHOLDER_REFUSAL = (
    "base_iri in {content}/mini/module.yaml is 'https://example.org/xapi/activities', on"
    " example.org, a domain reserved for examples that nobody owns; reports join learners'"
    " statements on the activity IRIs made from it, and those must never change once learners'"
    " statements exist; set base_iri to an address under a domain your organisation controls"
    " (e.g. https://learning.your-organisation.org/xapi/activities) and commit it, or pass"
    " --placeholder-iri to release a trial with this placeholder anyway"
)


@pytest.fixture
def placeholder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose module keeps the fixture's base IRI on example.org."""
    isolate_git(monkeypatch)
    return make_repo(tmp_path, base_iri=PLACEHOLDER_IRI)


def test_refuses_a_base_iri_on_a_reserved_example_domain(placeholder: Path) -> None:
    repo = Repository.open(placeholder)
    with pytest.raises(ReleaseError) as caught:
        prepare(repo, placeholder, "mini", "1.0.0", note="Why.", credit=None, today=TODAY)
    assert caught.value.reasons == [PLACEHOLDER_REFUSAL.format(content=placeholder)]
    assert git(placeholder.parent, "tag") == ""
    (placeholder / "stray.txt").write_text("x\n")
    with pytest.raises(ReleaseError) as both:
        prepare(repo, placeholder, "mini", "1.0.0", note="Why.", credit=None, today=TODAY)
    assert both.value.reasons[-1] == PLACEHOLDER_REFUSAL.format(content=placeholder)
    assert len(both.value.reasons) == 2


def test_releases_a_placeholder_iri_when_told_it_is_one(placeholder: Path) -> None:
    repo = Repository.open(placeholder)
    plan = prepare(
        repo,
        placeholder,
        "mini",
        "1.0.0",
        note="A trial.",
        credit=None,
        today=TODAY,
        placeholder_iri=True,
    )
    publish(repo, plan, _put)
    assert git(placeholder.parent, "tag") == "mini@1.0.0\n"


def test_an_owned_base_iri_is_released_without_the_flag(content: Path) -> None:
    assert (content / "mini" / "module.yaml").read_text().count(OWNED_IRI) == 1
    _release(content, "1.0.0")
    assert git(content.parent, "tag") == "mini@1.0.0\n"
