"""Metadata at the top of a text or Markdown file: ``---`` front matter and a date header line."""

from __future__ import annotations

import re

from .dates import parse_date

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_FRONT_MATTER_KEYS = {
    "title": "title",
    "published": "published",
    "date": "published",
    "url": "url",
    "source": "source",
}
# "date 2025-04-25" / "Published: April 25, 2025" opening a scraped text file.
_DATE_HEADER = re.compile(
    r"\A\s*(?:date|published|posted)\s*:?\s+"
    r"(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|[A-Za-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)? [A-Za-z]{3,9}\.? \d{4})"
    r"(?=\s|$)",
    re.IGNORECASE,
)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split ``---``-fenced ``key: value`` lines off the top of a text or Markdown file."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pair = _FRONT_MATTER_LINE.match(line)
        if pair is None:
            return {}, text  # not front matter after all, just a rule at the top
        key = _FRONT_MATTER_KEYS.get(pair[1].lower())
        value = pair[2]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key and value and key not in meta:
            meta[key] = value
    return meta, text[match.end() :]


def take_date_header(body: str) -> tuple[str | None, str]:
    """Split a leading ``date 2025-04-25`` / ``Published: April 25, 2025`` off a body."""
    match = _DATE_HEADER.match(body)
    if match is None or parse_date(match.group(1)) is None:
        return None, body
    return match.group(1), body[match.end() :]
