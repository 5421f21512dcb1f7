"""``coprod report``: read the statements, count them, and return the three files to write.

The CLI writes what ``run`` returns; nothing here writes a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from coprod_content.diagnostics import CoprodError
from coprod_content.report import figures, page, schema, table
from coprod_content.report.lrs import Client, Sleep, authorization
from coprod_content.report.privacy import Rule
from coprod_content.report.source import read_file, read_lrs
from coprod_content.report.tally import Tally
from coprod_content.report.versions import activity_iris, item_prefix, module_versions


def run(
    *,
    content: Path,
    module_id: str | None,
    lrs: str | None,
    statements: Path | None,
    auth_env: str,
    environ: Mapping[str, str],
    since: str | None = None,
    until: str | None = None,
    min_learners: int = 5,
    sleep: Sleep | None = None,
) -> tuple[dict[str, bytes], list[str]]:
    """The report's files (name -> bytes) and lines for the person running it.

    Raises:
        CoprodError: the options, the content or the source cannot be used (the
            message says which and what to do).
    """
    rule = Rule(min_learners)
    if (lrs is None) == (statements is None):
        raise CoprodError("give either --lrs URL or --statements FILE, to say where to read")
    window = (_moment("--since", since), _moment("--until", until))
    module, known, notes = module_versions(content, module_id or _only_module(content))
    tally = Tally(activity_iris(module), items=item_prefix(module))
    if lrs is not None:
        secret = environ.get(auth_env, "").strip()
        auth = authorization(secret, auth_env) if secret else None
        client = Client(lrs, auth=auth, auth_variable=auth_env, sleep=sleep)
        read_lrs(tally, client, since, until)
    else:
        assert statements is not None
        tally.window = window
        read_file(tally, statements)
    found = figures.report(
        tally,
        module,
        known,
        rule,
        source="lrs" if lrs is not None else "file",
        since=since,
        until=until,
    )
    outputs = {
        "report.json": schema.encode(found),
        "report.html": page.html(found),
        "items.csv": table.items_csv(found),
    }
    return outputs, notes + summary(tally, module.id)


def summary(tally: Tally, module_id: str) -> list[str]:
    """What was read, and every reason statements were skipped, for the person running it."""
    skipped = sum(tally.skipped.values())
    lines = [
        f"read {tally.read} statements about {module_id}: {tally.used} counted,"
        f" {tally.ignored} with other verbs left aside, {skipped} skipped"
    ]
    if tally.elsewhere:
        lines.append(f"left out {tally.elsewhere} statements about other activities or times")
    lines += [
        f"skipped {count}: {reason} (first: {tally.first_skipped[reason]})"
        for reason, count in sorted(tally.skipped.items(), key=lambda rc: (-rc[1], rc[0]))
    ]
    return lines


def _moment(option: str, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CoprodError(
            f"{option} {value!r} is not a time; write it as ISO 8601, e.g. 2025-03-01T00:00:00Z"
        ) from None
    if moment.tzinfo is None:
        raise CoprodError(
            f"{option} {value!r} has no time zone; add one, e.g. {value}Z for UTC"
        ) from None
    return moment.timestamp()


def _only_module(content: Path) -> str:
    found = sorted(p.parent.name for p in content.glob("*/module.yaml"))
    if len(found) != 1:
        listed = ", ".join(found) or "none"
        raise CoprodError(f"name the module with --module (modules in {content}: {listed})")
    return found[0]
