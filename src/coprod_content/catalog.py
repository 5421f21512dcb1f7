"""What a server publishes: the latest release of each module, and every released version.

Versions come from the git tags ``<module-id>@<version>`` of the repository holding
the content folder; each is loaded once, from git, without checking anything out. A
version that no longer loads under today's code is kept with its problems, so it can
be listed as such. A module not released yet is published from its files as they are,
and the catalog says so in its ``notes`` (as it does when there is no git at all).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from coprod_content.diagnostics import Diagnostic
from coprod_content.gitstore import GitError, Release, Repository
from coprod_content.loading import load_modules
from coprod_content.model import Module


class Version(msgspec.Struct, frozen=True, kw_only=True):
    """One released version of a module: its release, and the module, if it still loads."""

    release: Release
    module: Module | None
    problems: tuple[Diagnostic, ...] = ()


class Catalog(msgspec.Struct, frozen=True, kw_only=True):
    """What to publish.

    Attributes:
        modules: one per module: its latest release that loads, or its files as they are
            when it has no release yet.
        history: every release of each module, oldest first.
        notes: what an operator should know, such as a module served unreleased.
    """

    modules: tuple[Module, ...]
    history: dict[str, tuple[Version, ...]]
    notes: tuple[str, ...] = ()


def history(repo: Repository) -> dict[str, tuple[Version, ...]]:
    """Every release of every module in ``repo``, each loaded from git once, oldest first."""
    found: dict[str, list[Version]] = {}
    for release in repo.releases():
        loaded = repo.load(release)
        if isinstance(loaded, Module) and loaded.version != release.version:
            loaded = [_mismatch(repo, release, loaded.version)]
        version = (
            Version(release=release, module=loaded)
            if isinstance(loaded, Module)
            else Version(release=release, module=None, problems=tuple(loaded))
        )
        found.setdefault(release.module_id, []).append(version)
    return {module_id: tuple(versions) for module_id, versions in found.items()}


def released(content_dir: str | Path) -> Catalog:
    """The catalog of the repository holding ``content_dir``.

    Raises:
        ContentError: a module that has no release yet has problems in its files.
    """
    root = Path(content_dir)
    try:
        versions = history(Repository.open(root))
    except GitError as exc:
        note = f"serving the files as they are, without released versions: {exc}"
        return Catalog(modules=tuple(load_modules(root)), history={}, notes=(note,))
    modules: list[Module] = []
    notes: list[str] = []
    for module_id, found in sorted(versions.items()):
        latest = _latest(found)
        if latest is None:
            notes.append(f"{module_id}: no release loads under today's code, so it is not served")
            continue
        modules.append(latest)
        newest = found[-1].release
        if latest.version != newest.version:
            notes.append(
                f"{module_id}: release {newest.version} does not load, so {latest.version} is"
                f" served; see /v1/modules/{module_id}/versions for its problems"
            )
    unreleased = _unreleased(root, set(versions))
    for module in unreleased:
        notes.append(
            f"{module.id}: no release yet, so its files are served as they are; release it"
            f" with: coprod release {module.id} {module.version} --note ..."
        )
    return Catalog(
        modules=tuple(sorted([*modules, *unreleased], key=lambda m: m.id)),
        history=versions,
        notes=tuple(notes),
    )


UNRELEASED = "+unreleased"
"""What marks a module published from its files as they are, after its version number."""


def working(content_dir: str | Path) -> Catalog:
    """The files under ``content_dir`` as they are now, with every release of each module.

    Each module from the files is marked unreleased (``1.1.0+unreleased``): its number is
    the last one released, or the next one, but not what it holds.

    Raises:
        ContentError: the files have problems.
    """
    root = Path(content_dir)
    modules = tuple(unreleased(module) for module in load_modules(root))
    try:
        versions = history(Repository.open(root))
    except GitError as exc:
        return Catalog(modules=modules, history={}, notes=(f"no released versions: {exc}",))
    return Catalog(modules=modules, history=versions)


def unreleased(module: Module) -> Module:
    """``module`` marked as not released: ``1.1.0`` becomes ``1.1.0+unreleased``."""
    return msgspec.structs.replace(module, version=module.version + UNRELEASED)


def _latest(found: Sequence[Version]) -> Module | None:
    usable = [v.module for v in found if v.module is not None]
    return usable[-1] if usable else None


def _mismatch(repo: Repository, release: Release, version: str) -> Diagnostic:
    return Diagnostic(
        source=f"{release.tag}:{repo.module_path(release.module_id)}/module.yaml",
        line=1,
        path="$.version",
        message=f"the tag says version {release.version} but module.yaml says {version}; "
        "release with coprod release, which keeps them the same",
    )


def _unreleased(root: Path, released: set[str]) -> list[Module]:
    """The modules under ``root`` that have no release tag, loaded from their files.

    Raises:
        ContentError: any of them has problems.
    """
    return load_modules(root, exclude=released) if root.is_dir() else []
