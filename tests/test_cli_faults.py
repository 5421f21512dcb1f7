"""Builds fail safe: a killed or failing build never leaves a partial output file.

SECURITY.md promises atomic writes ("temporary file, then rename"); the proof kills the
build at the one moment that matters, between writing and renaming, rather than at a
time that may fall before or after every write."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

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


TARGETS = ["--target", "json", "--target", "scorm12", "--target", "xapi", "--target", "cmi5"]


def _outputs(folder: Path) -> dict[str, bytes]:
    """The build's files under ``folder`` (temporary files are hidden: they start with '.')."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _temporary(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*") if p.is_file())


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What the build writes, file by file, in the order it writes them."""
    out = tmp_path_factory.mktemp("complete")
    command = [sys.executable, "-m", "coprod_content.cli", "build", *TARGETS, "--out", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120)
    return _outputs(out)


def test_a_build_killed_between_writing_and_renaming_leaves_old_or_complete_files(
    tmp_path: Path, complete: dict[str, bytes]
) -> None:
    """The fault is placed, not timed: SIGKILL just before the k-th rename, for every k.
    Files renamed before it are complete, the rest are as they were, and the temporary
    file holds the whole new file, in the folder of its target (so the rename is atomic)."""
    names = list(complete)  # the build writes in sorted order, as _outputs lists them
    assert len(names) == 4
    old = {name: b"old " + name.encode() for name in names}
    for k, name in enumerate(names):
        out = tmp_path / f"killed-at-{k}"
        for each, data in old.items():
            (out / each).parent.mkdir(parents=True, exist_ok=True)
            (out / each).write_bytes(data)
        command = [sys.executable, "-m", "tests.kill_before_rename", str(k + 1)]
        command += ["build", *TARGETS, "--out", str(out)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == -signal.SIGKILL, f"no rename #{k + 1}: {done.stdout}"
        source, target = done.stdout.splitlines()[-1].split("\t")
        assert Path(target) == out / name
        assert Path(source).parent == Path(target).parent
        assert Path(source).read_bytes() == complete[name]
        assert _outputs(out) == {n: complete[n] if i < k else old[n] for i, n in enumerate(names)}
        assert _temporary(out) == [Path(source).name]


def test_a_failed_rename_is_a_clear_error_and_leaves_no_temporary_file(
    tmp_path: Path,
    complete: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = list(complete)
    old = {name: b"old " + name.encode() for name in names}
    for name, data in old.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    real, calls = os.replace, []

    def replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    assert cli.main(["build", *TARGETS, "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"error: cannot write {tmp_path / names[1]}: Permission denied; check that the output"
        " folder is writable and has free space (files already there are unchanged)\n"
    )
    assert _outputs(tmp_path) == {names[0]: complete[names[0]], **{n: old[n] for n in names[1:]}}
    assert _temporary(tmp_path) == []


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
