"""From counts to figures: a ``Tally`` and the module's versions -> ``schema.Report``.

Each figure is computed with the number of distinct learners behind it and passed
through the anonymity rule (``privacy.Rule``); labels that come from learners (a
response nobody else gave) are shown only when enough learners share them, while
labels that come from the content (the correct responses, true and false) always are.
Items are joined across versions by their activity IRI; those whose wording changed
between two versions (the same change list as ``coprod diff``) are compared side by side.
Pure: no I/O.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Literal

from coprod_content import semver
from coprod_content.changes import QuizItemAdded, QuizItemRemoved, changes, describe
from coprod_content.model import Module
from coprod_content.report import schema, stats
from coprod_content.report.privacy import Rule
from coprod_content.report.tally import Answer, Item, Tally, Version
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
    shown = tuple(_version(module, name, tally.versions[name], versions, rule) for name in names)
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
        versions=shown,
        reworded=_reworded(module, [n for n in names if n is not None], tally, versions, rule),
    )


def _order(version: str | None) -> tuple[int, semver.Key | tuple[()], str]:
    """Released versions in semantic order, then other labels, then "version unknown"."""
    if version is None:
        return 2, (), ""
    if semver.is_version(version):
        return 0, semver.key(version), version
    return 1, (), version


def _version(
    module: Module, name: str | None, counts: Version, versions: Mapping[str, Module], rule: Rule
) -> schema.Version:
    learners = list(counts.learners.values())
    judged = [x for x in learners if x.judged]
    attempts = [x.passed[1] for x in learners if x.passed is not None]
    completed = [x.completed[1] for x in learners if x.completed is not None]
    timed = [s for s in completed if math.isfinite(s)]
    minutes = stats.median(timed)
    by_attempt = Counter(min(a, ATTEMPT_ROWS[-1]) for a in attempts)
    content = versions.get(name) if name is not None else None
    return schema.Version(
        version=name,
        learners=rule.count(len(learners)),
        launches=rule.value(counts.sessions, sum(x.launched for x in learners)),
        completions=rule.count(len(completed)),
        pass_rate=rule.value(stats.share(len(attempts), len(judged)), len(judged)),
        attempts_to_pass=rule.value(stats.mean(attempts), len(attempts)),
        passes_by_attempt=tuple(
            schema.Attempts(attempt=a, learners=rule.count(by_attempt[a])) for a in ATTEMPT_ROWS
        ),
        median_minutes_to_complete=rule.value(
            None if minutes is None else round(minutes / 60, 2), len(timed)
        ),
        items=tuple(
            _item(module, activity, counts, _text(content, module, activity), rule)
            for activity in _item_order(module, content, counts)
        ),
    )


def _item_order(module: Module, content: Module | None, counts: Version) -> list[str]:
    """The items answered in a version: in the content's order when it is known."""
    listed = [iri.item_iri(module, i.id) for i in content.quiz.items] if content else []
    known = [a for a in listed if a in counts.items]
    return known + sorted(a for a in counts.items if a not in listed)


def _text(content: Module | None, module: Module, activity: str) -> str | None:
    if content is None:
        return None
    for item in content.quiz.items:
        if iri.item_iri(module, item.id) == activity:
            return text(item.statement)
    return None


def item_id(module: Module, activity: str) -> str:
    """An item's id: its IRI after the module's quiz prefix."""
    return activity.removeprefix(iri.item_iri(module, ""))


def _item(
    module: Module, activity: str, counts: Version, words: str | None, rule: Rule
) -> schema.Item:
    about = counts.items.get(activity) or Item(None)
    firsts: list[tuple[Answer, int]] = []
    for learner in counts.learners.values():
        answer = learner.answers.get(activity)
        if answer is not None:
            rest = sum(a.correct is True for k, a in learner.answers.items() if k != activity)
            firsts.append((answer, rest))
    known = [(int(a.correct), rest) for a, rest in firsts if a.correct is not None]
    share = rule.value(stats.share(sum(x for x, _ in known), len(known)), len(known))
    discrimination = rule.value(stats.item_rest(known), len(known))
    flags: list[schema.Flag] = []
    if isinstance(share, float) and share < 0.5:
        flags.append("mostly-wrong")
    if isinstance(discrimination, float) and discrimination < 0:
        flags.append("negative-discrimination")
    return schema.Item(
        id=item_id(module, activity),
        iri=activity,
        text=words if words is not None else about.text if rule.shows(len(firsts)) else "",
        learners=rule.count(len(firsts)),
        correct_at_first_answer=share,
        discrimination=discrimination,
        responses=responses(Counter(a.response for a, _ in firsts), about, rule),
        flags=tuple(flags),
    )


def responses(given: Counter[str], about: Item, rule: Rule) -> tuple[schema.Response, ...]:
    """The distribution of first answers over the responses seen.

    Responses the content defines (the correct ones; true and false for a true/false
    item) are always listed; a response only learners wrote is listed when enough of
    them gave it, and the others are counted together as "other responses".
    """
    patterns = about.patterns
    defined = list(dict.fromkeys([*patterns, *_possible(about)]))

    def correct(response: str) -> bool | None:
        return response in patterns if patterns else None

    rows = [
        schema.Response(response=r, correct=correct(r), learners=rule.count(given[r]))
        for r in defined
    ]
    seen = sorted((r for r in given if r not in defined), key=lambda r: (-given[r], r))
    common = [r for r in seen if rule.shows(given[r])]
    rows += [schema.Response(response=r, correct=correct(r), learners=given[r]) for r in common]
    rare = sum(given[r] for r in seen if r not in common)
    if rare:
        rows.append(schema.Response(response=None, correct=None, learners=rule.count(rare)))
    return tuple(rows)


def _possible(about: Item) -> Sequence[str]:
    return ("true", "false") if about.interaction == "true-false" else ()


def _reworded(
    module: Module,
    names: list[str],
    tally: Tally,
    versions: Mapping[str, Module],
    rule: Rule,
) -> tuple[schema.Comparison, ...]:
    """Items changed between each two consecutive versions that have statements and content."""
    known = [n for n in names if n in versions]
    out: list[schema.Comparison] = []
    for before, after in pairwise(known):
        old, new = versions[before], versions[after]
        shared = {i.id for i in old.quiz.items} & {i.id for i in new.quiz.items}
        found: dict[str, list[str]] = {}
        for change in changes(old, new):
            ident = getattr(change, "id", None)
            if (
                ident in shared
                and getattr(change, "part", "quiz-item") == "quiz-item"
                and not isinstance(change, QuizItemAdded | QuizItemRemoved)
            ):
                found.setdefault(ident, []).append(describe(change))
        for item in new.quiz.items:
            if item.id not in found:
                continue
            activity = iri.item_iri(module, item.id)
            was = _item(
                module, activity, tally.versions[before], _text(old, module, activity), rule
            )
            now = _item(module, activity, tally.versions[after], _text(new, module, activity), rule)
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
