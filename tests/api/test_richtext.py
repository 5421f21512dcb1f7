"""Rich text: the typed tree by default, HTML from the player's renderer with ?richtext=html."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import create_app
from coprod_content.loading import load_modules
from coprod_content.model import Module, RichText
from coprod_content.richtext import to_html
from tests.api.conftest import KINDS
from tests.api.routes import get_urls

Client = TestClient[Litestar]


def rich_fields(value: Any, path: str = "$") -> dict[str, Any]:
    """Every tree-shaped rich text value in a decoded response: path -> value."""
    found: dict[str, Any] = {}
    if _is_tree(value):
        return {path: value}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(rich_fields(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.update(rich_fields(item, f"{path}[{i}]"))
    return found


def _is_tree(value: Any) -> bool:
    inline = ("text", "emphasis", "strong", "link")
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and v.get("kind") in inline for v in value)
    )


def as_html(value: Any) -> Any:
    """A decoded response with each rich text tree in it rendered by ``richtext.to_html``,
    the player's renderer: what the same response is with ``richtext=html``."""
    if _is_tree(value):
        return to_html(msgspec.convert(value, type=RichText))
    if isinstance(value, dict):
        return {key: as_html(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_html(item) for item in value]
    return value


def at(value: Any, path: str) -> Any:
    for part in path.replace("]", "").replace("[", ".").split(".")[1:]:
        value = value[int(part)] if part.isdigit() else value[part]
    return value


def test_html_variant_renders_every_rich_text_with_the_player_renderer(
    client: Client, module: Module
) -> None:
    base = f"/v1/modules/{module.id}"
    tree = msgspec.json.decode(client.get(base).content)
    html = msgspec.json.decode(client.get(f"{base}?richtext=html").content)
    fields = rich_fields(tree)
    assert len(fields) > 50
    for path, value in fields.items():
        rich = msgspec.convert(value, type=RichText)
        assert at(html, path) == to_html(rich), path
    assert html["richtext"] == "html" and tree["richtext"] == "tree"


def test_html_is_escaped(client: Client, module: Module) -> None:
    body = client.get(f"/v1/modules/{module.id}?richtext=html").content
    text = msgspec.json.decode(body)
    # Only the renderer's own elements appear; anything else was escaped.
    tags = set(re.findall(r"</?([a-zA-Z]+)", msgspec.json.encode(text).decode()))
    assert tags <= {"em", "strong", "a"}


def test_every_route_with_rich_text_takes_richtext_html(client: Client, module: Module) -> None:
    for url in get_urls([module]):
        if "richtext=html" in url:
            got = msgspec.json.decode(client.get(url).content)
            assert rich_fields(got) == {}, url


@pytest.fixture(scope="module")
def kinds_client() -> Iterator[Client]:
    """An app over a module with a quiz item of each kind."""
    with TestClient(create_app(load_modules(KINDS.parent))) as client:
        yield client


def test_quiz_statements_choices_and_feedback_are_trees_or_html(kinds_client: Client) -> None:
    tree = kinds_client.get("/v1/modules/kinds/quiz").json()
    html = kinds_client.get("/v1/modules/kinds/quiz?richtext=html").json()
    single, as_html_ = tree["quiz"]["items"][1], html["quiz"]["items"][1]
    assert single["statement"] == [
        {"kind": "text", "text": "When should women with lived experience be "},
        {"kind": "emphasis", "children": [{"kind": "text", "text": "first"}]},
        {"kind": "text", "text": " involved?"},
    ]
    assert as_html_["statement"] == (
        "When should women with lived experience be <em>first</em> involved?"
    )
    assert single["choices"][1]["text"] == [
        {"kind": "text", "text": "From the "},
        {"kind": "strong", "children": [{"kind": "text", "text": "very start"}]},
        {"kind": "text", "text": ", before decisions are made"},
    ]
    assert as_html_["choices"][1] == {
        "id": "from-the-start",
        "text": "From the <strong>very start</strong>, before decisions are made",
        "feedback": "Yes – that is what makes it co-production.",
    }
    assert single["choices"][1]["feedback"] == [
        {"kind": "text", "text": "Yes – that is what makes it co-production."}
    ]
    fields = rich_fields(tree)
    statements = [p for p in fields if p.endswith(".statement")]
    choices = [p for p in fields if ".choices[" in p]
    assert (len(statements), len(choices)) == (4, 4 + 2 + 5 + 1)  # choices, feedbacks
    for path, value in fields.items():
        assert at(html, path) == to_html(msgspec.convert(value, type=RichText)), path


def test_check_results_give_feedback_as_trees_or_html(kinds_client: Client) -> None:
    url = "/v1/modules/kinds/quiz/what-helps/check"
    body = {"answer": ["jargon", "paying-people"]}
    tree = kinds_client.post(url, json=body).json()
    html = kinds_client.post(f"{url}?richtext=html", json=body).json()
    assert tree["feedback"] == [
        {"choice": "jargon", "text": [{"kind": "text", "text": "Jargon shuts people out."}]}
    ]
    assert html["feedback"] == [{"choice": "jargon", "text": "Jargon shuts people out."}]
    assert html["explanation"] == (
        "Fair pay, accessible information and shared power make involvement real."
    )
