"""Routes outside any API version: health and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.openapi import ResponseSpec
from litestar.response.base import ASGIResponse

from coprod_content.api import wire as w
from coprod_content.api.convert import Style
from coprod_content.api.params import AcceptEncoding, IfNoneMatch, PagesDep, takes
from coprod_content.api.respond import NOT_MODIFIED, responses, serve

OPENAPI_PATH = "/schema/openapi.json"


@get(
    "/healthz",
    sync_to_thread=False,
    opt=takes(),
    tags=["meta"],
    responses=responses(w.Health, errors=(400,)),
)
def healthz(
    pages: PagesDep, if_none_match: IfNoneMatch, accept_encoding: AcceptEncoding
) -> ASGIResponse:
    """Say the server is up, and which modules and content versions it serves."""
    return serve(pages, "/healthz", Style(), if_none_match, accept_encoding)


@get(
    OPENAPI_PATH,
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
def openapi(
    pages: PagesDep, if_none_match: IfNoneMatch, accept_encoding: AcceptEncoding
) -> ASGIResponse:
    """Get the OpenAPI 3.1 document of this API."""
    return serve(pages, OPENAPI_PATH, Style(), if_none_match, accept_encoding)
