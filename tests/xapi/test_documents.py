"""The State and Agent Profile stand-in (``documents.py``) held to xAPI 1.0.3.

Each test cites the clause of *xAPI Communication* 1.0.3 (``Comm``) or *xAPI Data*
1.0.3 (``Data``) it checks, by the anchors the specification gives its paragraphs
(e.g. ``Comm 3.1.s4.b9``). Expected values are worked out here from the clause, not
taken from the stand-in.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.xapi.conftest import Lrs
from tests.xapi.documents import PROFILE, STATE, Documents, Reply

ACTIVITY = "https://coprod-content.example.org/module"
OTHER_ACTIVITY = "https://coprod-content.example.org/other"
AGENT = json.dumps({"mbox": "mailto:learner@example.org"})
SAME_AGENT = json.dumps(
    {"objectType": "Agent", "name": "A Learner", "mbox": "mailto:learner@example.org"}
)
OTHER_AGENT = json.dumps({"account": {"homePage": "https://lms.example.org", "name": "42"}})
REG = "4c6f3c8e-0a4e-4b7f-9d2c-1f0e6a5b3c21"
OTHER_REG = "9b1d2f3a-5c6e-4d7f-8a9b-0c1d2e3f4a5b"
VERSION = {"X-Experience-API-Version": "1.0.3"}
JSON = {**VERSION, "Content-Type": "application/json"}
T0 = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves: each reading is one second after the one before."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def docs() -> Documents:
    return Documents(clock=Clock())


def request(
    docs: Documents,
    resource: str,
    method: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    **query: str,
) -> Reply:
    """One request; the parameters naming our activity and agent are there unless given,
    and one given as "-" is left out."""
    ours = {"activityId": ACTIVITY, "agent": AGENT} if resource == STATE else {"agent": AGENT}
    where = {k: v for k, v in {**ours, **query}.items() if v != "-"}
    sent = JSON if headers is None else headers
    return docs.handle(method, resource, {k: [v] for k, v in where.items()}, sent, body)


def state(
    docs: Documents, method: str, body: bytes = b"", headers: Any = None, **query: str
) -> Reply:
    return request(docs, STATE, method, body, headers, **query)


def profile(
    docs: Documents, method: str, body: bytes = b"", headers: Any = None, **query: str
) -> Reply:
    return request(docs, PROFILE, method, body, headers, **query)


def listed(reply: Reply) -> list[str]:
    assert reply.status == 200, reply
    ids: list[str] = json.loads(reply.body)
    return sorted(ids)


def error(reply: Reply) -> str:
    message: str = json.loads(reply.body)["error"]
    return message


# --- naming and the four methods --------------------------------------------------------


def test_a_state_document_is_named_by_activity_agent_registration_and_state_id(
    docs: Documents,
) -> None:
    """Comm 2.3.s3: the document "specified by the given stateId that exists in the context
    of the specified Activity, Agent, and registration (if specified)". Data 2.4.2.1.s2.b1:
    an Agent is identified by its Inverse Functional Identifier, so the same mailbox written
    with a name and objectType is the same Agent."""
    assert state(docs, "PUT", b'{"page": 3}', registration=REG, stateId="s").status == 204
    got = state(docs, "GET", registration=REG, stateId="s", agent=SAME_AGENT)
    assert (got.status, got.body, got.headers["Content-Type"]) == (
        200,
        b'{"page": 3}',
        "application/json",
    )
    for other in (
        {"registration": OTHER_REG},
        {"registration": "-"},
        {"stateId": "t"},
        {"activityId": OTHER_ACTIVITY},
        {"agent": OTHER_AGENT},
    ):
        query = {"registration": REG, "stateId": "s", **other}
        assert state(docs, "GET", **query).status == 404, other


def test_put_post_and_delete_answer_204_and_get_200_with_the_document(docs: Documents) -> None:
    """Comm 2.3.s3 and 2.6.s3: "Returns (PUT | POST | DELETE): 204 No Content; Returns
    (GET): 200 OK", the document as stored (any content type, Comm 1.5.b1)."""
    put = state(docs, "PUT", b"plain words", {**VERSION, "Content-Type": "text/plain"}, stateId="s")
    assert (put.status, put.body) == (204, b"")
    got = state(docs, "GET", stateId="s")
    assert (got.status, got.body, got.headers["Content-Type"]) == (
        200,
        b"plain words",
        "text/plain",
    )
    assert state(docs, "POST", b'{"a": 1}', stateId="j").status == 204
    assert state(docs, "DELETE", stateId="s").status == 204
    assert state(docs, "GET", stateId="s").status == 404
    assert profile(docs, "PUT", b"{}", {**JSON, "If-None-Match": "*"}, profileId="p").status == 204
    assert profile(docs, "GET", profileId="p").status == 200
    assert profile(docs, "DELETE", profileId="p").status == 204
    assert profile(docs, "GET", profileId="p").status == 404


