"""Routes of released versions in API v1: ``/v1/modules/{module_id}/versions/...``.

The same routes as the latest (the module, sections, pyramid, activities, quiz, and
checking an answer), under a version's path; ``.../versions`` lists the versions and
``.../changes?since=`` says what changed between two. Pages come from ``history``. An
unknown version is a 404 problem; a version that no longer loads is listed with its
problems, and asking for its content is a 404 that says so.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.openapi import ResponseSpec
from litestar.params import PathParameter, QueryParameter
from litestar.response.base import ASGIResponse

from coprod_content.api import wire as w
from coprod_content.api.convert import Style, module_href
from coprod_content.api.history import lacks, released
from coprod_content.api.pages import JSON
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
from coprod_content.api.respond import responses, serve
from coprod_content.api.v1 import decode_check, quiz_item
from coprod_content.diagnostics import NotFound

VersionId = Annotated[str, PathParameter(description="A released version, e.g. 1.1.0.")]
Since = Annotated[
    str,
    QueryParameter(
        name="since",
        description="The version to compare with, e.g. the one a learner last studied.",
    ),
]


@get(
    "/modules/{module_id:str}/versions",
    sync_to_thread=False,
    opt=takes(),
    responses=responses(w.VersionList, errors=(400, 404)),
)
def list_versions(
    pages: PagesDep,
    module_id: ModuleId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
) -> ASGIResponse:
    """List a module's released versions, newest first: date, note, credit, tag, problems."""
    path = f"{module_href(module_id)}/versions"
    if pages.at(path, ()) is None:
        pages.module(module_id)  # NotFound for a module that does not exist at all
        raise NotFound(f"this server publishes no released versions of module {module_id!r}")
    return serve(pages, path, Style(), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}",
    sync_to_thread=False,
    opt=takes("answers", "richtext"),
    responses=responses(w.ModuleDetail, errors=(400, 404)),
)
def get_version(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get a released version of a module, whole (as GET /v1/modules/{module_id} does)."""
    _, base = released(pages, module_id, version)
    return serve(pages, base, Style(richtext, answers), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}/sections",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.SectionList, errors=(400, 404)),
)
def list_version_sections(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """List the sections of a released version of a module."""
    _, base = released(pages, module_id, version)
    return serve(pages, f"{base}/sections", Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}/sections/{section_id:str}",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.SectionDetail, errors=(400, 404)),
)
def get_version_section(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    section_id: SectionId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one section of a released version of a module."""
    module, base = released(pages, module_id, version)
    if section_id not in {s.id for s in module.sections}:
        raise lacks(module, base, "section", section_id, "sections")
    path = f"{base}/sections/{section_id}"
    return serve(pages, path, Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}/pyramid",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.PyramidDetail, errors=(400, 404)),
)
def get_version_pyramid(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get the pyramid of a released version of a module."""
    _, base = released(pages, module_id, version)
    return serve(pages, f"{base}/pyramid", Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}/activities",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.ActivityList, errors=(400, 404)),
)
def list_version_activities(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """List the activities of a released version of a module."""
    _, base = released(pages, module_id, version)
    return serve(pages, f"{base}/activities", Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}/activities/{activity_id:str}",
    sync_to_thread=False,
    opt=takes("richtext"),
    responses=responses(w.ActivityDetail, errors=(400, 404)),
)
def get_version_activity(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    activity_id: ActivityId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one activity of a released version of a module."""
    module, base = released(pages, module_id, version)
    if activity_id not in {a.id for a in module.activities}:
        raise lacks(module, base, "activity", activity_id, "activities")
    path = f"{base}/activities/{activity_id}"
    return serve(pages, path, Style(richtext), if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}/quiz",
    sync_to_thread=False,
    opt=takes("answers", "richtext"),
    responses=responses(w.QuizDetail, errors=(400, 404)),
)
def get_version_quiz(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get the quiz of a released version of a module."""
    _, base = released(pages, module_id, version)
    style = Style(richtext, answers)
    return serve(pages, f"{base}/quiz", style, if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}/quiz/{item_id:str}",
    sync_to_thread=False,
    opt=takes("answers", "richtext"),
    responses=responses(w.QuizItemDetail, errors=(400, 404)),
)
def get_version_quiz_item(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    item_id: ItemId,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
    answers: Answers = True,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Get one quiz item of a released version of a module."""
    module, base = released(pages, module_id, version)
    if item_id not in {i.id for i in module.quiz.items}:
        raise lacks(module, base, "quiz item", item_id, "quiz")
    style = Style(richtext, answers)
    return serve(pages, f"{base}/quiz/{item_id}", style, if_none_match, accept_encoding)


@get(
    "/modules/{module_id:str}/versions/{version:str}/changes",
    sync_to_thread=False,
    opt=takes("since"),
    responses=responses(w.ChangeList, errors=(400, 404)),
)
def get_changes(
    pages: PagesDep,
    module_id: ModuleId,
    version: VersionId,
    since: Since,
    if_none_match: IfNoneMatch,
    accept_encoding: AcceptEncoding,
) -> ASGIResponse:
    """List what changed in a released version since another: sections added, removed or
    reworded (with a word-level diff), quiz items added or removed, answers flipped,
    explanations reworded, links changed."""
    _, base = released(pages, module_id, version)
    released(pages, module_id, since)
    page = pages.at(f"{base}/changes", (("since", since),))
    assert page is not None  # every pair of versions that load has its page
    reply = page.reply(if_none_match, accept_encoding)
    return ASGIResponse(body=reply.body, status_code=reply.status, headers=reply.headers)


@post(
    "/modules/{module_id:str}/versions/{version:str}/quiz/{item_id:str}/check",
    status_code=200,
    opt=takes("richtext"),
    responses={
        200: ResponseSpec(
            w.CheckResult,
            description="Whether the answer is right in that version, and why.",
            generate_examples=False,
        ),
        **responses(None, errors=(400, 404, 413, 415, 422)),
    },
)
async def check_version_answer(
    pages: PagesDep,
    request: Request[Any, Any, Any],
    module_id: ModuleId,
    version: VersionId,
    item_id: ItemId,
    richtext: RichText = "tree",
) -> ASGIResponse:
    """Check an answer to a quiz item of a released version, as for the latest version."""
    module, base = released(pages, module_id, version)
    item = quiz_item(module, item_id)
    if item is None:
        raise lacks(module, base, "quiz item", item_id, "quiz")
    answer = decode_check(await request.body(), request.headers.get("content-type"), item)
    body = pages.check(module.id, item_id, answer, richtext, base)
    headers = (
        ("content-type", JSON),
        ("content-length", str(len(body))),
        ("cache-control", "no-store"),
        ("content-version", module.version),
    )
    return ASGIResponse(body=body, headers=headers)


HANDLERS = [
    list_versions,
    get_version,
    list_version_sections,
    get_version_section,
    get_version_pyramid,
    list_version_activities,
    get_version_activity,
    get_version_quiz,
    get_version_quiz_item,
    check_version_answer,
    get_changes,
]
"""The routes of released versions, for the ``/v1`` router."""
