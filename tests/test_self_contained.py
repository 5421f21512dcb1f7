"""The repository needs nothing beside it: no file refers to a path outside it.

A clone in an empty folder must build and pass its tests, so every schema, example
and source text the code and tests read is vendored (``tests/standards/``,
``content/<module>/source/``). This test reads every text file under ``src/``,
``tests/``, ``bench/`` and ``content/`` and fails on:

* a relative path (``../x``) that, resolved from the file's folder, leaves the repository;
* ``ROOT.parent`` or ``Path(__file__).parents[N]`` reaching above the repository root;
* an absolute path into a home or work folder, or a name of the folder kept beside
  the repository for developers.

A ``../`` inside a URL path (``/v1/modules/../../etc``, a hostile request in the API
tests) is not a file path and is not counted. This file's own probes are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("src", "tests", "bench", "content")
SKIP_PARTS = {"__pycache__", "node_modules", ".venv", ".venv-lrs", ".hypothesis"}

RELATIVE = re.compile(r"(?<![\w./])((?:\.\./)+)([\w.-]*)")
PARENTS = re.compile(r"Path\(__file__\)\.resolve\(\)\.parents\[(\d+)\]")
# Built from pieces so this file does not match itself.
OUTSIDE_NAMES = re.compile("|".join((r"ROOT\.parent\b", "shar" + "ed/(?:seeds|standards)")))
ABSOLUTE = re.compile(r"(?<![\w.:])/(?:work|root|home)/\w")


def text_files() -> list[tuple[Path, str]]:
    """Every UTF-8 text file under the checked folders, with its text."""
    out = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            skipped = SKIP_PARTS & set(path.relative_to(ROOT).parts)
            if not path.is_file() or skipped or path == Path(__file__).resolve():
                continue
            try:
                out.append((path, path.read_text(encoding="utf-8")))
            except UnicodeDecodeError:
                continue  # binary: images, zips
    return out


def outside_references(path: Path, text: str) -> list[str]:
    """The references in ``text`` (the content of ``path``) that leave the repository."""
    found = []
    depth = len(path.relative_to(ROOT).parents) - 1  # parents[depth] is ROOT
    for n, line in enumerate(text.splitlines(), 1):
        for match in RELATIVE.finditer(line):
            target = (path.parent / (match.group(1) + match.group(2))).resolve()
            if not target.is_relative_to(ROOT):
                found.append(f"{n}: {match.group(0)!r} leaves the repository")
        for match in PARENTS.finditer(line):
            if int(match.group(1)) > depth:
                found.append(f"{n}: {match.group(0)!r} reaches above the repository root")
        for pattern in (OUTSIDE_NAMES, ABSOLUTE):
            for match in pattern.finditer(line):
                found.append(f"{n}: {match.group(0)!r} names a place outside the repository")
    return found


def test_no_file_refers_to_a_path_outside_the_repository() -> None:
    problems = [
        f"{path.relative_to(ROOT)}:{problem}"
        for path, text in text_files()
        for problem in outside_references(path, text)
    ]
    assert problems == []


def test_the_check_finds_each_kind_of_outside_reference() -> None:
    probe = ROOT / "tests" / "fixtures" / "probe.py"
    lines = [
        'SEED = ROOT.parent / "x.txt"',
        "HERE = Path(__file__).resolve().parents[3]",
        'SCHEMA = "../../../elsewhere/a.xsd"',
        'DATA = "/work/data.txt"',
        'OK = "../valid/README.md"',
        "INSIDE = Path(__file__).resolve().parents[2]",
    ]
    found = outside_references(probe, "\n".join(lines))
    assert [f.split(":")[0] for f in found] == ["1", "2", "3", "4"]


def test_the_vendored_files_are_where_the_tests_read_them() -> None:
    assert (ROOT / "content/coproduction/source/module-text.txt").is_file()
    for name in ("validate.py", "cmi5/CourseStructure.xsd", "examples/expected.tsv"):
        assert (ROOT / "tests/standards" / name).is_file(), name
