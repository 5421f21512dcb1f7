"""Safe YAML reading: plain data only, every refusal a located diagnostic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod_content.diagnostics import Diagnostic
from coprod_content.yamlsource import MAX_FILE_BYTES, read_yaml


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"a: &x [1]\nb: *x\n",
            "f.yaml:2: $.b: YAML anchors and aliases are not allowed; write the value out",
        ),
        (
            b"a: !!python/object:os.system x\n",
            "f.yaml:1: $.a: custom YAML tag"
            " 'tag:yaml.org,2002:python/object:os.system' is not allowed",
        ),
        (b"a: !include other.yaml\n", "f.yaml:1: $.a: custom YAML tag '!include' is not allowed"),
        (b"ok: 1\n\xff\xfe", "f.yaml:2: $: not valid UTF-8 (byte 0xff); save the file as UTF-8"),
        (b"a: 1\na: 2\n", "f.yaml:2: $.a: duplicate key 'a'; keep only one of them"),
        (
            b"a: 0x_\n",
            "f.yaml:1: $.a: cannot read '0x_' as a value; put it in quotes if it is text",
        ),
        (b"", "f.yaml:1: $: file is empty; expected a mapping"),
        (
            b"[" * 100 + b"]" * 100,
            "f.yaml:1: $[0][0][0]: nesting deeper than 40 levels is not allowed; content never"
            " needs it, so look for unclosed brackets or runaway indentation",
        ),
    ],
)
def test_refusals(data: bytes, expected: str) -> None:
    result = read_yaml(data, "f.yaml")
    assert isinstance(result, Diagnostic)
    assert str(result) == expected


def test_alias_bomb_is_refused_before_expanding() -> None:
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n"
        % ((ord("b") + i,) * 2 + (ord("a") + i,) * 9)
        for i in range(9)
    )
    result = read_yaml(bomb, "f.yaml")
    assert isinstance(result, Diagnostic)
    assert "anchors and aliases are not allowed" in result.message


def test_oversized_file_is_refused_without_parsing() -> None:
    result = read_yaml(b"a: " + b"x" * MAX_FILE_BYTES, "f.yaml")
    assert isinstance(result, Diagnostic)
    assert result.message.startswith(f"file is {MAX_FILE_BYTES + 3} bytes, over the limit")


def test_lines_are_remembered() -> None:
    result = read_yaml(b"a:\n  b:\n    - 1\n    - c: 2\n", "f.yaml")
    assert not isinstance(result, Diagnostic)
    value, lines = result
    assert value == {"a": {"b": [1, {"c": 2}]}}
    assert lines[("a", "b", 1, "c")] == 4


@given(st.binary(max_size=2000))
def test_any_bytes_give_data_or_a_diagnostic(data: bytes) -> None:
    result = read_yaml(data, "f.yaml")
    assert isinstance(result, (Diagnostic, tuple))
