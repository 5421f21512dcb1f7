"""An xAPI statement as the report reads it: the few members it uses, checked as decoded.

``decode`` turns one statement's JSON into a ``Statement`` (msgspec skips every
member not declared here, so a learner's ``name`` is never even read) or says why
it cannot be used. ``event`` keeps what the counting needs: which learner (as a
salted hash, see ``LearnerKey``), what happened, to which activity, in which
module version, when, and the answer or verdict. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any, Literal

import msgspec

ADL = "http://adlnet.gov/expapi/verbs/"
ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"
"""The attempt number of a statement (an integer from 1); without it, attempt 1."""

Kind = Literal["initialized", "answered", "passed", "failed", "completed"]
VERBS: dict[str, Kind] = {
    ADL + "initialized": "initialized",
    ADL + "answered": "answered",
    ADL + "passed": "passed",
    ADL + "failed": "failed",
    ADL + "completed": "completed",
}
"""The verbs the report counts; statements with any other verb are read and ignored."""


class _Wire(msgspec.Struct, frozen=True, kw_only=True):
    """Members the report reads; any other member is skipped unread."""


class Account(_Wire, frozen=True, kw_only=True):
    home_page: str = msgspec.field(name="homePage")
    name: str


class Actor(_Wire, frozen=True, kw_only=True):
    object_type: str = msgspec.field(default="Agent", name="objectType")
    mbox: str | None = None
    mbox_sha1sum: str | None = None
    openid: str | None = None
    account: Account | None = None


class Verb(_Wire, frozen=True, kw_only=True):
    id: str


class Component(_Wire, frozen=True, kw_only=True):
    """One of an interaction's ``choices``: its id and what it says."""

    id: str
    description: dict[str, str] | None = None


class Definition(_Wire, frozen=True, kw_only=True):
    name: dict[str, str] | None = None
    description: dict[str, str] | None = None
    interaction_type: str | None = msgspec.field(default=None, name="interactionType")
    correct_responses_pattern: list[str] | None = msgspec.field(
        default=None, name="correctResponsesPattern"
    )
    choices: list[Component] | None = None


class Target(_Wire, frozen=True, kw_only=True):
    """The statement's object: an activity (or an agent, a statement reference...)."""

    id: str | None = None
    object_type: str = msgspec.field(default="Activity", name="objectType")
    definition: Definition | None = None


class Ref(_Wire, frozen=True, kw_only=True):
    id: str


Refs = list[Ref] | Ref | None
"""xAPI 1.0.3 allows one activity or a list in each context activities member."""


class ContextActivities(_Wire, frozen=True, kw_only=True):
    parent: Refs = None
    grouping: Refs = None
    category: Refs = None
    other: Refs = None


class Context(_Wire, frozen=True, kw_only=True):
    revision: str | None = None
    context_activities: ContextActivities | None = msgspec.field(
        default=None, name="contextActivities"
    )
    extensions: dict[str, Any] | None = None


class Result(_Wire, frozen=True, kw_only=True):
    response: str | None = None
    success: bool | None = None
    duration: str | None = None


class Statement(_Wire, frozen=True, kw_only=True):
    actor: Actor
    verb: Verb
    object: Target
    context: Context | None = None
    result: Result | None = None
    timestamp: str | None = None
    stored: str | None = None


_DECODER = msgspec.json.Decoder(Statement)


def decode(data: bytes | msgspec.Raw) -> Statement | str:
    """The statement in ``data`` (one JSON object), or why it cannot be read."""
    try:
        return _DECODER.decode(data)
    except msgspec.ValidationError as exc:
        return f"not a statement: {exc}"
    except msgspec.DecodeError:
        return "not JSON"


def related(statement: Statement, iris: tuple[str, ...]) -> int | None:
    """The index of the first of ``iris`` the statement is about, or None.

    As an LRS's ``activity`` filter with ``related_activities=true``: the object, or
    any context activity (parent, grouping, category, other), has that IRI.
    """
    found = [statement.object.id]
    activities = statement.context.context_activities if statement.context else None
    if activities is not None:
        for refs in (activities.parent, activities.grouping, activities.category, activities.other):
            if refs is None:
                continue
            if isinstance(refs, Ref):
                found.append(refs.id)
            else:
                found += [ref.id for ref in refs]
    for i, iri in enumerate(iris):
        if iri in found:
            return i
    return None


