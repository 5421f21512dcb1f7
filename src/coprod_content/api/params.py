"""Request parameters shared by every API version, and the check that rejects the rest.

Each route lists the query parameters it takes and those it needs (``takes``);
``check_query`` runs before any handler and answers 400, naming each parameter at fault,
for a parameter the route does not take, one given twice, a value outside its allowed
set, or a needed one left out.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal

from litestar import Request
from litestar.di import NamedDependency
from litestar.openapi.spec import Example
from litestar.params import HeaderParameter, PathParameter, QueryParameter

from coprod_content.api.pages import Pages
from coprod_content.api.problems import FieldError, RequestProblem

PagesDep = NamedDependency[Pages]
"""The app's pre-encoded pages, provided by ``create_app``."""

NEEDED = {"since": "give the version to compare with, e.g. since=1.0.0"}
"""What to say when a needed query parameter is left out."""
ALLOWED: dict[str, tuple[str, ...]] = {
    "answers": ("true", "false"),
    "richtext": ("tree", "html"),
    "since": (),  # any value: a version, checked by its route
}
"""Every query parameter of the API and its allowed values, the default first (none: any)."""


def _path(description: str, example: str) -> PathParameter:
    return PathParameter(description=description, examples=[Example(value=example)])


ModuleId = Annotated[str, _path("A module's id, e.g. coproduction.", "coproduction")]
SectionId = Annotated[str, _path("A section's id within the module.", "what-we-mean")]
ActivityId = Annotated[str, _path("An activity's id within the module.", "good-collaboration")]
ItemId = Annotated[str, _path("A quiz item's id within the module.", "feedback-after-design")]
ResourceId = Annotated[
    str, _path("A resource's id within the module.", "think-collaboration-toolkit")
]
ImageName = Annotated[
    str,
    _path(
        "An image file's name as a module's image block gives it in its href: the file's "
        "own name with a digest of its bytes before the extension.",
        "levels.3f2a9c1b07d4.png",
    ),
]
VersionId = Annotated[str, _path("A released version, e.g. 1.1.0.", "1.0.0")]
SchemaName = Annotated[
    str,
    _path(
        "A response's JSON Schema, named for the response, e.g. module-detail.json.",
        "module-detail.json",
    ),
]
Since = Annotated[
    str,
    QueryParameter(
        name="since",
        description="The version to compare with, e.g. the one a learner last studied.",
    ),
]

Answers = Annotated[
    bool,
    QueryParameter(
        name="answers",
        description="false leaves out quiz answers and explanations, for frontends that "
        "check answers with POST .../check.",
    ),
]
RichText = Annotated[
    Literal["tree", "html"],
    QueryParameter(
        name="richtext",
        description="tree (default): rich text as a typed inline tree; html: as an HTML "
        "string, escaped, with only <em>, <strong> and <a href> elements.",
    ),
]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-None-Match",
        required=False,
        description="ETags of copies the client holds; a match is answered with 304.",
    ),
]


def takes(*names: str, needs: tuple[str, ...] = ()) -> dict[str, Any]:
    """Route ``opt`` saying which query parameters the route takes, and which it needs."""
    return {"query": names + needs, "needs": needs}


async def check_query(request: Request[Any, Any, Any]) -> None:
    """Reject query parameters the route does not take, repeats and bad values.

    ``async`` only so that litestar calls it on the event loop, not in a worker thread.

    Raises:
        RequestProblem: 400, with one FieldError per parameter at fault.
    """
    taken: tuple[str, ...] = request.route_handler.opt.get("query", ())
    items = list(request.query_params.multi_items())
    counts = Counter(name for name, _ in items)
    errors: list[FieldError] = []
    for name, value in items:
        if name not in taken:
            takes_ = f"only {', '.join(taken)}" if taken else "no query parameters"
            detail = f"unknown query parameter; this route takes {takes_}"
        elif counts[name] > 1:
            detail = f"given {counts[name]} times; give it once"
        elif ALLOWED[name] and value not in ALLOWED[name]:
            allowed = " or ".join(ALLOWED[name])
            detail = f"expected {allowed}, got {value!r}"
        else:
            continue
        if not any(e.name == name for e in errors):
            errors.append(FieldError(in_="query", name=name, detail=detail))
    for name in request.route_handler.opt.get("needs", ()):
        if name not in counts:
            errors.append(FieldError(in_="query", name=name, detail=f"missing; {NEEDED[name]}"))
    if errors:
        errors.sort(key=lambda e: e.name)
        summary = "; ".join(f"query parameter {e.name!r}: {e.detail}" for e in errors)
        raise RequestProblem(400, summary, errors)
