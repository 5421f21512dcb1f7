"""Fixtures for the xAPI and cmi5 tests: Ralph for the session, a front of its own for each
test (its documents, fetch tokens and log), the packages."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coprod_content import cmi5, xapi
from coprod_content.loading import load_modules
from coprod_content.model import Module
from tests.scorm.lms import ROOT, Site
from tests.xapi.lrs import Front, Ralph

RETURNED = "<!doctype html><html lang='en'><title>LMS</title><p>Back in the LMS</p></html>"
VALIDATOR = Path(__file__).resolve().parent / "validate_statements.js"


class Lrs:
    """Ralph and the front the browser talks to."""

    def __init__(self, ralph: Ralph, front: Front) -> None:
        self.ralph, self.front = ralph, front


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    """Ralph for the whole session: each test reads back only its own registration."""
    running = Ralph(tmp_path_factory.mktemp("ralph"))
    yield running
    running.close()


@pytest.fixture
def lrs(ralph: Ralph) -> Iterator[Lrs]:
    """The LRS as one test sees it: a front of its own before the shared Ralph."""
    front = Front(ralph)
    yield Lrs(ralph, front)
    front.close()


@pytest.fixture
def browsing(browser: Any) -> Iterator[Any]:
    """A browser context of the test's own for xAPI and cmi5 launches (``runtime.Browsing``)."""
    from tests.xapi.runtime import Browsing  # runtime imports this module

    opened = Browsing(browser)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def module() -> Module:
    """The bundled module, as authored under content/."""
    return next(m for m in load_modules(ROOT / "content") if m.id == "coproduction")


@pytest.fixture(scope="session")
def xapi_packages(module: Module) -> dict[str, bytes]:
    return {"xapi": xapi.build(module), "cmi5": cmi5.build(module)}


@pytest.fixture(scope="session")
def kinds() -> Module:
    """``tests/fixtures/quiz/kinds``: every item kind, mastery 75 %, two attempts."""
    (found,) = load_modules(ROOT / "tests" / "fixtures" / "quiz")
    return found


@pytest.fixture(scope="session")
def kinds_packages(kinds: Module) -> dict[str, bytes]:
    return {"xapi": xapi.build(kinds), "cmi5": cmi5.build(kinds)}


@pytest.fixture(scope="session")
def xapi_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = Site(tmp_path_factory.mktemp("xapi-site"))
    (served.root / "favicon.ico").write_bytes(b"")  # what Chromium asks every origin for
    (served.root / "returned.html").write_text(RETURNED)
    yield served
    served.close()


def validate(statements: list[dict[str, Any]]) -> list[list[str]]:
    """Learning Locker's validator on each statement: one list of problems per statement."""
    if not (ROOT / "node_modules/@learninglocker/xapi-validation").is_dir():
        pytest.fail("npm package @learninglocker/xapi-validation is missing; run `npm ci`")
    done = subprocess.run(
        ["node", str(VALIDATOR)],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=60,
    )
    problems: list[list[str]] = json.loads(done.stdout)
    return problems
