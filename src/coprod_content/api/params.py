"""Request parameters shared by every API version, and the check that rejects the rest.

Each route lists the query parameters it takes (``takes``); ``check_query`` runs
before any handler and answers 400, naming the parameter, for a parameter the route
does not take, one given twice, or a value outside its allowed set.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal

from litestar import Request
from litestar.di import NamedDependency
from litestar.params import HeaderParameter, PathParameter, QueryParameter

from coprod_content.api.pages import Pages
from coprod_content.api.problems import FieldError, RequestProblem

PagesDep = NamedDependency[Pages]
"""The app's pre-encoded pages, provided by ``create_app``."""

ALLOWED: dict[str, tuple[str, ...]] = {
    "answers": ("true", "false"),
    "richtext": ("tree", "html"),
    "since": (),  # any value: a version, checked by its route
}
"""Every query parameter of the API and its allowed values, the default first (none: any)."""

ModuleId = Annotated[str, PathParameter(description="A module's id, e.g. coproduction.")]
SectionId = Annotated[str, PathParameter(description="A section's id within the module.")]
ActivityId = Annotated[str, PathParameter(description="An activity's id within the module.")]
ItemId = Annotated[str, PathParameter(description="A quiz item's id within the module.")]

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
AcceptEncoding = Annotated[
    str | None, HeaderParameter(name="Accept-Encoding", required=False, include_in_schema=False)
]


def takes(*names: str) -> dict[str, Any]:
    """Route ``opt`` saying which query parameters the route takes."""
    return {"query": names}


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
    if errors:
        errors.sort(key=lambda e: e.name)
        summary = "; ".join(f"query parameter {e.name!r}: {e.detail}" for e in errors)
        raise RequestProblem(400, summary, errors)
