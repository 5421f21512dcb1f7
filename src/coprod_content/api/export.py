"""The static export: every GET response of the API as a file, for any static host.

Built from a ``catalog``, as ``coprod serve`` is: the latest release of each module, every
released version and every ``changes?since=`` pair. ``api/<path form>`` holds exactly
the bytes the server sends for that page (``api/v1/modules/x/quiz.answers-false.json``;
see ``urls``), so every href in the files resolves on a plain static host; every body
worth compressing has its gzip form beside it (``.json.gz``, byte-identical to the
server's). ``api/_problems/not-found.json`` is the 404 problem a host can send for URLs
with no file. ``static-nginx.conf`` serves the folder with the query URLs too.
"""

from __future__ import annotations

from importlib.resources import files

from coprod_content.api.app import create_app, published
from coprod_content.api.pages import Page
from coprod_content.api.problems import problem_reply
from coprod_content.catalog import Catalog

ROOT = "api"
NOT_FOUND = f"{ROOT}/_problems/not-found.json"
"""The problem a static host sends for a URL with no file (no path to name in it)."""


def file_name(page: Page) -> str:
    """Where ``page`` goes in the export, e.g. ``api/v1/modules/x/quiz.answers-false.json``."""
    return ROOT + page.form


def api_target(catalog: Catalog) -> dict[str, bytes]:
    """``api/...``: every GET response body of the API (and its gzip form) as a file."""
    app = create_app(catalog.modules, history=catalog.history)
    files: dict[str, bytes] = {}
    for page in published(app).pages:
        name = file_name(page)
        files[name] = page.body
        if page.gzip is not None:
            files[name + ".gz"] = page.gzip
    detail = "no resource at this URL; the routes are listed in /schema/openapi.json"
    files[NOT_FOUND] = problem_reply(404, "not-found", detail, None).body
    return files


def nginx_config(root: str, listen: str) -> str:
    """``static-nginx.conf`` serving the export folder ``root`` (``dist/api``) on ``listen``."""
    example = files(__package__).joinpath("static-nginx.conf").read_text(encoding="utf-8")
    return example.replace("127.0.0.1:8080;", f"{listen};").replace(
        "/srv/coprod/dist/api;", f"{root};"
    )
