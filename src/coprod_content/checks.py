"""Rules across a whole module: Module -> list[Diagnostic].

Field-level rules (types, required fields, id syntax) are enforced when files
are converted; these are the rules that need more than one value at a time:
unique ids, quiz answers naming their item's choices, references (activities, image
files), numbering, URLs and video ids.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from coprod_content import quiz, richtext
from coprod_content.conversion import line_of
from coprod_content.diagnostics import Diagnostic
from coprod_content.model import (
    Activity,
    ActivityRef,
    ChallengeList,
    Emphasis,
    Image,
    Link,
    Module,
    PyramidFigure,
    QuizRef,
    Recommendation,
    ResourceList,
    RichText,
    Strong,
    Text,
    Video,
    Watch,
)
from coprod_content.yamlsource import LineMap, Path, format_path


class Sources:
    """Where each part of a module was authored: model path -> file, line, file path."""

    def __init__(self) -> None:
        self._files: list[tuple[Path, str, LineMap, Path]] = []

    def add(self, prefix: Path, source: str, lines: LineMap, local: Path = ()) -> None:
        """Register a file whose data sits at model path ``prefix``."""
        self._files.append((prefix, source, lines, local))

    def locate(self, path: Path) -> tuple[str, int, str]:
        """File, line and in-file path for a model path."""
        best = None
        for entry in self._files:
            prefix = entry[0]
            if path[: len(prefix)] == prefix and (best is None or len(prefix) > len(best[0])):
                best = entry
        if best is None:
            return "<module>", 1, format_path(path)
        prefix, source, lines, local = best
        in_file = local + path[len(prefix) :]
        return source, line_of(lines, in_file), format_path(in_file)


def check(module: Module, sources: Sources | None = None) -> list[Diagnostic]:
    """Every cross-field error in ``module``, located through ``sources``."""
    where = sources or Sources()
    problems: list[Diagnostic] = []

    def report(path: Path, message: str) -> None:
        source, line, in_file = where.locate(path)
        problems.append(Diagnostic(source=source, line=line, path=in_file, message=message))

    _unique_ids(module, where, report)
    _quiz(module, where, report)
    _references(module, report)
    _image_files(module, report)
    _numbering(module, report)
    for path, url in _urls(module):
        message = url_problem(url)
        if message:
            report(path, message)
    message = base_iri_problem(module.base_iri)
    if message:
        report(("base_iri",), message)
    for i, activity in enumerate(module.activities):
        for j, step in enumerate(activity.steps):
            if isinstance(step, Watch):
                message = video_problem(step.video)
                if message:
                    report(("activities", i, "steps", j, "video"), message)
    return problems


def warnings(module: Module, sources: Sources | None = None) -> list[Diagnostic]:
    """What to settle in ``module`` before a release (never an error), located by ``sources``."""
    where = sources or Sources()
    found: list[Diagnostic] = []

    def warn(path: Path, message: str) -> None:
        source, line, in_file = where.locate(path)
        found.append(
            Diagnostic(source=source, line=line, path=in_file, message=message, severity="warning")
        )

    if reserved_domain(module.base_iri) and base_iri_problem(module.base_iri) is None:
        warn(("base_iri",), placeholder_iri_warning(module.base_iri))
    for i, activity in enumerate(module.activities):
        for j, step in enumerate(activity.steps):
            if isinstance(step, Watch) and not step.video.transcript:
                warn(("activities", i, "steps", j, "video"), untranscribed_warning(step.video))
    return found


def untranscribed_warning(video: Video) -> str:
    """Why a video needs a transcript, and how to add one."""
    return (
        f"video {video.title!r} has no transcript: learners who cannot hear it or see it, or "
        "cannot play it where they are, miss what it says; add a transcript (a list of "
        "paragraphs) under video, written from the video itself (see the README, "
        '"Video transcripts and captions")'
    )


# --- ids and references -------------------------------------------------------------


def ids(module: Module) -> Iterator[tuple[Path, str]]:
    """Every id in the module with its model path, in reading order."""
    yield ("pyramid", "id"), module.pyramid.id
    for i, level in enumerate(module.pyramid.levels):
        yield ("pyramid", "levels", i, "id"), level.id
    yield ("quiz", "id"), module.quiz.id
    for i, item in enumerate(module.quiz.items):
        yield ("quiz", "items", i, "id"), item.id
    for i, res in enumerate(module.resources):
        yield ("resources", i, "id"), res.id
    for i, section in enumerate(module.sections):
        yield ("sections", i, "id"), section.id
        for j, block in enumerate(section.blocks):
            yield ("sections", i, "blocks", j, "id"), block.id
            if isinstance(block, ChallengeList):
                for k, challenge in enumerate(block.items):
                    yield ("sections", i, "blocks", j, "items", k, "id"), challenge.id
    for i, activity in enumerate(module.activities):
        yield ("activities", i, "id"), activity.id
        for j, step in enumerate(activity.steps):
            yield ("activities", i, "steps", j, "id"), step.id


def _unique_ids(module: Module, where: Sources, report: Any) -> None:
    first: dict[str, Path] = {}
    for path, value in ids(module):
        if value in first:
            source, line, in_file = where.locate(first[value])
            report(
                path,
                f"duplicate id {value!r}: already used at {source}:{line} ({in_file}); "
                "ids must be unique within a module, so choose another",
            )
        else:
            first[value] = path


def _quiz(module: Module, where: Sources, report: Any) -> None:
    for i, item in enumerate(module.quiz.items):
        base: Path = ("quiz", "items", i)
        first: dict[str, Path] = {}
        for j, choice in enumerate(quiz.choices(item)):
            path = (*base, "choices", j, "id")
            if choice.id in first:
                source, line, in_file = where.locate(first[choice.id])
                report(
                    path,
                    f"duplicate choice id {choice.id!r}: already used at {source}:{line} "
                    f"({in_file}); choice ids must be unique within an item, so choose another",
                )
            else:
                first[choice.id] = path
        for rel, message in quiz.problems(item):
            report(base + rel, message)


def _references(module: Module, report: Any) -> None:
    known = {a.id for a in module.activities}
    shown: dict[str, int] = {}
    singles = {PyramidFigure: "pyramid", QuizRef: "quiz", ResourceList: "resources"}
    placed: dict[str, int] = {}
    for i, section in enumerate(module.sections):
        for j, block in enumerate(section.blocks):
            path = ("sections", i, "blocks", j)
            if isinstance(block, ActivityRef):
                if block.activity not in known:
                    choices = ", ".join(sorted(known)) or "none defined"
                    report(
                        path + ("activity",),
                        f"activity {block.activity!r} does not exist; expected one of: {choices}",
                    )
                shown[block.activity] = shown.get(block.activity, 0) + 1
            for cls, name in singles.items():
                if isinstance(block, cls):
                    placed[name] = placed.get(name, 0) + 1
                    if placed[name] > 1:
                        report(path, f"the {name} is already shown in an earlier block; remove one")
    for i, activity in enumerate(module.activities):
        if activity.id not in shown:
            report(
                ("activities", i, "id"),
                f"activity {activity.id!r} is not shown in any section; add a block "
                f"{{kind: activity, activity: {activity.id}}} to a section or remove it",
            )
    for name in singles.values():
        if name not in placed:
            report(
                ("sections",),
                f"no section shows the {name}; add a block {{kind: {name}, id: ...}} to a section",
            )


def _image_files(module: Module, report: Any) -> None:
    have = {f.path for f in module.images}
    used: set[str] = set()
    for i, section in enumerate(module.sections):
        for j, block in enumerate(section.blocks):
            if isinstance(block, Image):
                used.add(block.file)
                if block.file not in have:
                    choices = ", ".join(sorted(have)) or "none"
                    report(
                        ("sections", i, "blocks", j, "file"),
                        f"image file {block.file!r} is not in the module folder; add it there "
                        f"or name one that is (images in the folder: {choices})",
                    )
    for k, image in enumerate(module.images):
        if image.path not in used:
            report(
                ("images", k),
                "image file is not shown by any block; add a block "
                f"{{kind: image, file: {image.path}, alt: ...}} to a section or delete the file",
            )


def _numbering(module: Module, report: Any) -> None:
    for i, level in enumerate(module.pyramid.levels):
        if level.number != i + 1:
            report(
                ("pyramid", "levels", i, "number"),
                f"pyramid levels must be numbered 1..n from the base; "
                f"expected {i + 1}, found {level.number}",
            )
    for i, section in enumerate(module.sections):
        recs = [(j, b) for j, b in enumerate(section.blocks) if isinstance(b, Recommendation)]
        for expected, (j, rec) in enumerate(recs, start=1):
            if rec.number != expected:
                report(
                    ("sections", i, "blocks", j, "number"),
                    f"recommendations in a section must be numbered 1..n in order; "
                    f"expected {expected}, found {rec.number}",
                )


# --- URLs and videos ------------------------------------------------------------------


def _urls(module: Module) -> Iterator[tuple[Path, str]]:
    yield ("base_iri",), module.base_iri
    for path, rich in rich_texts(module):
        for link in richtext.links(rich):
            yield path, link.href
    for i, res in enumerate(module.resources):
        yield ("resources", i, "url"), res.url
    for i, section in enumerate(module.sections):
        for j, block in enumerate(section.blocks):
            url = getattr(block, "url", None)
            if isinstance(url, str):
                yield ("sections", i, "blocks", j, "url"), url


def rich_texts(value: Any, path: Path = ()) -> Iterator[tuple[Path, RichText]]:
    """Every rich text inside ``value`` (a Module or any part), with its model path."""
    if isinstance(value, tuple) and value and isinstance(value[0], _INLINE):
        yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from rich_texts(item, path + (i,))
    elif hasattr(value, "__struct_fields__"):
        for name in value.__struct_fields__:
            yield from rich_texts(getattr(value, name), path + (name,))


_INLINE = (Text, Emphasis, Strong, Link)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def url_problem(url: str) -> str | None:
    """Why ``url`` may not be linked to, or None when it is fine."""
    if url != url.strip() or any(c.isspace() or ord(c) < 32 for c in url):
        return f"URL {url!r} contains spaces or control characters; remove them"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https", "mailto"):
        return (
            f"URL {url!r} has scheme {scheme or 'none'!r}; only http, https and mailto "
            "links are allowed"
        )
    if scheme == "mailto":
        _, at, host = parts.path.rpartition("@")
        if not at:
            return f"mailto URL {url!r} has no address; write mailto:name@example.org"
    else:
        host = parts.hostname or ""
        if not parts.netloc:
            return f"URL {url!r} has no host; write it as https://host/path"
    return hostname_problem(url, host)


_IRI_PATH = re.compile(r"^[A-Za-z0-9._~/-]*$")


def base_iri_problem(iri: str) -> str | None:
    """Why ``iri`` cannot prefix activity ids, or None (its URL rules are checked apart)."""
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https"):
        return f"base IRI {iri!r} must start with https:// (or http://)"
    if parts.query or parts.fragment or "?" in iri or "#" in iri or not _IRI_PATH.match(parts.path):
        return (
            f"base IRI {iri!r} may hold only a host and a plain path (letters, digits, "
            "'.', '_', '~', '-', '/'); remove any '?', '#', '%' or other characters"
        )
    return None


RESERVED_DOMAINS = ("example.org", "example.com", "example.net", "localhost")
"""Second-level names reserved for examples (RFC 2606) and loopback (RFC 6761)."""
RESERVED_TLDS = ("example", "invalid", "test", "localhost")
"""Top-level names that can never be registered (RFC 2606, RFC 6761)."""


def reserved_domain(iri: str) -> str | None:
    """The reserved example domain ``iri``'s host is on (``example.org``...), or None.

    Nobody can own such a domain, so activity IRIs under it are placeholders.
    """
    host = (urlsplit(iri).hostname or "").rstrip(".").lower()
    labels = host.split(".")
    for name in RESERVED_DOMAINS:
        if host == name or host.endswith("." + name):
            return name
    if labels[-1] in RESERVED_TLDS:
        return "." + labels[-1]
    return None


def placeholder_iri_warning(iri: str) -> str:
    """Why a base IRI on a reserved example domain must be replaced before a release."""
    return (
        f"base IRI {iri!r} is on {reserved_domain(iri)}, a domain reserved for examples that "
        "nobody owns: learners' statements and reports would join on activity IRIs no one "
        "controls; before the first release, set base_iri to an address under a domain your "
        "organisation controls (e.g. https://learning.your-organisation.org/xapi/activities), "
        "and never change it once learners' statements exist"
    )


def hostname_problem(url: str, host: str) -> str | None:
    """Why ``host`` is not a valid, unambiguous hostname, or None."""
    scripts = sorted({_script(c) for c in host if c.isalpha()})
    if len(scripts) > 1:
        return (
            f"URL {url!r} has hostname {host!r} mixing writing systems "
            f"({', '.join(scripts)}), so it can look like another address; "
            "retype the hostname in one writing system"
        )
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if host else ""
    except UnicodeError:
        ascii_host = ""
    labels = ascii_host.split(".")
    if (
        len(labels) < 2
        or len(ascii_host) > 253
        or not all(_LABEL.match(label) for label in labels)
        or not _TLD.match(labels[-1])
    ):
        return (
            f"URL {url!r} has an invalid hostname {host!r}; write a full name such as example.org"
        )
    return None


def _script(char: str) -> str:
    name = unicodedata.name(char, "UNKNOWN")
    return name.split(" ", 1)[0].title()


_VIMEO_ID = re.compile(r"^[0-9]{6,12}$")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIDEO_URLS = {
    "vimeo": ("https://vimeo.com/{id}", "https://player.vimeo.com/video/{id}"),
    "youtube": ("https://www.youtube.com/watch?v={id}", "https://youtu.be/{id}"),
}


def video_problem(video: Video) -> str | None:
    """Why a video cannot be embedded, or None."""
    pattern, rule = {
        "vimeo": (_VIMEO_ID, "6 to 12 digits"),
        "youtube": (_YOUTUBE_ID, "11 letters, digits, '-' or '_'"),
    }[video.provider]
    if not pattern.match(video.id):
        return f"invalid {video.provider} video id {video.id!r}; expected {rule}"
    allowed = [u.format(id=video.id) for u in _VIDEO_URLS[video.provider]]
    if video.url not in allowed:
        return (
            f"video url {video.url!r} does not match {video.provider} id {video.id!r}; "
            f"expected {' or '.join(repr(a) for a in allowed)}"
        )
    return None


def activity_of(module: Module, activity_id: str) -> Activity | None:
    """The activity with ``activity_id``, or None."""
    return next((a for a in module.activities if a.id == activity_id), None)
