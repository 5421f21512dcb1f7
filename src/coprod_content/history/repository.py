"""Released versions, read straight from git: tags ``<module-id>@<version>``.

Read-only access through the git command line (``git -C <repo> ...``): list the
release tags with their date and note, and read a module folder's files at a tag
as name -> bytes without checking anything out. A folder outside git, a missing
git program or a broken tag is reported as a ``GitError`` or as the release's
``problem``, never as a crash.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import msgspec

from coprod_content.diagnostics import ContentError, CoprodError, Diagnostic, NotFound
from coprod_content.history import semver
from coprod_content.loading import load_tree
from coprod_content.model import Module

TAG = re.compile(r"^(?P<module>[a-z0-9]+(?:-[a-z0-9]+)*)@(?P<version>.+)$")
"""A release tag: the module id, ``@``, the version."""

CREDIT = "Credit: "
"""The trailer in a tag message that credits the input behind a release."""

_SIGNATURE = re.compile(rb"\n-----BEGIN (?:PGP|SSH) SIGNATURE-----\n", re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEX = re.compile(r"^[0-9a-f]{7,64}$")
_SCRUBBED = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")


class GitError(CoprodError):
    """The git repository could not be read or written."""


class Release(msgspec.Struct, frozen=True, kw_only=True):
    """One release tag.

    Attributes:
        date: when it was released (the tagger's date; the commit's for a plain tag),
            ISO 8601 in UTC.
        commit_time: the tagged commit's time, seconds since 1970; a build of the
            release dates every package member with it (unless ``SOURCE_DATE_EPOCH``
            is set).
        note: why this version was released (the tag message without its credit).
        credit: the input that led to the change, when the release names it.
        problem: why the tag cannot be read, when it cannot; the other fields are
            then empty.
    """

    module_id: str
    version: str
    tag: str
    commit: str = ""
    date: str = ""
    commit_time: int = 0
    note: str = ""
    credit: str | None = None
    problem: str | None = None


def tag_name(module_id: str, version: str) -> str:
    """The release tag of ``version`` of a module: ``<module-id>@<version>``."""
    return f"{module_id}@{version}"


class Repository:
    """The git repository holding a content folder, read through the git CLI."""

    def __init__(self, root: Path, prefix: str) -> None:
        self.root = root
        self.prefix = prefix
        """The content folder's path inside the repository, ``/``-terminated (or empty)."""

    @classmethod
    def open(cls, content_dir: str | Path) -> Repository:
        """The repository whose work tree holds ``content_dir``.

        Raises:
            GitError: the folder does not exist, is not in a git work tree, or git is missing.
        """
        folder = Path(content_dir)
        if not folder.is_dir():
            raise GitError(f"{folder} does not exist; pass the folder holding the modules")
        out = run(folder, ["rev-parse", "--show-toplevel", "--show-prefix"]).decode()
        top, _, prefix = out.partition("\n")
        return cls(Path(top), prefix.strip())

    def git(self, args: Sequence[str], *, stdin: bytes | None = None) -> bytes:
        """Run ``git`` in the repository; its standard output.

        Raises:
            GitError: git is missing or the command failed (git's message included).
        """
        return run(self.root, args, stdin=stdin)

    def module_path(self, module_id: str) -> str:
        """A module folder's path inside the repository."""
        return f"{self.prefix}{module_id}"

    def releases(self, module_id: str | None = None) -> list[Release]:
        """Every release tag (of one module, if given), oldest version first per module.

        A tag whose version is not a semantic version, or whose object is missing or
        not a commit, is listed with its ``problem``.
        """
        refs = self.git(
            ["for-each-ref", "--format=%(refname:strip=2)%00%(objectname)", "refs/tags"]
        )
        tagged: list[tuple[str, str, str, str]] = []
        for line in refs.decode("utf-8", "surrogateescape").splitlines():
            name, _, sha = line.partition("\0")
            match = TAG.match(name)
            if match and (module_id is None or match["module"] == module_id):
                tagged.append((name, sha, match["module"], match["version"]))
        queries = [q for _, sha, _, _ in tagged for q in (sha, sha + "^{commit}")]
        objects = dict(zip(queries, self._objects(queries), strict=True))
        found = [
            _release(name, module, version, objects[sha], objects[sha + "^{commit}"])
            for name, sha, module, version in tagged
        ]
        return sorted(found, key=_order)

    def release(self, module_id: str, version: str) -> Release | None:
        """The release tag of that version, or ``None`` if there is none."""
        name = tag_name(module_id, version)
        return next((r for r in self.releases(module_id) if r.tag == name), None)

    def load_release(self, module_id: str, version: str) -> tuple[Module, Release]:
        """A released version of a module, and its release.

        Raises:
            NotFound: the module has no release of that version (the message lists those it has).
            ContentError: the version does not load under today's code.
        """
        found = self.releases(module_id)
        release = next((r for r in found if r.version == version), None)
        if release is None:
            have = ", ".join(r.version for r in found) or "none yet"
            raise NotFound(
                f"{module_id} has no release {version} (no tag {tag_name(module_id, version)}); "
                f"released versions: {have}"
            )
        loaded = self.load(release)
        if isinstance(loaded, list):
            raise ContentError(loaded)
        return loaded, release

    def module_files(self, commit: str, module_id: str) -> dict[str, bytes] | None:
        """A module folder's files at ``commit`` as relative name -> bytes; ``None`` if absent.

        Hidden files and symbolic links are left out, as ``loading.read_folder`` does.
        """
        if not _SLUG.match(module_id) or not _HEX.match(commit):
            return None
        spec = f"{commit}:{self.module_path(module_id)}"
        tree = self._objects([spec])[0]
        if tree is None or tree.kind != "tree":
            return None
        listing = self.git(["ls-tree", "-r", "-z", tree.sha])
        names: list[str] = []
        shas: list[str] = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, raw = entry.partition(b"\t")
            mode, typ, sha = meta.decode().split(" ")
            name = raw.decode("utf-8", "surrogateescape")
            if typ == "blob" and mode != "120000" and not _hidden(name):
                names.append(name)
                shas.append(sha)
        blobs = self._objects(shas)
        return {
            name: blob.data for name, blob in zip(names, blobs, strict=True) if blob is not None
        }

    def load(self, release: Release) -> Module | list[Diagnostic]:
        """The module as released, or the problems that stop it loading today."""
        path = self.module_path(release.module_id)
        label = (
            f"{release.tag}:{path if '/' in path else './' + path}"  # load_tree's folder is last
        )
        if release.problem is not None:
            return [Diagnostic(source=label, line=1, path="$", message=release.problem)]
        files = self.module_files(release.commit, release.module_id)
        if files is None:
            message = (
                f"the module folder does not exist at this tag; "
                f"expected {self.module_path(release.module_id)}/ in commit {release.commit[:12]}"
            )
            return [Diagnostic(source=label, line=1, path="$", message=message)]
        return load_tree(files, label)

    def _objects(self, specs: Sequence[str]) -> list[_Object | None]:
        """``git cat-file --batch``: each object named, ``None`` where there is none."""
        if not specs:
            return []
        out = self.git(["cat-file", "--batch"], stdin="".join(f"{s}\n" for s in specs).encode())
        return list(_batch(out, len(specs)))


