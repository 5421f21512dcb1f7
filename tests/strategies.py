"""Hypothesis strategies for valid modules, registered by hand.

Hypothesis does not read ``msgspec.Meta`` constraints, so each constrained
value has its own strategy here. Text is hostile on purpose: markup
characters, ``]]>``, template braces, right-to-left scripts, emoji, combining
marks, long strings and leading/trailing spaces. Every module drawn from
``modules()`` passes ``checks.check`` (a test asserts it). Quizzes mix every item kind,
with 2 to 8 choices per choice item and any set of correct choices.
"""

from __future__ import annotations

from hypothesis import strategies as st

from coprod_content import quiz
from coprod_content.model import (
    Activity,
    ActivityRef,
    Aims,
    Block,
    BulletList,
    Callout,
    Challenge,
    ChallengeList,
    Choice,
    Definition,
    Emphasis,
    HelpPrompts,
    Image,
    ImageFile,
    Inline,
    Link,
    LinkCard,
    Module,
    MultipleResponse,
    Outcomes,
    Paragraph,
    Pyramid,
    PyramidFigure,
    PyramidLevel,
    Quiz,
    QuizItem,
    QuizRef,
    Recommendation,
    Reflect,
    Resource,
    ResourceList,
    RichText,
    Section,
    SingleChoice,
    Strong,
    Text,
    TrueFalse,
    Video,
    Watch,
)

HOSTILE = [
    "<",
    ">",
    "&",
    '"',
    "'",
    "]]>",
    "{{ x }}",
    "{% if %}",
    "<script>alert(1)</script>",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u200f",
    "\U0001f469\u200d\U0001f9af",
    "e\u0301",
    "\\",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "`",
    "#",
    "- ",
    "1. ",
    ": ",
    "%",
    "\t",
]

# Characters YAML or XML cannot carry as text, or that would break a line.
_BLOCKED = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}
_chars = st.characters(exclude_categories=tuple(_BLOCKED), exclude_characters="\ufeff\ufffe\uffff")
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _hostile_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.text(_chars, min_size=1, max_size=8), st.sampled_from(HOSTILE))
    return st.lists(pieces, min_size=min_size, max_size=max_size // 8 + 1).map("".join)


_visible_char = st.characters(
    exclude_categories=(*_BLOCKED, "Zs", "Mn", "Me", "Cf"), exclude_characters="\ufeff"
)


def _visible(max_size: int = 40) -> st.SearchStrategy[str]:
    """Hostile text with at least one visible character somewhere in it."""
    return st.builds(
        lambda a, b, c: a + b + c, _hostile_text(0, max_size), _visible_char, _hostile_text(0, 8)
    )


long_text = st.integers(500, 3000).map(lambda n: ("Long text with <&> " * n)[: n * 7])
label = st.builds(
    lambda left, mid, right: left + mid[:400] + right,
    st.sampled_from(["", " "]),
    _visible(40),
    st.sampled_from(["", " "]),
)
slug = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}\Z")


