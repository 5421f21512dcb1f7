"""What every route handler shares: replying with a page, and declaring responses."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.openapi import ResponseSpec
from litestar.response.base import ASGIResponse

from coprod_content.api.convert import Style
from coprod_content.api.pages import Pages
from coprod_content.api.problems import PROBLEM_JSON, Problem

NOT_MODIFIED = ResponseSpec(
    None, description="Not modified: the client's copy (ETag) is current.", generate_examples=False
)
ERRORS = {
    400: "Bad request: a query parameter or the body is malformed (see `errors`).",
    404: "No such module, section, activity or quiz item.",
    413: "Request body too large.",
    415: "The body is not declared as JSON (send Content-Type: application/json).",
    422: "The body is JSON but not the expected object (see `errors`).",
}


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


def serve(
    pages: Pages, path: str, style: Style, if_none_match: str | None, accept_encoding: str | None
) -> ASGIResponse:
    """The pre-encoded reply for ``path`` in ``style``, given the request's headers."""
    reply = pages.get(path, style).reply(if_none_match, accept_encoding)
    return ASGIResponse(body=reply.body, status_code=reply.status, headers=reply.headers)
