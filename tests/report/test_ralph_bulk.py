"""A bulk of generated statements: posted to Ralph in batches, read back page by page, it gives
the same report as the same statements read from a file."""

from __future__ import annotations

import json
import random
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from coprod_content.cli import main
from tests.gitrepo import isolate_git
from tests.report.cohort import ITEMS, LETTERS, make_content
from tests.report.conftest import ReportLrs
from tests.report.statements import JOIN, T0, Session, agent, is_right, statements
from tests.xapi.conftest import validate

BATCH = 250
RALPH_PAGE = 100
"""Ralph sends at most 100 statements a page, whatever ``limit`` asks for."""


def given(rnd: random.Random, item: str) -> str:
    """A response to ``item``: one option, or (two times in three) its right answer."""
    spec = ITEMS[item]
    right = spec if isinstance(spec, str) else spec.pattern
    options = list(LETTERS[item].values())
    return right if rnd.random() < 0.67 else JOIN.join(rnd.sample(options, rnd.randint(1, 2)))


def bulk(module_iri: str, seed: int) -> list[dict[str, Any]]:
    """About 1,400 statements: 180 learners in two versions and none, by Tin Can and cmi5,
    with retries; some learners sit twice."""
    rnd = random.Random(seed)
    sessions = []
    for n in range(180):
        person = agent(n, kind=rnd.choice(["mbox", "mbox_sha1sum", "openid", "account"]))
        cmi5 = rnd.random() < 0.4
        for sitting in range(1 + (rnd.random() < 0.2)):
            items = list(ITEMS)[: rnd.choice([4, 4, 4, 3, 2])]
            answers = tuple((i, given(rnd, i)) for i in items)
            finished = len(items) == len(ITEMS)
            right = sum(is_right(ITEMS[i], r) for i, r in answers)
            sessions.append(
                Session(
                    learner=person,
                    version=rnd.choice(["1.0.0", "1.1.0", "1.1.0", None]),
                    answers=answers,
                    verdict=("passed" if right >= 2 else "failed") if finished else None,
                    duration=rnd.randint(60, 3000) if finished else None,
                    attempt=sitting + 1 if rnd.random() < 0.8 else None,
                    start=T0 + timedelta(minutes=10 * n + 600 * sitting),
                    lms_activity=f"https://lms.example.org/activities/{uuid.uuid4()}"
                    if cmi5
                    else None,
                )
            )
    return statements(module_iri, ITEMS, sessions)


def post(lrs: ReportLrs, found: list[dict[str, Any]]) -> None:
    headers = {
        "Authorization": lrs.ralph.auth,
        "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3",
    }
    for start in range(0, len(found), BATCH):
        body = json.dumps(found[start : start + BATCH]).encode()
        status, _, answer = lrs.ralph.request("POST", "/xAPI/statements", body, headers)
        assert status == 200, answer[:300]


def run(content: Path, out: Path, *source: str) -> dict[str, bytes]:
    args = ["report", "--content", str(content), "--module", "mini", "--out", str(out)]
    assert main([*args, *source]) == 0
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_the_lrs_read_page_by_page_gives_the_report_of_the_same_file(
    report_lrs: ReportLrs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    isolate_git(monkeypatch)
    base = f"https://learning.coprod-tests.org.uk/bulk-{uuid.uuid4().hex[:8]}"
    content = make_content(tmp_path / "repo", base)
    module_iri = f"{base}/mini"
    made = bulk(module_iri, seed=14)
    assert validate(made) == [[] for _ in made]
    post(report_lrs, made)
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(s) + "\n" for s in made))
    capsys.readouterr()

    from_file = run(content, tmp_path / "file", "--statements", str(export))
    file_log = capsys.readouterr().err
    monkeypatch.setenv("COPROD_LRS_AUTH", report_lrs.credentials)
    since = len(report_lrs.front.log)
    front = report_lrs.front.endpoint  # forwards to Ralph byte for byte, and counts the pages
    from_lrs = run(content, tmp_path / "lrs", "--lrs", front)
    lrs_log = capsys.readouterr().err

    pages = [e for e in report_lrs.front.log[since:] if e.path == "/xAPI/statements"]
    assert {e.status for e in pages} == {200}
    asked = [e.query["activity"] for e in pages]  # "more" links keep the query
    cmi5 = sum(1 for s in made if "grouping" in s["context"].get("contextActivities", {}))
    tincan = len(made) - cmi5
    assert tincan >= 3 * RALPH_PAGE and cmi5 >= 3 * RALPH_PAGE
    assert asked == [module_iri] * (tincan // RALPH_PAGE + 1) + [module_iri + "/au"] * (
        cmi5 // RALPH_PAGE + 1
    )
    file_report = json.loads(from_file["report.json"])
    lrs_report = json.loads(from_lrs["report.json"])
    assert (file_report.pop("source"), lrs_report.pop("source")) == ("file", "lrs")
    assert lrs_report == file_report
    assert file_report["statements"]["read"] == len(made) > 1000
    assert from_lrs["items.csv"] == from_file["items.csv"]
    assert (
        from_lrs["report.html"].replace(b"read from\na Learning Record Store", b"read from\na file")
        == from_file["report.html"]
    )
    assert lrs_log == file_log
