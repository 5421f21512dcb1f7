"""The ``coprod`` command: validate, build, serve, schema. The only writer of dist/."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import msgspec

from coprod_content import catalog, release
from coprod_content.changes import changes, report
from coprod_content.diagnostics import ContentError, CoprodError, Diagnostic, NotFound
from coprod_content.gitstore import Repository
from coprod_content.loading import load_modules, load_tree, read_folder
from coprod_content.model import Module
from coprod_content.targets import CATALOG_TARGETS, TARGETS, Outputs, schema


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
        choices=[*TARGETS, *CATALOG_TARGETS, "all"],
        help="target to build (repeatable; default: all)",
    )
    build.add_argument("--content", default="content", help="default: content/")
    build.add_argument("--out", default="dist", help="default: dist/")
    build.add_argument(
        "--version", help="build this released version from its git tag, not the working tree"
    )
    build.add_argument("--module", help="with --version: only this module (default: every one)")
    build.add_argument(
        "--working-tree",
        action="store_true",
        help="api: publish the files as they are, marked unreleased (X.Y.Z+unreleased), "
        "instead of the latest releases that coprod serve publishes",
    )
    build.set_defaults(run=_build)

    rel = sub.add_parser("release", help="release a version: check, record why, commit, tag")
    rel.add_argument("module_id", help="the module's id, e.g. coproduction")
    rel.add_argument("version", help="the new version, e.g. 1.1.0; must be above the last")
    rel.add_argument("--note", required=True, help="why this version is released")
    rel.add_argument("--credit", help="the input that led to the change, e.g. a group's name")
    rel.add_argument("--content", default="content", help="default: content/")
    rel.add_argument(
        "--placeholder-iri",
        action="store_true",
        help="release even though base_iri is on a reserved example domain such as "
        "example.org (a trial: its statements cannot be joined with a real IRI later)",
    )
    rel.set_defaults(run=_release)

    diff = sub.add_parser("diff", help="list what changed between two versions of a module")
    diff.add_argument("module_id", help="the module's id, e.g. coproduction")
    diff.add_argument("old", help="a released version, or 'working' for the files as they are")
    diff.add_argument("new", help="a released version, or 'working' for the files as they are")
    diff.add_argument("--content", default="content", help="default: content/")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.set_defaults(run=_diff)

    analysis = sub.add_parser(
        "report",
        help="item analysis from xAPI statements (an LRS or a JSON-lines file), per version",
        description="Read the module's xAPI statements and write report.html, report.json and"
        " items.csv: per version and per quiz item, with no figure from fewer than"
        " --min-learners learners and no learner identified.",
    )
    source = analysis.add_mutually_exclusive_group()
    source.add_argument("--lrs", metavar="URL", help="the LRS's xAPI endpoint, read only")
    source.add_argument(
        "--statements", metavar="FILE", help="a JSON-lines file of statements (an LRS export)"
    )
    analysis.add_argument(
        "--auth-env",
        metavar="VAR",
        default="COPROD_LRS_AUTH",
        help="environment variable holding the LRS key:secret (default: COPROD_LRS_AUTH);"
        " credentials are never taken from the command line",
    )
    analysis.add_argument("--module", help="the module's id (default: the only module)")
    analysis.add_argument("--content", default="content", help="default: content/")
    analysis.add_argument("--since", metavar="TIME", help="only statements stored after this")
    analysis.add_argument("--until", metavar="TIME", help="only statements stored up to this")
    analysis.add_argument("--out", default="dist/report", help="default: dist/report/")
    analysis.add_argument(
        "--min-learners",
        type=int,
        default=5,
        metavar="N",
        help="hide figures from fewer than N learners (default and lowest: 5)",
    )
    analysis.add_argument(
        "--schema", action="store_true", help="print the JSON Schema of report.json and stop"
    )
    analysis.set_defaults(run=_report)

    serve = sub.add_parser("serve", help="serve the JSON API over HTTP (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="default: 8000")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    serve.add_argument("--content", default="content", help="default: content/")
    serve.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help="an origin browsers may read the API from, e.g. https://app.example (repeatable;"
        " default: * for any; '' for no CORS headers)",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        default=float(os.environ.get("COPROD_HEADER_TIMEOUT", "10")),
        metavar="SECONDS",
        help="close connections whose request headers take longer (default: 10,"
        " or COPROD_HEADER_TIMEOUT)",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.add_argument(
        "--preview",
        action="store_true",
        help="for authors: serve the files as they are now, re-checked on every save,"
        " with problems and the player at /preview/",
    )
    serve.set_defaults(run=_serve)

    show_schema = sub.add_parser("schema", help="print the content model's JSON Schema")
    show_schema.set_defaults(run=lambda args: sys.stdout.buffer.write(schema()) and 0)
    return parser


def _validate(args: argparse.Namespace) -> int:
    warnings: list[Diagnostic] = []
    modules = load_modules(args.content, warn=warnings.append)
    for warning in warnings:
        print(warning, file=sys.stderr)
    names = ", ".join(f"{m.id} {m.version}" for m in modules)
    counted = f"; {_plural(len(warnings), 'warning')}" if warnings else ""
    print(f"ok: {_plural(len(modules), 'module')} ({names}){counted}")
    return 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _serve(args: argparse.Namespace) -> int:
    from coprod_content.api.app import Settings  # litestar and uvicorn only when serving
    from coprod_content.api.cors import parse_origins

    if not args.header_timeout > 0:
        raise CoprodError(f"--header-timeout {args.header_timeout:g}: give a number of seconds > 0")
    origins = parse_origins(args.cors_origin or ["*"])
    if args.preview:
        from coprod_content.preview.serve import run as preview

        preview(
            args.content,
            host=args.host,
            port=args.port,
            cors_origins=origins,
            access_log=args.access_log,
        )
        return 0
    from coprod_content.api.serve import run

    settings = Settings(cors_origins=origins, header_timeout=args.header_timeout)
    run(
        args.content,
        host=args.host,
        port=args.port,
        workers=args.workers,
        settings=settings,
        access_log=args.access_log,
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    wanted = args.target or ["all"]
    every = [*TARGETS, *CATALOG_TARGETS]
    names = every if "all" in wanted else list(dict.fromkeys(wanted))
    published = [name for name in names if name in CATALOG_TARGETS]
    if args.version is not None and published:
        if "all" not in wanted:
            raise CoprodError(
                f"--target {published[0]} publishes every release at once; build it without"
                " --version"
            )
        published = []
    outputs: Outputs = {}
    if published:  # everything in memory first: a failure writes nothing
        found = (
            catalog.working(args.content) if args.working_tree else catalog.released(args.content)
        )
        for note in found.notes:
            print(f"note: {note}", file=sys.stderr)
        for name in published:
            outputs.update(CATALOG_TARGETS[name](found))
    packages = [name for name in names if name in TARGETS]
    for modules, epoch in _sources(args) if packages else []:
        with _source_date_epoch(epoch):
            for name in packages:
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


def _sources(args: argparse.Namespace) -> list[tuple[list[Module], int | None]]:
    """The modules to build, each batch with its build time (the tagged commit's time)."""
    if args.version is None:
        return [(load_modules(args.content), None)]
    repo = Repository.open(args.content)
    ids = (
        [args.module]
        if args.module
        else sorted({r.module_id for r in repo.releases() if r.version == args.version})
    )
    if not ids:
        raise NotFound(f"no module has a release {args.version}; list them with: git tag")
    batches: list[tuple[list[Module], int | None]] = []
    for module_id in ids:
        module, tagged = repo.released(module_id, args.version)
        batches.append(([module], tagged.commit_time))
    return batches


@contextlib.contextmanager
def _source_date_epoch(epoch: int | None) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` to ``epoch`` while building, unless it is already set."""
    if epoch is None or os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _release(args: argparse.Namespace) -> int:
    content = Path(args.content)
    repo = Repository.open(content)
    plan = release.prepare(
        repo,
        content,
        args.module_id,
        args.version,
        note=args.note,
        credit=args.credit,
        today=date.today(),
        placeholder_iri=args.placeholder_iri,
    )
    commit = release.publish(repo, plan, _put)
    print(f"released {plan.tag} (commit {commit[:12]})")
    if plan.since is not None:
        heading = (
            f"changes since {plan.since}:" if plan.changes else f"no changes since {plan.since}"
        )
        print("\n".join([heading, *report(plan.changes)]))
    print(f"share it with: git push && git push origin {plan.tag}")
    return 0


def _put(path: Path, data: bytes | None) -> None:
    if data is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, data)


def _diff(args: argparse.Namespace) -> int:
    content = Path(args.content)
    old, new = (_version(content, args.module_id, v) for v in (args.old, args.new))
    found = changes(old, new)
    if args.json:
        sys.stdout.buffer.write(msgspec.json.encode(found) + b"\n")
        return 0
    count = f"{len(found)} change{'s' if len(found) != 1 else ''}"
    print("\n".join([f"{args.module_id} {args.old} -> {args.new}: {count}", *report(found)]))
    return 0


def _version(content: Path, module_id: str, version: str) -> Module:
    """A released version of a module, or the working tree's (``working``).

    Raises:
        ContentError: that version does not load.
        NotFound: there is no such release.
    """
    if version != "working":
        return Repository.open(content).released(module_id, version)[0]
    folder = content / module_id
    if not (folder / "module.yaml").is_file():
        raise NotFound(f"{folder}/module.yaml does not exist; check the module id")
    loaded = load_tree(read_folder(folder), folder.as_posix())
    if isinstance(loaded, list):
        raise ContentError(loaded)
    return loaded


def _report(args: argparse.Namespace) -> int:
    if args.schema:
        from coprod_content.report.schema import json_schema

        sys.stdout.buffer.write(json_schema())
        return 0
    from coprod_content.report import command  # matplotlib only when reporting

    outputs, lines = command.run(
        content=Path(args.content),
        module_id=args.module,
        lrs=args.lrs,
        statements=Path(args.statements) if args.statements else None,
        auth_env=args.auth_env,
        environ=os.environ,
        since=args.since,
        until=args.until,
        min_learners=args.min_learners,
    )
    for line in lines:
        print(line, file=sys.stderr)
    out = Path(args.out)
    for name, data in outputs.items():
        try:
            write_atomic(out / name, data)
        except OSError as exc:
            print(f"error: cannot write {out / name}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"wrote {out / name} ({len(data)} bytes)")
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
