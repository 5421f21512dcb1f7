"""Every dispatch over kinds in the converter ends in ``assert_never``: a kind it was never
taught is an error, never silently sent as another (a resource list, a help step...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from coprod_content import changes as c
from coprod_content.api.convert import Converter
from coprod_content.api.urls import Style
from coprod_content.model import Model, Module, RichText, Text


class _Block(Model, frozen=True, kw_only=True, tag="unknown", tag_field="kind"):
    id: str


class _Item(Model, frozen=True, kw_only=True, tag="unknown", tag_field="kind"):
    """A new kind of quiz item: it has what every item has."""

    id: str
    statement: RichText
    explanation: RichText


class _Change(c.Change, frozen=True, kw_only=True, tag="unknown"):
    id: str = "x"


def _dispatches(convert: Converter) -> dict[str, Callable[[Any], object]]:
    return {
        "block": convert.block,
        "step": convert.step,
        "quiz item": convert.quiz_item,
        "change": convert.change,
    }


@pytest.mark.parametrize("dispatch", ["block", "step", "quiz item", "change"])
@pytest.mark.parametrize("richtext", ["tree", "html"])
def test_an_unknown_kind_is_an_error(module: Module, dispatch: str, richtext: str) -> None:
    convert = Converter(module, Style(richtext))  # type: ignore[arg-type]
    text = (Text(text="Words"),)
    unknown = {
        "change": _Change(),
        "quiz item": _Item(id="x", statement=text, explanation=text),
    }.get(dispatch, _Block(id="x"))
    with pytest.raises(AssertionError):
        _dispatches(convert)[dispatch](unknown)
