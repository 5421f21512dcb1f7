"""The preview's pages: the overview and the learner view.

The overview lists problems, modules and changes not yet released; the learner view shows
the player in a frame, or the problems that stop it showing.
"""

from __future__ import annotations

import time
from functools import cache
from typing import assert_never

import jinja2
import msgspec

from coprod_content.diagnostics import Diagnostic
from coprod_content.history.changes import (
    Added,
    AnswerChanged,
    AnswerFlipped,
    AnyChange,
    ChoiceAdded,
    ChoiceRemoved,
    ChoiceReworded,
    ChoicesReordered,
    ExplanationReworded,
    LinkChanged,
    QuizItemAdded,
    QuizItemRemoved,
    Removed,
    Reordered,
    Restyled,
    Reworded,
    SettingChanged,
    StatementReworded,
    describe,
)
from coprod_content.history.word_diff import changed_lines
from coprod_content.model import Module
from coprod_content.player import Tracking, render
from coprod_content.preview.watch import Pending, Snapshot

TRACKING = Tracking(name="preview", scripts=(), state_limit=64000)
"""The player without a tracking adapter: it works as in an LMS and says nothing is saved."""

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; base-uri 'self'; form-action 'none'"
)


class Line(msgspec.Struct, frozen=True, kw_only=True):
    """One change in words, and the changed lines of its text."""

    text: str
    detail: tuple[str, ...] = ()


class Entry(msgspec.Struct, frozen=True, kw_only=True):
    """One module on the overview, with its unreleased changes and each one in words."""

    module: Module
    pending: Pending
    lines: tuple[Line, ...]


class OverviewView(msgspec.Struct, frozen=True, kw_only=True):
    """Everything ``overview.html.j2`` reads."""

    stamp: int
    root: str
    checked: str
    diagnostics: tuple[Diagnostic, ...]
    modules: tuple[Entry, ...]


class LearnerView(msgspec.Struct, frozen=True, kw_only=True):
    """Everything ``learner.html.j2`` reads."""

    stamp: int
    checked: str
    module_id: str
    title: str
    diagnostics: tuple[Diagnostic, ...]


def overview(snapshot: Snapshot, root: str) -> bytes:
    """The overview page of the whole content folder."""
    entries = tuple(
        Entry(module=m, pending=snapshot.pending[m.id], lines=_lines(snapshot.pending[m.id]))
        for m in snapshot.modules
    )
    view = OverviewView(
        stamp=snapshot.stamp,
        root=root,
        checked=_clock(snapshot),
        diagnostics=snapshot.diagnostics,
        modules=entries,
    )
    return _environment().get_template("overview.html.j2").render(view=view).encode()


def learner(snapshot: Snapshot, root: str, module_id: str) -> bytes | None:
    """The learner view of one module; ``None`` if there is no such module folder."""
    module = next((m for m in snapshot.modules if m.id == module_id), None)
    folder = f"{root.rstrip('/')}/{module_id}"
    problems = tuple(
        d for d in snapshot.diagnostics if d.source == folder or d.source.startswith(folder + "/")
    )
    if module is None and not problems:
        return None
    view = LearnerView(
        stamp=snapshot.stamp,
        checked=_clock(snapshot),
        module_id=module_id,
        title=module.title if module is not None else module_id,
        diagnostics=problems,
    )
    return _environment().get_template("learner.html.j2").render(view=view).encode()


def player_files(module: Module) -> dict[str, bytes]:
    """The player's files for the module, as learners get them in a package."""
    return render(module, TRACKING)


def _lines(pending: Pending) -> tuple[Line, ...]:
    return tuple(Line(text=describe(c), detail=_detail(c)) for c in pending.changes)


def _detail(change: AnyChange) -> tuple[str, ...]:
    """The changed lines of a change that rewords text; nothing for the others."""
    match change:
        case Reworded() | StatementReworded() | ExplanationReworded() | ChoiceReworded():
            return tuple(changed_lines(change.diff))
        case (
            Added()
            | Removed()
            | Restyled()
            | Reordered()
            | QuizItemAdded()
            | QuizItemRemoved()
            | AnswerFlipped()
            | AnswerChanged()
            | ChoiceAdded()
            | ChoiceRemoved()
            | ChoicesReordered()
            | LinkChanged()
            | SettingChanged()
        ):
            return ()
        case _:
            assert_never(change)


def _clock(snapshot: Snapshot) -> str:
    return time.strftime("%H:%M:%S", time.localtime(snapshot.checked))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("coprod_content.preview", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
