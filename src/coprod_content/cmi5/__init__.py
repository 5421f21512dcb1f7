"""cmi5 packages: ``cmi5.xml`` (one AU, validated against the vendored XSD) and the cmi5 adapter."""

from coprod_content.cmi5.package import build, build_all, package_name

__all__ = ["build", "build_all", "package_name"]
