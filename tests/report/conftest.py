"""Fixtures for the report tests: an LRS of their own (Ralph and its front), a site to serve
packages and report pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scorm.lms import Site
from tests.xapi.conftest import Lrs
from tests.xapi.lrs import LRS_USER, Front, Ralph


class ReportLrs(Lrs):
    """Ralph, its front, and what ``coprod report`` needs to read Ralph directly."""

    @property
    def endpoint(self) -> str:
        """Ralph's xAPI endpoint (statements only; the report needs nothing else)."""
        return f"http://127.0.0.1:{self.ralph.port}/xAPI/"

    @property
    def credentials(self) -> str:
        """``key:secret`` for the environment variable the report reads."""
        return f"{LRS_USER}:{self.ralph.password}"


@pytest.fixture(scope="session")
def report_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReportLrs]:
    """An LRS holding only the report tests' statements (each test uses its own IRIs)."""
    ralph = Ralph(tmp_path_factory.mktemp("report-ralph"))
    try:
        front = Front(ralph)
        yield ReportLrs(ralph, front)
        front.close()
    finally:
        ralph.close()


@pytest.fixture(scope="session")
def report_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = Site(tmp_path_factory.mktemp("report-site"))
    (served.root / "favicon.ico").write_bytes(b"")
    yield served
    served.close()
