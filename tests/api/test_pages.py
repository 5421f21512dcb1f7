"""The encoded pages themselves (``api.pages``), below HTTP: the URL spellings the fast path
answers, and checked answers looked up without a request."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from pathlib import Path

import msgspec
import pytest

from coprod_content.api.pages import EncodedPage, Pages
from coprod_content.diagnostics import NotFound
from coprod_content.loading import load_modules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALID = FIXTURES / "valid"


@pytest.fixture(scope="module")
def pages() -> Pages:
    return Pages(load_modules(VALID))


def test_a_page_in_the_default_style_is_asked_for_with_or_without_its_defaults() -> None:
    page = EncodedPage("/v1/modules/x/quiz", b"{}")
    assert sorted(page.spellings(("answers", "richtext"))) == [
        "/v1/modules/x/quiz",
        "/v1/modules/x/quiz.json",
        "/v1/modules/x/quiz?answers=true",
        "/v1/modules/x/quiz?answers=true&richtext=tree",
        "/v1/modules/x/quiz?richtext=tree",
        "/v1/modules/x/quiz?richtext=tree&answers=true",
    ]


def test_a_page_in_another_style_is_asked_for_only_with_its_own_value() -> None:
    page = EncodedPage("/v1/modules/x/quiz", b"{}", query=(("answers", "false"),))
    assert sorted(page.spellings(("answers", "richtext"))) == [
        "/v1/modules/x/quiz.answers-false.json",
        "/v1/modules/x/quiz?answers=false",
        "/v1/modules/x/quiz?answers=false&richtext=tree",
        "/v1/modules/x/quiz?richtext=tree&answers=false",
    ]
    html = EncodedPage("/v1/modules/x/pyramid", b"{}", query=(("richtext", "html"),))
    assert list(html.spellings(("richtext",))) == [
        "/v1/modules/x/pyramid?richtext=html",
        "/v1/modules/x/pyramid.richtext-html.json",
    ]


def test_a_file_without_parameters_has_one_spelling() -> None:
    page = EncodedPage("/v1/schema/module.json", b"{}")
    assert list(page.spellings(())) == ["/v1/schema/module.json"]


def test_an_answer_is_checked_against_the_latest_version_by_default(pages: Pages) -> None:
    right = json.loads(pages.check("mini", "feedback-after-design", ("false",), "tree"))
    wrong = json.loads(pages.check("mini", "feedback-after-design", ("true",), "tree"))
    assert (right["item_id"], right["correct"], wrong["correct"]) == (
        "feedback-after-design",
        True,
        False,
    )
    assert pages.check("mini", "feedback-after-design", ("false",), "tree", "/v1/modules/mini") == (
        pages.check("mini", "feedback-after-design", ("false",), "tree")
    )


def test_checking_an_item_that_is_not_there_names_it_and_the_quiz(pages: Pages) -> None:
    with pytest.raises(NotFound) as latest:
        pages.check("mini", "no-such-item", ("true",), "tree")
    assert (
        str(latest.value)
        == "no quiz item 'no-such-item' at /v1/modules/mini; see /v1/modules/mini/quiz"
    )
    released = "/v1/modules/mini/versions/0.0.1"
    with pytest.raises(NotFound) as old:
        pages.check("mini", "feedback-after-design", ("true",), "tree", released)
    assert str(old.value) == (
        f"no quiz item 'feedback-after-design' at {released}; see {released}/quiz"
    )


def _etag(body: bytes) -> str:
    """The ETag of a body: the first 32 hex digits of its SHA-256, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _gzipped(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=9, mtime=0)


def test_a_body_of_256_bytes_is_gzipped_and_one_of_255_is_not() -> None:
    short, enough = EncodedPage("/x", b"a" * 255), EncodedPage("/x", b"a" * 256)
    assert short.gzip is None and len(short.replies) == 2
    assert all(("vary", "accept-encoding") not in r.headers for r in short.replies)
    assert enough.gzip == _gzipped(b"a" * 256)
    assert [r.status for r in enough.replies] == [200, 304, 200, 304]
    assert all(("vary", "accept-encoding") in r.headers for r in enough.replies)


def test_a_gzip_form_no_smaller_than_the_body_is_not_offered() -> None:
    noise = random.Random(0).randbytes(300)
    same = next(  # the padding that makes the gzip form exactly as long as the body
        noise + b"a" * pad
        for pad in range(100)
        if len(_gzipped(noise + b"a" * pad)) == len(noise) + pad
    )
    assert EncodedPage("/x", same).gzip is None
    assert EncodedPage("/x", noise).gzip is None  # longer
    assert EncodedPage("/x", same + b"a").gzip == _gzipped(same + b"a")  # one byte shorter


