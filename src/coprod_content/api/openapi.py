"""The OpenAPI 3.1 document: litestar's paths and operations, named components for the rest.

litestar documents each route from its handler (parameters, responses, docstring); the
schemas come from ``schemas.components`` (msgspec's, with named aliases). Cache headers,
the 304 replies, HEAD (no body), the check request body and operation ids are filled in
here, the only place that edits the document; then every parameter, header and response
is named once in ``components`` and referred to from each operation, so the routes
mounted twice (the latest and each released version) cost a few lines each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import msgspec
from litestar import Litestar
from litestar.di import Provide
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.types import ControllerRouterHandler, Method

from coprod_content.api import schemas
from coprod_content.api import wire as w
from coprod_content.api.problems import KINDS, type_uri

TITLE = "coprod-content API"
DESCRIPTION = """\
Typed, cacheable JSON for the "Collaboration and co-production" training module.

* Every GET route also answers HEAD (the same headers, no body). Every GET response has a
  strong `ETag`; send it back in `If-None-Match` to get a `304`. Responses are
  gzip-compressed when `Accept-Encoding` allows it.
* Module-scoped responses state their content version in the `Content-Version` header
  and in the body (`version`, or `module.version`), and their language in
  `Content-Language`.
* Rich text is a typed inline tree (`RichTextTree`); add `?richtext=html` for HTML strings
  (`RichTextHtml`) instead.
* `?answers=false` leaves quiz answers out; check answers with
  `POST /v1/modules/{module_id}/quiz/{item_id}/check` (on `coprod serve` only).
* Every page also has a path form that needs no query string, answered here and by a
  static host serving `coprod build --target api`: the path, `.name-value` for each
  parameter that is not the default (in name order), then `.json`, e.g.
  `/v1/modules/coproduction/quiz.answers-false.richtext-html.json`. Hrefs in responses are
  path forms, and keep the representation of the response they appear in.
* Errors are RFC 9457 `application/problem+json`, naming the parameter or field at fault.
  Unknown query parameters are rejected. Each kind of problem has its own `type`:
{problems}
* `/v1/modules/{module_id}` is the latest release. Every released version is listed at
  `/v1/modules/{module_id}/versions` (date, note, credit) and served with the same routes
  under `/v1/modules/{module_id}/versions/{version}`; `.../changes?since={old}` lists
  what changed, matched by stable ids, reworded text with a word-level diff; its quiz texts
  are rich text like any other (`richtext=html` too).
* Each response, and a quiz item of each kind, has a JSON Schema of its own at
  `/v1/schema/<name>`: {documents}.
  `/v1/schema/module.json` is the authored content model, for editors of content files.
