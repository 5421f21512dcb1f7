"""Each v1 route through TestClient: status, wire shape, and agreement with the model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content import cli
from coprod_content.api import create_app
from coprod_content.api import wire as w
from coprod_content.model import Module
from tests.api.conftest import CONTENT

Client = TestClient[Litestar]


def fetch(client: Client, url: str, typ: type[Any]) -> Any:
    """GET ``url``, expect 200 JSON, decode strictly into ``typ``."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return msgspec.json.decode(response.content, type=typ)


def test_list_modules(client: Client, module: Module) -> None:
    listed = fetch(client, "/v1/modules", w.ModuleList)
    (summary,) = listed.modules
    assert (summary.id, summary.title, summary.version) == (module.id, module.title, module.version)
    assert (summary.language, summary.description) == (module.language, module.description)
    base = f"/v1/modules/{module.id}"
    assert msgspec.structs.asdict(summary.links) == {
        "module": f"{base}.json",
        "sections": f"{base}/sections.json",
        "pyramid": f"{base}/pyramid.json",
        "activities": f"{base}/activities.json",
        "quiz": f"{base}/quiz.json",
        "resources": f"{base}/resources.json",
        "versions": f"{base}/versions.json",
    }
    for href in msgspec.structs.asdict(summary.links).values():
        assert client.get(href).status_code == 200, href


def test_no_versions_link_when_no_versions_are_published(modules: list[Module]) -> None:
    with TestClient(create_app(modules)) as client:  # no history given
        (summary,) = fetch(client, "/v1/modules", w.ModuleList).modules
        assert summary.links.versions is None
        assert client.get(f"/v1/modules/{summary.id}/versions").status_code == 404


def test_get_module(client: Client, module: Module) -> None:
    got = fetch(client, f"/v1/modules/{module.id}", w.ModuleDetail)
    assert (got.id, got.version, got.richtext, got.answers) == (
        module.id,
        module.version,
        "tree",
        True,
    )
    assert [s.id for s in got.sections] == [s.id for s in module.sections]
    assert [a.id for a in got.activities] == [a.id for a in module.activities]
    assert [i.id for i in got.quiz.items] == [i.id for i in module.quiz.items]
    assert [r.id for r in got.resources] == [r.id for r in module.resources]
    assert got.aims.summary == module.aims.summary
    assert got.pyramid.levels[0].description == module.pyramid.levels[0].description


def test_sections_list_entries_are_fetchable_and_agree(client: Client, module: Module) -> None:
    listed = fetch(client, f"/v1/modules/{module.id}/sections", w.SectionList)
    assert listed.module == w.ModuleRef(
        id=module.id, version=module.version, href=f"/v1/modules/{module.id}.json"
    )
    assert [s.id for s in listed.sections] == [s.id for s in module.sections]
    for entry, authored in zip(listed.sections, module.sections, strict=True):
        one = fetch(client, entry.href, w.SectionDetail)
        assert one.section == entry
        assert entry.title == authored.title
        assert [b.id for b in entry.blocks] == [b.id for b in authored.blocks]


def test_block_links_resolve(client: Client, module: Module) -> None:
    listed = fetch(client, f"/v1/modules/{module.id}/sections", w.SectionList)
    hrefs = [
        b.href
        for s in listed.sections
        for b in s.blocks
        if isinstance(b, w.PyramidFigure | w.ActivityRef | w.QuizRef)
    ]
    assert hrefs
    for href in hrefs:
        assert client.get(href).status_code == 200, href


def test_pyramid(client: Client, module: Module) -> None:
    got = fetch(client, f"/v1/modules/{module.id}/pyramid", w.PyramidDetail)
    assert got.pyramid.id == module.pyramid.id
    assert [(lv.id, lv.number, lv.name) for lv in got.pyramid.levels] == [
        (lv.id, lv.number, lv.name) for lv in module.pyramid.levels
    ]


def test_activities_list_entries_are_fetchable_and_agree(client: Client, module: Module) -> None:
    listed = fetch(client, f"/v1/modules/{module.id}/activities", w.ActivityList)
    assert [a.id for a in listed.activities] == [a.id for a in module.activities]
    for entry, authored in zip(listed.activities, module.activities, strict=True):
        assert fetch(client, entry.href, w.ActivityDetail).activity == entry
        assert entry.purpose == authored.purpose
        assert [s.id for s in entry.steps] == [s.id for s in authored.steps]


def test_resources_list_entries_are_fetchable_and_agree(client: Client, module: Module) -> None:
    listed = fetch(client, f"/v1/modules/{module.id}/resources", w.ResourceList)
    assert [r.id for r in listed.resources] == [r.id for r in module.resources]
    for entry, authored in zip(listed.resources, module.resources, strict=True):
        assert entry.href == f"/v1/modules/{module.id}/resources/{authored.id}.json"
        assert fetch(client, entry.href, w.ResourceDetail).resource == entry
        assert (entry.title, entry.url, entry.description) == (
            authored.title,
            authored.url,
            authored.description,
        )
    whole = fetch(client, f"/v1/modules/{module.id}", w.ModuleDetail)
    assert whole.resources == listed.resources
    (block,) = [b for s in whole.sections for b in s.blocks if isinstance(b, w.ResourcesRef)]
    assert block.href == f"/v1/modules/{module.id}/resources.json"


