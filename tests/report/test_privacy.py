"""Learners are protected in all three outputs, for any set of statements (a property test).

For generated cohorts (learners identified every way xAPI allows, sessions in any
version, answers including a learner's own name typed as a response), the test
works out from the cohort itself how many distinct learners each figure rests on,
then checks report.json, report.html and items.csv: no identifier, name, address,
account or registration anywhere (charts included), and every figure resting on
fewer learners than the threshold shown as "fewer than N", never as a number.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from coprod_content.report import figures, page, schema, table
from coprod_content.report.privacy import MIN_LEARNERS, Rule, ThresholdError
from coprod_content.report.tally import Tally
from coprod_content.report.versions import activity_iris, item_prefix, module_versions
from coprod_content.xapi import iri
from tests.gitrepo import isolate_git
from tests.report.cohort import ITEMS, LETTERS, make_content
from tests.report.statements import JOIN, T0, Session, statements

VERSIONS = ["1.0.0", "1.1.0", None]


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch)
        return make_content(
            tmp_path_factory.mktemp("privacy"), "https://learning.coprod-tests.org.uk/xapi"
        )


@st.composite
def learner(draw: st.DrawFn, uid: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["mbox", "mbox_sha1sum", "openid", "account"]))
    ifi: dict[str, Any] = {
        "mbox": {"mbox": f"mailto:zq{uid}@example.org"},
        "mbox_sha1sum": {"mbox_sha1sum": hashlib.sha1(uid.encode()).hexdigest()},  # one each
        "openid": {"openid": f"https://id.example.org/zq{uid}"},
        "account": {"account": {"homePage": "https://lms.example.org", "name": f"acct-zq{uid}"}},
    }[kind]
    return {"objectType": "Agent", "name": f"Learner Zq{uid}", **ifi}


def response(item: str, uid: str) -> st.SearchStrategy[str]:
    """A response to ``item``: options it has (one, or any set for a choice item), or words
    a learner typed, their own name among them."""
    options = list(LETTERS[item].values())
    chosen = st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True)
    typed = st.sampled_from([f"I am Learner Zq{uid}", "not sure", f"{options[0]}[,]Zq{uid}"])
    return st.one_of(chosen.map(JOIN.join), typed)


@st.composite
def cohorts(draw: st.DrawFn) -> list[Session]:
    ids = st.text("0123456789abcdef", min_size=10, max_size=10)
    sessions: list[Session] = []
    size = draw(st.integers(3, 20))
    for uid in draw(st.lists(ids, unique=True, min_size=size, max_size=size)):
        person = draw(learner(uid))
        for _ in range(draw(st.integers(1, 2))):
            # most sittings answer every item, so figures near the threshold are common
            count = draw(st.sampled_from([4, 4, 4, 3, 2, 1, 0]))
            items = draw(st.permutations(list(ITEMS)))[:count]
            sessions.append(
                Session(
                    learner=person,
                    version=draw(st.sampled_from(VERSIONS) | st.just("1.0.0")),
                    answers=tuple((item, draw(response(item, uid))) for item in items),
                    verdict=draw(st.sampled_from([None, "passed", "failed"])),
                    duration=draw(st.none() | st.integers(1, 7200)),
                    attempt=draw(st.none() | st.integers(1, 4)),
                    start=T0 + timedelta(minutes=draw(st.integers(0, 100_000))),
                )
            )
    return sessions


def secrets_of(sessions: list[Session]) -> set[str]:
    """Every string that would identify a learner or a sitting."""
    found: set[str] = set()
    for s in sessions:
        actor = s.learner
        found |= {actor["name"], s.registration, actor["name"].split()[-1].lower()}
        for key in ("mbox", "mbox_sha1sum", "openid"):
            if key in actor:
                found |= {actor[key], actor[key].removeprefix("mailto:")}
        if "account" in actor:
            found.add(actor["account"]["name"])
    return found


def readable(outputs: dict[str, bytes]) -> list[str]:
    """Every output as text, with the charts' data: URLs decoded too."""
    texts = [data.decode("utf-8-sig") for data in outputs.values()]
    for src in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', texts[1]):
        texts.append(base64.b64decode(src).decode())
    return texts


