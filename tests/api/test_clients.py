"""Clients generated from the OpenAPI document, as frontend teams make them, work.

TypeScript: openapi-typescript turns the document into types; a small program using
openapi-fetch, with exhaustive switches over block and rich text kinds, must compile
under ``tsc --strict`` and, run by node against ``coprod serve``, see what the model
holds. Python: datamodel-code-generator turns the document into pydantic models, named
for what they describe (no ``Kind1``...), that accept every real response.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content import catalog
from coprod_content import model as m
from coprod_content.api import create_app
from coprod_content.loading import load_modules
from coprod_content.richtext import to_plain
from tests.api.conftest import CONTENT, KINDS, ROOT, Server
from tests.api.documented import Documented, quiz_items
from tests.api.routes import SCHEMAS, get_urls, module_urls

BIN = ROOT / "node_modules" / ".bin"
PROGRAM = """\
import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

type Schemas = components["schemas"];
declare const process: { argv: string[] };

function assertNever(value: never): never {
  throw new Error(`unhandled kind: ${JSON.stringify(value)}`);
}

function inline(node: Schemas["InlineNode"]): string {
  switch (node.kind) {
    case "text":
      return node.text;
    case "emphasis":
    case "strong":
      return node.children.map(inline).join("");
    case "link":
      return node.text;
    default:
      return assertNever(node);
  }
}

function plain(text: Schemas["RichText"]): string {
  return typeof text === "string" ? text : text.map(inline).join("");
}

function options(item: Schemas["QuizItem"]): string[] {
  switch (item.kind) {
    case "true-false":
      return ["true", "false"];
    case "single-choice":
    case "multiple-response":
      return item.choices.map((choice) => choice.id);
    default:
      return assertNever(item);
  }
}

function paragraphs(block: Schemas["Block"]): string[] {
  switch (block.kind) {
    case "paragraph":
      return [plain(block.text)];
    case "list":
    case "definition":
    case "callout":
    case "link-card":
    case "image":
    case "help":
    case "challenges":
    case "recommendation":
    case "pyramid":
    case "activity":
    case "quiz":
    case "resources":
      return [];
    default:
      return assertNever(block);
  }
}

