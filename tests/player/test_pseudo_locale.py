"""Nothing the player says is hard-coded: with a pseudo-locale catalogue, every interface
word on every page and in every state is transformed, and no control clips its longer text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
from playwright.sync_api import Frame, Page

from coprod_content.archive import DEFAULT_EPOCH, zip_bytes
from coprod_content.loading import load_modules
from coprod_content.model import Module
from coprod_content.player import render, words
from coprod_content.scorm.package import tracking
from tests.player import pseudo
from tests.player.browser import DESKTOP, PHONE, View, click, screenshot, sideways
from tests.player.conftest import Players, Window
from tests.scorm.lms import Learner, Lms, unfold
from tests.test_seed_coverage import strings

KINDS = Path(__file__).resolve().parents[1] / "fixtures" / "quiz"


@pytest.fixture(scope="module")
def kinds() -> Module:
    """Every kind of quiz item, choice feedback, and two attempts."""
    (only,) = load_modules(KINDS)
    return only


@pytest.fixture(scope="module")
def pseudo_urls(players: Players, seed: Module, pictures: Module, kinds: Module) -> dict[str, str]:
    """The modules' SCORM 2004 players with the pseudo-locale catalogue, by module id."""
    catalogue = pseudo.catalogue(words.shipped()[words.REFERENCE])
    urls = {}
    for module in (seed, pictures, kinds):
        marked = msgspec.structs.replace(module, language=pseudo.TAG)
        files = render(marked, tracking(marked, "scorm2004"), catalogue)
        urls[module.id] = players.site.add(zip_bytes(files, epoch=DEFAULT_EPOCH))
    return urls


def _corpus(module: Module) -> str:
    """Every string of the module, as authored and (rich text) as read: the only text allowed
    on the page outside the pseudo-locale's marks."""
    return "\n".join(" ".join(s.split()) for s in strings(module))


def _look(where: Page | Frame, module: Module, state: str, found: dict[str, Any]) -> None:
    words_left = where.evaluate(pseudo.UNTRANSFORMED, [_corpus(module), pseudo.OPEN, pseudo.CLOSE])
    clipped = where.evaluate(pseudo.CLIPPED)
    if words_left:
        found[f"{state}: untransformed"] = words_left
    if clipped:
        found[f"{state}: clipped"] = clipped


def _keys(where: Page | Frame) -> list[str]:
    keys: list[str] = where.eval_on_selector_all(".toc a", "as => as.map(a => a.dataset.page)")
    return keys


@pytest.mark.parametrize("view", [PHONE, DESKTOP], ids=[PHONE.name, DESKTOP.name])
def test_every_word_on_every_page_comes_from_the_catalogue_without_an_lms(
    view: View,
    window: Window,
    players: Players,
    pseudo_urls: dict[str, str],
    seed: Module,
    pictures: Module,
) -> None:
    page = window.page
    found: dict[str, Any] = {}
    for module in (seed, pictures):
        page.goto(players.site.base + pseudo_urls[module.id])
        for i, key in enumerate(_keys(page)):
            if i:
                click(page, "#next")
            for details in page.locator(".page:not([hidden]) details").all():
                click(page, details.locator("summary"))
            _look(page, module, f"{module.id} {key}", found)
            if (side := sideways(page))["scroll"] > 0:
                found[f"{module.id} {key}: scrolls sideways"] = side
        unfold(page)
        _look(page, module, f"{module.id} contents unfolded", found)
        screenshot(page, f"pseudo-{view.name}/{module.id}-last-page")
    assert found == {}
    assert window.tab.problems() == []


@pytest.mark.parametrize("view", [PHONE, DESKTOP], ids=[PHONE.name, DESKTOP.name])
def test_every_word_in_an_lms_session_comes_from_the_catalogue(
    view: View,
    window: Window,
    players: Players,
    pseudo_urls: dict[str, str],
    seed: Module,
) -> None:
    """Connected: saved, notes counting down, quiz answered, Save and exit, a failing LMS."""
    lms = Lms(window.page, players.site)
    found: dict[str, Any] = {}
    frame = lms.launch("scorm2004", pseudo_urls[seed.id])
    learner = Learner(frame)
    _look(frame, seed, "connected, start page", found)
    learner.open("in-practice")
    frame.locator("textarea[data-note]").first.fill("My notes")
    frame.locator("textarea[data-note]").first.blur()
    _look(frame, seed, "notes written", found)
    learner.open("quiz")
    for i, item in enumerate(seed.quiz.items):
        _choose(frame, item.id, ["true" if item.answer == bool(i % 2) else "false"])
    _look(frame, seed, "quiz answered, results", found)
    screenshot(window.page, f"pseudo-{view.name}/coproduction-quiz-results")
    frame.locator(".retry").click()
    _look(frame, seed, "second attempt", found)
    frame.locator("#exit").click()
    _look(frame, seed, "saved and exited", found)
    frame = lms.launch("scorm2004", pseudo_urls[seed.id], failing=("SetValue",))
    Learner(frame).open("quiz")
    _look(frame, seed, "the LMS refuses", found)
    assert "failed" in (frame.locator("#save-status").get_attribute("class") or "")
    assert found == {}
    assert window.tab.problems() == []


@pytest.mark.parametrize("view", [PHONE, DESKTOP], ids=[PHONE.name, DESKTOP.name])
def test_every_word_of_the_quiz_comes_from_the_catalogue(
    view: View, window: Window, players: Players, pseudo_urls: dict[str, str], kinds: Module
) -> None:
    """Every kind of item, a check with nothing chosen, choice feedback, a pass, a lower
    second attempt (the best score, a pass that stands) and no attempts left."""
    page = window.page
    page.goto(players.site.base + pseudo_urls[kinds.id])
    learner = Learner(page.main_frame)
    found: dict[str, Any] = {}
    learner.open("check")
    _look(page, kinds, "first attempt", found)
    first = kinds.quiz.items[0].id
    page.locator(f'.item[data-item="{first}"] .check').click()
    _look(page, kinds, "checked with nothing chosen", found)
    right = (["false"], ["from-the-start"], ["paying-people", "accessible-info", "sharing-power"])
    for item, options in zip(kinds.quiz.items, (*right, ["true"]), strict=True):
        _choose(page, item.id, options)
        _look(page, kinds, f"checked {item.id}", found)
    _look(page, kinds, "passed", found)
    page.locator(".retry").click()
    _look(page, kinds, "second attempt", found)
    low = (["true"], ["never"], ["jargon"], ["true"])
    for item, options in zip(kinds.quiz.items, low, strict=True):
        _choose(page, item.id, options)
    _look(page, kinds, "a lower attempt, none left", found)
    assert page.locator(".retry").is_hidden()
    screenshot(page, f"pseudo-{view.name}/kinds-results")
    assert found == {}
    assert window.tab.problems() == []


def _choose(page: Page | Frame, item_id: str, options: list[str]) -> None:
    """Tick the options and press the item's check button (whatever its words)."""
    item = page.locator(f'.item[data-item="{item_id}"]')
    for option in options:
        item.locator(f'input[value="{option}"]').check()
    item.locator(".check").click()
