"""The encoded pages themselves (``api.pages``), below HTTP: the URL spellings the fast path
answers, and checked answers looked up without a request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coprod_content.api.pages import EncodedPage, Pages
from coprod_content.diagnostics import NotFound
from coprod_content.loading import load_modules

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid"


@pytest.fixture(scope="module")
def pages() -> Pages:
    return Pages(load_modules(VALID))


def test_a_page_in_the_default_style_is_asked_for_with_or_without_its_defaults() -> None:
    page = EncodedPage("/v1/modules/x/quiz", b"{}")
    assert sorted(page.spellings(("answers", "richtext"))) == [
        "/v1/modules/x/quiz",
        "/v1/modules/x/quiz.json",
        "/v1/modules/x/quiz?answers=true",
        "/v1/modules/x/quiz?answers=true&richtext=tree",
        "/v1/modules/x/quiz?richtext=tree",
        "/v1/modules/x/quiz?richtext=tree&answers=true",
    ]


def test_a_page_in_another_style_is_asked_for_only_with_its_own_value() -> None:
    page = EncodedPage("/v1/modules/x/quiz", b"{}", query=(("answers", "false"),))
    assert sorted(page.spellings(("answers", "richtext"))) == [
        "/v1/modules/x/quiz.answers-false.json",
        "/v1/modules/x/quiz?answers=false",
        "/v1/modules/x/quiz?answers=false&richtext=tree",
        "/v1/modules/x/quiz?richtext=tree&answers=false",
    ]
    html = EncodedPage("/v1/modules/x/pyramid", b"{}", query=(("richtext", "html"),))
    assert list(html.spellings(("richtext",))) == [
        "/v1/modules/x/pyramid?richtext=html",
        "/v1/modules/x/pyramid.richtext-html.json",
    ]


def test_a_file_without_parameters_has_one_spelling() -> None:
    page = EncodedPage("/v1/schema/module.json", b"{}")
    assert list(page.spellings(())) == ["/v1/schema/module.json"]


def test_an_answer_is_checked_against_the_latest_version_by_default(pages: Pages) -> None:
    right = json.loads(pages.check("mini", "feedback-after-design", ("false",), "tree"))
    wrong = json.loads(pages.check("mini", "feedback-after-design", ("true",), "tree"))
    assert (right["item_id"], right["correct"], wrong["correct"]) == (
        "feedback-after-design",
        True,
        False,
    )
    assert pages.check("mini", "feedback-after-design", ("false",), "tree", "/v1/modules/mini") == (
        pages.check("mini", "feedback-after-design", ("false",), "tree")
    )


def test_checking_an_item_that_is_not_there_names_it_and_the_quiz(pages: Pages) -> None:
    with pytest.raises(NotFound) as latest:
        pages.check("mini", "no-such-item", ("true",), "tree")
    assert (
        str(latest.value)
        == "no quiz item 'no-such-item' at /v1/modules/mini; see /v1/modules/mini/quiz"
    )
    released = "/v1/modules/mini/versions/0.0.1"
    with pytest.raises(NotFound) as old:
        pages.check("mini", "feedback-after-design", ("true",), "tree", released)
    assert str(old.value) == (
        f"no quiz item 'feedback-after-design' at {released}; see {released}/quiz"
    )