const client = createClient<paths>({ baseUrl: process.argv[2] });
const listed = await client.GET("/v1/modules");
if (listed.data === undefined) throw new Error("no module list");
const out: unknown[] = [];
for (const summary of listed.data.modules) {
  const path = { module_id: summary.id };
  const tree = await client.GET("/v1/modules/{module_id}", { params: { path } });
  const html = await client.GET("/v1/modules/{module_id}", {
    params: { path, query: { richtext: "html", answers: false } },
  });
  if (tree.data === undefined || html.data === undefined) throw new Error("no module");
  const kinds: Record<string, number> = {};
  for (const section of tree.data.sections) {
    for (const block of section.blocks) kinds[block.kind] = (kinds[block.kind] ?? 0) + 1;
  }
  const correct: Record<string, boolean | undefined> = {};
  for (const item of tree.data.quiz.items) {
    if (item.answer === undefined) throw new Error("no answer");
    const checked = await client.POST("/v1/modules/{module_id}/quiz/{item_id}/check", {
      params: { path: { ...path, item_id: item.id } },
      body: { answer: item.answer },
    });
    correct[item.id] = checked.data?.correct;
  }
  const missing = await client.GET("/v1/modules/{module_id}/sections/{section_id}", {
    params: { path: { ...path, section_id: "no-such-section" } },
  });
  out.push({
    id: summary.id,
    version: tree.data.version,
    kinds,
    paragraphs: tree.data.sections.flatMap((s) => s.blocks.flatMap(paragraphs)).join("\\n"),
    html: html.data.sections.every((s) =>
      s.blocks.every((b) => b.kind !== "paragraph" || typeof b.text === "string"),
    ),
    hidden: html.data.quiz.items.every(
      (i) => i.answer === undefined && i.explanation === undefined,
    ),
    options: Object.fromEntries(tree.data.quiz.items.map((i) => [i.id, options(i)])),
    correct,
    missing: missing.error?.type,
  });
}
console.log(JSON.stringify(out));
"""
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "noUncheckedIndexedAccess": True,
        "target": "ES2022",
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "outDir": "out",
    },
    "files": ["client.ts"],
}


def run(command: list[str], cwd: Path) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def document(app: Litestar, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The OpenAPI document, as a frontend team downloads it."""
    with TestClient(app) as client:
        body = client.get("/schema/openapi.json").content
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    path.write_bytes(body)
    return path


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``coprod serve`` over the bundled module and one with every kind of quiz item."""
    content = tmp_path_factory.mktemp("content")
    shutil.copytree(CONTENT / "coproduction", content / "coproduction")
    shutil.copytree(KINDS, content / "kinds")
    running = Server("--workers", "1", "--content", str(content))
    yield running
    running.stop()


def compile_program(document: Path, program: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Generate types from ``document`` with openapi-typescript; compile ``program`` with them."""
    (cwd / "node_modules").symlink_to(ROOT / "node_modules")
    (cwd / "package.json").write_text('{"type": "module"}')
    (cwd / "tsconfig.json").write_text(json.dumps(TSCONFIG))
    (cwd / "client.ts").write_text(program)
    run([str(BIN / "openapi-typescript"), str(document), "-o", "api.d.ts"], cwd)
    command = [str(BIN / "tsc"), "-p", "tsconfig.json"]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_a_typescript_client_compiles_strictly_and_reads_the_api(
    document: Path, every_kind: Server, tmp_path: Path
) -> None:
    done = compile_program(document, PROGRAM, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(run(["node", "out/client.js", every_kind.url], tmp_path))
    modules = load_modules(CONTENT) + load_modules(KINDS.parent)
    assert {r["id"]: r for r in results} == {module.id: expected(module) for module in modules}


def expected(module: m.Module) -> dict[str, object]:
    """What the program must print for ``module``, worked out from the model."""
    blocks = [b for s in module.sections for b in s.blocks]
    return {
        "id": module.id,
        "version": module.version,
        "kinds": dict(Counter(type(b).__struct_config__.tag for b in blocks)),
        "paragraphs": "\n".join(to_plain(b.text) for b in blocks if isinstance(b, m.Paragraph)),
        "html": True,
        "hidden": True,
        "options": {
            item.id: ["true", "false"]
            if isinstance(item, m.TrueFalse)
            else [c.id for c in item.choices]
            for item in module.quiz.items
        },
        "correct": {item.id: True for item in module.quiz.items},
        "missing": "tag:coprod-content,2026:problem/unknown-part",
    }


def test_typescript_that_misses_a_kind_does_not_compile(document: Path, tmp_path: Path) -> None:
    """The types are exact: a switch that forgets a block kind, or a quiz item kind, is a
    compile error naming the kind forgotten (both forgotten here: one compile)."""
    program = PROGRAM
    for kind in ("resources", "multiple-response"):
        case = f'    case "{kind}":\n'
        assert program.count(case) == 1
        program = program.replace(case, "")
    done = compile_program(document, program, tmp_path)
    assert done.returncode != 0
    for kind in ("resources", "multiple-response"):
        assert re.search(rf'kind: "{kind}".*never', done.stdout), (kind, done.stdout)


@pytest.fixture(scope="module")
def models(document: Path) -> ModuleType:
    """Pydantic models generated by datamodel-code-generator from the document."""
    out = document.with_name("models.py")
    generator = Path(sys.executable).with_name("datamodel-codegen")
    run(
        [
            str(generator),
            "--input",
            str(document),
            "--input-file-type",
            "openapi",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--formatters",
            "builtin",
            "--output",
            str(out),
        ],
        document.parent,
    )
    spec = importlib.util.spec_from_file_location("generated_models", out)
    assert spec is not None and spec.loader is not None
    generated = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generated  # pydantic resolves the models' references through it
    spec.loader.exec_module(generated)
    return generated


def test_generated_python_models_are_named_for_what_they_describe(
    models: ModuleType, document: Path
) -> None:
    names = re.findall(r"^class (\w+)\(", document.with_name("models.py").read_text(), re.M)
    assert not [n for n in names if re.search(r"\d$", n)], names  # no Kind1, Part2...
    for name in (
        "RichText",
        "RichTextTree",
        "RichTextHtml",
        "InlineNode",
        "Block",
        "Step",
        "Paragraph",
        "ResourcesRef",
        "ProblemType",
        "ModuleDetail",
        "QuizItem",
        "TrueFalseItem",
        "SingleChoiceItem",
        "MultipleResponseItem",
        "Choice",
        "ChoiceFeedback",
        "Answer",
        "TrueFalseAnswer",
        "SingleChoiceAnswer",
        "MultipleResponseAnswer",
        "CheckRequest",
        "CheckResult",
        "Change",
        "QuizItemAdded",
        "StatementReworded",
        "ChoiceReworded",
        "ChoiceText",
        "QuizItemKind",
    ):
        assert name in names, name


def test_generated_python_models_accept_every_response(
    models: ModuleType, client: TestClient[Litestar], modules: list[m.Module]
) -> None:
    camel = {f"{name}.json": "".join(p.title() for p in name.split("-")) for name in SCHEMAS}
    documented = Documented(lambda path: client.get(path).content)
    checked: Counter[str] = Counter()
    for url in get_urls(modules):
        name = documented.schema_name(url)
        if name in camel:
            getattr(models, camel[name]).model_validate_json(client.get(url).content)
            checked[name] += 1
    module = modules[0]
    base = f"/v1/modules/{module.id}"
    check = client.post(f"{base}/quiz/{module.quiz.items[0].id}/check", json={"answer": True})
    models.CheckResult.model_validate_json(check.content)
    for bad in (client.get(f"{base}/nope"), client.get(f"{base}?answers=maybe")):
        models.Problem.model_validate_json(bad.content)
    assert len(checked) == 13  # every kind of GET response but the schema documents


def test_generated_python_models_accept_every_quiz_item_kind_and_change(
    models: ModuleType, released_content: Path
) -> None:
    """Every quiz page and every change list of a module with each kind of item and of
    change, in every representation; a check result of each kind of item."""
    published = catalog.released(released_content)
    with TestClient(create_app(published.modules, history=published.history)) as client:
        documented = Documented(lambda path: client.get(path).content)
        (kinds,) = [mod for mod in published.modules if mod.id == "kinds"]
        base = "/v1/modules/kinds"
        urls = [u for u in module_urls(base, kinds) if "/quiz" in u]
        urls += [f"{base}/versions/1.1.0/changes?since=1.0.0{q}" for q in ("", "&richtext=html")]
        items: Counter[str] = Counter()
        for url in urls:
            response = client.get(url)
            name = "".join(p.title() for p in documented.schema_name(url)[:-5].split("-"))
            getattr(models, name).model_validate_json(response.content)
            for item in quiz_items(response.json()):
                model = "".join(p.title() for p in item["kind"].split("-")) + "Item"
                items[getattr(models, model).model_validate(item).kind] += 1
        assert set(items) == {"true-false", "single-choice", "multiple-response"}
        for item in kinds.quiz.items:
            answer = msgspec.to_builtins(item.answer)
            for query in ("", "?richtext=html"):
                url = f"{base}/quiz/{item.id}/check{query}"
                checked = models.CheckResult.model_validate_json(
                    client.post(url, json={"answer": answer}).content
                )
                assert checked.correct is True
