"""Where statements come from: a JSON-lines file (an LRS export) or an LRS, into a ``Tally``.

Both stream: a file is read line by line, an LRS page by page, and each statement is
counted and dropped before the next is read.
"""

from __future__ import annotations

from pathlib import Path

from coprod_content.diagnostics import CoprodError
from coprod_content.report.lrs import Client
from coprod_content.report.tally import Tally


def read_file(tally: Tally, path: Path) -> None:
    """Count every statement of a JSON-lines file, one statement per line (blank lines skipped).

    Raises:
        CoprodError: the file cannot be read.
    """
    try:
        with path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    tally.add(f"{path}:{number}", line)
    except OSError as exc:
        raise CoprodError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_lrs(tally: Tally, client: Client, since: str | None, until: str | None) -> None:
    """Count every statement the LRS holds about the module's activities.

    One query per activity IRI (the module, and its cmi5 AU), each with
    ``related_activities``; a statement about both is counted once.

    Raises:
        LrsError: the LRS cannot be read.
    """
    for query, activity in enumerate(tally.iris):
        for where, raw in client.statements(activity, since=since, until=until):
            tally.add(where, raw, query)
