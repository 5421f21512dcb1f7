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
    "json/mini.json": "2f49f875fe24c5838dceb47e318368b9bdf8c9f81f833a3d2bde81a3bc57fcf2",
    "mini-0.1.0-cmi5.zip": "39cbfe35089eca633f0a4310dfe6b1b2d8a3fe0764f3587583be015fa3e2414c",
    "mini-0.1.0-scorm12.zip": "b3386936e11ffcad53af72b4a0893dcfa42210c385e00f751cbe97f212e55841",
    "mini-0.1.0-scorm2004.zip": "1849c7327320f8fb24c4b903cb2b6c4481ee8a91901009c618537c208cf0bdfb",
    "mini-0.1.0-xapi.zip": "a7145b23af8578ad875c17f82ebf542ff17bb9e5acaa015747f52235cdb1d834",
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
