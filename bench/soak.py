"""Soak: mixed concurrent load on loopback against `coprod serve`, with nginx as baseline.

Starts `coprod serve --workers 2` on a free 127.0.0.1 port and, as the baseline, nginx
serving the static export of the same content (Debian's package, 2 workers, the shipped
`static-nginx.conf` with its `open_file_cache`). Each gets the same load from
`mixload.c` (compiled here with `cc`: wrk cannot send HEAD; 2 threads, keep-alive, one
request at a time per connection, bounded duration), round robin over a mix: 200s
(module, sections, quiz, a section), the same four as 304s (If-None-Match with the
server's own ETag) and as HEAD, and 404s (unknown section, unknown module). First
paired rounds, alternating which server goes first, give the ratio to nginx on the mix;
then `coprod serve` alone takes the long run. Prints requests/s, p99, errors, 5xx and
the server's memory (RSS of the master and its workers) before and after the long run;
exits 1 if a bar is missed: at least 0.8 x nginx on the mix, zero errors, zero 5xx,
memory growth under 10 %.

    .venv/bin/python bench/soak.py [--duration 60] [--rounds 3] [--round 10]
                                   [--connections 32]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from api_vs_nginx import (
    NGINX,
    ROOT,
    build_mixload,
    etag_of,
    free_port,
    nginx_main_config,
    running,
)

from coprod_content.api.export import api_target
from coprod_content.history.catalog import published

MODULE = "/v1/modules/coproduction"
OK_PATHS = [MODULE, f"{MODULE}/sections", f"{MODULE}/quiz", f"{MODULE}/sections/quiz"]
MISSING = [f"{MODULE}/sections/no-such-section", "/v1/modules/no-such-module"]
BAR = 0.8
"""Requests/s on the mix, as a share of nginx's."""


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KiB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        total += next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
        )
        todo += [int(c) for c in children]
    return total


def load(base: str, tool: Path, duration: int, connections: int) -> dict[str, object]:
    """Run the mix against ``base`` (``http://127.0.0.1:port``); mixload's counts."""
    lines: list[str] = []
    for path in OK_PATHS:  # each 200 path also as a 304 and as a HEAD
        lines += [f"GET {path}", f"GET {path} {etag_of(base + path)}", f"HEAD {path}"]
    lines += [f"GET {path}" for path in MISSING]
    mix = tool.with_name("mix.txt")
    mix.write_text("\n".join(lines) + "\n", encoding="utf-8")
    host, port = base.removeprefix("http://").split(":")
    command = [str(tool), host, port, str(duration), str(connections), "2", str(mix)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"mixload failed ({done.returncode}): {done.stderr or done.stdout}")
    out = done.stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result: dict[str, object] = json.loads(line.removeprefix("RESULT "))
    return result


def main() -> int:
    """Run the soak and print its figures; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of the long run (60)")
    parser.add_argument("--rounds", type=int, default=3, help="paired rounds against nginx (3)")
    parser.add_argument("--round", type=int, default=10, help="seconds per server per round")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    args = parser.parse_args()
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} is missing; apt-get install nginx")
    args.load_before = f"{os.getloadavg()[0]:.1f}"
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        work = Path(tmp)
        content = Path(shutil.copytree(ROOT / "content", work / "content"))
        for name, data in api_target(published(content)).items():
            (work / "dist" / name).parent.mkdir(parents=True, exist_ok=True)
            (work / "dist" / name).write_bytes(data)
        script = build_mixload(work)
        nginx_port, api_port = free_port(), free_port()
        conf = nginx_main_config(work, work / "dist" / "api", nginx_port)
        nginx_base = f"http://127.0.0.1:{nginx_port}"
        stack.enter_context(running([NGINX, "-c", str(conf), "-p", str(work)], nginx_base + MODULE))
        serve = [sys.executable, "-m", "coprod_content.cli", "serve", "--workers", "2"]
        serve += ["--port", str(api_port), "--content", str(content)]
        base = f"http://127.0.0.1:{api_port}"
        process = stack.enter_context(running(serve, base + MODULE))
        bases = {"nginx": nginx_base, "coprod": base}
        for each in bases.values():
            load(each, script, 5, args.connections)  # warm up
        rounds: list[dict[str, dict[str, object]]] = []
        for number in range(args.rounds):  # paired, alternating which server goes first
            order = ["nginx", "coprod"] if number % 2 == 0 else ["coprod", "nginx"]
            rounds.append(
                {name: load(bases[name], script, args.round, args.connections) for name in order}
            )
        memory_start = rss_kib(process.pid)
        result = load(base, script, args.duration, args.connections)
        memory_end = rss_kib(process.pid)
    return report(args, rounds, result, memory_start, memory_end)


def _rps(result: dict[str, object]) -> float:
    return float(result["requests"]) / float(result["seconds"])  # type: ignore[arg-type]


def report(
    args: argparse.Namespace,
    rounds: list[dict[str, dict[str, object]]],
    result: dict[str, object],
    memory_start: int,
    memory_end: int,
) -> int:
    """Print the soak's figures and whether its bars are met; the exit status."""
    statuses: dict[str, int] = result["statuses"]  # type: ignore[assignment]
    unexpected = sum(k for s, k in statuses.items() if s not in ("200", "304", "404"))
    server_errors = sum(k for s, k in statuses.items() if s.startswith("5"))
    errors = int(result["socket_errors"]) + unexpected  # type: ignore[call-overload]
    for paired in rounds:
        got: dict[str, int] = paired["coprod"]["statuses"]  # type: ignore[assignment]
        errors += int(paired["coprod"]["socket_errors"])  # type: ignore[call-overload]
        errors += sum(k for s, k in got.items() if s not in ("200", "304", "404"))
    growth = memory_end / memory_start - 1
    ratios = [_rps(p["coprod"]) / _rps(p["nginx"]) for p in rounds]
    ratio = statistics.median(ratios)
    print(
        f"mix: {len(OK_PATHS)} paths as 200, as 304 and as HEAD, {len(MISSING)} as 404, round "
        f"robin; mixload, 2 threads, {args.connections} connections; {os.cpu_count()} CPUs; "
        f"1-minute load average {args.load_before} before, {os.getloadavg()[0]:.1f} after"
    )
    for number, paired in enumerate(rounds, 1):
        line = ", ".join(
            f"{name} {_rps(paired[name]):.0f} req/s (p99 {paired[name]['p99_ms']:.2f} ms)"
            for name in ("nginx", "coprod")
        )
        print(f"round {number} ({args.round} s each): {line}: {ratios[number - 1]:.2f} x nginx")
    print(f"coprod serve on the mix: {ratio:.2f} x nginx (median of the paired rounds)")
    print(
        f"coprod serve, long run ({args.duration} s): {_rps(result):.0f} req/s, "
        f"p99 {result['p99_ms']:.2f} ms, statuses {statuses}"
    )
    print(
        f"errors: {errors} (socket errors and unexpected statuses, every run); 5xx: {server_errors}"
    )
    print(
        f"server memory: {memory_start / 1024:.1f} MiB before the long run, "
        f"{memory_end / 1024:.1f} MiB after it ({growth:+.1%})"
    )
    ok = ratio >= BAR and errors == 0 and server_errors == 0 and growth < 0.10
    print(
        f"bars (>= {BAR} x nginx on the mix, zero errors, zero 5xx, memory growth < 10 %): "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
