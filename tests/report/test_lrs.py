"""Reading an LRS, and its faults, against a scripted stand-in (Ralph cannot be made to fail).

Waits between tries are recorded, not slept: the client takes its ``sleep``, and the
command-line tests set the first wait to zero.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coprod_content.cli import main
from coprod_content.report import lrs
from coprod_content.report.lrs import Client, LrsError, authorization
from coprod_content.report.source import read_lrs
from coprod_content.report.tally import Tally
from tests.report.fake_lrs import FakeLrs, Reply, page
from tests.report.statements import Session, agent, statements
from tests.xapi.lrs import free_port

MINI = "https://example.org/xapi/activities/mini"
VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid"
SECRET = "reporter:s3cr3t-Pa55word"
PATTERNS = {"feedback-after-design": "false", "takes-more-time": "true"}


def made(count: int) -> list[dict[str, Any]]:
    """``count`` learners' statements about the mini module: initialized and one answer."""
    sessions = [
        Session(learner=agent(n), version="0.1.0", answers=(("takes-more-time", "true"),))
        for n in range(count)
    ]
    return statements(MINI, PATTERNS, sessions)


@pytest.fixture
def fake() -> Iterator[Any]:
    servers: list[FakeLrs] = []

    def start(*script: Reply) -> FakeLrs:
        servers.append(FakeLrs(list(script)))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


class Waits:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def client(endpoint: str, waits: Waits | None = None, **options: Any) -> Client:
    auth = authorization(SECRET, "COPROD_LRS_AUTH")
    return Client(endpoint, auth=auth, auth_variable="COPROD_LRS_AUTH", sleep=waits, **options)


def read(found: Client, activity: str = MINI) -> list[dict[str, Any]]:
    return [json.loads(bytes(raw)) for _, raw in found.statements(activity)]


def test_pages_are_followed_with_the_standard_query_and_headers(fake: Any) -> None:
    stored = made(3)
    first, second = stored[:4], stored[4:]
    server = fake(
        page(first, more="/xapi/statements?page=2"),
        page(second, more=""),
    )
    got = [
        json.loads(bytes(raw))
        for _, raw in client(server.endpoint).statements(
            MINI, since="2025-01-01T00:00:00Z", until="2025-12-31T00:00:00Z"
        )
    ]
    assert got == first + second
    one, two = server.requests
    assert one.path == "/xapi/statements"
    assert one.query == {
        "activity": MINI,
        "related_activities": "true",
        "limit": "500",
        "since": "2025-01-01T00:00:00Z",
        "until": "2025-12-31T00:00:00Z",
    }
    assert (two.path, two.query) == ("/xapi/statements", {"page": "2"})
    for request in server.requests:
        assert request.headers["x-experience-api-version"] == "1.0.3"
        assert request.headers["authorization"] == "Basic " + base64.b64encode(
            SECRET.encode()
        ).decode("ascii")


def test_the_module_and_its_au_are_both_asked_for_and_each_statement_counted_once(
    fake: Any,
) -> None:
    statements_ = made(2)
    both = {
        **statements_[0],
        "context": {"contextActivities": {"grouping": [{"id": MINI + "/au"}]}},
    }
    server = fake(page([*statements_, both]), page([both]))
    tally = Tally((MINI, MINI + "/au"))
    read_lrs(tally, client(server.endpoint), None, None)
    assert [r.query["activity"] for r in server.requests] == [MINI, MINI + "/au"]
    assert tally.read == len(statements_) + 1


def test_a_500_then_success_reads_everything(fake: Any) -> None:
    waits = Waits()
    stored = made(2)
    server = fake(Reply(500, b"{}"), page(stored))
    assert read(client(server.endpoint, waits)) == stored
    assert len(server.requests) == 2
    assert waits.seconds == [1.0]


def test_429_waits_as_long_as_asked_within_a_bound(fake: Any) -> None:
    waits = Waits()
    server = fake(
        Reply(429, b"{}", {"Retry-After": "3"}),
        Reply(503, b"{}", {"Retry-After": "86400"}),
        page([]),
    )
    assert read(client(server.endpoint, waits)) == []
    assert waits.seconds == [3.0, 60.0]


def test_a_server_error_every_time_is_reported_after_four_tries(fake: Any) -> None:
    waits = Waits()
    server = fake(Reply(503, b"{}"))
    with pytest.raises(LrsError) as caught:
        read(client(server.endpoint, waits))
    assert str(caught.value) == (
        f"the LRS at {server.endpoint} answered HTTP 503 Service Unavailable on 4 tries over"
        " 7 s; check that it is running and reachable, then try again"
    )
    assert (len(server.requests), waits.seconds) == (4, [1.0, 2.0, 4.0])


