"""Markdown articles: parsed by markdown-it-py into plain paragraphs, a top heading as title.

>>> (article,) = parse_markdown("# Relay deal\\n\\nThe *two* [signed](https://e.org) it.", "a.md")
>>> article.title, article.paragraphs
('Relay deal', ['The two signed it.'])
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .document import Parsed, ReadFailure
from .front_matter import front_matter, take_date_header
from .html import html_fragment_paragraphs
from .text import text_paragraphs

# CommonMark with GitHub's tables and strikethrough; raw HTML is parsed so that its tags can be
# dropped and its text kept.
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_INLINE_TEXT = frozenset(["text", "text_special", "code_inline"])
_INLINE_SPACE = frozenset(["softbreak", "hardbreak"])


def parse_markdown(text: str, origin: str) -> list[Parsed | ReadFailure]:
    """One article from a Markdown file: front matter, a top-level heading as title, the prose."""
    meta, body = front_matter(text)
    heading, paragraphs = markdown_paragraphs(body)
    if "published" not in meta and paragraphs:
        header_date, rest = take_date_header(paragraphs[0])
        if header_date:
            meta["published"] = header_date
            paragraphs[:1] = [rest] if rest.strip() else []
    return [
        Parsed(
            paragraphs,
            origin,
            title=meta.get("title") or heading,
            url=meta.get("url"),
            published=meta.get("published"),
            source=meta.get("source"),
            empty_reason="no article text found in Markdown",
        )
    ]


def markdown_paragraphs(body: str) -> tuple[str | None, list[str]]:
    """The title (a level-1 heading opening the text) and the prose blocks of a Markdown text.

    Headings, list items, quotes and code blocks each become a paragraph; a table row becomes
    one paragraph of its cells; images (alt text is not prose) and HTML tags are dropped.
    """
    tokens = _MARKDOWN.parse(body)
    title = None
    if len(tokens) > 1 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        title, tokens = _inline_text(tokens[1].children), tokens[3:]
    paragraphs: list[str] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            paragraphs.append(" ".join(cell for cell in row if cell))
            row = None
        elif token.type == "inline":
            text = _inline_text(token.children)
            if row is not None:
                row.append(text)
            else:
                paragraphs.append(text)
        elif token.type in ("fence", "code_block"):
            paragraphs.extend(text_paragraphs(token.content, blank_line_separated=True))
        elif token.type == "html_block":
            paragraphs.extend(html_fragment_paragraphs(token.content))
    return title, [p for p in paragraphs if p.strip()]


def _inline_text(children: Sequence[Token] | None) -> str:
    parts: list[str] = []
    for child in children or ():
        if child.type in _INLINE_TEXT:
            parts.append(child.content)
        elif child.type in _INLINE_SPACE:
            parts.append(" ")
    return " ".join("".join(parts).split())
