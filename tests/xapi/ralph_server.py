"""Run Ralph's LRS (``ralph.api:app``) with its file-system backend, patched for two bugs.

Started by ``tests/xapi/lrs.py`` as ``python tests/xapi/ralph_server.py PORT`` with
Ralph's settings in the environment (``RALPH_*``).

The first workaround: Ralph 5.1.0's file-system LRS backend writes every
batch of statements with its default operation type, ``CREATE``, which refuses to
write when the statements file already exists. So the first write creates
``fs_lrs.jsonl`` and every later write fails with ``BackendException`` -> HTTP 500
"Statements bulk indexation failed". Here the backend's *default* operation type
is set to ``APPEND`` before the app is imported: every write appends to the one
file. Nothing else changes. Validation, authentication, conflict checks (409) and
every other error path are Ralph's own, and any other write failure still returns
500.

The second: ``GET statements?activity=<IRI>`` (which ``coprod report`` uses) finds
nothing on this backend, because the API turns the parameter into an ``IRI`` model
and the backend compares it with the statements' plain strings, which are never
equal. The backend's activity filter is given the IRI as a string instead; matching,
``related_activities`` and everything else stay Ralph's own.

``ralph_probe.py`` shows both bugs through Ralph's own HTTP API, unpatched, and that
``patch`` alone removes them; ``test_lrs.py`` runs it and fails as soon as an
unpatched Ralph stores a second write or finds a statement by activity, the sign that
Ralph is fixed and this file can go (start ``ralph.api:app`` with uvicorn instead).
"""

from __future__ import annotations

import sys
from typing import Any

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend


def patch() -> None:
    """Apply both workarounds to Ralph's file-system LRS backend (at class level)."""
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    by_activity = FSLRSBackend._add_filter_by_activity

    def by_activity_iri(filters: list[Any], object_id: Any, related: Any) -> None:
        by_activity(filters, None if object_id is None else str(object_id), related)

    FSLRSBackend._add_filter_by_activity = staticmethod(by_activity_iri)  # type: ignore[method-assign]


def main(port: int) -> None:
    import uvicorn

    patch()
    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
