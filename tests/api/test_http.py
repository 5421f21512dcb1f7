"""HTTP behaviour: strong ETags and 304, caching, content version and language, gzip, HEAD,
nosniff."""

from __future__ import annotations

import gzip
import hashlib

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import create_app, pages
from coprod_content.api.app import published
from coprod_content.model import Module
from tests.api.routes import get_urls

Client = TestClient[Litestar]
CACHE = "public, max-age=300, stale-while-revalidate=86400"


@pytest.fixture
def url(module: Module) -> str:
    return f"/v1/modules/{module.id}"


def identity(client: Client, url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET without letting the client ask for or undo compression."""
    response = client.get(url, headers={"accept-encoding": "identity", **headers})
    return response.status_code, dict(response.headers), response.content


def test_etag_is_strong_and_computed_from_the_bytes(client: Client, url: str) -> None:
    status, headers, body = identity(client, url)
    assert status == 200
    assert headers["etag"] == '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def test_if_none_match_gives_304_with_validators_and_no_body(client: Client, url: str) -> None:
    _, first, _ = identity(client, url)
    status, headers, body = identity(client, url, **{"if-none-match": first["etag"]})
    assert (status, body) == (304, b"")
    assert headers["etag"] == first["etag"]
    assert headers["cache-control"] == CACHE
    assert headers["content-version"] == first["content-version"]
    assert "content-length" not in headers


@pytest.mark.parametrize(
    "header",
    ['"nope", {etag}', "W/{etag}", "*", '"a",W/{etag} , "b"'],
)
def test_if_none_match_lists_weak_tags_and_star(client: Client, url: str, header: str) -> None:
    _, first, _ = identity(client, url)
    status, _, _ = identity(client, url, **{"if-none-match": header.format(etag=first["etag"])})
    assert status == 304


@pytest.mark.parametrize("header", ['"other"', "garbage", '"', ""])
def test_other_or_malformed_if_none_match_gives_the_full_response(
    client: Client, url: str, header: str
) -> None:
    status, _, body = identity(client, url, **{"if-none-match": header})
    assert status == 200
    assert body


def test_every_get_route_has_an_etag_and_honours_it(client: Client, modules: list[Module]) -> None:
    for url in get_urls(modules):
        status, headers, _ = identity(client, url)
        assert status == 200, url
        again, _, _ = identity(client, url, **{"if-none-match": headers["etag"]})
        assert again == 304, url


def test_cache_control_and_content_version(client: Client, module: Module, url: str) -> None:
    _, headers, body = identity(client, f"{url}/quiz")
    assert headers["cache-control"] == CACHE
    assert headers["content-version"] == module.version
    assert f'"version":"{module.version}"'.encode() in body
    _, health, _ = identity(client, "/healthz")
    assert health["cache-control"] == "no-cache"


def test_gzip_when_accepted(client: Client, url: str) -> None:
    _, plain, body = identity(client, url)
    response = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "accept-encoding"
    assert response.headers["etag"] != plain["etag"]  # a different representation
    assert response.content == body  # httpx decompressed it
    assert int(response.headers["content-length"]) < len(body)


@pytest.mark.parametrize("header", ["identity", "gzip;q=0", "br", "*;q=0", "gzip;q=0, *"])
def test_no_gzip_unless_accepted(client: Client, url: str, header: str) -> None:
    response = client.get(url, headers={"accept-encoding": header})
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "accept-encoding"


def test_gzip_bytes_are_reproducible(app: Litestar, url: str) -> None:
    page = published(app).pages.get(url)
    assert page.gzip == gzip.compress(page.body, compresslevel=9, mtime=0)
    assert (
        page.gzip
        == published(create_app([*published(app).pages.modules.values()], history={}))
        .pages.get(url)
        .gzip
    )


def test_304_for_the_gzip_representation(client: Client, url: str) -> None:
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    again = client.get(
        url, headers={"accept-encoding": "gzip", "if-none-match": packed.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.headers["etag"] == packed.headers["etag"]
    # The gzip tag does not validate the identity representation, and vice versa.
    _, _, _ = identity(client, url)
    status, _, _ = identity(client, url, **{"if-none-match": packed.headers["etag"]})
    assert status == 200


def test_small_bodies_are_not_compressed(client: Client) -> None:
    response = client.get("/healthz", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in response.headers
    assert "vary" not in response.headers


def test_head_has_the_headers_of_get_and_no_body(client: Client, modules: list[Module]) -> None:
    urls = get_urls(modules) + ["/v1/modules/nope", "/v1/modules?bad=1", "/v2"]
    for url in urls:
        for headers in ({}, {"accept-encoding": "gzip"}, {"if-none-match": "*"}):
            got = client.get(url, headers={"accept-encoding": "identity", **headers})
            head = client.head(url, headers={"accept-encoding": "identity", **headers})
            assert head.status_code == got.status_code, url
            assert head.content == b"", url
            assert head.headers.multi_items() == got.headers.multi_items(), url


def test_content_language_on_every_content_response(client: Client, modules: list[Module]) -> None:
    (module,) = modules
    for url in get_urls(modules):
        language = client.get(url).headers.get("content-language")
        if url.startswith("/v1/modules"):
            assert language == module.language, url
        else:  # health, the OpenAPI document and the schemas are not module text
            assert language is None, url
    check = f"/v1/modules/{module.id}/quiz/{module.quiz.items[0].id}/check"
    answer = client.post(check, json={"answer": True})
    assert answer.headers["content-language"] == module.language


def test_each_response_is_encoded_once(
    modules: list[Module], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serving never encodes: no JSON encoder runs after the app is built."""
    app = create_app(modules, history={})

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("encoded while serving")

    monkeypatch.setattr(msgspec.json, "encode", refuse)
    monkeypatch.setattr(pages, "_encode", refuse)
    with TestClient(app) as client:
        for url in get_urls(modules):
            assert client.get(url).status_code == 200, url
        check = f"/v1/modules/{modules[0].id}/quiz/{modules[0].quiz.items[0].id}/check"
        assert client.post(check, json={"answer": True}).status_code == 200
