"""``create_app``: the API as a litestar app over modules already loaded and checked."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import msgspec
from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.types import ControllerRouterHandler, Message, Scope

from coprod_content.api import openapi, problems, root, v1, versions
from coprod_content.api.history import add_history
from coprod_content.api.pages import Headers, Page, Pages
from coprod_content.api.params import check_query
from coprod_content.catalog import Version
from coprod_content.model import Module


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """How an app serves its content."""

    cors_origin: str = "*"
    """``Access-Control-Allow-Origin`` on every response; ``""`` sends no CORS headers."""
    max_body_bytes: int = 1024
    """Request bodies larger than this are answered with 413."""


class Published:
    """What an app serves: its pages, and the headers added to every response."""

    def __init__(self, pages: Pages, headers: Headers, preflight: Headers) -> None:
        self.pages, self.headers, self.preflight = pages, headers, preflight


DEFAULT_SETTINGS = Settings()


def create_app(
    modules: Sequence[Module],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    history: Mapping[str, Sequence[Version]] | None = None,
) -> Litestar:
    """The API over ``modules``; every response is encoded here, before serving.

    Args:
        history: every released version of each module (see ``catalog``), served under
            ``/v1/modules/{module_id}/versions``; without it, no versions are published.
    """
    pages = Pages(modules)
    if history is not None:
        add_history(pages, history)
    provide = Provide(lambda: pages, use_cache=True, sync_to_thread=False)
    pages.add(Page(root.OPENAPI_PATH, openapi_document()), ())
    published = Published(pages, *edge_headers(settings))
    return Litestar(
        _handlers(),
        dependencies={"pages": provide},
        before_request=check_query,
        before_send=[_add_headers(published)],
        exception_handlers=problems.HANDLERS,
        request_max_body_size=settings.max_body_bytes,
        openapi_config=None,
        logging_config=None,
        state=State({"published": published}),
    )


def published(app: Litestar) -> Published:
    """What ``app`` (made by ``create_app``) serves."""
    found = app.state["published"]
    assert isinstance(found, Published)
    return found


@functools.cache
def openapi_document() -> bytes:
    """The OpenAPI document, encoded: the same for every app, as routes do not vary."""
    placeholder = Provide(_no_pages, sync_to_thread=False)
    return msgspec.json.format(msgspec.json.encode(openapi.document(_handlers(), placeholder)))


def _no_pages() -> Pages:
    raise AssertionError("the OpenAPI document's app serves no requests")


def _handlers() -> list[ControllerRouterHandler]:
    return [v1.router(versions.HANDLERS), root.healthz, root.openapi]


def edge_headers(settings: Settings) -> tuple[Headers, Headers]:
    """Headers for every response, and for CORS preflight (OPTIONS) responses."""
    always: Headers = (("x-content-type-options", "nosniff"),)
    if not settings.cors_origin:
        return always, always
    always += (
        ("access-control-allow-origin", settings.cors_origin),
        ("access-control-expose-headers", "ETag, Content-Version"),
    )
    preflight = always + (
        ("access-control-allow-methods", "GET, POST, OPTIONS"),
        ("access-control-allow-headers", "Content-Type, If-None-Match"),
        ("access-control-max-age", "86400"),
    )
    return always, preflight


def _add_headers(served: Published) -> Callable[[Message, Scope], Any]:
    def encode(headers: Headers) -> list[tuple[bytes, bytes]]:
        return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]

    always, preflight = encode(served.headers), encode(served.preflight)

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            extra = preflight if scope.get("method") == "OPTIONS" else always
            message["headers"] = [*message.get("headers", ()), *extra]

    return add_headers
