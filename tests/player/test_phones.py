"""The player on a phone, on a desktop and at 400 % zoom, measured in Chromium.

Windows: 320x640 (a phone), 1280x800, and 1280x800 at 400 % zoom (320x200 CSS px).
Each test collects what it finds on every page and state, then asserts once, so a
failure lists everything wrong. Screenshots of every page in every window are left
in ``test-output/screenshots/`` for a reviewer.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from coprod_content.model import Module
from tests.player.browser import (
    DESKTOP,
    PHONE,
    VIEWS,
    ZOOM_400,
    View,
    broken_words,
    click,
    focus,
    screenshot,
    shown_page,
    sideways,
    small_controls,
)
from tests.player.conftest import Players, Window
from tests.scorm.lms import Learner, unfold
from tests.scorm.test_accessibility import _tab_to, axe

IDS = [v.name for v in VIEWS]


def _keys(page: Page) -> list[str]:
    keys: list[str] = page.eval_on_selector_all(".toc a", "as => as.map(a => a.dataset.page)")
    return keys


def _dom_id(page: Page, key: str) -> str:
    return page.locator(f'.page[data-page="{key}"]').get_attribute("id") or ""


def _layout(page: Page) -> dict[str, Any]:
    """What is wrong with the layout as shown: small controls, sideways scroll, broken words."""
    found: dict[str, Any] = {}
    if small := small_controls(page):
        found["controls under 44 px"] = small
    if (side := sideways(page))["scroll"] > 0:
        found["scrolls sideways"] = side
    if words := broken_words(page):
        found["words broken"] = words
    return found


@pytest.mark.parametrize("view", VIEWS, ids=IDS)
def test_every_page_reflows_with_whole_words_and_44_px_controls(
    view: View, window: Window, players: Players, seed: Module
) -> None:
    page = window.page
    found: dict[str, Any] = {}
    for module_id in ("coproduction", "pictures"):
        page.goto(players.urls[module_id])
        for details in page.locator("details").all():
            details.evaluate("d => d.open = true")  # transcripts open: their text reflows too
        for i, key in enumerate(_keys(page)):
            if i:
                click(page, "#next")
            assert shown_page(page) == key
            if problems := _layout(page):
                found[f"{module_id} {key}"] = problems
            screenshot(page, f"{view.name}/{module_id}-{i:02d}-{key}")
        if page.locator("#toc-toggle").is_visible():
            unfold(page)
            if problems := _layout(page):
                found[f"{module_id} contents unfolded"] = problems
            screenshot(page, f"{view.name}/{module_id}-contents-unfolded")
    page.goto(players.urls["coproduction"])  # the quiz answered: feedback, then the results
    learner = Learner(page.main_frame)
    learner.open("quiz")
    first, *rest = seed.quiz.items
    learner.answer(first.id, not first.answer)
    if problems := _layout(page):
        found["quiz, an answer checked"] = problems
    for item in rest:
        learner.answer(item.id, item.answer)
    assert learner.results()
    if problems := _layout(page):
        found["quiz results"] = problems
    screenshot(page, f"{view.name}/coproduction-quiz-results")
    assert found == {}
    assert window.tab.problems() == []


def _check_heading(page: Page, key: str, view: View, how: str, found: list[str]) -> None:
    if shown_page(page) != key:
        found.append(f"{how}: shows {shown_page(page)!r}, not {key!r}")
        return
    now = focus(page)
    if now["id"] != f"{_dom_id(page, key)}--h":
        found.append(f"{how}: focus is on {now['tag']}#{now['id']}, not the heading")
    elif now["top"] < 0 or now["bottom"] > view.height:
        found.append(f"{how}: heading at {now['top']:.0f}..{now['bottom']:.0f} px, out of view")


@pytest.mark.parametrize("view", VIEWS, ids=IDS)
def test_the_heading_of_the_page_asked_for_is_focused_and_in_view(
    view: View, window: Window, players: Players
) -> None:
    """After Start, Next, Previous or a contents link, the new page's heading has focus and
    the whole of it is inside the window: Next to every page; Previous and the contents to
    the first, the longest (in practice, the quiz), the last and back to the start."""
    page = window.page
    page.goto(players.urls["coproduction"])
    keys = _keys(page)
    found: list[str] = []
    click(page, "#start")
    _check_heading(page, keys[1], view, "Start", found)
    for key in keys[2:]:
        click(page, "#next")
        _check_heading(page, key, view, f"Next to {key}", found)
    for key in reversed(keys[-4:-1]):
        click(page, "#prev")
        _check_heading(page, key, view, f"Previous to {key}", found)
    for key in [keys[1], "in-practice", "quiz", keys[-1], keys[0]]:
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        unfold(page)
        click(page, f'.toc a[data-page="{key}"]')
        _check_heading(page, key, view, f"contents link to {key}", found)
    assert found == []
    assert window.tab.problems() == []


def _contents(page: Page) -> dict[str, Any]:
    toggle = page.locator("#toc-toggle")
    return {
        "button": toggle.is_visible(),
        "expanded": toggle.get_attribute("aria-expanded") if toggle.is_visible() else None,
        "list": page.locator("#toc-list").is_visible(),
        "label": page.locator(".toc-label").is_visible(),
    }


@pytest.mark.parametrize("view", [PHONE, ZOOM_400], ids=[PHONE.name, ZOOM_400.name])
def test_narrow_windows_fold_the_contents_behind_a_button_open_on_the_start_page(
    view: View, window: Window, players: Players
) -> None:
    page = window.page
    page.goto(players.urls["coproduction"])
    toggle = page.locator("#toc-toggle")
    assert toggle.get_attribute("aria-controls") == "toc-list"
    assert toggle.inner_text() == "Contents"
    opened = {"button": True, "expanded": "true", "list": True, "label": False}
    folded = {**opened, "expanded": "false", "list": False}
    assert _contents(page) == opened
    click(page, "#start")
    assert _contents(page) == folded
    toggle.click()
    assert _contents(page) == opened
    assert focus(page)["id"] == "toc-toggle"
    toggle.click()
    assert _contents(page) == folded
    toggle.click()
    page.locator('.toc a[data-page="_start"]').click()
    assert _contents(page) == opened


@pytest.mark.parametrize("view", [DESKTOP], ids=[DESKTOP.name])
def test_wide_windows_always_show_the_contents(
    view: View, window: Window, players: Players
) -> None:
    page = window.page
    page.goto(players.urls["coproduction"])
    shown = {"button": False, "expanded": None, "list": True, "label": True}
    assert _contents(page) == shown
    click(page, "#start")
    assert _contents(page) == shown


@pytest.mark.parametrize("view", [PHONE, DESKTOP], ids=[PHONE.name, DESKTOP.name])
def test_progress_counts_visited_pages_and_ticks_them_in_the_contents(
    view: View, window: Window, players: Players
) -> None:
    page = window.page
    page.goto(players.urls["coproduction"])
    keys = _keys(page)
    total = len(keys)
    assert total == 10

    def progress() -> tuple[str, int, int, list[str]]:
        bar = page.locator("#progress-bar")
        ticked: list[str] = page.eval_on_selector_all(
            ".toc a",
            """as => as.filter(a => getComputedStyle(a, "::before").content === '"✓"')
                       .map(a => a.dataset.page + "|" + a.textContent)""",
        )
        value, maximum = bar.evaluate("b => [b.value, b.max]")
        return page.locator("#progress-text").inner_text(), value, maximum, ticked

    def ticks(*visited: str) -> list[str]:
        titles = {k: page.locator(f'.page[data-page="{k}"] h2').text_content() for k in visited}
        return [f"{k}|{titles[k]}, visited" for k in keys if k in visited]

    assert progress() == ("1 of 10 pages visited", 1, 10, ticks("_start"))
    click(page, "#start")
    click(page, "#next")
    click(page, "#next")
    assert progress() == ("4 of 10 pages visited", 4, 10, ticks(*keys[:4]))
    click(page, "#prev")  # a page seen twice counts once
    unfold(page)
    click(page, f'.toc a[data-page="{keys[-1]}"]')
    assert progress() == ("5 of 10 pages visited", 5, 10, ticks(*keys[:4], keys[-1]))
    assert page.locator("#progress-bar").get_attribute("aria-labelledby") == "progress-text"
    assert window.tab.problems() == []


@pytest.mark.parametrize("view", [PHONE, DESKTOP], ids=[PHONE.name, DESKTOP.name])
def test_the_start_button_is_near_the_top_of_the_start_page(
    view: View, window: Window, players: Players, seed: Module
) -> None:
    page = window.page
    page.goto(players.urls["coproduction"])
    start = page.locator("#start")
    assert start.inner_text() == "Start"
    order: list[str] = page.eval_on_selector_all(
        "#intro > *", "els => els.map(e => e.id || e.className || e.tagName)"
    )
    assert order[:3] == ["intro--h", "lead", "start"]  # heading, summary, then Start
    heading, button = (page.locator(s).bounding_box() for s in ("#intro--h", "#start"))
    assert heading is not None and button is not None
    assert button["y"] - heading["y"] < 320  # within half a phone screen of the page's heading
    if view == DESKTOP:
        assert button["y"] + button["height"] <= view.height  # on show without scrolling
    start.click()
    assert shown_page(page) == seed.sections[0].id


@pytest.mark.parametrize("view", [PHONE, DESKTOP], ids=[PHONE.name, DESKTOP.name])
def test_axe_finds_nothing_with_contents_folded_or_open_and_transcripts_open(
    view: View, window: Window, players: Players
) -> None:
    page = window.page
    found: dict[str, list[str]] = {}
    page.goto(players.urls["coproduction"])
    keys = _keys(page)
    found["start, contents open"] = axe(page.main_frame, players.site)
    for key in keys[1:] if view == PHONE else ():
        click(page, "#next")
        found[f"{key}, contents folded"] = axe(page.main_frame, players.site)
    if view == PHONE:
        unfold(page)
        found["last page, contents unfolded"] = axe(page.main_frame, players.site)
    page.goto(players.urls["pictures"])
    for i, key in enumerate(_keys(page)):
        if i:
            click(page, "#next")
        for details in page.locator(".page:not([hidden]) details").all():
            click(page, details.locator("summary"))
            assert details.get_attribute("open") == ""
        found[f"pictures {key}, transcripts open"] = axe(page.main_frame, players.site)
    assert found == {key: [] for key in found}
    assert window.tab.problems() == []


@pytest.mark.parametrize("view", [DESKTOP], ids=[DESKTOP.name])
def test_printing_shows_transcripts_and_image_captions(
    view: View, window: Window, players: Players
) -> None:
    page = window.page
    page.goto(players.urls["pictures"])
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all(
        ".transcript p, figure.image img, figure.image figcaption",
        "els => els.map(e => [e.tagName, e.checkVisibility()])",
    )
    assert shown == [["IMG", True], ["FIGCAPTION", True], ["P", True], ["P", True]]
    screenshot(page, f"{view.name}/pictures-print")


@pytest.mark.parametrize("view", [PHONE], ids=[PHONE.name])
def test_on_a_phone_the_keyboard_alone_starts_folds_and_unfolds_the_contents_and_moves_on(
    view: View, window: Window, players: Players, seed: Module
) -> None:
    """Start, the Contents button (Enter and Space), a contents link, Next and a transcript,
    each reached with Tab and pressed with a key; focus is visible on each (``_tab_to``)."""
    page = window.page
    keys = [s.id for s in seed.sections]
    page.goto(players.urls["coproduction"])
    frame = page.main_frame
    _tab_to(page, frame, "#start")
    page.keyboard.press("Enter")
    assert (shown_page(page), focus(page)["id"]) == (keys[0], f"p--{keys[0]}--h")
    _tab_to(page, frame, "#toc-toggle")
    page.keyboard.press("Enter")
    assert page.locator("#toc-toggle").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert page.locator("#toc-toggle").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")
    _tab_to(page, frame, f'.toc a[data-page="{keys[3]}"]')
    page.keyboard.press("Enter")
    assert (shown_page(page), focus(page)["id"]) == (keys[3], f"p--{keys[3]}--h")
    assert page.locator("#toc-list").is_hidden()  # folded again on the page asked for
    _tab_to(page, frame, "#next")
    page.keyboard.press("Enter")
    assert (shown_page(page), focus(page)["id"]) == (keys[4], f"p--{keys[4]}--h")
    page.goto(players.urls["pictures"])
    transcript = page.locator("details.transcript").first
    page.locator(".toc a").nth(_keys(page).index(_page_of(page, transcript))).click()
    _tab_to(page, page.main_frame, "details.transcript summary")
    page.keyboard.press("Enter")
    assert transcript.get_attribute("open") == ""
    assert window.tab.problems() == []


def _page_of(page: Page, element: Any) -> str:
    key: str = element.evaluate("e => e.closest('.page').dataset.page")
    return key
