"""A pseudo-locale: every interface word transformed, so a word the player did not take
from its catalogue stands out on the page.

Each text is accented letter by letter (placeholders kept), made about 40 % longer with
extra pseudo-words, and wrapped in ``⟦ ⟧`` so a test can tell interface text from the
module's own text, which is never transformed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

TAG = "en-XA"
"""The pseudo-locale's language tag (the usual one for accented English)."""
OPEN, CLOSE = "⟦", "⟧"
_ACCENTS = str.maketrans(
    "abcdeghiklnorstuwyzABCDEGHIKLNORSTUWYZ",
    "ȧƀƈḓḗɠħīķŀƞǿřşŧŭẇẏẑȦƁƇḒḖƓĦĪĶĿȠǾŘŞŦŬẆẎẐ",
)
_PLACEHOLDER = re.compile(r"(\{\w+\})")
GROWTH = 0.4


def transform(text: str) -> str:
    """``text`` accented, about 40 % longer and marked; ``{placeholders}`` kept as they are."""
    parts = _PLACEHOLDER.split(text)
    accented = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_ACCENTS) for p in parts)
    letters = len(_PLACEHOLDER.sub("", text))
    extra = max(2, round(letters * GROWTH))
    padding = " ".join(["ẋẋẋẋ"] * (extra // 5) + ["ẋ" * (extra % 5 or 1)])
    return f"{OPEN}{accented} {padding}{CLOSE}"


def catalogue(english: Mapping[str, str]) -> dict[str, str]:
    """The pseudo-locale catalogue made from the English one."""
    return {key: transform(text) for key, text in english.items()}


UNTRANSFORMED = """([corpus, open, close]) => {
  /* Text the learner can meet (on screen, to a screen reader, in the window title or a
     control's name) that is neither marked pseudo-locale text nor the module's own. */
  const norm = s => s.replace(/\\s+/g, " ").trim();
  /* innermost marks first: an interface text may hold another (a page title in a title) */
  const inner = new RegExp(open + "[^" + open + close + "]*" + close, "g");
  const unmark = s => {
    for (let t = s.replace(inner, " "); t !== s; t = s.replace(inner, " ")) s = t;
    return s;
  };
  const found = [];
  const check = (where, text) => {
    const rest = norm(unmark(text));
    if (/\\p{L}/u.test(rest) && !corpus.includes(rest)) found.push(`${where}: ${rest}`);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, noscript, .captions .lang")) continue;
    if (!el.getClientRects().length && !el.closest(".sr")) continue;
    check(el.tagName.toLowerCase(), node.data);
  }
  for (const el of document.querySelectorAll("[title], [aria-label], [placeholder]")) {
    for (const name of ["title", "aria-label", "placeholder"]) {
      const value = el.getAttribute(name);
      if (value !== null) check(`${el.tagName.toLowerCase()}[${name}]`, value);
    }
  }
  check("document title", document.title);
  return found;
}"""

CLIPPED = """() => {
  /* Controls whose text does not fit inside them, or that stick out of the window. */
  const width = document.documentElement.clientWidth;
  const found = [];
  const controls = "button, summary, .btn, .toc a, .solo, .toc-toggle, label, legend";
  for (const el of document.querySelectorAll(controls)) {
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).display === "inline") continue;
    const clipped = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (clipped || box.right > width + 1 || box.left < -1) {
      found.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}": ` +
                 `${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}` +
                 `, right ${Math.round(box.right)}`);
    }
  }
  return found;
}"""
