"""The formats readers know: name -> parser, and file extension -> name."""

from __future__ import annotations

from collections.abc import Callable

from .document import Parsed, ReadFailure
from .feeds import parse_feed
from .html import parse_html
from .json import parse_json, parse_jsonl
from .markdown import parse_markdown
from .text import parse_text

#: Format name -> parser. Each parser takes the decoded text and its origin.
FORMATS: dict[str, Callable[[str, str], list[Parsed | ReadFailure]]] = {
    "text": parse_text,
    "markdown": parse_markdown,
    "html": parse_html,
    "json": parse_json,
    "jsonl": parse_jsonl,
    "feed": parse_feed,
}

#: File extension -> format name.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

SUPPORTED = "SpaceKG reads .txt, .md, .html, .json, .jsonl and RSS/Atom .xml files"


def format_name(fmt: str | None) -> str | None:
    """The format a name or extension (``"markdown"``, ``".md"``, ``"md"``) stands for.

    Raises ValueError for an unknown one: a caller's mistake, not bad input.
    """
    if fmt is None:
        return None
    name = fmt.lower()
    name = EXTENSIONS.get(name if name.startswith(".") else "." + name, name)
    if name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown format {fmt!r}; use one of {known} or a file extension")
    return name