def test_a_document_that_does_not_exist_is_404(docs: Documents) -> None:
    """Comm 3.2.s2.b4: 404 "may be returned by any ... State, Agent Profile ... Resource
    request targeting a specific document" that is not there."""
    assert state(docs, "GET", stateId="never").status == 404
    assert profile(docs, "GET", profileId="never").status == 404


# --- POST merges JSON --------------------------------------------------------------------


def test_post_merges_top_level_properties_as_the_example_shows(docs: Documents) -> None:
    """Comm 2.2.s7 (its example, and "only top-level properties are merged, even if a
    top-level property is an Object") and 2.2.s8.b2 (a successful merge is 204)."""
    state(docs, "PUT", b'{"x": "foo", "y": "bar", "o": {"keep": 1, "old": 2}}', stateId="s")
    merged = state(docs, "POST", b'{"x": "bash", "z": "faz", "o": {"new": 3}}', stateId="s")
    assert merged.status == 204
    got = state(docs, "GET", stateId="s")
    assert json.loads(got.body) == {"x": "bash", "y": "bar", "z": "faz", "o": {"new": 3}}
    assert got.headers["Content-Type"] == "application/json"


def test_post_where_there_is_no_document_stores_it(docs: Documents) -> None:
    """Comm 2.3.s3: POST "stores, changes" the document; with nothing to merge into, the
    posted document is stored as it is."""
    assert state(docs, "POST", b'{"a": 1}', stateId="s").status == 204
    assert json.loads(state(docs, "GET", stateId="s").body) == {"a": 1}


@pytest.mark.parametrize(
    ("existing", "existing_type", "posted", "posted_type"),
    [
        (b'{"a": 1}', "application/json", b"words", "text/plain"),
        (b"words", "text/plain", b'{"a": 1}', "application/json"),
        (b'{"a": 1}', "application/json", b"[1, 2]", "application/json"),
        (b'{"a": 1}', "application/json", b"{not json", "application/json"),
        (b"[1, 2]", "application/json", b'{"a": 1}', "application/json"),
        (b'"text"', "application/json", b'{"a": 1}', "application/json"),
    ],
)
def test_post_that_cannot_merge_two_json_objects_is_400_and_changes_nothing(
    docs: Documents, existing: bytes, existing_type: str, posted: bytes, posted_type: str
) -> None:
    """Comm 2.2.s8.b1: "If the document being posted or any existing document does not have
    a Content-Type of application/json, or if either document cannot be parsed as a JSON
    Object, the LRS MUST respond with HTTP status code 400 Bad Request, and MUST NOT update
    the target document"."""
    state(docs, "PUT", existing, {**VERSION, "Content-Type": existing_type}, stateId="s")
    posted_reply = state(
        docs, "POST", posted, {**VERSION, "Content-Type": posted_type}, stateId="s"
    )
    assert posted_reply.status == 400
    assert "JSON object" in error(posted_reply)
    got = state(docs, "GET", stateId="s")
    assert (got.body, got.headers["Content-Type"]) == (existing, existing_type)


# --- many documents: ids, since, DELETE --------------------------------------------------


def test_without_a_state_id_get_lists_the_ids_of_the_context(docs: Documents) -> None:
    """Comm 2.3.s2 ("Otherwise, GET will return the available ids") and 2.3.s4: "Fetches
    State ids of all state data for this context (Activity + Agent [ + registration if
    specified])" as "200 OK, Array of State id(s)". Without a registration the context is
    the Activity and Agent, whatever the registration."""
    state(docs, "PUT", b"1", stateId="s1", registration=REG)
    state(docs, "PUT", b"2", stateId="s2", registration=REG)
    state(docs, "PUT", b"3", stateId="s3", registration=OTHER_REG)
    state(docs, "PUT", b"4", stateId="s4")
    state(docs, "PUT", b"5", stateId="s5", activityId=OTHER_ACTIVITY)
    state(docs, "PUT", b"6", stateId="s6", agent=OTHER_AGENT)
    assert listed(state(docs, "GET", registration=REG)) == ["s1", "s2"]
    assert listed(state(docs, "GET")) == ["s1", "s2", "s3", "s4"]
    assert listed(state(docs, "GET", agent=OTHER_AGENT)) == ["s6"]
    assert listed(state(docs, "GET", activityId="https://nothing.example.org/")) == []
    profile(docs, "PUT", b"{}", {**JSON, "If-None-Match": "*"}, profileId="p1")
    profile(docs, "PUT", b"{}", {**JSON, "If-None-Match": "*"}, profileId="p2")
    assert listed(profile(docs, "GET")) == ["p1", "p2"]  # Comm 2.6.s4
    assert listed(profile(docs, "GET", agent=OTHER_AGENT)) == []


