"""Images and video transcripts through the API: blocks, files, caching, the static export."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import create_app
from coprod_content.api.export import api_target
from coprod_content.catalog import Catalog, Version
from coprod_content.gitstore import Release
from coprod_content.loading import load_modules
from coprod_content.model import Module
from tests.api import nginx
from tests.api.conftest import ROOT, free_port

FOLDER = ROOT / "tests" / "fixtures" / "media"
FILES = {
    "levels-picture": ("levels.png", "image/png"),
    "divider": ("divider.svg", "image/svg+xml"),
}
"""Each image block of the fixture, its file and the content type it must be served with."""
YEAR = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def pictures() -> Module:
    (only,) = load_modules(FOLDER)
    return only


@pytest.fixture(scope="module")
def catalog(pictures: Module) -> Catalog:
    """The fixture as the latest module, and as its released version 0.1.0."""
    release = Release(module_id="pictures", version="0.1.0", tag="pictures@0.1.0", commit="0" * 40)
    return Catalog(
        modules=(pictures,), history={"pictures": (Version(release=release, module=pictures),)}
    )


@pytest.fixture(scope="module")
def app(catalog: Catalog) -> Litestar:
    return create_app(catalog.modules, history=catalog.history)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as test_client:
        yield test_client


def _image_blocks(client: TestClient[Litestar], base: str) -> dict[str, dict[str, Any]]:
    section = client.get(f"{base}/sections/basics.json").json()["section"]
    return {b["id"]: b for b in section["blocks"] if b["kind"] == "image"}


def _digest(name: str) -> str:
    return hashlib.sha256((FOLDER / "pictures" / "images" / name).read_bytes()).hexdigest()[:12]


@pytest.mark.parametrize("base", ["/v1/modules/pictures", "/v1/modules/pictures/versions/0.1.0"])
def test_image_blocks_link_to_their_files_served_with_type_etag_and_a_years_caching(
    client: TestClient[Litestar], base: str
) -> None:
    blocks = _image_blocks(client, base)
    assert blocks["levels-picture"] == {
        "kind": "image",
        "id": "levels-picture",
        "href": f"{base}/images/levels.{_digest('levels.png')}.png",
        "media_type": "image/png",
        "alt": "Three bands, widest at the base, narrowing to co-production at the top.",
        "decorative": False,
        "caption": [{"kind": "text", "text": "The levels of collaboration, drawn as a pyramid."}],
    }
    assert (blocks["divider"]["alt"], blocks["divider"]["decorative"]) == (None, True)
    for block_id, (name, media_type) in FILES.items():
        href = blocks[block_id]["href"]
        got = client.get(href, headers={"accept-encoding": "identity"})
        assert got.status_code == 200
        assert got.content == (FOLDER / "pictures" / "images" / name).read_bytes()
        assert got.headers["content-type"] == media_type
        assert got.headers["cache-control"] == YEAR
        assert got.headers["content-security-policy"].startswith("default-src 'none'")
        etag = got.headers["etag"]
        assert etag == '"' + hashlib.sha256(got.content).hexdigest()[:32] + '"'
        again = client.get(href, headers={"if-none-match": etag, "accept-encoding": "identity"})
        assert (again.status_code, again.content) == (304, b"")
        head = client.head(href, headers={"accept-encoding": "identity"})
        assert (head.status_code, head.content) == (200, b"")
        assert head.headers["content-length"] == str(len(got.content))


def test_an_unknown_image_is_a_problem_naming_where_the_hrefs_are(
    client: TestClient[Litestar],
) -> None:
    got = client.get("/v1/modules/pictures/images/levels.png")
    assert got.status_code == 404
    assert got.headers["content-type"] == "application/problem+json"
    assert got.json()["detail"] == (
        "module 'pictures' has no image 'levels.png'; its image blocks give their hrefs"
        " (/v1/modules/pictures)"
    )


@pytest.mark.parametrize("richtext", ["tree", "html"])
def test_a_video_carries_its_transcript_and_captions(
    client: TestClient[Litestar], richtext: str
) -> None:
    suffix = ".richtext-html" if richtext == "html" else ""
    activity = client.get(f"/v1/modules/pictures/activities/watch-and-think{suffix}.json").json()
    video = activity["activity"]["steps"][0]["video"]
    assert video["captions"] == ["en-GB", "cy"]
    first = (
        "A support worker sits across a desk from a woman. <strong>Support worker:</strong> I"
        " have filled in the form for you already; just sign here."
    )
    if richtext == "html":
        assert video["transcript"][0] == first
    else:
        assert video["transcript"][0][1] == {
            "kind": "strong",
            "children": [{"kind": "text", "text": "Support worker:"}],
        }
    assert len(video["transcript"]) == 2


def test_a_video_without_a_transcript_says_so(module: Module) -> None:
    """The bundled module's videos have none yet: null, not an invented one."""
    with TestClient(create_app([module])) as client:
        steps = client.get(f"/v1/modules/{module.id}/activities.json").json()["activities"]
    videos = [s["video"] for a in steps for s in a["steps"] if s["kind"] == "watch"]
    assert len(videos) == 3
    assert all(v["transcript"] is None and v["captions"] == [] for v in videos)


@pytest.fixture(scope="module")
def exported(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    for name, data in api_target(catalog).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root / "api"


def test_the_static_export_has_each_image_where_its_href_points(
    exported: Path, client: TestClient[Litestar]
) -> None:
    for base in ("/v1/modules/pictures", "/v1/modules/pictures/versions/0.1.0"):
        for block in _image_blocks(client, base).values():
            exported_file = exported / block["href"].lstrip("/")
            assert exported_file.read_bytes() == client.get(block["href"]).content


def test_nginx_serves_the_exported_images_as_the_api_does(
    exported: Path, client: TestClient[Litestar], tmp_path: Path
) -> None:
    port = free_port()
    process = nginx.start(exported, port, tmp_path)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as host:
            for base in ("/v1/modules/pictures", "/v1/modules/pictures/versions/0.1.0"):
                for block in _image_blocks(client, base).values():
                    got = host.get(block["href"], headers={"accept-encoding": "identity"})
                    want = client.get(block["href"], headers={"accept-encoding": "identity"})
                    assert (got.status_code, got.content) == (200, want.content)
                    for header in ("content-type", "cache-control", "content-security-policy"):
                        assert got.headers[header] == want.headers[header], header
                    assert got.headers["etag"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_json_export_carries_transcripts_and_image_files(pictures: Module) -> None:
    import msgspec

    from coprod_content.targets import json_target

    (data,) = json_target([pictures]).values()
    back = msgspec.json.decode(data, type=Module)
    assert back == pictures
    raw = msgspec.json.decode(data)
    video = raw["activities"][0]["steps"][0]["video"]
    assert video["captions"] == ["en-GB", "cy"] and len(video["transcript"]) == 2
    assert [f["path"] for f in raw["images"]] == ["images/divider.svg", "images/levels.png"]
