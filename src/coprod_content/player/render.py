"""Module -> the player's files: index.html (jinja2), CSS, JS, adapter scripts, image files.

The HTML carries the whole module, so it reads without JavaScript; ``player.js``
adds paging, the quiz and notes, and reports through the target's adapter. What a
quiz item offers and what is right comes from ``quiz`` and is written into the page
(options as inputs, ``data-answer``), so the script knows no kinds.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import jinja2
import msgspec
import rcssmin
import rjsmin
from markupsafe import Markup

from coprod_content import quiz, richtext
from coprod_content.model import Activity, Module, RichText, Section, Video
from coprod_content.player import state, words

FRAME_HOSTS = ("https://player.vimeo.com", "https://www.youtube-nocookie.com")
"""The only places the player loads anything from outside its own files."""

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    f"frame-src {' '.join(FRAME_HOSTS)}; base-uri 'self'; form-action 'none'"
)

START = state.START
"""The location of the start page."""


class Tracking(msgspec.Struct, frozen=True, kw_only=True):
    """What a target plugs into the player.

    Attributes:
        name: the target, e.g. ``scorm12``.
        scripts: the adapter's files as (name, bytes), loaded in this order before
            ``player.js``; the last one sets ``window.coprodAdapter``.
        state_limit: the most characters the saved state may take.
        connect: sources the adapter may fetch from (CSP ``connect-src``), e.g.
            ``("https:", "http:")`` for an LRS named only at launch; none by default.
    """

    name: str
    scripts: tuple[tuple[str, bytes], ...]
    state_limit: int
    connect: tuple[str, ...] = ()


class PlayerPage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of the player: the start page or a section."""

    key: str
    dom_id: str
    title: str
    section: Section | None


class IndexView(msgspec.Struct, frozen=True, kw_only=True):
    """Everything ``index.html.j2`` reads."""

    module: Module
    target: str
    pages: tuple[PlayerPage, ...]
    activities: dict[str, Activity]
    scripts: tuple[str, ...]
    csp: str
    quiz_key: str
    legacy_key: str
    pages_key: str
    attempt_cap: int
    state_limit: int
    note_budget: int


def render(
    module: Module, tracking: Tracking, catalogue: words.Catalogue | None = None
) -> dict[str, bytes]:
    """The player's files for ``module``, as path -> bytes.

    Args:
        catalogue: the player's words; by default, those of the module's language.

    Raises:
        PackageError: the module's notes and quiz cannot fit the target's saved state, or
            the player has no complete catalogue of words in the module's language.
    """
    said = dict(words.for_language(module.language) if catalogue is None else catalogue)
    start = PlayerPage(key=START, dom_id="intro", title=said["start.title"], section=None)
    pages = (start,) + tuple(
        PlayerPage(key=s.id, dom_id=f"p--{s.id}", title=s.title, section=s) for s in module.sections
    )
    names = tuple(name for name, _ in tracking.scripts)
    view = IndexView(
        module=module,
        target=tracking.name,
        pages=pages,
        activities={a.id: a for a in module.activities},
        scripts=(*names, "words.js", "player.js"),
        csp=f"{CSP}; connect-src {' '.join(tracking.connect)}" if tracking.connect else CSP,
        quiz_key=state.quiz_key(module),
        legacy_key=state.legacy_key(module),
        pages_key=state.pages_key(module),
        attempt_cap=module.quiz.attempts or state.MAX_ATTEMPT,
        state_limit=tracking.state_limit,
        note_budget=state.note_budget(module, tracking.state_limit),
    )
    html = _environment().get_template("index.html.j2").render(view=view, t=_Say(said))
    files = {"index.html": html.encode(), "words.js": words_script(said), **static_files()}
    files.update((name, shipped(data)) for name, data in tracking.scripts)
    files.update((image.path, image.data) for image in module.images)
    return files


