"""Wire schemas of API v1: what frontends receive, as msgspec Structs.

These differ from the authored model on purpose: every resource carries its ``href`` (a
path form, see ``urls``), module-scoped responses say which module and content version
they belong to, rich text is either the model's typed tree or an HTML string, and quiz
items may come without answers. ``convert`` builds them from the model; nothing here does I/O.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from coprod_content import changes as c
from coprod_content import quiz
from coprod_content.model import Inline
from coprod_content.wording import Diff

# An alias with a ``title`` becomes a named schema component (see ``schemas``).
RichTextFormat = Annotated[
    Literal["tree", "html"],
    Meta(title="RichTextFormat", description="How rich text is given: `tree` or `html`."),
]
InlineNode = Annotated[
    Inline,
    Meta(title="InlineNode", description="One node of a rich text tree, tagged by `kind`."),
]
RichTextTree = Annotated[
    tuple[InlineNode, ...],
    Meta(
        min_length=1,
        title="RichTextTree",
        description="Rich text as a typed inline tree: text, emphasis, strong and link "
        "nodes, each tagged by `kind` (the default, `?richtext=tree`).",
    ),
]
RichTextHtml = Annotated[
    str,
    Meta(
        title="RichTextHtml",
        description="Rich text as HTML (`?richtext=html`): escaped text and only <em>, "
        "<strong> and <a href> elements.",
    ),
]
RichTextOut = Annotated[
    RichTextTree | RichTextHtml,
    Meta(
        title="RichText",
        description="Rich text: a RichTextTree, or RichTextHtml in the HTML representation.",
    ),
]
RichTextsOut = tuple[RichTextOut, ...]
Href = Annotated[
    str,
    Meta(
        title="Href",
        description="Where a resource is served, in path form (e.g. "
        "/v1/modules/x/quiz.answers-false.json): the same URL on the server and on a static "
        "host, keeping the representation of the response it appears in.",
    ),
]


class Wire(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every API v1 response and request body."""


# --- section blocks ---------------------------------------------------------------


class Paragraph(Wire, frozen=True, kw_only=True, tag="paragraph", tag_field="kind"):
    id: str
    text: RichTextOut


class BulletList(Wire, frozen=True, kw_only=True, tag="list", tag_field="kind"):
    id: str
    items: RichTextsOut


class Definition(Wire, frozen=True, kw_only=True, tag="definition", tag_field="kind"):
    id: str
    term: str
    text: RichTextOut


class Callout(Wire, frozen=True, kw_only=True, tag="callout", tag_field="kind"):
    id: str
    text: RichTextOut


class LinkCard(Wire, frozen=True, kw_only=True, tag="link-card", tag_field="kind"):
    id: str
    title: str
    url: str
    text: RichTextOut


class Image(Wire, frozen=True, kw_only=True, tag="image", tag_field="kind"):
    """A picture: fetch the file from ``href``. ``alt`` says what it shows; a ``decorative``
    picture adds nothing to the text around it and has no ``alt`` (show it with alt="")."""

    id: str
    href: Annotated[
        str,
        Meta(
            title="ImageHref",
            description="Where the image file is served (e.g. "
            "/v1/modules/x/images/levels.3f2a9c1b07d4.png): its name holds a digest of its "
            "bytes, so the URL changes with the file and may be cached for a year.",
        ),
    ]
    media_type: Literal["image/png", "image/jpeg", "image/svg+xml", "image/webp"]
    alt: str | None
    decorative: bool
    caption: RichTextOut | None


class HelpPrompts(Wire, frozen=True, kw_only=True, tag="help", tag_field="kind"):
    id: str
    title: str
    intro: RichTextOut
    prompts: RichTextsOut


class Challenge(Wire, frozen=True, kw_only=True):
    id: str
    term: str
    text: RichTextOut


