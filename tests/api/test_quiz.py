"""The quiz without answers (?answers=false), and checking answers on the server."""

from __future__ import annotations

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import wire as w
from coprod_content.model import Module
from coprod_content.richtext import to_html

Client = TestClient[Litestar]


def test_answers_false_leaves_out_answers_and_explanations(client: Client, module: Module) -> None:
    response = client.get(f"/v1/modules/{module.id}/quiz?answers=false")
    raw = msgspec.json.decode(response.content)
    assert raw["answers"] is False
    for item, authored in zip(raw["quiz"]["items"], module.quiz.items, strict=True):
        assert set(item) == {"id", "href", "check", "statement"}
        assert item["statement"] == authored.statement
        assert item["check"] == f"/v1/modules/{module.id}/quiz/{authored.id}/check"


def test_answers_false_applies_to_items_and_the_whole_module(
    client: Client, module: Module
) -> None:
    base = f"/v1/modules/{module.id}"
    item = module.quiz.items[0]
    one = msgspec.json.decode(client.get(f"{base}/quiz/{item.id}?answers=false").content)
    assert set(one["item"]) == {"id", "href", "check", "statement"}
    whole = client.get(f"{base}?answers=false").content
    assert b'"explanation"' not in whole
    assert b'"answer":' not in whole
    full = client.get(base).content
    assert full.count(b'"explanation"') == len(module.quiz.items)


def test_answers_true_is_the_default(client: Client, module: Module) -> None:
    base = f"/v1/modules/{module.id}/quiz"
    assert client.get(f"{base}?answers=true").content == client.get(base).content


@pytest.mark.parametrize("answer", [True, False])
def test_check_every_item(client: Client, module: Module, answer: bool) -> None:
    for item in module.quiz.items:
        url = f"/v1/modules/{module.id}/quiz/{item.id}/check"
        response = client.post(url, json={"answer": answer})
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["content-version"] == module.version
        result = msgspec.json.decode(response.content, type=w.CheckResult)
        assert (result.correct, result.answer) == (answer == item.answer, item.answer)
        assert result.explanation == item.explanation
        assert result.item_id == item.id
        assert result.module.version == module.version


def test_check_with_html_explanation(client: Client, module: Module) -> None:
    item = module.quiz.items[1]
    url = f"/v1/modules/{module.id}/quiz/{item.id}/check?richtext=html"
    result = msgspec.json.decode(client.post(url, json={"answer": True}).content)
    assert result["explanation"] == to_html(item.explanation)
    assert result["richtext"] == "html"


def test_check_rejects_query_parameters_it_does_not_take(client: Client, module: Module) -> None:
    url = f"/v1/modules/{module.id}/quiz/{module.quiz.items[0].id}/check?answers=false"
    assert client.post(url, json={"answer": True}).status_code == 400
