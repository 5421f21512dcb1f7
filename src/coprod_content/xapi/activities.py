"""The module's xAPI activities: one definition each, shared by ``tincan.xml`` and the player.

The player's adapter reads the same definitions from ``activities.js``, so an
``answered`` statement carries exactly what ``tincan.xml`` declares.
"""

from __future__ import annotations

import msgspec

from coprod_content.model import Module
from coprod_content.xapi import iri

MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"
SECTION_TYPE = "http://id.tincanapi.com/activitytype/section"
INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
NAME_LIMIT = 120
"""Longest activity name; a quiz item's full statement is its description."""

LanguageMap = dict[str, str]


class Definition(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True, rename="camel"):
    """An xAPI activity definition (the members this package uses)."""

    type: str
    name: LanguageMap
    description: LanguageMap | None = None
    interaction_type: str | None = None
    correct_responses_pattern: tuple[str, ...] | None = None


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
        items={
            item.id: Activity(
                id=iri.item_iri(module, item.id),
                definition=Definition(
                    type=INTERACTION_TYPE,
                    name={lang: clip(item.statement, NAME_LIMIT)},
                    description={lang: item.statement},
                    interaction_type="true-false",
                    correct_responses_pattern=("true" if item.answer else "false",),
                ),
            )
            for item in module.quiz.items
        },
    )


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis when longer."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def script(module: Module) -> bytes:
    """``activities.js``: the definitions as ``window.coprodActivities`` for the adapter."""
    data = msgspec.json.encode(activities(module)).decode()
    # JSON is JavaScript; escape what could end a script or a line in older engines.
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.coprodActivities = {data};\n".encode()
