"""Benchmark: building each SCORM package, as a ratio to ``zip -X -r`` of the same tree.

Run from the repository root::

    .venv/bin/python bench/scorm_build.py [--content content] [--repeat 30]

For each package the script times ``scorm.build`` (render the player, build and
validate the manifest, zip in memory) from the loaded module, then writes the
package's members to a folder and times ``zip -X -r`` of that folder in the same
run. Both are medians of ``--repeat`` runs after one warm-up (the first build,
which also compiles the schemas and templates, is reported on its own). It also
prints the player's weight (HTML + CSS + JS, videos excluded).

Bars (issue 4): player under 60 KB; building all packages under 3 x the zip time.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from coprod_content.loading import load_modules
from coprod_content.scorm import build, package_name
from coprod_content.scorm.manifest import ScormVersion

VERSIONS: tuple[ScormVersion, ...] = ("scorm12", "scorm2004")
PLAYER_BAR = 60_000
RATIO_BAR = 3.0


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """The median time of ``repeat`` runs of ``run``, after one warm-up run."""
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    """Time every SCORM package's build against zip and print the figures; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default="content")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if shutil.which("zip") is None:
        print("zip is not installed (apt-get install zip)", file=sys.stderr)
        return 2

    start = time.perf_counter()
    modules = load_modules(args.content)
    print(
        f"load {len(modules)} module(s) from {args.content}/: {time.perf_counter() - start:.3f} s"
    )
    start = time.perf_counter()
    build(modules[0], "scorm12")
    print(f"first build (compiles schemas and templates): {time.perf_counter() - start:.3f} s\n")

    header = f"{'package':<38} {'build ms':>9} {'zip ms':>8} {'ratio':>6} {'player B':>9}"
    print(header)
    print("-" * len(header))
    total_build = total_zip = 0.0
    heaviest = 0
    with tempfile.TemporaryDirectory() as tmp:
        for module in modules:
            for version in VERSIONS:
                data = build(module, version)
                tree = Path(tmp) / f"{module.id}-{version}"
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    archive.extractall(tree)
                    player = sum(
                        i.file_size
                        for i in archive.infolist()
                        if i.filename.endswith((".html", ".css", ".js"))
                    )
                target = Path(tmp) / "plain.zip"

                def plain_zip(tree: Path = tree, target: Path = target) -> None:
                    target.unlink(missing_ok=True)
                    subprocess.run(
                        ["zip", "-X", "-r", "-q", str(target), "."], cwd=tree, check=True
                    )

                def ours(module: object = module, version: ScormVersion = version) -> None:
                    build(module, version)  # type: ignore[arg-type]

                built = median_seconds(ours, args.repeat)
                zipped = median_seconds(plain_zip, args.repeat)
                total_build += built
                total_zip += zipped
                heaviest = max(heaviest, player)
                name = package_name(module, version)
                print(
                    f"{name:<38} {built * 1000:>9.2f} {zipped * 1000:>8.2f} "
                    f"{built / zipped:>6.2f} {player:>9}"
                )
    ratio = total_build / total_zip
    print("-" * len(header))
    print(f"{'all packages':<38} {total_build * 1000:>9.2f} {total_zip * 1000:>8.2f} {ratio:>6.2f}")
    player_ok, ratio_ok = heaviest < PLAYER_BAR, ratio < RATIO_BAR
    print(
        f"\nbars: player {heaviest} B < {PLAYER_BAR} B: {'met' if player_ok else 'MISSED'}; "
        f"all packages {ratio:.2f} x zip < {RATIO_BAR} x: {'met' if ratio_ok else 'MISSED'}"
    )
    return 0 if player_ok and ratio_ok else 1


if __name__ == "__main__":
    sys.exit(main())
