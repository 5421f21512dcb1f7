"""The whole loop: a scripted cohort takes the real Tin Can and cmi5 packages in Chromium,
Ralph stores what they send, ``coprod report`` reads Ralph over HTTP, and every figure is
the one worked by hand from the scripts (``cohort.py``).

Fourteen learners, two released versions with one item reworded, eight through Tin Can
and six through cmi5, plus three learners whose older package sent no version. The quiz
has an item of each kind; learners answer by keyboard through its radio buttons,
checkboxes and "Check answer", and three of them fail and press "Try again" on the
results page. Each learner has a browser context of their own with Playwright's clock,
moved on by the minutes a script spends before answering (no timer fires), so those
minutes are what the package reports, without waiting them.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from coprod_content import cmi5, xapi
from coprod_content.cli import main
from coprod_content.gitstore import Repository
from coprod_content.model import Module
from coprod_content.xapi import iri
from tests.gitrepo import isolate_git
from tests.report.cohort import (
    EXPECTED_VERSIONS,
    ITEMS,
    NEW_B,
    OLD_B,
    SCRIPTS,
    UNKNOWN_ANSWERS,
    USED,
    Channel,
    make_content,
    responses,
    unknown_sessions,
)
from tests.report.conftest import ReportLrs
from tests.report.statements import agent, statements
from tests.scorm.lms import Site
from tests.scorm.test_accessibility import axe
from tests.xapi.conftest import validate
from tests.xapi.runtime import (
    Browsing,
    Cmi5Launch,
    Learner,
    failed_exchanges,
    quiz_page,
    tincan_url,
    verb,
)

SAVED = "Your progress is saved to your learning system."
SENT = "() => !Object.keys(localStorage).some(k => / (queue|state) /.test(k + ' '))"
"""The package's statement queue and State document are both acknowledged by the LRS."""
COUNTED = {"initialized", "answered", "passed", "failed", "completed"}


@dataclass
class Cohort:
    out: Path
    module_iri: str
    seconds: float
    """The longest a learner's session ran in real time (it adds to the scripted minutes)."""
    learners: list[dict[str, Any]]
    stderr: str
    sent: list[dict[str, Any]]


def take(
    browser: Browser,
    lrs: ReportLrs,
    site: Site,
    module: Module,
    path: str,
    channel: Channel,
    number: int,
    minutes: int,
    attempts: tuple[str, ...],
) -> float:
    """One learner's sitting, as scripted; the seconds it took in real time."""
    browsing = Browsing(browser)
    try:
        browsing.context.clock.install()
        registration = str(uuid.uuid4())
        if channel == "tincan":
            url = tincan_url(
                site.base, path, lrs, registration, iri.module_iri(module), agent(number)
            )
        else:
            url = Cmi5Launch(
                lrs,
                site.base,
                path,
                iri.au_iri(module),
                registration,
                mastery=0.5,
                actor=agent(number),
            ).url
        started = time.monotonic()
        page = browsing.page()
        page.goto(url, wait_until="domcontentloaded")  # not the videos' frames
        learner = Learner(page)
        learner.wait_ready()
        learner.open(quiz_page(module))
        page.wait_for_function(SENT)  # nothing in flight while time jumps
        page.clock.set_system_time(page.evaluate("Date.now()") / 1000 + minutes * 60)
        for attempt, given in enumerate(attempts, start=1):
            if attempt > 1:  # the results of the attempt before, then "Try again"
                results = page.locator(".quiz .results")
                assert results.locator("h3").inner_text() == f"Your results: attempt {attempt - 1}"
                results.get_by_role("button", name="Try again").press("Enter")
            for ident, options in responses(given):
                answer(page, ident, options)
                assert learner.verdict(ident), f"learner {number} could not answer {ident}"
        page.wait_for_function(SENT)
        assert learner.status() == SAVED
        took = time.monotonic() - started
        learner.leave()
        assert browsing.problems() == []
        return took
    finally:
        browsing.close()


def answer(page: Page, ident: str, options: tuple[str, ...]) -> None:
    """Answer an item by keyboard (once the page's clock has moved, Chromium can drop a
    click): Space on each option's radio button or checkbox, then Enter on "Check answer"."""
    item = page.locator(f'.item[data-item="{ident}"]')
    for option in options:
        item.locator(f'input[value="{option}"]').press("Space")
    item.get_by_role("button", name="Check answer").press("Enter")


def stored(lrs: ReportLrs, module_iri: str) -> list[dict[str, Any]]:
    """Every statement Ralph holds about the module or its AU, once each."""
    found: dict[str, dict[str, Any]] = {}
    for activity in (module_iri, module_iri + "/au"):
        for one in lrs.ralph.statements(activity=activity, related_activities="true"):
            found[one["id"]] = one
    return list(found.values())


