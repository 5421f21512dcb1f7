"""The xAPI State and Agent Profile resources, in memory: the test LRS's stand-in for them.

Ralph 5.1.0 stores Statements only, and no LRS that implements the document
resources installs from the package registries, so the front in ``lrs.py`` serves
these two from here. ``test_documents.py`` holds this stand-in to the xAPI 1.0.3
rules, each test citing its clause of *xAPI Communication* (the "§" numbers below):

* §2.3, §2.6: a State document is named by ``activityId``, ``agent`` (by its
  identifier), ``registration`` (if given) and ``stateId``; an Agent Profile
  document by ``agent`` and ``profileId``. Without ``stateId`` / ``profileId``, GET
  lists the ids (§2.3.s4, §2.6.s4), newer than ``since`` (exclusive) when given, and
  DELETE on the State resource removes every document of the context (§2.3.s5).
  A registration narrows that context when given: without one, the listing and
  the deletion take every registration (the context is "Activity + Agent [+
  registration if specified]").
* §2.3.s3, §2.6.s3: PUT and POST store, DELETE removes, all answering ``204``; GET
  answers ``200`` with the document, or ``404`` when there is none (§3.2.s2.b4).
* §2.2.s7, §2.2.s8: POST onto an existing document merges two JSON objects at the top
  level; either one not ``application/json`` or not a JSON object is ``400`` and
  changes nothing. POST where there is no document stores it as PUT does.
* §3.1.s4: every GET answers an ``ETag``, the quoted lower-case hex SHA-1 of the body;
  ``If-Match`` (ETags or ``*``) and ``If-None-Match: *`` are honoured on PUT, POST and
  DELETE with ``412`` and no change; a PUT to an existing Agent Profile document
  without either header is ``409`` with an explanation (the State resource permits
  it, §3.1.s3).
* §2.2.s6: GET answers ``Last-Modified``.
* §3.2.s3.b7, §3.3.s3: a missing required parameter, one the resource does not know
  (names differing only in case included), a malformed one, or a missing or
  unsupported ``X-Experience-API-Version`` is ``400`` with a message.

Credentials, CORS and HTTP itself are the front's business, not this module's.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, NamedTuple

STATE = "state"
PROFILE = "profile"
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


class Reply(NamedTuple):
    """What the resource answers: status, headers (besides CORS and the version), body."""

    status: int
    headers: dict[str, str]
    body: bytes


class Document(NamedTuple):
    content_type: str
    body: bytes
    updated: datetime

    @property
    def etag(self) -> str:
        return etag(self.body)


class Refused(Exception):
    """A request the resource answers with an error ``status`` and ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def etag(body: bytes) -> str:
    """The ETag an LRS gives ``body``: its SHA-1 in lower-case hex, quoted (§3.1.s4.b2, b4)."""
    return f'"{hashlib.sha1(body).hexdigest()}"'


def agent_key(agent_json: str) -> str:
    """The identifying part of an Agent (its one inverse functional identifier)."""
    try:
        agent = json.loads(agent_json)
    except ValueError:
        raise Refused(400, "agent is not JSON") from None
    if not isinstance(agent, dict) or agent.get("objectType", "Agent") != "Agent":
        raise Refused(400, "agent must be an Agent object")
    found = [ifi for ifi in IFIS if ifi in agent]
    if len(found) != 1:
        raise Refused(400, "an Agent has exactly one of mbox, mbox_sha1sum, openid, account")
    (ifi,) = found
    if ifi != "account":
        return f"{ifi}={agent[ifi]}"
    account = agent["account"]
    if not isinstance(account, dict) or not {"homePage", "name"} <= set(account):
        raise Refused(400, "an account has a homePage and a name")
    return f"account={account['homePage']}|{account['name']}"


def _version_problem(version: str | None) -> str | None:
    if version is None:
        return "the X-Experience-API-Version header is required"
    if version == "1.0" or version.startswith("1.0."):
        return None
    return f"X-Experience-API-Version {version!r} is not supported; this LRS speaks 1.0.3"


