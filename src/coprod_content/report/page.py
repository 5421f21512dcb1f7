"""``report.html``: one self-contained page, charts with the same figures in tables.

No script and nothing fetched at view time: the style sheet is inline (allowed by its
hash in the Content-Security-Policy) and the charts are SVG images in ``data:`` URLs,
each followed by a table with its figures, so the page works offline, read aloud and
printed. Built from the ``Report`` alone.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources

import jinja2
import msgspec
from markupsafe import Markup

from coprod_content.report import charts, schema
from coprod_content.report.table import response_label

KIND_WORDS: dict[str | None, str] = {
    "true-false": "True or false",
    "single-choice": "One choice",
    "multiple-response": "Several choices",
}
FLAG_WORDS: dict[str, str] = {
    "mostly-wrong": "Most learners wrong",
    "negative-discrimination": "Negative discrimination",
}


class Chart(msgspec.Struct, frozen=True, kw_only=True):
    """A chart as an image: its ``data:`` URL and its text alternative."""

    src: str
    alt: str


def html(report: schema.Report) -> bytes:
    """The page for ``report``."""
    css = style()
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    csp = (
        f"default-src 'none'; img-src data:; style-src 'sha256-{digest}'; "
        "base-uri 'none'; form-action 'none'"
    )
    page = (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            item_ids=list(dict.fromkeys(i.id for v in report.versions for i in v.items)),
            css=Markup(css),
            csp=csp,
            correct_chart=_chart(
                charts.correct_at_first_answer(report.versions),
                "Bar chart of the share of learners correct at their first answer, per item and"
                " version. The same figures are in the table that follows.",
            ),
            pass_chart=_chart(
                charts.pass_rate(report.versions),
                "Bar chart of the pass rate per version. The same figures are in the table that"
                " follows.",
            ),
        )
    )
    return page.encode()


def _chart(svg: bytes | None, alt: str) -> Chart | None:
    if svg is None:
        return None
    return Chart(src="data:image/svg+xml;base64," + base64.b64encode(svg).decode(), alt=alt)


@cache
def style() -> str:
    """The page's style sheet."""
    return (resources.files("coprod_content.report") / "templates" / "report.css").read_text()


def figure(value: float | str | None, kind: str = "number") -> str:
    """A figure as shown: a percentage, a decimal, a count, the hidden words or "not defined"."""
    if value is None:
        return "not defined"
    if isinstance(value, str):
        return value
    if kind == "share":
        return f"{value * 100:.0f}%"
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coprod_content.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(
        figure=figure,
        label=charts.label,
        flag_words=FLAG_WORDS,
        kind_words=KIND_WORDS,
        response_label=response_label,
    )
    return env
