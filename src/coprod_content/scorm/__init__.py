"""SCORM 1.2 and SCORM 2004 4th Edition packages: one SCO per module, the shared player."""

from coprod_content.scorm.package import build, build_all, package_name

__all__ = ["build", "build_all", "package_name"]
