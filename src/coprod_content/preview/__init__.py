"""``coprod serve --preview``: the working tree for authors, re-checked on every change."""
