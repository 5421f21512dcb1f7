"""Properties over generated modules (hostile text, every block kind): the API loses nothing."""

from __future__ import annotations

import msgspec
from hypothesis import given
from litestar.testing import TestClient

from coprod_content.api import create_app
from coprod_content.api import wire as w
from coprod_content.model import Module
from coprod_content.richtext import to_html
from tests.strategies import modules


@given(modules())
def test_module_response_carries_every_quiz_statement_answer_and_explanation(
    module: Module,
) -> None:
    with TestClient(create_app([module])) as client:
        tree = client.get(f"/v1/modules/{module.id}")
        html = client.get(f"/v1/modules/{module.id}?richtext=html")
    got = msgspec.json.decode(tree.content, type=w.ModuleDetail)
    rendered = msgspec.json.decode(html.content, type=w.ModuleDetail)
    assert len(got.quiz.items) == len(module.quiz.items)
    for item, as_html, authored in zip(
        got.quiz.items, rendered.quiz.items, module.quiz.items, strict=True
    ):
        assert item.id == authored.id
        assert item.__struct_config__.tag == authored.__struct_config__.tag
        assert item.statement == authored.statement
        assert item.answer == authored.answer
        assert item.explanation == authored.explanation
        assert as_html.explanation == to_html(authored.explanation)
        assert as_html.statement == to_html(authored.statement)


@given(modules())
def test_every_list_entry_is_fetchable_and_agrees_with_the_model(module: Module) -> None:
    base = f"/v1/modules/{module.id}"
    with TestClient(create_app([module])) as client:
        sections = msgspec.json.decode(client.get(f"{base}/sections").content, type=w.SectionList)
        assert [s.id for s in sections.sections] == [s.id for s in module.sections]
        for entry in sections.sections:
            got = client.get(entry.href)
            assert msgspec.json.decode(got.content, type=w.SectionDetail).section == entry
        activities = msgspec.json.decode(
            client.get(f"{base}/activities").content, type=w.ActivityList
        )
        assert [a.id for a in activities.activities] == [a.id for a in module.activities]
        for activity in activities.activities:
            got = client.get(activity.href)
            assert msgspec.json.decode(got.content, type=w.ActivityDetail).activity == activity
        quiz = msgspec.json.decode(client.get(f"{base}/quiz").content, type=w.QuizDetail)
        for item, authored in zip(quiz.quiz.items, module.quiz.items, strict=True):
            one = msgspec.json.decode(client.get(item.href).content, type=w.QuizItemDetail)
            assert one.item == item
            check = client.post(item.check, json={"answer": authored.answer})
            assert msgspec.json.decode(check.content, type=w.CheckResult).correct is True
        listed = msgspec.json.decode(client.get("/v1/modules").content, type=w.ModuleList)
        assert [(m.id, m.version) for m in listed.modules] == [(module.id, module.version)]
