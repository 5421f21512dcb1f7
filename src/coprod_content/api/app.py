"""``create_app``: the API as a litestar app over modules already loaded and checked."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import msgspec
from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.handlers import HTTPRouteHandler
from litestar.routes import BaseRoute
from litestar.types import ASGIApp, ControllerRouterHandler, Message, Receive, Scope, Send

from coprod_content.api import openapi, problems, root, schemas, v1
from coprod_content.api.cors import Cors, Headers
from coprod_content.api.history import add_history
from coprod_content.api.lookup import Route, Routes
from coprod_content.api.pages import SCHEMA_JSON, EncodedPage, Pages
from coprod_content.api.params import check_query
from coprod_content.history.catalog import ReleasedVersion
from coprod_content.model import Module


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """How an app serves its content."""

    cors_origins: tuple[str, ...] = ("*",)
    """Origins allowed to read responses in a browser: ``("*",)`` any, ``()`` no CORS
    headers; checked by ``cors.parse_origins``."""
    max_body_bytes: int = 1024
    """Request bodies larger than this are answered with 413."""
    header_timeout: float = 10.0
    """Seconds a client has to send a request's headers (see ``protocol``)."""


DEFAULT_SETTINGS = Settings()
NOSNIFF: Headers = (("x-content-type-options", "nosniff"),)


class Published:
    """What an app serves: its pages, its routes, and the headers added to every response."""

    def __init__(self, pages: Pages, routes: Routes, settings: Settings) -> None:
        self.pages, self.routes, self.settings = pages, routes, settings
        self.cors = Cors(settings.cors_origins)

    def edge(self, origin: str | None) -> Headers:
        """Headers added to every response to a request from ``origin``."""
        return NOSNIFF + self.cors.headers(origin)

    def preflight(self, origin: str | None) -> Headers:
        """Headers added to a CORS preflight (OPTIONS) response."""
        return NOSNIFF + self.cors.preflight(origin)


def create_app(
    modules: Sequence[Module],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    history: Mapping[str, Sequence[ReleasedVersion]] | None = None,
) -> Litestar:
    """The API over ``modules``; every response is encoded here, before serving.

    Args:
        history: every released version of each module (see ``catalog``), served under
            ``/v1/modules/{module_id}/versions``; without it, no versions are published.
    """
    pages = Pages(modules, versions=history is not None)
    if history is not None:
        add_history(pages, history)
    pages.add(EncodedPage(root.OPENAPI_PATH, openapi_document()), ())
    for name, body in schemas.documents().items():
        pages.add(EncodedPage(f"/v1/schema/{name}", body, media_type=SCHEMA_JSON), ())
    app = Litestar(
        _handlers(),
        dependencies={"pages": Provide(lambda: pages, use_cache=True, sync_to_thread=False)},
        before_request=check_query,
        exception_handlers=problems.HANDLERS,
        request_max_body_size=settings.max_body_bytes,
        openapi_config=None,
        logging_config=None,
        state=State(),
    )
    routes = Routes(
        Route(route.path, route.methods, any(h.opt.get("needs") for h in _handlers_of(route)))
        for route in app.routes
    )
    served = Published(pages, routes, settings)
    app.state["published"] = served
    app.before_send.append(_add_headers(served))
    app.asgi_handler = _path_forms(app.asgi_handler, pages)
    return app


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
    return [v1.router(), root.healthz, root.openapi]


def _handlers_of(route: BaseRoute) -> list[HTTPRouteHandler]:
    return list(getattr(route, "route_handlers", []))


def origin_of(scope: Scope) -> str | None:
    """The request's ``Origin`` header, if it has one."""
    for name, value in scope.get("headers", ()):
        if name == b"origin":
            return bytes(value).decode("latin-1")
    return None


def _add_headers(served: Published) -> Callable[[Message, Scope], Any]:
    @functools.lru_cache(maxsize=64)
    def encoded(origin: str | None, preflight: bool) -> list[tuple[bytes, bytes]]:
        headers = served.preflight(origin) if preflight else served.edge(origin)
        return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            origin = origin_of(scope)
            if origin is not None and origin not in served.settings.cors_origins:
                origin = None  # keeps the cache to the origins that matter
            extra = encoded(origin, scope.get("method") == "OPTIONS")
            message["headers"] = [*message.get("headers", ()), *extra]

    return add_headers


def _path_forms(app: ASGIApp, pages: Pages) -> ASGIApp:
    """``app`` answering path forms as the query forms they spell.

    A GET or HEAD request without a query string for ``/v1/modules/x/quiz.answers-false.json``
    is answered as ``/v1/modules/x/quiz?answers=false``.
    """

    async def path_forms(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("method") in ("GET", "HEAD"):
            page = pages.forms.get(scope["path"])
            if page is not None and page.form != page.path and not scope.get("query_string"):
                query = "&".join(f"{k}={v}" for k, v in page.query).encode("ascii")
                path = page.path
                scope = {**scope, "path": path, "raw_path": path.encode(), "query_string": query}  # type: ignore[assignment]
        await app(scope, receive, send)

    return path_forms
