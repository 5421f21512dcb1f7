"""Run ``coprod`` and kill it between writing a temporary file and renaming it into place.

``python -m tests.kill_before_rename N ARGS...`` runs ``coprod ARGS...``. At the N-th
``os.replace`` the process prints ``<source>\\t<target>`` (the temporary file and the file it
was about to become) and kills itself with SIGKILL: no cleanup, no ``finally``, as a
power cut or the OOM killer would stop it. If the build never renames N files, it ends
normally, and the test sees that no fault was injected.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from coprod_content import cli


def main(argv: list[str]) -> int:
    at, args = int(argv[0]), argv[1:]
    real = os.replace
    count = 0

    def replace(source: Any, target: Any, **kwargs: Any) -> None:
        nonlocal count
        count += 1
        if count == at:
            print(f"{source}\t{target}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        real(source, target, **kwargs)

    os.replace = replace
    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
