"""Problems found in authored content, and the project's exception tree."""

from __future__ import annotations

from typing import Literal

import msgspec

Severity = Literal["error", "warning"]


class Diagnostic(msgspec.Struct, frozen=True, kw_only=True, order=True):
    """One problem in authored content, located by file, line and data path.

    An ``error`` stops a build; a ``warning`` is shown but never stops anything or fails
    a command: it names something to fix before a release (such as a placeholder IRI, or a
    video without a transcript).
    """

    source: str
    line: int
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        word = "warning: " if self.severity == "warning" else ""
        return f"{self.source}:{self.line}: {self.path}: {word}{self.message}"


class CoprodError(Exception):
    """Base of every error this project raises on purpose."""


class ContentError(CoprodError):
    """Authored content has problems; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        count = len(self.diagnostics)
        lines = "\n".join(str(d) for d in self.diagnostics)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in content:\n{lines}")


class PackageError(CoprodError):
    """A package could not be built (for example, its manifest failed validation)."""


class NotFound(CoprodError):
    """A module, section or item that was asked for does not exist."""
