"""coprod-content: the "Collaboration and co-production" module as typed content."""

from coprod_content.diagnostics import ContentError, CoprodError, Diagnostic, NotFound, PackageError
from coprod_content.loading import load_modules
from coprod_content.model import Module

__all__ = [
    "ContentError",
    "CoprodError",
    "Diagnostic",
    "Module",
    "NotFound",
    "PackageError",
    "load_modules",
]
