"""API v1: every route under ``/v1``. A ``/v2`` is a new module beside this one.

The content routes (the module, sections, pyramid, activities, quiz, resources, and
checking an answer) are declared once, in ``CONTENT``, and mounted twice: under
``/modules/{module_id}`` for the latest release and under
``/modules/{module_id}/versions/{version}`` for each released version (the ``where``
dependency tells them apart). Every GET route also answers HEAD. GET handlers only
choose a pre-encoded ``Page`` (see ``pages``) and the reply the request headers call
for; nothing is encoded per request.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import HttpMethod, Router, post, route
from litestar.di import NamedDependency, Provide
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.response.base import ASGIResponse
from litestar.types import ControllerRouterHandler

from coprod_content import quiz
from coprod_content.api import wire as w
from coprod_content.api.pages import JSON
from coprod_content.api.params import (
    ActivityId,
    Answers,
    IfNoneMatch,
    ImageName,
    ItemId,
    ModuleId,
    PagesDep,
    ResourceId,
    RichText,
    SchemaName,
    SectionId,
    Since,
    takes,
)
from coprod_content.api.problems import FieldError, RequestProblem
from coprod_content.api.respond import (
    NOT_MODIFIED,
    Req,
    Where,
    latest,
    missing,
    released,
    responses,
    serve,
)
from coprod_content.api.urls import (
    BOTH,
    MODULES,
    RICH,
    Style,
    changes_query,
    module_href,
    query,
)
from coprod_content.model import QuizItem

GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]
WhereDep = NamedDependency[Where]
"""The module a content route serves and its path (``respond.latest`` or ``released``)."""


def get(
    path: str, ok: type[msgspec.Struct], *, params: tuple[str, ...] = (), **kwargs: Any
) -> HTTPRouteHandler:
    """A GET (and HEAD) route answering ``ok``, taking the query parameters ``params``."""
    return route(
        path,
        http_method=GET_HEAD,
        sync_to_thread=False,
        opt=kwargs.pop("opt", takes(*params)),
        responses=responses(ok, errors=(400, 404)),
        **kwargs,
    )


# --- content routes, mounted for the latest release and for every released version ---


@get("/", w.ModuleDetail, params=BOTH)
def get_module(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    if_none_match: IfNoneMatch,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get a whole module: sections, pyramid, activities, quiz and resources."""
    return serve(request, pages, where.base, query(Style(richtext, answers), BOTH))


