"""``coprod report --statements``: the three files as their consumers read them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from coprod_content.cli import main
from coprod_content.report.table import text_cell
from tests.gitrepo import isolate_git
from tests.report.cohort import ITEMS, make_content
from tests.report.statements import T0, Session, agent, statements

BASE = "https://learning.coprod-tests.org.uk/xapi"
MODULE = f"{BASE}/mini"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch)
        return make_content(tmp_path_factory.mktemp("command"), BASE)


def export(path: Path, sessions: list[Session]) -> Path:
    path.write_text("".join(json.dumps(s) + "\n" for s in statements(MODULE, ITEMS, sessions)))
    return path


def sittings(count: int, **fields: Any) -> list[Session]:
    return [
        Session(
            learner=agent(n),
            version="1.1.0",
            answers=(("feedback-after-design", "false"), ("takes-more-time", "true")),
            **fields,
        )
        for n in range(count)
    ]


def report(
    content: Path, out: Path, source: Path, capsys: pytest.CaptureFixture[str], *more: str
) -> dict[str, bytes]:
    args = ["report", "--content", str(content), "--statements", str(source), "--out", str(out)]
    assert main([*args, *more]) == 0
    capsys.readouterr()
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_report_json_follows_its_published_schema(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = export(tmp_path / "s.jsonl", sittings(6, verdict="passed", duration=300))
    found = report(content, tmp_path / "out", source, capsys)
    assert main(["report", "--schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(found["report.json"])
    jsonschema.Draft202012Validator(schema).validate(document)
    document["versions"][0]["learners"] = "fewer than five"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(document)
    assert sorted(found) == ["items.csv", "report.html", "report.json"]


def test_the_same_statements_give_the_same_bytes(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = export(tmp_path / "s.jsonl", sittings(7, verdict="failed", duration=90))
    first = report(content, tmp_path / "a", source, capsys)
    again = report(content, tmp_path / "b", source, capsys)
    assert first == again


def test_items_csv_opens_in_a_spreadsheet(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = [
        Session(learner=agent(n), version="1.0.0", answers=(("feedback-after-design", "=SUM(A1)"),))
        for n in range(5)
    ]
    source = export(tmp_path / "s.jsonl", sittings(5) + typed)
    data = report(content, tmp_path / "out", source, capsys)["items.csv"]
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: accents survive Excel
    text = data.decode("utf-8-sig")
    assert text.count("\r\n") == text.count("\n") == 4  # header and three rows, CRLF
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["version"], r["item"]) for r in rows] == [
        ("1.0.0", "feedback-after-design"),
        ("1.1.0", "feedback-after-design"),
        ("1.1.0", "takes-more-time"),
    ]
    first = rows[0]
    assert first["learners"] == "5"
    assert first["correct_at_first_answer"] == "0.0"
    assert first["discrimination"] == "not defined"
    assert first["flags"] == "mostly-wrong"
    assert first["kind"] == "true-false"
    assert first["responses"] == "true: fewer than 5; false: fewer than 5; =SUM(A1): 5"
    words = ("version", "item", "iri", "text", "flags", "responses")
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in words)
    assert (
        rows[1]["text"]
        == "Asking for feedback after a service is designed counts as co-production."
    )


def test_since_and_until_select_statements_from_a_file(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    early = sittings(5)
    late = [
        Session(
            learner=agent(n),
            version="1.1.0",
            answers=(("feedback-after-design", "true"),),
            start=T0.replace(month=6),
        )
        for n in range(10, 16)
    ]
    source = export(tmp_path / "s.jsonl", early + late)
    window = ["--since", "2025-05-01T00:00:00Z", "--until", "2025-07-01T00:00:00+00:00"]
    found = json.loads(report(content, tmp_path / "out", source, capsys, *window)["report.json"])
    (version,) = found["versions"]
    assert version["learners"] == 6
    assert version["items"][0]["correct_at_first_answer"] == 0.0
    assert (found["since"], found["until"]) == tuple(window[1::2])
    everything = json.loads(report(content, tmp_path / "all", source, capsys)["report.json"])
    assert everything["versions"][0]["learners"] == 11


def test_an_unreadable_file_is_an_error(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.jsonl"
    code = main(["report", "--content", str(content), "--statements", str(missing)])
    assert code == 1
    assert capsys.readouterr().err == f"error: cannot read {missing}: No such file or directory\n"


@pytest.mark.parametrize(
    ("cell", "written"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-x", "'-x"), ("@me", "'@me"), ("a=b", "a=b")],
)
def test_text_that_starts_like_a_formula_is_written_as_text(cell: str, written: str) -> None:
    assert text_cell(cell) == written