@cache
def static_files() -> dict[str, bytes]:
    """The player's own CSS and JavaScript, as shipped: without comments and spare spaces."""
    folder = resources.files("coprod_content.player") / "static"
    style: str = rcssmin.cssmin((folder / "player.css").read_text("utf-8"))
    return {
        "player.css": style.encode("utf-8") + b"\n",
        "player.js": shipped((folder / "player.js").read_bytes()),
    }


@cache
def shipped(script: bytes) -> bytes:
    """A script as packages carry it: without comments and spare spaces (rjsmin).

    The sources stay commented for people; learners download a third less. rjsmin
    only removes, never renames, so what runs is what the tests read.
    """
    minified: str = rjsmin.jsmin(script.decode("utf-8"))
    return minified.encode("utf-8") + b"\n"


def data_script(name: str, value: object) -> bytes:
    """A script setting ``window.<name>`` to ``value`` as JSON: data an adapter reads."""
    data = msgspec.json.encode(value).decode()
    # JSON is JavaScript; escape what could end a script or a line in older engines.
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{name} = {data};\n".encode()


class _Say:
    """``t(key, **values)`` in templates: a catalogue text, filled; ``t.count`` for counts."""

    def __init__(self, said: dict[str, str]) -> None:
        self.said = said

    def __call__(self, key: str, **values: object) -> str:
        return words.fill(self.said[key], **values)

    def count(self, key: str, count: int, **values: object) -> str:
        return self(f"{key}.{'one' if count == 1 else 'other'}", count=count, **values)


def script_keys(said: words.Catalogue) -> list[str]:
    """The catalogue keys ``player.js`` names.

    A key is named as a string literal, as a literal count key (``plural("notes.left", n)``
    takes ``notes.left.one`` and ``.other``), or as a literal prefix ending in ``.``
    (``t("status." + kind)``).
    """
    source = (resources.files("coprod_content.player") / "static" / "player.js").read_text()
    named = set(re.findall(r'"([a-z][\w.-]*)"', source))
    return [
        key
        for key in said
        if key in named
        or (key.endswith((".one", ".other")) and key.rsplit(".", 1)[0] in named)
        or any(key.startswith(n) for n in named if n.endswith("."))
    ]


def words_script(said: words.Catalogue) -> bytes:
    """``words.js``: the words ``player.js`` shows, as ``window.coprodWords``."""
    return data_script("coprodWords", {key: said[key] for key in script_keys(said)})


def rich(text: RichText) -> Markup:
    """Rich text as escaped HTML; carriage returns as references so parsers keep them."""
    return Markup(richtext.to_html(text).replace("\r", "&#13;"))


def _escape_cr(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Markup) and "\r" in value:
        return Markup(str(Markup.escape(value)).replace("\r", "&#13;"))
    return value


def kind(node: msgspec.Struct) -> str:
    """The ``kind`` tag of a block or step, naming its template."""
    return str(node.__struct_config__.tag)


def embed_url(video: Video) -> str:
    """The privacy-friendly player URL for an embedded video."""
    if video.provider == "vimeo":
        return f"{FRAME_HOSTS[0]}/video/{video.id}?dnt=1"
    return f"{FRAME_HOSTS[1]}/embed/{video.id}"


def links_to(text: RichText, url: str) -> bool:
    """Whether ``text`` holds a link to ``url`` (then a block shows no second link to it)."""
    return any(link.href == url for link in richtext.links(text))


def provider_name(video: Video) -> str:
    """The video site's name, for link text."""
    return {"vimeo": "Vimeo", "youtube": "YouTube"}[video.provider]


def width_step(number: int, levels: int) -> int:
    """Width class 0 (narrowest, top) to 10 (base) of pyramid level ``number``."""
    return 10 if levels == 1 else round(10 * (levels - number) / (levels - 1))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coprod_content.player", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_escape_cr,
        auto_reload=False,
    )
    env.globals.update(
        rich=rich,
        kind=kind,
        options=quiz.options,
        several=quiz.several,
        correct=quiz.correct,
        embed_url=embed_url,
        provider_name=provider_name,
        links_to=links_to,
        width_step=width_step,
    )
    return env
