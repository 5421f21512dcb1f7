"""Fixtures for package tests: the real module and its packages (the browser: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route

from coprod_content.loading import load_modules
from coprod_content.model import Module
from coprod_content.scorm import build
from tests.scorm.lms import ROOT, Lms, Site

VERSIONS = ("scorm12", "scorm2004")
VIDEO_HOSTS = ("https://player.vimeo.com/", "https://www.youtube-nocookie.com/")
VIDEO_STUB = "<!doctype html><html lang='en'><title>Video</title><p>Video stand-in</p></html>"


@pytest.fixture(scope="session")
def module() -> Module:
    """The bundled module, as authored under content/."""
    return next(m for m in load_modules(ROOT / "content") if m.id == "coproduction")


@pytest.fixture(scope="session")
def packages(module: Module) -> dict[str, bytes]:
    return {version: build(module, version) for version in VERSIONS}  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = Site(tmp_path_factory.mktemp("site"))
    yield served
    served.close()


class Outside:
    """Requests that tried to leave 127.0.0.1: videos are stubbed, anything else is refused."""

    def __init__(self) -> None:
        self.refused: list[str] = []
        self.videos: list[str] = []

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "about:", "data:", "file:")):
            route.continue_()
        elif url.startswith(VIDEO_HOSTS):
            self.videos.append(url)
            route.fulfill(body=VIDEO_STUB, content_type="text/html")
        else:
            self.refused.append(url)
            route.abort()


def new_context(browser: Browser, **options: object) -> tuple[BrowserContext, Outside]:
    """A fresh browser context whose traffic stays on this machine."""
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    outside = Outside()
    context.route("**/*", outside.route)
    return context, outside


class Tab:
    """A page plus everything it reported that a test should see: JS errors, CSP reports."""

    def __init__(self, context: BrowserContext, outside: Outside) -> None:
        self.context, self.outside = context, outside
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type in ("error", "warning") else None,
        )

    def problems(self) -> list[str]:
        return self.errors + [f"request left the machine: {u}" for u in self.outside.refused]


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    context, outside = new_context(browser, viewport={"width": 1280, "height": 900})
    opened = Tab(context, outside)
    yield opened
    context.close()


@pytest.fixture
def lms(tab: Tab, site: Site) -> Lms:
    return Lms(tab.page, site)
