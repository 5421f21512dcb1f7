"""content/ -> Modules. The only reader of content files.

A module is a folder::

    <module-id>/module.yaml           metadata, section and activity order
    <module-id>/sections/<id>.yaml    one section each
    <module-id>/activities/<id>.yaml  one activity each
    <module-id>/pyramid.yaml  quiz.yaml  resources.yaml
    <module-id>/images/<name>.png     pictures that image blocks show (.jpg .svg .webp too)
    <module-id>/*.md                  notes for people (CHANGELOG.md); not loaded
    <module-id>/source/*              the text the module was authored from; not loaded

``load_tree`` is pure (file names and bytes in, module or diagnostics out);
``load_modules`` reads a directory and is what pipelines call.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path as FsPath
from typing import Any

import msgspec

from coprod_content import checks, images
from coprod_content.conversion import convert, line_of
from coprod_content.diagnostics import ContentError, Diagnostic
from coprod_content.model import (
    Activity,
    ImageFile,
    ImagePath,
    Module,
    ModuleFile,
    Pyramid,
    Quiz,
    ResourcesFile,
    Section,
    meta_of,
)
from coprod_content.yamlsource import LineMap, Path, read_yaml

Files = Mapping[str, bytes]
"""A module's files: path relative to the module folder (``/``-separated) -> bytes."""
Warn = Callable[[Diagnostic], None]
"""Receives each warning about content that loads (warnings never stop a load)."""

_FIXED = {"module.yaml", "pyramid.yaml", "quiz.yaml", "resources.yaml"}


class _Reader:
    def __init__(self, files: Files, label: str) -> None:
        self.files, self.label = files, label
        self.problems: list[Diagnostic] = []
        self.sources = checks.Sources()
        self.head: dict[str, Any] = {}
        self.head_lines: LineMap = {}

    def source(self, name: str) -> str:
        return f"{self.label}/{name}"

    def read(self, name: str, typ: Any, prefix: Path, local: Path = ()) -> Any:
        read = read_yaml(self.files[name], self.source(name))
        if isinstance(read, Diagnostic):
            self.problems.append(read)
            return None
        data, lines = read
        if name == "module.yaml" and isinstance(data, dict):
            self.head, self.head_lines = data, lines
        self.sources.add(prefix, self.source(name), lines, local)
        value, problems = convert(data, typ, self.source(name), lines)
        self.problems.extend(problems)
        return value

    def problem(self, name: str, line: int, path: str, message: str) -> None:
        self.problems.append(
            Diagnostic(source=self.source(name), line=line, path=path, message=message)
        )


def load_tree(files: Files, label: str, *, warn: Warn | None = None) -> Module | list[Diagnostic]:
    """Load one module folder given as name -> bytes; ``label`` prefixes file names.

    Returns the module, or its errors. Warnings go to ``warn`` once the module loads
    without errors (they matter once the errors are fixed).
    """
    reader = _Reader(files, label)
    missing = sorted(_FIXED - set(files))
    for name in missing:
        reader.problem(name, 1, "$", "file is missing; every module folder needs it")
    if missing:
        return reader.problems
    head: ModuleFile | None = reader.read("module.yaml", ModuleFile, ())
    pyramid = reader.read("pyramid.yaml", Pyramid, ("pyramid",))
    quiz = reader.read("quiz.yaml", Quiz, ("quiz",))
    extras = reader.read("resources.yaml", ResourcesFile, ("resources",), ("resources",))
    pictures = _images(reader, files)
    if reader.head:
        _unexpected(reader, files)
    if head is None:
        return reader.problems
    sections = _listed(reader, files, head, "sections", Section)
    activities = _listed(reader, files, head, "activities", Activity)
    label_id = label.rstrip("/").rsplit("/", 1)[-1]
    if head.id != label_id:
        reader.problem(
            "module.yaml",
            line_of(reader.head_lines, ("id",)),
            "$.id",
            f"module id {head.id!r} does not match its folder {label_id!r}; "
            "rename one so they agree",
        )
    if reader.problems or None in (pyramid, quiz, extras, sections, activities):
        return reader.problems
    module = Module(
        **meta_of(head),
        sections=sections,
        pyramid=pyramid,
        activities=activities,
        quiz=quiz,
        resources=extras.resources,
        images=pictures,
    )
    problems = checks.check(module, reader.sources)
    if problems:
        return problems
    for warning in checks.warnings(module, reader.sources):
        if warn is not None:
            warn(warning)
    return module