def test_since_lists_only_ids_stored_or_updated_after_it(docs: Documents) -> None:
    """Comm 2.3.s4 and 2.6.s4: "limited to entries that have been stored or updated since
    the specified timestamp (exclusive)". The clock reads 09:00:01 for the first write,
    09:00:02 for the second, and so on."""
    state(docs, "PUT", b"{}", stateId="a")  # 09:00:01
    state(docs, "PUT", b"{}", stateId="b")  # 09:00:02

    def since(moment: str) -> list[str]:
        return listed(state(docs, "GET", since=moment))

    assert since("2026-01-05T09:00:00Z") == ["a", "b"]
    assert since("2026-01-05T09:00:01Z") == ["b"]  # exclusive: a was stored at 09:00:01
    assert since("2026-01-05T10:00:01+01:00") == ["b"]  # the same moment, another zone
    assert since("2026-01-05T09:00:02Z") == []
    state(docs, "POST", b'{"x": 1}', stateId="a")  # updated at 09:00:03
    assert since("2026-01-05T09:00:02Z") == ["a"]
    profile(docs, "PUT", b"{}", {**JSON, "If-None-Match": "*"}, profileId="p")  # 09:00:04
    assert listed(profile(docs, "GET", since="2026-01-05T09:00:03Z")) == ["p"]
    assert listed(profile(docs, "GET", since="2026-01-05T09:00:04Z")) == []
    for bad in ("yesterday", "2026-01-05T09:00:00"):  # not a timestamp; no time zone
        assert state(docs, "GET", since=bad).status == 400, bad


def test_delete_without_a_state_id_removes_every_document_of_the_context(
    docs: Documents,
) -> None:
    """Comm 2.3.s2 ("DELETE will delete all state in the context given through the other
    parameters") and 2.3.s5 (Activity + Agent [+ registration if specified]; 204)."""
    state(docs, "PUT", b"1", stateId="s1", registration=REG)
    state(docs, "PUT", b"2", stateId="s2", registration=OTHER_REG)
    state(docs, "PUT", b"3", stateId="s3")
    state(docs, "PUT", b"4", stateId="s4", activityId=OTHER_ACTIVITY)
    state(docs, "PUT", b"5", stateId="s5", agent=OTHER_AGENT)
    assert state(docs, "DELETE", registration=REG).status == 204
    assert listed(state(docs, "GET")) == ["s2", "s3"]
    assert state(docs, "DELETE").status == 204
    assert listed(state(docs, "GET")) == []
    assert listed(state(docs, "GET", activityId=OTHER_ACTIVITY)) == ["s4"]
    assert listed(state(docs, "GET", agent=OTHER_AGENT)) == ["s5"]


def test_the_agent_profile_resource_has_no_delete_of_many(docs: Documents) -> None:
    """Comm 2.6: DELETE is a single-document method there (2.6.s3, profileId required);
    2.6.s4 defines only a multiple-document GET."""
    refused = profile(docs, "DELETE")
    assert refused.status == 400
    assert "profileId" in error(refused)


# --- concurrency: ETags and preconditions ---------------------------------------------------

# SHA-1 of {"a": 1} and of ["s"], worked out apart from the code under test with sha1sum.
SHA1_A1 = "e4ad4daad53a2eec0313386ada88211e50d693bd"


def test_every_get_answers_a_quoted_lower_case_sha1_etag(docs: Documents) -> None:
    """Comm 3.1.s4.b1 (a GET MUST add an ETag), 3.1.s4.b2 (the hexadecimal SHA-1 digest of
    the contents, lower case) and 3.1.s4.b4 (enclosed in quotes)."""
    state(docs, "PUT", b'{"a": 1}', stateId="s")
    assert state(docs, "GET", stateId="s").headers["ETag"] == f'"{SHA1_A1}"'
    listing = state(docs, "GET")
    assert listing.body == b'["s"]'
    assert listing.headers["ETag"] == '"5a8287fd5c097475845ae375c4531c3ce1fe4832"'


