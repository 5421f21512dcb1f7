"""``coprod release``, ``coprod diff`` and ``coprod build --version`` in a temporary repository.

Release 1.0.0, edit (reword a section, flip an answer, add an item), release 1.1.0:
the diff reports exactly those changes, release refuses what would rewrite history,
and a package built from a tag has the same bytes every time.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from coprod_content.cli import _parser, main
from tests.gitrepo import MINI_EDIT, commit_all, edit_mini, git, isolate_git, make_repo

NOTE = "Reworded after the lived-experience group's review."
CREDIT = "Lived-experience advisory group, March session"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch)
    return make_repo(tmp_path)


@pytest.fixture
def released(content: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The mini module released as 1.0.0, edited, and released as 1.1.0."""
    assert main(["release", "mini", "1.0.0", "--note", "First.", "--content", str(content)]) == 0
    edit_mini(content)
    commit_all(content.parent, "Reword, flip, add")
    args = ["release", "mini", "1.1.0", "--note", NOTE, "--credit", CREDIT]
    assert main([*args, "--content", str(content)]) == 0
    capsys.readouterr()
    return content


def test_release_says_what_it_did(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["release", "mini", "1.0.0", "--note", "First.", "--content", str(content)]) == 0
    commit = git(content.parent, "rev-parse", "--short=12", "HEAD").strip()
    assert capsys.readouterr().out == (
        f"released mini@1.0.0 (commit {commit})\n"
        "share it with: git push && git push origin mini@1.0.0\n"
    )
    edit_mini(content)
    commit_all(content.parent, "Edit")
    assert main(["release", "mini", "1.1.0", "--note", NOTE, "--content", str(content)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == [
        "changes since 1.0.0:",
        *MINI_EDIT,
        "share it with: git push && git push origin mini@1.1.0",
    ]


def test_diff_reports_exactly_the_edit(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "mini", "1.0.0", "1.1.0", "--content", str(released)]) == 0
    assert capsys.readouterr().out.splitlines() == ["mini 1.0.0 -> 1.1.0: 3 changes", *MINI_EDIT]
    assert main(["diff", "mini", "1.0.0", "1.1.0", "--json", "--content", str(released)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["id"]) for c in found] == [
        ("reworded", "basics"),
        ("answer-flipped", "takes-more-time"),
        ("quiz-item-added", "lived-experience"),
    ]


def test_diff_against_the_working_tree(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quiz = released / "mini" / "quiz.yaml"
    quiz.write_text(quiz.read_text().replace("answer: true", "answer: false", 1))
    assert main(["diff", "mini", "1.1.0", "working", "--content", str(released)]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "mini 1.1.0 -> working: 1 change",
        "- Quiz item (lived-experience): answer flipped from true to false:"
        " “Lived experience is a kind of expertise.”",
    ]
    assert main(["diff", "mini", "1.1.0", "1.1.0", "--content", str(released)]) == 0
    assert capsys.readouterr().out == "mini 1.1.0 -> 1.1.0: 0 changes\n"


def test_diff_of_an_unknown_version(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "mini", "0.9.0", "1.1.0", "--content", str(released)]) == 1
    assert capsys.readouterr().err == (
        "error: mini has no release 0.9.0 (no tag mini@0.9.0); released versions: 1.0.0, 1.1.0\n"
    )


@pytest.mark.parametrize(
    ("version", "reason"),
    [
        ("1.1.0", "tag mini@1.1.0 already exists; a released version is never moved, so choose"),
        ("1.0.5", "version 1.0.5 is not greater than the last release 1.1.0; choose a higher"),
    ],
)
def test_release_refuses_to_rewrite_history(
    released: Path, capsys: pytest.CaptureFixture[str], version: str, reason: str
) -> None:
    head = git(released.parent, "rev-parse", "HEAD")
    assert main(["release", "mini", version, "--note", "x", "--content", str(released)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: release refused:\n- {reason}")
    assert git(released.parent, "rev-parse", "HEAD") == head
    assert git(released.parent, "tag").split() == ["mini@1.0.0", "mini@1.1.0"]


def test_release_refuses_a_dirty_tree(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (released / "mini" / "quiz.yaml").write_text("items: []\n")
    assert main(["release", "mini", "2.0.0", "--note", "x", "--content", str(released)]) == 1
    assert capsys.readouterr().err == (
        "error: release refused:\n"
        "- the work tree has changes not committed: content/mini/quiz.yaml; commit or undo them"
        " first, so the release holds exactly what is in git\n"
        "- the content has problems too; run coprod validate to see them\n"
    )
    assert git(released.parent, "tag").split() == ["mini@1.0.0", "mini@1.1.0"]


def test_release_outside_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    content.mkdir()
    code = main(["release", "mini", "1.0.0", "--note", "x", "--content", str(content)])
    assert code == 1
    assert capsys.readouterr().err.startswith(f"error: {content} is not in a git repository")


def _build(content: Path, out: Path, version: str, target: str = "scorm2004") -> bytes:
    args = ["build", "--version", version, "--target", target, "--content", str(content)]
    assert main([*args, "--out", str(out)]) == 0
    (package,) = out.glob(f"*-{target}.zip")
    return package.read_bytes()


def _manifest(package: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return etree.fromstring(archive.read("imsmanifest.xml"))


def _next_zip_time_step(timeout: float = 5) -> None:
    """Return once the clock has moved into the next 2-second step (a zip stamp's unit)."""
    start = time.time() // 2
    deadline = time.monotonic() + timeout
    while time.time() // 2 == start:
        assert time.monotonic() < deadline, "the clock did not move"
        time.sleep(0.01)


def test_a_tag_always_builds_the_same_package(released: Path, tmp_path: Path) -> None:
    first = _build(released, tmp_path / "a", "1.0.0")
    _next_zip_time_step()  # a build that used the clock would now differ
    assert _build(released, tmp_path / "b", "1.0.0") == first
    newer = _build(released, tmp_path / "c", "1.1.0")
    assert newer != first
    old, new = _manifest(first), _manifest(newer)
    assert old.get("identifier") == new.get("identifier") == "coprod-mini"
    assert (old.get("version"), new.get("version")) == ("1.0.0", "1.1.0")
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["mini-1.1.0-scorm2004.zip"]
    commit_time = int(git(released.parent, "log", "-1", "--format=%ct", "mini@1.1.0").strip())
    with zipfile.ZipFile(io.BytesIO(newer)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {time.gmtime(commit_time - commit_time % 2)[:6]}  # zip keeps even seconds


IDENTIFIERS = {
    "scorm12": ("imsmanifest.xml", "/*/@identifier"),
    "scorm2004": ("imsmanifest.xml", "/*/@identifier"),
    "xapi": ("tincan.xml", "/*/*[1]/*[1]/@id"),
    "cmi5": ("cmi5.xml", "/*/*[1]/@id"),
}


def _everything(content: Path, out: Path, version: str) -> dict[str, bytes]:
    args = ["build", "--version", version, "--content", str(content), "--out", str(out)]
    assert main(args) == 0
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _identifier(package: bytes, target: str) -> str:
    name, path = IDENTIFIERS[target]
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        (found,) = etree.fromstring(archive.read(name)).xpath(path)
    return str(found)


def test_every_package_is_reproducible_and_keeps_its_identifiers(
    released: Path, tmp_path: Path
) -> None:
    first = _everything(released, tmp_path / "a", "1.0.0")
    assert _everything(released, tmp_path / "b", "1.0.0") == first
    newer = _everything(released, tmp_path / "c", "1.1.0")
    for target in IDENTIFIERS:
        old, new = first[f"mini-1.0.0-{target}.zip"], newer[f"mini-1.1.0-{target}.zip"]
        assert _identifier(old, target) == _identifier(new, target), target


def test_build_from_a_tag_ignores_the_working_tree(released: Path, tmp_path: Path) -> None:
    (released / "mini" / "quiz.yaml").write_text("broken: [\n")
    args = ["build", "--version", "1.0.0", "--target", "json", "--content", str(released)]
    assert main([*args, "--out", str(tmp_path)]) == 0
    exported = json.loads((tmp_path / "json" / "mini.json").read_bytes())
    assert exported["version"] == "1.0.0"
    assert [i["answer"] for i in exported["quiz"]["items"]] == [False, True]


def test_build_of_an_unknown_version(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["build", "--version", "7.0.0", "--content", str(released), "--out", "unused"]
    assert main(args) == 1
    assert capsys.readouterr().err == (
        "error: no module has a release 7.0.0; list them with: git tag\n"
    )


def test_readme_release_commands_are_valid() -> None:
    """The commands in the README's "Releasing a new version" are ones coprod accepts."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Releasing a new version", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*\$ \.venv/bin/coprod (.+)$", section, flags=re.M)
    commands += re.findall(r"`\.venv/bin/coprod ([^`]+)`", section)
    assert len(commands) == 5
    for command in commands:
        args = _parser().parse_args(shlex.split(command))
        assert callable(args.run)


def test_release_refuses_a_placeholder_iri_unless_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate_git(monkeypatch)
    content = make_repo(tmp_path, base_iri="https://modules.example.com/xapi")
    args = ["release", "mini", "1.0.0", "--note", "A trial.", "--content", str(content)]
    assert main(args) == 1
    assert capsys.readouterr().err == (
        "error: release refused:\n"
        f"- base_iri in {content}/mini/module.yaml is 'https://modules.example.com/xapi', on"
        " example.com, a domain reserved for examples that nobody owns; reports join learners'"
        " statements on the activity IRIs made from it, and those must never change once"
        " learners' statements exist; set base_iri to an address under a domain your"
        " organisation controls (e.g. https://learning.your-organisation.org/xapi/activities)"
        " and commit it, or pass --placeholder-iri to release a trial with this placeholder"
        " anyway\n"
    )
    assert git(content.parent, "tag") == ""
    assert main([*args, "--placeholder-iri"]) == 0
    assert git(content.parent, "tag") == "mini@1.0.0\n"
