"""Where things are in API v1: paths, representations, and the two ways to spell a URL.

A page's representation (``Style``) is asked for with query parameters on the server
(``/v1/modules/x/quiz?answers=false&richtext=html``) or, on the server and on any static
host alike, with the path form: the path, a ``.name-value`` suffix for each parameter that
differs from its default (in name order), then ``.json``
(``/v1/modules/x/quiz.answers-false.richtext-html.json``). A static host serves a file
per path form, so hrefs in responses are path forms, and they keep the representation
parameters of the response they appear in, as far as the target takes them. Ids are
slugs (no dots), so a path form reads back unambiguously. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Literal, NamedTuple

from coprod_content import images
from coprod_content.model import ImageFile

PREFIX = "/v1"
MODULES = f"{PREFIX}/modules"
DEFAULTS = {"answers": "true", "richtext": "tree"}
"""Every representation parameter of the API and its default value."""
BOTH = ("answers", "richtext")
"""The parameters of routes that serve quiz answers: the module, the quiz, a quiz item."""
RICH = ("richtext",)
"""The parameter of routes that serve rich text without quiz answers."""
CHANGES = ("richtext", "since")
"""The parameters of a released version's ``changes`` (``since`` is needed)."""
RichTextForm = Literal["tree", "html"]
RICHTEXTS: tuple[RichTextForm, ...] = ("tree", "html")
"""The forms of rich text, the default first."""

FILES = (".json", *(f".{ext}" for ext in images.TYPES))
"""The endings of paths that name a file: a schema, an image."""

Query = tuple[tuple[str, str], ...]
"""A canonical query: non-default parameters, sorted by name."""


class Style(NamedTuple):
    """How a response is rendered: ``?richtext=`` and ``?answers=``."""

    richtext: RichTextForm = "tree"
    answers: bool = True


def module_href(module_id: str) -> str:
    """The path of a module (its latest release) in API v1."""
    return f"{MODULES}/{module_id}"


def version_href(module_id: str, version: str) -> str:
    """The path of a released version of a module."""
    return f"{module_href(module_id)}/versions/{version}"


def query(style: Style, params: Sequence[str]) -> Query:
    """The canonical query of ``style`` on a route that takes ``params``."""
    values = {"answers": "true" if style.answers else "false", "richtext": style.richtext}
    return tuple((p, values[p]) for p in sorted(params) if p in values and values[p] != DEFAULTS[p])


def changes_query(style: Style, since: str) -> Query:
    """The canonical query of a ``changes`` page in ``style``, since the version ``since``."""
    return tuple(sorted((*query(style, RICH), ("since", since))))


def path_form(path: str, canonical: Query = ()) -> str:
    """The path form of a page: ``/v1/modules/x/quiz.answers-false.json``.

    A path that already names a file (the schemas, ``.json``; images, ``.png``...) is its
    own path form.
    """
    if path.endswith(FILES):
        assert not canonical, f"{path} takes no query"
        return path
    return path + "".join(f".{name}-{value}" for name, value in canonical) + ".json"


def image_name(image: ImageFile) -> str:
    """The name an image file is served under: its own, with a digest of its bytes before
    the extension (``levels.3f2a9c1b07d4.png``), so its URL changes when it does and
    caches may keep it for a year."""
    stem, ext = image.path.removeprefix("images/").rsplit(".", 1)
    return f"{stem}.{hashlib.sha256(image.data).hexdigest()[:12]}.{ext}"


def query_form(path: str, canonical: Query = ()) -> str:
    """The query form of a page: ``/v1/modules/x/quiz?answers=false``."""
    return path + ("?" + "&".join(f"{k}={v}" for k, v in canonical) if canonical else "")


def href(path: str, style: Style, params: Sequence[str]) -> str:
    """The href of ``path``, a route taking ``params``, from a response in ``style``."""
    return path_form(path, query(style, params))
