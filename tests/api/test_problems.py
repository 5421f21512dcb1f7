"""Errors are RFC 9457 problem+json, name the parameter or field, and say how to fix it."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import create_app, pages
from coprod_content.api.problems import Problem
from coprod_content.model import Module
from tests.api.conftest import ROOT

Client = TestClient[Litestar]
BASE = "/v1/modules/coproduction"
HINT = 'send {"answer": true} or {"answer": false}'
TYPE = "tag:coprod-content,2026:problem/"
"""The prefix of every problem type, as the README documents it."""


def problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    """The decoded problem of ``response``, after checking its status, type and shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["cache-control"] == "no-store"
    msgspec.json.decode(response.content, type=Problem)  # the documented shape, strictly
    decoded: dict[str, Any] = msgspec.json.decode(response.content)
    assert decoded["status"] == status
    assert decoded["type"] == TYPE + kind
    return decoded


@pytest.mark.parametrize(
    ("url", "kind", "detail"),
    [
        (
            "/v1/modules/nope",
            "unknown-module",
            "there is no module 'nope'; modules: coproduction (listed at /v1/modules)",
        ),
        (
            "/v1/modules/nope/quiz",
            "unknown-module",
            "there is no module 'nope'; modules: coproduction (listed at /v1/modules)",
        ),
        (
            "/v1/modules/nope/quiz/x/check",
            "unknown-module",
            "there is no module 'nope'; modules: coproduction (listed at /v1/modules)",
        ),
        (
            f"{BASE}/sections/nope",
            "unknown-part",
            f"module 'coproduction' has no section 'nope'; see {BASE}/sections for those it has",
        ),
        (
            f"{BASE}/activities/nope",
            "unknown-part",
            f"module 'coproduction' has no activity 'nope'; see {BASE}/activities for those it has",
        ),
        (
            f"{BASE}/quiz/nope",
            "unknown-part",
            f"module 'coproduction' has no quiz item 'nope'; see {BASE}/quiz for those it has",
        ),
        (
            f"{BASE}/resources/nope",
            "unknown-part",
            f"module 'coproduction' has no resource 'nope'; see {BASE}/resources for those it has",
        ),
        (
            f"{BASE}/versions/1.0.0/quiz",
            "unknown-version",
            "module 'coproduction' has no released version '1.0.0'; released versions: none yet"
            f" (listed at {BASE}/versions)",
        ),
        (
            "/v2/modules",
            "not-found",
            "no resource at /v2/modules; the routes are listed in /schema/openapi.json",
        ),
        (
            "/v1/schema/nope.json",
            "not-found",
            "no resource at /v1/schema/nope.json; the routes are listed in /schema/openapi.json",
        ),
        (
            f"{BASE}/quiz.answers-maybe.json",
            "not-found",
            f"no resource at {BASE}/quiz.answers-maybe.json; the routes are listed in"
            " /schema/openapi.json",
        ),
    ],
)
def test_404_says_what_is_missing(client: Client, url: str, kind: str, detail: str) -> None:
    method = "POST" if url.endswith("/check") else "GET"
    got = problem(client.request(method, url), 404, kind)
    assert got == {
        "type": TYPE + kind,
        "title": "Not Found",
        "status": 404,
        "detail": detail,
        "instance": url,
    }
    if method == "GET":
        head = client.head(url)
        assert (head.status_code, head.content) == (404, b"")
        assert head.headers["content-length"] == str(len(msgspec.json.encode(got)))
        assert head.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("?page=2", [("page", "unknown query parameter; this route takes only answers, richtext")]),
        ("?answers=maybe", [("answers", "expected true or false, got 'maybe'")]),
        ("?answers=", [("answers", "expected true or false, got ''")]),
        ("?richtext=xml", [("richtext", "expected tree or html, got 'xml'")]),
        ("?richtext=html&richtext=tree", [("richtext", "given 2 times; give it once")]),
        (
            "?answers=1&richtext=HTML",
            [
                ("answers", "expected true or false, got '1'"),
                ("richtext", "expected tree or html, got 'HTML'"),
            ],
        ),
    ],
)
def test_bad_query_is_400_naming_each_parameter(
    client: Client, query: str, errors: list[tuple[str, str]]
) -> None:
    got = problem(client.get(BASE + query), 400, "invalid-query")
    assert got["title"] == "Bad Request"
    assert [(e["in"], e["name"], e["detail"]) for e in got["errors"]] == [
        ("query", name, detail) for name, detail in errors
    ]
    assert got["detail"] == "; ".join(f"query parameter {n!r}: {d}" for n, d in errors)


def test_routes_without_query_parameters_reject_any(client: Client) -> None:
    got = problem(client.get("/v1/modules?richtext=html"), 400, "invalid-query")
    assert got["errors"] == [
        {
            "in": "query",
            "name": "richtext",
            "detail": "unknown query parameter; this route takes no query parameters",
        }
    ]
    problem(client.get(f"{BASE}/sections?answers=false"), 400, "invalid-query")
    problem(client.get("/healthz?x"), 400, "invalid-query")


