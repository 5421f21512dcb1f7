"""Benchmark: ``coprod report --statements`` on 100,000 statements, against reading them plainly.

Run from the repository root::

    .venv/bin/python bench/report.py [--statements 100000] [--learners 5000] [--repeat 3]

The script writes a JSON-lines file of generated statements (the bundled module's
items, two versions, Tin Can and cmi5 sittings with retries) to a temporary folder,
then runs, each as a child process measured alone (``os.wait4``: wall time, CPU
time and peak resident memory):

- ``wc -l`` of the file (reading the bytes);
- a plain Python loop doing ``json.loads`` on every line (the least a Python reader does);
- ``coprod report --statements FILE`` (start, read, count, figures, charts, all three files);

each ``--repeat`` times (median times, largest peak). It then runs the report on twice
the statements from the same learners: streaming means the peak memory does not grow
with the number of statements, only with learners and items.

Bars (issue 14): at most 10 s and under 300 MB for 100,000 statements.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from coprod_content import quiz
from coprod_content.loading import load_modules
from coprod_content.model import Module
from coprod_content.xapi import iri

ADL = "http://adlnet.gov/expapi/verbs/"
ATTEMPT = "http://id.tincanapi.com/extension/attempt-id"
TIME_BAR = 10.0
MEMORY_BAR_MB = 300.0
START = datetime(2025, 1, 1, tzinfo=UTC)
LOOP = "import json, sys\nfor line in open(sys.argv[1], 'rb'):\n    json.loads(line)\n"


def generate(path: Path, count: int, learners: int, seed: int = 1) -> int:
    """Write about ``count`` statements by ``learners`` learners; the number written."""
    module = next(m for m in load_modules("content") if m.id == "coproduction")
    rnd = random.Random(seed)
    attempts = [0] * learners
    written = 0
    with path.open("w") as out:
        while written < count:
            n = rnd.randrange(learners)
            attempts[n] += 1
            for statement in sitting(module, rnd, n, attempts[n], written):
                out.write(json.dumps(statement) + "\n")
                written += 1
    return written


def sitting(
    module: Module, rnd: random.Random, n: int, attempt: int, minute: int
) -> list[dict[str, Any]]:
    """One sitting of learner ``n``: initialized, an answer per item, a verdict, completed."""
    cmi5 = rnd.random() < 0.4
    target = f"https://lms.example.org/a/{n}" if cmi5 else iri.module_iri(module)
    grouping = {"grouping": [{"id": iri.au_iri(module)}]} if cmi5 else {}
    context: dict[str, Any] = {
        "registration": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
        "revision": rnd.choice(["1.0.0", "1.1.0", "1.1.0"]),
        "extensions": {ATTEMPT: attempt},
        "contextActivities": grouping,
    }
    child = {**context, "contextActivities": {**grouping, "parent": [{"id": target}]}}
    steps: list[tuple[str, dict[str, Any], dict[str, Any] | None, dict[str, Any]]] = [
        ("initialized", {"id": target}, None, context)
    ]
    right = 0
    for item in module.quiz.items:
        form = quiz.form(item, "xapi")
        options = [o.id for o in quiz.options(item)]
        chosen = quiz.correct(item) if rnd.random() < 0.7 else (rnd.choice(options),)
        ok = quiz.is_correct(item, chosen)
        right += ok
        target_ = {
            "id": iri.item_iri(module, item.id),
            "definition": {"interactionType": form.type, "correctResponsesPattern": [form.pattern]},
        }
        result = {"response": form.response(chosen), "success": ok}
        steps.append(("answered", target_, result, child))
    passed = right * 100 >= module.mastery_score * len(module.quiz.items)
    steps.append(("passed" if passed else "failed", {"id": target}, {"success": passed}, context))
    done = {"completion": True, "duration": f"PT{rnd.randint(300, 3600)}S"}
    steps.append(("completed", {"id": target}, done, context))
    actor = {"objectType": "Agent", "name": f"Learner {n}", "mbox": f"mailto:l{n}@example.org"}
    statements = []
    for k, (verb, about, result, where) in enumerate(steps):
        statement: dict[str, Any] = {
            "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
            "actor": actor,
            "verb": {"id": ADL + verb, "display": {"en-US": verb}},
            "object": about,
            "context": where,
            "timestamp": (START + timedelta(minutes=minute, seconds=20 * k)).isoformat(),
        }
        if result is not None:
            statement["result"] = result
        statements.append(statement)
    return statements


class Run(NamedTuple):
    seconds: float
    """Wall-clock time."""
    cpu: float
    """User and system CPU time: less sensitive than wall time to other work on the machine."""
    peak: float
    """Peak resident memory, MB."""


def child(argv: list[str]) -> Run:
    """Run ``argv`` as a child process and measure it alone (``os.wait4``)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        problem = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{argv[0]} failed: {problem}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # kB on Linux


def measure(argv: list[str], repeat: int) -> Run:
    """Median times and the largest peak of ``repeat`` runs."""
    runs = [child(argv) for _ in range(repeat)]
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.peak for r in runs),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--learners", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    coprod = str(Path(sys.executable).with_name("coprod"))
    folder = Path(tempfile.mkdtemp(prefix="coprod-bench-report-"))
    try:
        data = folder / "statements.jsonl"
        written = generate(data, args.statements, args.learners)
        size = data.stat().st_size / 1e6
        print(
            f"{written} statements ({size:.1f} MB), {args.learners} learners, {os.cpu_count()} CPUs"
        )

        def report(source: Path) -> list[str]:
            out = str(folder / "out")
            return [
                coprod,
                "report",
                "--statements",
                str(source),
                "--module",
                "coproduction",
                "--out",
                out,
            ]

        rows = [
            ("wc -l", measure(["wc", "-l", str(data)], args.repeat)),
            ("json.loads loop", measure([sys.executable, "-c", LOOP, str(data)], args.repeat)),
            ("coprod report", measure(report(data), args.repeat)),
        ]
        for name, run in rows:
            print(
                f"{name:>16}: {run.seconds:6.2f} s wall, {run.cpu:6.2f} s CPU,"
                f" peak {run.peak:6.1f} MB"
            )
        wc, loop, ours = (run for _, run in rows)
        print(
            f"report / json.loads loop: {ours.seconds / loop.seconds:.2f} x wall,"
            f" {ours.cpu / loop.cpu:.2f} x CPU;"
            f" report / wc -l: {ours.seconds / wc.seconds:.0f} x wall"
        )
        double = folder / "double.jsonl"
        generate(double, 2 * args.statements, args.learners, seed=2)
        twice = measure(report(double), 1)
        print(
            f"twice the statements, same learners: {twice.seconds:.2f} s wall,"
            f" peak {twice.peak:.1f} MB ({twice.peak / ours.peak:.2f} x)"
        )
        ok = ours.seconds <= TIME_BAR and ours.peak < MEMORY_BAR_MB
        print(f"bar ({TIME_BAR:g} s, {MEMORY_BAR_MB:g} MB): {'met' if ok else 'NOT MET'}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
