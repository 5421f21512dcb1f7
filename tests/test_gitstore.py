"""Released versions read straight from git tags, and clear reports when git cannot help."""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod_content.diagnostics import ContentError, Diagnostic, NotFound
from coprod_content.gitstore import GitError, Release, Repository, split_message
from tests.gitrepo import NEW_OPENING, commit_all, edit_mini, git, isolate_git, make_repo


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    return make_repo(tmp_path)


def _tag(root: Path, name: str, message: str | None = None, target: str = "HEAD") -> None:
    if message is None:
        git(root, "tag", name, target)
    else:
        git(root, "tag", "--annotate", "--message", message, name, target)


def test_releases_have_date_note_and_credit(content: Path) -> None:
    root = content.parent
    _tag(root, "mini@1.0.0", "First release.\n\nCredit: the advisory group")
    repo = Repository.open(content)
    (release,) = repo.releases("mini")
    head = git(root, "rev-parse", "HEAD").strip()
    commit_time = int(git(root, "log", "-1", "--format=%ct").strip())
    assert release == Release(
        module_id="mini",
        version="1.0.0",
        tag="mini@1.0.0",
        commit=head,
        date=release.date,
        commit_time=commit_time,
        note="First release.",
        credit="the advisory group",
    )
    assert release.date.endswith("Z") and release.date[:4].isdigit()
    assert repo.prefix == "content/"


def test_releases_are_in_version_order(content: Path) -> None:
    for version in ("1.10.0", "1.9.0", "1.0.0-rc.1", "1.0.0", "0.2.0"):
        _tag(content.parent, f"mini@{version}", f"note {version}")
    _tag(content.parent, "other@3.0.0", "another module")
    _tag(content.parent, "v2.0.0", "not a release tag")
    repo = Repository.open(content)
    assert [r.version for r in repo.releases("mini")] == [
        "0.2.0",
        "1.0.0-rc.1",
        "1.0.0",
        "1.9.0",
        "1.10.0",
    ]
    assert [r.tag for r in repo.releases()][-1] == "other@3.0.0"


def test_a_plain_tag_is_a_release_without_a_note(content: Path) -> None:
    _tag(content.parent, "mini@1.0.0")
    (release,) = Repository.open(content).releases("mini")
    assert (release.note, release.credit, release.problem) == ("", None, None)
    assert release.commit_time > 0


def test_reads_a_tag_without_checking_it_out(content: Path) -> None:
    root = content.parent
    _tag(root, "mini@1.0.0", "First.")
    edit_mini(content)
    commit_all(root, "Edit")
    _tag(root, "mini@1.1.0", "Second.")
    (content / "mini" / "quiz.yaml").write_text("not: [valid")  # a broken working tree
    repo = Repository.open(content)
    old, new = (repo.released("mini", v)[0] for v in ("1.0.0", "1.1.0"))
    assert [i.id for i in old.quiz.items] == ["feedback-after-design", "takes-more-time"]
    assert [i.id for i in new.quiz.items][-1] == "lived-experience"
    assert "closely" not in str(old.sections[0]) and "closely" in str(new.sections[0])
    assert NEW_OPENING.startswith("Collaboration")
    assert git(root, "status", "--porcelain") == " M content/mini/quiz.yaml\n"


def test_files_skip_hidden_files(content: Path) -> None:
    root = content.parent
    (content / "mini" / ".editorconfig").write_text("root = true\n")
    commit_all(root, "Editor settings")
    repo = Repository.open(content)
    files = repo.module_files(git(root, "rev-parse", "HEAD").strip(), "mini")
    assert files is not None
    assert ".editorconfig" not in files
    assert files["quiz.yaml"] == (content / "mini" / "quiz.yaml").read_bytes()
    assert sorted(files)[:3] == ["CHANGELOG.md", "activities/watch-and-think.yaml", "module.yaml"]


def test_unknown_version_is_not_found(content: Path) -> None:
    _tag(content.parent, "mini@1.0.0", "First.")
    with pytest.raises(NotFound) as caught:
        Repository.open(content).released("mini", "2.0.0")
    assert str(caught.value) == (
        "mini has no release 2.0.0 (no tag mini@2.0.0); released versions: 1.0.0"
    )


