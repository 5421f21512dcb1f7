"""The learner's saved state, and how much room each notes box gets.

The player saves one string through its tracking adapter (SCORM ``suspend_data``,
an xAPI state document...). ``player.js`` writes it as ASCII-only JSON, format 2::

    {"v":2,"k":"<quiz key>","t":2,"r":"1-08","b":3,"p":1,"g":"<pages key>","s":"f31",
     "n":{"<reflect step id>":"<note>"}}

``t``
    the attempt number, from 1 (at most ``MAX_ATTEMPT``).
``r``
    the current attempt's responses, item by item in content order. Each is a
    lower-case hex bitmask of the options checked (bit *i* is option *i* in the order
    shown; a true/false item's options are true then false, see ``quiz.options``),
    ``width(item)`` digits long: 1 for up to 4 options, 2 for up to 8. An item not
    checked yet is that many ``-``. One rule for every kind, so the player's script
    needs no knowledge of kinds: true is ``1`` and false ``2``.
``b``
    how many items the best finished attempt got right; absent until one is finished.
``p``
    ``1`` once any attempt has passed (a pass is never taken back), else ``0``.
``k``
    fingerprints the quiz (item ids, kinds, options, correct answers). When it
    differs, the quiz has changed: ``t``, ``r`` and ``b`` are dropped, ``p`` and the
    notes are kept.
``g``
    fingerprints the pages (``pages``: the start page, then each section, in order).
    When it differs, the module's pages have changed and ``s`` is dropped.
``s``
    the pages visited, four pages a hex digit in page order: bit *b* (worth ``1 << b``)
    of digit *j* is page ``4j + b``, the start page being page 0; ``seen_width`` digits.
    Ten pages all visited are ``ff3``. Digits rather than one number, so that a module of
    any length stays exact in JavaScript.
``n``
    notes, by reflect step id.

Readers ignore members they do not know, so a later format can add some without a
new version number, as long as old members keep their meaning: ``g`` and ``s`` were
added that way, and a format-2 state without them reads as "no page visited but the
one it resumes at". Non-ASCII characters are written as ``\\uXXXX`` escapes, exactly as
``json.dumps(..., ensure_ascii=True)`` does, so this module can compute sizes that the
JavaScript will meet. Each notes box gets an equal share of what the target allows,
counted in encoded characters.

**Format 1** (``{"v":1,"k":<key>,"a":"tf-","n":{...}}``, written before choice kinds)
is upgraded when read, not discarded: if its ``k`` equals ``legacy_key`` of today's quiz,
each ``t``/``f`` of ``a`` becomes that item's option true/false in attempt 1; notes are
kept either way. Format 1 has no pages visited either.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence

from coprod_content import quiz
from coprod_content.diagnostics import PackageError
from coprod_content.model import Module, QuizItem, Reflect

FORMAT_VERSION = 2
MAX_ATTEMPT = 9999
"""The attempt number stops here; with unlimited attempts "Try again" stays offered."""
NOTE_CAP = 5000
"""The most any one notes box holds, however roomy the target."""
NOTE_MIN = 200
"""Fewer characters than this per notes box is not a usable notes box."""


def encode(state: object) -> str:
    """The saved-state string, as ``player.js`` writes it."""
    return json.dumps(state, ensure_ascii=True, separators=(",", ":"))


def note_cost(text: str) -> int:
    """Characters a note takes in the saved state (quotes excluded)."""
    return len(encode(text)) - 2


def width(item: QuizItem) -> int:
    """Hex digits of an item's response in ``r``: one per four options."""
    return (len(quiz.options(item)) + 3) // 4


def response(item: QuizItem, chosen: Collection[str] | None) -> str:
    """An item's response in ``r``: the options ``chosen`` as a bitmask, or ``-`` if none."""
    if chosen is None:
        return "-" * width(item)
    mask = sum(1 << i for i, option in enumerate(quiz.options(item)) if option.id in chosen)
    return f"{mask:0{width(item)}x}"


def responses(module: Module, chosen: Sequence[Collection[str] | None]) -> str:
    """The ``r`` member for a response (or None) per item, in content order."""
    return "".join(response(i, c) for i, c in zip(module.quiz.items, chosen, strict=True))


def quiz_key(module: Module) -> str:
    """A short fingerprint of the quiz items, their options and answers, in order."""
    spec = "\n".join(
        f"{item.id}={quiz.kind(item)}:{','.join(o.id for o in quiz.options(item))}"
        f":{','.join(quiz.correct(item))}"
        for item in module.quiz.items
    )
    return hashlib.sha256(spec.encode()).hexdigest()[:8]


def legacy_key(module: Module) -> str:
    """The fingerprint format 1 gave this quiz; empty if it has items format 1 could not hold."""
    codes = [quiz.format1_code(item) for item in module.quiz.items]
    if None in codes:
        return ""
    spec = "\n".join(
        f"{item.id}={code}" for item, code in zip(module.quiz.items, codes, strict=True)
    )
    return hashlib.sha256(spec.encode()).hexdigest()[:8]


START = "_start"
"""The start page's key (its location); never a section id (ids are slugs, without ``_``)."""


def pages(module: Module) -> list[str]:
    """The keys of the player's pages, in order: the start page, then each section's id."""
    return [START, *(section.id for section in module.sections)]


def pages_key(module: Module) -> str:
    """``g``: a short fingerprint of the pages, in order."""
    return hashlib.sha256("\n".join(pages(module)).encode()).hexdigest()[:8]


def seen_width(module: Module) -> int:
    """Hex digits of ``s``: one per four pages."""
    return (len(pages(module)) + 3) // 4


def seen(module: Module, visited: Collection[str]) -> str:
    """The ``s`` member for the pages ``visited`` (keys as ``pages`` gives them)."""
    keys = pages(module)
    return "".join(
        f"{sum(1 << b for b, key in enumerate(keys[j : j + 4]) if key in visited):x}"
        for j in range(0, len(keys), 4)
    )


def reflect_ids(module: Module) -> list[str]:
    """The ids of every Reflect step (one notes box each), in module order."""
    return [s.id for a in module.activities for s in a.steps if isinstance(s, Reflect)]


def largest(module: Module) -> str:
    """The longest saved state but for the notes: the last attempt, every item answered,
    every page visited, every box empty."""
    items = module.quiz.items
    state = {
        "v": FORMAT_VERSION,
        "k": quiz_key(module),
        "t": MAX_ATTEMPT,
        "r": "".join("f" * width(item) for item in items),
        "b": len(items),
        "p": 1,
        "g": pages_key(module),
        "s": "f" * seen_width(module),
        "n": {step: "" for step in reflect_ids(module)},
    }
    return encode(state)


def note_budget(module: Module, limit: int) -> int:
    """Encoded characters each notes box may hold so the state fits in ``limit``.

    Raises:
        PackageError: the module has so many quiz items and notes boxes that a notes
            box would hold fewer than ``NOTE_MIN`` characters.
    """
    boxes = len(reflect_ids(module))
    if not boxes:
        return 0
    spare = limit - len(largest(module))
    budget = min(spare // boxes, NOTE_CAP)
    if budget < NOTE_MIN:
        raise PackageError(
            f"module {module.id!r}: {boxes} notes boxes and {len(module.quiz.items)} quiz items "
            f"leave {max(budget, 0)} characters per notes box in a saved state of at most "
            f"{limit} characters (at least {NOTE_MIN} are needed); "
            "use fewer reflect steps or quiz items"
        )
    return budget
