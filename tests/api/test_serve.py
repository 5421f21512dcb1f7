"""``coprod serve`` as a real process (two workers) on a free loopback port, over real HTTP."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import httpx
import msgspec
import pytest

from coprod_content.model import Module
from tests.api.conftest import ROOT, Server
from tests.api.routes import get_urls


def test_serves_every_route_with_its_http_behaviour(server: Server, module: Module) -> None:
    with httpx.Client(base_url=server.url) as client:
        url = f"/v1/modules/{module.id}"
        first = client.get(url, headers={"accept-encoding": "identity"})
        assert first.status_code == 200
        assert first.headers["content-version"] == module.version
        assert first.headers["x-content-type-options"] == "nosniff"
        assert first.headers["access-control-allow-origin"] == "*"
        assert "server" not in first.headers and "date" in first.headers
        again = client.get(
            url, headers={"accept-encoding": "identity", "if-none-match": first.headers["etag"]}
        )
        assert (again.status_code, again.content) == (304, b"")
        packed = client.get(url, headers={"accept-encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip"
        assert packed.content == first.content
        for each in get_urls([module]):
            assert client.get(each).status_code == 200, each
        item = module.quiz.items[0]
        check = client.post(f"{url}/quiz/{item.id}/check", json={"answer": item.answer})
        assert msgspec.json.decode(check.content)["correct"] is True
        missing = client.get(f"{url}/sections/nope")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert client.delete(url).status_code == 405
        assert client.get(f"{url}?nope=1").status_code == 400
        head = client.head(f"{url}.json", headers={"accept-encoding": "identity"})
        assert (head.status_code, head.content) == (200, b"")
        assert head.headers["content-length"] == str(len(first.content))


def test_fast_and_app_paths_answer_alike_over_the_network(server: Server, module: Module) -> None:
    """Keep-alive GETs and HEADs take the fast path; ``Connection: close`` ones go through
    litestar."""
    ignore = {"date", "connection"}
    urls = get_urls([module]) + ["/v1/modules/nope", "/v2/x", "/v1/modules/coproduction.json"]
    with httpx.Client(base_url=server.url) as client:
        for url, method in itertools.product(urls, ("GET", "HEAD")):
            for headers in ({}, {"accept-encoding": "gzip"}, {"if-none-match": "*"}):
                fast = client.request(
                    method, url, headers={"accept-encoding": "identity", **headers}
                )
                slow = client.request(
                    method,
                    url,
                    headers={"accept-encoding": "identity", **headers, "connection": "close"},
                )
                assert fast.status_code == slow.status_code, url
                assert fast.content == slow.content, url
                assert [(k, v) for k, v in fast.headers.multi_items() if k not in ignore] == [
                    (k, v) for k, v in slow.headers.multi_items() if k not in ignore
                ], url


def coprod_script() -> str:
    """The installed ``coprod`` console script of the environment running the tests."""
    scripts = sysconfig.get_path("scripts")
    found = shutil.which("coprod", path=scripts)
    if found is None:
        pytest.fail(f"no coprod script in {scripts}; install the project (make setup-test)")
    return found


def test_bad_content_stops_serve_with_diagnostics(tmp_path: Path) -> None:
    broken = ROOT / "tests" / "fixtures" / "broken"
    folder = next(p for p in sorted(broken.iterdir()) if p.is_dir())
    done = subprocess.run(
        [coprod_script(), "serve", "--content", str(folder), "--port", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert re.search(r"\d+ problems? found", done.stderr), done.stderr


def readme_api_script() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using the API", 1)[1].split("\n## ", 1)[0]
    (script,) = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    return script


def test_readme_curl_examples_run_against_a_real_server(server: Server) -> None:
    script = readme_api_script().replace("http://127.0.0.1:8000", server.url)
    assert script.count("curl ") >= 8
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for expected in (
        '{"modules":[{"id":"coproduction"',
        '"richtext":"html"',
        '"section":{"id":"what-we-mean"',
        '"pyramid":{',
        '"answers":false',
        '"item_id":"feedback-after-design","correct":true',
        "304\n",
        '"status":400,"detail":"query parameter \'richtext\': expected tree or html',
    ):
        assert expected in out, expected


def test_cors_origin_flag_is_repeatable(module: Module) -> None:
    allowed = ("https://app.example", "http://localhost:5173")
    running = Server("--cors-origin", allowed[0], "--cors-origin", allowed[1])
    try:
        for origin in (*allowed, "https://other.example"):
            for close in ({}, {"connection": "close"}):  # the fast path, then litestar
                headers = {"origin": origin, **close}
                for method in ("GET", "HEAD"):
                    response = httpx.request(method, f"{running.url}/v1/modules", headers=headers)
                    echoed = response.headers.get("access-control-allow-origin")
                    assert echoed == (origin if origin in allowed else None), (origin, close)
                    assert "Origin" in response.headers.get_list("vary")
    finally:
        running.stop()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("https://a.example,https://b.example", "it holds several values"),
        ("https://app.example/", "an origin has no path"),
    ],
)
def test_a_malformed_cors_origin_stops_serve_at_once(value: str, reason: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coprod_content.cli", "serve", "--cors-origin", value],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: --cors-origin {value!r} is not an origin"), done.stderr
    assert reason in done.stderr
    assert "Uvicorn running" not in done.stderr
