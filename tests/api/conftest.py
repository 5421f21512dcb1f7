"""Fixtures for the API tests: the bundled module, an app over it, and a real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from coprod_content.api import create_app
from coprod_content.cli import main
from coprod_content.history import catalog
from coprod_content.loading import load_modules
from coprod_content.model import Module
from tests.gitrepo import (
    OWNED_IRI,
    PLACEHOLDER_IRI,
    commit_all,
    edit_mini,
    git,
    isolate_git,
    make_repo,
)

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
STARTUP = 90
"""Seconds a server may take to answer first: two workers reading releases from git on a
loaded two-core machine have taken over 30."""


@pytest.fixture(scope="session")
def modules() -> list[Module]:
    """The bundled content, loaded and checked."""
    return load_modules(CONTENT)


@pytest.fixture(scope="session")
def module(modules: list[Module]) -> Module:
    """The bundled module."""
    (found,) = modules
    return found


@pytest.fixture(scope="session")
def app() -> Litestar:
    """The API over the bundled content, default settings, as ``coprod serve`` builds it."""
    published = catalog.published(CONTENT)
    return create_app(published.modules, history=published.history)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    """A TestClient on ``app`` (no real network)."""
    with TestClient(app) as test_client:
        yield test_client


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A ``coprod serve`` process on loopback."""

    def __init__(self, *args: str, env: Mapping[str, str] | None = None) -> None:
        """Start ``coprod serve`` with ``args``, and ``env`` added to this process's
        environment for it alone (a variable set here would reach every later server)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "coprod_content.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode() if self.process.stdout else ""
                raise AssertionError(f"coprod serve exited early:\n{output}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"coprod serve did not answer /healthz within {STARTUP} s")

    def stop(self) -> str:
        """Stop the server (SIGTERM, as a supervisor would); return what it printed."""
        self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return output.decode()


@pytest.fixture(scope="module")
def released_content(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Mini released as 1.0.0; edited; released as 1.1.0; a broken tag 2.0.0; a draft edit.
    Kinds (every kind of quiz item) released as 1.0.0, then as 1.1.0 after ``KINDS_EDIT``."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(monkeypatch)
        root = make_repo(tmp_path_factory.mktemp("repo"))
        shutil.copytree(KINDS, root / "kinds")
        head = root / "kinds" / "module.yaml"
        head.write_text(head.read_text().replace(PLACEHOLDER_IRI, OWNED_IRI))
        commit_all(root.parent, "Add the kinds module")
        for module_id in ("mini", "kinds"):
            args = ["release", module_id, "1.0.0", "--note", "First.", "--content", str(root)]
            assert main(args) == 0
        edit_mini(root)
        (root / "kinds" / "quiz.yaml").write_text(KINDS_EDIT)
        commit_all(root.parent, "Reword, flip, add")
        note = ["--note", "After the group's review.", "--credit", "Lived-experience group"]
        for module_id in ("mini", "kinds"):
            assert main(["release", module_id, "1.1.0", *note, "--content", str(root)]) == 0
        git(root.parent, "tag", "mini@2.0.0", "HEAD^{tree}")
        quiz = root / "mini" / "quiz.yaml"
        quiz.write_text(quiz.read_text().replace("Lived experience", DRAFT))
        yield root


KINDS = ROOT / "tests" / "fixtures" / "quiz" / "kinds"
"""A module whose quiz has an item of each kind."""
KINDS_EDIT = """\
id: check-understanding
title: Quiz
intro:
  - Answer each question, then check your answer.
attempts: 2
items:
  - id: when-to-involve
    kind: single-choice
    statement: When should women with lived experience be *first* involved?
    choices:
      - id: from-the-start
        text: From the **very start**, before decisions are made
        feedback: Yes – that is what makes it co-production.
      - id: after-launch
        text: After the service has **launched**
        feedback: By then the decisions are made.
      - id: at-review
        text: At the yearly review
    answer: from-the-start
    explanation: Involving women *before* any decision is made is what co-production means.
  - id: what-helps
    kind: multiple-response
    statement: Which of these help co-production work? Choose all that apply.
    choices:
      - id: paying-people
        text: Paying people for their time
      - id: jargon
        text: Using professional jargon
        feedback: Jargon shuts people out.
      - id: accessible-info
        text: Accessible information, such as Easy Read
      - id: one-off-survey
        text: A one-off survey
      - id: sharing-power
        text: Sharing power over decisions
      - id: co-design
        text: Designing the service *together*
        feedback: Yes – **together** is the point.
    answer: [paying-people, accessible-info, sharing-power, co-design]
    explanation: Fair pay, accessible information and shared power make involvement real.
  - id: takes-more-time
    kind: true-false
    statement: Co-production takes *less* time than other ways of working.
    answer: false
    explanation: It reduces problems *later on*.
  - id: who-decides
    kind: single-choice
    statement: In co-production, who makes the **decisions**?
    choices:
      - id: professionals
        text: The professionals
        feedback: That is consultation at most.
      - id: together
        text: Everyone *together*
    answer: together
    explanation: Power is shared.
"""
"""Kinds' quiz in its 1.1.0: one change of each kind a quiz can have (``KINDS_CHANGES``)."""
KINDS_CHANGES = [
    ("choices-reordered", "when-to-involve"),
    ("choice-reworded", "when-to-involve"),
    ("choice-removed", "when-to-involve"),
    ("explanation-reworded", "when-to-involve"),
    ("choice-added", "what-helps"),
    ("answer-changed", "what-helps"),
    ("statement-reworded", "takes-more-time"),
    ("answer-flipped", "takes-more-time"),
    ("quiz-item-added", "who-decides"),
    ("quiz-item-removed", "feedback-after-design"),
]
"""What changed in kinds 1.1.0 since 1.0.0, in the order changes are listed: (kind, id)."""


DRAFT = "Unreleased draft"
"""Words in the working tree of ``released_content`` that no release has."""


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """``coprod serve`` over the bundled content, two workers, as in production."""
    running = Server("--workers", "2", "--content", str(CONTENT))
    yield running
    running.stop()
