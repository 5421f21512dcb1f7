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


def test_yaml_examples_of_blocks_and_steps_load() -> None:
    """The README's YAML examples of an image block and a watch step are valid as written."""
    import yaml

    from coprod_content.conversion import convert
    from coprod_content.model import Block, Step

    examples = [b for b in _blocks("yaml") if "kind: image" in b or "kind: watch" in b]
    assert len(examples) == 2
    for block in examples:
        items = yaml.safe_load(block)
        assert isinstance(items, list) and items
        for item in items:
            value, problems = convert(item, Block | Step, "README.md", {})
            assert problems == [] and value is not None, problems


def test_quiz_examples_load() -> None:
    from coprod_content import quiz
    from coprod_content.conversion import convert
    from coprod_content.model import Quiz
    from coprod_content.yamlsource import read_yaml

    examples = [b for b in _blocks("yaml") if b.startswith("# quiz.yaml")]
    assert len(examples) == 3
    kinds = []
    for block in examples:
        read = read_yaml(f"id: q\ntitle: Quiz\n{block}".encode(), "README.md")
        assert isinstance(read, tuple), read  # else a Diagnostic
        loaded, problems = convert(read[0], Quiz, "README.md", read[1])
        assert problems == []
        (item,) = loaded.items
        assert quiz.problems(item) == []
        kinds.append(quiz.kind(item))
    assert kinds == ["true-false", "single-choice", "multiple-response"]
