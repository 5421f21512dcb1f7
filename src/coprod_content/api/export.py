"""The static export: every GET response of the API as a file, for any static host.

``api/<path>.json`` holds exactly the bytes the server sends for ``<path>``; query
variants get a suffix (``quiz.answers-false.richtext-html.json``) and every body
worth compressing has its gzip form beside it (``.json.gz``, byte-identical to the
server's). ``static-nginx.conf`` shows how to serve the folder with the same URLs.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files

from coprod_content.api.app import create_app, published
from coprod_content.api.pages import Page
from coprod_content.model import Module

ROOT = "api"


def file_name(page: Page) -> str:
    """Where ``page`` goes in the export, e.g. ``api/v1/modules/x/quiz.answers-false.json``."""
    suffix = "".join(f".{name}-{value}" for name, value in page.query)
    extension = "" if page.path.endswith(".json") else ".json"
    return f"{ROOT}{page.path}{suffix}{extension}"


def api_target(modules: Sequence[Module]) -> dict[str, bytes]:
    """``api/...``: every GET response body of the API (and its gzip form) as a file."""
    files: dict[str, bytes] = {}
    for page in published(create_app(modules)).pages:
        name = file_name(page)
        files[name] = page.body
        if page.gzip is not None:
            files[name + ".gz"] = page.gzip
    return files


def nginx_config(root: str, listen: str) -> str:
    """``static-nginx.conf`` serving the export folder ``root`` (``dist/api``) on ``listen``."""
    example = files(__package__).joinpath("static-nginx.conf").read_text(encoding="utf-8")
    return example.replace("127.0.0.1:8080;", f"{listen};").replace(
        "/srv/coprod/dist/api;", f"{root};"
    )
