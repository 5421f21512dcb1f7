"""Reading one statement: what it counts for, and every reason it cannot be used."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coprod_content.report.statement import (
    ATTEMPT,
    Event,
    LearnerKey,
    decode,
    duration_seconds,
    event,
    related,
    seconds_since_epoch,
)

MODULE = "https://learning.coprod-tests.org.uk/xapi/mini"
AU = MODULE + "/au"
KEY = LearnerKey(b"salt")


def answered(**changes: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "actor": {"name": "Ann Example", "mbox": "mailto:ann@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {
            "id": MODULE + "/quiz/q1",
            "definition": {"interactionType": "true-false", "correctResponsesPattern": ["true"]},
        },
        "result": {"response": "true", "success": True},
        "context": {"revision": "1.1.0", "contextActivities": {"parent": [{"id": MODULE}]}},
        "timestamp": "2025-03-01T09:00:00.250Z",
    }
    statement.update(changes)
    return statement


def read(statement: dict[str, Any]) -> Event | str | None:
    decoded = decode(json.dumps(statement).encode())
    assert not isinstance(decoded, str), decoded
    return event(decoded, KEY)


def test_an_answer_counts_with_its_version_time_and_what_it_says_of_itself() -> None:
    found = read(answered())
    assert isinstance(found, Event)
    assert (found.kind, found.version, found.activity) == ("answered", "1.1.0", MODULE + "/quiz/q1")
    assert (found.response, found.success, found.attempt) == ("true", True, 1)
    assert found.time == 1740819600.25
    assert found.learner == KEY(decode(json.dumps(answered()).encode()).actor)  # type: ignore[union-attr]


def test_a_choice_definition_is_read_with_its_choices() -> None:
    definition = {
        "interactionType": "choice",
        "correctResponsesPattern": ["a[,]c"],
        "choices": [{"id": "a", "description": {"en-GB": "Apples"}}, {"id": "b"}],
    }
    found = read(answered(object={"id": MODULE + "/quiz/q2", "definition": definition}))
    assert isinstance(found, Event) and found.definition is not None
    assert found.success is True  # what the statement says; the report judges (keys)
    assert [(c.id, c.description) for c in found.definition.choices or ()] == [
        ("a", {"en-GB": "Apples"}),
        ("b", None),
    ]


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (2, 2), (17, 17)])
def test_the_attempt_extension_is_read(value: int, expected: int) -> None:
    found = read(answered(context={"revision": "1.0.0", "extensions": {ATTEMPT: value}}))
    assert isinstance(found, Event) and found.attempt == expected


@pytest.mark.parametrize("value", [0, -1, 1.5, "2", True, None])
def test_an_attempt_that_is_not_a_whole_number_from_1_is_refused(value: object) -> None:
    found = read(answered(context={"extensions": {ATTEMPT: value}}))
    assert found == f"the {ATTEMPT} extension is not a whole number from 1"


def test_statements_without_a_revision_have_no_version() -> None:
    found = read(answered(context={}))
    assert isinstance(found, Event) and found.version is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"actor": {"objectType": "Group", "member": []}}, "the actor is not an identified"),
        ({"actor": {"name": "No Identifier"}}, "the actor is not an identified"),
        ({"timestamp": "yesterday"}, "no timestamp, or one that is not ISO 8601"),
        ({"timestamp": None}, "no timestamp, or one that is not ISO 8601"),
        ({"result": {"success": True}}, "an answered statement without result.response"),
        ({"result": {"response": "true", "duration": "5 minutes"}}, "result.duration is not"),
        ({"object": {"objectType": "SubStatement"}}, "a answered statement whose object has no"),
    ],
)
def test_unusable_statements_say_why(change: dict[str, Any], reason: str) -> None:
    found = read(answered(**change))
    assert isinstance(found, str) and found.startswith(reason), found


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not a statement: Expected `object`, got `array`"),
        (b'{"verb": {"id": "x"}, "object": {"id": "y"}}', "not a statement: Object missing"),
        (
            json.dumps(answered(context={"revision": 2})).encode(),
            "not a statement: Expected `str | null`, got `int` - at `$.context.revision`",
        ),
    ],
)
def test_what_cannot_be_decoded_says_why(data: bytes, reason: str) -> None:
    found = decode(data)
    assert isinstance(found, str) and found.startswith(reason), found


def test_other_verbs_are_ignored() -> None:
    assert read(answered(verb={"id": "http://adlnet.gov/expapi/verbs/experienced"})) is None
    assert read(answered(verb={"id": "http://adlnet.gov/expapi/verbs/launched"})) is None


def test_a_learner_is_the_same_hash_by_identifier_not_by_name() -> None:
    def key(actor: dict[str, Any]) -> bytes | None:
        decoded = decode(json.dumps(answered(actor=actor)).encode())
        assert not isinstance(decoded, str)
        return KEY(decoded.actor)

    ann = key({"name": "Ann", "mbox": "mailto:ann@example.org"})
    assert ann == key({"name": "Ann Other", "mbox": "mailto:ann@example.org"})
    assert ann != key({"name": "Ann", "mbox": "mailto:bob@example.org"})
    account = {"homePage": "https://lms.example.org", "name": "42"}
    assert key({"account": account}) == key({"account": account, "name": "x"})
    assert key({"account": account}) != key({"openid": "https://lms.example.org/42"})
    assert ann != LearnerKey(b"another salt")(decode(json.dumps(answered()).encode()).actor)  # type: ignore[union-attr]
    assert ann is not None and len(ann) == 16


def test_related_matches_the_object_or_any_context_activity() -> None:
    def about(statement: dict[str, Any]) -> int | None:
        decoded = decode(json.dumps(statement).encode())
        assert not isinstance(decoded, str)
        return related(decoded, (MODULE, AU))

    assert about(answered()) == 0
    assert about(answered(object={"id": MODULE})) == 0
    assert about(answered(object={"id": AU}, context={})) == 1
    grouped = {"contextActivities": {"grouping": {"id": AU}, "category": [{"id": "x"}]}}
    assert about(answered(context=grouped)) == 1
    both = {"contextActivities": {"other": [{"id": AU}, {"id": MODULE}]}}
    assert about(answered(context=both)) == 0
    assert about(answered(context={}, object={"id": MODULE + "/quiz/q1"})) is None
    assert about(answered(context={}, object={"id": MODULE + "x"})) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT5S", 5.0),
        ("PT12.34S", 12.34),
        ("PT1H2M3.5S", 3723.5),
        ("P1DT1S", 86401.0),
        ("P2W", 1209600.0),
        ("PT0S", 0.0),
    ],
)
def test_iso_8601_durations(text: str, seconds: float) -> None:
    assert duration_seconds(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["P", "PT", "5S", "PT5", "PT-5S", "P1DT", "pt5s", ""])
def test_not_durations(text: str) -> None:
    assert duration_seconds(text) is None


def test_timestamps_with_and_without_an_offset() -> None:
    assert seconds_since_epoch("2025-03-01T09:00:00Z") == 1740819600.0
    assert seconds_since_epoch("2025-03-01T10:00:00+01:00") == 1740819600.0
    assert seconds_since_epoch("2025-03-01T09:00:00") == 1740819600.0
    assert seconds_since_epoch("1 March") is None
