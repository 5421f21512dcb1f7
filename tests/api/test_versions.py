"""Released versions in the API: every version served from git, the latest at the module's
path, what changed between two versions, and clear answers for unknown or broken ones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content import catalog
from coprod_content.api import create_app
from coprod_content.cli import main
from tests.api.conftest import KINDS_CHANGES, Server
from tests.api.test_richtext import as_html, rich_fields

VERSIONS = "/v1/modules/mini/versions"


@pytest.fixture(scope="module")
def content(released_content: Path) -> Path:
    return released_content


@pytest.fixture(scope="module")
def client(content: Path) -> Iterator[TestClient[Litestar]]:
    published = catalog.released(content)
    app = create_app(published.modules, history=published.history)
    with TestClient(app) as test_client:
        yield test_client


def _json(client: TestClient[Litestar], url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text)
    return response.json()


def test_the_module_path_serves_the_latest_release(client: TestClient[Litestar]) -> None:
    latest = _json(client, "/v1/modules/mini")
    assert latest["version"] == "1.1.0"
    statements = [i["statement"] for i in latest["quiz"]["items"]]
    assert statements[-1] == [{"kind": "text", "text": "Lived experience is a kind of expertise."}]
    listed = _json(client, "/v1/modules")["modules"]
    assert {m["id"]: m["version"] for m in listed} == {"kinds": "1.1.0", "mini": "1.1.0"}


def test_versions_list_date_note_credit_and_tag(client: TestClient[Litestar]) -> None:
    listing = _json(client, VERSIONS)
    assert listing["latest"] == "1.1.0"
    broken, newer, older = listing["versions"]
    assert broken == {
        "version": "2.0.0",
        "tag": "mini@2.0.0",
        "date": None,
        "note": "",
        "credit": None,
        "href": None,
        "changes": None,
        "problems": [
            "mini@2.0.0:content/mini:1: $: tag 'mini@2.0.0' points to a tree, not a commit"
        ],
    }
    assert {k: newer[k] for k in ("version", "tag", "note", "credit", "href", "changes")} == {
        "version": "1.1.0",
        "tag": "mini@1.1.0",
        "note": "After the group's review.",
        "credit": "Lived-experience group",
        "href": f"{VERSIONS}/1.1.0.json",
        "changes": f"{VERSIONS}/1.1.0/changes.since-1.0.0.json",
    }
    assert newer["date"].endswith("Z") and newer["problems"] == []
    assert (older["version"], older["note"], older["credit"], older["changes"]) == (
        "1.0.0",
        "First.",
        None,
        None,
    )


def test_each_version_is_served_with_its_own_content(client: TestClient[Litestar]) -> None:
    old = _json(client, f"{VERSIONS}/1.0.0")
    new = _json(client, f"{VERSIONS}/1.1.0")
    assert (old["version"], new["version"]) == ("1.0.0", "1.1.0")
    assert [i["answer"] for i in old["quiz"]["items"]] == [False, True]
    assert [i["answer"] for i in new["quiz"]["items"]] == [False, False, True]
    assert old["links"]["quiz"] == f"{VERSIONS}/1.0.0/quiz.json"
    basics = _json(client, f"{VERSIONS}/1.0.0/sections/basics?richtext=html")["section"]
    assert basics["blocks"][0]["text"].startswith("Collaboration means <strong>working together")
    basics = _json(client, f"{VERSIONS}/1.1.0/sections/basics?richtext=html")["section"]
    assert "working closely together" in basics["blocks"][0]["text"]
    item = _json(client, f"{VERSIONS}/1.0.0/quiz/takes-more-time?answers=false")["item"]
    assert "answer" not in item
    response = client.get(f"{VERSIONS}/1.0.0/quiz")
    assert response.headers["content-version"] == "1.0.0"


def test_every_href_in_a_version_is_served(client: TestClient[Litestar]) -> None:
    pending = [f"{VERSIONS}/1.0.0", f"{VERSIONS}/1.1.0"]
    seen: set[str] = set()
    while pending:
        url = pending.pop()
        if url in seen or url.endswith("/check"):
            continue
        seen.add(url)
        body = _json(client, url)
        pending += [h for h in _hrefs(body) if "/versions/" in h]
    assert f"{VERSIONS}/1.1.0/quiz/lived-experience.json" in seen
    assert f"{VERSIONS}/1.0.0/quiz/lived-experience.json" not in seen
    assert len(seen) > 20


def _hrefs(value: Any) -> Iterator[str]:
    """Every API path in a response body."""
    if isinstance(value, str) and value.startswith("/v1/"):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _hrefs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _hrefs(item)


def test_changes_are_exactly_the_edit(client: TestClient[Litestar], content: Path) -> None:
    found = _json(client, f"{VERSIONS}/1.1.0/changes?since=1.0.0")
    assert found["module"] == {
        "id": "mini",
        "version": "1.1.0",
        "href": f"{VERSIONS}/1.1.0.json",
    }
    assert found["since"] == "1.0.0"
    assert [(c["kind"], c["id"]) for c in found["changes"]] == [
        ("reworded", "basics"),
        ("answer-flipped", "takes-more-time"),
        ("quiz-item-added", "lived-experience"),
    ]
    flipped = found["changes"][1]
    assert (flipped["was"], flipped["now"]) == (True, False)
    reworded = found["changes"][0]
    assert [r for r in reworded["diff"] if r["op"] != "same"] == [
        {"op": "added", "text": " closely"}
    ]
    assert _json(client, f"{VERSIONS}/1.0.0/changes?since=1.0.0")["changes"] == []


@pytest.mark.parametrize("module_id", ["mini", "kinds"])
def test_changes_agree_with_coprod_diff(
    client: TestClient[Litestar],
    content: Path,
    capsys: pytest.CaptureFixture[str],
    module_id: str,
) -> None:
    """The same list, its rich text as trees; with richtext=html, each tree as the player's
    renderer writes it."""
    capsys.readouterr()
    assert main(["diff", module_id, "1.0.0", "1.1.0", "--json", "--content", str(content)]) == 0
    cli = json.loads(capsys.readouterr().out)
    base = f"/v1/modules/{module_id}/versions/1.1.0/changes"
    assert _json(client, f"{base}?since=1.0.0")["changes"] == cli
    assert _json(client, f"{base}?since=1.0.0&richtext=html")["changes"] == as_html(cli)
    assert len(rich_fields(cli)) >= (2 if module_id == "mini" else 15)


def test_every_kind_of_quiz_change_with_its_rich_text(client: TestClient[Litestar]) -> None:
    base = "/v1/modules/kinds/versions/1.1.0/changes"
    tree, html = (_json(client, f"{base}?since=1.0.0{q}") for q in ("", "&richtext=html"))
    assert [(c["kind"], c["id"]) for c in tree["changes"]] == KINDS_CHANGES
    assert (tree["richtext"], html["richtext"]) == ("tree", "html")
    assert html["module"]["href"] == "/v1/modules/kinds/versions/1.1.0.richtext-html.json"
    by_kind = {c["kind"]: c for c in tree["changes"]}
    as_html_ = {c["kind"]: c for c in html["changes"]}
    stated = by_kind["statement-reworded"]
    assert stated["was"] == [
        {"kind": "text", "text": "Co-production takes more time but leads to better services."}
    ]
    assert stated["now"] == [
        {"kind": "text", "text": "Co-production takes "},
        {"kind": "emphasis", "children": [{"kind": "text", "text": "less"}]},
        {"kind": "text", "text": " time than other ways of working."},
    ]
    assert as_html_["statement-reworded"] == {
        **stated,
        "was": "Co-production takes more time but leads to better services.",
        "now": "Co-production takes <em>less</em> time than other ways of working.",
    }
    assert as_html_["explanation-reworded"]["statement"] == (
        "When should women with lived experience be <em>first</em> involved?"
    )
    assert as_html_["explanation-reworded"]["now"] == (
        "Involving women <em>before</em> any decision is made is what co-production means."
    )
    assert as_html_["choice-reworded"]["was"] == {
        "id": "after-launch",
        "text": "After the service launches",
        "feedback": "By then the decisions are made.",
    }
    assert (
        as_html_["choice-reworded"]["now"]["text"]
        == "After the service has <strong>launched</strong>"
    )
    assert as_html_["choice-removed"]["choice"] == {
        "id": "never",
        "text": "Only if they ask",
        "feedback": None,
    }
    assert as_html_["choice-added"]["choice"] == {
        "id": "co-design",
        "text": "Designing the service <em>together</em>",
        "feedback": "Yes – <strong>together</strong> is the point.",
    }
    changed = as_html_["answer-changed"]
    assert (changed["was"], changed["now"]) == (
        ["paying-people", "accessible-info", "sharing-power"],
        ["paying-people", "accessible-info", "sharing-power", "co-design"],
    )
    assert changed["statement"] == "Which of these help co-production work? Choose all that apply."
    flipped = as_html_["answer-flipped"]
    assert (flipped["was"], flipped["now"]) == (True, False)
    assert (
        flipped["statement"] == "Co-production takes <em>less</em> time than other ways of working."
    )
    assert as_html_["quiz-item-added"] == {
        "kind": "quiz-item-added",
        "id": "who-decides",
        "item_kind": "single-choice",
        "statement": "In co-production, who makes the <strong>decisions</strong>?",
        "choices": [
            {
                "id": "professionals",
                "text": "The professionals",
                "feedback": "That is consultation at most.",
            },
            {"id": "together", "text": "Everyone <em>together</em>", "feedback": None},
        ],
        "answer": "together",
        "explanation": "Power is shared.",
    }
    assert as_html_["quiz-item-removed"]["statement"] == (
        "Asking for feedback after a service is designed counts as co-production."
    )
    assert rich_fields(html) == {}


def test_changes_in_html_have_a_path_form(client: TestClient[Litestar]) -> None:
    base = f"{VERSIONS}/1.1.0/changes"
    form = client.get(f"{base}.richtext-html.since-1.0.0.json")
    assert form.status_code == 200
    for url in (f"{base}?richtext=html&since=1.0.0", f"{base}?since=1.0.0&richtext=html"):
        assert client.get(url).content == form.content, url
    assert client.get(f"{base}?since=1.0.0&richtext=tree").content == (
        client.get(f"{base}.since-1.0.0.json").content
    )


def test_answers_of_a_version_are_checked_against_that_version(
    client: TestClient[Litestar],
) -> None:
    url = "quiz/takes-more-time/check"
    old = client.post(f"{VERSIONS}/1.0.0/{url}", json={"answer": True})
    new = client.post(f"{VERSIONS}/1.1.0/{url}", json={"answer": True})
    assert (old.status_code, old.json()["correct"]) == (200, True)
    assert (new.status_code, new.json()["correct"]) == (200, False)
    assert new.headers["content-version"] == "1.1.0"


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        (
            f"{VERSIONS}/9.9.9",
            "module 'mini' has no released version '9.9.9'; released versions: 1.0.0, 1.1.0,"
            f" 2.0.0 (listed at {VERSIONS})",
        ),
        (
            f"{VERSIONS}/2.0.0/quiz",
            "version 2.0.0 of module 'mini' was released but does not load under today's code;"
            f" its problems are listed at {VERSIONS}",
        ),
        (
            f"{VERSIONS}/1.1.0/changes?since=0.1.0",
            "module 'mini' has no released version '0.1.0'; released versions: 1.0.0, 1.1.0,"
            f" 2.0.0 (listed at {VERSIONS})",
        ),
        (
            f"{VERSIONS}/1.0.0/quiz/lived-experience",
            "version 1.0.0 of module 'mini' has no quiz item 'lived-experience'; see"
            f" {VERSIONS}/1.0.0/quiz for those it has",
        ),
        (
            "/v1/modules/nope/versions",
            "there is no module 'nope'; modules: kinds, mini (listed at /v1/modules)",
        ),
    ],
)
def test_unknown_or_broken_versions_are_404_problems(
    client: TestClient[Litestar], url: str, detail: str
) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == detail


def test_changes_need_since(client: TestClient[Litestar]) -> None:
    response = client.get(f"{VERSIONS}/1.1.0/changes")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {
            "in": "query",
            "name": "since",
            "detail": "missing; give the version to compare with, e.g. since=1.0.0",
        }
    ]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (f"{VERSIONS}/9.9.9", "unknown-version"),
        (f"{VERSIONS}/2.0.0/quiz", "unloadable-version"),
        (f"{VERSIONS}/1.1.0/changes?since=0.1.0", "unknown-version"),
        (f"{VERSIONS}/1.0.0/quiz/lived-experience", "unknown-part"),
        (f"{VERSIONS}/1.0.0/quiz/lived-experience/check", "unknown-part"),
        ("/v1/modules/nope/versions", "unknown-module"),
        ("/v1/modules/nope/versions/1.0.0/sections", "unknown-module"),
    ],
)
def test_each_kind_of_missing_version_has_its_type(
    client: TestClient[Litestar], url: str, kind: str
) -> None:
    response = client.request("POST" if url.endswith("check") else "GET", url, json={})
    assert response.status_code == 404
    assert response.json()["type"] == "tag:coprod-content,2026:problem/" + kind


def test_version_pages_are_cached_by_etag(client: TestClient[Litestar]) -> None:
    first = client.get(f"{VERSIONS}/1.1.0/changes?since=1.0.0")
    again = client.get(
        f"{VERSIONS}/1.1.0/changes?since=1.0.0", headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304


def test_released_pages_are_immutable_and_latest_ones_revalidate(
    client: TestClient[Litestar],
) -> None:
    released = "public, max-age=86400, immutable"
    for url in (
        f"{VERSIONS}/1.0.0",
        f"{VERSIONS}/1.1.0/quiz",
        f"{VERSIONS}/1.1.0/changes?since=1.0.0",
    ):
        assert client.get(url).headers["cache-control"] == released, url
    latest = client.get(VERSIONS.removesuffix("/versions")).headers["cache-control"]
    assert latest == "public, max-age=300, stale-while-revalidate=86400"
    assert client.get(VERSIONS).headers["cache-control"] == latest


def test_coprod_serve_publishes_releases_over_http(content: Path) -> None:
    """The real server (uvicorn, the fast path, two workers) serves what the catalog says."""
    server = Server("--workers", "2", "--content", str(content))
    try:
        with httpx.Client(base_url=server.url, timeout=5) as http:
            assert http.get("/v1/modules/mini").json()["version"] == "1.1.0"
            listing = http.get(VERSIONS).json()
            assert [v["version"] for v in listing["versions"]] == ["2.0.0", "1.1.0", "1.0.0"]
            url = f"{VERSIONS}/1.1.0/changes?since=1.0.0"
            first = http.get(url)
            assert [c["kind"] for c in first.json()["changes"]] == [
                "reworded",
                "answer-flipped",
                "quiz-item-added",
            ]
            again = http.get(url, headers={"if-none-match": first.headers["etag"]})
            assert again.status_code == 304
            assert http.get(f"{VERSIONS}/1.0.0/quiz").json()["module"]["version"] == "1.0.0"
            assert http.get(f"{VERSIONS}/3.0.0").status_code == 404
    finally:
        output = server.stop()
    assert "note: mini: release 2.0.0 does not load, so 1.1.0 is served" in output
