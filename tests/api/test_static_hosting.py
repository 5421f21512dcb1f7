"""The static export is what ``coprod serve`` publishes, on any static host.

``coprod build --target api`` over a repository with releases (and an unreleased edit) is
served by ``python3 -m http.server`` (no rewrite rules; query strings ignored) and by
Debian's nginx with the shipped config. Each host is crawled from ``/v1/modules.json``
following every href, and every body is compared with the same URL on a running
``coprod serve`` over the same repository (the oracle: the server, not the function that
builds the export) and validated against the JSON Schema the server publishes for it.
"""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from coprod_content.cli import main
from tests.api import nginx
from tests.api.conftest import DRAFT, Server, free_port
from tests.api.documented import Documented, query_of
from tests.api.test_hrefs import hrefs

ENTRY = "/v1/modules.json"
VERSIONS = "/v1/modules/mini/versions"


@pytest.fixture(scope="module")
def exported(released_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``coprod build --target api`` of the released repository: the ``api`` folder."""
    out = tmp_path_factory.mktemp("dist")
    assert (
        main(["build", "--target", "api", "--content", str(released_content), "--out", str(out)])
        == 0
    )
    return out / "api"


@pytest.fixture(scope="module")
def served(released_content: Path) -> Iterator[httpx.Client]:
    """``coprod serve`` over the same repository: the oracle."""
    running = Server("--workers", "1", "--content", str(released_content))
    try:
        with httpx.Client(base_url=running.url, timeout=10) as client:
            yield client
    finally:
        running.stop()


def _listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert process.poll() is None, "the static host exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture(scope="module")
def plain_host(exported: Path) -> Iterator[httpx.Client]:
    """``python3 -m http.server`` on the export: a static host with no rewrite rules."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--directory", str(exported)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield from _client(port, process)


def _client(port: int, process: subprocess.Popen[bytes]) -> Iterator[httpx.Client]:
    """A client of the host on ``port``, once it listens; the host stops when it is done."""
    try:
        _listening(port, process)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx_host(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """Debian's nginx with the shipped ``static-nginx.conf`` on the export."""
    if not nginx.NGINX.exists():
        pytest.fail(f"{nginx.NGINX} is missing; install Debian's nginx (apt-get install nginx)")
    port = free_port()
    yield from _client(port, nginx.start(exported, port, tmp_path_factory.mktemp("nginx")))


@pytest.fixture(scope="module")
def documented(served: httpx.Client) -> Documented:
    return Documented(lambda path: served.get(path).content)


def crawl(host: httpx.Client, documented: Documented) -> dict[str, bytes]:
    """Every URL reachable from ``/v1/modules.json`` by following hrefs, and its body; each
    page also in every representation its route takes (the README's path forms)."""
    found: dict[str, bytes] = {}
    todo = [ENTRY]
    while todo:
        url = todo.pop()
        if url in found:
            continue
        response = host.get(url, headers={"accept-encoding": "identity"})
        assert response.status_code == 200, (url, response.status_code)
        found[url] = response.content
        todo += hrefs(msgspec.json.decode(response.content))
        todo += representations(url, documented)
    return found


def representations(url: str, documented: Documented) -> list[str]:
    """``url`` in each representation its route takes, in path form (``since`` kept)."""
    path, given = query_of(url)
    if set(given) - {"since"} or "/schema/" in path:
        return []
    takes = {p["$ref"].rsplit("/", 1)[1] for p in documented.operation(url)["parameters"]}
    answers = [".answers-false", ""] if "Answers" in takes else [""]
    richtext = [".richtext-html", ""] if "Richtext" in takes else [""]
    since = f".since-{given['since']}" if "since" in given else ""
    return [path + a + r + since + ".json" for a in answers for r in richtext]


@pytest.fixture(scope="module")
def crawled(plain_host: httpx.Client, documented: Documented) -> dict[str, bytes]:
    return crawl(plain_host, documented)


def test_every_href_resolves_on_a_plain_static_host_to_the_servers_body(
    crawled: dict[str, bytes], served: httpx.Client, documented: Documented
) -> None:
    for url, body in crawled.items():
        oracle = served.get(url, headers={"accept-encoding": "identity"})
        assert oracle.status_code == 200, url
        assert body == oracle.content, url
        documented.validate(url, body)
    reached = set(crawled)
    for url in (  # every kind of page, in every representation, of every version
        "/v1/modules/mini.json",
        f"{VERSIONS}.json",
        f"{VERSIONS}/1.0.0.json",
        f"{VERSIONS}/1.1.0/changes.since-1.0.0.json",
        f"{VERSIONS}/1.1.0/changes.richtext-html.since-1.0.0.json",
        "/v1/modules/kinds/versions/1.1.0/changes.richtext-html.since-1.0.0.json",
        f"{VERSIONS}/1.1.0/quiz/lived-experience.answers-false.richtext-html.json",
        "/v1/modules/kinds/quiz/what-helps.answers-false.richtext-html.json",
        "/v1/modules/kinds/versions/1.0.0/quiz/when-to-involve.richtext-html.json",
        "/v1/modules/mini/quiz/lived-experience.answers-false.json",
        "/v1/modules/mini/sections/basics.richtext-html.json",
        "/v1/modules/mini/resources.json",
        f"{VERSIONS}/1.0.0/activities.richtext-html.json",
        f"{VERSIONS}/1.0.0/pyramid.json",
    ):
        assert url in reached, url
    assert len(reached) > 100


def test_every_quiz_item_of_the_export_is_valid_against_its_kind(
    crawled: dict[str, bytes], documented: Documented
) -> None:
    """Each item on every quiz page (the module, its quiz, the item; every representation,
    every version) against the schema the server publishes for its kind."""
    seen: Counter[tuple[str, str]] = Counter()
    for url, body in crawled.items():
        _, given = query_of(url)
        for kind in documented.validate_items(body):
            seen[kind, given.get("richtext", "tree") + given.get("answers", "true")] += 1
    assert len(seen) == 3 * 4  # each kind in each representation
    assert min(seen.values()) >= 3 * 3  # the module, its quiz and the item, in three places


def test_nginx_serves_the_same_with_the_shipped_config(
    nginx_host: httpx.Client, crawled: dict[str, bytes], documented: Documented
) -> None:
    assert crawl(nginx_host, documented) == crawled


def test_every_exported_file_is_the_servers_page(
    exported: Path, served: httpx.Client, documented: Documented
) -> None:
    """File by file: each ``.json`` is the server's body at that URL; each ``.gz`` is the
    server's gzip bytes and, decompressed, the server's plain body again; the one problem
    file is the server's 404; nothing else is in the export."""
    counts = {"json": 0, "gz": 0}
    for file in sorted(p for p in exported.rglob("*") if p.is_file()):
        url = "/" + file.relative_to(exported).as_posix()
        if url == "/_problems/not-found.json":
            oracle = served.get("/v1/no-such-page")
            assert oracle.status_code == 404
            problem, expected = msgspec.json.decode(file.read_bytes()), oracle.json()
            for member in ("type", "title", "status"):  # no "instance": it is no one URL
                assert problem[member] == expected[member], member
            continue
        if url.endswith(".json.gz"):
            url = url.removesuffix(".gz")
            plain = served.get(url, headers={"accept-encoding": "identity"})
            assert plain.status_code == 200, url
            assert gzip.decompress(file.read_bytes()) == plain.content, url
            with served.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
                assert response.headers["content-encoding"] == "gzip"
                assert b"".join(response.iter_raw()) == file.read_bytes(), url
            counts["gz"] += 1
            continue
        assert url.endswith(".json"), f"{url}: a file the server has no page for"
        oracle = served.get(url, headers={"accept-encoding": "identity"})
        assert (oracle.status_code, oracle.content) == (200, file.read_bytes()), url
        documented.validate(url, oracle.content)
        counts["json"] += 1
    assert counts["json"] > 120 and counts["gz"] > 0


def test_the_export_publishes_the_releases_not_the_draft(
    exported: Path, crawled: dict[str, bytes]
) -> None:
    latest: dict[str, Any] = msgspec.json.decode(crawled["/v1/modules/mini.json"])
    assert latest["version"] == "1.1.0"
    everything = b"".join(f.read_bytes() for f in exported.rglob("*.json"))
    assert DRAFT.encode() not in everything
    listing = msgspec.json.decode(crawled[f"{VERSIONS}.json"])
    assert [v["version"] for v in listing["versions"]] == ["2.0.0", "1.1.0", "1.0.0"]


def test_the_working_tree_only_when_asked_and_never_with_a_released_number(
    released_content: Path, tmp_path: Path
) -> None:
    args = ["build", "--target", "api", "--content", str(released_content), "--out", str(tmp_path)]
    assert main([*args, "--working-tree"]) == 0
    module = msgspec.json.decode((tmp_path / "api/v1/modules/mini.json").read_bytes())
    assert module["version"] == "1.1.0+unreleased"
    statements = [item["statement"] for item in module["quiz"]["items"]]
    assert any(DRAFT in msgspec.json.encode(s).decode() for s in statements)  # rich text
    quiz = msgspec.json.decode((tmp_path / "api/v1/modules/mini/quiz.json").read_bytes())
    assert quiz["module"]["version"] == "1.1.0+unreleased"
    released = msgspec.json.decode((tmp_path / f"api{VERSIONS}/1.1.0.json").read_bytes())
    assert released["version"] == "1.1.0"  # the releases are still there, as released
    assert DRAFT not in msgspec.json.encode(released).decode()


def test_the_api_target_is_not_built_from_one_tag(
    released_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["build", "--target", "api", "--version", "1.0.0", "--content", str(released_content)]
    assert main([*args, "--out", "unused"]) == 1
    assert capsys.readouterr().err == (
        "error: --target api publishes every release at once; build it without --version\n"
    )


def test_query_urls_on_nginx_are_the_servers(
    nginx_host: httpx.Client, served: httpx.Client
) -> None:
    for url in (
        "/v1/modules/mini/quiz?answers=false",
        "/v1/modules/mini/quiz?richtext=html&answers=false",
        "/v1/modules/mini?answers=true&richtext=tree",
        f"{VERSIONS}/1.1.0/changes?since=1.0.0",
        f"{VERSIONS}/1.1.0/changes?since=1.1.0",
        f"{VERSIONS}/1.1.0/changes?since=1.0.0&richtext=html",
        "/v1/modules/kinds/versions/1.1.0/changes?richtext=html&since=1.0.0",
        "/v1/modules/kinds/versions/1.1.0/changes?richtext=tree&since=1.0.0",
        "/v1/modules/kinds/quiz/who-decides?answers=false&richtext=html",
        "/v1/modules/mini/sections/basics?richtext=html",
    ):
        hosted, oracle = nginx_host.get(url), served.get(url)
        assert (hosted.status_code, hosted.content) == (200, oracle.content), url


def test_a_url_with_no_page_is_the_same_problem_from_nginx_and_the_server(
    nginx_host: httpx.Client, served: httpx.Client, documented: Documented
) -> None:
    for url in ("/v2/modules.json", "/v1/nothing", "/v1/modules/mini/quiz/x/y/z"):
        hosted, oracle = nginx_host.get(url), served.get(url)
        assert hosted.status_code == oracle.status_code == 404, url
        assert hosted.headers["content-type"] == oracle.headers["content-type"]
        problem, expected = hosted.json(), oracle.json()
        assert problem["type"] == expected["type"] == "tag:coprod-content,2026:problem/not-found"
        assert (problem["status"], problem["title"]) == (404, "Not Found")
        documented.validate_as("problem.json", hosted.content)
    head = nginx_host.head("/v2/modules.json")
    assert (head.status_code, head.content) == (404, b"")
