"""After ``mutmut run``: each surviving mutant again, against every test in the files of the
tests that cover it (``make mutation`` runs this; TESTING.md has the results).

mutmut runs a mutant only against the tests that called the mutated function while it
collected its statistics, and it charges a calculation done in a module- or session-scoped
fixture to the one test that set the fixture up. The tests that then check that fixture's
output, in the same file, are not run against the mutant, so it may "survive" a file that
kills it. This reruns each survivor, as mutmut does (the mutant chosen by
``MUTANT_UNDER_TEST``, the mutated copy first on the path), over those whole files, and
prints one line per survivor: killed by which file, or still surviving.

Usage, from the repository root after ``mutmut run``:
``.venv/bin/python -m tests.mutation_recheck [MUTANT ...]`` (all survivors if none named).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = str(ROOT / ".venv" / "bin" / "mutmut")


def survivors() -> list[str]:
    """The mutants ``mutmut results`` reports as survived."""
    listed = subprocess.run(
        [MUTMUT, "results"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [
        line.strip().rsplit(": ", 1)[0]
        for line in listed.splitlines()
        if line.strip().endswith(": survived")
    ]


def files_covering(mutant: str) -> list[str]:
    """The test files holding the tests mutmut ran against ``mutant``."""
    tests = subprocess.run(
        [MUTMUT, "tests-for-mutant", mutant], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return sorted({test.split("::", 1)[0] for test in tests if test.strip()})


def run(mutant: str, file: str) -> int:
    """pytest's exit code for ``file`` in ``mutants/`` with ``mutant`` active ("" for none)."""
    env = {
        **os.environ,
        "MUTANT_UNDER_TEST": mutant,
        "PYTHONPATH": str(ROOT / "mutants" / "src"),
        "COPROD_HYPOTHESIS_PROFILE": "mutation",
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", file],
        cwd=ROOT / "mutants",
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"{mutant or 'no mutant'}: {file} did not run\n{done.stdout[-2000:]}")
    return done.returncode


def killed_by(mutant: str, files: list[str], clean: set[str]) -> str | None:
    """The first of ``files`` that fails with ``mutant`` active, or None. Each file must
    pass without a mutant first (``clean`` remembers those that did), or nothing counts."""
    for file in files:
        if file not in clean:
            if run("", file) != 0:
                raise SystemExit(f"{file} fails without any mutant: fix that first")
            clean.add(file)
        if run(mutant, file) == 1:
            return file
    return None


def main(only: list[str]) -> int:
    left = 0
    clean: set[str] = set()
    for mutant in [m for m in survivors() if not only or m in only]:
        files = files_covering(mutant)
        found = killed_by(mutant, files, clean)
        left += found is None
        shown = "killed by " + found if found else "SURVIVED " + " ".join(files)
        print(f"{mutant}: {shown}", flush=True)
    print(f"{left} mutants survive every test in the files that cover them")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
