"""Errors -> RFC 9457 ``application/problem+json``: the one place exceptions become HTTP.

Every error the API sends has this shape, names the parameter or body field at fault
where there is one, and says how to fix the request. Each kind of problem has its own
stable ``type`` URI (``tag:coprod-content,2026:problem/<kind>``, an identifier, not a
page to fetch), listed in ``KINDS`` with its status and meaning; the OpenAPI document
and the README's table are written from it. Unexpected exceptions are logged and
answered with a bare 500 problem: never a stack trace. A problem's bytes come from
``problem_reply``, which the server's fast path uses too.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Annotated, Any, Literal, get_args

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)
from litestar.response.base import ASGIResponse
from litestar.types import ExceptionHandlersMap
from msgspec import UNSET, Meta, UnsetType

from coprod_content.api.pages import Headers, Reply
from coprod_content.api.wire import Wire
from coprod_content.diagnostics import CoprodError, NotFound

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "tag:coprod-content,2026:problem/"
NO_ROUTE = "no resource at {path}; the routes are listed in /schema/openapi.json"
_log = logging.getLogger(__name__)
_encode = msgspec.json.Encoder().encode

Kind = Literal[
    "not-found",
    "unknown-module",
    "unknown-version",
    "unloadable-version",
    "no-releases",
    "unknown-part",
    "invalid-query",
    "malformed-body",
    "invalid-body",
    "unsupported-media-type",
    "body-too-large",
    "method-not-allowed",
    "invalid-request",
    "server-error",
]
KINDS: dict[Kind, tuple[int, str]] = {
    "not-found": (404, "No resource at this URL (no route matches it)."),
    "unknown-module": (404, "The URL names a module this server does not publish."),
    "unknown-version": (404, "The URL (or `since`) names a version the module never released."),
    "unloadable-version": (
        404,
        "The version was released but does not load under today's code; the versions list "
        "says why.",
    ),
    "no-releases": (404, "This server publishes no released versions of the module."),
    "unknown-part": (
        404,
        "The module (or version) has no section, activity, quiz item or resource with that id.",
    ),
    "invalid-query": (
        400,
        "A query parameter is unknown, repeated, out of its allowed values or missing; "
        "`errors` names each.",
    ),
    "malformed-body": (400, "The request body is empty or not JSON."),
    "invalid-body": (422, "The body is JSON but not the expected object; `errors` says where."),
    "unsupported-media-type": (415, "The body is not declared as JSON (Content-Type)."),
    "body-too-large": (413, "The request body is larger than the server accepts."),
    "method-not-allowed": (
        405,
        "The route does not take this method; `Allow` lists those it does.",
    ),
    "invalid-request": (400, "The request is malformed in another way (see `detail`)."),
    "server-error": (500, "The server failed; the error has been logged."),
}
"""Every kind of problem: its usual status and what it means."""
assert set(KINDS) == set(get_args(Kind))


def type_uri(kind: Kind) -> str:
    """The ``type`` of a kind of problem, e.g. ``tag:coprod-content,2026:problem/not-found``."""
    return TYPE_PREFIX + kind


ProblemType = Annotated[
    str,
    Meta(
        title="ProblemType",
        description="The kind of problem, one stable URI per kind (an identifier, not a page).",
        extra_json_schema={"enum": [type_uri(kind) for kind in KINDS]},
    ),
]


class FieldError(Wire, frozen=True, kw_only=True, rename={"in_": "in"}):
    """One request parameter or body field at fault."""

    in_: Annotated[
        Literal["query", "path", "header", "body"],
        Meta(title="ErrorLocation", description="Where the parameter or field is."),
    ]
    name: Annotated[str, Meta(description="Parameter name, or a JSON path into the body.")]
    detail: str


class Problem(Wire, frozen=True, kw_only=True):
    """An RFC 9457 problem details object."""

    type: ProblemType
    title: str
    status: int
    detail: str
    instance: Annotated[
        str | UnsetType,
        Meta(description="The path that was requested (absent from a static host's 404)."),
    ] = UNSET
    errors: tuple[FieldError, ...] | UnsetType = UNSET


class RequestProblem(Exception):
    """A request the API cannot answer as asked (bad query, bad body, unknown id).

    Args:
        kind: by default, from the status and where the errors are: ``invalid-query``,
            ``malformed-body``, ``invalid-body`` (422), ``unsupported-media-type`` (415).
    """

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Sequence[FieldError] = (),
        kind: Kind | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, tuple(errors)
        self.kind = kind or _kind_of(status, self.errors)


def _kind_of(status: int, errors: Sequence[FieldError]) -> Kind:
    if status == 415:
        return "unsupported-media-type"
    if status == 422:
        return "invalid-body"
    if status == 413:
        return "body-too-large"
    if status == 404:
        return "not-found"
    if status == 400 and errors and all(e.in_ == "body" for e in errors):
        return "malformed-body"
    if status == 400 and errors and all(e.in_ == "query" for e in errors):
        return "invalid-query"
    return "invalid-request" if status < 500 else "server-error"


def problem_reply(
    status: int,
    kind: Kind,
    detail: str,
    instance: str | None,
    errors: Sequence[FieldError] = (),
    headers: Headers = (),
) -> Reply:
    """A problem's reply: status, headers (type, length, no-store, then ``headers``), body."""
    body = _encode(
        Problem(
            type=type_uri(kind),
            title=HTTPStatus(status).phrase,
            status=status,
            detail=detail,
            instance=UNSET if instance is None else instance,
            errors=tuple(errors) or UNSET,
        )
    )
    head: Headers = (
        ("content-type", PROBLEM_JSON),
        ("content-length", str(len(body))),
        ("cache-control", "no-store"),
        *headers,
    )
    return Reply(status, head, body)


