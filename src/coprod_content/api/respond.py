"""What every route handler shares: where a route is, a page's reply, declared responses.

Content routes are declared once and mounted twice: under ``/modules/{module_id}`` (the
latest release) and ``/modules/{module_id}/versions/{version}``. The ``where`` dependency
is what differs between the two mounts: the module the route serves and its path.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import msgspec
from litestar import Request
from litestar.openapi import ResponseSpec
from litestar.response.base import ASGIResponse

from coprod_content import model as m
from coprod_content.api import lookup
from coprod_content.api.pages import Pages
from coprod_content.api.params import ModuleId, PagesDep, VersionId
from coprod_content.api.problems import PROBLEM_JSON, Problem, RequestProblem, respond
from coprod_content.api.urls import Query, module_href, version_href

Req = Request[Any, Any, Any]
NOT_MODIFIED = ResponseSpec(
    None, description="Not modified: the client's copy (ETag) is current.", generate_examples=False
)
ERRORS = {
    400: "Bad request: a query parameter or the body is malformed (see `errors`).",
    404: "No such module, version, section, activity, quiz item or resource.",
    413: "Request body too large.",
    415: "The body is not declared as JSON (send Content-Type: application/json).",
    422: "The body is JSON but not the expected object (see `errors`).",
}


class Where(NamedTuple):
    """The module a content route serves, and its path: the latest, or a released version."""

    module: m.Module
    base: str


def latest(request: Req, pages: PagesDep, module_id: ModuleId) -> Where:
    """``where`` under ``/modules/{module_id}``: the module's latest release."""
    module = pages.modules.get(module_id)
    if module is None:
        raise missing(request, pages)
    return Where(module, module_href(module_id))


def at_release(request: Req, pages: PagesDep, module_id: ModuleId, version: VersionId) -> Where:
    """``where`` under ``/modules/{module_id}/versions/{version}``: that release."""
    found = lookup.release_module(pages, module_id, version)
    if isinstance(found, lookup.Miss):
        raise RequestProblem(404, found.detail, kind=found.kind)
    return Where(found, version_href(module_id, version))


def missing(request: Req, pages: Pages, since: str | None = None) -> RequestProblem:
    """The 404 of a request whose URL has no page (see ``lookup.why``)."""
    path_params = {k: str(v) for k, v in request.path_params.items()}
    found = lookup.why(pages, request.url.path, request.scope["path_template"], path_params, since)
    assert found is not None, f"{request.url} has no page, and nothing in it is unknown"
    return RequestProblem(404, found.detail, kind=found.kind)


def serve(request: Req, pages: Pages, path: str, canonical: Query = ()) -> ASGIResponse:
    """The pre-encoded reply for ``path`` with this canonical query, as the request asks.

    The request's headers choose the reply (304, gzip); for HEAD, the same headers and no
    body.

    Raises:
        RequestProblem: 404, there is no such page.
    """
    page = pages.at(path, canonical)
    if page is None:
        raise missing(request, pages, dict(canonical).get("since"))
    headers = request.headers
    reply = page.reply(headers.get("if-none-match"), headers.get("accept-encoding"))
    return respond(request, reply)


def responses(ok: type[msgspec.Struct] | None, *, errors: tuple[int, ...]) -> dict[int, Any]:
    """OpenAPI responses of a route: its 200 body, 304 for GETs, and its problems."""
    out: dict[int, ResponseSpec] = {}
    if ok is not None:
        out[200] = ResponseSpec(ok, description="OK", generate_examples=False)
        out[304] = NOT_MODIFIED
    for status in errors:
        out[status] = ResponseSpec(
            Problem, media_type=PROBLEM_JSON, description=ERRORS[status], generate_examples=False
        )
    return out