def run(where: Path, args: Sequence[str], *, stdin: bytes | None = None) -> bytes:
    """Run ``git -C where args``; its standard output.

    Raises:
        GitError: git is missing or the command failed (git's message included).
    """
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(
            ["git", "-C", str(where), *args],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError(
            "the git program is not installed; install git to release or read released versions"
        ) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        if "not a git repository" in message:
            raise GitError(
                f"{where} is not in a git repository, so it has no released versions; "
                "put the content folder under git (git init) or use the working tree"
            )
        raise GitError(f"git {args[0]} failed in {where}: {message}")
    return done.stdout


class _Object(NamedTuple):
    sha: str
    kind: str
    data: bytes


def _batch(out: bytes, count: int) -> Iterator[_Object | None]:
    at = 0
    for _ in range(count):
        end = out.index(b"\n", at)
        header = out[at:end].decode("utf-8", "surrogateescape").split(" ")
        at = end + 1
        if len(header) != 3 or not header[2].isdigit():  # "<spec> missing" / "ambiguous"
            yield None
            continue
        size = int(header[2])
        yield _Object(header[0], header[1], out[at : at + size])
        at += size + 1


def _release(
    name: str,
    module: str,
    version: str,
    obj: _Object | None,
    commit: _Object | None,
) -> Release:
    def broken(problem: str) -> Release:
        return Release(module_id=module, version=version, tag=name, problem=problem)

    if not semver.is_version(version):
        return broken(f"tag {name!r}: {version!r} is not a version; expected e.g. {module}@1.2.0")
    if obj is None:
        return broken(f"tag {name!r} points to an object missing from the repository")
    if commit is None:
        kind = _parse(obj.data)[0].get("type", obj.kind) if obj.kind == "tag" else obj.kind
        return broken(f"tag {name!r} points to a {kind}, not a commit")
    commit_headers, _ = _parse(commit.data)
    commit_time = _time(commit_headers.get("committer", ""))
    note, credit, when = "", None, commit_time
    if obj.kind == "tag":
        headers, message = _parse(obj.data)
        when = _time(headers.get("tagger", "")) or commit_time
        note, credit = split_message(message)
    return Release(
        module_id=module,
        version=version,
        tag=name,
        commit=commit.sha,
        date=datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        commit_time=commit_time,
        note=note,
        credit=credit,
    )


def split_message(message: str) -> tuple[str, str | None]:
    """A tag message -> (note, credit): the ``Credit:`` trailer is taken out of the note."""
    lines = message.strip().splitlines()
    credits = [ln[len(CREDIT) :].strip() for ln in lines if ln.startswith(CREDIT)]
    note = "\n".join(ln for ln in lines if not ln.startswith(CREDIT)).strip()
    return note, ("; ".join(credits) or None)


def _parse(raw: bytes) -> tuple[dict[str, str], str]:
    """A git object's headers and message (a trailing signature dropped)."""
    head, _, body = raw.partition(b"\n\n")
    body = _SIGNATURE.split(body, maxsplit=1)[0]
    headers: dict[str, str] = {}
    for line in head.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(" ")
        headers.setdefault(key, value)
    return headers, body.decode("utf-8", "replace")


def _time(signature: str) -> int:
    """Seconds since 1970 from ``Name <email> 1700000000 +0000``; 0 if absent."""
    parts = signature.rsplit(" ", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/"))


def _order(release: Release) -> tuple[str, int, semver.Key | str]:
    if semver.is_version(release.version):
        return release.module_id, 0, semver.key(release.version)
    return release.module_id, 1, release.version
