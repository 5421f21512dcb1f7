"""The OpenAPI 3.1 document: litestar's paths and operations, msgspec's schemas.

litestar documents each route from its handler (parameters, responses, docstring);
the component schemas come from ``msgspec.json.schema_components``, which knows the
wire Structs' tags and constraints exactly. Cache headers, the 304 replies and the
check request body are filled in here, the only place that edits the document.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import msgspec
from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.types import ControllerRouterHandler

from coprod_content.api import wire as w
from coprod_content.api.problems import Problem

TITLE = "coprod-content API"
DESCRIPTION = """\
Typed, cacheable JSON for the "Collaboration and co-production" training module.

* Every GET response has a strong `ETag`; send it back in `If-None-Match` to get a `304`.
  Responses are gzip-compressed when `Accept-Encoding` allows it.
* Module-scoped responses state their content version in the `Content-Version` header
  and in the body (`version`, or `module.version`).
* Rich text is a typed inline tree; add `?richtext=html` for HTML strings instead.
* `?answers=false` leaves quiz answers out; check answers with
  `POST /v1/modules/{module_id}/quiz/{item_id}/check`.
* Errors are RFC 9457 `application/problem+json`, naming the parameter or field at fault.
  Unknown query parameters are rejected.
* `/v1/modules/{module_id}` is the latest release. Every released version is listed at
  `/v1/modules/{module_id}/versions` (date, note, credit) and served with the same routes
  under `/v1/modules/{module_id}/versions/{version}`; `.../changes?since={old}` lists what
  changed, matched by stable ids, reworded text with a word-level diff.
"""
RESPONSE_TYPES: tuple[type[msgspec.Struct], ...] = (
    w.ModuleList,
    w.ModuleDetail,
    w.SectionList,
    w.SectionDetail,
    w.PyramidDetail,
    w.ActivityList,
    w.ActivityDetail,
    w.QuizDetail,
    w.QuizItemDetail,
    w.CheckRequest,
    w.CheckResult,
    w.Health,
    w.VersionList,
    w.ChangeList,
    Problem,
)
_REF = "#/components/schemas/{name}"
_HEADER_DOCS = {
    "ETag": "Strong validator computed from the body's bytes.",
    "Cache-Control": "How long caches may reuse the response before revalidating.",
    "Vary": "accept-encoding, when a compressed form exists.",
    "Content-Version": "The module's content version (semantic version).",
}


def document(handlers: Sequence[ControllerRouterHandler], pages: Provide) -> dict[str, Any]:
    """The OpenAPI document of an app made of ``handlers``."""
    config = OpenAPIConfig(
        title=TITLE,
        version="1",
        description=DESCRIPTION,
        path="/_unserved",
        use_handler_docstrings=True,
        operation_id_creator=lambda handler, method, parts: handler.handler_name,
    )
    shadow = Litestar(
        handlers, dependencies={"pages": pages}, openapi_config=config, logging_config=None
    )
    spec = shadow.openapi_schema.to_schema()
    _, schemas = msgspec.json.schema_components(RESPONSE_TYPES, ref_template=_REF)
    spec["components"] = {"schemas": dict(sorted(schemas.items()))}
    for path, method, operation in _operations(spec):
        _finish(path, method, operation)
    _check_refs(spec, schemas)
    return spec


def _operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _finish(path: str, method: str, operation: dict[str, Any]) -> None:
    scoped = path.startswith("/v1/modules/{module_id}")
    for parameter in operation.get("parameters", ()):
        if parameter["in"] == "header":
            parameter["schema"] = {"type": "string"}
    ok = operation["responses"]["200"]
    if method == "get":
        names = ["ETag", "Cache-Control", "Vary"] + (["Content-Version"] if scoped else [])
        ok["headers"] = _headers(names)
        operation["responses"]["304"]["headers"] = _headers(names)
    else:
        ok["headers"] = _headers(["Cache-Control", "Content-Version"])
        operation["requestBody"] = {
            "required": True,
            "description": 'The answer to check: {"answer": true} or {"answer": false} for a '
            'true-false item, {"answer": "<choice id>"} for a single-choice item, '
            '{"answer": ["<choice id>", ...]} for a multiple-response item.',
            "content": {"application/json": {"schema": {"$ref": _REF.format(name="CheckRequest")}}},
        }


def _headers(names: Sequence[str]) -> dict[str, Any]:
    return {
        name: {"description": _HEADER_DOCS[name], "schema": {"type": "string"}} for name in names
    }


def _check_refs(value: Any, schemas: Mapping[str, Any]) -> None:
    """Fail loudly if litestar named a schema that msgspec did not generate."""
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.removeprefix(_REF.format(name="")) not in schemas:
            raise AssertionError(f"OpenAPI refers to {ref}, which has no schema")
        for item in value.values():
            _check_refs(item, schemas)
    elif isinstance(value, list):
        for item in value:
            _check_refs(item, schemas)
