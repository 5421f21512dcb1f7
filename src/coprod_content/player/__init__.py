"""The learner-facing player shared by every package target.

A target supplies a ``Tracking`` (its adapter scripts and saved-state limit);
``render`` returns index.html, player.css, player.js and those scripts.
"""

from coprod_content.player.render import Tracking, render

__all__ = ["Tracking", "render"]
