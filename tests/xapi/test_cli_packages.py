"""``coprod build --target xapi --target cmi5``: the zips read back as an LMS or LRS would.

The expected values come from the authored files (read here with PyYAML) and from the
specifications' rules, not from the package builders: member names, ``tincan.xml`` and
``cmi5.xml`` parsed, the course structure validated against the schema's independent copy.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from coprod_content import cli

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = ROOT / "content" / "coproduction"
TINCAN = "{http://projecttincan.com/tincan.xsd}"
CMI5 = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
PLAYER = ["activities.js", "index.html", "player.css", "player.js", "words.js", "xapi.js"]
MEMBERS = {
    "xapi": sorted([*PLAYER, "tincan.js", "tincan.xml"]),
    "cmi5": sorted([*PLAYER, "cmi5.js", "cmi5.xml"]),
}


def authored(name: str) -> Any:
    return yaml.safe_load((AUTHORED / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Both zips from two CLI runs, which must agree byte for byte; file name -> bytes."""
    runs = []
    for _ in range(2):
        out = tmp_path_factory.mktemp("dist")
        argv = ["build", "--target", "xapi", "--target", "cmi5", "--content", str(ROOT / "content")]
        assert cli.main([*argv, "--out", str(out)]) == 0
        runs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert runs[0] == runs[1]
    return runs[0]


def unzip(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_the_cli_writes_one_zip_per_target_named_by_module_and_version(
    built: dict[str, bytes],
) -> None:
    version = authored("module.yaml")["version"]
    assert sorted(built) == [f"coproduction-{version}-cmi5.zip", f"coproduction-{version}-xapi.zip"]


@pytest.mark.parametrize("target", ["xapi", "cmi5"])
def test_each_zip_holds_the_player_its_adapter_and_its_descriptor(
    built: dict[str, bytes], target: str
) -> None:
    (package,) = [data for name, data in built.items() if name.endswith(f"-{target}.zip")]
    files = unzip(package)
    assert sorted(files) == MEMBERS[target]
    page = etree.fromstring(files["index.html"], etree.HTMLParser())
    used = page.xpath("//script/@src") + page.xpath("//link[@rel='stylesheet']/@href")
    assert sorted(used) == sorted(n for n in MEMBERS[target] if n.endswith((".js", ".css")))
    adapter = {"xapi": "tincan", "cmi5": "cmi5"}[target]
    assert page.xpath("//meta[@name='generator']/@content") == [f"coprod-content {adapter}"]


def test_tincan_xml_describes_the_module_from_its_authored_files(built: dict[str, bytes]) -> None:
    meta, quiz = authored("module.yaml"), authored("quiz.yaml")
    base = f"{meta['base_iri']}/coproduction"
    (package,) = [data for name, data in built.items() if name.endswith("-xapi.zip")]
    root = etree.fromstring(unzip(package)["tincan.xml"])
    assert root.tag == f"{TINCAN}tincan"
    activities = root.findall(f"{TINCAN}activities/{TINCAN}activity")
    assert [a.get("id") for a in activities] == [
        base,
        *(f"{base}/sections/{section}" for section in meta["sections"]),
        *(f"{base}/quiz/{item['id']}" for item in quiz["items"]),
    ]
    module, launching = (
        activities[0],
        [a for a in activities if a.find(f"{TINCAN}launch") is not None],
    )
    assert launching == [module]
    assert module.findtext(f"{TINCAN}launch") == "index.html"
    assert module.findtext(f"{TINCAN}name") == meta["title"]
    assert module.findtext(f"{TINCAN}description") == meta["description"]
    assert {e.get("lang") for e in module} == {meta["language"]}


def test_cmi5_xml_is_one_au_with_the_authored_pass_mark_and_validates(
    built: dict[str, bytes],
) -> None:
    meta = authored("module.yaml")
    base = f"{meta['base_iri']}/coproduction"
    (package,) = [data for name, data in built.items() if name.endswith("-cmi5.zip")]
    document = unzip(package)["cmi5.xml"]
    schema = etree.XMLSchema(etree.parse(str(ROOT / "tests/standards/cmi5/CourseStructure.xsd")))
    root = etree.fromstring(document)
    schema.assertValid(root)
    assert root.find(f"{CMI5}course").get("id") == base
    (au,) = root.findall(f"{CMI5}au")
    assert au.get("id") == f"{base}/au"
    assert au.get("moveOn") == "CompletedAndPassed"
    assert meta["mastery_score"] == 80
    assert au.get("masteryScore") == "0.8"  # 80 of 100, as cmi5's decimal from 0 to 1
    assert au.findtext(f"{CMI5}url") == "index.html"
    assert au.findtext(f"{CMI5}title/{CMI5}langstring") == meta["title"]
    assert (
        re.sub(r"\s+", " ", au.findtext(f"{CMI5}description/{CMI5}langstring") or "")
        == (meta["description"])
    )