def test_broken_tags_are_listed_with_their_problem(content: Path) -> None:
    root = content.parent
    _tag(root, "mini@banana", "not a version")
    _tag(root, "mini@3.0.0", "a tree", "HEAD^{tree}")
    (root / ".git" / "refs" / "tags" / "mini@4.0.0").write_text("1" * 40 + "\n")
    _tag(root, "mini@1.0.0", "fine")
    repo = Repository.open(content)
    found = {r.version: r.problem for r in repo.releases("mini")}
    assert found == {
        "1.0.0": None,
        "3.0.0": "tag 'mini@3.0.0' points to a tree, not a commit",
        "4.0.0": "tag 'mini@4.0.0' points to an object missing from the repository",
        "banana": "tag 'mini@banana': 'banana' is not a version; expected e.g. mini@1.2.0",
    }
    broken = next(r for r in repo.releases("mini") if r.version == "4.0.0")
    assert repo.load(broken) == [
        Diagnostic(
            source="mini@4.0.0:content/mini",
            line=1,
            path="$",
            message="tag 'mini@4.0.0' points to an object missing from the repository",
        )
    ]


def test_a_version_that_no_longer_loads_gives_diagnostics(content: Path) -> None:
    root = content.parent
    quiz = content / "mini" / "quiz.yaml"
    quiz.write_text(quiz.read_text().replace("answer: false", 'answer: "no"', 1))
    commit_all(root, "Break the quiz")
    _tag(root, "mini@0.9.0", "Broken.")
    repo = Repository.open(content)
    with pytest.raises(ContentError) as caught:
        repo.released("mini", "0.9.0")
    assert [str(d) for d in caught.value.diagnostics] == [
        "mini@0.9.0:content/mini/quiz.yaml:8: $.items[0].answer: expected true or false, got 'no'",
    ]


def test_a_module_missing_at_its_tag(content: Path) -> None:
    _tag(content.parent, "gone@1.0.0", "Never had this module.")
    repo = Repository.open(content)
    (release,) = repo.releases("gone")
    (problem,) = repo.load(release)
    assert isinstance(problem, Diagnostic)
    assert problem.message.startswith(
        "the module folder does not exist at this tag; expected content/gone/ in commit"
    )


def test_content_at_the_top_of_the_repository(content: Path) -> None:
    git(content.parent, "tag", "mini@1.0.0")
    repo = Repository.open(content.parent)
    assert repo.prefix == ""
    (release,) = repo.releases("mini")
    (problem,) = repo.load(release)  # the module is under content/, not at the top
    assert isinstance(problem, Diagnostic)
    assert problem.source == "mini@1.0.0:./mini"


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "content").mkdir()
    with pytest.raises(GitError) as caught:
        Repository.open(tmp_path / "content")
    assert str(caught.value) == (
        f"{tmp_path / 'content'} is not in a git repository, so it has no released versions; "
        "put the content folder under git (git init) or use the working tree"
    )


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(GitError) as caught:
        Repository.open(tmp_path / "nowhere")
    assert (
        str(caught.value)
        == f"{tmp_path / 'nowhere'} does not exist; pass the folder holding the modules"
    )


def test_git_not_installed(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(content))
    with pytest.raises(GitError) as caught:
        Repository.open(content)
    assert str(caught.value) == (
        "the git program is not installed; install git to release or read released versions"
    )


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Why.\n", ("Why.", None)),
        ("Why.\n\nMore why.\n\nCredit: group A\n", ("Why.\n\nMore why.", "group A")),
        ("Credit: a\nCredit: b\n", ("", "a; b")),
    ],
)
def test_split_message(message: str, expected: tuple[str, str | None]) -> None:
    assert split_message(message) == expected


def test_a_release_carries_its_image_files_byte_for_byte(content: Path) -> None:
    root = content.parent
    pictures = Path(__file__).resolve().parent / "fixtures" / "media" / "pictures"
    images = content / "mini" / "images"
    images.mkdir()
    png = (pictures / "images" / "levels.png").read_bytes()
    (images / "levels.png").write_bytes(png)
    basics = content / "mini" / "sections" / "basics.yaml"
    basics.write_text(
        basics.read_text()
        + "  - kind: image\n    id: levels\n    file: images/levels.png\n    alt: Three levels.\n"
    )
    commit_all(root, "Add a picture")
    _tag(root, "mini@1.0.0", "With a picture.")
    (images / "levels.png").write_bytes(png[:-1] + b"\0")  # the working copy moves on
    module, _ = Repository.open(content).released("mini", "1.0.0")
    assert [(f.path, f.media_type, f.data) for f in module.images] == [
        ("images/levels.png", "image/png", png)
    ]
