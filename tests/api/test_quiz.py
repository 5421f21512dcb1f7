"""The quiz without answers (?answers=false), and checking answers on the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import create_app
from coprod_content.api import wire as w
from coprod_content.loading import load_modules
from coprod_content.model import Module, RichText
from coprod_content.richtext import to_html

Client = TestClient[Litestar]
ROOT = Path(__file__).resolve().parents[2]


def test_answers_false_leaves_out_answers_and_explanations(client: Client, module: Module) -> None:
    response = client.get(f"/v1/modules/{module.id}/quiz?answers=false")
    raw = msgspec.json.decode(response.content)
    assert raw["answers"] is False
    for item, authored in zip(raw["quiz"]["items"], module.quiz.items, strict=True):
        assert set(item) == {"kind", "id", "href", "check", "statement"}
        assert msgspec.convert(item["statement"], type=RichText) == authored.statement
        assert item["check"] == f"/v1/modules/{module.id}/quiz/{authored.id}/check"


def test_answers_false_applies_to_items_and_the_whole_module(
    client: Client, module: Module
) -> None:
    base = f"/v1/modules/{module.id}"
    item = module.quiz.items[0]
    one = msgspec.json.decode(client.get(f"{base}/quiz/{item.id}?answers=false").content)
    assert set(one["item"]) == {"kind", "id", "href", "check", "statement"}
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
        assert result.feedback == ()
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


# --- choice items: the quiz of tests/fixtures/quiz/kinds ----------------------------------


@pytest.fixture(scope="module")
def kinds_client() -> Iterator[Client]:
    (kinds,) = load_modules(ROOT / "tests" / "fixtures" / "quiz")
    with TestClient(create_app([kinds])) as client:
        yield client


KINDS = "/v1/modules/kinds/quiz"


def test_items_are_served_by_kind_and_answers_false_hides_answers_and_feedback(
    kinds_client: Client,
) -> None:
    full = kinds_client.get(KINDS).json()["quiz"]
    assert full["attempts"] == 2
    assert [i["kind"] for i in full["items"]] == [
        "true-false",
        "single-choice",
        "multiple-response",
        "true-false",
    ]
    single, many = full["items"][1], full["items"][2]
    assert single["answer"] == "from-the-start"
    assert many["answer"] == ["paying-people", "accessible-info", "sharing-power"]
    assert single["choices"][0] == {
        "id": "after-launch",
        "text": [{"kind": "text", "text": "After the service launches"}],
        "feedback": [{"kind": "text", "text": "By then the decisions are made."}],
    }
    assert single["choices"][2]["feedback"] is None
    bare = kinds_client.get(f"{KINDS}?answers=false&richtext=html").json()["quiz"]
    assert [set(i) for i in bare["items"][1:3]] == [
        {"kind", "id", "href", "check", "statement", "choices"}
    ] * 2
    assert bare["items"][1]["choices"][1] == {
        "id": "from-the-start",
        "text": "From the <strong>very start</strong>, before decisions are made",
    }


@pytest.mark.parametrize(
    ("item", "answer", "correct", "feedback"),
    [
        ("when-to-involve", "from-the-start", True, ["from-the-start"]),
        ("when-to-involve", "at-review", False, []),
        ("what-helps", ["sharing-power", "paying-people", "accessible-info"], True, []),
        ("what-helps", ["paying-people", "jargon"], False, ["jargon"]),
        ("feedback-after-design", False, True, []),
    ],
)
def test_check_a_choice(
    kinds_client: Client, item: str, answer: object, correct: bool, feedback: list[str]
) -> None:
    response = kinds_client.post(f"{KINDS}/{item}/check", json={"answer": answer})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["correct"] is correct
    assert [f["choice"] for f in result["feedback"]] == feedback
    assert (
        result["answer"]
        == {
            "when-to-involve": "from-the-start",
            "what-helps": ["paying-people", "accessible-info", "sharing-power"],
            "feedback-after-design": False,
        }[item]
    )


@pytest.mark.parametrize(
    ("item", "body", "name", "detail"),
    [
        (
            "when-to-involve",
            {"answer": ["from-the-start"]},
            "$.answer",
            "expected one choice id (a string), got a list",
        ),
        (
            "when-to-involve",
            {"answer": "soon"},
            "$.answer",
            "'soon' is not a choice of this item; expected one of: after-launch, from-the-start,"
            " at-review, never",
        ),
        (
            "what-helps",
            {"answer": ["jargon", "easy-read"]},
            "$.answer[1]",
            "'easy-read' is not a choice of this item; expected one of: paying-people, jargon,"
            " accessible-info, one-off-survey, sharing-power",
        ),
        ("what-helps", {"answer": True}, "$.answer", "expected a list of choice ids, got true"),
        ("what-helps", {"answer": []}, "$.answer", "the list is empty; choose at least one choice"),
    ],
)
def test_a_wrong_shape_or_an_unknown_choice_is_422_naming_the_field(
    kinds_client: Client, item: str, body: object, name: str, detail: str
) -> None:
    response = kinds_client.post(f"{KINDS}/{item}/check", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert (error["in"], error["name"]) == ("body", name)
    assert error["detail"].startswith(detail + "; send {")
