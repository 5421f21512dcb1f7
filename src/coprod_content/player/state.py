"""The learner's saved state, and how much room each notes box gets.

The player saves one string through its tracking adapter (SCORM ``suspend_data``,
an xAPI state document...). ``player.js`` writes it as ASCII-only JSON::

    {"v":1,"k":"<quiz key>","a":"tf-","n":{"<reflect step id>":"<note>"}}

``a`` holds one character per quiz item in content order: ``t``, ``f``, or ``-``
for unanswered; ``k`` fingerprints the quiz so answers are ignored if the items
changed. Non-ASCII characters are written as ``\\uXXXX`` escapes, exactly as
``json.dumps(..., ensure_ascii=True)`` does, so this module can compute sizes
that the JavaScript will meet. Each notes box gets an equal share of what the
target allows, counted in encoded characters.
"""

from __future__ import annotations

import hashlib
import json

from coprod_content.diagnostics import PackageError
from coprod_content.model import Module, Reflect

FORMAT_VERSION = 1
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


def quiz_key(module: Module) -> str:
    """A short fingerprint of the quiz items and answers, in order."""
    spec = "\n".join(f"{item.id}={'t' if item.answer else 'f'}" for item in module.quiz.items)
    return hashlib.sha256(spec.encode()).hexdigest()[:8]


def reflect_ids(module: Module) -> list[str]:
    """The ids of every Reflect step (one notes box each), in module order."""
    return [s.id for a in module.activities for s in a.steps if isinstance(s, Reflect)]


def largest(module: Module) -> str:
    """The saved state with every item answered and every notes box empty."""
    notes = {step: "" for step in reflect_ids(module)}
    state = {"v": FORMAT_VERSION, "k": quiz_key(module), "a": "t" * len(module.quiz.items)}
    return encode({**state, "n": notes})


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
