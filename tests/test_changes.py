"""What changed between two versions: exact changes for known edits, and a property for any."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from coprod_content import changes as c
from coprod_content.loading import load_modules
from coprod_content.model import Module, Quiz, QuizItem, RichText, Section
from coprod_content.richtext import parse, to_markdown
from coprod_content.wording import changed_lines
from tests.gitrepo import MINI_EDIT, edit_mini
from tests.strategies import modules, rich_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "valid"
replace = msgspec.structs.replace


def _mini() -> Module:
    (module,) = load_modules(FIXTURES)
    return module


def _with_items(module: Module, *items: QuizItem) -> Module:
    return replace(module, quiz=replace(module.quiz, items=items))


def _with_section(module: Module, index: int, section: Section) -> Module:
    sections = list(module.sections)
    sections[index] = section
    return replace(module, sections=tuple(sections))


def _block_text(module: Module, markdown: str) -> Module:
    """The mini module with its first paragraph's text replaced."""
    basics = module.sections[0]
    blocks = (replace(basics.blocks[0], text=parse(markdown)), *basics.blocks[1:])
    return _with_section(module, 0, replace(basics, blocks=blocks))


def test_the_release_edit(tmp_path: Path) -> None:
    """Reword a section, flip an answer, add an item: exactly three changes."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content / "mini")
    edit_mini(content)
    (old,), (new,) = load_modules(FIXTURES), load_modules(content)
    found = c.changes(old, new)
    reworded, flipped, added = found
    assert isinstance(reworded, c.Reworded)
    assert (reworded.part, reworded.id, reworded.title) == ("section", "basics", "Basics")
    assert changed_lines(reworded.diff) == [
        "Collaboration means working{+ closely+} together. See the guide."
    ]
    assert flipped == c.AnswerFlipped(
        id="takes-more-time",
        statement="Co-production takes more time but leads to better services.",
        was=True,
        now=False,
    )
    assert added == c.QuizItemAdded(
        id="lived-experience",
        statement="Lived experience is a kind of expertise.",
        answer=True,
        explanation="People who use a service know what works for them.",
    )
    assert c.report(found) == MINI_EDIT


def test_no_change() -> None:
    module = _mini()
    assert c.changes(module, replace(module, version="9.9.9")) == []


def test_sections_added_removed_and_reordered() -> None:
    old = _mini()
    basics, practice = old.sections
    extra = Section(id="extra", title="Extra", blocks=basics.blocks[:1])
    new = replace(old, sections=(extra, basics))
    assert c.changes(old, new) == [
        c.Added(part="section", id="extra", title="Extra"),
        c.Removed(part="section", id="practice", title="Practice"),
    ]
    swapped = replace(old, sections=(practice, basics))
    assert c.changes(old, swapped) == [
        c.Reordered(part="section", was=("basics", "practice"), now=("practice", "basics"))
    ]
    assert c.describe(c.changes(old, swapped)[0]) == "Sections reordered: now practice, basics"


def test_links_changed_added_and_removed() -> None:
    old = _mini()
    url = "Collaboration means **working together**. See [the guide](https://example.org/new)."
    assert c.changes(old, _block_text(old, url)) == [
        c.LinkChanged(
            part="section",
            id="basics",
            text="the guide",
            was="https://example.org/guide",
            now="https://example.org/new",
        )
    ]
    gone = "Collaboration means **working together**. See the guide."
    (change,) = c.changes(old, _block_text(old, gone))
    assert c.describe(change) == (
        "Section (basics): link “the guide” removed (was https://example.org/guide)"
    )
    both = "Collaboration means **working together**. See [the guide](https://example.org/guide)"
    added = both + " and [the map](https://example.org/map)."
    reworded, link = c.changes(old, _block_text(old, added))
    assert changed_lines(reworded.diff) == [  # type: ignore[union-attr]
        "Collaboration means working together. See the guide{+ and the map+}."
    ]
    assert c.describe(link) == "Section (basics): link “the map” added, to https://example.org/map"


def test_formatting_only() -> None:
    old = _mini()
    plain = "Collaboration means working together. See [the guide](https://example.org/guide)."
    (change,) = c.changes(old, _block_text(old, plain))
    assert change == c.Restyled(part="section", id="basics", title="Basics")
    assert c.describe(change) == (
        "Section “Basics” (basics) restyled (same words, different formatting or structure)"
    )


def test_quiz_items_statements_explanations_and_removal() -> None:
    old = _mini()
    first, second = old.quiz.items
    reworded = replace(
        first,
        statement="Asking for feedback afterwards counts as co-production.",
        explanation=parse("It means involving women *from the start*."),
    )
    (stated, explained, removed) = c.changes(old, _with_items(old, reworded))
    assert changed_lines(stated.diff) == [  # type: ignore[union-attr]
        "Asking for feedback [-after a service is designed-]{+afterwards+} counts as co-production."
    ]
    assert explained == c.ExplanationReworded(
        id="feedback-after-design",
        statement=reworded.statement,
        was="Co-production means involving women from the beginning.",
        now="It means involving women *from the start*.",
        diff=explained.diff,  # type: ignore[union-attr]
    )
    assert changed_lines(explained.diff) == [  # type: ignore[union-attr]
        "[-Co-production-]{+It+} means involving women from the [-beginning-]{+start+}."
    ]
    assert removed == c.QuizItemRemoved(id="takes-more-time", statement=second.statement)
    assert [c.describe(x) for x in (stated, explained, removed)] == [
        "Quiz item (feedback-after-design): statement reworded",
        "Quiz item (feedback-after-design): explanation reworded",
        "Quiz item (takes-more-time) removed: “Co-production takes more time but leads to"
        " better services.”",
    ]


def test_settings_and_module_words() -> None:
    old = _mini()
    new = replace(old, mastery_score=80, title="A smaller module")
    setting, words = c.changes(old, new)
    assert setting == c.SettingChanged(name="mastery_score", was="50", now="80")
    assert c.describe(setting) == "Setting mastery_score changed from 50 to 80"
    assert isinstance(words, c.Reworded) and words.part == "module"
    assert changed_lines(words.diff) == ["A [-small-]{+smaller+} module"]


def test_pyramid_activities_and_resources() -> None:
    old = _mini()
    level = replace(old.pyramid.levels[0], is_coproduction=True)
    pyramid = replace(old.pyramid, levels=(level, *old.pyramid.levels[1:]))
    activity = replace(old.activities[0], title="Activity one")
    resource = replace(old.resources[0], url="https://example.org/toolkit/think-again")
    new = replace(old, pyramid=pyramid, activities=(activity,), resources=(resource,))
    found = c.changes(old, new)
    assert [c.describe(x) for x in found] == [
        "Pyramid level “Consultation” (consultation) reworded",
        "Activity “Activity one” (watch-and-think) reworded",
        "Resource (toolkit): link “THINK: Collaboration and co-production” changed from"
        " https://example.org/toolkit/think to https://example.org/toolkit/think-again",
    ]
    assert changed_lines(found[0].diff) == [  # type: ignore[union-attr]
        "Counts as co-production: [-no-]{+yes+}"
    ]


# --- the property ----------------------------------------------------------------------


@st.composite
def _mutated(draw: st.DrawFn, module: Module) -> Module:
    """``module`` with quiz items kept, flipped, reworded, removed, added and reordered."""
    items: list[QuizItem] = []
    for item in module.quiz.items:
        action = draw(st.sampled_from(["keep", "flip", "explain", "state", "remove"]))
        if action == "flip":
            item = replace(item, answer=not item.answer)
        elif action == "explain":
            item = replace(item, explanation=draw(rich_text()))
        elif action == "state":
            item = replace(item, statement=item.statement + " (reworded)")
        if action != "remove":
            items.append(item)
    taken = {i.id for i in module.quiz.items}
    for n in range(draw(st.integers(0 if items else 1, 2))):
        new_id = f"new-item-{n}"
        assert new_id not in taken
        explanation: RichText = draw(rich_text())
        items.append(
            QuizItem(
                id=new_id, statement="New", answer=draw(st.booleans()), explanation=explanation
            )
        )
    items = draw(st.permutations(items))
    quiz: Quiz = replace(module.quiz, items=tuple(items))
    return replace(module, quiz=quiz, mastery_score=draw(st.integers(0, 100)))


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Module, Module]:
    old = draw(modules())
    new = draw(modules()) if draw(st.booleans()) else draw(_mutated(old))
    return old, new


def _quiz_state(module: Module) -> dict[str, tuple[bool, RichText]]:
    return {i.id: (i.answer, i.explanation) for i in module.quiz.items}


def _apply(old: Module, found: list[c.AnyChange]) -> dict[str, tuple[bool, RichText]]:
    state = _quiz_state(old)
    for change in found:
        if isinstance(change, c.QuizItemAdded):
            assert change.id not in state
            state[change.id] = (change.answer, parse(change.explanation))
        elif isinstance(change, c.QuizItemRemoved):
            del state[change.id]
        elif isinstance(change, c.AnswerFlipped):
            assert state[change.id][0] == change.was
            state[change.id] = (change.now, state[change.id][1])
        elif isinstance(change, c.ExplanationReworded):
            assert to_markdown(state[change.id][1]) == change.was
            state[change.id] = (state[change.id][0], parse(change.now))
    return state


@given(_pairs())
def test_changes_applied_to_the_old_quiz_give_the_new(pair: tuple[Module, Module]) -> None:
    old, new = pair
    assert _apply(old, c.changes(old, new)) == _quiz_state(new)


@given(_pairs())
def test_no_changes_only_for_the_same_content(pair: tuple[Module, Module]) -> None:
    old, new = pair
    found = c.changes(old, new)
    assert c.changes(old, old) == []
    same = replace(
        old,
        id=new.id,
        version=new.version,
        pyramid=replace(old.pyramid, id=new.pyramid.id),
        quiz=replace(old.quiz, id=new.quiz.id),
    )
    assert (found == []) == (same == new)
    assert msgspec.json.decode(msgspec.json.encode(found), type=list[c.AnyChange]) == found
