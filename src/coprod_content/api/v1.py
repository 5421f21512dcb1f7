"""API v1: every route under ``/v1``. A ``/v2`` is a new module beside this one.

GET handlers only choose a pre-encoded ``Page`` (see ``pages``) and the reply the
request headers call for; nothing is encoded per request.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from litestar import Request, Router, get, post
from litestar.openapi import ResponseSpec
from litestar.response.base import ASGIResponse
from litestar.types import ControllerRouterHandler

from coprod_content import quiz
from coprod_content.api import wire as w
from coprod_content.api.convert import Style, module_href
from coprod_content.api.pages import JSON, missing
from coprod_content.api.params import (
    AcceptEncoding,
    ActivityId,
    Answers,
    IfNoneMatch,
    ItemId,
    ModuleId,
    PagesDep,
    RichText,
    SectionId,
    takes,
)
from coprod_content.api.problems import FieldError, RequestProblem
from coprod_content.api.respond import NOT_MODIFIED, responses, serve
from coprod_content.model import Module, QuizItem


@get(
    "/modules", sync_to_thread=False, opt=takes(), responses=responses(w.ModuleList, errors=(400,))
)
def list_modules(
    pages: PagesDep, if_none_match: IfNoneMatch, accept_encoding: AcceptEncoding
) -> ASGIResponse:
    """List the modules: id, title, content version, language, description, links."""
    return serve(pages, "/v1/modules", Style(), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}",
    sync_to_thread=False,
    opt=takes("answers", "richtext"),
    responses=responses(w.ModuleDetail, errors=(400, 404)),
)
def get_module(
    pages: PagesDep,
    module_id: ModuleId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get a whole module: sections, pyramid, activities, quiz and resources."""
    module = pages.module(module_id)
    style = Style(richtext, answers)
    return serve(pages, module_href(module.id), style, if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/sections",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.SectionList, errors=(400, 404)),
)
def list_sections(
    pages: PagesDep,
    module_id: ModuleId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """List a module's sections, in reading order, with their blocks."""
    module = pages.module(module_id)
    path = f"{module_href(module.id)}/sections"
    return serve(pages, path, Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/sections/{section_id:str}",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.SectionDetail, errors=(400, 404)),
)
def get_section(
    pages: PagesDep,
    module_id: ModuleId,
    section_id: SectionId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one section of a module."""
    module = pages.module(module_id)
    if section_id not in {s.id for s in module.sections}:
        raise missing(module, "section", section_id, "sections")
    path = f"{module_href(module.id)}/sections/{section_id}"
    return serve(pages, path, Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/pyramid",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.PyramidDetail, errors=(400, 404)),
)
def get_pyramid(
    pages: PagesDep,
    module_id: ModuleId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get a module's pyramid of collaboration, level 1 (the base) first."""
    module = pages.module(module_id)
    path = f"{module_href(module.id)}/pyramid"
    return serve(pages, path, Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/activities",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.ActivityList, errors=(400, 404)),
)
def list_activities(
    pages: PagesDep,
    module_id: ModuleId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """List a module's activities with their steps."""
    module = pages.module(module_id)
    path = f"{module_href(module.id)}/activities"
    return serve(pages, path, Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/activities/{activity_id:str}",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.ActivityDetail, errors=(400, 404)),
)
def get_activity(
    pages: PagesDep,
    module_id: ModuleId,
    activity_id: ActivityId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one activity of a module."""
    module = pages.module(module_id)
    if activity_id not in {a.id for a in module.activities}:
        raise missing(module, "activity", activity_id, "activities")
    path = f"{module_href(module.id)}/activities/{activity_id}"
    return serve(pages, path, Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/quiz",
    sync_to_thread=False,
    opt=takes("answers", "richtext"),
    responses=responses(w.QuizDetail, errors=(400, 404)),
)
def get_quiz(
    pages: PagesDep,
    module_id: ModuleId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get a module's quiz; with answers=false, without answers and explanations."""
    module = pages.module(module_id)
    path = f"{module_href(module.id)}/quiz"
    return serve(pages, path, Style(richtext, answers), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/quiz/{item_id:str}",
    sync_to_thread=False,
    opt=takes("answers", "richtext"),
    responses=responses(w.QuizItemDetail, errors=(400, 404)),
)
def get_quiz_item(
    pages: PagesDep,
    module_id: ModuleId,
    item_id: ItemId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one quiz item; with answers=false, without its answer and explanation."""
    module = pages.module(module_id)
    if item_id not in {i.id for i in module.quiz.items}:
        raise missing(module, "quiz item", item_id, "quiz")
    path = f"{module_href(module.id)}/quiz/{item_id}"
    return serve(pages, path, Style(richtext, answers), if_none_match, accept_encoding)


@post(
    "/modules/{module_id:str}/quiz/{item_id:str}/check",
    status_code=200,
    opt=takes("richtext"),
    responses={
        200: ResponseSpec(
            w.CheckResult,
            description="Whether the answer is right, and why.",
            generate_examples=False,
        ),
        **responses(None, errors=(400, 404, 413, 415, 422)),
    },
)
async def check_answer(
    pages: PagesDep,
    request: Request[Any, Any, Any],
    module_id: ModuleId,
    item_id: ItemId,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Check an answer to a quiz item: {"answer": true|false} for a true-false item,
    {"answer": "<choice id>"} for a single-choice item, {"answer": ["<choice id>", ...]}
    for a multiple-response item."""
    module = pages.module(module_id)
    item = quiz_item(module, item_id)
    if item is None:
        raise missing(module, "quiz item", item_id, "quiz")
    answer = decode_check(await request.body(), request.headers.get("content-type"), item)
    body = pages.check(module.id, item_id, answer, richtext)
    headers = (
        ("content-type", JSON),
        ("content-length", str(len(body))),
        ("cache-control", "no-store"),
        ("content-version", module.version),
    )
    return ASGIResponse(body=body, headers=headers)


def quiz_item(module: Module, item_id: str) -> QuizItem | None:
    """The module's quiz item with this id, if there is one."""
    return next((i for i in module.quiz.items if i.id == item_id), None)


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


@get(
    "/schema/module.json",
    sync_to_thread=False,
    opt=takes(),
    media_type="application/schema+json",
    responses={
        200: ResponseSpec(
            dict[str, Any],
            media_type="application/schema+json",
            description="JSON Schema (2020-12) of the authored content model.",
            generate_examples=False,
        ),
        304: NOT_MODIFIED,
        **responses(None, errors=(400,)),
    },
)
def module_schema(
    pages: PagesDep, if_none_match: IfNoneMatch, accept_encoding: AcceptEncoding
) -> ASGIResponse:
    """Get the JSON Schema of the content model (what `coprod schema` prints)."""
    return serve(pages, "/v1/schema/module.json", Style(), if_none_match, accept_encoding)


def router(extra: Sequence[ControllerRouterHandler] = ()) -> Router:
    """A fresh ``/v1`` router (litestar routers belong to one app), with ``extra`` routes."""
    return Router(
        "/v1",
        tags=["v1"],
        route_handlers=[
            list_modules,
            get_module,
            list_sections,
            get_section,
            get_pyramid,
            list_activities,
            get_activity,
            get_quiz,
            get_quiz_item,
            check_answer,
            module_schema,
            *extra,
        ],
    )