"""
_REF = "#/components/schemas/{name}"
_HEADER_DOCS = {
    "ETag": "Strong validator computed from the body's bytes.",
    "Cache-Control": "How long caches may reuse the response before revalidating.",
    "Vary": "accept-encoding, when a compressed form exists; Origin, when CORS echoes origins.",
    "Content-Version": "The module's content version (semantic version).",
    "Content-Language": "The language of the module's text (BCP 47).",
    "Allow": "The methods the route takes.",
}
_ERROR_NAMES = {
    400: "BadRequest",
    404: "NotFound",
    405: "MethodNotAllowed",
    413: "ContentTooLarge",
    415: "UnsupportedMediaType",
    422: "UnprocessableContent",
}
_DOCUMENT_SCHEMAS = {
    "JsonSchemaDocument": {"type": "object", "description": "A JSON Schema (2020-12) document."},
    "OpenApiDocument": {"type": "object", "description": "An OpenAPI 3.1 document."},
}


def document(handlers: Sequence[ControllerRouterHandler], pages: Provide) -> dict[str, Any]:
    """The OpenAPI document of an app made of ``handlers``."""
    config = OpenAPIConfig(
        title=TITLE,
        version="1",
        description=_description(),
        path="/_unserved",
        use_handler_docstrings=True,
        operation_id_creator=_operation_id,
    )
    shadow = Litestar(
        handlers, dependencies={"pages": pages}, openapi_config=config, logging_config=None
    )
    spec = shadow.openapi_schema.to_schema()
    found = schemas.components(_REF)
    spec["components"] = {"schemas": {**found, **_DOCUMENT_SCHEMAS}}
    for path, method, operation in _operations(spec):
        _finish(path, method, operation)
    _share(spec)
    _check_refs(spec)
    return spec


def _description() -> str:
    problems = "\n".join(
        f"  * `{type_uri(kind)}` ({status}): {meaning}" for kind, (status, meaning) in KINDS.items()
    )
    documents = ", ".join(f"`{name}`" for name in schemas.documents())
    return DESCRIPTION.replace("{problems}", problems).replace("{documents}", documents)


def _operation_id(handler: HTTPRouteHandler, method: Method, parts: Sequence[Any]) -> str:
    """``get_section``; ``get_version_section`` under a released version; HEAD ``head_...``."""
    name = handler.handler_name
    if any(getattr(part, "name", None) == "version" for part in parts):
        verb, _, rest = name.partition("_")
        name = "get_version" if name == "get_module" else f"{verb}_version_{rest}"
    if method == "HEAD":
        name = "head_" + re.sub(r"^(get|list)_", "", name)
    return name


def _operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _finish(path: str, method: str, operation: dict[str, Any]) -> None:
    operation.pop("deprecated", None)
    operation["summary"] = operation["description"].split("\n")[0].rstrip(".")
    for parameter in operation.get("parameters", ()):
        parameter.pop("deprecated", None)
        if parameter["in"] == "header":
            parameter["schema"] = {"type": "string"}
    responses = operation["responses"]
    names = ["ETag", "Cache-Control", "Vary"]
    if path.startswith("/v1/modules"):
        names += ["Content-Language"]
    if path.startswith("/v1/modules/{module_id}"):
        names += ["Content-Version"]
    if path.startswith("/v1/schema/") or path == "/schema/openapi.json":
        name = "OpenApiDocument" if path.endswith("openapi.json") else "JsonSchemaDocument"
        for content in responses["200"]["content"].values():
            content["schema"] = {"$ref": _REF.format(name=name)}
    if method in ("get", "head"):
        responses["200"]["headers"] = _headers(names)
        responses["304"]["headers"] = _headers(names)
    else:
        responses["200"]["headers"] = _headers(
            ["Cache-Control", "Content-Version", "Content-Language"]
        )
        operation["requestBody"] = _check_body()


def _check_body() -> dict[str, Any]:
    """The body of the only operation that takes one: checking an answer (POST .../check)."""
    return {
        "required": True,
        "description": f'The learner\'s answer, {{"answer": ...}}: {w.ANSWER_FORMS}',
        "content": {
            "application/json": {
                "schema": {"$ref": _REF.format(name="CheckRequest")},
                "examples": {
                    kind: {
                        "summary": f"An answer to a {kind} item",
                        "value": msgspec.to_builtins(example),
                    }
                    for kind, example in w.CHECK_EXAMPLES.items()
                },
            }
        },
    }


def _headers(names: Sequence[str]) -> dict[str, Any]:
    return {
        name: {"description": _HEADER_DOCS[name], "schema": {"type": "string"}} for name in names
    }


def _share(spec: dict[str, Any]) -> None:
    """Name every parameter, header and response once in ``components``; refer to them."""
    components = spec["components"]
    parameters: dict[str, Any] = {}
    headers: dict[str, Any] = {}
    responses: dict[str, Any] = {}

    def put(table: dict[str, Any], name: str, value: Any, kind: str) -> dict[str, str]:
        known = table.setdefault(name, value)
        assert known == value, f"two different {kind} named {name}: {known} != {value}"
        return {"$ref": f"#/components/{kind}/{name}"}

    for path, method, operation in _operations(spec):
        operation["parameters"] = [
            put(parameters, _camel(p["name"]), p, "parameters")
            for p in operation.get("parameters", ())
        ]
        for status, response in operation["responses"].items():
            response["headers"] = {
                name: put(headers, name.replace("-", ""), header, "headers")
                for name, header in response.get("headers", {}).items()
            }
            if not response["headers"]:
                del response["headers"]
            name = _response_name(path, int(status), method, response)
            if method == "head":
                response.pop("content", None)
            operation["responses"][status] = put(responses, name, response, "responses")
    components["parameters"] = dict(sorted(parameters.items()))
    components["headers"] = dict(sorted(headers.items()))
    components["responses"] = dict(sorted(responses.items()))


def _response_name(path: str, status: int, method: str, response: Mapping[str, Any]) -> str:
    """``ModuleDetail``, ``ModuleDetailHead``, ``NotFound``, ``NotFoundHead``, ``NotModified``."""
    head = "Head" if method == "head" else ""
    if status == 304:
        if path.startswith("/v1/modules/{module_id}"):
            return "NotModified"
        return "ModuleListNotModified" if path == "/v1/modules" else "DocumentNotModified"
    if status in _ERROR_NAMES:
        return _ERROR_NAMES[status] + head
    ((media, content),) = response["content"].items()
    if media.startswith("image/"):
        return "ImageFile" + head  # the file's bytes: no schema to name
    return str(content["schema"]["$ref"]).rsplit("/", 1)[1] + head


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]", name))


def _check_refs(spec: dict[str, Any]) -> None:
    """Fail loudly if the document refers to a component it does not define."""
    components = spec["components"]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                _, _, kind, name = ref.split("/")
                if name not in components.get(kind, {}):
                    raise AssertionError(f"OpenAPI refers to {ref}, which is not defined")
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(spec)
