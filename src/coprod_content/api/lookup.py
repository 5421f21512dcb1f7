"""Why a URL has no page: one answer for the litestar handlers and the server's fast path.

``Routes`` matches a path to a route template as litestar does (segment by segment, a
fixed segment before a parameter, no backtracking), over the templates of the app's own
routes. ``why`` says what is missing for a route and its path parameters: an unknown
module, version, section, activity, quiz item or resource, each with the problem kind
and the detail the API answers. Both the handlers and the fast path call it, so a 404
is the same whichever answers it. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple, assert_never

from coprod_content import model as m
from coprod_content.api.pages import Pages
from coprod_content.api.problems import NO_ROUTE, Kind
from coprod_content.api.urls import MODULES, image_name, module_href, version_href

_PARAM = re.compile(r"^\{(\w+)(?::\w+)?\}$")
PartParam = Literal["section_id", "activity_id", "item_id", "resource_id"]
_PARTS: dict[PartParam, tuple[str, str]] = {
    "section_id": ("section", "sections"),
    "activity_id": ("activity", "activities"),
    "item_id": ("quiz item", "quiz"),
    "resource_id": ("resource", "resources"),
}


class Miss(NamedTuple):
    """What a 404 says: its problem kind and detail."""

    kind: Kind
    detail: str


def no_route(path: str) -> Miss:
    """The problem of a path that names no route."""
    return Miss("not-found", NO_ROUTE.format(path=path))


class Route(NamedTuple):
    """A route: its template (``/v1/modules/{module_id:str}/sections``), its methods, and
    whether it needs a query parameter (then a URL without one is a 400)."""

    template: str
    methods: Iterable[str]
    needs_query: bool = False


class Match(NamedTuple):
    template: str
    methods: frozenset[str]
    params: dict[str, str]
    needs_query: bool


class _Node:
    __slots__ = ("children", "methods", "needs_query", "param", "template")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.param: tuple[str, _Node] | None = None
        self.methods: frozenset[str] = frozenset()
        self.template = ""
        self.needs_query = False


class Routes:
    """Route templates and their methods, matched against paths as litestar's router does."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self._root = _Node()
        for template, methods, needs_query in routes:
            node = self._root
            for segment in _segments(template):
                param = _PARAM.match(segment)
                if param is None:
                    node = node.children.setdefault(segment, _Node())
                else:
                    if node.param is None:
                        node.param = (param[1], _Node())
                    node = node.param[1]
            node.methods |= frozenset(methods)
            node.needs_query |= needs_query
            node.template = re.sub(r"\{(\w+):\w+\}", r"{\1}", template)

    def match(self, path: str) -> Match | None:
        """The route ``path`` names and its path parameters; ``None`` if it names none."""
        node, params = self._root, {}
        for segment in _segments(path):
            if segment in node.children:
                node = node.children[segment]
            elif node.param is not None:
                params[node.param[0]] = segment
                node = node.param[1]
            else:
                return None
        if not node.methods:
            return None
        return Match(node.template, node.methods, params, node.needs_query)


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def why(
    pages: Pages, path: str, template: str, params: Mapping[str, str], since: str | None = None
) -> Miss | None:
    """What a route's parameters name that does not exist; ``None`` if they all exist.

    Args:
        path: the path asked for (normalised, as litestar routes it).
        template: its route, as litestar gives it (``/v1/modules/{module_id}/quiz``).
        params: its path parameters.
        since: the ``since`` query parameter of a ``changes`` route, if given.
    """
    module_id = params.get("module_id")
    if module_id is None:
        return no_route(path) if params else None
    version = params.get("version")
    if template.endswith("/versions"):
        if module_id not in pages.modules and module_id not in pages.history:
            return _unknown_module(pages, module_id)
        if pages.at(f"{module_href(module_id)}/versions", ()) is None:
            detail = f"this server publishes no released versions of module {module_id!r}"
            return Miss("no-releases", detail)
        return None
    if version is None:
        module = pages.modules.get(module_id)
        if module is None:
            return _unknown_module(pages, module_id)
        base = module_href(module_id)
        owner = f"module {module_id!r}"
    else:
        found = released(pages, module_id, version)
        if isinstance(found, Miss):
            return found
        module, base = found, version_href(module_id, version)
        owner = f"version {version} of module {module_id!r}"
    image = params.get("image_name")
    if image is not None and image not in {image_name(f) for f in module.images}:
        detail = f"{owner} has no image {image!r}; its image blocks give their hrefs ({base})"
        return Miss("unknown-part", detail)
    for param, (kind, listing) in _PARTS.items():
        wanted = params.get(param)
        if wanted is not None and wanted not in _ids(module, param):
            detail = f"{owner} has no {kind} {wanted!r}; see {base}/{listing} for those it has"
            return Miss("unknown-part", detail)
    if since is not None:
        found = released(pages, module_id, since)
        if isinstance(found, Miss):
            return found
    return None


def released(pages: Pages, module_id: str, version: str) -> m.Module | Miss:
    """A released version of a module that loads, or why there is none."""
    if module_id not in pages.history and module_id not in pages.modules:
        return _unknown_module(pages, module_id)
    found = pages.history.get(module_id, ())
    listed = f"{module_href(module_id)}/versions"
    match = next((v for v in found if v.release.version == version), None)
    if match is None:
        have = ", ".join(v.release.version for v in found) or "none yet"
        return Miss(
            "unknown-version",
            f"module {module_id!r} has no released version {version!r}; "
            f"released versions: {have} (listed at {listed})",
        )
    if match.module is None:
        return Miss(
            "unloadable-version",
            f"version {version} of module {module_id!r} was released but does not load under "
            f"today's code; its problems are listed at {listed}",
        )
    return match.module


def _unknown_module(pages: Pages, module_id: str) -> Miss:
    known = ", ".join(sorted(pages.modules)) or "none"
    return Miss(
        "unknown-module",
        f"there is no module {module_id!r}; modules: {known} (listed at {MODULES})",
    )


def _ids(module: m.Module, param: PartParam) -> set[str]:
    if param == "section_id":
        return {s.id for s in module.sections}
    if param == "activity_id":
        return {a.id for a in module.activities}
    if param == "item_id":
        return {i.id for i in module.quiz.items}
    if param == "resource_id":
        return {r.id for r in module.resources}
    assert_never(param)
