"""The canonical content model: one module of training, as immutable typed Structs.

No I/O here. Authored files under ``content/`` decode into these types (see
``loading``); the API, the JSON export and every package are compiled from them.
Every addressable thing carries a stable, human-chosen ``id``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

Slug = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        min_length=1,
        max_length=64,
        description="Stable id: lower-case letters, digits and single hyphens.",
    ),
]
SemVer = Annotated[
    str,
    Meta(
        pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$",
        description="Semantic version, e.g. 1.2.0.",
    ),
]
LanguageTag = Annotated[
    str,
    Meta(
        pattern=r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$",
        description="BCP 47 language tag, e.g. en-GB.",
    ),
]
MAX_URL = 2048
"""The longest URL, in characters (SECURITY.md)."""
MAX_LABEL = 500
"""The longest label (a title, a term, a link's text), in characters (SECURITY.md)."""
MAX_DESCRIPTION = 2000
"""The longest module description, in characters (SECURITY.md)."""

Url = Annotated[
    str, Meta(min_length=1, max_length=MAX_URL, description="An http(s) or mailto URL.")
]
ImagePath = Annotated[
    str,
    Meta(
        pattern=r"^images/[a-z0-9]+(?:-[a-z0-9]+)*\.(?:png|jpg|jpeg|svg|webp)$",
        max_length=80,
        description="A file in the module's images/ folder: lower-case letters, digits and "
        "hyphens, ending .png, .jpg, .jpeg, .svg or .webp, e.g. images/pyramid.png.",
    ),
]
Label = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_LABEL,
        pattern=r"\S",
        description=f"Plain, non-empty text of at most {MAX_LABEL} characters.",
    ),
]
Percent = Annotated[int, Meta(ge=0, le=100, description="A whole number from 0 to 100.")]
Minutes = Annotated[int, Meta(ge=1, le=6000, description="A whole number of minutes, 1 to 6000.")]
LevelNumber = Annotated[int, Meta(ge=1, le=20, description="A whole number from 1 to 20.")]


