"""Counting statements as they stream past: per version, per learner, per item; nothing else.

A ``Tally`` keeps, for each module version, the number of sessions and, for each
learner (a salted hash), a handful of facts: launched, judged, the first pass and
its attempt number, the highest attempt number seen, the first completion and its
duration, and the first answer to each item (the one of the lowest attempt number,
then the earliest). Memory grows with learners and items, never with statements.
Every "first" is the least by attempt and timestamp (ties broken by value), so the
result does not depend on the order statements arrive in: an LRS and a file give
the same.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from typing import NamedTuple, assert_never

import msgspec

from coprod_content.report.statement import (
    Definition,
    Event,
    LearnerKey,
    Statement,
    decode,
    event,
    related,
    seconds_since_epoch,
)

MAX_REASONS = 50
"""Distinct reasons for skipping kept with their counts; the rest are counted together."""
OTHER_REASONS = "other reasons"


class Answer(NamedTuple):
    """A learner's first answer to an item; answers compare by attempt, time, then value."""

    attempt: int
    time: float
    response: str
    success: bool | None
    """What the statement says (``result.success``); the report judges with ``keys``."""


class Learner:
    """What one learner did in one version."""

    __slots__ = ("answers", "attempts", "completed", "judged", "launched", "passed")

    def __init__(self) -> None:
        self.launched = False
        self.judged = False
        self.attempts = 1
        """The highest attempt number of any of their statements."""
        self.passed: tuple[float, int] | None = None
        """The first passing verdict: (time, attempt)."""
        self.completed: tuple[float, float] | None = None
        """The first completion: (time, seconds; infinite when it reports no duration)."""
        self.answers: dict[str, Answer] = {}


def _words(language_map: dict[str, str] | None) -> str:
    return next(iter((language_map or {}).values()), "")


class Item:
    """What the statements say about a quiz item in one version: the definition carried by
    its earliest answer (the content of the version, when known, says more: ``keys``)."""

    __slots__ = ("choices", "definition", "interaction", "patterns", "text", "time")

    def __init__(self, definition: Definition | None, time: float = math.inf) -> None:
        found = definition or Definition()
        self.time = time
        self.definition = found
        self.interaction = found.interaction_type
        self.patterns = tuple(found.correct_responses_pattern or ())
        self.choices = tuple((c.id, _words(c.description)) for c in found.choices or ())
        self.text = _words(found.description or found.name)


class Version:
    """The counts of one module version (or of statements without one)."""

    __slots__ = ("items", "learners", "sessions")

    def __init__(self) -> None:
        self.sessions = 0
        self.learners: dict[bytes, Learner] = {}
        self.items: dict[str, Item] = {}


class Tally:
    """The counts so far.

    Args:
        iris: the module's activity IRIs; statements about none of them are left out.
        items: what the IRIs of the module's quiz items start with; an answer about any
            other activity is left aside with the verbs the report does not count.
        salt: the key of the learners' hashes; random unless a test fixes it.
    """

    def __init__(
        self, iris: tuple[str, ...], *, items: str = "", salt: bytes | None = None
    ) -> None:
        self.iris = iris
        self.items = items
        self.window: tuple[float | None, float | None] = (None, None)
        """Only statements stored after the first and up to the second time (a file's
        ``--since``/``--until``; an LRS applies them itself)."""
        self._key = LearnerKey(salt if salt is not None else os.urandom(32))
        self.versions: dict[str | None, Version] = {}
        self.read = 0
        """Statements about the module (or that could not be read at all)."""
        self.used = 0
        self.ignored = 0
        """Statements about the module with a verb the report does not count (or answers
        about activities that are not its quiz items)."""
        self.elsewhere = 0
        """Statements about other activities, left out."""
        self.skipped: Counter[str] = Counter()
        self.first_skipped: dict[str, str] = {}
        """Where the first statement skipped for each reason was."""

    def add(self, where: str, data: bytes | msgspec.Raw, query: int | None = None) -> None:
        """Count one statement's JSON; ``where`` locates it in messages.

        Args:
            query: for statements fetched from an LRS, the index in ``iris`` of the
                activity queried; a statement about an earlier IRI was already
                counted by that earlier query, so it is passed over.
        """
        statement = decode(data)
        if isinstance(statement, str):
            self.read += 1
            self._skip(where, statement)
            return
        about = related(statement, self.iris)
        if about is None or not self._within(statement):
            self.elsewhere += 1
            return
        if query is not None and about < query:
            return
        self.read += 1
        found = event(statement, self._key)
        if isinstance(found, str):
            self._skip(where, found)
        elif found is None or (
            found.kind == "answered" and not found.activity.startswith(self.items)
        ):
            self.ignored += 1
        else:
            self.used += 1
            self._count(found)

    def _within(self, statement: Statement) -> bool:
        since, until = self.window
        if since is None and until is None:
            return True
        stamp = statement.stored or statement.timestamp
        moment = seconds_since_epoch(stamp) if stamp else None
        return (
            moment is not None
            and (since is None or moment > since)
            and (until is None or moment <= until)
        )

    def _skip(self, where: str, reason: str) -> None:
        if reason not in self.skipped and len(self.skipped) >= MAX_REASONS:
            reason = OTHER_REASONS
        self.skipped[reason] += 1
        self.first_skipped.setdefault(reason, where)

    def _count(self, found: Event) -> None:
        version = self.versions.get(found.version)
        if version is None:
            version = self.versions[found.version] = Version()
        learner = version.learners.get(found.learner)
        if learner is None:
            learner = version.learners[found.learner] = Learner()
        learner.attempts = max(learner.attempts, found.attempt)
        if found.kind == "initialized":
            version.sessions += 1
            learner.launched = True
        elif found.kind == "answered":
            item = version.items.get(found.activity)
            if item is None or _earlier(found, item):
                version.items[found.activity] = Item(found.definition, found.time)
            answer = Answer(found.attempt, found.time, found.response, found.success)
            before = learner.answers.get(found.activity)
            if before is None or answer[:3] < before[:3]:
                learner.answers[found.activity] = answer
        elif found.kind == "passed":
            learner.judged = True
            passed = (found.time, found.attempt)
            if learner.passed is None or passed < learner.passed:
                learner.passed = passed
        elif found.kind == "failed":
            learner.judged = True
        elif found.kind == "completed":
            seconds = found.seconds if found.seconds is not None else float("inf")
            if learner.completed is None or (found.time, seconds) < learner.completed:
                learner.completed = (found.time, seconds)
        else:
            assert_never(found.kind)


def _earlier(found: Event, item: Item) -> bool:
    """Whether ``found`` is an earlier answer than the one ``item`` was read from (the same
    time: the definition first in byte order, so any order of arrival gives the same)."""
    if found.time != item.time:
        return found.time < item.time
    definition = found.definition or Definition()
    return msgspec.json.encode(definition) < msgspec.json.encode(item.definition)
