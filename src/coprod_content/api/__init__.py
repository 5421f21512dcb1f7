"""The versioned JSON API (litestar): ``create_app(modules, settings=...)``."""

from coprod_content.api.app import Settings, create_app

__all__ = ["Settings", "create_app"]