def test_put_with_if_match_changes_only_the_document_it_names(docs: Documents) -> None:
    """Comm 3.1.s4.b5 (If-Match handled as RFC 2616 14.24), 3.1.s4.b9 (412) and 3.1.s4.b10
    (no modification); RFC 2616 14.24: no current entity fails any If-Match."""
    current = f'"{SHA1_A1}"'
    assert state(docs, "PUT", b"{}", {**JSON, "If-Match": current}, stateId="s").status == 412
    assert state(docs, "GET", stateId="s").status == 404
    state(docs, "PUT", b'{"a": 1}', stateId="s")
    stale = state(docs, "PUT", b'{"b": 2}', {**JSON, "If-Match": '"0000"'}, stateId="s")
    assert stale.status == 412
    assert state(docs, "GET", stateId="s").body == b'{"a": 1}'
    fresh = state(docs, "PUT", b'{"b": 2}', {**JSON, "If-Match": f'"0000", {current}'}, stateId="s")
    assert fresh.status == 204
    assert state(docs, "GET", stateId="s").body == b'{"b": 2}'
    assert state(docs, "PUT", b'{"c": 3}', {**JSON, "If-Match": "*"}, stateId="s").status == 204


def test_put_with_if_none_match_star_only_creates(docs: Documents) -> None:
    """Comm 3.1.s4.b6 (If-None-Match: * detects "a resource present that the Client is not
    aware of"), 3.1.s4.b9 and 3.1.s4.b10."""
    create = {**JSON, "If-None-Match": "*"}
    assert state(docs, "PUT", b'{"a": 1}', create, stateId="s").status == 204
    assert state(docs, "PUT", b'{"b": 2}', create, stateId="s").status == 412
    assert state(docs, "GET", stateId="s").body == b'{"a": 1}'


def test_post_and_delete_honour_the_same_preconditions(docs: Documents) -> None:
    """Comm 3.1.s4.b7 (POST and DELETE handle If-Match), 3.1.s4.b8 (POST handles
    If-None-Match: *), 3.1.s4.b11 (412) and 3.1.s4.b12 (no modification)."""
    state(docs, "PUT", b'{"a": 1}', stateId="s")
    stale = {**JSON, "If-Match": '"0000"'}
    assert state(docs, "POST", b'{"b": 2}', stale, stateId="s").status == 412
    assert (
        state(docs, "POST", b'{"b": 2}', {**JSON, "If-None-Match": "*"}, stateId="s").status == 412
    )
    assert state(docs, "DELETE", headers=stale, stateId="s").status == 412
    assert state(docs, "GET", stateId="s").body == b'{"a": 1}'
    current = {**JSON, "If-Match": f'"{SHA1_A1}"'}
    assert state(docs, "DELETE", headers=current, stateId="s").status == 204
    assert state(docs, "GET", stateId="s").status == 404


def test_a_put_over_an_agent_profile_without_a_precondition_is_409_explained(
    docs: Documents,
) -> None:
    """Comm 3.1.s4.b13 (409 Conflict), 3.1.s4.b14 (the answer says to check the current
    state and to set If-Match with the current ETag) and 3.1.s4.b15 (no modification).
    Comm 3.1.s3: "The State Resource will permit PUT, POST and DELETE requests without
    concurrency headers", so there the PUT replaces the document."""
    assert (
        profile(docs, "PUT", b'{"a": 1}', {**JSON, "If-None-Match": "*"}, profileId="p").status
        == 204
    )
    conflict = profile(docs, "PUT", b'{"b": 2}', profileId="p")
    assert conflict.status == 409
    assert "current state" in error(conflict)
    assert "If-Match" in error(conflict) and "ETag" in error(conflict)
    assert profile(docs, "GET", profileId="p").body == b'{"a": 1}'
    state(docs, "PUT", b'{"a": 1}', stateId="s")
    assert state(docs, "PUT", b'{"b": 2}', stateId="s").status == 204
    assert state(docs, "GET", stateId="s").body == b'{"b": 2}'


def test_get_answers_when_the_documents_were_last_modified(docs: Documents) -> None:
    """Comm 2.2.s6.b1 (a single document: when it was last modified) and 2.2.s6.b2 (many:
    when the most recently modified one was), as HTTP dates."""
    state(docs, "PUT", b"{}", stateId="a")  # 09:00:01
    state(docs, "PUT", b"{}", stateId="b")  # 09:00:02
    state(docs, "POST", b'{"x": 1}', stateId="a")  # 09:00:03
    assert state(docs, "GET", stateId="b").headers["Last-Modified"] == (
        "Mon, 05 Jan 2026 09:00:02 GMT"
    )
    assert state(docs, "GET").headers["Last-Modified"] == "Mon, 05 Jan 2026 09:00:03 GMT"


