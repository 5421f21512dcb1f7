"""The module's versions as content: each release from git, and the files as they are now.

The report needs each version's item wording (to show it, and to compare versions
with the change list ``coprod diff`` uses) and the module's activity IRIs (to ask the
LRS for its statements). A version whose statements exist but whose content is not
known is still reported, with the wording its statements carry.
"""

from __future__ import annotations

from pathlib import Path

from coprod_content import semver
from coprod_content.diagnostics import NotFound
from coprod_content.gitstore import GitError, Repository
from coprod_content.loading import load_tree, read_folder
from coprod_content.model import Module
from coprod_content.xapi import iri


def module_versions(content: Path, module_id: str) -> tuple[Module, dict[str, Module], list[str]]:
    """The module now, every version known as content (by version), and notes for the reader.

    The module now is its files as they are, or its latest release when they do not load.

    Raises:
        NotFound: there is neither a folder nor a release of ``module_id``.
    """
    notes: list[str] = []
    known: dict[str, Module] = {}
    try:
        repo = Repository.open(content)
        for release in repo.releases(module_id):
            loaded = repo.load(release)
            if isinstance(loaded, Module) and semver.is_version(release.version):
                known[release.version] = loaded
    except GitError as exc:
        notes.append(f"released versions are not known ({exc}), so their wording is not shown")
    folder = content / module_id
    working = None
    if (folder / "module.yaml").is_file():
        loaded = load_tree(read_folder(folder), folder.as_posix())
        if isinstance(loaded, Module):
            working = loaded
            known.setdefault(working.version, working)
        else:
            notes.append(f"{folder} has problems (see coprod validate); its releases are used")
    latest = max(known.values(), key=lambda m: semver.key(m.version), default=None)
    module = working or latest
    if module is None:
        raise NotFound(f"{folder}/module.yaml does not exist and {module_id} has no release")
    return module, known, notes


def activity_iris(module: Module) -> tuple[str, str]:
    """The IRIs the module's statements are about: the module (xAPI), the AU (cmi5)."""
    return iri.module_iri(module), iri.au_iri(module)


def item_prefix(module: Module) -> str:
    """What the IRIs of the module's quiz items start with."""
    return iri.item_iri(module, "")
