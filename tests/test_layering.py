"""Dependencies point inward: api and packagers never import each other; nothing imports cli."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "coprod_content"
CORE = {
    "model",
    "diagnostics",
    "richtext",
    "yamlsource",
    "conversion",
    "checks",
    "loading",
    "quiz",
    "images",
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "coprod_content":
            found.update(f"coprod_content.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {n.split(".")[1] for n in found if n.startswith("coprod_content.")}


def test_layers() -> None:
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).parts
        imported = _imports(path)
        assert "cli" not in imported, f"{path} imports cli"
        if rel[0] == "api":
            assert not imported & {"scorm", "xapi", "cmi5"}, f"{path} imports a packager"
        if rel[0] in ("scorm", "xapi", "cmi5", "player"):
            assert "api" not in imported, f"{path} imports the API"
        if path.stem in CORE and len(rel) == 1:
            assert imported <= CORE, f"core module {path} imports {imported - CORE}"
