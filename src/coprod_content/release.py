"""Releasing a version of a module: check, record why, commit, tag ``<module-id>@<version>``.

``prepare`` reads everything and refuses early (a dirty work tree, a version that
does not move forward, a tag that exists, content with problems); it returns a
``Plan`` of the two files it changes (``module.yaml``'s version line, edited in
place so the authored file keeps its layout and comments, and a new
``CHANGELOG.md`` entry). ``publish`` writes them through the writer it is given,
commits them and creates the annotated tag whose message is the release note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import msgspec

from coprod_content import semver
from coprod_content.changes import AnyChange, changes, describe
from coprod_content.checks import reserved_domain
from coprod_content.diagnostics import ContentError, CoprodError
from coprod_content.gitstore import CREDIT, GitError, Release, Repository, tag_name
from coprod_content.loading import load_tree, read_folder
from coprod_content.model import Module

Put = Callable[[Path, bytes | None], None]
"""Writes a file's bytes, or removes the file when given ``None``."""

_VERSION_LINE = re.compile(
    r"^(?P<key>version[ \t]*:[ \t]*)(?P<quote>[\"']?)(?P<value>[^\"'\s#]*)(?P=quote)"
    r"(?P<rest>[ \t]*(?:#[^\r\n]*)?)(?P<eol>\r?)$",
    re.MULTILINE,
)


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ReleaseError(CoprodError):
    """A release was refused; the message says every reason and what to do."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("release refused:\n" + "\n".join(f"- {r}" for r in reasons))


class Plan(msgspec.Struct, frozen=True, kw_only=True):
    """What a release will change, decided before anything is written.

    Attributes:
        since: the last released version, if any.
        files: the new bytes of each file changed.
        originals: each file's bytes before (``None`` if it did not exist), to undo with.
    """

    module: Module
    tag: str
    since: str | None
    changes: tuple[AnyChange, ...]
    files: dict[Path, bytes]
    originals: dict[Path, bytes | None]
    commit_message: str
    tag_message: str


def prepare(
    repo: Repository,
    content_dir: Path,
    module_id: str,
    version: str,
    *,
    note: str,
    credit: str | None,
    today: date,
    placeholder_iri: bool = False,
) -> Plan:
    """Check that ``version`` of ``module_id`` can be released; what releasing it changes.

    Args:
        placeholder_iri: release even though the base IRI is on a reserved example
            domain (a trial release; see ``checks.reserved_domain``).

    Raises:
        ReleaseError: every reason the release is refused.
        ContentError: the module's content has problems (and nothing else is wrong).
    """
    note, credit = note.strip(), (credit or "").strip() or None
    folder = content_dir / module_id
    releases = [r for r in repo.releases(module_id) if semver.is_version(r.version)]
    since = releases[-1].version if releases else None
    reasons = _refusals(repo, folder, version, note, releases)
    files = read_folder(folder)
    original = files["module.yaml"]
    bumped = bump_version(original, version) if semver.is_version(version) else original
    if bumped is None:
        reasons.append(
            f"{folder}/module.yaml has no line 'version: ...' at the top level; "
            "add one so the release can update it"
        )
    loaded = load_tree({**files, "module.yaml": bumped or original}, folder.as_posix())
    if isinstance(loaded, list) and reasons:
        reasons.append("the content has problems too; run coprod validate to see them")
    if isinstance(loaded, Module) and not placeholder_iri and reserved_domain(loaded.base_iri):
        reasons.append(_placeholder_refusal(folder, loaded.base_iri))
    if reasons:
        raise ReleaseError(reasons)
    if isinstance(loaded, list):
        raise ContentError(loaded)
    assert bumped is not None and loaded.version == version
    old = repo.load(releases[-1]) if releases else None
    found = tuple(changes(old, loaded)) if isinstance(old, Module) else ()
    entry = changelog_entry(
        today, note, credit, since, found, listed=since is None or isinstance(old, Module)
    )
    log = files.get("CHANGELOG.md")
    message = note + (f"\n\n{CREDIT}{credit}" if credit else "")
    tag = tag_name(module_id, version)
    return Plan(
        module=loaded,
        tag=tag,
        since=since,
        changes=found,
        files={
            folder / "module.yaml": bumped,
            folder / "CHANGELOG.md": add_entry(log, loaded.title, version, entry).encode(),
        },
        originals={folder / "module.yaml": original, folder / "CHANGELOG.md": log},
        commit_message=f"Release {tag}\n\n{message}\n",
        tag_message=message + "\n",
    )


def _refusals(
    repo: Repository, folder: Path, version: str, note: str, releases: list[Release]
) -> list[str]:
    """Every reason not to release, but content problems.

    Raises:
        ReleaseError: there is no module folder to release.
    """
    reasons: list[str] = []
    if not note:
        reasons.append("the note is empty; say in a sentence why this version is released")
    if not semver.is_version(version):
        reasons.append(f"{version!r} is not a version; write three numbers such as 1.2.0")
    if not _SLUG.match(folder.name) or not (folder / "module.yaml").is_file():
        raise ReleaseError([*reasons, f"{folder}/module.yaml does not exist; check the module id"])
    tag = tag_name(folder.name, version)
    since = releases[-1].version if releases else None
    if any(r.tag == tag for r in releases):
        reasons.append(
            f"tag {tag} already exists; a released version is never moved, "
            "so choose a higher version"
        )
    elif since and semver.is_version(version) and semver.key(version) <= semver.key(since):
        reasons.append(
            f"version {version} is not greater than the last release {since}; "
            f"choose a higher version, e.g. {_next(since)}"
        )
    dirty = _dirty(repo)
    if dirty:
        shown = ", ".join(dirty[:10]) + (f" and {len(dirty) - 10} more" if len(dirty) > 10 else "")
        reasons.append(
            f"the work tree has changes not committed: {shown}; commit or undo them first, "
            "so the release holds exactly what is in git"
        )
    return reasons


def _placeholder_refusal(folder: Path, iri: str) -> str:
    return (
        f"base_iri in {folder}/module.yaml is {iri!r}, on {reserved_domain(iri)}, a domain "
        "reserved for examples that nobody owns; reports join learners' statements on the "
        "activity IRIs made from it, and those must never change once learners' statements "
        "exist; set base_iri to an address under a domain your organisation controls "
        "(e.g. https://learning.your-organisation.org/xapi/activities) and commit it, or pass "
        "--placeholder-iri to release a trial with this placeholder anyway"
    )


def publish(repo: Repository, plan: Plan, put: Put) -> str:
    """Write the plan's files, commit them and tag the commit; the commit's id.

    If the commit fails the files are put back as they were.

    Raises:
        GitError: git refused to commit or to tag (its message says why).
    """
    for path, data in plan.files.items():
        put(path, data)
    paths = [str(p.resolve().relative_to(repo.root.resolve())) for p in plan.files]
    try:
        repo.git(["add", "--", *paths])
        repo.git(
            ["commit", "--quiet", "--cleanup=whitespace", "-F", "-", "--", *paths],
            stdin=plan.commit_message.encode(),
        )
    except CoprodError:
        for path, before in plan.originals.items():
            put(path, before)
        repo.git(["reset", "--quiet", "--", *paths])
        raise
    commit = repo.git(["rev-parse", "HEAD"]).decode().strip()
    try:
        repo.git(
            ["tag", "--annotate", "--cleanup=whitespace", "-F", "-", plan.tag, commit],
            stdin=plan.tag_message.encode(),
        )
    except GitError as exc:
        raise GitError(
            f"committed {commit[:12]} but could not create the tag: {exc}; "
            f"create it with: git tag --annotate {plan.tag} {commit[:12]}"
        ) from exc
    return commit


# --- the two files -----------------------------------------------------------------


def bump_version(module_yaml: bytes, version: str) -> bytes | None:
    """``module.yaml`` with its top-level ``version:`` set, all else byte for byte the same.

    ``None`` if there is not exactly one such line to edit.
    """
    text = module_yaml.decode("utf-8")
    found = list(_VERSION_LINE.finditer(text))
    if len(found) != 1:
        return None
    line = found[0]
    new = f"{line['key']}{line['quote']}{version}{line['quote']}{line['rest']}{line['eol']}"
    return (text[: line.start()] + new + text[line.end() :]).encode("utf-8")


def changelog_entry(
    today: date,
    note: str,
    credit: str | None,
    since: str | None,
    found: tuple[AnyChange, ...],
    *,
    listed: bool = True,
) -> str:
    """The ``CHANGELOG.md`` fields of a release: when, why, credit, and what changed.

    Args:
        listed: false when the last release no longer loads, so its changes are unknown.
    """
    lines = [
        f"Released {today.isoformat()}.",
        "",
        f"**Why:** {note}",
        "",
        f"**Credit:** {credit or 'not recorded'}",
        "",
    ]
    if since is None:
        lines.append("**What changed:** first release.")
    elif not listed:
        lines.append(f"**What changed since {since}:** not listed; {since} no longer loads.")
    elif not found:
        lines.append(f"**What changed since {since}:** no change to the content.")
    else:
        lines += [f"**What changed since {since}:**", ""]
        lines += [f"- {describe(c)}" for c in found]
    return "\n".join(lines) + "\n"


def add_entry(changelog: bytes | None, title: str, version: str, entry: str) -> str:
    """``CHANGELOG.md`` with the entry on top (or under an existing heading for the version)."""
    text = changelog.decode("utf-8") if changelog is not None else f"# Changelog – {title}\n"
    own = re.search(rf"^## {re.escape(version)}[ \t]*\r?\n", text, re.MULTILINE)
    if own is not None:
        return f"{text[: own.end()]}\n{entry}\n{text[own.end() :].lstrip(chr(10))}"
    first = re.search(r"^## ", text, re.MULTILINE)
    block = f"## {version}\n\n{entry}"
    if first is None:
        return text.rstrip("\n") + "\n\n" + block
    return text[: first.start()] + block + "\n" + text[first.start() :]


def _dirty(repo: Repository) -> list[str]:
    """Paths with changes not committed (untracked files included), as git status shows them."""
    out = repo.git(["status", "--porcelain=v1", "-z", "--untracked-files=normal"])
    entries = iter(out.decode("utf-8", "surrogateescape").split("\0"))
    paths: list[str] = []
    for entry in entries:
        if len(entry) > 3:
            paths.append(entry[3:])
            if entry[0] in "RC":  # a rename or copy is followed by its source path
                next(entries, None)
    return paths


def _next(version: str) -> str:
    major, minor, _ = semver.key(version)[0]
    return f"{major}.{minor + 1}.0"
