"""Builds fail safe: a killed or failing build never leaves a partial output file."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coprod_content import cli

ROOT = Path(__file__).resolve().parents[1]


def test_unwritable_output_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "dist"
    blocker.write_text("a file where the output folder should be")
    content = str(ROOT / "content")
    assert cli.main(["build", "--target", "json", "--content", content, "--out", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write {blocker}/json/coproduction.json: ")
    assert "files already there are unchanged" in err


def test_full_disk_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "json" / "coproduction.json"
    target.parent.mkdir()
    target.write_bytes(b"previous")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    content = str(ROOT / "content")
    assert (
        cli.main(["build", "--target", "json", "--content", content, "--out", str(tmp_path)]) == 1
    )
    assert "No space left on device" in capsys.readouterr().err
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in target.parent.iterdir()) == ["coproduction.json"]


def _build(out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "coprod_content.cli", "build", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.8, 1.5, 3.0])
def test_sigkill_leaves_old_or_complete_files(tmp_path: Path, delay: float) -> None:
    complete = tmp_path / "complete"
    assert _build(complete).wait(timeout=120) == 0
    expected = _outputs(complete)
    out = tmp_path / "dist"
    shutil.copytree(complete, out)
    old = {name: b"old " + name.encode() for name in expected}
    for name, data in old.items():
        (out / name).write_bytes(data)
    process = _build(out)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    for name, data in _outputs(out).items():
        assert data in (old[name], expected[name]), f"{name} is neither old nor complete"


def test_read_only_output_is_a_clear_error(tmp_path: Path) -> None:
    """A read-only dist/. Root ignores permission bits, so as root the folder is made
    immutable (chattr +i), which root cannot write into either."""
    out = tmp_path / "dist"
    (out / "json").mkdir(parents=True)
    (out / "json" / "coproduction.json").write_bytes(b"previous")
    lock = ["chattr", "+i"] if os.geteuid() == 0 else ["chmod", "555"]
    unlock = ["chattr", "-i"] if os.geteuid() == 0 else ["chmod", "755"]
    subprocess.run([*lock, str(out / "json"), str(out)], check=True)
    try:
        command = [sys.executable, "-m", "coprod_content.cli", "build", "--target", "json"]
        command += ["--content", str(ROOT / "content"), "--out", str(out)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    finally:
        subprocess.run([*unlock, str(out / "json"), str(out)], check=True)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: cannot write {out}/json/coproduction.json: ")
    assert done.stderr.endswith(
        "; check that the output folder is writable and has free space (files already there"
        " are unchanged)\n"
    )
    assert (out / "json" / "coproduction.json").read_bytes() == b"previous"