class Model(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of everything authored under content/: immutable, typos are errors."""


# --- rich text ---------------------------------------------------------------


class Text(Model, frozen=True, kw_only=True, tag="text", tag_field="kind"):
    """A run of plain text."""

    text: str


class Emphasis(Model, frozen=True, kw_only=True, tag="emphasis", tag_field="kind"):
    """Emphasised (italic) inline content."""

    children: tuple[Inline, ...]


class Strong(Model, frozen=True, kw_only=True, tag="strong", tag_field="kind"):
    """Strongly emphasised (bold) inline content."""

    children: tuple[Inline, ...]


class Link(Model, frozen=True, kw_only=True, tag="link", tag_field="kind"):
    """A hyperlink with plain link text."""

    href: Url
    text: Label


Inline = Text | Emphasis | Strong | Link
RichText = Annotated[tuple[Inline, ...], Meta(min_length=1)]
RichTexts = Annotated[tuple[RichText, ...], Meta(min_length=1)]
"""A paragraph's worth of inline content, authored as a line of Markdown."""


# --- section blocks ------------------------------------------------------------


class Paragraph(Model, frozen=True, kw_only=True, tag="paragraph", tag_field="kind"):
    id: Slug
    text: RichText


class BulletList(Model, frozen=True, kw_only=True, tag="list", tag_field="kind"):
    id: Slug
    items: RichTexts


class Definition(Model, frozen=True, kw_only=True, tag="definition", tag_field="kind"):
    """A term and what it means in this module."""

    id: Slug
    term: Label
    text: RichText


class Callout(Model, frozen=True, kw_only=True, tag="callout", tag_field="kind"):
    """A short statement set apart from the prose for emphasis."""

    id: Slug
    text: RichText


class LinkCard(Model, frozen=True, kw_only=True, tag="link-card", tag_field="kind"):
    """A prominent link out, such as the co-production guide."""

    id: Slug
    title: Label
    url: Url
    text: RichText


class HelpPrompts(Model, frozen=True, kw_only=True, tag="help", tag_field="kind"):
    """A "Need some help?" group of prompts."""

    id: Slug
    title: Label
    intro: RichText
    prompts: RichTexts


class Challenge(Model, frozen=True, kw_only=True):
    """One challenge: its bold lead term and the advice that follows."""

    id: Slug
    term: Label
    text: RichText


class ChallengeList(Model, frozen=True, kw_only=True, tag="challenges", tag_field="kind"):
    id: Slug
    items: Annotated[tuple[Challenge, ...], Meta(min_length=1)]


class Recommendation(Model, frozen=True, kw_only=True, tag="recommendation", tag_field="kind"):
    """One numbered recommendation group."""

    id: Slug
    number: LevelNumber
    title: Label
    intro: RichText | None = None
    points: RichTexts


class Image(Model, frozen=True, kw_only=True, tag="image", tag_field="kind"):
    """A picture from the module's ``images/`` folder, with its text alternative.

    ``alt`` says what the picture shows to someone who cannot see it; a picture that
    adds nothing to the text around it is ``decorative`` instead, and has no ``alt``.
    """

    id: Slug
    file: ImagePath
    alt: Label | None = None
    decorative: bool = False
    caption: RichText | None = None

    def __post_init__(self) -> None:
        if self.decorative and self.alt is not None:
            raise ValueError(
                "a decorative image has no alt text; remove 'alt', or remove "
                "'decorative: true' if the picture tells something the text does not"
            )
        if not self.decorative and self.alt is None:
            raise ValueError(
                "image needs 'alt': a short text saying what the picture shows, for people "
                "who cannot see it (or 'decorative: true' if it adds nothing to the text)"
            )


class PyramidFigure(Model, frozen=True, kw_only=True, tag="pyramid", tag_field="kind"):
    """Where the module's pyramid is shown."""

    id: Slug


class ActivityRef(Model, frozen=True, kw_only=True, tag="activity", tag_field="kind"):
    """Where an activity (defined in activities.yaml) is shown."""

    id: Slug
    activity: Slug


class QuizRef(Model, frozen=True, kw_only=True, tag="quiz", tag_field="kind"):
    """Where the module's quiz is shown."""

    id: Slug


class ResourceList(Model, frozen=True, kw_only=True, tag="resources", tag_field="kind"):
    """Where the module's further resources are listed."""

    id: Slug


Block = (
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
    | ResourceList
)


class Section(Model, frozen=True, kw_only=True):
    id: Slug
    title: Label
    blocks: Annotated[tuple[Block, ...], Meta(min_length=1)]


# --- pyramid -------------------------------------------------------------------


class PyramidLevel(Model, frozen=True, kw_only=True):
    """One level of the collaboration pyramid; level 1 is the base."""

    id: Slug
    number: LevelNumber
    name: Label
    description: RichText
    example: RichText
    note: RichText | None = None
    is_coproduction: bool


class Pyramid(Model, frozen=True, kw_only=True):
    id: Slug
    title: Label
    intro: tuple[RichText, ...] = ()
    levels: Annotated[tuple[PyramidLevel, ...], Meta(min_length=1)]


# --- activities ----------------------------------------------------------------


class Video(Model, frozen=True, kw_only=True):
    """A video on a video site.

    ``transcript`` is every word spoken (and what is shown without words), one
    paragraph per entry; ``captions`` the languages the video site has captions in.
    """

    provider: Literal["vimeo", "youtube"]
    id: Annotated[str, Meta(min_length=1, max_length=32)]
    title: Label
    url: Url
    transcript: RichTexts | None = None
    captions: tuple[LanguageTag, ...] = ()


class Watch(Model, frozen=True, kw_only=True, tag="watch", tag_field="kind"):
    """Watch or listen to a video."""

    id: Slug
    intro: RichText
    video: Video


class Reflect(Model, frozen=True, kw_only=True, tag="reflect", tag_field="kind"):
    """Reflect and make notes; players offer a notes box here."""

    id: Slug
    intro: RichText
    prompts: RichTexts


Step = Watch | Reflect | HelpPrompts


class Activity(Model, frozen=True, kw_only=True):
    id: Slug
    title: Label
    purpose: RichText
    steps: Annotated[tuple[Step, ...], Meta(min_length=1)]


# --- quiz ----------------------------------------------------------------------
# The item kinds are data here, like every other authored kind; what each kind means
# (validation, correctness, scoring, saved state, its form in each target) is in quiz.py.

MIN_CHOICES = 2
MAX_CHOICES = 8
"""How many choices a choice item has: at least 2, at most 8 (SCORM 1.2 letters a-h)."""

ChoiceId = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        min_length=1,
        max_length=64,
        description="the id of the one correct choice (a single-choice item has exactly one; "
        "for several, make it kind: multiple-response)",
    ),
]
ChoiceIds = Annotated[
    tuple[Slug, ...],
    Meta(
        min_length=1,
        description="the ids of the correct choices, at least one (with none, no answer is right)",
    ),
]
Attempts = Annotated[int, Meta(ge=1, le=100, description="A whole number of attempts, 1 to 100.")]


