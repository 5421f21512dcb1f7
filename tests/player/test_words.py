"""The player's words: one catalogue per language, complete, chosen by the module's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import msgspec
import pytest

from coprod_content.diagnostics import PackageError
from coprod_content.loading import load_modules
from coprod_content.model import Module
from coprod_content.player import Tracking, render, words
from coprod_content.player.render import script_keys

ROOT = Path(__file__).resolve().parents[2]
PLAYER = ROOT / "src" / "coprod_content" / "player"
ENGLISH = json.loads((PLAYER / "words" / "en-GB.json").read_text(encoding="utf-8"))
TRACKING = Tracking(name="test", scripts=(("adapter.js", b""),), state_limit=4096)


@pytest.fixture(scope="module")
def module() -> Module:
    (only,) = load_modules(ROOT / "content")
    return only


@pytest.mark.parametrize("language", ["en-GB", "en-gb", "en", "en-US", "en-Latn-GB"])
def test_english_modules_take_the_british_catalogue(language: str) -> None:
    assert words.for_language(language) == ENGLISH


def test_a_language_without_a_catalogue_is_refused_naming_what_to_add(module: Module) -> None:
    welsh = msgspec.structs.replace(module, language="cy")
    with pytest.raises(PackageError) as caught:
        render(welsh, TRACKING)
    assert str(caught.value) == (
        "the player has no words in 'cy' (catalogues: en-GB); add"
        f" src/coprod_content/player/words/cy.json with the {len(ENGLISH)} keys of en-GB.json"
        " translated"
    )


def test_an_incomplete_catalogue_names_the_missing_keys_and_placeholders() -> None:
    welsh = {k: v for k, v in ENGLISH.items() if k not in ("exit", "contents")}
    welsh["progress"] = "{count} o dudalennau"
    with pytest.raises(PackageError) as caught:
        words.for_language("cy-GB", {"en-GB": ENGLISH, "cy": welsh})
    assert str(caught.value) == (
        "the player's words in 'cy' are incomplete (src/coprod_content/player/words/cy.json):"
        " missing keys: contents, exit; 'progress' must hold the placeholders {count}, {total}"
    )


def test_a_complete_catalogue_is_used_in_the_page_and_in_words_js(module: Module) -> None:
    welsh = {key: f"[cy] {text}" for key, text in ENGLISH.items()}
    files = render(msgspec.structs.replace(module, language="cy"), TRACKING, welsh)
    html = files["index.html"].decode()
    assert '<a class="skip" href="#main" target="_self">[cy] Skip to content</a>' in html
    shipped = files["words.js"].decode()
    match = re.fullmatch(r"window\.coprodWords = (\{.*\});\n", shipped, re.S)
    assert match
    assert json.loads(match.group(1)) == {k: welsh[k] for k in script_keys(welsh)}


def test_every_key_is_used_and_every_use_is_a_key() -> None:
    """No dead words in the catalogue, and no word looked up that it lacks. A key is used
    when a template, render.py or player.js names it, its count (``.one``, ``.other``) or
    a prefix of it ending in ``.`` (``"status." + kind``)."""
    sources = [*PLAYER.rglob("*.j2"), PLAYER / "static" / "player.js", PLAYER / "render.py"]
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    literals = set(re.findall(r'"([a-z][\w.]*)"', text))
    prefixes = {n for n in literals if n.endswith(".")}
    dead = [
        key
        for key in ENGLISH
        if key not in literals
        and key.rsplit(".", 1)[0] not in literals
        and not any(key.startswith(p) for p in prefixes)
    ]
    assert dead == []
    looked_up = set(re.findall(r'\b(?:t|t\.count|plural)\("([\w.]+)"', text))
    counts = {key.rsplit(".", 1)[0] for key in ENGLISH if key.endswith((".one", ".other"))}
    assert sorted(looked_up - set(ENGLISH) - counts - prefixes) == []
