"""The player in Chromium: the seed module and the pictures fixture, built once, served locally."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import Browser, Page

from coprod_content.loading import load_modules
from coprod_content.model import Module
from coprod_content.scorm import build
from tests.player.browser import View
from tests.scorm.conftest import Tab, new_context
from tests.scorm.lms import Site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed() -> Module:
    (only,) = load_modules(ROOT / "content")
    return only


@pytest.fixture(scope="session")
def pictures() -> Module:
    (only,) = load_modules(ROOT / "tests" / "fixtures" / "media")
    return only


class Players(NamedTuple):
    """Where the players are served: the site (axe-core is at ``/lib/``), each module's URL."""

    site: Site
    urls: dict[str, str]


@pytest.fixture(scope="session")
def players(
    tmp_path_factory: pytest.TempPathFactory, seed: Module, pictures: Module
) -> Iterator[Players]:
    """Each module's player, opened without an LMS (a SCORM 1.2 package), by module id."""
    site = Site(tmp_path_factory.mktemp("player"))
    yield Players(site, {m.id: site.base + site.add(build(m, "scorm12")) for m in (seed, pictures)})
    site.close()


class Window:
    """A browser window of one size; ``tab.problems()`` lists script errors and stray requests."""

    def __init__(self, browser: Browser, view: View) -> None:
        context, outside = new_context(
            browser,
            viewport={"width": view.width, "height": view.height},
            device_scale_factor=view.scale,
        )
        self.tab = Tab(context, outside)
        self.page: Page = self.tab.page
        self.view = view

    def close(self) -> None:
        self.tab.context.close()


@pytest.fixture
def window(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Window]:
    """A window of the size the test is parametrized with (``view``)."""
    opened = Window(browser, request.getfixturevalue("view"))
    yield opened
    opened.close()
