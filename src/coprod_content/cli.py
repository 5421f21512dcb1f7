"""The ``coprod`` command: validate, build, serve, schema. The only writer of dist/."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from coprod_content.diagnostics import ContentError, CoprodError
from coprod_content.loading import load_modules
from coprod_content.targets import TARGETS, Outputs, schema


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ContentError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        count = len(exc.diagnostics)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    except CoprodError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coprod", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check content; print every problem")
    validate.add_argument("content", nargs="?", default="content", help="default: content/")
    validate.set_defaults(run=_validate)

    build = sub.add_parser("build", help="build targets into the output folder")
    build.add_argument(
        "--target",
        action="append",
        choices=[*TARGETS, "all"],
        help="target to build (repeatable; default: all)",
    )
    build.add_argument("--content", default="content", help="default: content/")
    build.add_argument("--out", default="dist", help="default: dist/")
    build.set_defaults(run=_build)

    serve = sub.add_parser("serve", help="serve the JSON API over HTTP (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="default: 8000")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    serve.add_argument("--content", default="content", help="default: content/")
    serve.add_argument(
        "--cors-origin", default="*", help="Access-Control-Allow-Origin ('' for none; default: *)"
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(run=_serve)

    show_schema = sub.add_parser("schema", help="print the content model's JSON Schema")
    show_schema.set_defaults(run=lambda args: sys.stdout.buffer.write(schema()) and 0)
    return parser


def _validate(args: argparse.Namespace) -> int:
    modules = load_modules(args.content)
    names = ", ".join(f"{m.id} {m.version}" for m in modules)
    print(f"ok: {len(modules)} module{'s' if len(modules) != 1 else ''} ({names})")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from coprod_content.api.serve import run  # litestar and uvicorn only when serving

    run(
        args.content,
        host=args.host,
        port=args.port,
        workers=args.workers,
        cors_origin=args.cors_origin,
        access_log=args.access_log,
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    wanted = args.target or ["all"]
    names = list(TARGETS) if "all" in wanted else list(dict.fromkeys(wanted))
    modules = load_modules(args.content)
    outputs: Outputs = {}
    for name in names:  # everything in memory first: a failure writes nothing
        outputs.update(TARGETS[name](modules))
    out = Path(args.out)
    for rel, data in sorted(outputs.items()):
        try:
            write_atomic(out / rel, data)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            print(
                f"error: cannot write {out / rel}: {reason}; check that the output folder "
                "is writable and has free space (files already there are unchanged)",
                file=sys.stderr,
            )
            return 1
        print(f"wrote {out / rel} ({len(data)} bytes)")
    return 0


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    sys.exit(main())
