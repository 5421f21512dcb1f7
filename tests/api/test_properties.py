"""Properties over generated modules (hostile text, every block and quiz item kind): the API
loses nothing, and rich text in HTML is the tree rendered, quiz changes included."""

from __future__ import annotations

import functools

import msgspec
from hypothesis import given
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content import quiz
from coprod_content.api import create_app
from coprod_content.api import wire as w
from coprod_content.api.app import published
from coprod_content.api.history import add_history
from coprod_content.api.pages import Pages
from coprod_content.catalog import Version
from coprod_content.gitstore import Release
from coprod_content.model import Module, MultipleResponse, QuizItem, SingleChoice, TrueFalse
from coprod_content.richtext import to_html
from tests.api.documented import Documented
from tests.api.test_richtext import as_html, rich_fields
from tests.strategies import modules, quiz_item, rich_text

replace = msgspec.structs.replace


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
    for item, in_html, authored in zip(
        got.quiz.items, rendered.quiz.items, module.quiz.items, strict=True
    ):
        assert item.id == authored.id
        assert item.__struct_config__.tag == authored.__struct_config__.tag
        assert item.statement == authored.statement
        assert item.answer == authored.answer
        assert item.explanation == authored.explanation
        assert in_html.explanation == to_html(authored.explanation)
        assert in_html.statement == to_html(authored.statement)
        choices = () if isinstance(item, w.TrueFalseItem) else item.choices
        html_choices = () if isinstance(in_html, w.TrueFalseItem) else in_html.choices
        for choice, html_choice, written in zip(
            choices, html_choices, quiz.choices(authored), strict=True
        ):
            assert (choice.id, choice.text, choice.feedback) == (
                written.id,
                written.text,
                written.feedback,
            )
            assert html_choice.text == to_html(written.text)
            feedback = None if written.feedback is None else to_html(written.feedback)
            assert html_choice.feedback == feedback


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


@functools.cache
def _documented(app: Litestar) -> Documented:
    """What ``app`` publishes about its responses, read once from its pages."""
    served = published(app).pages
    return Documented(lambda url: served.at(url, ()).body)  # type: ignore[union-attr]


@st.composite
def _edited(draw: st.DrawFn, module: Module) -> Module:
    """``module`` with its quiz items kept, reworded, given other answers or removed, and
    an item added."""
    items: list[QuizItem] = []
    for item in module.quiz.items:
        action = draw(st.sampled_from(["keep", "statement", "explanation", "choices", "answer"]))
        if action == "statement":
            item = replace(item, statement=draw(rich_text()))
        elif action == "explanation":
            item = replace(item, explanation=draw(rich_text()))
        elif action == "choices" and not isinstance(item, TrueFalse):
            reworded = tuple(
                replace(c, text=draw(rich_text()), feedback=draw(st.none() | rich_text()))
                for c in item.choices
            )
            item = replace(item, choices=reworded)
        elif action == "answer" and isinstance(item, TrueFalse):
            item = replace(item, answer=not item.answer)
        elif action == "answer" and isinstance(item, SingleChoice):
            item = replace(item, answer=draw(st.sampled_from([c.id for c in item.choices])))
        elif action == "answer" and isinstance(item, MultipleResponse):
            item = replace(item, answer=tuple(c.id for c in item.choices))
        if draw(st.booleans()) or action != "keep":
            items.append(item)
    items.append(replace(draw(quiz_item()), id="new-item"))
    return replace(module, version="1.1.0", quiz=replace(module.quiz, items=tuple(items)))


@given(st.data())
def test_changes_in_html_are_the_trees_rendered(app: Litestar, data: st.DataObject) -> None:
    """Whatever changed in a quiz, the changes page with richtext=html is the tree page with
    each tree rendered by the player's renderer, and both fit the change list schema (the
    pages the server serves, built as it builds them; the schema it publishes)."""
    old = replace(data.draw(modules()), version="1.0.0")
    new = data.draw(_edited(old))
    history = {
        old.id: tuple(
            Version(
                release=Release(module_id=old.id, version=v.version, tag=f"{old.id}@{v.version}"),
                module=v,
            )
            for v in (old, new)
        )
    }
    pages = Pages([new], versions=True)
    add_history(pages, history)
    path = f"/v1/modules/{old.id}/versions/1.1.0/changes"
    tree = pages.at(path, (("since", "1.0.0"),))
    html = pages.at(path, (("richtext", "html"), ("since", "1.0.0")))
    assert tree is not None and html is not None
    documented = _documented(app)
    for page in (tree, html):
        documented.validate(page.url, page.body)
    tree_changes = msgspec.json.decode(tree.body)["changes"]
    html_changes = msgspec.json.decode(html.body)["changes"]
    assert html_changes == as_html(tree_changes)
    assert rich_fields(html_changes) == {}
    assert any(c["kind"] == "quiz-item-added" for c in tree_changes)