def test_quiz_and_items_agree(client: Client, module: Module) -> None:
    got = fetch(client, f"/v1/modules/{module.id}/quiz", w.QuizDetail)
    assert got.answers is True
    for entry, authored in zip(got.quiz.items, module.quiz.items, strict=True):
        assert (entry.statement, entry.answer) == (authored.statement, authored.answer)
        assert entry.explanation == authored.explanation
        assert fetch(client, entry.href, w.QuizItemDetail).item == entry


def test_module_schema_route_accepts_authored_modules_and_refuses_what_authoring_forbids(
    client: Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The oracle is the authoring rules, written here (README "Authoring", SECURITY.md's
    limits), applied to the JSON export of the bundled module, not ``schema()`` itself."""
    response = client.get("/v1/schema/module.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/schema+json"
    served = json.loads(response.content)
    jsonschema.Draft202012Validator.check_schema(served)
    assert served["$ref"] == "#/$defs/Module"
    valid = jsonschema.Draft202012Validator(served)
    assert (
        cli.main(["build", "--target", "json", "--content", str(CONTENT), "--out", str(tmp_path)])
        == 0
    )
    exported = json.loads((tmp_path / "json" / "coproduction.json").read_bytes())
    assert valid.is_valid(exported)

    def edited(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
        copy = json.loads(json.dumps(exported))
        change(copy)
        return copy

    def item(n: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
        return lambda m: m["quiz"]["items"][n]

    choice = {
        "kind": "single-choice",
        "id": "pick-one",
        "statement": [{"kind": "text", "text": "Pick one."}],
        "choices": [
            {"id": f"c{n}", "text": [{"kind": "text", "text": f"Choice {n}"}]} for n in range(8)
        ],
        "answer": "c0",
        "explanation": [{"kind": "text", "text": "Because."}],
    }
    accepted = {  # at each limit
        "mastery score 0": edited(lambda m: m.update(mastery_score=0)),
        "mastery score 100": edited(lambda m: m.update(mastery_score=100)),
        "an id of 64 characters": edited(lambda m: item(0)(m).update(id="a" * 64)),
        "a title of 500 characters": edited(lambda m: m.update(title="t" * 500)),
        "8 choices": edited(lambda m: m["quiz"]["items"].append(choice)),
        "2 choices": edited(
            lambda m: m["quiz"]["items"].append({**choice, "choices": choice["choices"][:2]})
        ),
    }
    refused = {  # one past each limit, or what authoring forbids
        "mastery score 101": edited(lambda m: m.update(mastery_score=101)),
        "mastery score -1": edited(lambda m: m.update(mastery_score=-1)),
        "a mastery score of 80.5": edited(lambda m: m.update(mastery_score=80.5)),
        "an id of 65 characters": edited(lambda m: item(0)(m).update(id="a" * 65)),
        "an id in capitals": edited(lambda m: item(0)(m).update(id="Item-1")),
        "an id with a double hyphen": edited(lambda m: item(0)(m).update(id="item--1")),
        "a title of 501 characters": edited(lambda m: m.update(title="t" * 501)),
        "an empty title": edited(lambda m: m.update(title="")),
        "an unknown field": edited(lambda m: m.update(colour="blue")),
        "an unknown field in an item": edited(lambda m: item(0)(m).update(hint="think")),
        "an unknown kind of item": edited(lambda m: item(0)(m).update(kind="essay")),
        "a true/false answer 'yes'": edited(lambda m: item(0)(m).update(answer="yes")),
        "an item with no explanation": edited(lambda m: item(0)(m).pop("explanation")),
        "no quiz items": edited(lambda m: m["quiz"].update(items=[])),
        "9 choices": edited(
            lambda m: m["quiz"]["items"].append(
                {**choice, "choices": [*choice["choices"], {**choice["choices"][0], "id": "c8"}]}
            )
        ),
        "1 choice": edited(
            lambda m: m["quiz"]["items"].append({**choice, "choices": choice["choices"][:1]})
        ),
        "a version that is not semantic": edited(lambda m: m.update(version="1.0")),
        "no title": edited(lambda m: m.pop("title")),
    }
    assert {name for name, doc in accepted.items() if not valid.is_valid(doc)} == set()
    assert {name for name, doc in refused.items() if valid.is_valid(doc)} == set()
    capsys.readouterr()
    assert cli.main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == served  # `coprod schema` prints the same schema


def test_healthz(client: Client, module: Module) -> None:
    health = fetch(client, "/healthz", w.Health)
    assert health.status == "ok"
    assert [(m.id, m.version) for m in health.modules] == [(module.id, module.version)]
