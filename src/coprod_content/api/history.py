"""Released versions as pre-encoded pages: version lists, every version's pages, changes.

Each version read from git (see ``catalog``) gets the same pages as the latest (the
module, sections, pyramid, activities, quiz, resources), under
``/v1/modules/{id}/versions/{v}``, and every pair of versions that load gets its
``changes?since=`` page, with rich text as trees and as HTML
(``changes.richtext-html.since-1.0.0.json``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from coprod_content.api import wire as w
from coprod_content.api.convert import Converter
from coprod_content.api.pages import CACHE_RELEASED, Page, Pages
from coprod_content.api.urls import (
    CHANGES,
    RICHTEXTS,
    Style,
    changes_query,
    module_href,
    path_form,
    version_href,
)
from coprod_content.catalog import Version
from coprod_content.changes import changes

_encode = msgspec.json.Encoder().encode


def add_history(pages: Pages, history: Mapping[str, Sequence[Version]]) -> None:
    """Add every released version's pages, version lists and changes to ``pages``."""
    pages.history = {module_id: tuple(found) for module_id, found in history.items()}
    for module_id in sorted({*pages.modules, *pages.history}):
        found = pages.history.get(module_id, ())
        listing = version_list(module_id, found)
        loaded = [v.module for v in found if v.module is not None]
        newest = pages.modules.get(module_id) or (loaded[-1] if loaded else None)
        page = Page(
            f"{module_href(module_id)}/versions",
            _encode(listing),
            version=newest.version if newest else None,
            language=newest.language if newest else None,
        )
        pages.add(page, ())
        for new in loaded:
            base = version_href(module_id, new.version)
            pages.add_version(new, base)
            for old in loaded:
                since = changes(old, new)
                for richtext in RICHTEXTS:
                    style = Style(richtext)
                    body = Converter(new, style, base).change_list(old.version, since)
                    page = Page(
                        f"{base}/changes",
                        _encode(body),
                        query=changes_query(style, old.version),
                        version=new.version,
                        language=new.language,
                        cache_control=CACHE_RELEASED,
                    )
                    pages.add(page, CHANGES)


def version_list(module_id: str, found: Sequence[Version]) -> w.VersionList:
    """``GET .../versions``: newest first, each with where it is served or why it is not."""
    summaries: list[w.VersionSummary] = []
    previous: str | None = None
    for version in found:
        release = version.release
        base = version_href(module_id, release.version)
        href = path_form(base) if version.module is not None else None
        since = (
            path_form(f"{base}/changes", (("since", previous),))
            if version.module is not None and previous
            else None
        )
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
        href=path_form(f"{module_href(module_id)}/versions"),
        latest=previous,
        versions=tuple(reversed(summaries)),
    )
