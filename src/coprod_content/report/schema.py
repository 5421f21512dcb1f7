"""``report.json``: the figures of an item analysis, as msgspec Structs and their JSON Schema.

Every figure resting on learners is either its value or the words ``"fewer than N"``
(``Hidden``) when fewer than N distinct learners are behind it; ``null`` means the
figure is not defined (for example a correlation when every learner answered alike).
Nothing here can hold a learner's identity: the report is built from counts.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from coprod_content.quiz import Kind

Hidden = Annotated[
    str,
    Meta(
        pattern=r"^fewer than [0-9]+$",
        description="The figure rests on fewer distinct learners than the report's threshold.",
    ),
]
Count = int | Hidden
Share = Annotated[float, Meta(ge=0, le=1)] | Hidden | None
Number = float | Hidden | None
Flag = Literal["mostly-wrong", "negative-discrimination"]
"""``mostly-wrong``: under half the learners were right at their first answer.
``negative-discrimination``: learners who do well on the rest of the quiz get this item
wrong more often than those who do not."""


class Out(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every part of ``report.json``."""


class Skipped(Out, frozen=True, kw_only=True):
    """Statements left out because they could not be used, by reason."""

    reason: str
    statements: int


class Statements(Out, frozen=True, kw_only=True):
    """What was read: about this module, counted, with other verbs, and skipped."""

    read: int
    used: int
    ignored: int
    skipped: tuple[Skipped, ...]


class Response(Out, frozen=True, kw_only=True):
    """How many learners chose an option (or gave a response) at their first answer.

    ``response`` is the option's id (a choice id; ``true`` or ``false``), or something
    else a response held, which only learners wrote; it is null for "other responses":
    those each given by too few learners to be shown on their own, counted together
    (the learners who gave any of them). ``text`` is the option's words, empty when not
    known. ``correct`` says whether the option belongs to the right answer (for a
    multiple-response item: whether it should be chosen), null when not known. A
    learner counts once in each option their answer chose, so a multiple-response
    item's rows add up to more than its learners.
    """

    response: str | None
    text: str
    correct: bool | None
    learners: Count


class Item(Out, frozen=True, kw_only=True):
    """One quiz item in one version.

    ``kind`` is its kind in that version (null when its content is not known and its
    statements do not say). ``text`` is its wording in that version: from the content's
    release, or, when that is not known, from the activity definition its statements
    carry (shown only when enough learners answered it); empty when not known.
    A first answer is the one of the learner's lowest attempt number, then the earliest.
    """

    id: str
    iri: str
    kind: Kind | None
    text: str
    learners: Count
    correct_at_first_answer: Share
    discrimination: Number
    responses: tuple[Response, ...]
    flags: tuple[Flag, ...]


class Attempts(Out, frozen=True, kw_only=True):
    """How many learners first passed on an attempt: 1, 2, or 3 (meaning 3 or later)."""

    attempt: int
    learners: Count


class Version(Out, frozen=True, kw_only=True):
    """One module version; ``version`` is null for statements without ``context.revision``.

    ``pass_rate`` and ``first_attempt_pass_rate``: of the learners with a verdict, the
    share who passed, and who passed on their first attempt. ``attempts_to_pass``: the
    mean attempt number of learners' first pass. ``tried_again``: learners with any
    statement from a second attempt or later.
    """

    version: str | None
    learners: Count
    launches: Count
    completions: Count
    pass_rate: Share
    first_attempt_pass_rate: Share
    attempts_to_pass: Number
    passes_by_attempt: tuple[Attempts, ...]
    tried_again: Count
    median_minutes_to_complete: Number
    items: tuple[Item, ...]


class Comparison(Out, frozen=True, kw_only=True):
    """An item whose wording changed between two versions, with both versions' figures."""

    item: str
    changes: tuple[str, ...]
    before: str
    after: str
    was: Item
    now: Item


class Report(Out, frozen=True, kw_only=True):
    """An item analysis of one module from xAPI statements.

    ``format`` is the version of this format; it changes only when a consumer would
    have to change.
    """

    format: Literal[1] = 1
    module: str
    title: str
    source: Literal["lrs", "file"]
    since: str | None
    until: str | None
    min_learners: int
    statements: Statements
    versions: tuple[Version, ...]
    reworded: tuple[Comparison, ...]


def encode(report: Report) -> bytes:
    """``report.json``: the report, indented for people who open it."""
    return msgspec.json.format(msgspec.json.encode(report)) + b"\n"


def json_schema() -> bytes:
    """The JSON Schema of ``report.json``."""
    return msgspec.json.format(msgspec.json.encode(msgspec.json.schema(Report))) + b"\n"
