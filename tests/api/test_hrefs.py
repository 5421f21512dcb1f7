"""Hrefs keep the representation of the response they appear in, and resolve.

Every href in every GET response, in every representation, is a path form (``.json``, no
query string, so a static host can serve it); following it gives 200 and a response in
the same representation as far as its route takes it: rich text stays HTML, answers stay
hidden.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content import quiz
from coprod_content.api import create_app
from coprod_content.loading import load_modules
from coprod_content.model import Module
from tests.api.conftest import KINDS
from tests.api.routes import get_urls

Client = TestClient[Litestar]
ANSWER_ROUTES = ("/quiz",)  # besides the module itself: the routes that take ?answers=


def hrefs(value: Any, key: str = "") -> Iterator[str]:
    """Every href in a decoded response: ``href`` fields, ``links``, a version's ``changes``."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from hrefs(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from hrefs(item, key)
    elif isinstance(value, str) and value.startswith("/v1/") and key != "check":
        yield value


def test_the_issue_example(client: Client, module: Module) -> None:
    """GET .../quiz?answers=false: each item's href keeps answers=false, and following it
    does not give the answer away."""
    quiz = client.get(f"/v1/modules/{module.id}/quiz?answers=false").json()
    for item in quiz["quiz"]["items"]:
        assert item["href"] == f"/v1/modules/{module.id}/quiz/{item['id']}.answers-false.json"
        followed = client.get(item["href"]).json()
        assert followed["answers"] is False
        assert "answer" not in followed["item"] and "explanation" not in followed["item"]


def test_every_href_keeps_the_representation(client: Client, modules: list[Module]) -> None:
    followed = 0
    for url in get_urls(modules):
        if not url.startswith("/v1/modules"):
            continue
        source = client.get(url).json()
        richtext = source.get("richtext", "tree")
        answers = source.get("answers", True)
        for href in set(hrefs(source)):
            assert href.endswith(".json") and "?" not in href, (url, href)
            target = client.get(href)
            assert target.status_code == 200, (url, href)
            got = target.json()
            if "richtext" in got:
                assert got["richtext"] == richtext, (url, href)
            if "answers" in got:
                assert got["answers"] == answers, (url, href)
            followed += 1
    assert followed > 250


def test_check_links_keep_the_rich_text_form(client: Client, module: Module) -> None:
    item = module.quiz.items[0]
    base = f"/v1/modules/{module.id}/quiz"
    html = client.get(f"{base}/{item.id}?richtext=html&answers=false").json()["item"]
    assert html["check"] == f"{base}/{item.id}/check?richtext=html"
    checked = client.post(html["check"], json={"answer": True})
    assert msgspec.json.decode(checked.content)["richtext"] == "html"
    tree = client.get(f"{base}/{item.id}").json()["item"]
    assert tree["check"] == f"{base}/{item.id}/check"


@pytest.mark.parametrize(
    ("query", "suffix", "check"),
    [
        ("", "", ""),
        ("?answers=false", ".answers-false", ""),
        ("?richtext=html", ".richtext-html", "?richtext=html"),
        ("?answers=false&richtext=html", ".answers-false.richtext-html", "?richtext=html"),
    ],
)
def test_items_of_every_kind_link_in_their_representation(
    query: str, suffix: str, check: str
) -> None:
    """Each item's href is its path form in the quiz's representation; its check link keeps
    the rich text form, which is all a check takes."""
    (module,) = load_modules(KINDS.parent)
    base = f"/v1/modules/{module.id}/quiz"
    with TestClient(create_app([module])) as client:
        items = client.get(base + query).json()["quiz"]["items"]
        assert [i["kind"] for i in items] == [quiz.kind(i) for i in module.quiz.items]
        for item in items:
            assert item["href"] == f"{base}/{item['id']}{suffix}.json"
            assert item["check"] == f"{base}/{item['id']}/check{check}"
            assert client.get(item["href"]).json()["item"] == item
