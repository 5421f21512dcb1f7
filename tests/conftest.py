"""Shared test configuration: Hypothesis profiles, one browser for the whole session, and
``--reverse`` to run the collected tests backwards (to prove they do not depend on order)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser, sync_playwright

from tests.scorm.lms import CHROMIUM, CHROMIUM_ARGS

settings.register_profile(
    "dev",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "coprod-ci",
    parent=settings.get_profile("ci"),
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "mutation",  # `make mutation`: the same examples for every mutant, no database between them
    parent=settings.get_profile("dev"),
    max_examples=10,
    derandomize=True,
    database=None,
)
settings.load_profile(
    os.environ.get("COPROD_HYPOTHESIS_PROFILE") or ("coprod-ci" if os.environ.get("CI") else "dev")
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reverse",
        action="store_true",
        help="run the tests in reverse order: files last to first, each file's tests last to"
        " first (every test owns its state, so the outcome must not change)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--reverse"):
        items.reverse()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, launched once per test file that drives it.

    Not once per session: Playwright's sync API keeps its event loop marked as running in
    this thread while it is started, so any later test that runs an event loop of its own
    (the fast path, the preview app) fails with "Cannot run the event loop while another
    loop is running". Run backwards (``--reverse``), the browser tests come first and
    showed it; stopping Playwright after each file keeps the tests independent of order.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium (make setup-test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
