"""Rich text: one line of Markdown <-> the typed inline tree, and renderers.

Authors write inline Markdown (``*emphasis*``, ``**strong**``, ``[text](url)``,
backslash escapes). Nothing else is interpreted: raw HTML, entities, images and
code spans stay literal text, so markup in content is inert.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from coprod_content.model import MAX_LABEL, MAX_URL, Emphasis, Inline, Link, RichText, Strong, Text

_MD = MarkdownIt("zero").enable(["emphasis", "link", "escape"])
_MD.validateLink = lambda url: True  # type: ignore[method-assign,assignment]  # see checks.py
_MD.normalizeLink = lambda url: url  # type: ignore[method-assign,assignment]  # keep as authored
_MD.normalizeLinkText = lambda link: link  # type: ignore[method-assign,assignment]

_MD_SPECIAL = "\\*_[]"


class RichTextError(ValueError):
    """Inline Markdown that cannot become rich text."""


def parse(source: str) -> RichText:
    """Parse one line of inline Markdown into rich text.

    Raises:
        RichTextError: the text is empty or spans lines, or a link holds markup, has no
            text, or a text or URL over the model's limits (which ``Link`` itself does not
            check: a Struct checks its constraints when decoded, not when built).
    """
    if not source.strip():
        raise RichTextError("text is empty; write the text or remove the field")
    if "\n" in source or "\r" in source:
        raise RichTextError(
            "text spans several lines; join them into one line, "
            "or split it into separate paragraphs or list items"
        )
    tokens = _MD.parseInline(source)[0].children or []
    children, rest = _build(tokens, 0, None)
    assert rest == len(tokens)
    return children


def _build(tokens: list[Token], i: int, until: str | None) -> tuple[RichText, int]:
    out: list[Inline] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == until:
            return _merge(out), i + 1
        if tok.type in ("text", "text_special"):
            if tok.content:  # markdown-it leaves an empty token after a closing ** or *
                out.append(Text(text=tok.content))
            i += 1
        elif tok.type == "em_open":
            kids, i = _build(tokens, i + 1, "em_close")
            out.append(Emphasis(children=kids))
        elif tok.type == "strong_open":
            kids, i = _build(tokens, i + 1, "strong_close")
            out.append(Strong(children=kids))
        elif tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            kids, i = _build(tokens, i + 1, "link_close")
            if any(not isinstance(k, Text) for k in kids):
                raise RichTextError(
                    f"link to {href!r} has emphasis in its text; link text must be plain"
                )
            label = "".join(k.text for k in kids if isinstance(k, Text))
            out.append(Link(href=_url(href), text=_link_text(href, label)))
        else:  # pragma: no cover - only enabled rules produce tokens
            raise RichTextError(f"unsupported Markdown ({tok.type})")
    return _merge(out), i


def _url(href: str) -> str:
    if len(href) > MAX_URL:
        raise RichTextError(
            f"link URL is {len(href)} characters, over the limit of {MAX_URL}; shorten it"
        )
    return href


def _link_text(href: str, label: str) -> str:
    if not label.strip():
        raise RichTextError(f"link to {href!r} has no text; write its text between [ and ]")
    if len(label) > MAX_LABEL:
        raise RichTextError(
            f"link text is {len(label)} characters, over the limit of {MAX_LABEL}; shorten it"
        )
    return label


def _merge(nodes: list[Inline]) -> RichText:
    merged: list[Inline] = []
    for node in nodes:
        if merged and isinstance(node, Text) and isinstance(merged[-1], Text):
            merged[-1] = Text(text=merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)


def to_markdown(rich: RichText) -> str:
    """Write rich text as inline Markdown that ``parse`` reads back unchanged."""
    return "".join(_md(node) for node in rich)


def _md(node: Inline) -> str:
    if isinstance(node, Text):
        return "".join("\\" + c if c in _MD_SPECIAL else c for c in node.text)
    if isinstance(node, Emphasis):
        return "*" + to_markdown(node.children) + "*"
    if isinstance(node, Strong):
        return "**" + to_markdown(node.children) + "**"
    href = node.href.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"[{to_markdown((Text(text=node.text),))}]({href})"


def to_plain(rich: RichText) -> str:
    """The text alone, as a reader would hear it."""
    return "".join(_plain(node) for node in rich)


def _plain(node: Inline) -> str:
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Link):
        return node.text
    return to_plain(node.children)


def to_html(rich: RichText) -> str:
    """Render rich text as escaped, inert HTML (inline elements only)."""
    return "".join(_html(node) for node in rich)


def _html(node: Inline) -> str:
    if isinstance(node, Text):
        return escape(node.text, quote=False)
    if isinstance(node, Emphasis):
        return f"<em>{to_html(node.children)}</em>"
    if isinstance(node, Strong):
        return f"<strong>{to_html(node.children)}</strong>"
    return f'<a href="{escape(node.href)}">{escape(node.text, quote=False)}</a>'


def links(rich: RichText) -> list[Link]:
    """Every link in the rich text, in reading order."""
    found: list[Link] = []
    for node in rich:
        if isinstance(node, Link):
            found.append(node)
        elif isinstance(node, (Emphasis, Strong)):
            found.extend(links(node.children))
    return found
