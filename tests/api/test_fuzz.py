"""Schemathesis fuzzes the API from its own OpenAPI document: no 5xx, every reply as documented.

Valid and invalid requests alike (generation mode "all"), with every built-in check, on
every documented operation: GET and HEAD of every route, the released versions' routes,
resources, schemas and checking answers. The app is the bundled module released as 1.0.0
in a scratch repository, built as ``coprod serve`` builds it, so the examples the
document gives (``coproduction``, ``1.0.0``...) name real things. Example counts stay
small for the local suite; CI (CI=true) runs more.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import settings
from litestar import Litestar
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.case import Case
from schemathesis.generation.hypothesis.examples import generate_one

from coprod_content import catalog, quiz
from coprod_content.api import create_app
from coprod_content.cli import main
from coprod_content.loading import load_modules
from tests.api.conftest import CONTENT, KINDS
from tests.gitrepo import commit_all, git, isolate_git

EXAMPLES = 40 if os.environ.get("CI") else 15
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis's default
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "all", "max-examples": EXAMPLES},
        "checks": {"enabled": True},
        # A check body's schema allows every answer form; which one an item takes depends on
        # its kind, which no schema of the body can see: the others are a documented 422.
        "operations": [
            {
                "include-path-regex": "/check$",
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}},
            }
        ],
    }
)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled content in a scratch repository, released as 1.0.0."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(monkeypatch)
        root = tmp_path_factory.mktemp("fuzz")
        content = Path(shutil.copytree(CONTENT, root / "content"))
        git(root, "init", "--quiet", "--initial-branch=main")
        git(root, "config", "user.name", "Test Author")
        git(root, "config", "user.email", "author@example.org")
        commit_all(root, "Add the module")
        args = ["release", "coproduction", "1.0.0", "--note", "First.", "--content", str(content)]
        assert main([*args, "--placeholder-iri"]) == 0  # the bundled base IRI is a placeholder
        yield content


@pytest.fixture(scope="module")
def released_app(released: Path) -> Litestar:
    published = catalog.released(released)
    return create_app(published.modules, history=published.history)


# The document is the same for every app; the cases run against ``released_app``.
schema = schemathesis.openapi.from_asgi(
    "/schema/openapi.json",
    create_app(catalog.released(CONTENT).modules, history={}),
    config=CONFIG,
)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None)
def test_api_conforms_to_its_openapi_document(case: Case, released_app: Litestar) -> None:
    case.call_and_validate(app=released_app)


def test_every_operation_is_fuzzed() -> None:
    """HEAD and the new routes are in what schemathesis runs."""
    operations = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    for expected in (
        ("HEAD", "/v1/modules/{module_id}"),
        ("HEAD", "/v1/modules/{module_id}/versions/{version}/changes"),
        ("GET", "/v1/modules/{module_id}/resources/{resource_id}"),
        ("GET", "/v1/modules/{module_id}/versions/{version}/resources"),
        ("GET", "/v1/schema/{schema_name}"),
        ("POST", "/v1/modules/{module_id}/versions/{version}/quiz/{item_id}/check"),
    ):
        assert expected in operations, expected
    documented = {(m.upper(), p) for p, item in schema.raw_schema["paths"].items() for m in item}
    # every documented operation but the document itself, which schemathesis loaded
    assert operations == documented - {("GET", "/schema/openapi.json")}


CHECKS = (
    "/v1/modules/{module_id}/quiz/{item_id}/check",
    "/v1/modules/{module_id}/versions/{version}/quiz/{item_id}/check",
)


@pytest.mark.parametrize("path", CHECKS)
def test_the_check_examples_give_every_answer_shape(path: str) -> None:
    """The examples schemathesis runs first (its examples phase) answer a true-false, a
    single-choice and a multiple-response item: true/false, a choice id, a list of ids."""
    operation = schema[path]["POST"]
    bodies = [generate_one(s).body for s in operation.get_strategies_from_examples()]
    shapes = [type(body["answer"]) for body in bodies]
    assert sorted(shape.__name__ for shape in shapes) == ["bool", "list", "str"]


@pytest.fixture(scope="module")
def kinds_app() -> Litestar:
    """An app over a module with an item of each kind (the README's example items)."""
    return create_app(load_modules(KINDS.parent))


@pytest.mark.parametrize("kind", ["true-false", "single-choice", "multiple-response"])
def test_each_check_example_is_answered_for_an_item_of_its_kind(
    kind: str, kinds_app: Litestar
) -> None:
    """Sent to an item of the kind it names, each example is checked (200), as documented."""
    operation = schema[CHECKS[0]]["POST"]
    body = operation.definition.raw["requestBody"]["content"]["application/json"]
    example = body["examples"][kind]["value"]
    (module,) = load_modules(KINDS.parent)
    item = next(i for i in module.quiz.items if quiz.kind(i) == kind)
    case = operation.Case(
        path_parameters={"module_id": module.id, "item_id": item.id},
        body=example,
        media_type="application/json",
    )
    response = case.call_and_validate(app=kinds_app)
    assert response.status_code == 200
    assert response.json()["item_id"] == item.id


Workflow = schema.as_state_machine()
Workflow.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=5, deadline=None)


class TestLinkedRequests(Workflow.TestCase):  # type: ignore[name-defined,misc]
    """Follow the links the API's responses offer (ids from one call used in the next)."""