class Ready(Response[bytes]):
    """A response whose bytes are ready: sent as they are, without a body for HEAD."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.body, status_code=reply.status)
        self.reply = reply

    def to_asgi_response(  # type: ignore[override]
        self, app: object, request: Request[Any, Any, Any], **kwargs: object
    ) -> ASGIResponse:
        """The problem as an ASGI response, with its problem+json headers."""
        return respond(request, self.reply)


def respond(request: Request[Any, Any, Any], reply: Reply) -> ASGIResponse:
    """``reply`` as litestar sends it: its headers as they are, and no body for HEAD."""
    head = request.method == "HEAD"
    return ASGIResponse(
        body=b"" if head else reply.body,
        status_code=reply.status,
        headers=reply.headers,
        is_head_response=head,
    )


def problem(
    request: Request[Any, Any, Any],
    status: int,
    kind: Kind,
    detail: str,
    errors: Sequence[FieldError] = (),
    headers: Headers = (),
) -> Response[bytes]:
    """A problem+json response for ``request``."""
    return Ready(problem_reply(status, kind, detail, request.url.path, errors, headers))


def _request_problem(request: Request[Any, Any, Any], exc: RequestProblem) -> Response[bytes]:
    return problem(request, exc.status, exc.kind, exc.detail, exc.errors)


def _not_found(request: Request[Any, Any, Any], exc: NotFound) -> Response[bytes]:
    return problem(request, 404, "not-found", str(exc))


def _no_route(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[bytes]:
    return problem(request, 404, "not-found", NO_ROUTE.format(path=request.url.path))


def _wrong_method(
    request: Request[Any, Any, Any], exc: MethodNotAllowedException
) -> Response[bytes]:
    given = next((v for k, v in (exc.headers or {}).items() if k.lower() == "allow"), "")
    allow = ", ".join(sorted(m.strip() for m in given.split(",") if m.strip()))
    return problem(
        request,
        405,
        "method-not-allowed",
        f"{request.method} is not allowed on {request.url.path}; allowed: {allow}",
        headers=(("allow", allow),),
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
    kind: Kind = (
        "invalid-query" if errors and all(e.in_ == "query" for e in errors) else "invalid-request"
    )
    return problem(request, 400, kind, named or "the request is not valid", errors)


def _place(source: str) -> Literal["query", "path", "header", "body"]:
    for place in ("query", "path", "header", "body"):
        if source == place:
            return place
    return "query"


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    if exc.status_code == 413:
        limit = request.app.request_max_body_size
        detail = f"request body is larger than {limit} bytes; send less"
        return problem(request, 413, "body-too-large", detail)
    return problem(request, exc.status_code, _kind_of(exc.status_code, ()), exc.detail)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    _log.exception("unexpected error answering %s %s", request.method, request.url.path)
    detail = "the server failed to answer; the error has been logged"
    return problem(request, 500, "server-error", detail)


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