class Choice(Model, frozen=True, kw_only=True):
    """One choice of a choice item, with optional feedback shown once it is checked."""

    id: Slug
    text: RichText
    feedback: RichText | None = None


Choices = Annotated[
    tuple[Choice, ...],
    Meta(min_length=MIN_CHOICES, max_length=MAX_CHOICES, description="2 to 8 choices"),
]


class TrueFalse(Model, frozen=True, kw_only=True, tag="true-false", tag_field="kind"):
    """A statement that is true or false; the kind of an item authored without ``kind``."""

    id: Slug
    statement: RichText
    answer: bool
    explanation: RichText


class SingleChoice(Model, frozen=True, kw_only=True, tag="single-choice", tag_field="kind"):
    """A question with 2 to 8 choices, exactly one of them correct."""

    id: Slug
    statement: RichText
    choices: Choices
    answer: ChoiceId
    explanation: RichText


class MultipleResponse(Model, frozen=True, kw_only=True, tag="multiple-response", tag_field="kind"):
    """ "Choose all that apply": 2 to 8 choices, one or more correct, scored all or nothing."""

    id: Slug
    statement: RichText
    choices: Choices
    answer: ChoiceIds
    explanation: RichText


QuizItem = TrueFalse | SingleChoice | MultipleResponse


class Quiz(Model, frozen=True, kw_only=True):
    id: Slug
    title: Label
    intro: tuple[RichText, ...] = ()
    attempts: Attempts | None = None
    items: Annotated[tuple[QuizItem, ...], Meta(min_length=1)]


# --- resources and the module ------------------------------------------------------


class Resource(Model, frozen=True, kw_only=True):
    id: Slug
    title: Label
    url: Url
    description: RichText


class Aims(Model, frozen=True, kw_only=True):
    """What the module is for: a lead paragraph, an intro line and the aims."""

    summary: RichTexts
    intro: RichText
    items: RichTexts


class Outcomes(Model, frozen=True, kw_only=True):
    intro: RichText
    items: RichTexts


class ModuleMeta(Model, frozen=True, kw_only=True):
    """What a module says about itself: the metadata in ``module.yaml``."""

    id: Slug
    title: Label
    version: SemVer
    language: LanguageTag
    description: Annotated[str, Meta(min_length=1, max_length=MAX_DESCRIPTION)]
    base_iri: Url
    mastery_score: Percent
    duration_minutes: Minutes
    aims: Aims
    learning_outcomes: Outcomes


ImageType = Literal["image/png", "image/jpeg", "image/svg+xml", "image/webp"]


class ImageFile(Model, frozen=True, kw_only=True):
    """A file of the module's ``images/`` folder, carried whole (checked by ``images``)."""

    path: ImagePath
    media_type: ImageType
    data: bytes


class Module(ModuleMeta, frozen=True, kw_only=True):
    """One training module, whole: its texts and the image files they show."""

    sections: tuple[Section, ...]
    pyramid: Pyramid
    activities: tuple[Activity, ...]
    quiz: Quiz
    resources: tuple[Resource, ...]
    images: tuple[ImageFile, ...] = ()


# --- authored files ----------------------------------------------------------------


class ModuleFile(ModuleMeta, frozen=True, kw_only=True):
    """``module.yaml``: metadata and the order of the section and activity files."""

    sections: tuple[Slug, ...]
    activities: tuple[Slug, ...]


def meta_of(value: ModuleMeta) -> dict[str, Any]:
    """The metadata fields of a module or module file, by name."""
    return {name: getattr(value, name) for name in ModuleMeta.__struct_fields__}


class ResourcesFile(Model, frozen=True, kw_only=True):
    """``resources.yaml``: the further resources, in order."""

    resources: tuple[Resource, ...]
