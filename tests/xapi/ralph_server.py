"""Run Ralph's LRS (``ralph.api:app``) with its file-system backend, patched for one bug.

Started by ``tests/xapi/lrs.py`` as ``python tests/xapi/ralph_server.py PORT`` with
Ralph's settings in the environment (``RALPH_*``).

The workaround, and all of it: Ralph 5.1.0's file-system LRS backend writes every
batch of statements with its default operation type, ``CREATE``, which refuses to
write when the statements file already exists. So the first write creates
``fs_lrs.jsonl`` and every later write fails with ``BackendException`` -> HTTP 500
"Statements bulk indexation failed". Here the backend's *default* operation type
is set to ``APPEND`` before the app is imported: every write appends to the one
file. Nothing else changes. Validation, authentication, conflict checks (409) and
every other error path are Ralph's own, and any other write failure still returns
500. ``test_lrs.py::test_ralph_fs_backend_still_refuses_a_second_write`` proves the
bug is still there, so this patch can go once Ralph fixes it.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend


def main(port: int) -> None:
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