# --- requests the resources refuse ---------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "query", "clause", "says"),
    [
        (
            "GET",
            {"activityId": "-", "stateId": "s"},
            "Comm 2.3.s3: activityId Required",
            "activityId",
        ),
        ("GET", {"agent": "-", "stateId": "s"}, "Comm 2.3.s3: agent Required", "agent"),
        ("PUT", {}, "Comm 2.3.s3: stateId Required for PUT", "stateId"),
        ("POST", {}, "Comm 2.3.s3: stateId Required for POST", "stateId"),
        ("GET", {"stateId": "s", "since": "2026-01-05T09:00:00Z"}, "Comm 3.2.s3.b7", "since"),
        ("GET", {"stateId": "s", "activityID": ACTIVITY}, "Comm 3.2.s3.b8 (case)", "activityID"),
        ("GET", {"stateId": "s", "registration": "42"}, "Comm 2.3.s3: a UUID", "UUID"),
        ("GET", {"stateId": "s", "agent": "{not json"}, "Comm 2.3.s3: Agent (JSON)", "JSON"),
        (
            "GET",
            {
                "stateId": "s",
                "agent": json.dumps({"objectType": "Group", "mbox": "mailto:g@x.org"}),
            },
            "Comm 2.6.s3 note: an Agent, not a Group",
            "Agent",
        ),
        (
            "GET",
            {
                "stateId": "s",
                "agent": json.dumps({"mbox": "mailto:a@x.org", "openid": "https://x.org"}),
            },
            "Data 2.4.2.1.s2.b2: one identifier only",
            "exactly one",
        ),
    ],
)
def test_a_malformed_state_request_is_400_saying_why(
    docs: Documents, method: str, query: dict[str, str], clause: str, says: str
) -> None:
    """Comm 3.2.s2.b1: 400 "caused by an invalid or missing argument"; the clause each case
    rests on is its ``clause``."""
    refused = state(docs, method, b"{}", **query)
    assert refused.status == 400, clause
    assert says in error(refused), clause


@pytest.mark.parametrize(
    ("version", "status"),
    [
        ("1.0.3", 200),
        ("1.0.0", 200),
        ("1.0.9", 200),
        ("1.0", 200),
        (None, 400),
        ("1.1.0", 400),
        ("0.95", 400),
    ],
)
def test_the_version_header_is_required_and_must_be_1_0_x(
    docs: Documents, version: str | None, status: int
) -> None:
    """Comm 3.3.s3.b3 ("1.0" as "1.0.0"), 3.3.s3.b4 (before 1.0.0 rejected), 3.3.s3.b4.1
    (no header rejected), 3.3.s3.b5 (any 1.0.x accepted), 3.3.s3.b6 (1.1.0 or greater
    rejected), 3.3.s3.b7 (400 with a short description)."""
    headers = {} if version is None else {"X-Experience-API-Version": version}
    got = state(docs, "GET", headers=headers)
    assert got.status == status
    if status == 400:
        assert "X-Experience-API-Version" in error(got)


# --- through the front, over HTTP ------------------------------------------------------------


def test_the_front_serves_the_documents_over_http_to_a_browser_origin(lrs: Lrs) -> None:
    """What a browser on the package's origin sees: the version header on every answer
    (Comm 3.3.s3.b1), ETag and Last-Modified readable (exposed to CORS), and 401 for
    credentials the LRS refuses (Comm 3.2.s2.b2)."""
    origin = "http://127.0.0.1:9"
    headers: dict[str, Any] = {
        "Authorization": lrs.ralph.auth,
        "Origin": origin,
        **VERSION,
    }
    where = {"activityId": ACTIVITY, "agent": AGENT, "registration": REG, "stateId": "s"}
    with httpx.Client(base_url=lrs.front.endpoint, headers=headers) as client:
        assert client.put("activities/state", params=where, json={"a": 1}).status_code == 204
        got = client.get("activities/state", params=where)
        missing = client.get("agents/profile", params={"agent": AGENT, "profileId": "p"})
        refused = client.get(
            "activities/state", params=where, headers={"Authorization": "Basic eDp5"}
        )
    assert got.json() == {"a": 1}
    assert got.headers["x-experience-api-version"] == "1.0.3"
    assert got.headers["access-control-allow-origin"] == origin
    exposed = {h.strip().lower() for h in got.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "last-modified"} <= exposed
    assert got.headers["etag"].startswith('"') and got.headers["last-modified"].endswith(" GMT")
    assert missing.status_code == 404
    assert refused.status_code == 401
    assert lrs.front.documents.state(ACTIVITY, json.loads(AGENT), REG, "s") == {"a": 1}
