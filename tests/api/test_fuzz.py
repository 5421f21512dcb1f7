"""Schemathesis fuzzes the app from its own OpenAPI document: no 5xx, every reply as documented.

Valid and invalid requests alike (generation mode "all"), with every built-in check.
Example counts stay small for the local suite; CI (CI=true) runs more.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.case import Case

from coprod_content.api import create_app
from coprod_content.loading import load_modules
from tests.api.conftest import CONTENT

EXAMPLES = 40 if os.environ.get("CI") else 15
CONFIG = SchemathesisConfig.from_dict(
    {"generation": {"mode": "all", "max-examples": EXAMPLES}, "checks": {"enabled": True}}
)
schema = schemathesis.openapi.from_asgi(
    "/schema/openapi.json", create_app(load_modules(CONTENT)), config=CONFIG
)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None)
def test_api_conforms_to_its_openapi_document(case: Case) -> None:
    case.call_and_validate()


Workflow = schema.as_state_machine()
Workflow.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=5, deadline=None)


class TestLinkedRequests(Workflow.TestCase):  # type: ignore[name-defined,misc]
    """Follow the links the API's responses offer (ids from one call used in the next)."""
