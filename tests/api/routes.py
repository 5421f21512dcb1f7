"""Every GET URL of the API for some modules, derived from the model (not from the app)."""

from __future__ import annotations

from collections.abc import Sequence

from coprod_content.model import Module

RICH = ("", "?richtext=html")
BOTH = ("", "?answers=false", "?richtext=html", "?answers=false&richtext=html")


def get_urls(modules: Sequence[Module]) -> list[str]:
    """Each GET route with every query variant it takes, for every module and part."""
    urls = ["/healthz", "/schema/openapi.json", "/v1/modules", "/v1/schema/module.json"]
    for module in modules:
        base = f"/v1/modules/{module.id}"
        paths = [(base, BOTH), (f"{base}/quiz", BOTH)]
        paths += [(f"{base}/quiz/{item.id}", BOTH) for item in module.quiz.items]
        paths += [(f"{base}/sections", RICH), (f"{base}/pyramid", RICH)]
        paths += [(f"{base}/sections/{s.id}", RICH) for s in module.sections]
        paths += [(f"{base}/activities", RICH)]
        paths += [(f"{base}/activities/{a.id}", RICH) for a in module.activities]
        urls += [path + query for path, queries in paths for query in queries]
    return urls
