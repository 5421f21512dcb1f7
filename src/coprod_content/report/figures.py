"""From counts to figures: a ``Tally`` and the module's versions -> ``schema.Report``.

Each figure is computed with the number of distinct learners behind it and passed
through the anonymity rule (``privacy.Rule``); labels that come from learners (a
response nobody else gave) are shown only when enough learners share them, while
labels that come from the content (an item's options) always are. Responses are read
and judged by the item's ``keys.Key``: the quiz's own rules when the version's content
is known.
Items are joined across versions by their activity IRI; those whose wording changed
between two versions (the same change list as ``coprod diff``) are compared side by side.
Pure: no I/O.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Literal, assert_never

from coprod_content import semver
from coprod_content.changes import (
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
    changes,
    describe,
)
from coprod_content.model import Module
from coprod_content.report import keys, schema, stats
from coprod_content.report.privacy import Rule
from coprod_content.report.tally import Tally, Version
from coprod_content.wording import text
from coprod_content.xapi import iri

ATTEMPT_ROWS = (1, 2, 3)
"""Passes are counted on attempt 1, attempt 2, and attempt 3 or later."""


def report(
    tally: Tally,
    module: Module,
    versions: Mapping[str, Module],
    rule: Rule,
    *,
    source: Literal["lrs", "file"],
    since: str | None = None,
    until: str | None = None,
) -> schema.Report:
    """The report of ``tally`` for ``module``, with the content of each version known."""
    names = sorted(tally.versions, key=_order)
    items = {
        name: _items(module, tally.versions[name], _known(versions, name), rule) for name in names
    }
    return schema.Report(
        module=module.id,
        title=module.title,
        source=source,
        since=since,
        until=until,
        min_learners=rule.threshold,
        statements=schema.Statements(
            read=tally.read,
            used=tally.used,
            ignored=tally.ignored,
            skipped=tuple(
                schema.Skipped(reason=reason, statements=count)
                for reason, count in sorted(tally.skipped.items(), key=lambda rc: (-rc[1], rc[0]))
            ),
        ),
        versions=tuple(_version(n, tally.versions[n], items[n], rule) for n in names),
        reworded=_reworded(module, [n for n in names if n is not None], items, versions),
    )


def _known(versions: Mapping[str, Module], name: str | None) -> Module | None:
    return versions.get(name) if name is not None else None


def _order(version: str | None) -> tuple[int, semver.Key | tuple[()], str]:
    """Released versions in semantic order, then other labels, then "version unknown"."""
    if version is None:
        return 2, (), ""
    if semver.is_version(version):
        return 0, semver.key(version), version
    return 1, (), version


def _version(
    name: str | None, counts: Version, items: Mapping[str, schema.Item], rule: Rule
) -> schema.Version:
    learners = list(counts.learners.values())
    judged = [x for x in learners if x.judged]
    attempts = [x.passed[1] for x in learners if x.passed is not None]
    completed = [x.completed[1] for x in learners if x.completed is not None]
    timed = [s for s in completed if math.isfinite(s)]
    minutes = stats.median(timed)
    by_attempt = Counter(min(a, ATTEMPT_ROWS[-1]) for a in attempts)
    return schema.Version(
        version=name,
        learners=rule.count(len(learners)),
        launches=rule.value(counts.sessions, sum(x.launched for x in learners)),
        completions=rule.count(len(completed)),
        pass_rate=rule.value(stats.share(len(attempts), len(judged)), len(judged)),
        first_attempt_pass_rate=rule.value(stats.share(by_attempt[1], len(judged)), len(judged)),
        attempts_to_pass=rule.value(stats.mean(attempts), len(attempts)),
        passes_by_attempt=tuple(
            schema.Attempts(attempt=a, learners=rule.count(by_attempt[a])) for a in ATTEMPT_ROWS
        ),
        tried_again=rule.count(sum(x.attempts > 1 for x in learners)),
        median_minutes_to_complete=rule.value(
            None if minutes is None else round(minutes / 60, 2), len(timed)
        ),
        items=tuple(items.values()),
    )


def _items(
    module: Module, counts: Version, content: Module | None, rule: Rule
) -> dict[str, schema.Item]:
    """Every item answered in a version, by IRI, in the content's order when it is known."""
    listed = [iri.item_iri(module, i.id) for i in content.quiz.items] if content else []
    order = [a for a in listed if a in counts.items]
    order += sorted(a for a in counts.items if a not in listed)
    authored = {iri.item_iri(module, i.id): i for i in content.quiz.items} if content else {}
    answered = Counter(a for x in counts.learners.values() for a in x.answers)
    found = {
        a: keys.from_content(authored[a])
        if a in authored
        else keys.from_statements(counts.items[a], rule.shows(answered[a]))
        for a in order
    }
    scores = [
        {a: found[a].judge(answer) for a, answer in x.answers.items()}
        for x in counts.learners.values()
    ]
    out: dict[str, schema.Item] = {}
    for activity in order:
        key = found[activity]
        firsts = [x.answers[activity] for x in counts.learners.values() if activity in x.answers]
        pairs = [
            (int(right), sum(v is True for a, v in score.items() if a != activity))
            for score in scores
            if (right := score.get(activity)) is not None
        ]
        share = rule.value(stats.share(sum(x for x, _ in pairs), len(pairs)), len(pairs))
        discrimination = rule.value(stats.item_rest(pairs), len(pairs))
        flags: list[schema.Flag] = []
        if isinstance(share, float) and share < 0.5:
            flags.append("mostly-wrong")
        if isinstance(discrimination, float) and discrimination < 0:
            flags.append("negative-discrimination")
        item = authored.get(activity)
        words = counts.items[activity].text if rule.shows(len(firsts)) else ""
        out[activity] = schema.Item(
            id=item_id(module, activity),
            iri=activity,
            kind=key.kind,
            text=text(item.statement) if item else words,
            learners=rule.count(len(firsts)),
            correct_at_first_answer=share,
            discrimination=discrimination,
            responses=responses([key.chosen(a.response) for a in firsts], key, rule),
            flags=tuple(flags),
        )
    return out


