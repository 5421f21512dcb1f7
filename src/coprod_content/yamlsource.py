"""Safe YAML reading that remembers the line of every value.

Only plain data is accepted: mappings with unique string keys, sequences and
scalars, in one document of at most ``MAX_FILE_BYTES``, no value inside more than
``MAX_DEPTH`` collections. Anchors, aliases and custom tags are refused (they are
never needed for content and are the usual way to make a parser blow up).
"""

from __future__ import annotations

from typing import Any

import yaml

from coprod_content.diagnostics import Diagnostic

Path = tuple[str | int, ...]
LineMap = dict[Path, int]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ONE_DOCUMENT = "expected a single document in the stream"
"""How PyYAML's composer says a file holds a second document."""
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class _Refused(Exception):
    def __init__(self, line: int, path: Path, message: str) -> None:
        self.line, self.path, self.message = line, path, message


def format_path(path: Path) -> str:
    """Render a data path the way diagnostics show it: ``$.items[3].answer``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def read_yaml(data: bytes, source: str) -> tuple[Any, LineMap] | Diagnostic:
    """Parse YAML bytes into plain Python values and a path -> line map."""
    if len(data) > MAX_FILE_BYTES:
        return Diagnostic(
            source=source,
            line=1,
            path="$",
            message=f"file is {len(data)} bytes, over the limit of {MAX_FILE_BYTES}; "
            "split it into smaller files",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Diagnostic(
            source=source,
            line=line,
            path="$",
            message=f"not valid UTF-8 (byte {data[exc.start]:#04x}); save the file as UTF-8",
        )
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        if exc.context == _ONE_DOCUMENT:
            return Diagnostic(
                source=source,
                line=line,
                path="$",
                message="a second YAML document starts on this line; a content file holds"
                " one document, so remove the '---' (and any '...') that separates them, or"
                " move the second into a file of its own",
            )
        problem = exc.problem or exc.context or "invalid YAML"
        return Diagnostic(
            source=source,
            line=line,
            path="$",
            message=f"YAML syntax error: {problem}; check the indentation, "
            "brackets and quotes on this line and the one before",
        )
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return Diagnostic(
            source=source,
            line=text[: exc.position].count("\n") + 1,
            path="$",
            message=f"character U+{code:04X} is not allowed in YAML; delete it (only tabs,"
            " line breaks and printable characters may appear)",
        )
    except yaml.YAMLError as exc:
        return Diagnostic(source=source, line=1, path="$", message=f"YAML error: {exc}")
    if node is None:
        return Diagnostic(
            source=source, line=1, path="$", message="file is empty; expected a mapping"
        )
    lines: LineMap = {}
    try:
        value = _convert(node, (), lines, set(), 0)
    except _Refused as exc:
        return Diagnostic(
            source=source, line=exc.line, path=format_path(exc.path), message=exc.message
        )
    return value, lines


def _convert(node: yaml.Node, path: Path, lines: LineMap, seen: set[int], depth: int) -> Any:
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    if id(node) in seen or getattr(node, "anchor", None):
        # An alias is the anchored node itself, marked where the anchor is: the line of
        # the key it is the value of (recorded by the caller) is where the alias is.
        raise _Refused(
            lines.get(path, line),
            path,
            "YAML anchors and aliases are not allowed; write the value out",
        )
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _Refused(
            line,
            path[:3],
            f"nesting deeper than {MAX_DEPTH} levels is not allowed; content never needs it,"
            " so look for unclosed brackets or runaway indentation",
        )
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, path, lines, seen, depth)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise _Refused(line, path, f"custom YAML tag {node.tag!r} is not allowed")
        return [
            _convert(item, path + (i,), lines, seen, depth + 1) for i, item in enumerate(node.value)
        ]
    if node.tag not in _SCALAR_TAGS:
        raise _Refused(line, path, f"custom YAML tag {node.tag!r} is not allowed")
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    try:
        return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except (ValueError, OverflowError):
        raise _Refused(
            line, path, f"cannot read {node.value!r} as a value; put it in quotes if it is text"
        ) from None


def _mapping(
    node: yaml.MappingNode, path: Path, lines: LineMap, seen: set[int], depth: int
) -> dict[str, Any]:
    """A mapping's plain data: text keys, each once, each value's line recorded."""
    if node.tag != "tag:yaml.org,2002:map":
        raise _Refused(
            node.start_mark.line + 1, path, f"custom YAML tag {node.tag!r} is not allowed"
        )
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path, {}, seen, depth + 1)
        key_line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise _Refused(key_line, path, f"keys must be text, found {key!r}")
        if key in out:
            raise _Refused(key_line, path + (key,), f"duplicate key {key!r}; keep only one of them")
        lines[path + (key,)] = key_line
        out[key] = _convert(value_node, path + (key,), lines, seen, depth + 1)
    return out