def _marked(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text that starts and ends with a letter or digit, as emphasis needs."""
    return st.builds(
        lambda a, mid, b: a + mid + b, st.sampled_from(_ALNUM), inner, st.sampled_from(_ALNUM)
    )


hostname = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?\Z"), min_size=1, max_size=3),
    st.sampled_from(["org", "uk", "com", "scot", "xn--p1ai"]),
)
web_url = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https"]),
    hostname,
    st.from_regex(r"\A[A-Za-z0-9_.~()%/-]{0,30}(\?[a-z]=[a-z0-9&;]{0,8})?(#[a-z_0-9]{0,8})?\Z"),
)
base_iri = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}{path}",
    st.sampled_from(["http", "https"]),
    hostname,
    st.from_regex(r"\A(/[A-Za-z0-9._~-]{1,12}){0,3}\Z"),
)
url = st.one_of(
    web_url,
    st.builds(
        lambda user, host: f"mailto:{user}@{host}", st.from_regex(r"\A[a-z0-9.]{1,10}\Z"), hostname
    ),
)

text_node = _visible().map(lambda s: Text(text=s))
emphasis = _marked(_hostile_text()).map(lambda s: Emphasis(children=(Text(text=s),)))
strong = st.one_of(
    _marked(_hostile_text()).map(lambda s: Strong(children=(Text(text=s),))),
    st.builds(
        lambda a, em, b: Strong(children=(Text(text=a), em, Text(text=b))),
        _marked(st.just("")),
        emphasis,
        _marked(st.just("")),
    ),
)
link = st.builds(lambda href, text: Link(href=href, text=text), url, label)


@st.composite
def rich_text(draw: st.DrawFn) -> RichText:
    """Text nodes alternating with marked-up nodes, as Markdown can carry them."""
    marked = draw(st.lists(st.one_of(emphasis, strong, link), max_size=3))
    nodes: list[Inline] = [draw(text_node)]
    for node in marked:
        nodes.append(node)
        nodes.append(draw(text_node))
    if draw(st.booleans()) and marked:
        nodes.pop()  # may end with a marked node
    return tuple(nodes)


def _rich_list(max_size: int = 3) -> st.SearchStrategy[tuple[RichText, ...]]:
    return st.lists(rich_text(), min_size=1, max_size=max_size).map(tuple)


class _Ids:
    """Hands out unique ids: a drawn slug plus a serial number."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw, self.used = draw, 0

    def __call__(self) -> str:
        self.used += 1
        return f"{self.draw(slug)}-{self.used}"


def _video(draw: st.DrawFn) -> Video:
    transcript = draw(st.none() | _rich_list())
    captions = tuple(draw(st.lists(st.sampled_from(["en", "en-GB", "cy", "gd-GB", "ar"]))))
    if draw(st.booleans()):
        vid = draw(st.from_regex(r"\A[0-9]{6,12}\Z"))
        url = f"https://vimeo.com/{vid}"
        return Video(
            provider="vimeo",
            id=vid,
            title=draw(label),
            url=url,
            transcript=transcript,
            captions=captions,
        )
    vid = draw(st.from_regex(r"\A[A-Za-z0-9_-]{11}\Z"))
    return Video(
        provider="youtube",
        id=vid,
        title=draw(label),
        url=f"https://youtu.be/{vid}",
        transcript=transcript,
        captions=captions,
    )


IMAGE_BYTES = {
    "png": ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
    "webp": ("image/webp", b"RIFF\x1a\x00\x00\x00WEBPVP8L"),
    "svg": ("image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9"/></svg>'),
}
"""The start of a file of each kind: what ``images.sniff`` recognises."""


def _image(draw: st.DrawFn, new_id: _Ids, files: dict[str, ImageFile]) -> Image:
    """An image block, adding its file to ``files`` (or reusing one already there)."""
    if files and draw(st.booleans()):
        path = draw(st.sampled_from(sorted(files)))
    else:
        ext = draw(st.sampled_from(sorted(IMAGE_BYTES)))
        path = f"images/{new_id()}.{ext}"
        media_type, head = IMAGE_BYTES[ext]
        tail = b"" if ext == "svg" else draw(st.binary(max_size=16))
        files[path] = ImageFile(path=path, media_type=media_type, data=head + tail)  # type: ignore[arg-type]
    caption = draw(st.none() | rich_text())
    if draw(st.booleans()):
        return Image(id=new_id(), file=path, decorative=True, caption=caption)
    return Image(id=new_id(), file=path, alt=draw(label), caption=caption)


def _prose_block(draw: st.DrawFn, new_id: _Ids, files: dict[str, ImageFile]) -> Block:
    kind = draw(
        st.sampled_from(
            [
                "paragraph",
                "list",
                "definition",
                "callout",
                "link-card",
                "image",
                "help",
                "challenges",
            ]
        )
    )
    if kind == "image":
        return _image(draw, new_id, files)
    if kind == "paragraph":
        return Paragraph(id=new_id(), text=draw(rich_text()))
    if kind == "list":
        return BulletList(id=new_id(), items=draw(_rich_list()))
    if kind == "definition":
        return Definition(id=new_id(), term=draw(label), text=draw(rich_text()))
    if kind == "callout":
        return Callout(id=new_id(), text=draw(rich_text()))
    if kind == "link-card":
        return LinkCard(id=new_id(), title=draw(label), url=draw(url), text=draw(rich_text()))
    if kind == "help":
        return HelpPrompts(
            id=new_id(), title=draw(label), intro=draw(rich_text()), prompts=draw(_rich_list())
        )
    block_id = new_id()
    items = [
        Challenge(id=new_id(), term=draw(label), text=draw(rich_text()))
        for _ in range(draw(st.integers(1, 3)))
    ]
    return ChallengeList(id=block_id, items=tuple(items))


def _activity(draw: st.DrawFn, new_id: _Ids) -> Activity:
    steps: list[Watch | Reflect | HelpPrompts] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["watch", "reflect", "help"]))
        if kind == "watch":
            steps.append(Watch(id=new_id(), intro=draw(rich_text()), video=_video(draw)))
        elif kind == "reflect":
            steps.append(Reflect(id=new_id(), intro=draw(rich_text()), prompts=draw(_rich_list())))
        else:
            steps.append(
                HelpPrompts(
                    id=new_id(),
                    title=draw(label),
                    intro=draw(rich_text()),
                    prompts=draw(_rich_list()),
                )
            )
    return Activity(id=new_id(), title=draw(label), purpose=draw(rich_text()), steps=tuple(steps))


KINDS = ("true-false", "single-choice", "multiple-response")
_short_rich = st.one_of(*[text_node.map(lambda node: (node,))] * 3, rich_text())
"""Mostly one hostile text node (choices are many: drawing them must stay cheap)."""


def _explanation(draw: st.DrawFn) -> RichText:
    return draw(st.one_of(rich_text(), long_text.map(lambda s: (Text(text=s),))))