def _listed(reader: _Reader, files: Files, head: ModuleFile, key: str, typ: Any) -> Any:
    """Read the files that module.yaml lists under ``key``, in its order."""
    out: list[Any] = []
    for i, item_id in enumerate(getattr(head, key)):
        name = f"{key}/{item_id}.yaml"
        if name not in files:
            reader.problem(
                "module.yaml",
                line_of(reader.head_lines, (key, i)),
                f"$.{key}[{i}]",
                f"{key[:-1]} {item_id!r} is listed but {name} does not exist; "
                "create the file or remove the entry",
            )
            continue
        value = reader.read(name, typ, (key, len(out)))
        if value is not None and value.id != item_id:
            reader.problem(
                name,
                reader.sources.locate((key, len(out), "id"))[1],
                "$.id",
                f"id {value.id!r} does not match the file name {item_id!r}; "
                "rename the file or change the id",
            )
        out.append(value)
    return None if None in out else tuple(out)


def _images(reader: _Reader, files: Files) -> tuple[ImageFile, ...]:
    """Every file under ``images/`` that may be shipped; the others become problems."""
    found: list[ImageFile] = []
    for name in sorted(n for n in files if n.startswith(images.FOLDER)):
        try:
            path = msgspec.convert(name, ImagePath)
        except msgspec.ValidationError:
            reader.problem(
                name,
                1,
                "$",
                "image file names use lower-case letters, digits and hyphens and end .png, "
                ".jpg, .jpeg, .svg or .webp, directly in images/ (e.g. images/pyramid.png); "
                "rename the file",
            )
            continue
        problems = images.problems(name, files[name])
        for problem in problems:
            reader.problem(name, problem.line, "$", problem.message)
        media_type = images.media_type(name)
        if not problems and media_type is not None:
            reader.sources.add(("images", len(found)), reader.source(name), {})
            found.append(ImageFile(path=path, media_type=media_type, data=files[name]))
    return tuple(found)


def _unexpected(reader: _Reader, files: Files) -> None:
    listed = {
        f"{key}/{v}.yaml"
        for key in ("sections", "activities")
        for v in reader.head.get(key) or []
        if isinstance(v, str)
    }
    for name in sorted(files):
        if (
            name in _FIXED
            or name.endswith(".md")
            or name.startswith(("source/", images.FOLDER))
            or name in listed
        ):
            continue
        folder = name.split("/", 1)[0]
        if folder in ("sections", "activities") and name.endswith(".yaml"):
            reader.problem(
                name,
                1,
                "$",
                f"file is not listed under '{folder}' in module.yaml; "
                "add its id there or delete the file",
            )
        else:
            reader.problem(
                name,
                1,
                "$",
                "unexpected file in a module folder; expected module.yaml, pyramid.yaml, "
                "quiz.yaml, resources.yaml, sections/*.yaml, activities/*.yaml, images/*, source/* "
                "or *.md",
            )


def read_folder(folder: FsPath) -> dict[str, bytes]:
    """Every file under a module folder, as relative name -> bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def load_modules(
    content_dir: str | FsPath = "content",
    *,
    exclude: Collection[str] = (),
    warn: Warn | None = None,
) -> list[Module]:
    """Load and validate every module folder under ``content_dir`` but those in ``exclude``.

    Warnings about modules that load go to ``warn``.

    Raises:
        ContentError: carrying every diagnostic found in every module.
    """
    root = FsPath(content_dir)
    if not root.is_dir():
        raise ContentError(
            [
                Diagnostic(
                    source=str(root),
                    line=1,
                    path="$",
                    message="content folder does not exist; pass the folder holding modules",
                )
            ]
        )
    modules: list[Module] = []
    problems: list[Diagnostic] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name in exclude:
            continue
        result = load_tree(read_folder(folder), folder.as_posix(), warn=warn)
        if isinstance(result, Module):
            modules.append(result)
        else:
            problems.extend(result)
    if problems:
        raise ContentError(problems)
    return modules
