"""CORS: any origin by default, or each allowed origin echoed with Vary: Origin, or none;
a value that is not an origin is refused at start-up with a clear message."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import Settings, create_app
from coprod_content.api.cors import OriginError, parse_origins
from coprod_content.model import Module

Client = TestClient[Litestar]
URL = "/v1/modules/coproduction"
A, B = "https://a.example", "https://b.example:8443"


def test_any_origin_by_default_on_every_kind_of_response(client: Client) -> None:
    for response in (
        client.get(URL, headers={"origin": A}),
        client.get(f"{URL}/nope"),
        client.get(f"{URL}?bad=1"),
        client.delete(URL),
        client.get(URL, headers={"if-none-match": "*"}),
        client.head(URL),
    ):
        assert response.headers["access-control-allow-origin"] == "*"
        assert response.headers["access-control-expose-headers"] == "ETag, Content-Version"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "origin" not in response.headers.get("vary", "").lower()


def test_preflight(client: Client) -> None:
    response = client.options(
        f"{URL}/quiz/x/check",
        headers={
            "origin": "https://frontend.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "GET, HEAD, POST, OPTIONS"
    assert response.headers["access-control-allow-headers"] == "Content-Type, If-None-Match"
    assert response.headers["access-control-max-age"] == "86400"


@pytest.fixture(scope="module")
def two(modules: list[Module]) -> Litestar:
    return create_app(modules, settings=Settings(cors_origins=(A, B)))


@pytest.mark.parametrize("origin", [A, B])
def test_each_allowed_origin_is_echoed_with_vary_origin(two: Litestar, origin: str) -> None:
    with TestClient(two) as client:
        for response in (
            client.get(URL, headers={"origin": origin}),
            client.get(f"{URL}/nope", headers={"origin": origin}),
            client.head(URL, headers={"origin": origin}),
        ):
            assert response.headers["access-control-allow-origin"] == origin
            assert response.headers["access-control-expose-headers"] == "ETag, Content-Version"
            assert "Origin" in response.headers.get_list("vary")
        preflight = client.options(
            f"{URL}/quiz/x/check",
            headers={"origin": origin, "access-control-request-method": "POST"},
        )
        assert preflight.headers["access-control-allow-origin"] == origin
        assert preflight.headers["access-control-allow-methods"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize(
    "origin", [None, "https://c.example", "https://a.example:443", "http://a.example", A + "/"]
)
def test_other_origins_get_no_cors_headers_but_vary(two: Litestar, origin: str | None) -> None:
    headers = {} if origin is None else {"origin": origin}
    with TestClient(two) as client:
        for response in (
            client.get(URL, headers=headers),
            client.options(URL, headers={**headers, "access-control-request-method": "GET"}),
        ):
            assert "access-control-allow-origin" not in response.headers
            assert "access-control-allow-methods" not in response.headers
            assert "Origin" in response.headers.get_list("vary")


def test_cors_can_be_turned_off(modules: list[Module]) -> None:
    with TestClient(create_app(modules, settings=Settings(cors_origins=()))) as client:
        response = client.get("/v1/modules", headers={"origin": A})
    assert "access-control-allow-origin" not in response.headers
    assert response.headers.get_list("vary") == ["accept-encoding"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["*"], ("*",)),
        ([""], ()),
        ([A], (A,)),
        ([A, B, A], (A, B)),
        (["http://localhost:5173"], ("http://localhost:5173",)),
        (["http://127.0.0.1:65535"], ("http://127.0.0.1:65535",)),
        (["http://[::1]:8080"], ("http://[::1]:8080",)),
        (["capacitor://localhost"], ("capacitor://localhost",)),
    ],
)
def test_origins_that_are_accepted(values: list[str], expected: tuple[str, ...]) -> None:
    assert parse_origins(values) == expected


HOW = "is not an origin (scheme://host[:port], e.g. --cors-origin https://app.example)"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            ["https://a.example,https://b.example"],
            f"--cors-origin 'https://a.example,https://b.example' {HOW}: it holds several "
            "values; give each origin its own --cors-origin",
        ),
        (
            ["https://a.example https://b.example"],
            f"--cors-origin 'https://a.example https://b.example' {HOW}: it holds several "
            "values; give each origin its own --cors-origin",
        ),
        (
            ["a.example"],
            f"--cors-origin 'a.example' {HOW}: it has no scheme; write https://a.example "
            "(or http:// for a local server)",
        ),
        (
            ["https://a.example/"],
            f"--cors-origin 'https://a.example/' {HOW}: an origin has no path, query or "
            "fragment; write https://a.example",
        ),
        (
            ["https://a.example/app?x=1"],
            f"--cors-origin 'https://a.example/app?x=1' {HOW}: an origin has no path, query or "
            "fragment; write https://a.example",
        ),
        (
            ["https://App.Example"],
            f"--cors-origin 'https://App.Example' {HOW}: browsers send origins in lower case; "
            "write https://app.example",
        ),
        (
            ["https://a.example:443"],
            f"--cors-origin 'https://a.example:443' {HOW}: browsers leave out the default "
            "port; write https://a.example without :443",
        ),
        (
            ["http://127.0.0.1:65536"],
            f"--cors-origin 'http://127.0.0.1:65536' {HOW}: the port is above 65535",
        ),
        (
            ["https://user@a.example"],
            f"--cors-origin 'https://user@a.example' {HOW}: an origin has no user name; "
            "remove the part before @",
        ),
        (
            ["https://a_b.example"],
            f"--cors-origin 'https://a_b.example' {HOW}: the host or port is malformed",
        ),
        (
            ["null"],
            f"--cors-origin 'null' {HOW}: it has no scheme; write https://null "
            "(or http:// for a local server)",
        ),
        (
            ["*", A],
            "--cors-origin '*' allows every origin, so it cannot be given with other origins; "
            "give it alone, or list only the origins to allow",
        ),
        (
            [A, ""],
            "--cors-origin '' turns CORS off, so it cannot be given with other origins; "
            "give it alone, or list only the origins to allow",
        ),
    ],
)
def test_malformed_origins_are_refused_saying_why(values: list[str], message: str) -> None:
    with pytest.raises(OriginError) as caught:
        parse_origins(values)
    assert str(caught.value) == message
