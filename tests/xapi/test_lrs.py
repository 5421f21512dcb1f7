"""The test LRS itself: Ralph stores statements, the front passes its errors through."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Any

import httpx

from tests.xapi.conftest import Lrs, validate
from tests.xapi.lrs import RALPH_PYTHON

RALPH_BUG = """
import sys
from ralph.backends.lrs.fs import FSLRSBackend, FSLRSBackendSettings
from ralph.exceptions import BackendException
backend = FSLRSBackend(FSLRSBackendSettings(DEFAULT_DIRECTORY_PATH=sys.argv[1]))
backend.write([{"id": "1"}])
try:
    backend.write([{"id": "2"}])
except BackendException as exc:
    print("refused:", exc)
else:
    print("appended")
"""


def statement(**extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": "mailto:learner@example.org"},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/experienced",
            "display": {"en-US": "experienced"},
        },
        "object": {"objectType": "Activity", "id": "https://coprod-content.example.org/test"},
        **extra,
    }


def headers(lrs: Lrs, auth: str | None = None) -> dict[str, str]:
    return {"Authorization": auth or lrs.ralph.auth, "X-Experience-API-Version": "1.0.3"}


def test_ralph_fs_backend_still_refuses_a_second_write(tmp_path: Path) -> None:
    """Why ralph_server.py patches Ralph: unpatched, the second write fails. Drop the patch
    (and this test) once this prints "appended"."""
    done = subprocess.run(
        [RALPH_PYTHON, "-c", RALPH_BUG, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.startswith("refused:"), done.stdout + done.stderr


def test_every_write_is_stored_and_read_back_through_the_front(lrs: Lrs) -> None:
    registration = str(uuid.uuid4())
    sent = [statement(context={"registration": registration}) for _ in range(3)]
    with httpx.Client(base_url=lrs.front.endpoint) as client:
        for one in sent:  # separate writes: the second one is where Ralph 5.1.0 fails unpatched
            response = client.post("statements", json=one, headers=headers(lrs))
            assert response.status_code == 200, response.text
    stored = lrs.ralph.statements(registration=registration)
    assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in sent)
    assert validate(stored) == [[], [], []]


def test_the_front_passes_ralphs_errors_through(lrs: Lrs) -> None:
    with httpx.Client(base_url=lrs.front.endpoint) as client:
        bad = client.post("statements", json={"actor": {}}, headers=headers(lrs))
        wrong = client.post(
            "statements", json=statement(), headers=headers(lrs, "Basic bm9ib2R5Og==")
        )
        one = statement()
        first = client.put(
            "statements", params={"statementId": one["id"]}, json=one, headers=headers(lrs)
        )
        changed = {**one, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}}
        clash = client.post("statements", json=changed, headers=headers(lrs))
    assert bad.status_code == 422  # Ralph (FastAPI) answers an invalid statement with 422
    assert wrong.status_code == 401
    assert first.status_code == 204
    assert clash.status_code == 409


def test_fetch_url_returns_the_token_once(lrs: Lrs) -> None:
    url = lrs.front.issue_fetch("dG9rZW4=")
    first = httpx.post(url).json()
    second = httpx.post(url).json()
    assert first == {"auth-token": "dG9rZW4="}
    assert second["error-code"] == "1"
