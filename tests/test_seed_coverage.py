"""Every sentence and URL of the seed text is carried by the authored module.

The seed (``content/coproduction/source/module-text.txt``) is Markdown-ish prose. It is
reduced to plain sentences line by line:

* heading markers ``#``, list markers ``-`` and ``▶`` are stripped;
* a bold lead term followed by `` – `` (a challenge: ``**Power imbalance** – ...``)
  becomes a sentence of its own, as the model keeps term and text apart;
* a parenthesised duplicate printed after a link, ``(<url>)`` or ``([url](url))``,
  is dropped, and each link ``[text](url)`` becomes its text (URLs are checked apart);
* emphasis ``*``, backslash escapes and a parenthesised bare URL ``(https://...)`` go;
* numbering ``1. `` at the start (quiz statements, recommendation titles) and the
  leading ``True:``/``False:`` of quiz explanations (the ``answer`` field) go;
* the rest is split into sentences after ``.``, ``?``, ``!`` or ``:`` followed by
  whitespace, and whitespace is collapsed (text is NFC).

Labels the model carries as field names rather than text ("Aims", "Learning outcomes",
"Purpose:") are skipped. Each remaining sentence must occur in the text of some string
of the model. The one documented fix to a seed URL (a look-alike hostname) is applied
before URLs are compared; see ``content/coproduction/CHANGELOG.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from coprod_content import load_modules
from coprod_content.model import Emphasis, Link, Module, Strong, Text
from coprod_content.richtext import to_plain

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "coproduction" / "source" / "module-text.txt"
HOST_FIXES = {"equallysafe.sclد.org.uk": "equallysafe.sclld.org.uk"}
FIELD_LABELS = {"Aims", "Learning outcomes", "Purpose:"}
ANSWER = re.compile(r"^(True|False):\s*")
_INLINE = (Text, Emphasis, Strong, Link)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def seed_text() -> str:
    return unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))


def clean(line: str) -> str:
    """One seed line as plain text; a challenge's lead term ends at a newline."""
    line = re.sub(r"^#+\s*", "", line.strip())
    line = re.sub(r"^-\s*", "", line)
    line = re.sub(r"^▶\s*", "", line)
    line = re.sub(r"^\*\*([^*]+)\*\*\s+–\s+", "\\1\n", line)
    line = re.sub(r"\s*\((?:<[^>]*>|\[[^\]]*\]\([^)]*\))\)", "", line)
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\\(.)", r"\1", line.replace("*", ""))
    line = re.sub(r"\s*\(https?://[^)\s]*\)", "", line)
    return re.sub(r"^\d+\.\s+", "", line)


def seed_lines() -> list[str]:
    return [c for c in (clean(line) for line in seed_text().splitlines()) if c.strip()]


def seed_sentences() -> list[str]:
    out = []
    for line in seed_lines():
        for part in line.split("\n"):
            for sentence in re.split(r"(?<=[.?!:])\s+", ANSWER.sub("", part)):
                if norm(sentence) and norm(sentence) not in FIELD_LABELS:
                    out.append(norm(sentence))
    return out


def strings(value: Any) -> Iterator[str]:
    """Every string in a Struct tree; a rich text also yields its plain text."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        if value and isinstance(value[0], _INLINE):
            yield to_plain(value)
        for item in value:
            yield from strings(item)
    elif isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            yield from strings(getattr(value, name))


def module() -> Module:
    (only,) = load_modules(ROOT / "content")
    return only


def test_every_seed_sentence_is_in_the_module() -> None:
    text = "\n".join(norm(s) for s in strings(module()))
    missing = [s for s in seed_sentences() if s not in text]
    assert not missing, "seed sentences missing from content:\n" + "\n".join(missing)


def test_every_seed_url_is_in_the_module() -> None:
    seed = seed_text().replace("\\", "")  # backslashes are Markdown escapes, never URL text
    for wrong, right in HOST_FIXES.items():
        seed = seed.replace(wrong, right)
    wanted = set(re.findall(r"https?://[^\s)>\]]+", seed))
    have = {s for s in strings(module()) if re.match(r"https?://", s)}
    assert wanted, "no URLs found in the seed"
    assert not wanted - have, f"seed URLs missing from content: {sorted(wanted - have)}"


def test_quiz_answers_and_explanations_match_the_seed() -> None:
    quiz = module().quiz
    answers = [m.group(1) == "True" for m in map(ANSWER.match, seed_lines()) if m]
    explanations = [norm(ANSWER.sub("", line)) for line in seed_lines() if ANSWER.match(line)]
    assert [item.answer for item in quiz.items] == [False, False, True, True, True, False]
    assert answers == [item.answer for item in quiz.items]
    assert [norm(to_plain(item.explanation)) for item in quiz.items] == explanations