def test_an_image_is_served_with_its_type_a_years_caching_and_a_policy_that_runs_nothing() -> None:
    (module,) = load_modules(FIXTURES / "media")
    png = next(image for image in module.images if image.path.endswith(".png"))
    (page,) = [page for page in Pages([module]) if page.path.endswith(".png")]
    assert page.path.startswith("/v1/modules/pictures/images/levels.")
    etag = _etag(png.data)
    assert page.replies[0] == (
        200,
        (
            ("content-type", "image/png"),
            ("content-length", str(len(png.data))),
            ("etag", etag),
            ("cache-control", "public, max-age=31536000, immutable"),
            ("content-version", module.version),
            ("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        ),
        png.data,
    )


def test_the_module_list_names_each_language_once_and_none_without_modules() -> None:
    (mini,) = load_modules(VALID)
    german = msgspec.structs.replace(mini, id="mini-de", language="de")
    british = msgspec.structs.replace(mini, id="mini-two")
    listing = Pages([mini, german, british]).get("/v1/modules")
    assert ("content-language", "en-GB, de") in listing.replies[0].headers
    empty = Pages([]).get("/v1/modules")
    assert [name for name, _ in empty.replies[0].headers] == [
        "content-type",
        "content-length",
        "etag",
        "cache-control",
    ]


def test_a_module_links_to_its_versions_only_when_they_are_published() -> None:
    modules = load_modules(VALID)
    published = json.loads(Pages(modules, versions=True).get("/v1/modules/mini").body)
    assert published["links"]["versions"] == "/v1/modules/mini/versions.json"
    unpublished = json.loads(Pages(modules).get("/v1/modules/mini").body)
    assert unpublished["links"]["versions"] is None


def test_an_image_is_asked_for_by_its_path_alone() -> None:
    pages = Pages(load_modules(FIXTURES / "media"))
    images = [page for page in pages if "/images/" in page.path]
    assert len(images) == 2
    for page in images:
        assert list(page.spellings(pages.params[page.path])) == [page.path]


def test_the_module_list_links_to_versions_only_when_they_are_published() -> None:
    modules = load_modules(VALID)
    published = json.loads(Pages(modules, versions=True).get("/v1/modules").body)
    assert [m["links"]["versions"] for m in published["modules"]] == [
        "/v1/modules/mini/versions.json"
    ]
    unpublished = json.loads(Pages(modules).get("/v1/modules").body)
    assert [m["links"]["versions"] for m in unpublished["modules"]] == [None]


def test_the_module_schema_is_a_json_schema_document_at_one_url(pages: Pages) -> None:
    schema = pages.get("/v1/schema/module.json")
    assert ("content-type", "application/schema+json") in schema.replies[0].headers
    document = json.loads(schema.body)
    assert document["$ref"] == "#/$defs/Module" and "Module" in document["$defs"]
    # a file to read and diff: two-space indents and a final newline, as Python writes JSON
    assert schema.body.decode() == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert list(schema.spellings(pages.params[schema.path])) == ["/v1/schema/module.json"]


def test_health_is_ok_and_names_every_module_it_serves() -> None:
    (mini,) = load_modules(VALID)
    other = msgspec.structs.replace(mini, id="mini-two", version="2.0.0")
    health = Pages([mini, other]).get("/healthz")
    assert ("cache-control", "no-cache") in health.replies[0].headers
    body = json.loads(health.body)
    assert body["status"] == "ok"
    assert [(m["id"], m["version"]) for m in body["modules"]] == [
        ("mini", mini.version),
        ("mini-two", "2.0.0"),
    ]


def test_every_reply_of_a_gzipped_page_written_out() -> None:
    """A page with a gzip form has four replies: 200 and 304, identity then gzip. Each
    carries its own ETag (SHA-256 of its own body, 32 hex digits), every header the page was
    given, lower-case names (the fast path writes them as they are), and a 304 has no body."""
    body = json.dumps({"words": ["co-production"] * 40}).encode()
    page = EncodedPage(
        "/v1/modules/x",
        body,
        cache_control="no-cache",
        version="1.2.0",
        language="en-GB",
        headers=(("x-extra", "1"),),
    )
    packed = page.replies[2].body
    assert gzip.decompress(packed) == body and len(packed) < len(body)

    common = (
        ("cache-control", "no-cache"),
        ("vary", "accept-encoding"),
        ("content-version", "1.2.0"),
        ("content-language", "en-GB"),
        ("x-extra", "1"),
    )
    plain = ("content-type", "application/json"), ("content-length", str(len(body)))
    zipped = (
        ("content-type", "application/json"),
        ("content-length", str(len(packed))),
        ("content-encoding", "gzip"),
    )
    assert [tuple(reply) for reply in page.replies] == [
        (200, (*plain, ("etag", _etag(body)), *common), body),
        (304, (("etag", _etag(body)), *common), b""),
        (200, (*zipped, ("etag", _etag(packed)), *common), packed),
        (304, (("etag", _etag(packed)), *common), b""),
    ]


def test_a_small_page_has_no_gzip_form_and_varies_on_nothing() -> None:
    page = EncodedPage("/v1/modules/x", b"{}", language="cy")
    tag = _etag(b"{}")
    common = (("cache-control", "public, max-age=300, stale-while-revalidate=86400"),)
    assert [tuple(reply) for reply in page.replies] == [
        (
            200,
            (
                ("content-type", "application/json"),
                ("content-length", "2"),
                ("etag", tag),
                *common,
                ("content-language", "cy"),
            ),
            b"{}",
        ),
        (304, (("etag", tag), *common, ("content-language", "cy")), b""),
    ]