@st.composite
def quiz_item(draw: st.DrawFn, new_id: _Ids | None = None, kind: str | None = None) -> QuizItem:
    """An item of any kind (or of ``kind``): hostile texts, 2 to 8 choices, any correct set."""
    ids = new_id or _Ids(draw)
    kind = kind or draw(st.sampled_from(KINDS))
    item_id, statement = ids(), draw(rich_text())
    if kind == "true-false":
        return TrueFalse(
            id=item_id,
            statement=statement,
            answer=draw(st.booleans()),
            explanation=_explanation(draw),
        )
    choices = tuple(
        Choice(id=ids(), text=draw(_short_rich), feedback=draw(st.none() | _short_rich))
        for _ in range(draw(st.integers(2, 8)))
    )
    choice_ids = [c.id for c in choices]
    if kind == "single-choice":
        return SingleChoice(
            id=item_id,
            statement=statement,
            choices=choices,
            answer=draw(st.sampled_from(choice_ids)),
            explanation=_explanation(draw),
        )
    right = draw(st.lists(st.sampled_from(choice_ids), min_size=1, unique=True))  # any order
    return MultipleResponse(
        id=item_id,
        statement=statement,
        choices=choices,
        answer=tuple(right),
        explanation=_explanation(draw),
    )


@st.composite
def quiz_items(draw: st.DrawFn, new_id: _Ids | None = None) -> tuple[QuizItem, ...]:
    """One to six items of every kind."""
    ids = new_id or _Ids(draw)
    return tuple(draw(quiz_item(ids)) for _ in range(draw(st.integers(1, 6))))


@st.composite
def responses(draw: st.DrawFn, item: QuizItem) -> tuple[str, ...]:
    """A response a learner can give ``item``: one option, or for multiple-response any
    non-empty set, in option order."""
    ids = [o.id for o in quiz.options(item)]
    if not quiz.several(item):
        return (draw(st.sampled_from(ids)),)
    chosen = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    return tuple(i for i in ids if i in chosen)


@st.composite
def modules(draw: st.DrawFn) -> Module:
    """A valid module: every id unique, every reference resolved, numbering right."""
    new_id = _Ids(draw)
    activities = [_activity(draw, new_id) for _ in range(draw(st.integers(0, 2)))]
    special: list[Block] = [
        PyramidFigure(id=new_id()),
        QuizRef(id=new_id()),
        ResourceList(id=new_id()),
        *(ActivityRef(id=new_id(), activity=a.id) for a in activities),
    ]
    sections: list[Section] = []
    files: dict[str, ImageFile] = {}
    for _ in range(draw(st.integers(1, 3))):
        blocks: list[Block] = [
            _prose_block(draw, new_id, files) for _ in range(draw(st.integers(1, 3)))
        ]
        for number in range(1, draw(st.integers(0, 2)) + 1):
            blocks.append(
                Recommendation(
                    id=new_id(),
                    number=number,
                    title=draw(label),
                    intro=draw(st.none() | rich_text()),
                    points=draw(_rich_list()),
                )
            )
        sections.append(Section(id=new_id(), title=draw(label), blocks=tuple(blocks)))
    for block in special:  # spread the placed blocks over the sections
        i = draw(st.integers(0, len(sections) - 1))
        at = draw(st.integers(0, len(sections[i].blocks)))
        blocks = list(sections[i].blocks)
        blocks.insert(at, block)
        sections[i] = Section(id=sections[i].id, title=sections[i].title, blocks=tuple(blocks))
    levels = tuple(
        PyramidLevel(
            id=new_id(),
            number=n,
            name=draw(label),
            description=draw(rich_text()),
            example=draw(rich_text()),
            note=draw(st.none() | rich_text()),
            is_coproduction=draw(st.booleans()),
        )
        for n in range(1, draw(st.integers(1, 4)) + 1)
    )
    return Module(
        id=draw(slug),
        title=draw(label),
        version=draw(st.from_regex(r"\A(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]?)\.(0|[1-9])\Z")),
        # languages the player has words in (see player/words/); other tags are refused
        language=draw(st.sampled_from(["en", "en-GB", "en-US", "en-Latn-GB", "EN-gb"])),
        description=draw(label),
        base_iri=draw(base_iri),
        mastery_score=draw(st.integers(0, 100)),
        duration_minutes=draw(st.integers(1, 600)),
        aims=Aims(summary=draw(_rich_list(2)), intro=draw(rich_text()), items=draw(_rich_list())),
        learning_outcomes=Outcomes(intro=draw(rich_text()), items=draw(_rich_list())),
        sections=tuple(sections),
        pyramid=Pyramid(
            id=new_id(), title=draw(label), intro=tuple(draw(_rich_list(2))), levels=levels
        ),
        activities=tuple(activities),
        quiz=Quiz(
            id=new_id(),
            title=draw(label),
            intro=tuple(draw(_rich_list(2))),
            attempts=draw(st.none() | st.integers(1, 100)),
            items=draw(quiz_items(new_id)),
        ),
        resources=tuple(
            Resource(id=new_id(), title=draw(label), url=draw(url), description=draw(rich_text()))
            for _ in range(draw(st.integers(0, 3)))
        ),
        images=tuple(files[path] for path in sorted(files)),
    )