def test_no_releases_when_the_server_publishes_no_versions(modules: list[Module]) -> None:
    with TestClient(create_app(modules)) as unversioned:
        got = problem(unversioned.get(f"{BASE}/versions"), 404, "no-releases")
        nope = problem(unversioned.get("/v1/modules/nope/versions"), 404, "unknown-module")
        old = problem(unversioned.get(f"{BASE}/versions/1.0.0/quiz"), 404, "unknown-version")
    assert got["detail"] == "this server publishes no released versions of module 'coproduction'"
    assert (
        nope["detail"] == "there is no module 'nope'; modules: coproduction (listed at /v1/modules)"
    )
    assert old["detail"].startswith("module 'coproduction' has no released version '1.0.0'")


def test_a_missing_required_parameter_is_named(client: Client) -> None:
    """``changes`` needs ``since``: leaving it out is a 400 naming it, not a generic one."""
    versions = create_app(
        [], history={"mini": ()}
    )  # no versions at all: the route is still there, and needs since first
    with TestClient(versions) as other:
        got = problem(other.get("/v1/modules/mini/versions/1.0.0/changes"), 400, "invalid-query")
    assert got["errors"] == [
        {
            "in": "query",
            "name": "since",
            "detail": "missing; give the version to compare with, e.g. since=1.0.0",
        }
    ]
    assert got["detail"] == (
        "query parameter 'since': missing; give the version to compare with, e.g. since=1.0.0"
    )


def test_405_lists_the_allowed_methods(client: Client) -> None:
    response = client.put(BASE)
    got = problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert got["detail"] == f"PUT is not allowed on {BASE}; allowed: GET, HEAD, OPTIONS"
    check = client.get(f"{BASE}/quiz/takes-more-time/check")
    assert problem(check, 405, "method-not-allowed")["detail"].endswith("allowed: OPTIONS, POST")
    head = client.head(f"{BASE}/quiz/takes-more-time/check")
    assert (head.status_code, head.content, head.headers["allow"]) == (405, b"", "OPTIONS, POST")


def check_url(module: Module) -> str:
    return f"/v1/modules/{module.id}/quiz/{module.quiz.items[0].id}/check"


BODY_KINDS = {400: "malformed-body", 422: "invalid-body"}


@pytest.mark.parametrize(
    ("body", "status", "name", "detail"),
    [
        (b"", 400, "$", f"body is empty; {HINT}"),
        (b"  \n", 400, "$", f"body is empty; {HINT}"),
        (b'{"answer":', 400, "$", f"body is not JSON (Input data was truncated); {HINT}"),
        (
            b"answer=true",
            400,
            "$",
            f"body is not JSON (JSON is malformed: invalid character (byte 0)); {HINT}",
        ),
        (
            b'{"answer": "yes"}',
            422,
            "$.answer",
            f"expected true or false, got the string 'yes'; {HINT}",
        ),
        (b'{"answer": ["true"]}', 422, "$.answer", f"expected true or false, got a list; {HINT}"),
        (
            b'{"answer": null}',
            422,
            "$.answer",
            f"expected `bool | str | array`, got `null`; {HINT}",
        ),
        (b"{}", 422, "$", f"object missing required field `answer`; {HINT}"),
        (b'{"answer": true, "x": 1}', 422, "$", f"object contains unknown field `x`; {HINT}"),
        (b"[true]", 422, "$", f"expected `object`, got `array`; {HINT}"),
    ],
)
def test_bad_check_bodies(
    client: Client, module: Module, body: bytes, status: int, name: str, detail: str
) -> None:
    response = client.post(
        check_url(module), content=body, headers={"content-type": "application/json"}
    )
    got = problem(response, status, BODY_KINDS[status])
    assert got["errors"] == [{"in": "body", "name": name, "detail": detail}]


def test_oversized_body_is_413(client: Client, module: Module) -> None:
    body = b'{"answer": true, "padding": "' + b"x" * 2000 + b'"}'
    got = problem(client.post(check_url(module), content=body), 413, "body-too-large")
    assert got["detail"] == "request body is larger than 1024 bytes; send less"


def test_check_on_unknown_item_is_404_before_the_body_is_read(client: Client) -> None:
    got = problem(client.post(f"{BASE}/quiz/nope/check", content=b"not json"), 404, "unknown-part")
    assert got["detail"].startswith("module 'coproduction' has no quiz item 'nope'")


@pytest.mark.parametrize(
    "url",
    [
        "/v1/modules/%00",
        "/v1/modules/" + "a" * 5000,
        "/v1/modules/%C0%AF/quiz",
        "/v1/modules/coproduction/sections/..%2F..%2Fetc",
        "/v1/modules/coproduction?answers=%FF",
        "/v1/modules/coproduction?%FF=1",
    ],
)
def test_hostile_urls_are_client_errors(client: Client, url: str) -> None:
    response = client.get(url)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert b"Traceback" not in response.content


def test_unexpected_errors_are_a_bare_500(
    modules: list[Module], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(modules)

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(pages.EncodedPage, "reply", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/v1/modules")
    got = problem(response, 500, "server-error")
    assert got["detail"] == "the server failed to answer; the error has been logged"
    assert b"secret" not in response.content


def test_the_readme_documents_every_problem_type_as_the_openapi_document_does(
    client: Client,
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `(tag:[^`]+)` \| (\d{3}) \|", readme, flags=re.M)
    spec = client.get("/schema/openapi.json").json()
    assert [uri for uri, _ in table] == spec["components"]["schemas"]["ProblemType"]["enum"]
    documented = re.findall(r"`(tag:[^`]+)` \((\d{3})\)", spec["info"]["description"])
    assert table == documented
    assert all(uri.startswith(TYPE) for uri, _ in table)
