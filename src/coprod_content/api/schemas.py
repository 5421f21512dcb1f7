"""JSON Schemas of the API's responses, with a named component for each thing in them.

msgspec writes the schemas of the wire Structs; two passes make them what frontends need.
Aliases given a ``title`` in ``wire`` (rich text as a tree and as HTML, an inline node, a
block, a step, an href...) become named components rather than being repeated inline,
and a one-value enum (each ``kind`` tag) becomes a ``const``, so generated clients name
their types after what they describe (no ``Kind1``, ``Kind2``...). ``components`` feeds
the OpenAPI document; ``documents`` gives one JSON Schema per response and per kind of
quiz item, served at ``/v1/schema/<name>`` beside the authoring schema (``module.json``).
Pure: no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

import msgspec

from coprod_content.api import wire as w
from coprod_content.api.problems import Problem

Schema = dict[str, Any]
DIALECT = "https://json-schema.org/draft/2020-12/schema"
RESPONSES: tuple[type[msgspec.Struct], ...] = (
    w.ModuleList,
    w.ModuleDetail,
    w.SectionList,
    w.SectionDetail,
    w.PyramidDetail,
    w.ActivityList,
    w.ActivityDetail,
    w.QuizDetail,
    w.QuizItemDetail,
    w.ResourceList,
    w.ResourceDetail,
    w.CheckRequest,
    w.CheckResult,
    w.VersionList,
    w.ChangeList,
    w.Health,
    Problem,
)
"""Every body the API sends or takes, each with its own JSON Schema document."""
ITEM_KINDS: tuple[type[msgspec.Struct], ...] = (
    w.TrueFalseItem,
    w.SingleChoiceItem,
    w.MultipleResponseItem,
)
"""A quiz item of each kind, with a JSON Schema document of its own beside the responses'
(``true-false-item.json``), so a frontend can check the items of any quiz page by kind."""
DOCUMENTED = RESPONSES + ITEM_KINDS


def file_name(struct: type[msgspec.Struct]) -> str:
    """The schema document of a response: ``ModuleDetail`` -> ``module-detail.json``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", struct.__name__).lower() + ".json"


def components(ref_template: str) -> dict[str, Schema]:
    """Every schema the responses use, by name, with ``$ref``s made from ``ref_template``."""
    _, found = msgspec.json.schema_components(DOCUMENTED, ref_template=ref_template)
    named: dict[str, Schema] = {}

    def ref(name: str) -> str:
        return ref_template.format(name=name)

    out = {name: _lift(schema, named, ref, top=True) for name, schema in found.items()}
    for name, schema in named.items():
        assert name not in out, f"{name} names both a Struct and an alias"
        out[name] = schema
    # A union written inline elsewhere (the model's own ``children``) is the alias it equals.
    unions = {_shape(schema): name for name, schema in named.items() if "anyOf" in schema}
    out = {name: _dedupe(schema, unions, ref, top=True) for name, schema in out.items()}
    return dict(sorted(out.items()))


def _shape(schema: Schema) -> bytes:
    bare = {k: v for k, v in schema.items() if k not in ("title", "description")}
    return msgspec.json.encode(bare, order="sorted")


def _dedupe(value: Any, unions: Mapping[bytes, str], ref: Callable[[str], str], top: bool) -> Any:
    if isinstance(value, list):
        return [_dedupe(item, unions, ref, top=False) for item in value]
    if not isinstance(value, dict):
        return value
    if not top and "anyOf" in value and _shape(value) in unions:
        return {"$ref": ref(unions[_shape(value)])}
    return {key: _dedupe(item, unions, ref, top=False) for key, item in value.items()}


def _lift(value: Any, named: dict[str, Schema], ref: Callable[[str], str], top: bool) -> Any:
    """``value`` with titled aliases replaced by references, and one-value enums by consts."""
    if isinstance(value, list):
        return [_lift(item, named, ref, top=False) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _lift(item, named, ref, top=False) for key, item in value.items()}
    enum = out.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        del out["enum"]
        out["const"] = enum[0]
    title = out.get("title")
    if top or not isinstance(title, str):
        return out
    known = named.setdefault(title, out)
    assert known == out, f"the alias {title} is used with different schemas: {known} != {out}"
    return {"$ref": ref(title)}


@functools.cache
def documents() -> dict[str, bytes]:
    """``module-detail.json`` and its kin: one JSON Schema document per response, and one
    per kind of quiz item."""
    defs = components("#/$defs/{name}")
    out: dict[str, bytes] = {}
    for struct in DOCUMENTED:
        name = struct.__name__
        document: Schema = {
            "$schema": DIALECT,
            "title": name,
            "description": defs[name].get("description", name),
            "$ref": f"#/$defs/{name}",
            "$defs": {n: defs[n] for n in sorted(_reachable(name, defs))},
        }
        encoded = msgspec.json.encode(document)
        out[file_name(struct)] = msgspec.json.format(encoded, indent=2) + b"\n"
    return out


def _reachable(name: str, defs: Mapping[str, Schema]) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo += re.findall(
            r'"\$ref":"#/\$defs/([^"]+)"', msgspec.json.encode(defs[current]).decode()
        )
    return seen
