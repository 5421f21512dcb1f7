"""What changed between two versions: exact changes for known edits, and a property for any."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod_content import changes as c
from coprod_content import quiz
from coprod_content.loading import load_modules
from coprod_content.model import (
    Choice,
    Emphasis,
    Module,
    MultipleResponse,
    Quiz,
    QuizItem,
    RichText,
    Section,
    SingleChoice,
    Text,
    TrueFalse,
)
from coprod_content.richtext import parse
from coprod_content.wording import changed_lines
from tests.gitrepo import MINI_EDIT, edit_mini
from tests.strategies import KINDS as KIND_NAMES
from tests.strategies import modules, quiz_item, rich_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "valid"
KINDS = Path(__file__).resolve().parent / "fixtures" / "quiz"
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
        statement=(Text(text="Co-production takes more time but leads to better services."),),
        was=True,
        now=False,
    )
    assert added == c.QuizItemAdded(
        id="lived-experience",
        item_kind="true-false",
        statement=(Text(text="Lived experience is a kind of expertise."),),
        answer=True,
        explanation=(Text(text="People who use a service know what works for them."),),
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
    first, _ = old.quiz.items
    statement = parse("Asking for feedback *afterwards* counts as co-production.")
    explanation = parse("It means involving women *from the start*.")
    reworded = replace(first, statement=statement, explanation=explanation)
    (stated, explained, removed) = c.changes(old, _with_items(old, reworded))
    assert changed_lines(stated.diff) == [  # type: ignore[union-attr]
        "Asking for feedback [-after a service is designed-]{+afterwards+} counts as co-production."
    ]
    assert stated == c.StatementReworded(
        id="feedback-after-design",
        was=(
            Text(text="Asking for feedback after a service is designed counts as co-production."),
        ),
        now=statement,
        diff=stated.diff,  # type: ignore[union-attr]
    )
    assert explained == c.ExplanationReworded(
        id="feedback-after-design",
        statement=statement,
        was=(Text(text="Co-production means involving women from the beginning."),),
        now=explanation,
        diff=explained.diff,  # type: ignore[union-attr]
    )
    assert changed_lines(explained.diff) == [  # type: ignore[union-attr]
        "[-Co-production-]{+It+} means involving women from the [-beginning-]{+start+}."
    ]
    assert removed == c.QuizItemRemoved(
        id="takes-more-time",
        statement=(Text(text="Co-production takes more time but leads to better services."),),
    )
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


def _kinds() -> Module:
    (module,) = load_modules(KINDS)
    return module


def test_choices_added_removed_reworded_reordered_and_answers_changed() -> None:
    old = _kinds()
    tf, single, multiple, last = old.quiz.items
    after, start, review, _ = single.choices
    new_single = replace(
        single,
        choices=(start, replace(after, text=parse("After the service has launched")), review),
        answer="at-review",
    )
    added = Choice(id="co-design", text=parse("While *designing* it"))
    new_multiple = replace(
        multiple, choices=(*multiple.choices, added), answer=("paying-people", "co-design")
    )
    new = _with_items(old, tf, new_single, new_multiple, replace(last, answer=False))
    found = c.changes(old, replace(new, quiz=replace(new.quiz, attempts=None)))
    assert [c.describe(x) for x in found] == [
        "Setting attempts changed from 2 to unlimited",
        "Quiz item (when-to-involve): choices reordered: now from-the-start, after-launch,"
        " at-review",
        "Quiz item (when-to-involve): choice (after-launch) reworded",
        "Quiz item (when-to-involve): choice “Only if they ask” (never) removed",
        "Quiz item (when-to-involve): correct answer changed from from-the-start to at-review:"
        " “When should women with lived experience be *first* involved?”",
        "Quiz item (what-helps): choice “While *designing* it” (co-design) added",
        "Quiz item (what-helps): correct answer changed from paying-people, accessible-info,"
        " sharing-power to paying-people, co-design: “Which of these help co-production work?"
        " Choose all that apply.”",
        "Quiz item (takes-more-time): answer flipped from true to false:"
        " “Co-production takes more time but leads to better services.”",
    ]
    assert c.report(found)[2:4] == [
        "- Quiz item (when-to-involve): choice (after-launch) reworded",
        "    After the service [-launches-]{+has launched+}",
    ]
    assert found[5] == c.ChoiceAdded(
        id="what-helps", choice=c.ChoiceText(id="co-design", text=added.text)
    )
    assert found[5].choice.text == (  # type: ignore[union-attr]
        Text(text="While "),
        Emphasis(children=(Text(text="designing"),)),
        Text(text=" it"),
    )


def test_a_changed_kind_is_an_item_removed_and_added() -> None:
    old = _kinds()
    tf = old.quiz.items[0]
    choice = SingleChoice(
        id=tf.id,
        statement=tf.statement,
        choices=(Choice(id="yes", text=parse("Yes")), Choice(id="no", text=parse("No"))),
        answer="no",
        explanation=tf.explanation,
    )
    removed, added = c.changes(old, _with_items(old, choice, *old.quiz.items[1:]))
    statement = (
        Text(text="Asking for feedback after a service is designed counts as co-production."),
    )
    assert removed == c.QuizItemRemoved(id="feedback-after-design", statement=statement)
    assert added == c.QuizItemAdded(
        id="feedback-after-design",
        item_kind="single-choice",
        statement=statement,
        choices=(
            c.ChoiceText(id="yes", text=(Text(text="Yes"),)),
            c.ChoiceText(id="no", text=(Text(text="No"),)),
        ),
        answer="no",
        explanation=(Text(text="Co-production means involving women from the beginning."),),
    )
    assert c.describe(added) == (
        "Quiz item (feedback-after-design) added: “Asking for feedback after a service is"
        " designed counts as co-production.” (answer: no)"
    )


# --- the property ----------------------------------------------------------------------


@st.composite
def _mutated_choices(draw: st.DrawFn, item: SingleChoice | MultipleResponse) -> QuizItem:
    """``item`` with choices kept, reworded, removed, added and reordered, and a new answer."""
    kept: list[Choice] = []
    for choice in item.choices:
        action = draw(st.sampled_from(["keep", "reword", "feedback", "remove"]))
        if action == "reword":
            choice = replace(choice, text=draw(rich_text()))
        elif action == "feedback":
            choice = replace(choice, feedback=draw(st.none() | rich_text()))
        if action != "remove":
            kept.append(choice)
    for n in range(draw(st.integers(max(0, 2 - len(kept)), max(0, 8 - len(kept))))):
        kept.append(Choice(id=f"new-choice-{n}", text=draw(rich_text())))
    kept = draw(st.permutations(kept))
    ids = [k.id for k in kept]
    if isinstance(item, SingleChoice):
        return replace(item, choices=tuple(kept), answer=draw(st.sampled_from(ids)))
    right = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    return replace(item, choices=tuple(kept), answer=tuple(right))


@st.composite
def _mutated(draw: st.DrawFn, module: Module) -> Module:
    """``module`` with quiz items kept, flipped, reworded, removed, added, reordered, their
    choices edited and their kind changed."""
    items: list[QuizItem] = []
    for item in module.quiz.items:
        action = draw(st.sampled_from(["keep", "answer", "explain", "state", "remove", "kind"]))
        if action == "answer" and isinstance(item, TrueFalse):
            item = replace(item, answer=not item.answer)
        elif action == "answer" and isinstance(item, SingleChoice | MultipleResponse):
            item = draw(_mutated_choices(item))
        elif action == "explain":
            item = replace(item, explanation=draw(rich_text()))
        elif action == "state":
            item = replace(item, statement=(*item.statement, Text(text=" (reworded)")))
        elif action == "kind":
            other = draw(st.sampled_from([k for k in KIND_NAMES if k != quiz.kind(item)]))
            item = replace(draw(quiz_item(kind=other)), id=item.id)
        if action != "remove":
            items.append(item)
    taken = {i.id for i in module.quiz.items}
    for n in range(draw(st.integers(0 if items else 1, 2))):
        new_id = f"new-item-{n}"
        assert new_id not in taken
        items.append(replace(draw(quiz_item()), id=new_id))
    items = draw(st.permutations(items))
    quiz_: Quiz = replace(module.quiz, items=tuple(items))
    return replace(module, quiz=quiz_, mastery_score=draw(st.integers(0, 100)))


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Module, Module]:
    old = draw(modules())
    new = draw(modules()) if draw(st.booleans()) else draw(_mutated(old))
    return old, new


Choices = tuple[tuple[str, RichText, RichText | None], ...]
State = dict[str, tuple[str, Any, RichText, RichText, Choices]]
"""Per item: kind, authored answer, statement and explanation (rich text trees), choices."""


def _quiz_state(module: Module) -> State:
    return {
        i.id: (
            quiz.kind(i),
            i.answer,
            i.statement,
            i.explanation,
            tuple((ch.id, ch.text, ch.feedback) for ch in quiz.choices(i)),
        )
        for i in module.quiz.items
    }


def _apply(old: Module, found: list[c.AnyChange]) -> State:
    """The old quiz with the changes applied, as a reader of the change list would."""
    state = _quiz_state(old)
    for change in found:
        if isinstance(change, c.QuizItemAdded):
            assert change.id not in state
            choices = tuple((x.id, x.text, x.feedback) for x in change.choices)
            state[change.id] = (
                change.item_kind,
                change.answer,
                change.statement,
                change.explanation,
                choices,
            )
            continue
        if isinstance(change, c.QuizItemRemoved):
            del state[change.id]
            continue
        if not hasattr(change, "id") or change.id not in state:
            continue
        kind, answer, statement, explanation, choices = state[change.id]
        if isinstance(change, c.AnswerFlipped):
            assert answer == change.was
            answer = change.now
        elif isinstance(change, c.AnswerChanged):
            answer = change.now if kind == "multiple-response" else change.now[0]
        elif isinstance(change, c.StatementReworded):
            assert statement == change.was
            statement = change.now
        elif isinstance(change, c.ExplanationReworded):
            assert explanation == change.was
            explanation = change.now
        elif isinstance(change, c.ChoiceAdded):
            choices = (*choices, (change.choice.id, change.choice.text, change.choice.feedback))
        elif isinstance(change, c.ChoiceRemoved):
            choices = tuple(x for x in choices if x[0] != change.choice.id)
        elif isinstance(change, c.ChoiceReworded):
            now = change.now
            choices = tuple(
                (now.id, now.text, now.feedback) if x[0] == now.id else x for x in choices
            )
        state[change.id] = (kind, answer, statement, explanation, choices)
    return state


def _normal(state: State) -> State:
    """Choice order is compared apart: a reader orders choices by ``now`` of the reordering."""
    return {
        k: (kind, _answer_set(a), s, e, tuple(sorted(ch)))
        for k, (kind, a, s, e, ch) in state.items()
    }


def _answer_set(answer: Any) -> Any:
    return frozenset(answer) if isinstance(answer, tuple) else answer


@given(_pairs())
def test_changes_applied_to_the_old_quiz_give_the_new(pair: tuple[Module, Module]) -> None:
    old, new = pair
    found = c.changes(old, new)
    assert _normal(_apply(old, found)) == _normal(_quiz_state(new))
    reordered = {x.id: (x.was, x.now) for x in found if isinstance(x, c.ChoicesReordered)}
    before = {i.id: i for i in old.quiz.items}
    for item in new.quiz.items:
        was = before.get(item.id)
        if was is None or quiz.kind(was) != quiz.kind(item):
            continue
        old_ids, new_ids = ([ch.id for ch in quiz.choices(x)] for x in (was, item))
        common = set(old_ids) & set(new_ids)
        moved = [i for i in old_ids if i in common] != [i for i in new_ids if i in common]
        assert reordered.get(item.id) == ((tuple(old_ids), tuple(new_ids)) if moved else None)


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


class _Unknown(c.Change, frozen=True, kw_only=True, tag="unknown"):
    """A kind of change ``describe`` was never taught."""

    name: str = "mastery_score"
    was: str = "50"
    now: str = "80"


def test_an_unknown_kind_of_change_is_an_error_not_a_setting() -> None:
    """It has a setting's fields, yet is not described as one."""
    with pytest.raises(AssertionError):
        c.describe(_Unknown())  # type: ignore[arg-type]
