"""Benchmark: `coprod serve` against nginx serving the static export, same load, one run.

Starts `coprod serve --workers 2` and nginx (Debian's package, 2 worker processes,
the shipped `static-nginx.conf`, with its `open_file_cache` as in production) over the
same content on free 127.0.0.1 ports, then loads each with wrk (2 threads, bounded
duration, loopback only) for GET /v1/modules/coproduction: plain (200), with
If-None-Match carrying the server's own ETag (304), as HEAD, and for an unknown section
(404). Rounds alternate between the servers. Prints requests/s, p50/p99 latency, errors,
and the ratio to nginx; exits 1 if a bar is missed (0.5 x nginx on 200, 0.6 x on 304,
no errors). With --litestar, also the same app under plain uvicorn (no fast path).

    .venv/bin/python bench/api_vs_nginx.py [--duration 10] [--connections 64] [--rounds 3]
                                           [--litestar]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import NamedTuple

from coprod_content.api.export import api_target, nginx_config
from coprod_content.api.serve import CONTENT_VAR, app_from_environment
from coprod_content.history.catalog import published

ROOT = Path(__file__).resolve().parents[1]
MIXLOAD = Path(__file__).with_name("mixload.c")
NGINX, WRK = "/usr/sbin/nginx", "/usr/bin/wrk"
PATH = "/v1/modules/coproduction"
MISSING = "/v1/modules/coproduction/sections/no-such-section"
CASES = ("200", "304", "HEAD", "404")
BARS = {"200": 0.5, "304": 0.6}
TARGETS = ("nginx", "coprod", "litestar")
WIDTHS = (5, 12, 9, 9, 8, 8)


class Result(NamedTuple):
    """One load run's figures."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    """Socket errors and timeouts."""
    not_ok: int
    """Answers that were not 2xx or 3xx."""


LOAD_BEFORE = f"{os.getloadavg()[0]:.1f}"
"""Other work on the machine skews both servers' figures; say how busy it was."""


def build_mixload(work: Path) -> Path:
    """``mixload.c`` compiled: the load generator that can send HEAD (wrk cannot)."""
    binary = work / "mixload"
    subprocess.run(["cc", "-O2", "-pthread", "-o", str(binary), str(MIXLOAD)], check=True)
    return binary


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    """Return once ``url`` answers; stop if ``process`` exits first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {seconds} s")


@contextmanager
def running(command: list[str], url: str) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` as a child until the block ends; stop it by its own pid."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(url, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def nginx_main_config(workdir: Path, root: Path, port: int) -> Path:
    """An nginx configuration serving ``root`` on ``port``, its files in ``workdir``."""
    temp = " ".join(f"{k}_temp_path {workdir / k};" for k in ("client_body", "proxy", "fastcgi"))
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must read the temp dir
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 2;\ndaemon off;\npid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n"
        f"  {temp} uwsgi_temp_path {workdir / 'uwsgi'}; scgi_temp_path {workdir / 'scgi'};\n"
        f"{nginx_config(str(root), f'127.0.0.1:{port}')}\n}}\n",
        encoding="utf-8",
    )
    return conf


def etag_of(url: str) -> str:
    """The ETag ``url`` answers with, once it has answered 304 to it."""
    with urllib.request.urlopen(url) as response:
        etag: str = response.headers["ETag"]
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(request)
    except urllib.error.HTTPError as answer:
        if answer.code == 304:
            return etag
    raise SystemExit(f"{url} does not answer 304 to its own ETag")


def wrk(url: str, duration: int, connections: int, headers: list[str], tool: str = "") -> Result:
    """Load ``url``: with wrk, or for HEAD (which wrk cannot send) with ``tool``, mixload."""
    if tool:
        return mixload(tool, url, duration, connections)
    command = [WRK, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, flags=re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    not_ok = int(non_ok.group(1)) if non_ok else 0
    return Result(rps, _ms(latency["50"]), _ms(latency["99"]), errors, not_ok)


def mixload(tool: str, url: str, duration: int, connections: int) -> Result:
    """Load ``url`` with HEAD requests from ``tool`` (bench/mixload.c)."""
    host, _, rest = url.removeprefix("http://").partition(":")
    port, _, path = rest.partition("/")
    requests = Path(tool).with_name("head.txt")
    requests.write_text(f"HEAD /{path}\n", encoding="utf-8")
    command = [tool, host, port, str(duration), str(connections), "2", str(requests)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = json.loads(out.removeprefix("RESULT "))
    not_ok = sum(n for s, n in found["statuses"].items() if not s.startswith(("2", "3")))
    rps = found["requests"] / found["seconds"]
    return Result(rps, float("nan"), found["p99_ms"], found["socket_errors"], not_ok)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def main() -> int:
    """Run the comparison and print its figures; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections (64)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument(
        "--litestar",
        action="store_true",
        help="also measure the app without the fast path (plain uvicorn), for reference",
    )
    args = parser.parse_args()
    for tool in (NGINX, WRK):
        if not Path(tool).exists():
            raise SystemExit(f"{tool} is missing; apt-get install nginx wrk")

    results: dict[tuple[str, str], list[Result]] = {}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        work = Path(tmp)
        # A copy outside git: `coprod serve` serves it as it is, like the export.
        content = Path(shutil.copytree(ROOT / "content", work / "content"))
        exported = api_target(published(content))
        for name, data in exported.items():
            (work / "dist" / name).parent.mkdir(parents=True, exist_ok=True)
            (work / "dist" / name).write_bytes(data)
        args.size = len(exported[f"api{PATH}.json"])
        api_port, nginx_port = free_port(), free_port()
        serve = [sys.executable, "-m", "coprod_content.cli", "serve", "--workers", "2"]
        serve += ["--port", str(api_port), "--content", str(content)]
        conf = nginx_main_config(work, work / "dist" / "api", nginx_port)
        targets = {
            "nginx": (f"http://127.0.0.1:{nginx_port}", [NGINX, "-c", str(conf), "-p", str(work)]),
            "coprod": (f"http://127.0.0.1:{api_port}", serve),
        }
        if args.litestar:  # the same app under plain uvicorn: every request through litestar
            port = free_port()
            os.environ[CONTENT_VAR] = str(content)
            factory = f"{app_from_environment.__module__}:app_from_environment"
            plain = [sys.executable, "-m", "uvicorn", factory]
            plain += ["--factory", "--workers", "2", "--port", str(port), "--http", "httptools"]
            plain += ["--no-access-log", "--no-server-header", "--ws", "none"]
            targets["litestar"] = (f"http://127.0.0.1:{port}", plain)
        cases: dict[tuple[str, str], tuple[str, list[str]]] = {}
        head = build_mixload(work)
        for target, (base, command) in targets.items():
            url = f"{base}{PATH}"
            stack.enter_context(running(command, url))
            wrk(url, 2, args.connections, [])  # warm up
            cases[target, "200"] = (url, [], "")
            cases[target, "304"] = (url, [f"If-None-Match: {etag_of(url)}"], "")
            cases[target, "HEAD"] = (url, [], str(head))
            cases[target, "404"] = (f"{base}{MISSING}", [], "")
        for round_ in range(args.rounds):  # paired and alternating: noise hits both alike
            order = list(targets) if round_ % 2 == 0 else list(reversed(targets))
            for case in CASES:
                for target in order:
                    url, headers, script = cases[target, case]
                    result = wrk(url, args.duration, args.connections, headers, script)
                    results.setdefault((target, case), []).append(result)
    return report(results, args)


