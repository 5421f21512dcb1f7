"""Statements made from scripts for the report tests: what a learner did -> xAPI statements.

Each ``Session`` is one learner's sitting in one module version: launched, answers
given in order, a verdict, a completion with its duration. ``statements`` writes
them as the Tin Can package does (valid per the Learning Locker validator), so a
test knows every figure from its scripts before the report reads a statement.
Items are true/false (their correct response pattern, ``"true"`` or ``"false"``) or
choice items (a ``Choice``); a response is written as the packages write it, the
chosen ids joined by ``[,]``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

ADL = "http://adlnet.gov/expapi/verbs/"
ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
JOIN = "[,]"


@dataclass(frozen=True)
class Choice:
    """A choice item as its activity definition describes it."""

    choices: tuple[str, ...]
    right: tuple[str, ...]
    """The ids of the right choices, in the choices' order."""

    @property
    def pattern(self) -> str:
        return JOIN.join(self.right)


Spec = str | Choice
"""An item: a true/false item's correct response, or a choice item."""


def is_right(spec: Spec, response: str) -> bool:
    """The quiz's rule, written out: exactly the right options, each once, in any order."""
    if isinstance(spec, str):
        return response == spec
    given = response.split(JOIN)
    return sorted(given) == sorted(spec.right)


def definition(item: str, spec: Spec) -> dict[str, Any]:
    """The activity definition the packages send for an item."""
    found: dict[str, Any] = {"type": INTERACTION, "name": {"en-GB": item}}
    if isinstance(spec, str):
        return {**found, "interactionType": "true-false", "correctResponsesPattern": [spec]}
    return {
        **found,
        "interactionType": "choice",
        "correctResponsesPattern": [spec.pattern],
        "choices": [{"id": c, "description": {"en-GB": f"Choice {c}"}} for c in spec.choices],
    }


def agent(n: int, *, kind: str = "mbox") -> dict[str, Any]:
    """Learner ``n`` identified by an mbox, an mbox_sha1sum, an openid or an account."""
    name = f"Learner Zq{n:04d}x"
    ifi: dict[str, Any] = {
        "mbox": {"mbox": f"mailto:learner.zq{n:04d}@example.org"},
        "mbox_sha1sum": {"mbox_sha1sum": f"{n:040x}"},
        "openid": {"openid": f"https://id.example.org/zq{n:04d}"},
        "account": {"account": {"homePage": "https://lms.example.org", "name": f"acct-zq{n:04d}"}},
    }[kind]
    return {"objectType": "Agent", "name": name, **ifi}


@dataclass(frozen=True)
class Session:
    """One learner's sitting in one version.

    Attributes:
        answers: (item id, response) in the order given; a response equal to the
            item's pattern is correct.
        verdict: "passed", "failed" or None (left before finishing).
        duration: seconds reported on ``completed``; None sends no ``completed``.
        attempt: the attempt-id extension on answers and verdict; None sends none.
        initialized: whether the sitting starts with ``initialized``; a later attempt in
            the same session (same registration, later start) does not.
        lms_activity: for a cmi5 sitting, the LMS's activity id: module statements are
            about it, and every statement has the AU (``<module>/au``) as grouping.
    """

    learner: dict[str, Any]
    version: str | None
    answers: tuple[tuple[str, str], ...] = ()
    verdict: str | None = None
    duration: float | None = None
    attempt: int | None = None
    start: datetime = T0
    initialized: bool = True
    registration: str = field(default_factory=lambda: str(uuid.uuid4()))
    lms_activity: str | None = None


def statements(
    module_iri: str, items: Mapping[str, Spec], sessions: list[Session]
) -> list[dict[str, Any]]:
    """Every statement of ``sessions``, one second apart within a session."""
    out: list[dict[str, Any]] = []
    for session in sessions:
        clock = iter(range(10_000))

        def emit(
            verb: str,
            target: dict[str, Any],
            result: dict[str, Any] | None = None,
            child: bool = False,
            session: Session = session,
            clock: Any = clock,
        ) -> None:
            context: dict[str, Any] = {"registration": session.registration}
            if session.version is not None:
                context["revision"] = session.version
            activities: dict[str, Any] = {}
            if child:
                activities["parent"] = [{"id": session.lms_activity or module_iri}]
            if session.lms_activity:
                activities["grouping"] = [{"id": module_iri + "/au"}]
            if activities:
                context["contextActivities"] = activities
            if session.attempt is not None and verb != "initialized":
                context["extensions"] = {ATTEMPT: session.attempt}
            statement: dict[str, Any] = {
                "id": str(uuid.uuid4()),
                "actor": session.learner,
                "verb": {"id": ADL + verb, "display": {"en-US": verb}},
                "object": target,
                "context": context,
                "timestamp": _stamp(session.start + timedelta(seconds=next(clock))),
            }
            if result is not None:
                statement["result"] = result
            out.append(statement)

        module = {"objectType": "Activity", "id": session.lms_activity or module_iri}
        if session.initialized:
            emit("initialized", module)
        for item, response in session.answers:
            emit(
                "answered",
                {
                    "objectType": "Activity",
                    "id": f"{module_iri}/quiz/{item}",
                    "definition": definition(item, items[item]),
                },
                {"response": response, "success": is_right(items[item], response)},
                child=True,
            )
        if session.verdict is not None:
            emit(session.verdict, module, {"success": session.verdict == "passed"})
        if session.duration is not None:
            emit("completed", module, {"completion": True, "duration": f"PT{session.duration}S"})
    return out


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
