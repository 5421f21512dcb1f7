"""Shows, through Ralph's own HTTP API, the two bugs ``ralph_server.py`` works around.

Run by ``test_lrs.py`` with Ralph's Python: ``python tests/xapi/ralph_probe.py FOLDER``.
It starts ``ralph.api:app`` in process (FastAPI's test client, no port) on the
file-system backend in FOLDER, once as Ralph ships it and once after
``ralph_server.patch()``, and in each round makes the requests the tests and
``coprod report`` make: two statements in two writes, then ``GET statements`` with
and without ``activity``. It prints what Ralph answered as one JSON object:
``{"unpatched": ROUND, "patched": ROUND}``, where ROUND is
``{"writes": [status, ...], "refusal": detail, "stored": n, "by_activity": n}``.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

ACTIVITY = "https://coprod-content.example.org/probe"
USER, PASSWORD = "probe", "probe-password"


def statement() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": "mailto:learner@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"objectType": "Activity", "id": ACTIVITY},
        "timestamp": "2025-03-01T09:00:00.000Z",
    }


def one_round(client: Any, folder: Path) -> dict[str, Any]:
    (folder / "fs_lrs.jsonl").unlink(missing_ok=True)
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
    writes = [client.post("/xAPI/statements", json=statement(), headers=headers) for _ in range(2)]
    every = client.get("/xAPI/statements", headers=headers)
    found = client.get("/xAPI/statements", params={"activity": ACTIVITY}, headers=headers)
    refused = [w.json().get("detail") for w in writes if w.status_code != 200]
    return {
        "writes": [w.status_code for w in writes],
        "refusal": refused[0] if refused else None,
        "stored": len(every.json()["statements"]),
        "by_activity": len(found.json()["statements"]),
    }


def main(folder: Path) -> None:
    import bcrypt

    users = [
        {
            "username": USER,
            "hash": bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode(),
            "scopes": ["all"],
            "agent": {"mbox": "mailto:lrs@coprod-content.example.org"},
        }
    ]
    (folder / "auth.json").write_text(json.dumps(users))
    os.environ.update(
        {
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder),
        }
    )
    from fastapi.testclient import TestClient
    from ralph.api import app

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from ralph_server import patch

    with TestClient(app) as client:
        found = {"unpatched": one_round(client, folder)}
        patch()
        found["patched"] = one_round(client, folder)
    print(json.dumps(found))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
