"""``coprod build``: SCORM targets are registered, and two builds are byte-identical."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from coprod_content.cli import main
from coprod_content.targets import TARGETS
from tests.scorm.lms import ROOT

CONTENT = str(ROOT / "content")


def _build(out: Path, *targets: str) -> dict[str, bytes]:
    args = [arg for t in targets for arg in ("--target", t)]
    assert main(["build", *args, "--content", CONTENT, "--out", str(out)]) == 0
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_all_builds_both_scorm_packages(tmp_path: Path) -> None:
    assert {"scorm12", "scorm2004"} <= set(TARGETS)
    built = _build(tmp_path, "all")
    assert {"coproduction-1.0.0-scorm12.zip", "coproduction-1.0.0-scorm2004.zip"} <= set(built)


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _build(tmp_path / "one", "scorm12", "scorm2004")
    second = _build(tmp_path / "two", "scorm12", "scorm2004")
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dated = _build(tmp_path / "three", "scorm12")
    with zipfile.ZipFile(io.BytesIO(dated["coproduction-1.0.0-scorm12.zip"])) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