def bases(sessions: list[Session]) -> dict[tuple[Any, ...], int]:
    """The number of distinct learners behind each figure, counted from the cohort."""
    groups: dict[tuple[Any, ...], set[str]] = {}

    def add(key: tuple[Any, ...], who: str) -> None:
        groups.setdefault(key, set()).add(who)

    for s in sessions:
        who = s.learner["name"]
        for key in ("learners", "launches"):
            add((s.version, key), who)
        if s.duration is not None:
            add((s.version, "completions"), who)
            add((s.version, "median_minutes_to_complete"), who)
        if s.verdict is not None:
            add((s.version, "pass_rate"), who)
            add((s.version, "first_attempt_pass_rate"), who)
        if (s.attempt or 1) > 1 and (s.answers or s.verdict or s.duration is not None):
            add((s.version, "tried_again"), who)
        if s.verdict == "passed":
            add((s.version, "attempts_to_pass"), who)
        for item, _ in s.answers:
            for key in ("learners", "correct_at_first_answer", "discrimination"):
                add((s.version, item, key), who)
    return {key: len(members) for key, members in groups.items()}


VERSION_FIGURES = (
    "learners",
    "launches",
    "completions",
    "pass_rate",
    "first_attempt_pass_rate",
    "attempts_to_pass",
    "tried_again",
    "median_minutes_to_complete",
)
ITEM_FIGURES = ("learners", "correct_at_first_answer", "discrimination")


def check_rule(report: dict[str, Any], counted: dict[tuple[Any, ...], int], k: int) -> None:
    hidden = f"fewer than {k}"
    for version in report["versions"]:
        name = version["version"]
        for key in VERSION_FIGURES:
            base = counted.get((name, key), 0)
            assert (version[key] == hidden) is (base < k), (name, key, base, version[key])
        for row in version["passes_by_attempt"]:
            assert row["learners"] == hidden or row["learners"] >= k
        for item in version["items"]:
            ident = item["id"]
            for key in ITEM_FIGURES:
                base = counted.get((name, ident, key), 0)
                assert (item[key] == hidden) is (base < k), (name, ident, key, base, item[key])
            for row in item["responses"]:
                assert row["learners"] == hidden or row["learners"] >= k
                if row["response"] not in (*LETTERS[ident].values(), None):
                    assert row["learners"] != hidden  # learners' own words only when shared


def check_writers(report: dict[str, Any], outputs: dict[str, bytes]) -> None:
    """items.csv and report.html show each item figure as report.json does."""
    rows = list(csv.DictReader(io.StringIO(outputs["items.csv"].decode("utf-8-sig"))))
    items = [(v, i) for v in report["versions"] for i in v["items"]]
    assert len(rows) == len(items)
    document = lxml_html.fromstring(outputs["report.html"])
    for row, (version, item) in zip(rows, items, strict=True):
        for key in ITEM_FIGURES:
            value = item[key]
            assert row[key] == ("not defined" if value is None else str(value))
        label = version["version"] or "version unknown"
        (cells,) = [
            tr.xpath("./th|./td")
            for tr in document.xpath(
                "//table[caption[text()=$c]]/tbody/tr", c=f"Figures per item in {label}"
            )
            if tr.xpath("string(./th)") == item["id"]
        ]
        shown = [c.text_content() for c in cells[3:6]]
        assert shown == [
            page.figure(item["learners"]),
            page.figure(item["correct_at_first_answer"], "share"),
            page.figure(item["discrimination"]),
        ]


@settings(max_examples=30)
@given(cohort=cohorts(), k=st.sampled_from([MIN_LEARNERS, MIN_LEARNERS + 1, 8]))
def test_no_learner_is_identified_and_no_small_group_is_shown(
    content: Path, cohort: list[Session], k: int
) -> None:
    module, known, _ = module_versions(content, "mini")
    tally = Tally(activity_iris(module), items=item_prefix(module))
    for n, statement in enumerate(statements(iri.module_iri(module), ITEMS, cohort)):
        tally.add(str(n), json.dumps(statement).encode())
    found = figures.report(tally, module, known, Rule(k), source="file")
    outputs = {
        "report.json": schema.encode(found),
        "report.html": page.html(found),
        "items.csv": table.items_csv(found),
    }
    texts = readable(outputs)
    for secret in secrets_of(cohort):
        for text in texts:
            assert secret not in text, secret
    report = json.loads(outputs["report.json"])
    check_rule(report, bases(cohort), k)
    check_writers(report, outputs)


@pytest.mark.parametrize("threshold", [MIN_LEARNERS, MIN_LEARNERS + 1, 50])
def test_the_threshold_can_be_raised(threshold: int) -> None:
    assert Rule(threshold).count(threshold) == threshold
    assert Rule(threshold).count(threshold - 1) == f"fewer than {threshold}"


@pytest.mark.parametrize("threshold", [MIN_LEARNERS - 1, 1, 0, -5])
def test_the_threshold_cannot_be_lowered(threshold: int) -> None:
    with pytest.raises(ThresholdError) as refused:
        Rule(threshold)
    assert str(refused.value) == (
        f"--min-learners must be 5 or more, not {threshold}: a figure from fewer than 5"
        " learners could point to one of them"
    )