def item_id(module: Module, activity: str) -> str:
    """An item's id: its IRI after the module's quiz prefix."""
    return activity.removeprefix(iri.item_iri(module, ""))


def responses(
    given: Sequence[tuple[str, ...]], key: keys.Key, rule: Rule
) -> tuple[schema.Response, ...]:
    """How many learners chose each option at their first answer, in the options' order.

    Each learner counts once for each option their first answer chose (so, for a
    multiple-response item, the rows add up to more than the learners). The item's
    options are always listed; anything else a response held (only learners wrote it)
    is listed when enough learners gave it, and the rest are counted together as
    "other responses" (the learners who gave any of them).
    """
    counts: Counter[str] = Counter(token for chosen in given for token in chosen)
    listed = {o.id for o in key.options}

    def correct(token: str) -> bool | None:
        return token in key.right if key.right else None

    rows = [
        schema.Response(
            response=o.id, text=o.text, correct=correct(o.id), learners=rule.count(counts[o.id])
        )
        for o in key.options
    ]
    seen = sorted((t for t in counts if t not in listed), key=lambda t: (-counts[t], t))
    common = [t for t in seen if rule.shows(counts[t])]
    rows += [
        schema.Response(response=t, text="", correct=correct(t), learners=counts[t]) for t in common
    ]
    rare = set(seen) - set(common)
    others = sum(any(t in rare for t in chosen) for chosen in given)
    if others:
        rows.append(
            schema.Response(response=None, text="", correct=None, learners=rule.count(others))
        )
    return tuple(rows)


def _reworded(
    module: Module,
    names: list[str],
    items: Mapping[str | None, Mapping[str, schema.Item]],
    versions: Mapping[str, Module],
) -> tuple[schema.Comparison, ...]:
    """Items changed between each two consecutive versions that have statements and content.

    The changes are those ``coprod diff`` lists for an item both versions have, of the
    same kind (an item whose kind changed is another question, even on the same IRI).
    """
    known = [n for n in names if n in versions]
    out: list[schema.Comparison] = []
    for before, after in pairwise(known):
        old, new = versions[before], versions[after]
        shared = {i.id for i in old.quiz.items} & {i.id for i in new.quiz.items}
        found: dict[str, list[str]] = {}
        for change in changes(old, new):
            ident = _item_changed(change)
            if ident in shared:
                found.setdefault(ident, []).append(describe(change))
        for item in new.quiz.items:
            activity = iri.item_iri(module, item.id)
            was, now = items[before].get(activity), items[after].get(activity)
            if item.id in found and was is not None and now is not None:
                out.append(
                    schema.Comparison(
                        item=item.id,
                        changes=tuple(found[item.id]),
                        before=before,
                        after=after,
                        was=was,
                        now=now,
                    )
                )
    return tuple(out)


def _item_changed(change: AnyChange) -> str | None:
    """The id of the quiz item ``change`` rewords or re-answers in place; None for any other."""
    if isinstance(
        change,
        StatementReworded
        | ExplanationReworded
        | AnswerFlipped
        | AnswerChanged
        | ChoiceAdded
        | ChoiceRemoved
        | ChoiceReworded
        | ChoicesReordered,
    ):
        return change.id
    if isinstance(change, LinkChanged):
        return change.id if change.part == "quiz-item" else None
    if isinstance(
        change,
        Added
        | Removed
        | Reworded
        | Restyled
        | Reordered
        | QuizItemAdded
        | QuizItemRemoved
        | SettingChanged,
    ):
        return None
    assert_never(change)
