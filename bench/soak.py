"""Soak: 60 s of mixed concurrent load on loopback against `coprod serve`, one run.

Starts `coprod serve --workers 2` on a free 127.0.0.1 port and, as the baseline, nginx
serving the static export of the same content (Debian's package, 2 workers). Each gets
the same wrk load (2 threads, bounded duration): a mix of 200s (module, sections, quiz,
OpenAPI), 304s (If-None-Match with the server's own ETag) and 404s (unknown section,
unknown module). Prints requests/s, p99, errors, 5xx and the server's memory (RSS of the
master and its workers) after warm-up and at the end; exits 1 if a bar is missed:
zero errors, zero 5xx, memory growth under 10 %.

    .venv/bin/python bench/soak.py [--duration 60] [--connections 32]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from api_vs_nginx import (
    NGINX,
    ROOT,
    WRK,
    etag_of,
    free_port,
    nginx_main_config,
    running,
)

from coprod_content.api.export import api_target
from coprod_content.loading import load_modules

MODULE = "/v1/modules/coproduction"
OK_PATHS = [MODULE, f"{MODULE}/sections", f"{MODULE}/quiz", f"{MODULE}/sections/quiz"]
MISSING = [f"{MODULE}/sections/no-such-section", "/v1/modules/no-such-module"]
LUA = """
local requests = {}
counts = {}  -- global: done() reads each thread's copy with thread:get
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  for i = 1, #args, 2 do
    local headers = {}
    if args[i + 1] ~= "" then headers["If-None-Match"] = args[i + 1] end
    table.insert(requests, wrk.format("GET", args[i], headers))
  end
  counts = {}
end
local n = 0
function request()
  n = n + 1
  return requests[(n % #requests) + 1]
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for status, k in pairs(c) do total[tostring(status)] = (total[tostring(status)] or 0) + k end
  end
  local parts = {}
  for status, k in pairs(total) do table.insert(parts, string.format('"%s": %d', status, k)) end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p99_ms": %.3f, "socket_errors": %d, '
    .. '"statuses": {%s}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, table.concat(parts, ", ")))
end
"""


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


def load(base: str, script: Path, duration: int, connections: int) -> dict[str, object]:
    args: list[str] = []
    for path in OK_PATHS:
        args += [path, "", path, etag_of(base + path)]  # each 200 path also as a 304
    for path in MISSING:
        args += [path, ""]
    command = [WRK, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s"]
    command += ["-s", str(script), base, "--", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    out = done.stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result: dict[str, object] = json.loads(line.removeprefix("RESULT "))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--baseline", type=int, default=10, help="seconds for nginx (10)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    args = parser.parse_args()
    for tool in (NGINX, WRK):
        if not Path(tool).exists():
            raise SystemExit(f"{tool} is missing; apt-get install nginx wrk")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        work = Path(tmp)
        content = Path(shutil.copytree(ROOT / "content", work / "content"))
        for name, data in api_target(load_modules(content)).items():
            (work / "dist" / name).parent.mkdir(parents=True, exist_ok=True)
            (work / "dist" / name).write_bytes(data)
        script = work / "mix.lua"
        script.write_text(LUA, encoding="utf-8")
        nginx_port, api_port = free_port(), free_port()
        conf = nginx_main_config(work, work / "dist" / "api", nginx_port)
        nginx_base = f"http://127.0.0.1:{nginx_port}"
        with running([NGINX, "-c", str(conf), "-p", str(work)], nginx_base + MODULE):
            baseline = load(nginx_base, script, args.baseline, args.connections)
        serve = [sys.executable, "-m", "coprod_content.cli", "serve", "--workers", "2"]
        serve += ["--port", str(api_port), "--content", str(content)]
        base = f"http://127.0.0.1:{api_port}"
        process = stack.enter_context(running(serve, base + MODULE))
        load(base, script, 5, args.connections)  # warm up
        memory_start = rss_kib(process.pid)
        result = load(base, script, args.duration, args.connections)
        memory_end = rss_kib(process.pid)
    return report(args, baseline, result, memory_start, memory_end)


def _rps(result: dict[str, object]) -> float:
    return float(result["requests"]) / float(result["seconds"])  # type: ignore[arg-type]


def report(
    args: argparse.Namespace,
    baseline: dict[str, object],
    result: dict[str, object],
    memory_start: int,
    memory_end: int,
) -> int:
    statuses: dict[str, int] = result["statuses"]  # type: ignore[assignment]
    unexpected = sum(k for s, k in statuses.items() if s not in ("200", "304", "404"))
    server_errors = sum(k for s, k in statuses.items() if s.startswith("5"))
    errors = int(result["socket_errors"]) + unexpected  # type: ignore[call-overload]
    growth = memory_end / memory_start - 1
    print(
        f"mix: {len(OK_PATHS)} paths as 200 and as 304, {len(MISSING)} as 404, round robin; "
        f"wrk -t2 -c{args.connections}; {os.cpu_count()} CPUs; 1-minute load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    print(
        f"nginx (static export, {args.baseline} s): {_rps(baseline):.0f} req/s, "
        f"p99 {baseline['p99_ms']:.2f} ms, statuses {baseline['statuses']}"
    )
    print(
        f"coprod serve ({args.duration} s): {_rps(result):.0f} req/s "
        f"({_rps(result) / _rps(baseline):.2f} x nginx), p99 {result['p99_ms']:.2f} ms, "
        f"statuses {statuses}"
    )
    print(
        f"errors: {errors} (socket {result['socket_errors']}, unexpected status {unexpected}); "
        f"5xx: {server_errors}"
    )
    print(
        f"server memory: {memory_start / 1024:.1f} MiB after warm-up, "
        f"{memory_end / 1024:.1f} MiB at the end ({growth:+.1%})"
    )
    ok = errors == 0 and server_errors == 0 and growth < 0.10
    print(f"bars (zero errors, zero 5xx, memory growth < 10 %): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
