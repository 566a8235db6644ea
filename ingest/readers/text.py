"""Plain text articles: paragraphs between blank lines, with optional front matter."""

from __future__ import annotations

import re

from .document import Parsed, ReadFailure
from .front_matter import front_matter, take_date_header


def text_paragraphs(body: str, *, blank_line_separated: bool | None = None) -> list[str]:
    """Paragraphs of plain text: blocks between blank lines, or single lines if there are none."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if blank_line_separated is None:
        blank_line_separated = re.search(r"\n[ \t\u00a0]*\n", body) is not None
    if blank_line_separated:
        blocks = re.split(r"\n[ \t\u00a0]*\n", body)
    else:
        blocks = body.split("\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def parse_text(text: str, origin: str) -> list[Parsed | ReadFailure]:
    """One article from a plain text file."""
    meta, body = front_matter(text)
    if "published" not in meta:
        header_date, body = take_date_header(body)
        if header_date:
            meta["published"] = header_date
    return [
        Parsed(
            text_paragraphs(body),
            origin,
            title=meta.get("title"),
            url=meta.get("url"),
            published=meta.get("published"),
            source=meta.get("source"),
            empty_reason="no article text after the front matter" if meta else "empty file",
        )
    ]
