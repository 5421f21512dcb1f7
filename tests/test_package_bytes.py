"""Packages keep their bytes: the mini module's builds match the sums recorded here.

Reproducible builds are a promise to LMS administrators (the same content gives the
same zip), and refactoring must keep it: a change to how packages are assembled
(the XML layer, the archive writer, the player's rendering) must leave every byte as
it was. A change that means to alter what a package holds (player markup, an adapter,
a manifest fix) updates these sums in the same commit and says why; the failure
message prints the new ones. (The sums also hold zlib's deflate output: a zlib that
compressed differently would change them with no change here.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from coprod_content.cli import main

MINI = Path(__file__).resolve().parent / "fixtures" / "valid" / "mini"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

SHA256 = {
    "json/mini.json": "9fda2eded324d942926ddb1bf1335b8ec174b98a3c93f3ea1dc056961d9b98fa",
    "mini-0.1.0-cmi5.zip": "34e6d1e13c4435fda399724b6b2b222a23c202d3c1a664545bfa6b5b48f3f41e",
    "mini-0.1.0-scorm12.zip": "8ed1e90a1b99506886835dd6d997f3c8d5c6c0959acfb1bbc6720408c7a1783e",
    "mini-0.1.0-scorm2004.zip": "d1a5b48dc46a2f1dfe63bcac1746d1d9e52fe8f51702b91b9f09752e114afa66",
    "mini-0.1.0-xapi.zip": "48f97c9f815c0c60447860be9a565867b831b8b7ecf42128b4c73ad0e14a0912",
}


def test_every_package_of_the_mini_module_keeps_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    targets = [
        arg for t in ("json", "scorm12", "scorm2004", "xapi", "cmi5") for arg in ("--target", t)
    ]
    assert main(["build", *targets, "--content", str(MINI.parent), "--out", str(tmp_path)]) == 0
    built = {
        p.relative_to(tmp_path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(tmp_path.rglob("*"))
        if p.is_file()
    }
    assert built == SHA256, "new sums (update SHA256 only if the change means it):\n" + "\n".join(
        f"    {name!r}: {digest!r}," for name, digest in built.items()
    )
