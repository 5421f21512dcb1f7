"""Authored plain data -> model Structs, collecting every problem with its path.

msgspec stops at the first error; a maintainer wants them all. So this walks
the target type field by field, lets msgspec check each leaf value (with its
constraints), and only builds a Struct once all its fields are good. Rich text
fields are authored as a line of inline Markdown and parsed here. A quiz item
authored without ``kind`` is a true/false item (``quiz.DEFAULT_KIND``), as every
item was before choice kinds existed.
"""

from __future__ import annotations

import types
import typing
from typing import Any

import msgspec

from coprod_content import quiz, richtext
from coprod_content.diagnostics import Diagnostic
from coprod_content.model import RichText
from coprod_content.yamlsource import LineMap, Path, format_path

_INVALID: Any = object()
_DEFAULT_KINDS: dict[frozenset[type], str] = {frozenset(quiz.ITEM_TYPES): quiz.DEFAULT_KIND}
"""Unions whose ``kind`` may be left out, and the kind that then applies."""


def convert(value: Any, typ: Any, source: str, lines: LineMap) -> tuple[Any, list[Diagnostic]]:
    """Convert ``value`` to ``typ``; return the result (or None) and every problem."""
    walker = _Walker(source, lines)
    result = walker.conv(value, typ, ())
    return (None if result is _INVALID else result), walker.problems


def line_of(lines: LineMap, path: Path) -> int:
    """The line of ``path``, or of its nearest located parent."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _metas(typ: Any) -> list[msgspec.Meta]:
    """The constraints on an ``Annotated`` type (none for a plain one)."""
    if typing.get_origin(typ) is not typing.Annotated:
        return []
    return [m for m in typing.get_args(typ)[1:] if isinstance(m, msgspec.Meta)]


class _Walker:
    def __init__(self, source: str, lines: LineMap) -> None:
        self.source, self.lines = source, lines
        self.problems: list[Diagnostic] = []

    def fail(self, path: Path, message: str) -> Any:
        self.problems.append(
            Diagnostic(
                source=self.source,
                line=line_of(self.lines, path),
                path=format_path(path),
                message=message,
            )
        )
        return _INVALID

    def conv(self, value: Any, typ: Any, path: Path) -> Any:
        if typ == RichText:
            return self.rich(value, path)
        origin = typing.get_origin(typ)
        if origin is typing.Annotated and typing.get_origin(typing.get_args(typ)[0]) is tuple:
            return self.sized(value, typ, path)
        if origin in (typing.Union, types.UnionType):
            return self.union(value, typing.get_args(typ), path)
        if origin is tuple:
            if not isinstance(value, list):
                return self.fail(path, f"expected a list, found {_describe(value)}")
            (item_type, _) = typing.get_args(typ)
            items = [self.conv(v, item_type, path + (i,)) for i, v in enumerate(value)]
            return _INVALID if any(v is _INVALID for v in items) else tuple(items)
        if isinstance(typ, type) and issubclass(typ, msgspec.Struct):
            return self.struct(value, typ, path)
        return self.leaf(value, typ, path)

    def sized(self, value: Any, typ: Any, path: Path) -> Any:
        base, *extras = typing.get_args(typ)
        result = self.conv(value, base, path)
        metas = [m for m in extras if isinstance(m, msgspec.Meta)]
        least = max((m.min_length or 0 for m in metas), default=0)
        most = min((m.max_length for m in metas if m.max_length is not None), default=None)
        wanted = next((m.description for m in metas if m.description), None)
        if result is _INVALID or least <= len(result) <= (most or len(result)):
            return result
        if not result and not wanted:
            return self.fail(path, f"list is empty; add at least {least} entry or remove the field")
        count = "list is empty" if not result else f"list has {len(result)} entries"
        if len(result) == 1:
            count = "list has 1 entry"
        return self.fail(path, f"{count}; expected {wanted or f'{least} to {most}'}")

    def rich(self, value: Any, path: Path) -> Any:
        if not isinstance(value, str):
            return self.fail(
                path, f"expected text (one line of Markdown), found {_describe(value)}"
            )
        try:
            return richtext.parse(value)
        except richtext.RichTextError as exc:
            return self.fail(path, str(exc))

    def union(self, value: Any, options: tuple[Any, ...], path: Path) -> Any:
        if value is None and type(None) in options:
            return None
        options = tuple(o for o in options if o is not type(None))
        structs = {
            o.__struct_config__.tag: o
            for o in options
            if isinstance(o, type) and issubclass(o, msgspec.Struct)
        }
        if len(options) == 1:
            return self.conv(value, options[0], path)
        if not isinstance(value, dict):
            return self.fail(path, f"expected a mapping with a 'kind', found {_describe(value)}")
        kinds = ", ".join(sorted(str(k) for k in structs))
        kind = value.get("kind", _DEFAULT_KINDS.get(frozenset(structs.values())))
        if kind is None:
            return self.fail(path, f"missing 'kind'; add one of: {kinds}")
        if kind not in structs:
            return self.fail(
                path + ("kind",), f"unknown kind {_describe(kind)}; expected one of: {kinds}"
            )
        return self.struct(value, structs[kind], path)

    def struct(self, value: Any, cls: type[msgspec.Struct], path: Path) -> Any:
        if not isinstance(value, dict):
            return self.fail(path, f"expected a mapping, found {_describe(value)}")
        config = cls.__struct_config__
        fields = {f.encode_name: f for f in msgspec.structs.fields(cls)}
        allowed = ", ".join(fields)
        ok = True
        for key in value:
            if key not in fields and not (config.tag_field == key and config.tag is not None):
                self.fail(
                    path + (key,),
                    f"unknown field {key!r}; expected one of: {allowed} "
                    "(check the spelling or remove it)",
                )
                ok = False
        hints = typing.get_type_hints(cls, include_extras=True)
        kwargs: dict[str, Any] = {}
        for name, info in fields.items():
            if name not in value:
                if info.required:
                    self.fail(path, f"missing required field {name!r}; add it")
                    ok = False
                continue
            converted = self.conv(value[name], hints[info.name], path + (name,))
            ok = ok and converted is not _INVALID
            kwargs[info.name] = converted
        if not ok:
            return _INVALID
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as exc:
            return self.fail(path, str(exc))

    def leaf(self, value: Any, typ: Any, path: Path) -> Any:
        try:
            return msgspec.convert(value, typ)
        except msgspec.ValidationError as exc:
            return self.fail(path, self.leaf_message(value, typ, exc))

    @staticmethod
    def leaf_message(value: Any, typ: Any, exc: msgspec.ValidationError) -> str:
        found = _describe(value)
        longest = min((m.max_length for m in _metas(typ) if m.max_length is not None), default=None)
        if isinstance(value, str) and longest is not None and len(value) > longest:
            return f"text is {len(value)} characters, over the limit of {longest}; shorten it"
        if typ is bool:
            return f"expected true or false, got {found}"
        if typing.get_origin(typ) is typing.Literal:
            choices = ", ".join(repr(c) for c in typing.get_args(typ))
            return f"expected one of {choices}, found {found}"
        if typing.get_origin(typ) is typing.Annotated:
            for meta in typing.get_args(typ)[1:]:
                if isinstance(meta, msgspec.Meta) and meta.description:
                    wanted = meta.description.rstrip(".")
                    return f"expected {wanted[0].lower()}{wanted[1:]}; found {found}"
        detail = str(exc).split(" - at ")[0]
        return f"{detail[0].lower()}{detail[1:]}; found {found}"
