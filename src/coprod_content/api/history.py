"""Released versions as pre-encoded pages: version lists, every version's pages, changes.

Each version read from git (see ``catalog``) gets the same pages as the latest (the
module, sections, pyramid, activities, quiz), under ``/v1/modules/{id}/versions/{v}``,
and every pair of versions that load gets its ``changes?since=`` page. ``released``
finds a version for a route, or says why there is none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from coprod_content import model as m
from coprod_content.api import wire as w
from coprod_content.api.convert import module_href, module_ref
from coprod_content.api.pages import CACHE_RELEASED, Page, Pages
from coprod_content.catalog import Version
from coprod_content.changes import changes
from coprod_content.diagnostics import NotFound

_encode = msgspec.json.Encoder().encode


def version_href(module_id: str, version: str) -> str:
    """The path of a released version of a module."""
    return f"{module_href(module_id)}/versions/{version}"


def add_history(pages: Pages, history: Mapping[str, Sequence[Version]]) -> None:
    """Add every released version's pages, version lists and changes to ``pages``."""
    pages.history = {module_id: tuple(found) for module_id, found in history.items()}
    for module_id in sorted({*pages.modules, *pages.history}):
        found = pages.history.get(module_id, ())
        listing = version_list(module_id, found)
        served = pages.modules.get(module_id)
        current = served.version if served is not None else listing.latest
        pages.add(Page(listing.href, _encode(listing), version=current), ())
        loaded = [v.module for v in found if v.module is not None]
        for new in loaded:
            base = version_href(module_id, new.version)
            pages.add_version(new, base)
            for old in loaded:
                body = w.ChangeList(
                    module=module_ref(new, base),
                    since=old.version,
                    changes=tuple(changes(old, new)),
                )
                query = (("since", old.version),)
                page = Page(
                    f"{base}/changes",
                    _encode(body),
                    query=query,
                    version=new.version,
                    cache_control=CACHE_RELEASED,
                )
                pages.add(page, ("since",))


def version_list(module_id: str, found: Sequence[Version]) -> w.VersionList:
    """``GET .../versions``: newest first, each with where it is served or why it is not."""
    summaries: list[w.VersionSummary] = []
    previous: str | None = None
    for version in found:
        release = version.release
        href = version_href(module_id, release.version) if version.module is not None else None
        since = f"{href}/changes?since={previous}" if href and previous else None
        summaries.append(
            w.VersionSummary(
                version=release.version,
                tag=release.tag,
                date=release.date or None,
                note=release.note,
                credit=release.credit,
                href=href,
                changes=since,
                problems=tuple(str(d) for d in version.problems),
            )
        )
        if version.module is not None:
            previous = release.version
    return w.VersionList(
        module_id=module_id,
        href=f"{module_href(module_id)}/versions",
        latest=previous,
        versions=tuple(reversed(summaries)),
    )


def released(pages: Pages, module_id: str, version: str) -> tuple[m.Module, str]:
    """A released version of a module that loads, and its path.

    Raises:
        NotFound: no such module or version, or the version no longer loads.
    """
    if module_id not in pages.history:
        pages.module(module_id)  # NotFound for a module that does not exist at all
    found = pages.history.get(module_id, ())
    listed = f"{module_href(module_id)}/versions"
    match = next((v for v in found if v.release.version == version), None)
    if match is None:
        have = ", ".join(v.release.version for v in found) or "none yet"
        raise NotFound(
            f"module {module_id!r} has no released version {version!r}; "
            f"released versions: {have} (listed at {listed})"
        )
    if match.module is None:
        raise NotFound(
            f"version {version} of module {module_id!r} was released but does not load under "
            f"today's code; its problems are listed at {listed}"
        )
    return match.module, version_href(module_id, version)


def lacks(module: m.Module, base: str, kind: str, wanted: str, listing: str) -> NotFound:
    return NotFound(
        f"version {module.version} of module {module.id!r} has no {kind} {wanted!r}; "
        f"see {base}/{listing} for those it has"
    )
