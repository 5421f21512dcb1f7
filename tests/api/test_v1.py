"""Each v1 route through TestClient: status, wire shape, and agreement with the model."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import create_app
from coprod_content.api import wire as w
from coprod_content.model import Module
from coprod_content.targets import schema

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


def test_module_schema_is_what_coprod_schema_prints(client: Client) -> None:
    response = client.get("/v1/schema/module.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/schema+json"
    assert response.content == schema()


def test_healthz(client: Client, module: Module) -> None:
    health = fetch(client, "/healthz", w.Health)
    assert health.status == "ok"
    assert [(m.id, m.version) for m in health.modules] == [(module.id, module.version)]
