"""Round-trip properties: authored files -> model -> JSON -> model is identity."""

from __future__ import annotations

import msgspec
from hypothesis import given

from coprod_content import checks
from coprod_content.authoring import dump_tree
from coprod_content.loading import load_tree
from coprod_content.model import Module
from tests.strategies import modules


@given(modules())
def test_generated_modules_are_valid(module: Module) -> None:
    assert checks.check(module) == []


@given(modules())
def test_json_round_trip(module: Module) -> None:
    assert msgspec.json.decode(msgspec.json.encode(module), type=Module) == module


@given(modules())
def test_content_tree_round_trip(module: Module) -> None:
    files = dump_tree(module)
    loaded = load_tree(files, f"content/{module.id}")
    assert loaded == module
    again = msgspec.json.decode(msgspec.json.encode(loaded), type=Module)
    assert again == module
