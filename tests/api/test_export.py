"""``coprod build --target api`` writes every GET response, byte-identical to the server's,
at its path form (see also ``test_static_hosting``, which serves it from static hosts)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api.export import api_target, nginx_config
from coprod_content.cli import main
from coprod_content.history import catalog
from coprod_content.model import Module
from coprod_content.targets import CATALOG_TARGETS
from tests.api.conftest import CONTENT
from tests.api.routes import get_urls, path_form

Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return api_target(catalog.published(CONTENT))


def test_registered_as_a_build_target(files: dict[str, bytes]) -> None:
    assert CATALOG_TARGETS["api"](catalog.published(CONTENT)) == files


def test_every_route_is_exported_byte_identical_at_its_path_form(
    client: Client, files: dict[str, bytes], modules: list[Module]
) -> None:
    urls = get_urls(modules)
    for url in urls:
        served = client.get(url, headers={"accept-encoding": "identity"})
        assert served.status_code == 200, url
        assert files["api" + path_form(url)] == served.content, url
    plain = {name for name in files if not name.endswith(".gz")}
    problems = {"api/_problems/not-found.json"}
    assert plain - problems == {"api" + path_form(url) for url in urls}  # nothing else


def test_gzip_files_are_the_servers_gzip_bytes(client: Client, files: dict[str, bytes]) -> None:
    packed = [name for name in files if name.endswith(".gz")]
    assert packed
    for name in packed:
        assert gzip.decompress(files[name]) == files[name.removesuffix(".gz")]
    url = "/v1/modules/coproduction"
    with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
    assert raw == files["api/v1/modules/coproduction.json.gz"]


def test_the_static_not_found_problem(files: dict[str, bytes]) -> None:
    assert files["api/_problems/not-found.json"] == (
        b'{"type":"tag:coprod-content,2026:problem/not-found","title":"Not Found","status":404,'
        b'"detail":"no resource at this URL; the routes are listed in /schema/openapi.json"}'
    )


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


def test_export_is_reproducible(files: dict[str, bytes]) -> None:
    assert api_target(catalog.published(CONTENT)) == files


def test_the_nginx_config_serves_the_given_folder_on_the_given_address() -> None:
    """The shipped example says ``listen 127.0.0.1:8080;`` and ``root /srv/coprod/dist/api;``
    (README "Hosting the static API"); the config for a test host names its own."""
    config = nginx_config("/tmp/export/api", "127.0.0.1:9999")
    lines = [line.strip() for line in config.splitlines()]
    assert "listen 127.0.0.1:9999;" in lines and "root /tmp/export/api;" in lines
    assert "8080" not in config and "/srv/coprod" not in config
