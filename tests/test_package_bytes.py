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
    "mini-0.1.0-cmi5.zip": "df2e4b9f687a50b443f4ae7812c7377124ff8e18920273391c169e643cea4c72",
    "mini-0.1.0-scorm12.zip": "a3753c6846712025d2ec0c0dfe63610505b81617f8593cfa24596abdd5a39ac4",
    "mini-0.1.0-scorm2004.zip": "5ecaecac1048d12fe49ccd763b4762608f1537575f0cddf817bb48cbd8c702e4",
    "mini-0.1.0-xapi.zip": "93fe62490f8fe033964350ac53533734c7ded6beba41729904b7a603c79f9cd8",
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
