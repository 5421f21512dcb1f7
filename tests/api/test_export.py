"""``coprod build --target api`` writes every GET response, byte-identical to the server's."""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api.export import api_target
from coprod_content.cli import main
from coprod_content.model import Module
from coprod_content.targets import TARGETS
from tests.api import nginx
from tests.api.conftest import CONTENT, free_port
from tests.api.routes import get_urls

Client = TestClient[Litestar]


def exported_name(url: str) -> str:
    """The file a URL is exported to, following the naming the README documents."""
    path, _, query = url.partition("?")
    suffix = "".join(f".{p.replace('=', '-')}" for p in sorted(query.split("&")) if p)
    return f"api{path}{suffix}{'' if path.endswith('.json') else '.json'}"


@pytest.fixture(scope="module")
def files(modules: list[Module]) -> dict[str, bytes]:
    return api_target(modules)


def test_registered_as_a_build_target() -> None:
    assert TARGETS["api"] is api_target


def test_every_route_is_exported_byte_identical(
    client: Client, files: dict[str, bytes], modules: list[Module]
) -> None:
    urls = get_urls(modules)
    for url in urls:
        served = client.get(url, headers={"accept-encoding": "identity"})
        assert served.status_code == 200, url
        assert files[exported_name(url)] == served.content, url
    plain = {name for name in files if not name.endswith(".gz")}
    assert plain == {exported_name(url) for url in urls}  # nothing else


def test_gzip_files_are_the_servers_gzip_bytes(client: Client, files: dict[str, bytes]) -> None:
    packed = [name for name in files if name.endswith(".gz")]
    assert packed
    for name in packed:
        assert gzip.decompress(files[name]) == files[name.removesuffix(".gz")]
    url = "/v1/modules/coproduction"
    with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
    assert raw == files["api/v1/modules/coproduction.json.gz"]


def test_cli_writes_the_export(tmp_path: Path, files: dict[str, bytes]) -> None:
    assert (
        main(["build", "--target", "api", "--content", str(CONTENT), "--out", str(tmp_path)]) == 0
    )
    written = {
        p.relative_to(tmp_path).as_posix(): p.read_bytes()
        for p in tmp_path.rglob("*")
        if p.is_file()
    }
    assert written == files
    assert (tmp_path / "api/v1/modules/coproduction.json").is_file()


def test_export_is_reproducible(modules: list[Module], files: dict[str, bytes]) -> None:
    assert api_target(modules) == files


def test_the_example_nginx_config_serves_the_export_with_the_api_urls(
    tmp_path: Path, client: Client, files: dict[str, bytes], modules: list[Module]
) -> None:
    if not nginx.NGINX.exists():
        pytest.fail(f"{nginx.NGINX} is missing; install Debian's nginx (apt-get install nginx)")
    out = tmp_path / "dist"
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    port = free_port()
    process = nginx.start(out / "api", port, tmp_path)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as static:
            for url in get_urls(modules):
                served = client.get(url, headers={"accept-encoding": "identity"})
                hosted = static.get(url, headers={"accept-encoding": "identity"})
                assert hosted.status_code == 200, url
                assert hosted.content == served.content, url
                assert hosted.headers["content-type"] == served.headers["content-type"], url
                assert hosted.headers["access-control-allow-origin"] == "*"
            url = "/v1/modules/coproduction?richtext=html&answers=false"
            with static.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
                assert response.headers["content-encoding"] == "gzip"
                raw = b"".join(response.iter_raw())
            assert raw == files["api/v1/modules/coproduction.answers-false.richtext-html.json.gz"]
            etag = static.get("/v1/modules").headers["etag"]
            assert static.get("/v1/modules", headers={"if-none-match": etag}).status_code == 304
            assert static.get("/v1/modules/coproduction?page=2").status_code == 404
    finally:
        process.terminate()
        process.wait(timeout=10)