@get("/sections", w.SectionList, params=RICH)
def list_sections(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    if_none_match: IfNoneMatch,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """List a module's sections, in reading order, with their blocks."""
    return serve(request, pages, f"{where.base}/sections", query(Style(richtext), RICH))


@get("/sections/{section_id:str}", w.SectionDetail, params=RICH)
def get_section(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    section_id: SectionId,
    if_none_match: IfNoneMatch,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one section of a module."""
    path = f"{where.base}/sections/{section_id}"
    return serve(request, pages, path, query(Style(richtext), RICH))


@get("/pyramid", w.PyramidDetail, params=RICH)
def get_pyramid(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    if_none_match: IfNoneMatch,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get a module's pyramid of collaboration, level 1 (the base) first."""
    return serve(request, pages, f"{where.base}/pyramid", query(Style(richtext), RICH))


@get("/activities", w.ActivityList, params=RICH)
def list_activities(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    if_none_match: IfNoneMatch,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """List a module's activities with their steps."""
    return serve(request, pages, f"{where.base}/activities", query(Style(richtext), RICH))


@get("/activities/{activity_id:str}", w.ActivityDetail, params=RICH)
def get_activity(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    activity_id: ActivityId,
    if_none_match: IfNoneMatch,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one activity of a module."""
    path = f"{where.base}/activities/{activity_id}"
    return serve(request, pages, path, query(Style(richtext), RICH))


@get("/quiz", w.QuizDetail, params=BOTH)
def get_quiz(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    if_none_match: IfNoneMatch,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get a module's quiz; with answers=false, without answers and explanations."""
    path = f"{where.base}/quiz"
    return serve(request, pages, path, query(Style(richtext, answers), BOTH))


@get("/quiz/{item_id:str}", w.QuizItemDetail, params=BOTH)
def get_quiz_item(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    item_id: ItemId,
    if_none_match: IfNoneMatch,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one quiz item; with answers=false, without its answer and explanation."""
    path = f"{where.base}/quiz/{item_id}"
    return serve(request, pages, path, query(Style(richtext, answers), BOTH))


@get("/resources", w.ResourceList, params=RICH)
def list_resources(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    if_none_match: IfNoneMatch,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """List a module's further resources: links out, each with a description."""
    return serve(request, pages, f"{where.base}/resources", query(Style(richtext), RICH))


@get("/resources/{resource_id:str}", w.ResourceDetail, params=RICH)
def get_resource(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    resource_id: ResourceId,
    if_none_match: IfNoneMatch,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one further resource of a module."""
    path = f"{where.base}/resources/{resource_id}"
    return serve(request, pages, path, query(Style(richtext), RICH))


@route(
    "/images/{image_name:str}",
    http_method=GET_HEAD,
    sync_to_thread=False,
    opt=takes(),
    responses={
        200: ResponseSpec(
            bytes,
            media_type="image/*",
            description="The image file: image/png, image/jpeg, image/svg+xml or image/webp.",
            generate_examples=False,
        ),
        304: NOT_MODIFIED,
        **responses(None, errors=(400, 404)),
    },
)
def get_image(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    image_name: ImageName,
    if_none_match: IfNoneMatch,
) -> ASGIResponse:
    """Get an image file that a module's image block shows (see its href).

    Its name holds a digest of its bytes, so it is cached for a year.
    """
    return serve(request, pages, f"{where.base}/images/{image_name}")


@post(
    "/quiz/{item_id:str}/check",
    status_code=200,
    opt=takes(*RICH),
    responses={
        200: ResponseSpec(
            w.CheckResult,
            description="Whether the answer is right (in that version), and why.",
            generate_examples=False,
        ),
        **responses(None, errors=(400, 404, 413, 415, 422)),
    },
)
async def check_answer(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    item_id: ItemId,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Check an answer to a quiz item.

    The body is {"answer": ...} in the form the item's kind takes (see the request body).
    Only `coprod serve` checks answers; a static host cannot.
    """
    module, base = where
    item = next((i for i in module.quiz.items if i.id == item_id), None)
    if item is None:
        raise missing(request, pages)
    answer = decode_check(await request.body(), request.headers.get("content-type"), item)
    body = pages.check(module.id, item_id, answer, richtext, base)
    headers = (
        ("content-type", JSON),
        ("content-length", str(len(body))),
        ("cache-control", "no-store"),
        ("content-version", module.version),
        ("content-language", module.language),
    )
    return ASGIResponse(body=body, headers=headers)


def decode_check(body: bytes, content_type: str | None, item: QuizItem) -> tuple[str, ...]:
    """The options a check request's body chooses for ``item`` (see ``quiz.read_answer``).

    Raises:
        RequestProblem: 415 unless the body is declared JSON, 400 for an empty or malformed
            body, 422 for JSON of the wrong shape for the item's kind or naming an unknown
            choice, naming the field.
    """
    example = quiz.example(item)
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not (
        media.startswith("application/") and media.endswith("+json")
    ):
        error = FieldError(
            in_="header",
            name="content-type",
            detail=f"expected application/json, got {media or 'none'!r}; {example} "
            "with Content-Type: application/json",
        )
        raise RequestProblem(415, error.detail, [error])
    if not body.strip():
        error = FieldError(in_="body", name="$", detail=f"body is empty; {example}")
        raise RequestProblem(400, error.detail, [error])
    try:
        return quiz.read_answer(item, msgspec.json.decode(body, type=w.CheckRequest).answer)
    except quiz.AnswerError as exc:
        error = FieldError(in_="body", name=f"$.{exc.field}", detail=f"{exc.message}; {example}")
        raise RequestProblem(422, f"body field {error.name}: {error.detail}", [error]) from None
    except msgspec.ValidationError as exc:
        message, at, path = str(exc).rpartition(" - at `")
        name, detail = (path.rstrip("`"), message) if at else ("$", str(exc))
        detail = detail[:1].lower() + detail[1:]
        error = FieldError(in_="body", name=name, detail=f"{detail}; {example}")
        raise RequestProblem(422, f"body field {name}: {error.detail}", [error]) from None
    except msgspec.DecodeError as exc:
        error = FieldError(in_="body", name="$", detail=f"body is not JSON ({exc}); {example}")
        raise RequestProblem(400, error.detail, [error]) from None


CONTENT: list[ControllerRouterHandler] = [
    get_module,
    list_sections,
    get_section,
    get_pyramid,
    list_activities,
    get_activity,
    get_quiz,
    get_quiz_item,
    list_resources,
    get_resource,
    get_image,
    check_answer,
]
"""The content routes, the same for the latest release and for every released version."""


# --- released versions only ---


@get("/changes", w.ChangeList, opt=takes(*RICH, needs=("since",)))
def get_changes(
    request: Req,
    pages: PagesDep,
    where: WhereDep,
    since: Since,
    if_none_match: IfNoneMatch,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """List what changed in a released version since another.

    Parts added, removed, reworded (with a word-level diff) or reordered; quiz items added
    or removed, answers changed, statements, explanations and choices reworded; links and
    settings changed. Quiz texts are rich text, as trees or (richtext=html) HTML.
    """
    canonical = changes_query(Style(richtext), since)
    return serve(request, pages, f"{where.base}/changes", canonical)


# --- routes outside a module ---


@get("/modules", w.ModuleList)
def list_modules(request: Req, pages: PagesDep, if_none_match: IfNoneMatch) -> ASGIResponse:
    """List the modules: id, title, content version, language, description, links."""
    return serve(request, pages, MODULES)


@get("/modules/{module_id:str}/versions", w.VersionList)
def list_versions(
    request: Req, pages: PagesDep, module_id: ModuleId, if_none_match: IfNoneMatch
) -> ASGIResponse:
    """List a module's released versions, newest first: date, note, credit, tag, problems."""
    return serve(request, pages, f"{module_href(module_id)}/versions")


SCHEMA_RESPONSES = {
    200: ResponseSpec(
        dict[str, Any],
        media_type="application/schema+json",
        description="A JSON Schema (2020-12).",
        generate_examples=False,
    ),
    304: NOT_MODIFIED,
    **responses(None, errors=(400, 404)),
}


@route(
    "/schema/module.json",
    http_method=GET_HEAD,
    sync_to_thread=False,
    opt=takes(),
    media_type="application/schema+json",
    responses=SCHEMA_RESPONSES,
)
def module_schema(request: Req, pages: PagesDep, if_none_match: IfNoneMatch) -> ASGIResponse:
    """Get the JSON Schema of the authored content model.

    What `coprod schema` prints, for editors of content files; responses have their own
    schemas beside it.
    """
    return serve(request, pages, "/v1/schema/module.json")


@route(
    "/schema/{schema_name:str}",
    http_method=GET_HEAD,
    sync_to_thread=False,
    opt=takes(),
    media_type="application/schema+json",
    responses=SCHEMA_RESPONSES,
)
def response_schema(
    request: Req, pages: PagesDep, schema_name: SchemaName, if_none_match: IfNoneMatch
) -> ASGIResponse:
    """Get the JSON Schema of a response, or of a quiz item of one kind.

    E.g. module-detail.json for GET /v1/modules/{module_id}, true-false-item.json for a
    true-false quiz item; every one is listed in the OpenAPI document's description.
    """
    return serve(request, pages, f"/v1/schema/{schema_name}")


def router() -> Router:
    """A fresh ``/v1`` router (litestar routers belong to one app)."""
    mounts = [
        Router(
            "/modules/{module_id:str}",
            route_handlers=CONTENT,
            dependencies={"where": Provide(latest, sync_to_thread=False)},
        ),
        Router(
            "/modules/{module_id:str}/versions/{version:str}",
            route_handlers=[*CONTENT, get_changes],
            dependencies={"where": Provide(released, sync_to_thread=False)},
        ),
    ]
    handlers: list[ControllerRouterHandler] = [
        list_modules,
        list_versions,
        module_schema,
        response_schema,
        *mounts,
    ]
    return Router("/v1", tags=["v1"], route_handlers=handlers)
