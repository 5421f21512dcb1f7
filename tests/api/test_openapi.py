"""The OpenAPI 3.1 document covers every route, and every response matches it."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.model import Module
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


def test_is_openapi_3_1_with_a_description(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"] == "coprod-content API"
    assert "If-None-Match" in spec["info"]["description"]


def test_every_route_is_documented_with_its_responses(app: Litestar, spec: dict[str, Any]) -> None:
    served = {
        (template(route.path), method.lower())
        for route in app.routes
        for method in getattr(route, "methods", ())
        if method not in ("OPTIONS", "HEAD")
    }
    documented = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert served == documented
    for path, method in documented:
        operation = spec["paths"][path][method]
        responses = operation["responses"]
        assert "200" in responses and "400" in responses, (path, method)
        assert operation["description"], (path, method)
        if "{" in path:
            assert "404" in responses, path
        if method == "get":
            assert "304" in responses
            assert "ETag" in responses["200"]["headers"]
        for status, response in responses.items():
            if status >= "400":
                assert list(response["content"]) == ["application/problem+json"]


def test_every_ref_resolves(spec: dict[str, Any]) -> None:
    refs = re.findall(r'"\$ref":"#/components/schemas/([^"]+)"', msgspec.json.encode(spec).decode())
    assert refs
    assert set(refs) <= set(spec["components"]["schemas"])


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "components": spec["components"]})


def operation_for(spec: dict[str, Any], url: str, method: str = "get") -> dict[str, Any]:
    path = url.partition("?")[0]
    for pattern, item in spec["paths"].items():
        if re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", pattern), path):
            operation: dict[str, Any] = item[method]
            return operation
    raise AssertionError(f"{url} is not documented")


def test_every_get_response_matches_its_schema(
    client: Client, spec: dict[str, Any], modules: list[Module]
) -> None:
    for url in get_urls(modules):
        response = client.get(url)
        documented = operation_for(spec, url)["responses"][str(response.status_code)]
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
        documented = operation_for(spec, url, method)["responses"][str(response.status_code)]
        (schema,) = [c["schema"] for c in documented["content"].values()]
        validator(spec, schema).validate(msgspec.json.decode(response.content))


def test_schemas_carry_the_wire_constraints(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for kind in ("TrueFalseItem", "SingleChoiceItem", "MultipleResponseItem"):
        assert schemas[kind]["required"] == ["kind", "id", "href", "check", "statement"] + (
            [] if kind == "TrueFalseItem" else ["choices"]
        )
    assert schemas["TrueFalseItem"]["properties"]["kind"] == {"enum": ["true-false"]}
    assert schemas["MultipleResponseItem"]["properties"]["answer"] == {
        "type": "array",
        "items": {"type": "string"},
    }
    assert schemas["Choice"]["required"] == ["id", "text"]
    assert schemas["CheckRequest"]["properties"]["answer"]["anyOf"] == [
        {"type": "boolean"},
        {"type": "string"},
        {"type": "array", "items": {"type": "string"}},
    ]
    assert schemas["Paragraph"]["properties"]["kind"] == {"enum": ["paragraph"]}
    assert schemas["CheckRequest"]["required"] == ["answer"]
