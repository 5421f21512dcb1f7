"""The module's xAPI activities: one definition each, shared by ``tincan.xml`` and the player.

The player's adapter reads the same definitions from ``activities.js``, so an
``answered`` statement carries exactly what ``tincan.xml`` declares. A quiz item's
interaction type, choices and correct-response pattern come from ``quiz.form``; the
adapter's response is the chosen option ids joined by ``[,]``, the same tokens.
"""

from __future__ import annotations

import msgspec

from coprod_content import quiz
from coprod_content.model import Module, QuizItem
from coprod_content.player.render import data_script
from coprod_content.richtext import to_plain
from coprod_content.xapi import iri

MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"
SECTION_TYPE = "http://id.tincanapi.com/activitytype/section"
INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
NAME_LIMIT = 120
"""Longest activity name; a quiz item's full statement is its description."""

LanguageMap = dict[str, str]


class Component(msgspec.Struct, frozen=True, kw_only=True):
    """One choice of a ``choice`` interaction: its id and text."""

    id: str
    description: LanguageMap


class Definition(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True, rename="camel"):
    """An xAPI activity definition (the members this package uses)."""

    type: str
    name: LanguageMap
    description: LanguageMap | None = None
    interaction_type: str | None = None
    correct_responses_pattern: tuple[str, ...] | None = None
    choices: tuple[Component, ...] | None = None


class Activity(msgspec.Struct, frozen=True, kw_only=True):
    """An xAPI activity object: its IRI and definition."""

    id: str
    definition: Definition


class Activities(msgspec.Struct, frozen=True, kw_only=True):
    """Every activity of a module, keyed by the authored ids the player knows.

    ``version`` is the module's version: adapters send it as every statement's
    ``context.revision``, so reports can tell versions apart on the same IRIs.
    """

    version: str
    language: str
    module: Activity
    sections: dict[str, Activity]
    items: dict[str, Activity]


def activities(module: Module) -> Activities:
    """The module's activities: the module, each section, each quiz item (content order)."""
    lang = module.language
    return Activities(
        version=module.version,
        language=lang,
        module=Activity(
            id=iri.module_iri(module),
            definition=Definition(
                type=MODULE_TYPE,
                name={lang: module.title},
                description={lang: module.description},
            ),
        ),
        sections={
            s.id: Activity(
                id=iri.section_iri(module, s.id),
                definition=Definition(type=SECTION_TYPE, name={lang: s.title}),
            )
            for s in module.sections
        },
        items={item.id: _item(module, item) for item in module.quiz.items},
    )


def _item(module: Module, item: QuizItem) -> Activity:
    lang = module.language
    form = quiz.form(item, "xapi")
    choices = tuple(
        Component(id=c.id, description={lang: to_plain(c.text)}) for c in quiz.choices(item)
    )
    return Activity(
        id=iri.item_iri(module, item.id),
        definition=Definition(
            type=INTERACTION_TYPE,
            name={lang: clip(quiz.plain(item), NAME_LIMIT)},
            description={lang: quiz.plain(item)},
            interaction_type=form.type,
            correct_responses_pattern=(form.pattern,),
            choices=choices or None,
        ),
    )


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis when longer."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def script(module: Module) -> bytes:
    """``activities.js``: the definitions as ``window.coprodActivities`` for the adapter."""
    return data_script("coprodActivities", activities(module))
