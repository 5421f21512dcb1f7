"""``items.csv``: one row per item and version, for a spreadsheet.

UTF-8 with a byte order mark and CRLF line ends, so spreadsheet programs read the
accents and the rows right; numbers are plain decimals (0.75), a hidden figure is
the words "fewer than N" and a figure that is not defined is the words "not defined".
A text cell that starts like a formula is prefixed with an apostrophe, so opening the
file never runs anything a learner typed as a response.
"""

from __future__ import annotations

import csv
import io

from coprod_content.report import schema

COLUMNS = (
    "version",
    "item",
    "iri",
    "kind",
    "text",
    "learners",
    "correct_at_first_answer",
    "discrimination",
    "flags",
    "responses",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def items_csv(report: schema.Report) -> bytes:
    """The items of every version as CSV bytes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for version in report.versions:
        for item in version.items:
            given = "; ".join(f"{response_label(r)}: {r.learners}" for r in item.responses)
            writer.writerow(
                [
                    text_cell(version.version or "version unknown"),
                    text_cell(item.id),
                    text_cell(item.iri),
                    item.kind or "not known",
                    text_cell(item.text),
                    _figure(item.learners),
                    _figure(item.correct_at_first_answer),
                    _figure(item.discrimination),
                    " ".join(item.flags),
                    text_cell(given),
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def response_label(response: schema.Response) -> str:
    """A response as shown: the response itself, or "other responses"."""
    return "other responses" if response.response is None else response.response


def _figure(value: float | str | None) -> str | float:
    return "not defined" if value is None else value


def text_cell(value: str) -> str:
    """``value`` as a text cell: an apostrophe before anything a spreadsheet would run."""
    return "'" + value if value.startswith(_FORMULA) else value