def test_an_lrs_that_is_down_is_reported_after_four_tries() -> None:
    waits = Waits()
    endpoint = f"http://127.0.0.1:{free_port()}/xapi/"
    with pytest.raises(LrsError) as caught:
        read(client(endpoint, waits))
    assert str(caught.value) == (
        f"the LRS at {endpoint} could not be read (connection refused) on 4 tries over 7 s;"
        " check that it is running and reachable, then try again"
    )
    assert waits.seconds == [1.0, 2.0, 4.0]


def test_an_lrs_that_does_not_answer_in_time_is_tried_again(fake: Any) -> None:
    waits = Waits()
    stored = made(1)
    server = fake(Reply(hang=True), page(stored))
    assert read(client(server.endpoint, waits, timeout=0.3)) == stored
    assert len(server.requests) == 2
    assert waits.seconds == [1.0]


def test_refused_credentials_are_reported_at_once_and_never_shown(fake: Any) -> None:
    waits = Waits()
    server = fake(Reply(401, b'{"error": "bad credentials"}'))
    with pytest.raises(LrsError) as caught:
        read(client(server.endpoint, waits))
    assert str(caught.value) == (
        f"the LRS at {server.endpoint} refused the credentials in $COPROD_LRS_AUTH (HTTP 401);"
        " check the key and secret it holds"
    )
    assert (len(server.requests), waits.seconds) == (1, [])
    assert "s3cr3t" not in str(caught.value)


def test_an_lrs_asking_for_credentials_none_were_given(fake: Any) -> None:
    server = fake(Reply(401, b"{}"))
    anonymous = Client(server.endpoint, auth=None, auth_variable="MY_LRS")
    with pytest.raises(LrsError) as caught:
        read(anonymous)
    assert str(caught.value) == (
        f"the LRS at {server.endpoint} needs credentials (HTTP 401) and $MY_LRS is not set;"
        " put the LRS key and secret in it as key:secret"
    )
    assert "authorization" not in server.requests[0].headers


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (403, "does not let these credentials read statements (HTTP 403); ask whoever runs it"),
        (302, "redirects (HTTP 302); give the address it redirects to as --lrs"),
        (400, "refused GET statements: HTTP 400 Bad Request"),
    ],
)
def test_other_refusals_are_reported_at_once(fake: Any, status: int, message: str) -> None:
    server = fake(Reply(status, b"{}", {"Location": "http://elsewhere.example.org/"}))
    with pytest.raises(LrsError) as caught:
        read(client(server.endpoint, Waits()))
    assert str(caught.value).startswith(f"the LRS at {server.endpoint} {message}")
    assert len(server.requests) == 1


def test_a_more_link_loop_is_stopped(fake: Any) -> None:
    server = fake(
        page(made(1), more="/xapi/statements?page=2"),
        page(made(1), more="/xapi/statements?page=3"),
        page(made(1), more="/xapi/statements?page=2"),
    )
    with pytest.raises(LrsError) as caught:
        read(client(server.endpoint))
    assert str(caught.value) == (
        f"the LRS at {server.endpoint} sent a 'more' link it had already sent (after 3 pages),"
        " so paging would never end; stopped there: this is a fault in the LRS, report it to"
        " whoever runs it"
    )
    assert len(server.requests) == 3


def test_a_more_link_to_another_server_is_not_followed(fake: Any) -> None:
    server = fake(page([], more="http://elsewhere.example.org/xapi/statements?page=2"))
    with pytest.raises(LrsError) as caught:
        read(client(server.endpoint))
    assert "sent a 'more' link to another server; stopped there" in str(caught.value)
    assert len(server.requests) == 1


def test_an_answer_that_is_not_a_statement_result_is_reported(fake: Any) -> None:
    server = fake(Reply(200, b"<html>Sign in</html>", {"Content-Type": "text/html"}))
    with pytest.raises(LrsError) as caught:
        read(client(server.endpoint))
    assert str(caught.value).startswith(
        f"the LRS at {server.endpoint} answered GET statements with something that is not a"
        " StatementResult"
    )


def test_credentials_in_the_address_are_refused() -> None:
    with pytest.raises(LrsError) as caught:
        Client("https://reporter:s3cr3t@lrs.example.org/xapi/")
    assert "s3cr3t" not in str(caught.value)
    assert str(caught.value).startswith("the LRS address holds credentials; remove them")


