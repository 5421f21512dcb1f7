"""Round-trip properties: authored files -> model -> JSON -> model is identity."""

from __future__ import annotations

import tempfile
from pathlib import Path

import msgspec
from hypothesis import given

from coprod_content import checks
from coprod_content.authoring import dump_tree
from coprod_content.loading import load_modules, load_tree
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
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in dump_tree(module).items():
            path = Path(tmp, module.id, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (loaded,) = load_modules(tmp)
    assert loaded == module
    again = msgspec.json.decode(msgspec.json.encode(loaded), type=Module)
    assert again == module


def test_bundled_module_round_trips_through_authoring() -> None:
    (module,) = load_modules(Path(__file__).resolve().parents[1] / "content")
    assert load_tree(dump_tree(module), f"content/{module.id}") == module