@pytest.fixture(scope="module")
def cohort(
    browser: Browser,
    report_lrs: ReportLrs,
    report_site: Site,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cohort]:
    tmp = tmp_path_factory.mktemp("cohort")
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch)
        base = f"https://learning.coprod-tests.org.uk/cohort-{uuid.uuid4().hex[:8]}"
        content = make_content(tmp / "repo", base)
        repo = Repository.open(content)
        modules = {v: repo.released("mini", v)[0] for v in SCRIPTS}
        paths = {
            (v, c): report_site.add(build(m))
            for v, m in modules.items()
            for c, build in (("tincan", xapi.build), ("cmi5", cmi5.build))
        }
        since = len(report_lrs.front.log)
        longest = 0.0
        for version, scripts in SCRIPTS.items():
            for number, channel, minutes, attempts in scripts:
                took = take(
                    browser,
                    report_lrs,
                    report_site,
                    modules[version],
                    paths[(version, channel)],
                    channel,
                    number,
                    minutes,
                    attempts,
                )
                longest = max(longest, took)
        assert failed_exchanges(report_lrs, since) == []
        module_iri = iri.module_iri(modules["1.0.0"])
        for statement in statements(module_iri, ITEMS, unknown_sessions()):
            report_lrs.ralph.post(statement)
        deadline = time.monotonic() + 15
        while sum(verb(s) in COUNTED for s in stored(report_lrs, module_iri)) < USED:
            assert time.monotonic() < deadline, "the cohort's statements did not all arrive"
            time.sleep(0.2)

        patch.setenv("COPROD_LRS_AUTH", report_lrs.credentials)
        out = tmp / "report"
        args = ["report", "--content", str(content), "--lrs", report_lrs.endpoint]
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            assert main([*args, "--out", str(out)]) == 0
        learners = [agent(n) for scripts in SCRIPTS.values() for n, *_ in scripts]
        learners += [agent(n) for n in UNKNOWN_ANSWERS]
        yield Cohort(
            out=out,
            module_iri=module_iri,
            seconds=longest,
            learners=learners,
            stderr=err.getvalue(),
            sent=stored(report_lrs, module_iri),
        )


def test_every_figure_is_the_one_worked_by_hand(cohort: Cohort) -> None:
    report = json.loads((cohort.out / "report.json").read_bytes())
    versions = report["versions"]
    for version, expected in zip(versions, EXPECTED_VERSIONS, strict=True):
        minutes = expected["median_minutes_to_complete"]
        if isinstance(minutes, float):  # scripted minutes, plus the real seconds a session ran
            assert (
                minutes
                <= version["median_minutes_to_complete"]
                <= minutes + (cohort.seconds / 60 + 0.01)
            ), version["median_minutes_to_complete"]
            version["median_minutes_to_complete"] = minutes
        for item in version["items"]:
            assert item.pop("iri") == f"{cohort.module_iri}/quiz/{item['id']}"
            item.pop("text")
            for row in item["responses"]:
                row.pop("text")
    assert versions == EXPECTED_VERSIONS
    assert report["statements"]["used"] == USED
    assert report["statements"]["skipped"] == []
    assert report["source"] == "lrs"
    (compared,) = report["reworded"]
    assert (compared["item"], compared["before"], compared["after"]) == (
        "when-to-involve",
        "1.0.0",
        "1.1.0",
    )
    assert (compared["was"]["text"], compared["now"]["text"]) == (OLD_B, NEW_B)
    assert (
        compared["was"]["correct_at_first_answer"],
        compared["now"]["correct_at_first_answer"],
    ) == (
        0.1429,
        0.7143,
    )
    assert cohort.stderr.startswith("read ")


def test_what_the_packages_sent_is_valid_xapi_with_the_version(cohort: Cohort) -> None:
    assert validate(cohort.sent) == [[] for _ in cohort.sent]
    by_learner = {json.dumps(s["actor"].get("mbox")): s for s in cohort.sent}
    assert len(by_learner) == 17
    revisions = {s["context"].get("revision") for s in cohort.sent if verb(s) != "launched"}
    assert revisions == {"1.0.0", "1.1.0", None}


def test_no_learner_appears_in_the_report(cohort: Cohort) -> None:
    texts = [
        (cohort.out / n).read_bytes().decode("utf-8-sig") for n in ("report.json", "items.csv")
    ]
    page = (cohort.out / "report.html").read_text()
    texts.append(page)
    texts += [
        base64.b64decode(src).decode()
        for src in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    ]
    registrations = {s["context"]["registration"] for s in cohort.sent}
    for learner in cohort.learners:
        for secret in (learner["name"], learner["mbox"], learner["mbox"].removeprefix("mailto:")):
            assert all(secret not in text for text in texts), secret
    for registration in registrations:
        assert all(registration not in text for text in texts)


def test_the_page_works_offline_under_its_csp_and_reflows_at_320_px(
    cohort: Cohort, browser: Browser, report_site: Site
) -> None:
    (report_site.root / "cohort-report.html").write_bytes((cohort.out / "report.html").read_bytes())
    url = f"{report_site.base}/cohort-report.html"
    context = browser.new_context(viewport={"width": 320, "height": 800})
    try:
        page = context.new_page()
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on(
            "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
        )
        page.goto(url)
        assert [r for r in requests if not r.startswith("data:")] == [url]
        assert problems == []  # nothing refused by the CSP
        assert (
            page.evaluate("getComputedStyle(document.querySelector('h2')).borderBottomStyle")
            == "solid"
        )
        images = page.eval_on_selector_all(
            "img", "all => all.map(i => i.naturalWidth > 0 && !!i.alt)"
        )
        assert images == [True, True]
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


def test_axe_finds_nothing_on_the_page(cohort: Cohort, browser: Browser, report_site: Site) -> None:
    (report_site.root / "cohort-report.html").write_bytes((cohort.out / "report.html").read_bytes())
    # axe-core is a script: the page's CSP (rightly) refuses it, so this context bypasses the CSP
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{report_site.base}/cohort-report.html")
        assert axe(page.main_frame, report_site) == []
    finally:
        context.close()