@pytest.mark.parametrize(
    ("value", "header"),
    [
        ("key:secret", "Basic a2V5OnNlY3JldA=="),
        ("  key:secret\n", "Basic a2V5OnNlY3JldA=="),
        ("Basic a2V5OnNlY3JldA==", "Basic a2V5OnNlY3JldA=="),
    ],
)
def test_credentials_from_the_environment(value: str, header: str) -> None:
    assert authorization(value, "X") == header


def test_credentials_that_are_not_key_and_secret_are_refused_without_showing_them() -> None:
    with pytest.raises(LrsError) as caught:
        authorization("just-a-token-Zz9", "COPROD_LRS_AUTH")
    assert str(caught.value) == (
        "$COPROD_LRS_AUTH must hold the LRS credentials as key:secret (or a whole 'Basic ...'"
        " header value)"
    )


# --- the command -------------------------------------------------------------------


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lrs, "BACKOFF", 0.0)


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["report", "--content", str(VALID), "--out", str(tmp_path / "out"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_malformed_statements_are_counted_and_skipped_with_a_summary(
    fake: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = made(6)
    broken: list[Any] = [
        [1, 2],
        {**good[1], "actor": {"name": "Nobody"}},
        {**good[1], "actor": {"name": "Nobody"}},
        {**good[1], "result": {"success": True}},
        {**good[1], "timestamp": "yesterday"},
    ]
    server = fake(page(good + broken, more="/xapi/statements?page=2"), page([]), page([]))
    monkeypatch.setenv("COPROD_LRS_AUTH", SECRET)
    code, out, err = run(capsys, tmp_path, "--lrs", server.endpoint)
    assert code == 0
    assert err.splitlines() == [
        "read 17 statements about mini: 12 counted, 0 with other verbs left aside, 5 skipped",
        "skipped 2: the actor is not an identified learner (no mbox, mbox_sha1sum, openid or"
        " account) (first: page 1, statement 14)",
        "skipped 1: an answered statement without result.response (first: page 1, statement 16)",
        "skipped 1: no timestamp, or one that is not ISO 8601 (first: page 1, statement 17)",
        "skipped 1: not a statement: Expected `object`, got `array` (first: page 1, statement 13)",
    ]
    assert out.splitlines() == [
        f"wrote {tmp_path}/out/{name} ({(tmp_path / 'out' / name).stat().st_size} bytes)"
        for name in ("report.json", "report.html", "items.csv")
    ]
    report = json.loads((tmp_path / "out" / "report.json").read_bytes())
    assert report["statements"]["skipped"][0] == {
        "reason": "the actor is not an identified learner (no mbox, mbox_sha1sum, openid or"
        " account)",
        "statements": 2,
    }
    assert report["versions"][0]["items"][0]["learners"] == 6
    assert SECRET not in out + err


def test_an_lrs_that_is_down_is_an_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_waiting: None,
) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/xapi/"
    monkeypatch.setenv("LRS_READER", SECRET)
    code, out, err = run(capsys, tmp_path, "--lrs", endpoint, "--auth-env", "LRS_READER")
    assert code == 1
    assert err == (
        f"error: the LRS at {endpoint} could not be read (connection refused) on 4 tries over"
        " 0 s; check that it is running and reachable, then try again\n"
    )
    assert out == ""
    assert not (tmp_path / "out").exists()


def test_refused_credentials_from_the_command_never_show_them(
    fake: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = fake(Reply(401, b"{}"))
    monkeypatch.setenv("COPROD_LRS_AUTH", SECRET)
    code, out, err = run(capsys, tmp_path, "--lrs", server.endpoint)
    assert code == 1
    assert err == (
        f"error: the LRS at {server.endpoint} refused the credentials in $COPROD_LRS_AUTH"
        " (HTTP 401); check the key and secret it holds\n"
    )
    assert "s3cr3t" not in out + err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min-learners", "4"], "error: --min-learners must be 5 or more, not 4: a figure from"),
        ([], "error: give either --lrs URL or --statements FILE, to say where to read"),
        (["--since", "last week"], "error: --since 'last week' is not a time; write it as ISO"),
        (["--until", "2025-03-01T00:00:00"], "error: --until '2025-03-01T00:00:00' has no time"),
    ],
)
def test_options_that_cannot_be_used_are_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    empty = tmp_path / "none.jsonl"
    empty.write_text("")
    source = ["--statements", str(empty)] if args else []
    code, _, err = run(capsys, tmp_path, *source, *args)
    assert code == 1
    assert err.startswith(message), err