def _timestamp(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Refused(400, f"since {text!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise Refused(400, f"since {text!r} has no time zone")
    return moment


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


class Documents:
    """Every State and Agent Profile document of one test LRS."""

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.clock = clock
        self.stored: dict[tuple[str, ...], Document] = {}
        self.lock = threading.Lock()

    # --- the HTTP-shaped entry point -------------------------------------------------------

    def handle(
        self,
        method: str,
        resource: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes = b"",
    ) -> Reply:
        """Answer one request to ``resource`` (``STATE`` or ``PROFILE``)."""
        lower = {k.lower(): v for k, v in headers.items()}
        try:
            problem = _version_problem(lower.get("x-experience-api-version"))
            if problem:
                raise Refused(400, problem)
            params = self._params(method, resource, query)
            with self.lock:
                return self._apply(method, resource, params, lower, body)
        except Refused as refused:
            error = json.dumps({"error": refused.message}).encode()
            return Reply(refused.status, {"Content-Type": "application/json"}, error)

    def _params(self, method: str, resource: str, query: Mapping[str, list[str]]) -> dict[str, str]:
        if method not in ("GET", "PUT", "POST", "DELETE"):
            raise Refused(405, f"{method} is not a method of this resource")
        context = ("activityId", "agent") if resource == STATE else ("agent",)
        allowed = _allowed(method, resource, query)
        unknown = sorted(set(query) - allowed)
        if unknown:
            raise Refused(400, f"unknown parameter(s) here: {', '.join(unknown)}")
        missing = [name for name in context if name not in query]
        if missing:
            raise Refused(400, f"missing parameter(s): {', '.join(missing)}")
        repeated = sorted(name for name, values in query.items() if len(values) != 1)
        if repeated:
            raise Refused(400, f"parameter(s) given more than once: {', '.join(repeated)}")
        params = {name: values[0] for name, values in query.items()}
        params["agent"] = agent_key(params["agent"])
        if "registration" in params:
            try:
                params["registration"] = str(uuid.UUID(params["registration"]))
            except ValueError:
                raise Refused(400, "registration must be a UUID") from None
        if "since" in params:
            _timestamp(params["since"])
        return params

    def _apply(
        self,
        method: str,
        resource: str,
        params: dict[str, str],
        headers: dict[str, str],
        body: bytes,
    ) -> Reply:
        if "stateId" not in params and "profileId" not in params:
            return self._many(method, resource, params)
        key = self._key(resource, params)
        current = self.stored.get(key)
        if method == "GET":
            if current is None:
                raise Refused(404, "no such document")
            return Reply(200, self._about(current, current.content_type), current.body)
        self._preconditions(method, resource, current, headers)
        if method == "DELETE":
            self.stored.pop(key, None)
            return Reply(204, {}, b"")
        kind = headers.get("content-type", "application/octet-stream")
        if method == "POST" and current is not None:
            old, new = _json_object(current.body), _json_object(body)
            both_json = _media_type(current.content_type) == _media_type(kind) == "application/json"
            if not both_json or old is None or new is None:
                raise Refused(400, "POST merges two JSON objects, both of type application/json")
            kind, body = "application/json", json.dumps({**old, **new}).encode()
        self.stored[key] = Document(kind, body, self.clock())
        return Reply(204, {}, b"")

    def _many(self, method: str, resource: str, params: dict[str, str]) -> Reply:
        if resource == STATE:
            wanted = [
                "activityId",
                "agent",
                *(["registration"] if "registration" in params else []),
            ]
            fields = {"activityId": 1, "agent": 2, "registration": 3}
        else:
            wanted, fields = ["agent"], {"agent": 1}
        chosen = [
            (key, doc)
            for key, doc in self.stored.items()
            if key[0] == resource and all(key[fields[name]] == params[name] for name in wanted)
        ]
        if method == "DELETE":
            for key, _ in chosen:
                del self.stored[key]
            return Reply(204, {}, b"")
        if "since" in params:
            since = _timestamp(params["since"])
            chosen = [(key, doc) for key, doc in chosen if doc.updated > since]
        ids = sorted({key[-1] for key, _ in chosen})
        listing = json.dumps(ids).encode()
        headers = {"Content-Type": "application/json", "ETag": etag(listing)}
        if chosen:
            newest = max(doc.updated for _, doc in chosen)
            headers["Last-Modified"] = format_datetime(newest.astimezone(UTC), usegmt=True)
        return Reply(200, headers, listing)

    @staticmethod
    def _key(resource: str, params: dict[str, str]) -> tuple[str, ...]:
        if resource == STATE:
            return (
                STATE,
                params["activityId"],
                params["agent"],
                params.get("registration", ""),
                params["stateId"],
            )
        return (PROFILE, params["agent"], params["profileId"])

    @staticmethod
    def _about(doc: Document, kind: str) -> dict[str, str]:
        return {
            "Content-Type": kind,
            "ETag": doc.etag,
            "Last-Modified": format_datetime(doc.updated.astimezone(UTC), usegmt=True),
        }

    @staticmethod
    def _preconditions(
        method: str, resource: str, current: Document | None, headers: dict[str, str]
    ) -> None:
        if_match, if_none_match = headers.get("if-match"), headers.get("if-none-match")
        if if_match is not None:
            tags = _tags(if_match)
            if current is None or ("*" not in tags and current.etag not in tags):
                raise Refused(412, "If-Match does not match the document's current ETag")
        if if_none_match is not None:
            tags = _tags(if_none_match)
            if current is not None and ("*" in tags or current.etag in tags):
                raise Refused(412, "If-None-Match: the document already exists")
        if (
            method == "PUT"
            and resource == PROFILE
            and current is not None
            and if_match is None
            and if_none_match is None
        ):
            raise Refused(
                409,
                "the document exists: GET it to check its current state, then PUT with"
                " If-Match set to its ETag",
            )

    # --- direct access, for the test playing the LMS ---------------------------------------

    def put_state(
        self, activity_id: str, agent: dict[str, Any], registration: str, state_id: str, doc: Any
    ) -> None:
        """Write a State document as the LMS that owns this LRS does (cmi5 LMS.LaunchData)."""
        key = (STATE, activity_id, agent_key(json.dumps(agent)), registration, state_id)
        with self.lock:
            self.stored[key] = Document("application/json", json.dumps(doc).encode(), self.clock())

    def state(
        self, activity_id: str, agent: dict[str, Any], registration: str, state_id: str
    ) -> Any:
        """A State document as stored, parsed, or None."""
        key = (STATE, activity_id, agent_key(json.dumps(agent)), registration, state_id)
        with self.lock:
            found = self.stored.get(key)
        return json.loads(found.body) if found else None


def _allowed(method: str, resource: str, query: Mapping[str, list[str]]) -> set[str]:
    """The parameters a request may carry: one document's, or a list's (GET, or DELETE all)."""
    one_id = "stateId" if resource == STATE else "profileId"
    context = ("activityId", "agent") if resource == STATE else ("agent",)
    optional = ("registration",) if resource == STATE else ()
    if one_id in query:
        return {*context, *optional, one_id}
    if method == "GET":
        return {*context, *optional, "since"}
    if method == "DELETE" and resource == STATE:
        return {*context, *optional}
    raise Refused(400, f"{one_id} is required for {method}")
