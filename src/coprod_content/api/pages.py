"""Encode once, serve many times: every GET response of the API, built up front.

Content is immutable per version, so each response body is encoded once, gzipped
once, and given strong ETags computed from its bytes. A ``Page`` holds one URL's
bytes and its ready replies (200 or 304, identity or gzip, GET or HEAD); the HTTP
handlers, the server's fast path and the static export all read the same pages.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import msgspec

from coprod_content import model as m
from coprod_content import quiz
from coprod_content.api import wire as w
from coprod_content.api.convert import Converter, module_list, module_ref
from coprod_content.api.negotiation import accepts_gzip, etag_matches
from coprod_content.api.urls import (
    BOTH,
    DEFAULTS,
    MODULES,
    RICH,
    RICHTEXTS,
    Query,
    Style,
    image_name,
    module_href,
    path_form,
    query,
    query_form,
)
from coprod_content.catalog import Version
from coprod_content.diagnostics import NotFound

JSON = "application/json"
SCHEMA_JSON = "application/schema+json"
CACHE_CONTENT = "public, max-age=300, stale-while-revalidate=86400"
"""Content changes only with a new content version: caches may reuse a response for five
minutes, then revalidate it with its ETag (a 304 costs a few bytes)."""
CACHE_RELEASED = "public, max-age=86400, immutable"
"""A released version's pages never change (its URL names the version): caches may reuse
them for a day without revalidating."""
CACHE_IMAGE = "public, max-age=31536000, immutable"
"""An image's URL holds a digest of its bytes (``urls.image_name``): it never changes."""
IMAGE_POLICY: Headers = (
    ("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
)
"""Opened on its own, an image (an SVG above all) may load nothing and run nothing."""
CACHE_REVALIDATE = "no-cache"
CACHE_NEVER = "no-store"
GZIP_MIN_BYTES = 256

Headers = tuple[tuple[str, str], ...]
_encode = msgspec.json.Encoder().encode


class Reply(NamedTuple):
    status: int
    headers: Headers
    body: bytes


class Page:
    """One GET URL's response, encoded once: body, gzip body, ETags and ready replies.

    ``replies`` holds the 200 and 304 replies, identity then gzip when there is a gzip form
    (``choose`` picks one); a HEAD is answered with the same headers and no body.
    """

    __slots__ = ("body", "etags", "gzip", "path", "query", "replies", "version")

    def __init__(
        self,
        path: str,
        body: bytes,
        *,
        query: Query = (),
        media_type: str = JSON,
        cache_control: str = CACHE_CONTENT,
        version: str | None = None,
        language: str | None = None,
        headers: Headers = (),
    ) -> None:
        self.path, self.query, self.body, self.version = path, query, body, version
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        self.gzip = packed if len(body) >= GZIP_MIN_BYTES and len(packed) < len(body) else None
        self.etags = (_etag(body), _etag(self.gzip) if self.gzip is not None else "")
        common: Headers = (("cache-control", cache_control),)
        if self.gzip is not None:
            common += (("vary", "accept-encoding"),)
        if version is not None:
            common += (("content-version", version),)
        if language is not None:
            common += (("content-language", language),)
        common += headers
        plain = (("etag", self.etags[0]), *common)
        self.replies = [
            Reply(200, (*_entity(media_type, body), *plain), body),
            Reply(304, plain, b""),
        ]
        if self.gzip is not None:
            packed_tags = (("etag", self.etags[1]), *common)
            encoded = (*_entity(media_type, self.gzip), ("content-encoding", "gzip"))
            self.replies += [
                Reply(200, (*encoded, *packed_tags), self.gzip),
                Reply(304, packed_tags, b""),
            ]

    @property
    def url(self) -> str:
        """Path and canonical query string, e.g. ``/v1/modules/x/quiz?answers=false``."""
        return query_form(self.path, self.query)

    @property
    def form(self) -> str:
        """The path form, e.g. ``/v1/modules/x/quiz.answers-false.json`` (see ``urls``)."""
        return path_form(self.path, self.query)

    def reply(self, if_none_match: str | None, accept_encoding: str | None) -> Reply:
        """The reply to a GET with these request headers."""
        return self.replies[self.choose(if_none_match, accept_encoding)]

    def choose(self, if_none_match: str | None, accept_encoding: str | None) -> int:
        """Index into ``replies``: gzip if accepted and smaller, 304 if the ETag matches."""
        packed = self.gzip is not None and accepts_gzip(accept_encoding)
        fresh = if_none_match is not None and etag_matches(if_none_match, self.etags[packed])
        return 2 * packed + fresh

    def spellings(self, params: Sequence[str]) -> Iterator[str]:
        """Every URL that asks for this page, given the query parameters its route takes:
        each order of the parameters, defaults given or left out, and the path form."""
        given = dict(self.query)
        values = {name: given[name] if name in given else DEFAULTS[name] for name in params}
        for size in range(len(params) + 1):
            for names in itertools.permutations(params, size):
                if all(name in names for name in given):
                    query = "&".join(f"{name}={values[name]}" for name in names)
                    yield self.path + ("?" + query if query else "")
        if self.form != self.path:
            yield self.form


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _entity(media_type: str, body: bytes) -> Headers:
    return (("content-type", media_type), ("content-length", str(len(body))))


DEFAULT_STYLE = Style()
STYLES = tuple(Style(richtext=r, answers=a) for r in RICHTEXTS for a in (True, False))


class Pages:
    """Every GET response of the API for some modules, by path and canonical query."""

    def __init__(self, modules: Sequence[m.Module], *, versions: bool = False) -> None:
        """Every page of ``modules``.

        Args:
            versions: whether released versions are published (``history.add_history``
                adds their pages); modules then link to their versions.
        """
        self.modules = {mod.id: mod for mod in modules}
        self.versions = versions
        self.history: dict[str, tuple[Version, ...]] = {}
        """Every released version of each module (see ``history.add_history``)."""
        self.params: dict[str, tuple[str, ...]] = {}
        self.forms: dict[str, Page] = {}
        """Every page by its path form (see ``urls``)."""
        self._pages: dict[tuple[str, Query], Page] = {}
        self._checks: dict[tuple[str, str, tuple[str, ...], str], bytes] = {}
        languages = ", ".join(dict.fromkeys(mod.language for mod in modules)) or None
        listing = _encode(module_list(modules, versions))
        self.add(Page(MODULES, listing, language=languages), ())
        self.add(Page("/v1/schema/module.json", model_schema(), media_type=SCHEMA_JSON), ())
        health = w.Health(status="ok", modules=tuple(module_ref(mod) for mod in modules))
        self.add(Page("/healthz", _encode(health), cache_control=CACHE_REVALIDATE), ())
        for mod in modules:
            self._add_module(mod)

    def add(self, page: Page, params: tuple[str, ...]) -> None:
        """Add a page whose route takes the query parameters ``params``."""
        self._pages[page.path, page.query] = page
        self.params[page.path] = params
        taken = self.forms.setdefault(page.form, page)
        assert taken is page, f"{page.url} and {taken.url} have the same path form {page.form}"

    def __iter__(self) -> Iterator[Page]:
        return iter(self._pages.values())

    def get(self, path: str, style: Style = DEFAULT_STYLE) -> Page:
        """The page at ``path`` in ``style``; KeyError if there is none."""
        return self._pages[path, query(style, self.params[path])]

    def at(self, path: str, canonical: Query) -> Page | None:
        """The page at ``path`` with exactly this canonical query, if there is one."""
        return self._pages.get((path, canonical))

    def check(
        self,
        module_id: str,
        item_id: str,
        answer: tuple[str, ...],
        richtext: str,
        base: str | None = None,
    ) -> bytes:
        """The encoded result of choosing the options ``answer`` (see ``quiz.read_answer``).

        Args:
            base: the path of a released version of the module; by default, the latest.

        Raises:
            NotFound: no such quiz item there.
        """
        base = base or module_href(module_id)
        try:
            return self._checks[base, item_id, answer, richtext]
        except KeyError:
            raise NotFound(f"no quiz item {item_id!r} at {base}; see {base}/quiz") from None

    def add_version(self, mod: m.Module, base: str) -> None:
        """Add the pages of a released version of a module, under ``base``."""
        self._add_module(mod, base)

    def _add_module(self, mod: m.Module, released: str | None = None) -> None:
        base = released or module_href(mod.id)
        cache = CACHE_RELEASED if released else CACHE_CONTENT

        def add(path: str, style: Style, params: tuple[str, ...], value: msgspec.Struct) -> None:
            page = Page(
                path,
                _encode(value),
                query=query(style, params),
                version=mod.version,
                language=mod.language,
                cache_control=cache,
            )
            self.add(page, params)

        for image in mod.images:
            path = f"{base}/images/{image_name(image)}"
            page = Page(
                path,
                image.data,
                media_type=image.media_type,
                cache_control=CACHE_IMAGE,
                version=mod.version,
                headers=IMAGE_POLICY,
            )
            self.add(page, ())
        for style in STYLES:
            convert = Converter(mod, style, base, self.versions)
            add(base, style, BOTH, convert.module_detail())
            add(f"{base}/quiz", style, BOTH, convert.quiz_detail())
            for item in mod.quiz.items:
                add(f"{base}/quiz/{item.id}", style, BOTH, convert.quiz_item_detail(item))
                if style.answers:  # one check result per response and rich text format
                    for answer in quiz.responses(item):
                        key = (base, item.id, answer, style.richtext)
                        self._checks[key] = _encode(convert.check_result(item, answer))
            if not style.answers:
                continue
            add(f"{base}/sections", style, RICH, convert.section_list())
            for section in mod.sections:
                add(f"{base}/sections/{section.id}", style, RICH, convert.section_detail(section))
            add(f"{base}/pyramid", style, RICH, convert.pyramid_detail())
            add(f"{base}/activities", style, RICH, convert.activity_list())
            for activity in mod.activities:
                path = f"{base}/activities/{activity.id}"
                add(path, style, RICH, convert.activity_detail(activity))
            add(f"{base}/resources", style, RICH, convert.resource_list())
            for resource in mod.resources:
                path = f"{base}/resources/{resource.id}"
                add(path, style, RICH, convert.resource_detail(resource))


def model_schema() -> bytes:
    """The content model's JSON Schema, exactly as ``coprod schema`` prints it."""
    return msgspec.json.format(_encode(msgspec.json.schema(m.Module)), indent=2) + b"\n"
