"""Loading never crashes: any bytes in any content file give a module or located diagnostics."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod_content.diagnostics import Diagnostic
from coprod_content.loading import load_tree, read_folder
from coprod_content.model import Module

ROOT = Path(__file__).resolve().parents[1]
REAL = read_folder(ROOT / "content" / "coproduction")
LABEL = "content/coproduction"
SNIPPETS = [
    b"\x00",
    b"\xff",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b": ",
    b"- ",
    b"{",
    b"]",
    b"'",
    b'"',
    b"\t",
    b"\n  kind: unknown\n",
    b"id: Not A Slug\n",
    b"? ",
    b"<script>",
    b"\xef\xbb\xbf",
    b"#",
    b"---\n",
    b"...\n",
    "د".encode(),
]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, bytes]:
    files = dict(REAL)
    name = draw(st.sampled_from(sorted(n for n in files if n.endswith(".yaml"))))
    data = files[name]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["truncate", "insert", "delete", "duplicate"]))
        if action == "truncate":
            data = data[:at]
        elif action == "insert":
            data = data[:at] + draw(st.sampled_from(SNIPPETS) | st.binary(max_size=8)) + data[at:]
        elif action == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        else:
            line_start = data.rfind(b"\n", 0, at) + 1
            line_end = data.find(b"\n", at) + 1 or len(data)
            data = data[:line_end] + data[line_start:line_end] + data[line_end:]
    files[name] = data
    return files


def _assert_located(result: Module | list[Diagnostic], files: dict[str, bytes]) -> None:
    if isinstance(result, Module):
        return
    assert result, "a failed load must say why"
    names = {f"{LABEL}/{n}" for n in files}
    for diagnostic in result:
        assert diagnostic.source in names
        assert diagnostic.line >= 1
        assert diagnostic.message


@settings(deadline=timedelta(seconds=2))
@given(mutated())
def test_mutated_real_content_gives_module_or_diagnostics(files: dict[str, bytes]) -> None:
    _assert_located(load_tree(files, LABEL), files)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(deadline=timedelta(seconds=2))
@given(st.sampled_from(sorted(n for n in REAL if n.endswith(".yaml"))), _json)
def test_wrong_shapes_give_diagnostics(name: str, value: object) -> None:
    files = dict(REAL)
    files[name] = yaml.safe_dump(value).encode()
    _assert_located(load_tree(files, LABEL), files)


@settings(deadline=timedelta(seconds=2))
@given(st.sampled_from(sorted(REAL)), st.binary(max_size=500))
def test_arbitrary_bytes_give_diagnostics(name: str, data: bytes) -> None:
    files = {**REAL, name: data}
    _assert_located(load_tree(files, LABEL), files)


def test_unlisted_and_unexpected_files_are_reported() -> None:
    files = {**REAL, "sections/draft.yaml": b"id: draft\n", "notes.txt": b"hello"}
    result = load_tree(files, LABEL)
    assert isinstance(result, list)
    assert [str(d) for d in result] == [
        f"{LABEL}/notes.txt:1: $: unexpected file in a module folder; expected module.yaml,"
        " pyramid.yaml, quiz.yaml, resources.yaml, sections/*.yaml, activities/*.yaml,"
        " images/*, source/* or *.md",
        f"{LABEL}/sections/draft.yaml:1: $: file is not listed under 'sections' in module.yaml;"
        " add its id there or delete the file",
    ]


def test_missing_files_are_reported() -> None:
    files = {k: v for k, v in REAL.items() if k != "quiz.yaml"}
    result = load_tree(files, LABEL)
    assert isinstance(result, list)
    assert [str(d) for d in result] == [
        f"{LABEL}/quiz.yaml:1: $: file is missing; every module folder needs it"
    ]


def test_a_video_without_a_transcript_is_a_warning_given_once_the_module_loads() -> None:
    """Warnings go to ``warn`` (never into the result); a module with errors gives none."""
    media = read_folder(ROOT / "tests" / "fixtures" / "media" / "pictures")
    found: list[Diagnostic] = []
    assert isinstance(load_tree(media, "pictures", warn=found.append), Module)
    assert [w.path for w in found] == ["$.base_iri"]  # its one video has a transcript
    untold = media["activities/watch-and-think.yaml"].split(b"      captions:")[0]
    assert b"transcript" not in untold
    bare = {**media, "activities/watch-and-think.yaml": untold}
    found.clear()
    assert isinstance(load_tree(bare, "pictures", warn=found.append), Module)
    iri, warning = found
    assert iri.path == "$.base_iri"
    assert (warning.severity, warning.source, warning.path) == (
        "warning",
        "pictures/activities/watch-and-think.yaml",
        "$.steps[0].video",
    )
    assert str(warning).startswith(
        f"pictures/activities/watch-and-think.yaml:{warning.line}: $.steps[0].video: warning: "
    )
    broken = {**bare, "module.yaml": bare["module.yaml"].replace(b"id: pictures", b"id: Bad Id")}
    found.clear()
    assert isinstance(load_tree(broken, "pictures", warn=found.append), list)
    assert found == []
