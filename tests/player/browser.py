"""Measuring the player in Chromium: sizes, overflow, broken words, what has focus.

Each measure is one ``page.evaluate`` returning plain data, so a test can collect
findings for every page and state and assert once. Sizes are CSS pixels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from playwright.sync_api import Locator, Page

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
"""Screenshots the browser tests leave for a reviewer (git-ignored; see the README)."""

TARGET = 44
"""The least width and height of a control, in CSS pixels (WCAG 2.5.5)."""


class View(NamedTuple):
    """A window the player is measured in."""

    name: str
    width: int
    height: int
    scale: int = 1


PHONE = View("320x640", 320, 640)
DESKTOP = View("1280x800", 1280, 800)
ZOOM_400 = View("1280x800-at-400pc", 320, 200, 4)
"""A 1280x800 window at 400 % zoom: 320x200 CSS pixels, four device pixels to each."""
VIEWS = (PHONE, DESKTOP, ZOOM_400)

SMALL_CONTROLS = """() => {
  /* Visible controls smaller than the target. A link inside a sentence is exempt (WCAG
     2.5.5's inline exception): its block holds other text than the link. A radio button
     or checkbox inside its label is measured by the label, which a click or tap on
     anywhere chooses it. */
  const min = TARGET;
  const found = [];
  for (const el of document.querySelectorAll("a[href], button, summary, textarea, input, select")) {
    const choice = el.matches("input[type=radio], input[type=checkbox]");
    const target = (choice && el.closest("label")) || el;
    const box = target.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    if (el.matches(".sr, .sr *")) continue;
    if (el.tagName === "A") {
      const block = el.parentElement.closest("p, li, dd, h1, h2, h3, h4, figcaption, td");
      const around = block ? block.textContent.replace(el.textContent, "").trim() : "";
      if (around && !el.closest(".toc")) continue;
    }
    if (box.width < min || box.height < min) {
      found.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}": ` +
                 `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return found;
}""".replace("TARGET", str(TARGET))

BROKEN_WORDS = """() => {
  /* Words whose letters land on two lines. A word may end a line at a hyphen (co-/production)
     as any text does; URLs are exempt, as they may break anywhere to fit. */
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !el.getClientRects().length || el.closest(".sr, script, style")) continue;
    const word = /[^\\s\\-\\u2010\\u2013\\u2014\\/]+[\\-\\u2010]?/g;
    for (let m = word.exec(node.data); m; m = word.exec(node.data)) {
      if (/^(https?:|www\\.|mailto:)/.test(m[0])) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set();
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.bottom));
      if (tops.size > 1) found.push(m[0]);
    }
  }
  return found;
}"""

SIDEWAYS = """() => {
  /* How far the page scrolls sideways, and the elements that stick out to the right. */
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !el.closest(".sr, .skip")) {
      out.push(`${el.tagName.toLowerCase()}.${el.className}: right ${Math.round(box.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth - width, out: out.slice(0, 5)};
}"""

FOCUS = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {id: el.id, tag: el.tagName, top: box.top, bottom: box.bottom,
          height: window.innerHeight};
}"""


def click(page: Page, selector: str | Locator) -> None:
    """Click as a learner does: bring the control into view, let two frames pass, click.

    Right after a scroll, Chromium may still route a click by where the video frames (each
    its own process) were before it; a learner never clicks within a frame of scrolling.
    """
    target = page.locator(selector) if isinstance(selector, str) else selector
    target.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    target.click()


def small_controls(page: Page) -> list[str]:
    found: list[str] = page.evaluate(SMALL_CONTROLS)
    return found


def broken_words(page: Page) -> list[str]:
    found: list[str] = page.evaluate(BROKEN_WORDS)
    return found


def sideways(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(SIDEWAYS)
    return found


def focus(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(FOCUS)
    return found


def shown_page(page: Page) -> str:
    """The location key of the page on show."""
    return page.locator(".page:not([hidden])").get_attribute("data-page") or ""


def screenshot(page: Page, name: str) -> None:
    """Keep what the page looks like now, for a reviewer, as ``test-output/screenshots/<name>``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True, scale="css")
