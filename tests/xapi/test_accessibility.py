"""The xAPI and cmi5 players are as accessible as the SCORM ones: axe-core on every page.

They share the player; what differs is the adapter, which adds its own status messages
and (for cmi5) an Exit control. Opened without an LRS, each must still pass axe-core's
WCAG 2.2 A/AA and best-practice rules on every page and after answering.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.scorm.conftest import Tab, new_context
from tests.scorm.lms import Site
from tests.scorm.test_accessibility import axe


@pytest.mark.parametrize("target", ["xapi", "cmi5"])
def test_axe_finds_nothing_on_any_page(
    browser: Browser, xapi_site: Site, xapi_packages: dict[str, bytes], target: str
) -> None:
    context, outside = new_context(browser, viewport={"width": 1280, "height": 900})
    tab = Tab(context, outside)
    try:
        page = tab.page
        page.goto(xapi_site.base + xapi_site.add(xapi_packages[target]))
        frame = page.main_frame
        found: dict[str, list[str]] = {}
        for key in frame.eval_on_selector_all(".toc a", "a => a.map(x => x.dataset.page)"):
            frame.locator(f".toc a[data-page='{key}']").click()
            for item in frame.locator(".item:visible").all():
                item.locator("input").first.check()
                item.get_by_role("button", name="Check answer").click()
            found[key] = axe(frame, xapi_site)
        assert len(found) > 5
        assert found == {key: [] for key in found}
    finally:
        context.close()
