"""The report's charts, drawn by matplotlib as SVG: only figures the anonymity rule shows.

A figure hidden by the rule has no bar (the table beside each chart says why).
Output is reproducible: fixed fonts (matplotlib's own DejaVu Sans), a fixed id salt
and no date in the SVG. Colours are the Okabe-Ito palette, distinguishable with
colour-blindness; versions also differ by hatching, so colour is never the only cue.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from coprod_content.report import schema

COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
HATCHES = ("", "//", "..", "xx", "\\\\", "--", "oo")
STYLE: dict[Any, Any] = {
    "svg.hashsalt": "coprod-report",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "hatch.color": "#ffffff",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def label(version: str | None) -> str:
    """A version as people read it."""
    return "version unknown" if version is None else version


def correct_at_first_answer(versions: Sequence[schema.Version]) -> bytes | None:
    """Share correct at first answer, per item (rows) and version (bars); None if none shown."""
    with matplotlib.rc_context(STYLE):
        return _correct(versions)


def pass_rate(versions: Sequence[schema.Version]) -> bytes | None:
    """Pass rate per version; None when no version's pass rate is shown."""
    with matplotlib.rc_context(STYLE):
        return _pass_rate(versions)


def _correct(versions: Sequence[schema.Version]) -> bytes | None:
    items = list(dict.fromkeys(item.id for v in versions for item in v.items))
    shown = [
        (v, {i.id: i.correct_at_first_answer for i in v.items})
        for v in versions
        if any(isinstance(i.correct_at_first_answer, float) for i in v.items)
    ]
    if not shown:
        return None
    height = 0.42 / len(shown) * 2
    figure = _figure(1.2 + 0.5 * len(items) * max(1, len(shown) / 2))
    axes = figure.subplots()
    for n, (version, shares) in enumerate(shown):
        rows = [(k, s) for k, item in enumerate(items) if isinstance(s := shares.get(item), float)]
        axes.barh(
            [k + (n - (len(shown) - 1) / 2) * height for k, _ in rows],
            [s * 100 for _, s in rows],
            height=height,
            label=label(version.version),
            color=COLOURS[n % len(COLOURS)],
            hatch=HATCHES[n % len(HATCHES)],
        )
    axes.set_yticks(range(len(items)), items)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("Learners correct at their first answer (%)")
    axes.axvline(50, color="#595959", linewidth=0.8, linestyle=":")
    axes.legend(title="Version", loc="lower right", frameon=True)
    return _svg(figure)


def _pass_rate(versions: Sequence[schema.Version]) -> bytes | None:
    shown = [(label(v.version), v.pass_rate) for v in versions if isinstance(v.pass_rate, float)]
    if not shown:
        return None
    figure = _figure(1.2 + 0.45 * len(shown))
    axes = figure.subplots()
    axes.barh(
        range(len(shown)),
        [rate * 100 for _, rate in shown],
        height=0.6,
        color=[COLOURS[n % len(COLOURS)] for n in range(len(shown))],
        hatch=[HATCHES[n % len(HATCHES)] for n in range(len(shown))],
    )
    axes.set_yticks(range(len(shown)), [name for name, _ in shown])
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("Learners with a verdict who passed (%)")
    return _svg(figure)


def _figure(height: float) -> Figure:
    return Figure(figsize=(7.0, height), layout="constrained")


def _svg(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
