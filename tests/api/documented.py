"""What the API documents for a URL: its OpenAPI operation and its response's JSON Schema.

Both are fetched from a running API (a TestClient or ``coprod serve``), never taken from
the code under test, and a URL in path form is read back with the rules the README
gives, so a response can be validated against the schema the API itself publishes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
import msgspec

Fetch = Callable[[str], bytes]
"""GET a path on the API under test; the body."""
ITEM_KINDS = ("true-false", "single-choice", "multiple-response")
"""The kinds of quiz item (README), each with its JSON Schema at /v1/schema/<kind>-item.json."""


def quiz_items(value: Any) -> Iterator[dict[str, Any]]:
    """Every quiz item in a decoded response: an object whose ``kind`` is an item kind."""
    if isinstance(value, dict):
        if value.get("kind") in ITEM_KINDS:
            yield value
        for item in value.values():
            yield from quiz_items(item)
    elif isinstance(value, list):
        for item in value:
            yield from quiz_items(item)


def query_of(url: str) -> tuple[str, dict[str, str]]:
    """A URL in query form or path form -> its path and query parameters.

    Path form (README): the path, ``.name-value`` for each non-default parameter in name
    order, then ``.json``; the schema documents are their own path form.
    """
    path, _, query = url.partition("?")
    params = dict(p.split("=", 1) for p in query.split("&") if p)
    if query or not path.endswith(".json") or "/schema/" in path:
        return path, params
    path = path.removesuffix(".json")
    since = re.search(r"\.since-([^/]+)$", path)
    if since:
        params["since"] = since[1]
        path = path[: since.start()]
    for name in ("richtext", "answers"):
        found = re.search(rf"\.{name}-([a-z]+)$", path)
        if found:
            params[name] = found[1]
            path = path[: found.start()]
    return path, params


class Documented:
    """The OpenAPI document and response schemas an API publishes."""

    def __init__(self, fetch: Fetch) -> None:
        self.fetch = fetch
        self.spec: dict[str, Any] = msgspec.json.decode(fetch("/schema/openapi.json"))
        self._validators: dict[str, jsonschema.Draft202012Validator] = {}

    def operation(self, url: str, method: str = "get") -> dict[str, Any]:
        """The operation documenting ``url`` (a fixed segment preferred to a parameter)."""
        path, _ = query_of(url)
        found = [
            (pattern.count("{"), item[method])
            for pattern, item in self.spec["paths"].items()
            if method in item and re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", pattern), path)
        ]
        assert found, f"{url} is not documented"
        return min(found, key=lambda pair: pair[0])[1]

    def schema_name(self, url: str, status: int = 200, method: str = "get") -> str:
        """The name of the schema of the response to ``url``: ``module-detail.json``."""
        response = self.operation(url, method)["responses"][str(status)]
        ref = response["$ref"].rsplit("/", 1)[1]
        (content,) = self.spec["components"]["responses"][ref]["content"].values()
        name = content["schema"]["$ref"].rsplit("/", 1)[1]
        return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower() + ".json"

    def validate(self, url: str, body: bytes, status: int = 200, method: str = "get") -> str:
        """Validate ``body``, the response to ``url``, against the JSON Schema the API serves
        for it; the schema's name."""
        name = self.schema_name(url, status, method)
        if name not in ("json-schema-document.json", "open-api-document.json"):
            self.validate_as(name, body)
        return name

    def validate_as(self, name: str, body: bytes) -> None:
        """Validate ``body`` against the JSON Schema the API serves as ``name``."""
        self._validator(name).validate(msgspec.json.decode(body))

    def validate_items(self, body: bytes) -> list[str]:
        """Validate each quiz item in ``body`` against the JSON Schema the API serves for its
        kind (``true-false-item.json``...); their kinds."""
        found = list(quiz_items(msgspec.json.decode(body)))
        for item in found:
            self._validator(f"{item['kind']}-item.json").validate(item)
        return [item["kind"] for item in found]

    def _validator(self, name: str) -> jsonschema.Draft202012Validator:
        if name not in self._validators:
            schema = msgspec.json.decode(self.fetch(f"/v1/schema/{name}"))
            jsonschema.Draft202012Validator.check_schema(schema)
            self._validators[name] = jsonschema.Draft202012Validator(schema)
        return self._validators[name]
