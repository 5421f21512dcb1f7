"""Cross-file rules that are not tied to one broken fixture: reserved example domains."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import msgspec
import pytest

from coprod_content.checks import (
    activity_of,
    base_iri_problem,
    check,
    ids,
    reserved_domain,
    url_problem,
    video_problem,
    warnings,
)
from coprod_content.loading import load_modules
from coprod_content.model import Module, Video


@pytest.mark.parametrize(
    ("iri", "domain"),
    [
        ("https://example.org/xapi", "example.org"),
        ("https://coprod-content.example.org/xapi/activities", "example.org"),
        ("https://EXAMPLE.COM./a", "example.com"),
        ("http://a.b.example.net/", "example.net"),
        ("https://modules.test/x", ".test"),
        ("https://modules.invalid/x", ".invalid"),
        ("https://modules.example/x", ".example"),
        ("https://a.b.modules.test/x", ".test"),  # the last label, wherever it stands
        ("http://invalid/x", ".invalid"),  # a host of one label
        ("http://localhost/x", "localhost"),
        ("http://lrs.localhost/x", "localhost"),
    ],
)
def test_reserved_domains_are_named(iri: str, domain: str) -> None:
    assert reserved_domain(iri) == domain


@pytest.mark.parametrize(
    "iri",
    [
        "https://learning.example-trust.org/xapi",  # a real name that contains "example"
        "https://notexample.org/xapi",
        "https://example.org.uk/xapi",
        "https://example.co/xapi",
        "https://testing.org/xapi",
        "https://coprod-content.org.uk/xapi/activities",
    ],
)
def test_owned_looking_domains_are_not_reserved(iri: str) -> None:
    assert reserved_domain(iri) is None


def test_a_placeholder_iri_is_a_warning_not_an_error() -> None:
    (module,) = load_modules(Path(__file__).parent / "fixtures" / "valid")
    assert check(module) == []
    warning, video = warnings(module)  # and its video without a transcript
    assert (warning.severity, warning.path) == ("warning", "$.base_iri")
    assert (video.severity, video.path) == ("warning", "$.activities[0].steps[0].video")
    owned = msgspec.structs.replace(module, base_iri="https://learning.coprod-tests.org.uk/xapi")
    assert check(owned) == []
    assert warnings(owned) == [video]


def test_activity_of_finds_an_activity_by_its_id_and_none_for_an_unknown_id() -> None:
    (module,) = load_modules(Path(__file__).parent / "fixtures" / "valid")
    (only,) = module.activities
    other = msgspec.structs.replace(only, id="a-second-activity")
    two = msgspec.structs.replace(module, activities=(only, other))
    assert activity_of(two, "watch-and-think") is only
    assert activity_of(two, "a-second-activity") is other
    assert activity_of(two, "no-such-activity") is None


def test_a_module_checked_without_its_sources_is_located_in_module_at_line_1() -> None:
    (module,) = load_modules(Path(__file__).parent / "fixtures" / "valid")
    levels = tuple(reversed(module.pyramid.levels))
    upside_down = msgspec.structs.replace(
        module, pyramid=msgspec.structs.replace(module.pyramid, levels=levels)
    )
    assert [(d.source, d.line, d.path) for d in check(upside_down)] == [
        ("<module>", 1, "$.pyramid.levels[0].number"),
        ("<module>", 1, "$.pyramid.levels[2].number"),
    ]


def test_ids_gives_every_id_with_the_model_path_that_leads_to_it() -> None:
    (module,) = load_modules(Path(__file__).parent / "fixtures" / "valid")
    found = list(ids(module))
    for path, value in found:  # the path, followed through the model, reaches the id
        node: object = module
        for step in path:
            node = node[step] if isinstance(step, int) else getattr(node, step)  # type: ignore[index]
        assert node == value, path
    kinds = [tuple(step for step in path if isinstance(step, str)) for path, _ in found]
    sections = [kind for kind in kinds if kind[0] == "sections"]
    assert [kind for kind in kinds if kind[0] != "sections"] == [
        ("pyramid", "id"),
        *[("pyramid", "levels", "id")] * 3,
        ("quiz", "id"),
        *[("quiz", "items", "id")] * 2,
        ("resources", "id"),
        ("activities", "id"),
        *[("activities", "steps", "id")] * 3,
    ]
    assert kinds[8 : 8 + len(sections)] == sections  # in reading order: after the resources
    assert Counter(sections) == {
        ("sections", "id"): 2,
        ("sections", "blocks", "id"): 12,
        ("sections", "blocks", "items", "id"): 1,  # a challenge
    }


def _with_block(module: Module, section: int, index: int, **changes: object) -> Module:
    blocks = list(module.sections[section].blocks)
    blocks[index] = msgspec.structs.replace(blocks[index], **changes)
    sections = list(module.sections)
    sections[section] = msgspec.structs.replace(sections[section], blocks=tuple(blocks))
    return msgspec.structs.replace(module, sections=tuple(sections))


def test_an_unknown_activity_or_image_file_is_reported_with_every_one_there_is() -> None:
    (module,) = load_modules(Path(__file__).parent / "fixtures" / "media")
    (only,) = module.activities
    two = msgspec.structs.replace(
        module, activities=(only, msgspec.structs.replace(only, id="another"))
    )
    messages = [d.message for d in check(_with_block(two, 1, 0, activity="nope"))]
    assert "activity 'nope' does not exist; expected one of: another, watch-and-think" in messages
    none = msgspec.structs.replace(module, activities=())
    messages = [d.message for d in check(_with_block(none, 1, 0, activity="nope"))]
    assert "activity 'nope' does not exist; expected one of: none defined" in messages

    missing = _with_block(module, 0, 3, file="images/gone.png")
    messages = [d.message for d in check(missing)]
    assert (
        "image file 'images/gone.png' is not in the module folder; add it there or name one that"
        " is (images in the folder: images/divider.svg, images/levels.png)"
    ) in messages
    no_images = _with_block(
        _with_block(msgspec.structs.replace(module, images=()), 0, 3, file="images/gone.png"),
        0,
        4,
        file="images/gone.svg",
    )
    messages = [d.message for d in check(no_images)]
    assert (
        "image file 'images/gone.png' is not in the module folder; add it there or name one that"
        " is (images in the folder: none)"
    ) in messages


@pytest.mark.parametrize(
    ("section", "index", "name"), [(0, 2, "pyramid"), (1, 3, "quiz"), (1, 4, "resources")]
)
def test_the_pyramid_quiz_and_resources_are_each_shown_by_exactly_one_block(
    section: int, index: int, name: str
) -> None:
    (module,) = load_modules(Path(__file__).parent / "fixtures" / "valid")
    blocks = module.sections[section].blocks
    twice = list(module.sections)
    twice[section] = msgspec.structs.replace(twice[section], blocks=(*blocks, blocks[index]))
    shown_twice = msgspec.structs.replace(module, sections=tuple(twice))
    assert [(d.path, d.message) for d in check(shown_twice) if "already shown" in d.message] == [
        (
            f"$.sections[{section}].blocks[{len(blocks)}]",
            f"the {name} is already shown in an earlier block; remove one",
        )
    ]
    gone = list(module.sections)
    gone[section] = msgspec.structs.replace(
        gone[section], blocks=blocks[:index] + blocks[index + 1 :]
    )
    not_shown = msgspec.structs.replace(module, sections=tuple(gone))
    assert [(d.path, d.message) for d in check(not_shown) if "no section" in d.message] == [
        (
            "$.sections",
            f"no section shows the {name}; add a block {{kind: {name}, id: ...}} to a section",
        )
    ]


def test_a_link_cards_url_is_checked_at_its_own_path() -> None:
    (module,) = load_modules(Path(__file__).parent / "fixtures" / "valid")
    card = _with_block(module, 0, 6, url="ftp://files.coprod-tests.org.uk/guide")
    assert [(d.path, d.message) for d in check(card)] == [
        (
            "$.sections[0].blocks[6].url",
            "URL 'ftp://files.coprod-tests.org.uk/guide' has scheme 'ftp'; only http, https and"
            " mailto links are allowed",
        )
    ]


def test_the_base_iris_url_is_checked_at_its_own_path() -> None:
    (module,) = load_modules(Path(__file__).parent / "fixtures" / "valid")
    bad = msgspec.structs.replace(module, base_iri="https://coprod_tests.org.uk/xapi")
    assert [(d.path, d.message) for d in check(bad)] == [
        (
            "$.base_iri",
            "URL 'https://coprod_tests.org.uk/xapi' has an invalid hostname"
            " 'coprod_tests.org.uk'; write a full name such as example.org",
        )
    ]


def _host(length: int) -> str:
    """A hostname of ``length`` characters: labels of 63 letters, then ``.org``."""
    labels, left = [], length - len(".org")
    while left > 0:
        size = min(63, left)
        labels.append(chr(ord("a") + len(labels)) * size)
        left -= size + 1
    return ".".join(labels) + ".org"


def test_a_hostname_may_have_253_characters_and_not_254() -> None:
    assert len(_host(253)) == 253 and len(_host(254)) == 254
    assert url_problem(f"https://{_host(253)}/x") is None
    assert url_problem(f"https://{_host(254)}/x") == (
        f"URL 'https://{_host(254)}/x' has an invalid hostname '{_host(254)}'; write a full name"
        " such as example.org"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://learning.coprod-tests.org.uk/x",  # a middle label that could not be a TLD
        "http://a.b1.org/",
        "mailto:team@coprod-tests.org.uk",
        "mailto:%22a@b%22@coprod-tests.org.uk",  # a quoted local part: the host follows the last @
        "HTTPS://coprod-tests.org.uk/",
    ],
)
def test_urls_that_may_be_linked_to(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (
            "www.coprod-tests.org.uk/guide",
            "has scheme 'none'; only http, https and mailto links are allowed",
        ),
        ("https://:443/x", "has an invalid hostname ''; write a full name such as example.org"),
        (  # IDNA cannot encode an empty label
            "https://a..coprod-tests.org/",
            "has an invalid hostname 'a..coprod-tests.org'; write a full name such as example.org",
        ),
    ],
)
def test_urls_without_a_scheme_or_a_hostname_are_refused(url: str, problem: str) -> None:
    assert url_problem(url) == f"URL {url!r} {problem}"


@pytest.mark.parametrize(
    ("iri", "fine"),
    [
        ("http://learning.coprod-tests.org.uk/xapi", True),
        ("https://learning.coprod-tests.org.uk/x_a~b.c-d/", True),
        ("https://learning.coprod-tests.org.uk/xapi?", False),  # an empty query is still one
        ("https://learning.coprod-tests.org.uk/xapi#", False),
        ("https://learning.coprod-tests.org.uk/x%20api", False),
    ],
)
def test_a_base_iri_holds_a_host_and_a_plain_path(iri: str, fine: bool) -> None:
    problem = base_iri_problem(iri)
    assert problem == (
        None
        if fine
        else f"base IRI {iri!r} may hold only a host and a plain path (letters, digits, '.', '_',"
        " '~', '-', '/'); remove any '?', '#', '%' or other characters"
    )


@pytest.mark.parametrize(
    ("provider", "id", "url", "problem"),
    [
        ("vimeo", "123456", "https://vimeo.com/123456", None),
        ("vimeo", "123456789012", "https://player.vimeo.com/video/123456789012", None),
        (
            "vimeo",
            "12345",
            "https://vimeo.com/12345",
            "invalid vimeo video id '12345'; expected 6 to 12 digits",
        ),
        ("youtube", "dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ", None),
        (
            "youtube",
            "dQw4w9WgXc",
            "https://youtu.be/dQw4w9WgXc",
            "invalid youtube video id 'dQw4w9WgXc'; expected 11 letters, digits, '-' or '_'",
        ),
        (
            "youtube",
            "dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcR",
            "video url"
            " 'https://youtu.be/dQw4w9WgXcR' does not match youtube id 'dQw4w9WgXcQ'; expected"
            " 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' or 'https://youtu.be/dQw4w9WgXcQ'",
        ),
        (
            "vimeo",
            "123456",
            "https://vimeo.com/1234567",
            "video url 'https://vimeo.com/1234567'"
            " does not match vimeo id '123456'; expected 'https://vimeo.com/123456' or"
            " 'https://player.vimeo.com/video/123456'",
        ),
    ],
)
def test_a_video_id_and_url_agree_for_each_provider(
    provider: str, id: str, url: str, problem: str | None
) -> None:
    video = msgspec.convert({"provider": provider, "id": id, "title": "t", "url": url}, Video)
    assert video_problem(video) == problem


def test_a_hostname_mixing_writing_systems_names_them_even_letters_without_a_name() -> None:
    tangut = "\U00017000"  # a letter Python's Unicode database gives no name
    url = f"https://coprod{tangut}.org.uk/x"
    assert url_problem(url) == (
        f"URL {url!r} has hostname 'coprod{tangut}.org.uk' mixing writing systems (Latin,"
        " Unknown), so it can look like another address; retype the hostname in one writing"
        " system"
    )
