"""A JSON Schema per response, served beside the authoring schema, and every real response
(every route, every representation, released versions included) valid against its own.

The schema for a URL is the one its OpenAPI operation names, fetched from the API itself
(see ``documented``); the export and a running server are checked the same way in
``test_static_hosting``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content import catalog
from coprod_content.api import create_app
from coprod_content.model import Module
from tests.api.documented import ITEM_KINDS, Documented
from tests.api.routes import ITEM_SCHEMAS, SCHEMAS, get_urls, module_urls

Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def versioned(released_content: Path) -> Iterator[Client]:
    """The API over a module with releases, as ``coprod serve`` builds it."""
    published = catalog.released(released_content)
    with TestClient(create_app(published.modules, history=published.history)) as client:
        yield client


def test_each_response_has_its_schema_beside_the_authoring_one(client: Client) -> None:
    """And each kind of quiz item."""
    for name in SCHEMAS + ITEM_SCHEMAS:
        response = client.get(f"/v1/schema/{name}.json")
        assert response.status_code == 200, name
        assert response.headers["content-type"] == "application/schema+json"
        schema = msgspec.json.decode(response.content)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        title = "".join(part.title() for part in name.split("-"))
        assert schema["title"] == title and schema["$ref"] == f"#/$defs/{title}", name
    authoring = msgspec.json.decode(client.get("/v1/schema/module.json").content)
    assert authoring["$ref"] == "#/$defs/Module"


def test_the_authoring_schema_is_not_a_response_schema(client: Client, module: Module) -> None:
    """Why both exist: a real response fails the authoring schema, and passes its own."""
    body = msgspec.json.decode(client.get(f"/v1/modules/{module.id}").content)
    authoring = msgspec.json.decode(client.get("/v1/schema/module.json").content)
    assert list(jsonschema.Draft202012Validator(authoring).iter_errors(body))
    response = msgspec.json.decode(client.get("/v1/schema/module-detail.json").content)
    jsonschema.Draft202012Validator(response).validate(body)


def test_rich_text_forms_are_separate_named_definitions(client: Client) -> None:
    schema = msgspec.json.decode(client.get("/v1/schema/section-detail.json").content)
    defs = schema["$defs"]
    assert defs["RichText"]["anyOf"] == [
        {"$ref": "#/$defs/RichTextTree"},
        {"$ref": "#/$defs/RichTextHtml"},
    ]
    tree = jsonschema.Draft202012Validator({**defs["RichTextTree"], "$defs": defs})
    html = jsonschema.Draft202012Validator({**defs["RichTextHtml"], "$defs": defs})
    assert tree.is_valid([{"kind": "text", "text": "a"}]) and not tree.is_valid("a")
    assert html.is_valid("<em>a</em>") and not html.is_valid([{"kind": "text", "text": "a"}])


def test_every_response_of_every_route_is_valid_against_its_schema(
    client: Client, modules: list[Module]
) -> None:
    documented = Documented(lambda path: client.get(path).content)
    used = Counter(documented.validate(url, client.get(url).content) for url in get_urls(modules))
    assert used["module-detail.json"] == 4  # tree/html x with/without answers
    assert used["quiz-item-detail.json"] == 4 * len(modules[0].quiz.items)
    assert used["resource-detail.json"] == 2 * len(modules[0].resources)


def test_every_response_of_every_released_version_is_valid(
    versioned: Client, released_content: Path
) -> None:
    documented = Documented(lambda path: versioned.get(path).content)
    urls = []
    for module_id, versions in catalog.released(released_content).history.items():
        base = f"/v1/modules/{module_id}/versions"
        urls.append(base)
        for new, old in (("1.1.0", "1.0.0"), ("1.0.0", "1.1.0")):
            urls += [f"{base}/{new}/changes?since={old}{html}" for html in ("", "&richtext=html")]
        for version in versions:
            if version.module is not None:
                urls += module_urls(f"{base}/{version.release.version}", version.module)
    assert len(urls) > 120
    for url in urls:
        response = versioned.get(url)
        assert response.status_code == 200, url
        documented.validate(url, response.content)


def test_each_kind_of_quiz_item_has_its_schema_beside_the_responses(client: Client) -> None:
    schemas = {}
    for name in ITEM_SCHEMAS:
        schema = msgspec.json.decode(client.get(f"/v1/schema/{name}.json").content)
        title, kind = schema["title"], name.removesuffix("-item")
        assert schema["$defs"][title]["properties"]["kind"] == {"const": kind}
        schemas[kind] = jsonschema.Draft202012Validator(schema)
    assert list(schemas) == list(ITEM_KINDS)
    true_false = {
        "kind": "true-false",
        "id": "x",
        "href": "/v1/modules/m/quiz/x.json",
        "check": "/v1/modules/m/quiz/x/check",
        "statement": [{"kind": "text", "text": "Yes?"}],
        "answer": True,
    }
    assert schemas["true-false"].is_valid(true_false)
    assert not schemas["true-false"].is_valid({**true_false, "answer": "yes"})
    assert not schemas["single-choice"].is_valid({**true_false, "kind": "single-choice"})
    assert not schemas["multiple-response"].is_valid(true_false)


def test_every_quiz_item_of_every_page_is_valid_against_its_kind(
    versioned: Client, released_content: Path
) -> None:
    """Each item of the module, its quiz and each item page, in every representation, of
    the latest and every released version."""
    documented = Documented(lambda path: versioned.get(path).content)
    published = catalog.released(released_content)
    urls = [u for m in published.modules for u in module_urls(f"/v1/modules/{m.id}", m)]
    for module_id, versions in published.history.items():
        for v in versions:
            if v.module is not None:
                base = f"/v1/modules/{module_id}/versions/{v.release.version}"
                urls += module_urls(base, v.module)
    seen: Counter[tuple[str, bool, bool]] = Counter()
    for url in urls:
        for kind in documented.validate_items(versioned.get(url).content):
            seen[kind, "richtext=html" in url, "answers=false" in url] += 1
    assert len(seen) == 3 * 4  # each kind in each representation
    assert min(seen.values()) >= 3 * 3  # the module, its quiz and the item, in three places


def test_problems_and_check_results_are_valid(client: Client, module: Module) -> None:
    documented = Documented(lambda path: client.get(path).content)
    base = f"/v1/modules/{module.id}"
    for url in (f"{base}/nope", f"{base}?answers=maybe", "/v2", f"{base}/versions/9.9.9"):
        response = client.get(url)
        documented.validate_as("problem.json", response.content)
    check = f"{base}/quiz/{module.quiz.items[0].id}/check"
    documented.validate_as("check-request.json", b'{"answer": true}')
    answered = client.post(check, json={"answer": False})
    assert documented.validate(check, answered.content, method="post") == "check-result.json"
    for body in (b"{}", b'{"answer": "yes"}'):
        refused = client.post(check, content=body, headers={"content-type": "application/json"})
        documented.validate(check, refused.content, status=422, method="post")
