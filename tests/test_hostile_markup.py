"""Markup in content is inert everywhere: player, API HTML, manifests, tincan.xml, cmi5.xml.

The bundled module is rewritten so that every text and every label carries script tags,
an ``onerror`` image, ``]]>`` and template syntax. Every target is built from it; each
descriptor must carry the text unchanged, and each package, opened in Chromium and clicked
through, must show the markup as text while the ``window.__pwned`` canary stays unset.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient
from lxml import etree, html
from playwright.sync_api import Browser

from coprod_content import checks
from coprod_content.api.app import create_app
from coprod_content.loading import load_modules
from coprod_content.model import Module
from coprod_content.targets import TARGETS
from tests.scorm.conftest import Tab, new_context
from tests.scorm.lms import Site

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    "]]>{{ 7*7 }}{% if true %}x{% endif %}&amp;"
)
LABELS = {"title", "statement", "term", "name", "description"}
PACKAGES = ("scorm12", "scorm2004", "xapi", "cmi5")


def _poison(value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _poison(v) for k, v in value.items()}
        if out.get("kind") == "text":
            out["text"] = f"{PAYLOAD} {value['text']}"
        for key in LABELS & set(out):
            if isinstance(out[key], str):
                out[key] = f"{value[key]} {PAYLOAD}"
        return out
    if isinstance(value, (list, tuple)):
        return [_poison(v) for v in value]
    return value


@pytest.fixture(scope="module")
def hostile() -> Module:
    (module,) = load_modules(ROOT / "content")
    poisoned = msgspec.convert(_poison(msgspec.to_builtins(module)), Module)
    assert checks.check(poisoned) == []
    return poisoned


@pytest.fixture(scope="module")
def outputs(hostile: Module) -> dict[str, bytes]:
    built: dict[str, bytes] = {}
    for name in PACKAGES:
        built.update(TARGETS[name]([hostile]))
    return built


def _zip(outputs: dict[str, bytes], target: str) -> zipfile.ZipFile:
    (name,) = [n for n in outputs if n.endswith(f"-{target}.zip")]
    return zipfile.ZipFile(io.BytesIO(outputs[name]))


@pytest.mark.parametrize(
    ("target", "descriptor"),
    [
        ("scorm12", "imsmanifest.xml"),
        ("scorm2004", "imsmanifest.xml"),
        ("xapi", "tincan.xml"),
        ("cmi5", "cmi5.xml"),
    ],
)
def test_descriptors_carry_markup_as_text(
    outputs: dict[str, bytes], hostile: Module, target: str, descriptor: str
) -> None:
    root = etree.fromstring(_zip(outputs, target).read(descriptor))
    texts = [t for t in root.itertext() if PAYLOAD in t]
    assert texts, f"{descriptor} lost the payload text"
    assert any(hostile.title.startswith(t.strip()[:150]) for t in texts)
    assert not root.xpath("//*[local-name()='script' or local-name()='img']")
    assert not root.xpath("//processing-instruction()")


def test_api_html_rendering_is_escaped(hostile: Module) -> None:
    with TestClient(create_app([hostile])) as client:
        body = client.get(f"/v1/modules/{hostile.id}?richtext=html").json()
    fragments: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str) and escape(PAYLOAD, quote=False) in value:
            fragments.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(body)
    assert fragments
    for fragment in fragments:
        tree = html.fragment_fromstring(fragment, create_parent="div")
        assert not tree.xpath(".//script | .//img | .//*[@onerror]")
        assert PAYLOAD in tree.text_content()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = Site(tmp_path_factory.mktemp("hostile-site"))
    yield served
    served.close()


@pytest.mark.parametrize("target", PACKAGES)
def test_player_shows_markup_as_text_and_runs_none(
    browser: Browser, site: Site, outputs: dict[str, bytes], target: str
) -> None:
    (name,) = [n for n in outputs if n.endswith(f"-{target}.zip")]
    path = site.add(outputs[name])
    context, outside = new_context(browser, viewport={"width": 1024, "height": 800})
    tab = Tab(context, outside)
    try:
        page = tab.page
        page.goto(site.base + path)
        seen = 0
        while True:
            for button in page.locator("main button[value='true']:visible").all():
                button.click()
            text = page.locator("main").inner_text()
            seen += text.count("<script>window.__pwned=1</script>")
            next_button = page.locator("#next")
            if not next_button.is_visible():
                break
            next_button.click()
        assert seen > 10
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("main script, main img[onerror]").count() == 0
        assert page.evaluate("!document.querySelector('[onclick],[onload],[onerror]')")
        # Defence in depth: were markup ever injected, the page's CSP would stop it running.
        # Wait for the browser to report both blocked: "nothing ran" is then a fact, not a
        # guess after a pause.
        page.evaluate(
            """() => {
              window.__blocked = [];
              document.addEventListener("securitypolicyviolation",
                e => window.__blocked.push(e.effectiveDirective));
              const box = document.createElement("div");
              box.innerHTML = '<img src="x" onerror="window.__pwned = 3">';
              document.body.append(box);
              const s = document.createElement("script");
              s.textContent = "window.__pwned = 4";
              document.body.append(s);
            }"""
        )
        page.wait_for_function("() => window.__blocked.length >= 2")
        assert sorted(page.evaluate("window.__blocked")) == ["script-src-attr", "script-src-elem"]
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate(
            "[...document.querySelectorAll('iframe')].every(f => f.sandbox.length > 0"
            " && !f.sandbox.contains('allow-top-navigation'))"
        )
    finally:
        context.close()
