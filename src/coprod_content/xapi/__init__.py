"""xAPI (Tin Can) packages: ``tincan.xml``, stable activity IRIs and the player's xAPI adapter."""

from coprod_content.xapi.package import build, build_all, package_name

__all__ = ["build", "build_all", "package_name"]