class ChallengeList(Wire, frozen=True, kw_only=True, tag="challenges", tag_field="kind"):
    id: str
    items: tuple[Challenge, ...]


class Recommendation(Wire, frozen=True, kw_only=True, tag="recommendation", tag_field="kind"):
    id: str
    number: int
    title: str
    intro: RichTextOut | None
    points: RichTextsOut


class PyramidFigure(Wire, frozen=True, kw_only=True, tag="pyramid", tag_field="kind"):
    """Where the pyramid is shown; fetch it from ``href``."""

    id: str
    href: Href


class ActivityRef(Wire, frozen=True, kw_only=True, tag="activity", tag_field="kind"):
    """Where an activity is shown; fetch it from ``href``."""

    id: str
    activity: str
    href: Href


class QuizRef(Wire, frozen=True, kw_only=True, tag="quiz", tag_field="kind"):
    """Where the quiz is shown; fetch it from ``href``."""

    id: str
    href: Href


class ResourcesRef(Wire, frozen=True, kw_only=True, tag="resources", tag_field="kind"):
    """Where the module's further resources are shown; fetch them from ``href``."""

    id: str
    href: Href


Block = Annotated[
    Paragraph
    | BulletList
    | Definition
    | Callout
    | LinkCard
    | Image
    | HelpPrompts
    | ChallengeList
    | Recommendation
    | PyramidFigure
    | ActivityRef
    | QuizRef
    | ResourcesRef,
    Meta(title="Block", description="One block of a section, tagged by `kind`."),
]


class Section(Wire, frozen=True, kw_only=True):
    id: str
    title: str
    href: Href
    blocks: tuple[Block, ...]


# --- pyramid, activities, quiz, resources ---------------------------------------------


class PyramidLevel(Wire, frozen=True, kw_only=True):
    """One level of the pyramid; level 1 is the base."""

    id: str
    number: int
    name: str
    description: RichTextOut
    example: RichTextOut
    note: RichTextOut | None
    is_coproduction: bool


class Pyramid(Wire, frozen=True, kw_only=True):
    id: str
    title: str
    href: Href
    intro: RichTextsOut
    levels: tuple[PyramidLevel, ...]


class Video(Wire, frozen=True, kw_only=True):
    provider: Annotated[
        Literal["vimeo", "youtube"],
        Meta(title="VideoProvider", description="Where the video is hosted."),
    ]
    id: str
    title: str
    url: str
    transcript: Annotated[
        RichTextsOut | None,
        Meta(description="Everything said in the video, one paragraph each; null if none yet."),
    ]
    captions: Annotated[
        tuple[str, ...],
        Meta(description="The languages the video site has captions in (BCP 47 tags)."),
    ]


class Watch(Wire, frozen=True, kw_only=True, tag="watch", tag_field="kind"):
    id: str
    intro: RichTextOut
    video: Video


class Reflect(Wire, frozen=True, kw_only=True, tag="reflect", tag_field="kind"):
    """Reflect and make notes; frontends offer a notes box here."""

    id: str
    intro: RichTextOut
    prompts: RichTextsOut


Step = Annotated[
    Watch | Reflect | HelpPrompts,
    Meta(title="Step", description="One step of an activity, tagged by `kind`."),
]


class Activity(Wire, frozen=True, kw_only=True):
    id: str
    title: str
    href: Href
    purpose: RichTextOut
    steps: tuple[Step, ...]


class Choice(Wire, frozen=True, kw_only=True):
    """One choice of a choice item; ``feedback`` (null when it has none) is absent with
    answers=false."""

    id: str
    text: RichTextOut
    feedback: RichTextOut | UnsetType | None = UNSET


_CHECK = (
    "POST the learner's answer here to check it (on `coprod serve` only: a static host "
    "cannot check answers)."
)


