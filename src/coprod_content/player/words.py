"""The player's own words, one catalogue per language: ``words/<language>.json``.

Every word the player shows that is not the module's content (buttons, headings,
status messages, the quiz's verdicts and results) is looked up here by a stable
key, in the catalogue of the module's ``language``. A catalogue is a flat JSON
object, key -> text; a text may hold ``{name}`` placeholders, which the templates
and ``player.js`` fill, and a count takes two keys, ``<key>.one`` (exactly 1) and
``<key>.other``. ``en-GB`` is the reference: a catalogue is complete when it has
every one of its keys, with the same placeholders.

A module in a language with no catalogue of its own uses one for the same
language (``en-US`` takes ``en-GB``); with none, or an incomplete one, the
player is not built and the error names the keys to add.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

from coprod_content.diagnostics import PackageError

REFERENCE = "en-GB"
"""The catalogue every other is measured against."""
FOLDER = "src/coprod_content/player/words"
"""Where catalogues live in the repository, for messages."""

Words = Mapping[str, str]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders in a catalogue text."""
    return set(_PLACEHOLDER.findall(text))


@cache
def shipped() -> dict[str, dict[str, str]]:
    """Every catalogue shipped with the player, by language tag."""
    folder = resources.files("coprod_content.player") / "words"
    found: dict[str, dict[str, str]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            found[entry.name.removesuffix(".json")] = json.loads(entry.read_text("utf-8"))
    return found


def problems(words: Words, reference: Words | None = None) -> list[str]:
    """What ``words`` lacks to stand for the reference catalogue: keys, or placeholders."""
    model = shipped()[REFERENCE] if reference is None else reference
    missing = sorted(key for key in model if key not in words)
    found = [f"missing keys: {', '.join(missing)}"] if missing else []
    for key in sorted(k for k in model if k in words):
        if placeholders(words[key]) != placeholders(model[key]):
            wanted = ", ".join(f"{{{p}}}" for p in sorted(placeholders(model[key]))) or "none"
            found.append(f"{key!r} must hold the placeholders {wanted}")
    return found


def for_language(language: str, catalogues: Mapping[str, Words] | None = None) -> Words:
    """The catalogue for a module in ``language``: its own, else one of the same language.

    Raises:
        PackageError: there is no catalogue for the language, or it is incomplete.
    """
    known = shipped() if catalogues is None else catalogues
    primary = language.split("-")[0].lower()
    tag = next((t for t in known if t.lower() == language.lower()), None) or next(
        (t for t in sorted(known) if t.split("-")[0].lower() == primary), None
    )
    if tag is None:
        keys = len(shipped()[REFERENCE])
        raise PackageError(
            f"the player has no words in {language!r} (catalogues: {', '.join(sorted(known))}); "
            f"add {FOLDER}/{language}.json with the {keys} keys of {REFERENCE}.json translated"
        )
    found = problems(known[tag])
    if found:
        raise PackageError(
            f"the player's words in {tag!r} are incomplete ({FOLDER}/{tag}.json): "
            + "; ".join(found)
        )
    return known[tag]


def fill(text: str, **values: object) -> str:
    """A catalogue text with its placeholders filled, as ``player.js`` fills them."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)
