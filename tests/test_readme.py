"""The README's console examples and Python example run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_two_commands() -> None:
    first = _blocks("sh")[0].strip().splitlines()
    assert [line.split("#")[0].strip() for line in first] == ["make run", "make test"]


def test_console_examples_print_what_readme_shows() -> None:
    examples = [b for b in _blocks("console") if "coprod validate" in b]
    assert examples
    for block in examples:
        commands = re.split(r"^\$ ", block, flags=re.M)[1:]
        for chunk in commands:
            command, _, expected = chunk.partition("\n")
            argv = command.split()
            argv[0] = str(Path(sys.executable).with_name("coprod"))
            done = subprocess.run(  # both streams, in the order a terminal shows them
                argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            assert done.stdout == expected


def test_python_example_runs() -> None:
    (code,) = [b for b in _blocks("python") if "load_modules" in b]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout == ""