class LearnerKey:
    """Turns an actor's identifier into a salted hash, the only form the counts keep.

    The salt is random for each run and never written, so the hashes cannot be
    matched against a list of addresses, nor between two reports.
    """

    def __init__(self, salt: bytes) -> None:
        self._salt = salt

    def __call__(self, actor: Actor) -> bytes | None:
        """The learner's hash, or None when the actor has no identifier."""
        if actor.mbox:
            ifi = "mbox\0" + actor.mbox
        elif actor.mbox_sha1sum:
            ifi = "mbox_sha1sum\0" + actor.mbox_sha1sum
        elif actor.openid:
            ifi = "openid\0" + actor.openid
        elif actor.account:
            ifi = f"account\0{actor.account.home_page}\0{actor.account.name}"
        else:
            return None
        return hashlib.blake2b(ifi.encode(), key=self._salt, digest_size=16).digest()


class Event(msgspec.Struct, frozen=True, kw_only=True):
    """What one statement counts for.

    Attributes:
        learner: the learner's salted hash (``LearnerKey``).
        version: the module version (``context.revision``), None when absent.
        time: the statement's timestamp, seconds since 1970.
        activity: the object's IRI (the quiz item, for ``answered``).
        attempt: the attempt number (``ATTEMPT`` extension), 1 without it.
        response: the response given (``answered``), as the statement has it.
        success: whether the statement says the response is right (``result.success``),
            None when it does not; the report judges with the item's content when it can
            (``keys``).
        seconds: the duration the statement reports, when it reports one.
        definition: the activity's definition (``answered``).
    """

    kind: Kind
    learner: bytes
    version: str | None
    time: float
    activity: str
    attempt: int = 1
    response: str = ""
    success: bool | None = None
    seconds: float | None = None
    definition: Definition | None = None


_NO_CONTEXT = Context()
_NO_RESULT = Result()


def event(statement: Statement, learner: LearnerKey) -> Event | str | None:
    """What ``statement`` counts for; None for a verb the report ignores; or why it is unusable."""
    kind = VERBS.get(statement.verb.id)
    if kind is None:
        return None
    who = learner(statement.actor)
    if statement.actor.object_type == "Group" or who is None:
        return "the actor is not an identified learner (no mbox, mbox_sha1sum, openid or account)"
    if statement.object.id is None:
        return f"a {kind} statement whose object has no id"
    stamp = statement.timestamp or statement.stored
    time = seconds_since_epoch(stamp) if stamp else None
    if time is None:
        return "no timestamp, or one that is not ISO 8601"
    context = statement.context or _NO_CONTEXT
    attempt = context.extensions.get(ATTEMPT, 1) if context.extensions else 1
    if type(attempt) is not int or attempt < 1:
        return f"the {ATTEMPT} extension is not a whole number from 1"
    result = statement.result or _NO_RESULT
    seconds = None
    if result.duration is not None:
        seconds = duration_seconds(result.duration)
        if seconds is None:
            return "result.duration is not an ISO 8601 duration"
    response = ""
    if kind == "answered":
        if result.response is None:
            return "an answered statement without result.response"
        response = result.response
    return Event(
        kind=kind,
        learner=who,
        version=context.revision,
        time=time,
        activity=statement.object.id,
        attempt=attempt,
        response=response,
        success=result.success if kind == "answered" else None,
        seconds=seconds,
        definition=statement.object.definition if kind == "answered" else None,
    )


def seconds_since_epoch(stamp: str) -> float | None:
    """An ISO 8601 timestamp as seconds since 1970 (UTC when it has no offset), or None."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


_DURATION = re.compile(
    r"^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_UNIT_SECONDS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)
"""Years and months as xAPI durations use them in practice: 365 and 30 days."""


def duration_seconds(text: str) -> float | None:
    """An ISO 8601 duration (``PT1H2M3.5S``) in seconds, or None when it is not one."""
    match = _DURATION.match(text)
    if match is None:
        return None
    return sum(float(v) * unit for v, unit in zip(match.groups(), _UNIT_SECONDS, strict=True) if v)