class TrueFalseItem(Wire, frozen=True, kw_only=True, tag="true-false", tag_field="kind"):
    """A statement that is true or false; ``answer`` and ``explanation`` are absent with
    answers=false. Check with ``{"answer": true}`` or ``{"answer": false}``."""

    id: str
    href: Href
    check: Annotated[str, Meta(description=_CHECK)]
    statement: RichTextOut
    answer: bool | UnsetType = UNSET
    explanation: RichTextOut | UnsetType = UNSET


class SingleChoiceItem(Wire, frozen=True, kw_only=True, tag="single-choice", tag_field="kind"):
    """2 to 8 choices, exactly one correct; ``answer`` (its id) and ``explanation`` are absent
    with answers=false. Check with ``{"answer": "<choice id>"}``."""

    id: str
    href: Href
    check: Annotated[str, Meta(description=_CHECK)]
    statement: RichTextOut
    choices: tuple[Choice, ...]
    answer: str | UnsetType = UNSET
    explanation: RichTextOut | UnsetType = UNSET


class MultipleResponseItem(
    Wire, frozen=True, kw_only=True, tag="multiple-response", tag_field="kind"
):
    """ "Choose all that apply": 2 to 8 choices, one or more correct, right only when exactly
    the correct ones are chosen; ``answer`` (their ids) and ``explanation`` are absent with
    answers=false. Check with ``{"answer": ["<choice id>", ...]}``."""

    id: str
    href: Href
    check: Annotated[str, Meta(description=_CHECK)]
    statement: RichTextOut
    choices: tuple[Choice, ...]
    answer: tuple[str, ...] | UnsetType = UNSET
    explanation: RichTextOut | UnsetType = UNSET


QuizItem = Annotated[
    TrueFalseItem | SingleChoiceItem | MultipleResponseItem,
    Meta(title="QuizItem", description="One quiz item, tagged by `kind`."),
]


class Quiz(Wire, frozen=True, kw_only=True):
    id: str
    title: str
    href: Href
    intro: RichTextsOut
    attempts: Annotated[
        int | None, Meta(description="How many attempts a learner has; null for unlimited.")
    ]
    items: tuple[QuizItem, ...]


class Resource(Wire, frozen=True, kw_only=True):
    id: str
    title: str
    href: Href
    url: Annotated[str, Meta(description="Where the resource itself is, outside the API.")]
    description: RichTextOut


class Aims(Wire, frozen=True, kw_only=True):
    summary: RichTextsOut
    intro: RichTextOut
    items: RichTextsOut


class Outcomes(Wire, frozen=True, kw_only=True):
    intro: RichTextOut
    items: RichTextsOut


# --- responses --------------------------------------------------------------------


class ModuleLinks(Wire, frozen=True, kw_only=True):
    module: Href
    sections: Href
    pyramid: Href
    activities: Href
    quiz: Href
    resources: Href
    versions: Annotated[
        Href | None,
        Meta(description="Every released version of the module; null if none are published."),
    ]


class ModuleSummary(Wire, frozen=True, kw_only=True):
    id: str
    title: str
    version: Annotated[str, Meta(description="Content version (semantic version).")]
    language: str
    description: str
    duration_minutes: int
    links: ModuleLinks


class ModuleList(Wire, frozen=True, kw_only=True):
    """``GET /v1/modules``."""

    modules: tuple[ModuleSummary, ...]


class ModuleRef(Wire, frozen=True, kw_only=True):
    """The module a response belongs to, and its content version."""

    id: str
    version: str
    href: Href


class ModuleDetail(Wire, frozen=True, kw_only=True):
    """``GET /v1/modules/{module_id}``: the whole module."""

    id: str
    title: str
    version: Annotated[str, Meta(description="Content version (semantic version).")]
    language: str
    description: str
    base_iri: str
    mastery_score: int
    duration_minutes: int
    richtext: RichTextFormat
    answers: bool
    links: ModuleLinks
    aims: Aims
    learning_outcomes: Outcomes
    sections: tuple[Section, ...]
    pyramid: Pyramid
    activities: tuple[Activity, ...]
    quiz: Quiz
    resources: tuple[Resource, ...]


