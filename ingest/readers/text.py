"""Plain text articles: paragraphs between blank lines, front matter, and a headline line.

News copy saved as text opens with its headline on a line of its own; it becomes the title,
so that it is never read as the start of the first sentence.

>>> (article,) = parse_text("Agencies agree on data\\n\\nTwo agencies agreed to share data.", "a")
>>> article.title, article.paragraphs
('Agencies agree on data', ['Two agencies agreed to share data.'])
"""

from __future__ import annotations

import re

from .dateline import find_dateline
from .document import Parsed, ReadFailure
from .front_matter import front_matter, take_date_header

_HEADLINE_MAX_WORDS = 20
_HEADLINE_MAX_CHARS = 150
# A headline has no final full stop; a line ending so, or in a comma, colon or semicolon, or
# in a dash (a dateline alone on its line), is prose or its beginning.
_NOT_HEADLINE_END = re.compile(r"[.,;:\-—–]$")
_CLOSING = "\"'”’)]"


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


def take_headline(body: str) -> tuple[str | None, str]:
    """Split a headline line off the top of a text: ``(headline, rest)`` or ``(None, body)``.

    The first line is a headline when it is short, has no final full stop, and stands apart
    from what follows: a blank line comes after it, or the next line opens with a dateline, or
    it ends well before the width the text is wrapped at (a wrapped line is cut only where the
    next word would not fit).
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, body
    headline = " ".join(lines[first].split())
    after = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), None)
    if after is None or not _headline_like(headline):
        return None, body
    if after == first + 1 and find_dateline(lines[after].strip()) is None:
        block = [headline]
        for line in lines[after:]:
            if not line.strip():
                break
            block.append(line.rstrip())
        width = max(len(line) for line in block)
        if len(headline) + 1 + len(lines[after].split()[0]) > width:
            return None, body  # the line was wrapped: it runs on into the next one
    return headline, "\n".join(lines[first + 1 :])


def _headline_like(line: str) -> bool:
    words = line.split()
    if not words or len(words) > _HEADLINE_MAX_WORDS or len(line) > _HEADLINE_MAX_CHARS:
        return False
    if _NOT_HEADLINE_END.search(line.rstrip(_CLOSING)):
        return False
    return bool(re.match(r"[\"'“‘]?[A-Z0-9]", line)) and any(c.isalpha() for c in line)


def parse_text(text: str, origin: str) -> list[Parsed | ReadFailure]:
    """One article from a plain text file."""
    meta, body = front_matter(text)
    if "published" not in meta:
        header_date, body = take_date_header(body)
        if header_date:
            meta["published"] = header_date
    empty_reason = "no article text after the front matter" if meta else "empty file"
    title = meta.get("title")
    if title is None:
        title, body = take_headline(body)
    return [
        Parsed(
            text_paragraphs(body),
            origin,
            title=title,
            url=meta.get("url"),
            published=meta.get("published"),
            source=meta.get("source"),
            empty_reason=empty_reason,
        )
    ]