def report(results: dict[tuple[str, str], list[Result]], args: argparse.Namespace) -> int:
    """Print the median of each case, and the median of the per-round ratios to nginx."""
    print(
        f"GET and HEAD {PATH} ({args.size} bytes, identity), GET {MISSING} (404); "
        f"wrk -t2 -c{args.connections} -d{args.duration}s, "
        f"{args.rounds} round(s), servers alternating; both 2 workers on 127.0.0.1; "
        f"{os.cpu_count()} CPUs; 1-minute load average before the run: {LOAD_BEFORE}"
    )
    columns = ("case", "req/s", "p50 ms", "p99 ms", "errors", "ratio")
    print(f"{'server':<8}" + "".join(f"{c:>{w}}" for c, w in zip(columns, WIDTHS, strict=True)))
    ok = True
    for case in CASES:
        ratios = {
            target: [
                ours.rps / theirs.rps
                for ours, theirs in zip(results[target, case], results["nginx", case], strict=True)
            ]
            for target in TARGETS
            if (target, case) in results
        }
        for target in TARGETS:
            if (target, case) not in results:
                continue
            runs = results[target, case]
            ratio = statistics.median(ratios[target])
            # every answer of the 404 case is a 404; any other is an error
            errors = sum(r.errors + (0 if case == "404" else r.not_ok) for r in runs)
            print(
                f"{target:<8}{case:>5}{statistics.median(r.rps for r in runs):>12.0f}"
                f"{statistics.median(r.p50_ms for r in runs):>9.2f}"
                f"{statistics.median(r.p99_ms for r in runs):>9.2f}{errors:>8}{ratio:>8.2f}"
            )
            ok &= errors == 0
        ok &= statistics.median(ratios["coprod"]) >= BARS.get(case, 0)
        rounds = ", ".join(f"{r:.2f}" for r in ratios["coprod"])
        print(f"{'':<8}{case:>5}  coprod per-round ratios: {rounds}")
    bars = ", ".join(f"{c}: >= {b} x nginx" for c, b in BARS.items())
    print(f"bars ({bars}, zero errors): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
