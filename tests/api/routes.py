"""Every GET URL of the API for some modules, derived from the model (not from the app)."""

from __future__ import annotations

from collections.abc import Sequence

from coprod_content.model import Module

RICH = ("", "?richtext=html")
BOTH = ("", "?answers=false", "?richtext=html", "?answers=false&richtext=html")
SCHEMAS = [
    "module-list",
    "module-detail",
    "section-list",
    "section-detail",
    "pyramid-detail",
    "activity-list",
    "activity-detail",
    "quiz-detail",
    "quiz-item-detail",
    "resource-list",
    "resource-detail",
    "check-request",
    "check-result",
    "version-list",
    "change-list",
    "health",
    "problem",
]
"""The JSON Schema of each response, served at /v1/schema/<name>.json (README)."""
ITEM_SCHEMAS = ["true-false-item", "single-choice-item", "multiple-response-item"]
"""The JSON Schema of a quiz item of each kind, served beside them (README)."""


def module_urls(base: str, module: Module) -> list[str]:
    """Each GET route of a module (or a version of it) under ``base``, with every query
    variant it takes."""
    paths = [(base, BOTH), (f"{base}/quiz", BOTH)]
    paths += [(f"{base}/quiz/{item.id}", BOTH) for item in module.quiz.items]
    paths += [(f"{base}/sections", RICH), (f"{base}/pyramid", RICH)]
    paths += [(f"{base}/sections/{s.id}", RICH) for s in module.sections]
    paths += [(f"{base}/activities", RICH)]
    paths += [(f"{base}/activities/{a.id}", RICH) for a in module.activities]
    paths += [(f"{base}/resources", RICH)]
    paths += [(f"{base}/resources/{r.id}", RICH) for r in module.resources]
    return [path + query for path, queries in paths for query in queries]


def get_urls(modules: Sequence[Module]) -> list[str]:
    """Each GET route with every query variant it takes, for every module and part."""
    urls = ["/healthz", "/schema/openapi.json", "/v1/modules", "/v1/schema/module.json"]
    urls += [f"/v1/schema/{name}.json" for name in SCHEMAS + ITEM_SCHEMAS]
    for module in modules:
        urls += module_urls(f"/v1/modules/{module.id}", module)
        urls.append(f"/v1/modules/{module.id}/versions")
    return urls


def path_form(url: str) -> str:
    """A URL's path form, following the naming the README documents: the path, then
    ``.name-value`` for each non-default parameter in name order, then ``.json``."""
    path, _, query = url.partition("?")
    if path.endswith(".json"):
        return path
    pairs = sorted(p.split("=", 1) for p in query.split("&") if p)
    defaults = {"answers": "true", "richtext": "tree"}
    return path + "".join(f".{k}-{v}" for k, v in pairs if defaults.get(k) != v) + ".json"
