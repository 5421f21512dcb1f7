"""Module -> authored files (the inverse of ``loading``): name -> YAML bytes.

Used to write generated modules as content trees, and by tools that update
authored files (such as a release bumping the version).
"""

from __future__ import annotations

import types
import typing
from typing import Any

import msgspec
import yaml

from coprod_content import richtext
from coprod_content.model import Module, ModuleFile, ResourcesFile, RichText, meta_of

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_tree(module: Module) -> dict[str, bytes]:
    """Every file of the module's folder, as relative name -> bytes."""
    head = ModuleFile(
        **meta_of(module),
        sections=tuple(s.id for s in module.sections),
        activities=tuple(a.id for a in module.activities),
    )
    files = {
        "module.yaml": dump_yaml(head),
        "pyramid.yaml": dump_yaml(module.pyramid),
        "quiz.yaml": dump_yaml(module.quiz),
        "resources.yaml": dump_yaml(ResourcesFile(resources=module.resources)),
    }
    for section in module.sections:
        files[f"sections/{section.id}.yaml"] = dump_yaml(section)
    for activity in module.activities:
        files[f"activities/{activity.id}.yaml"] = dump_yaml(activity)
    for image in module.images:
        files[image.path] = image.data
    return files


def dump_yaml(value: msgspec.Struct) -> bytes:
    """One Struct as an authored YAML document (rich text as inline Markdown)."""
    data = _plain(value, type(value))
    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")


def _plain(value: Any, typ: Any) -> Any:
    if typ == RichText:
        return richtext.to_markdown(value)
    if isinstance(value, msgspec.Struct):
        cls = type(value)
        config = cls.__struct_config__
        hints = typing.get_type_hints(cls, include_extras=True)
        out: dict[str, Any] = {}
        if config.tag_field and config.tag is not None:
            out[config.tag_field] = config.tag
        for field in msgspec.structs.fields(cls):
            item = getattr(value, field.name)
            if not field.required and item == field.default:
                continue
            out[field.encode_name] = _plain(item, _strip(hints[field.name], item))
        return out
    if isinstance(value, tuple):
        (item_type, _) = typing.get_args(_unannotated(typ))
        return [_plain(v, item_type) for v in value]
    return value


def _unannotated(typ: Any) -> Any:
    while typing.get_origin(typ) is typing.Annotated:
        typ = typing.get_args(typ)[0]
    return typ


def _strip(typ: Any, value: Any) -> Any:
    """Resolve ``X | None`` to the member type that ``value`` has."""
    if typ == RichText:
        return typ
    base = _unannotated(typ)
    if typing.get_origin(base) in (typing.Union, types.UnionType):
        options = [o for o in typing.get_args(base) if o is not type(None)]
        if RichText in options:
            return RichText
        return options[0] if len(options) == 1 else base
    return typ
