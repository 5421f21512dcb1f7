"""WCAG 2.2 AA checks of the player in Chromium: axe-core on every page, keyboard, zoom, media.

axe-core runs inside the package's frame (loaded from the same origin, so the
package's Content-Security-Policy allows it) on every page and after answering.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Frame, Page

from coprod_content.model import Module
from tests.scorm.conftest import VERSIONS, Tab, new_context
from tests.scorm.lms import Learner, Lms, Site, first_launch, interactions

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe(frame: Frame, site: Site) -> list[str]:
    """axe-core's violations on the frame's document, one line per failing node."""
    if not frame.evaluate("() => !!window.axe"):
        frame.add_script_tag(url=f"{site.base}/lib/axe.min.js")
    results: dict[str, Any] = frame.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags}, iframes: false, resultTypes: ["violations"]
        })""",
        AXE_TAGS,
    )
    return [
        f"{v['id']}: {v['help']} at {node['target']}"
        for v in results["violations"]
        for node in v["nodes"]
    ]


def _pages(frame: Frame) -> list[str]:
    keys: list[str] = frame.eval_on_selector_all(
        ".toc a", "links => links.map(a => a.dataset.page)"
    )
    return keys


@pytest.mark.parametrize("version", VERSIONS)
def test_axe_finds_nothing_on_any_page_or_after_answering(
    version: str, lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    url = site.add(packages[version])
    learner = Learner(lms.launch(version, url, first_launch(version, packages[version])))
    found: dict[str, list[str]] = {}
    for key in _pages(learner.frame):
        learner.open(key)
        found[key or "start"] = axe(learner.frame, site)
    learner.open("quiz")
    for i, item in enumerate(module.quiz.items):
        learner.answer(item.id, item.answer if i % 2 else not item.answer)
    found["quiz answered"] = axe(learner.frame, site)
    learner.open("in-practice")
    learner.frame.locator("textarea[data-note]").first.fill("x" * 5000)
    found["notes full"] = axe(learner.frame, site)
    assert found == {key: [] for key in found}
    assert tab.problems() == []


def test_axe_finds_nothing_without_an_lms(tab: Tab, site: Site, packages: dict[str, bytes]) -> None:
    tab.page.goto(site.base + site.add(packages["scorm12"]))
    assert axe(tab.page.main_frame, site) == []


def _tab_to(page: Page, frame: Frame, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``; its focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = frame.evaluate(
            """sel => {
              const el = document.activeElement;
              if (!el || !el.matches(sel)) return null;
              const style = getComputedStyle(el);
              return {outline: style.outlineStyle, width: style.outlineWidth,
                      shadow: style.boxShadow, visible: el.matches(":focus-visible")};
            }""",
            selector,
        )
        if focused:
            assert focused["visible"] and focused["outline"] != "none", focused
            assert focused["width"] != "0px"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_completes_the_module(
    lms: Lms, tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    version = "scorm2004"
    url = site.add(packages[version])
    frame = lms.launch(version, url)
    learner = Learner(frame)
    page = tab.page
    page.locator("#sco").focus()
    pages = _pages(frame)
    _tab_to(page, frame, ".skip")
    page.keyboard.press("Enter")
    assert frame.evaluate("() => document.activeElement.id") == "intro--h"
    for key in pages[1:]:
        _tab_to(page, frame, "#next")
        page.keyboard.press("Enter")
        assert learner.page() == key
        assert frame.evaluate("() => document.activeElement.tagName") == "H2"
        if key == "quiz":
            for item in module.quiz.items:
                _tab_to(page, frame, f'.item[data-item="{item.id}"] input[value="true"]')
                page.keyboard.press("Space" if item.answer else "ArrowDown")  # down: "false"
                _tab_to(page, frame, f'.item[data-item="{item.id}"] .check')
                page.keyboard.press("Enter")
                assert learner.verdict(item.id).startswith("Correct.")
    assert frame.locator("#next").is_hidden()
    _tab_to(page, frame, f'.toc a[data-page="{pages[1]}"]')
    page.keyboard.press("Enter")
    assert learner.page() == pages[1]
    lms.unload()
    cmi = lms.cmi()
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
    assert len(list(interactions(version, cmi))) == len(module.quiz.items)
    assert lms.failed_calls() == []
    assert tab.problems() == []


@pytest.mark.parametrize("width", [320, 640])
def test_reflows_at_320_px_and_200_percent_zoom(
    width: int, tab: Tab, site: Site, packages: dict[str, bytes]
) -> None:
    """320 CSS px is WCAG 1.4.10's reflow width; 640 px is a 1280 px window at 200 % zoom."""
    page = tab.page
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(site.base + site.add(packages["scorm12"]))
    learner = Learner(page.main_frame)
    for key in _pages(page.main_frame):
        learner.open(key)
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= width, f"page {key!r} scrolls sideways: {overflow} px"
    assert tab.problems() == []


def test_reduced_motion_is_honoured(browser: Any, site: Site, packages: dict[str, bytes]) -> None:
    url = site.base + site.add(packages["scorm12"])
    for motion, expected in (("reduce", "auto"), ("no-preference", "smooth")):
        context, _ = new_context(browser, reduced_motion=motion)
        page = context.new_page()
        page.goto(url)
        assert page.evaluate("() => getComputedStyle(document.documentElement).scrollBehavior") == (
            expected
        )
        context.close()


def test_print_shows_every_page_without_controls(
    tab: Tab, site: Site, packages: dict[str, bytes], module: Module
) -> None:
    """Printed after the quiz is finished: every page in order; each quiz statement and its
    options, but no notes, answers (right or the learner's), controls or video frames; a
    video by its title; links followed by their address."""
    page = tab.page
    page.goto(site.base + site.add(packages["scorm12"]))
    page.locator("#start").click()
    learner = Learner(page.main_frame)
    learner.open("quiz")
    for n, item in enumerate(module.quiz.items):
        learner.answer(item.id, bool(n % 2))  # some right, some wrong
    assert learner.results()
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all(
        ".page", "pages => pages.map(p => [p.dataset.page, getComputedStyle(p).display])"
    )
    assert shown == [["_start", "block"], *([s.id, "block"] for s in module.sections)]
    hidden = (".toc", ".pager", "#save-status", ".exit", ".start", ".frame", ".check", ".retry")
    answers = (".choice input", ".choice-feedback", ".feedback", ".explanation", ".results")
    notes = (".notes", "textarea", ".mine")
    for selector in (*hidden, *answers, *notes):
        shows = page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent)")
        assert shows == [], selector
    printed = page.eval_on_selector_all(
        ".item",
        """items => items.map(i => [
          i.querySelector("legend").offsetParent !== null,
          [...i.querySelectorAll(".choice > span:first-of-type")].map(s =>
            [s.offsetParent !== null, getComputedStyle(s, "::before").content, s.innerText])])""",
    )
    assert printed == [[True, [[True, "none", "True"], [True, "none", "False"]]]] * len(
        module.quiz.items
    )
    titles = page.eval_on_selector_all(
        ".watch", "ws => ws.map(w => w.querySelector('h4').offsetParent && w.innerText)"
    )
    videos = [s.video for a in module.activities for s in a.steps if hasattr(s, "video")]
    assert len(titles) == len(videos)
    for text, video in zip(titles, videos, strict=True):
        assert text.splitlines()[0] == video.title
    after = page.eval_on_selector_all(
        ".resources a, .card a, .video-link a",
        "links => links.map(a => [a.href, getComputedStyle(a, '::after').content])",
    )
    assert after and all(content == f'" ({href})"' for href, content in after)
