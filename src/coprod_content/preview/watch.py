"""The working tree as it is now: reloaded and re-checked whenever a file changes.

Changes are found by polling: a fingerprint of every file's path, size and
modification time, taken at most every ``interval`` seconds. Each module folder
loads on its own, so a broken module shows its diagnostics while the others
still load. Where the content is under git, each module is also compared with
its last release.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from coprod_content.diagnostics import Diagnostic
from coprod_content.history import semver
from coprod_content.history.changes import AnyChange, changes
from coprod_content.history.repository import GitError, Release, Repository
from coprod_content.loading import load_tree, read_folder
from coprod_content.model import Module

Fingerprint = tuple[tuple[str, int, int], ...]


class Pending(msgspec.Struct, frozen=True, kw_only=True):
    """A module's changes since its last release (``since`` is ``None`` if it has none)."""

    since: Release | None
    changes: tuple[AnyChange, ...] = ()
    note: str | None = None
    """Why the changes are not listed, when they are not."""


class Snapshot(msgspec.Struct, frozen=True, kw_only=True):
    """The content folder at one moment: what loads, what does not, and why.

    Attributes:
        stamp: increases with every reload, so a page can tell it is out of date.
        checked: when the content was last read, seconds since 1970.
    """

    stamp: int
    checked: float
    modules: tuple[Module, ...]
    diagnostics: tuple[Diagnostic, ...]
    pending: dict[str, Pending]


class Watcher:
    """Holds the latest ``Snapshot`` of a content folder, reloading it when files change."""

    def __init__(
        self,
        content_dir: str | Path,
        *,
        interval: float = 0.3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = Path(content_dir)
        self.interval, self.clock = interval, clock
        self._lock = threading.Lock()
        self._polled = -float("inf")
        self._fingerprint: Fingerprint | None = None
        self._released: dict[tuple[str, str], Module | None] = {}
        self._snapshot = Snapshot(stamp=0, checked=0.0, modules=(), diagnostics=(), pending={})
        self.current()

    def current(self) -> Snapshot:
        """The latest snapshot; the content is re-read first if any file changed."""
        with self._lock:
            now = self.clock()
            if now - self._polled >= self.interval:
                self._polled = now
                fingerprint = fingerprint_of(self.root)
                if fingerprint != self._fingerprint:
                    self._fingerprint = fingerprint
                    self._snapshot = self._load(self._snapshot.stamp + 1)
            return self._snapshot

    def _load(self, stamp: int) -> Snapshot:
        modules: list[Module] = []
        problems: list[Diagnostic] = []
        if not self.root.is_dir():
            message = "content folder does not exist; create it or pass the folder holding modules"
            problems.append(Diagnostic(source=str(self.root), line=1, path="$", message=message))
        else:
            for folder in _folders(self.root):
                try:
                    files = read_folder(folder)
                except OSError as exc:  # a file went away while we read: the next poll retries
                    self._fingerprint = None
                    message = f"could not read the folder ({exc.strerror}); save the file again"
                    problems.append(
                        Diagnostic(source=folder.as_posix(), line=1, path="$", message=message)
                    )
                    continue
                loaded = load_tree(files, folder.as_posix())
                if isinstance(loaded, Module):
                    modules.append(loaded)
                else:
                    problems.extend(loaded)
        pending = {m.id: self._pending(m) for m in modules}
        return Snapshot(
            stamp=stamp,
            checked=time.time(),
            modules=tuple(modules),
            diagnostics=tuple(sorted(problems)),
            pending=pending,
        )

    def _pending(self, module: Module) -> Pending:
        try:
            repo = Repository.open(self.root)
            found = [r for r in repo.releases(module.id) if semver.is_version(r.version)]
        except GitError as exc:
            return Pending(since=None, note=str(exc))
        if not found:
            return Pending(since=None)
        last = found[-1]
        key = (last.tag, last.commit)
        if key not in self._released:
            loaded = repo.load(last)
            self._released[key] = loaded if isinstance(loaded, Module) else None
        old = self._released[key]
        if old is None:
            return Pending(since=last, note=f"release {last.version} no longer loads")
        return Pending(since=last, changes=tuple(changes(old, module)))


def fingerprint_of(root: Path) -> Fingerprint:
    """Every file under ``root`` (hidden ones left out) with its size and modification time."""
    if not root.is_dir():
        return ()
    found: list[tuple[str, int, int]] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed while we looked: the next poll sees it gone
            continue
        found.append((rel.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