class SectionList(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    sections: tuple[Section, ...]


class SectionDetail(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    section: Section


class PyramidDetail(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    pyramid: Pyramid


class ActivityList(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    activities: tuple[Activity, ...]


class ActivityDetail(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    activity: Activity


class QuizDetail(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    answers: bool
    quiz: Quiz


class QuizItemDetail(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    answers: bool
    item: QuizItem


class ResourceList(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    resources: tuple[Resource, ...]


class ResourceDetail(Wire, frozen=True, kw_only=True):
    module: ModuleRef
    richtext: RichTextFormat
    resource: Resource


TrueFalseAnswer = Annotated[
    bool, Meta(title="TrueFalseAnswer", description="The answer to a true-false item.")
]
SingleChoiceAnswer = Annotated[
    str, Meta(title="SingleChoiceAnswer", description="The id of one choice.")
]
MultipleResponseAnswer = Annotated[
    tuple[str, ...],
    Meta(title="MultipleResponseAnswer", description="The ids of the choices chosen."),
]
ANSWER_FORMS = (
    "true or false for a true-false item; a choice id for a single-choice item; a list of "
    "choice ids for a multiple-response item."
)
AnswerIn = Annotated[
    TrueFalseAnswer | SingleChoiceAnswer | MultipleResponseAnswer,
    Meta(title="Answer", description=ANSWER_FORMS),
]


class CheckRequest(Wire, frozen=True, kw_only=True):
    """``POST .../quiz/{item_id}/check`` body: the learner's answer."""

    answer: AnswerIn


CHECK_EXAMPLES: dict[quiz.Kind, CheckRequest] = {
    "true-false": CheckRequest(answer=False),
    "single-choice": CheckRequest(answer="from-the-start"),
    "multiple-response": CheckRequest(answer=("paying-people", "sharing-power")),
}
"""A check request for an item of each kind (the README's example items)."""


class ChoiceFeedback(Wire, frozen=True, kw_only=True):
    """The feedback of a choice the learner chose."""

    choice: str
    text: RichTextOut


class CheckResult(Wire, frozen=True, kw_only=True):
    """Whether the answer was right, the right answer, feedback on the choices chosen, and why."""

    module: ModuleRef
    richtext: RichTextFormat
    item_id: str
    correct: bool
    answer: AnswerIn  # the right answer, in the form a request gives one
    feedback: tuple[ChoiceFeedback, ...]
    explanation: RichTextOut


class Health(Wire, frozen=True, kw_only=True):
    """``GET /healthz``."""

    status: Literal["ok"]
    modules: tuple[ModuleRef, ...]


# --- released versions ---------------------------------------------------------------


class VersionSummary(Wire, frozen=True, kw_only=True):
    """One released version: when, why, whose input, and where it is served."""

    version: str
    tag: Annotated[str, Meta(description="The git tag, <module-id>@<version>.")]
    date: Annotated[
        str | None, Meta(description="When it was released, ISO 8601 in UTC; null if unknown.")
    ]
    note: Annotated[str, Meta(description="Why it was released (the release note).")]
    credit: Annotated[
        str | None, Meta(description="The input that led to the change, when recorded.")
    ]
    href: Annotated[
        Href | None, Meta(description="Where this version is served; null if it does not load.")
    ]
    changes: Annotated[
        Href | None,
        Meta(description="What changed since the previous version that loads, if any."),
    ]
    problems: Annotated[
        tuple[str, ...],
        Meta(description="Why this version does not load under today's code; empty if it does."),
    ]


class VersionList(Wire, frozen=True, kw_only=True):
    """``GET /v1/modules/{module_id}/versions``: every released version, newest first."""

    module_id: str
    href: Href
    latest: Annotated[
        str | None,
        Meta(description="The newest release that loads: what /v1/modules/{module_id} serves."),
    ]
    versions: tuple[VersionSummary, ...]


# Changes to quiz items carry the items' rich text in the response's representation; the
# other kinds of change (``changes``) have none, and are sent as ``changes`` makes them.

QuizItemKind = Annotated[
    quiz.Kind, Meta(title="QuizItemKind", description="The `kind` of a quiz item.")
]


class ChoiceText(Wire, frozen=True, kw_only=True):
    """A choice of a quiz item as a version has it: its id, text and feedback (null if none)."""

    id: str
    text: RichTextOut
    feedback: RichTextOut | None = None


class QuizItemAdded(Wire, frozen=True, kw_only=True, tag="quiz-item-added", tag_field="kind"):
    """A new quiz item, whole; ``answer`` as a check request gives one."""

    id: str
    item_kind: QuizItemKind
    statement: RichTextOut
    choices: tuple[ChoiceText, ...] = ()
    answer: AnswerIn
    explanation: RichTextOut


class QuizItemRemoved(Wire, frozen=True, kw_only=True, tag="quiz-item-removed", tag_field="kind"):
    id: str
    statement: RichTextOut


class AnswerFlipped(Wire, frozen=True, kw_only=True, tag="answer-flipped", tag_field="kind"):
    """A true-false item's answer is now the other one."""

    id: str
    statement: RichTextOut
    was: bool
    now: bool


class AnswerChanged(Wire, frozen=True, kw_only=True, tag="answer-changed", tag_field="kind"):
    """A choice item's correct choices changed (``was`` and ``now`` are choice ids)."""

    id: str
    statement: RichTextOut
    was: tuple[str, ...]
    now: tuple[str, ...]


class StatementReworded(
    Wire, frozen=True, kw_only=True, tag="statement-reworded", tag_field="kind"
):
    """``diff`` is over the plain text."""

    id: str
    was: RichTextOut
    now: RichTextOut
    diff: Diff


class ExplanationReworded(
    Wire, frozen=True, kw_only=True, tag="explanation-reworded", tag_field="kind"
):
    """``diff`` is over the plain text."""

    id: str
    statement: RichTextOut
    was: RichTextOut
    now: RichTextOut
    diff: Diff


class ChoiceAdded(Wire, frozen=True, kw_only=True, tag="choice-added", tag_field="kind"):
    """A new choice in quiz item ``id``."""

    id: str
    choice: ChoiceText


class ChoiceRemoved(Wire, frozen=True, kw_only=True, tag="choice-removed", tag_field="kind"):
    id: str
    choice: ChoiceText


class ChoiceReworded(Wire, frozen=True, kw_only=True, tag="choice-reworded", tag_field="kind"):
    """A choice's text or feedback changed; ``diff`` runs over both, text first, plain."""

    id: str
    was: ChoiceText
    now: ChoiceText
    diff: Diff


Change = Annotated[
    c.Added
    | c.Removed
    | c.Reworded
    | c.Restyled
    | c.Reordered
    | QuizItemAdded
    | QuizItemRemoved
    | AnswerFlipped
    | AnswerChanged
    | StatementReworded
    | ExplanationReworded
    | ChoiceAdded
    | ChoiceRemoved
    | ChoiceReworded
    | c.ChoicesReordered
    | c.LinkChanged
    | c.SettingChanged,
    Meta(title="Change", description="One change between versions, tagged by `kind`."),
]


class ChangeList(Wire, frozen=True, kw_only=True):
    """``GET /v1/modules/{module_id}/versions/{version}/changes?since=...``.

    Changes are matched by stable ids; reworded text comes with a word-level diff of its
    plain words. Quiz statements, explanations, choices and feedback are rich text, like
    every other text: trees, or HTML with ``richtext=html``.
    """

    module: ModuleRef
    richtext: RichTextFormat
    since: str
    changes: tuple[Change, ...]
