"""The OpenAPI 3.1 document covers every route (HEAD included), names every schema,
parameter, header and response once, and every response matches it."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.model import Module
from tests.api.documented import Documented
from tests.api.routes import get_urls

Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def spec(app: Litestar) -> dict[str, Any]:
    with TestClient(app) as client:
        response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    decoded: dict[str, Any] = msgspec.json.decode(response.content)
    return decoded


def template(path: str) -> str:
    """A litestar route path as an OpenAPI path: ``{module_id:str}`` -> ``{module_id}``."""
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", path)


def resolve(spec: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    """``value``, or the component its ``$ref`` names."""
    ref = value.get("$ref")
    if ref is None:
        return value
    _, _, kind, name = ref.split("/")
    found: dict[str, Any] = spec["components"][kind][name]
    return found


def test_is_openapi_3_1_with_a_description(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"] == "coprod-content API"
    assert "If-None-Match" in spec["info"]["description"]


def test_every_route_is_documented_with_its_responses(app: Litestar, spec: dict[str, Any]) -> None:
    served = {
        (template(route.path), method.lower())
        for route in app.routes
        for method in getattr(route, "methods", ())
        if method != "OPTIONS"
    }
    documented = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert served == documented
    gets = {path for path, method in documented if method == "get"}
    assert gets == {path for path, method in documented if method == "head"}
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    for path, method in documented:
        operation = spec["paths"][path][method]
        responses = {k: resolve(spec, v) for k, v in operation["responses"].items()}
        assert "200" in responses and "400" in responses, (path, method)
        assert operation["description"], (path, method)
        if "{" in path:
            assert "404" in responses, path
        if method in ("get", "head"):
            assert "304" in responses
            assert "ETag" in responses["200"]["headers"]
        for status, response in responses.items():
            if method == "head":
                assert "content" not in response, (path, status)
            elif status >= "400":
                assert list(response["content"]) == ["application/problem+json"]
        params = [resolve(spec, p)["name"] for p in operation["parameters"]]
        for name in re.findall(r"\{(\w+)\}", path):
            assert name in params, (path, method, name)


def test_both_mounts_of_the_content_routes_are_documented(spec: dict[str, Any]) -> None:
    latest = {p.removeprefix("/v1/modules/{module_id}") for p in spec["paths"]}
    versioned = {
        p.removeprefix("/v1/modules/{module_id}/versions/{version}")
        for p in spec["paths"]
        if p.startswith("/v1/modules/{module_id}/versions/{version}")
    }
    assert versioned - latest == {"/changes"}
    assert {
        "",
        "/sections",
        "/sections/{section_id}",
        "/pyramid",
        "/activities",
        "/activities/{activity_id}",
        "/quiz",
        "/quiz/{item_id}",
        "/quiz/{item_id}/check",
        "/resources",
        "/resources/{resource_id}",
    } <= versioned
    version = spec["paths"]["/v1/modules/{module_id}/versions/{version}/quiz"]["get"]
    assert version["operationId"] == "get_version_quiz"
    assert "Version" in [p["$ref"].rsplit("/", 1)[1] for p in version["parameters"]]


def test_every_ref_resolves(spec: dict[str, Any]) -> None:
    refs = re.findall(r'"\$ref":"#/components/(\w+)/([^"]+)"', msgspec.json.encode(spec).decode())
    assert refs
    for kind, name in refs:
        assert name in spec["components"][kind], (kind, name)


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "components": spec["components"]})


def operation_for(spec: dict[str, Any], url: str, method: str = "get") -> dict[str, Any]:
    return Documented(lambda path: msgspec.json.encode(spec)).operation(url, method)


def test_every_get_response_matches_its_schema(
    client: Client, spec: dict[str, Any], modules: list[Module]
) -> None:
    for url in get_urls(modules):
        response = client.get(url)
        documented = resolve(spec, operation_for(spec, url)["responses"][str(response.status_code)])
        (schema,) = [c["schema"] for c in documented["content"].values()]
        assert response.headers["content-type"] in documented["content"]
        validator(spec, schema).validate(msgspec.json.decode(response.content))


def test_errors_and_check_results_match_their_schemas(
    client: Client, spec: dict[str, Any], module: Module
) -> None:
    item = module.quiz.items[0]
    check = f"/v1/modules/{module.id}/quiz/{item.id}/check"
    for method, url, body in [
        ("get", f"/v1/modules/{module.id}/sections/nope", None),
        ("get", f"/v1/modules/{module.id}?answers=maybe", None),
        ("post", check, b'{"answer": false}'),
        ("post", check, b'{"answer": 1}'),
        ("post", check, b"{"),
    ]:
        response = client.request(method.upper(), url, content=body)
        operation = operation_for(spec, url, method)
        documented = resolve(spec, operation["responses"][str(response.status_code)])
        (schema,) = [c["schema"] for c in documented["content"].values()]
        validator(spec, schema).validate(msgspec.json.decode(response.content))


def test_schemas_carry_the_wire_constraints(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for kind in ("TrueFalseItem", "SingleChoiceItem", "MultipleResponseItem"):
        assert schemas[kind]["required"] == ["kind", "id", "href", "check", "statement"] + (
            [] if kind == "TrueFalseItem" else ["choices"]
        )
    assert schemas["TrueFalseItem"]["properties"]["kind"] == {"const": "true-false"}
    ref = "#/components/schemas/"
    assert {r["$ref"].removeprefix(ref) for r in schemas["QuizItem"]["anyOf"]} == {
        "TrueFalseItem",
        "SingleChoiceItem",
        "MultipleResponseItem",
    }
    assert schemas["MultipleResponseItem"]["properties"]["answer"] == {
        "type": "array",
        "items": {"type": "string"},
    }
    assert schemas["Choice"]["required"] == ["id", "text"]
    assert schemas["Answer"]["anyOf"] == [
        {"$ref": ref + "TrueFalseAnswer"},
        {"$ref": ref + "SingleChoiceAnswer"},
        {"$ref": ref + "MultipleResponseAnswer"},
    ]
    assert schemas["MultipleResponseAnswer"]["items"] == {"type": "string"}
    assert schemas["Paragraph"]["properties"]["kind"] == {"const": "paragraph"}
    assert schemas["CheckRequest"]["required"] == ["answer"]


def test_rich_text_and_kinds_are_named_components(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    ref = "#/components/schemas/"
    assert schemas["RichText"]["anyOf"] == [
        {"$ref": ref + "RichTextTree"},
        {"$ref": ref + "RichTextHtml"},
    ]
    assert schemas["RichTextTree"]["type"] == "array"
    assert schemas["RichTextTree"]["items"] == {"$ref": ref + "InlineNode"}
    assert schemas["RichTextHtml"]["type"] == "string"
    assert schemas["Paragraph"]["properties"]["text"] == {"$ref": ref + "RichText"}
    blocks = {r["$ref"].removeprefix(ref) for r in schemas["Block"]["anyOf"]}
    assert blocks == {
        "Paragraph",
        "BulletList",
        "Definition",
        "Callout",
        "LinkCard",
        "Image",
        "HelpPrompts",
        "ChallengeList",
        "Recommendation",
        "PyramidFigure",
        "ActivityRef",
        "QuizRef",
        "ResourcesRef",
    }
    steps = {r["$ref"].removeprefix(ref) for r in schemas["Step"]["anyOf"]}
    assert steps == {"Watch", "Reflect", "HelpPrompts"}
    # no schema repeats another inline: every anyOf lists references only
    for name, schema in schemas.items():
        for option in schema.get("anyOf", []):
            assert set(option) == {"$ref"} or option == {"type": "null"}, name


def test_problem_types_are_documented(spec: dict[str, Any]) -> None:
    uris = spec["components"]["schemas"]["ProblemType"]["enum"]
    kinds = [u.removeprefix("tag:coprod-content,2026:problem/") for u in uris]
    assert kinds == [
        "not-found",
        "unknown-module",
        "unknown-version",
        "unloadable-version",
        "no-releases",
        "unknown-part",
        "invalid-query",
        "malformed-body",
        "invalid-body",
        "unsupported-media-type",
        "body-too-large",
        "method-not-allowed",
        "invalid-request",
        "server-error",
    ]
    for uri in uris:
        assert f"`{uri}`" in spec["info"]["description"]


def test_every_summary_is_a_whole_first_paragraph(spec: dict[str, Any]) -> None:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            first = " ".join(operation["description"].split("\n\n")[0].split())
            assert operation["summary"] == first.rstrip("."), (path, method)


def test_the_check_body_has_an_example_for_each_kind_of_item(spec: dict[str, Any]) -> None:
    """Each example is a valid check request whose answer has its kind's form."""
    schemas = spec["components"]["schemas"]
    forms = {
        "true-false": "TrueFalseAnswer",
        "single-choice": "SingleChoiceAnswer",
        "multiple-response": "MultipleResponseAnswer",
    }
    for path in (
        "/v1/modules/{module_id}/quiz/{item_id}/check",
        "/v1/modules/{module_id}/versions/{version}/quiz/{item_id}/check",
    ):
        body = spec["paths"][path]["post"]["requestBody"]
        assert body["required"] is True
        assert "true-false" in body["description"] and "multiple-response" in body["description"]
        (content,) = body["content"].values()
        assert list(content["examples"]) == list(forms)
        for kind, example in content["examples"].items():
            validator(spec, content["schema"]).validate(example["value"])
            answer = example["value"]["answer"]
            for form, name in forms.items():
                fits = validator(spec, schemas[name]).is_valid(answer)
                assert fits == (form == kind), (kind, name)


def test_changes_take_the_rich_text_form(spec: dict[str, Any]) -> None:
    operation = spec["paths"]["/v1/modules/{module_id}/versions/{version}/changes"]["get"]
    names = {p["$ref"].rsplit("/", 1)[1] for p in operation["parameters"]}
    assert {"Since", "Richtext"} <= names
