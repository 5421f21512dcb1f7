"""Routes outside any API version: health and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from litestar import route
from litestar.openapi import ResponseSpec
from litestar.response.base import ASGIResponse

from coprod_content.api import wire as w
from coprod_content.api.params import IfNoneMatch, PagesDep, takes
from coprod_content.api.respond import NOT_MODIFIED, Req, responses, serve
from coprod_content.api.v1 import GET_HEAD

OPENAPI_PATH = "/schema/openapi.json"


@route(
    "/healthz",
    http_method=GET_HEAD,
    sync_to_thread=False,
    opt=takes(),
    tags=["meta"],
    responses=responses(w.Health, errors=(400,)),
)
def healthz(request: Req, pages: PagesDep, if_none_match: IfNoneMatch) -> ASGIResponse:
    """Say the server is up, and which modules and content versions it serves."""
    return serve(request, pages, "/healthz")


@route(
    OPENAPI_PATH,
    http_method=GET_HEAD,
    sync_to_thread=False,
    opt=takes(),
    tags=["meta"],
    responses={
        200: ResponseSpec(
            dict[str, Any], description="This OpenAPI 3.1 document.", generate_examples=False
        ),
        304: NOT_MODIFIED,
        **responses(None, errors=(400,)),
    },
)
def openapi(request: Req, pages: PagesDep, if_none_match: IfNoneMatch) -> ASGIResponse:
    """Get the OpenAPI 3.1 document of this API."""
    return serve(request, pages, OPENAPI_PATH)
