"""Errors -> RFC 9457 ``application/problem+json``: the one place exceptions become HTTP.

Every error the API sends has this shape, names the parameter or body field at fault
where there is one, and says how to fix the request. Unexpected exceptions are logged
and answered with a bare 500 problem: never a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)
from litestar.types import ExceptionHandlersMap
from msgspec import UNSET, Meta, UnsetType

from coprod_content.api.wire import Wire
from coprod_content.diagnostics import CoprodError, NotFound

PROBLEM_JSON = "application/problem+json"
_log = logging.getLogger(__name__)


class FieldError(Wire, frozen=True, kw_only=True, rename={"in_": "in"}):
    """One request parameter or body field at fault."""

    in_: Literal["query", "path", "header", "body"]
    name: Annotated[str, Meta(description="Parameter name, or a JSON path into the body.")]
    detail: str


class Problem(Wire, frozen=True, kw_only=True):
    """An RFC 9457 problem details object."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: Annotated[str, Meta(description="The path that was requested.")]
    errors: tuple[FieldError, ...] | UnsetType = UNSET


class RequestProblem(Exception):
    """A request the API cannot answer as asked (bad query, bad body)."""

    def __init__(self, status: int, detail: str, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, tuple(errors)


def problem(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    errors: Sequence[FieldError] = (),
    headers: Mapping[str, str] | None = None,
) -> Response[bytes]:
    """A problem+json response for ``request``."""
    body = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=tuple(errors) or UNSET,
    )
    return Response(
        msgspec.json.encode(body),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={"cache-control": "no-store", **(headers or {})},
    )


def _request_problem(request: Request[Any, Any, Any], exc: RequestProblem) -> Response[bytes]:
    return problem(request, exc.status, exc.detail, exc.errors)


def _not_found(request: Request[Any, Any, Any], exc: NotFound) -> Response[bytes]:
    return problem(request, 404, str(exc))


def _no_route(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[bytes]:
    return problem(
        request,
        404,
        f"no resource at {request.url.path}; the routes are listed in /schema/openapi.json",
    )


def _wrong_method(
    request: Request[Any, Any, Any], exc: MethodNotAllowedException
) -> Response[bytes]:
    given = next((v for k, v in (exc.headers or {}).items() if k.lower() == "allow"), "")
    allow = ", ".join(sorted(m.strip() for m in given.split(",") if m.strip()))
    return problem(
        request,
        405,
        f"{request.method} is not allowed on {request.url.path}; allowed: {allow}",
        headers={"allow": allow},
    )


def _invalid(request: Request[Any, Any, Any], exc: ValidationException) -> Response[bytes]:
    errors = [
        FieldError(
            in_=_place(str(item.get("source", "query"))),
            name=str(item.get("key", "")),
            detail=str(item.get("message", "")),
        )
        for item in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(item, dict)
    ]
    named = "; ".join(f"{e.in_} parameter {e.name!r}: {e.detail}" for e in errors)
    return problem(request, 400, named or "the request is not valid", errors)


def _place(source: str) -> Literal["query", "path", "header", "body"]:
    for place in ("query", "path", "header", "body"):
        if source == place:
            return place
    return "query"


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    if exc.status_code == 413:
        limit = request.app.request_max_body_size
        return problem(request, 413, f"request body is larger than {limit} bytes; send less")
    return problem(request, exc.status_code, exc.detail)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    _log.exception("unexpected error answering %s %s", request.method, request.url.path)
    return problem(request, 500, "the server failed to answer; the error has been logged")


def _coprod(request: Request[Any, Any, Any], exc: CoprodError) -> Response[bytes]:
    return _unexpected(request, exc)


HANDLERS: ExceptionHandlersMap = {
    RequestProblem: _request_problem,
    NotFound: _not_found,
    NotFoundException: _no_route,
    MethodNotAllowedException: _wrong_method,
    ValidationException: _invalid,
    HTTPException: _http,
    CoprodError: _coprod,
    Exception: _unexpected,
}
