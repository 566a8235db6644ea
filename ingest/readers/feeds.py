"""RSS and Atom feeds (read by feedparser): one article per item."""

from __future__ import annotations

import datetime
import io
import re

import feedparser

from .dates import parse_date
from .document import Parsed, ReadFailure
from .html import XML_DECLARATION, html_fragment_paragraphs
from .text import text_paragraphs

# A numeric character reference to no character (a surrogate, NUL, past U+10FFFF) crashes
# feedparser; HTML reads each as U+FFFD, and so do we, before feedparser sees it.
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _no_character(match: re.Match[str]) -> str:
    digits = (match[1] or match[2]).lstrip("0")
    if len(digits) > 8:
        return "&#xFFFD;"
    code = int(match[1], 16) if match[1] else int(match[2])
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "&#xFFFD;"
    return match[0]


def parse_feed(text: str, origin: str) -> list[Parsed | ReadFailure]:
    """Articles from an RSS or Atom feed, one per item."""
    text = _CHARACTER_REFERENCE.sub(_no_character, text)
    # Re-encode as UTF-8 and say so in the declaration (the text was decoded already). A stream,
    # unlike a string, is never taken by feedparser for a URL or a file name to open.
    declaration = '<?xml version="1.0" encoding="utf-8"?>'
    if XML_DECLARATION.match(text):
        payload, added_lines = XML_DECLARATION.sub(declaration, text, count=1), 0
    else:
        payload, added_lines = declaration + "\n" + text, 1
    parsed = feedparser.parse(
        io.BytesIO(payload.encode("utf-8")), resolve_relative_uris=False, sanitize_html=True
    )
    if not parsed.entries:
        if parsed.bozo:
            return [
                ReadFailure(
                    origin, f"not a valid RSS/Atom feed: {_feed_error(parsed, added_lines)}"
                )
            ]
        if not parsed.version:
            return [ReadFailure(origin, "not a valid RSS/Atom feed: no <rss> or <feed> element")]
        return [ReadFailure(origin, "feed has no items")]
    feed_title = parsed.feed.get("title")
    items = [
        _feed_item(entry, f"{origin}#item-{i}", feed_title)
        for i, entry in enumerate(parsed.entries, start=1)
    ]
    if parsed.bozo and not any(item.paragraphs for item in items):
        # feedparser's lenient fallback salvaged only empty husks of a broken file
        return [
            ReadFailure(origin, f"not a valid RSS/Atom feed: {_feed_error(parsed, added_lines)}")
        ]
    return items


def _feed_error(parsed: feedparser.FeedParserDict, added_lines: int) -> str:
    exc = parsed.get("bozo_exception")
    message = str(exc) if exc else "unreadable XML"
    located = re.match(r"^<unknown>:(\d+):(\d+):\s*(.*)$", message)
    if located:
        line = max(int(located[1]) - added_lines, 1)
        return f"{located[3]} at line {line} column {located[2]}"
    return message


def _feed_item(entry: dict, origin: str, feed_title: str | None) -> Parsed:
    bodies = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if not bodies and (entry.get("summary") or "").strip():
        bodies = [entry.get("summary_detail") or {"value": entry["summary"], "type": "text/html"}]
    body = max(bodies, key=lambda c: len(c.get("value", "")), default=None)
    paragraphs: list[str] = []
    if body is not None:
        value = body.get("value", "")
        if "html" in (body.get("type") or "text/html"):
            paragraphs = html_fragment_paragraphs(value)
        else:
            paragraphs = text_paragraphs(value)
    title = entry.get("title")
    if title and "html" in (entry.get("title_detail", {}).get("type") or ""):
        title = " ".join(html_fragment_paragraphs(title))
    published: str | datetime.date | None = None
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        if entry.get(raw):
            published = parse_date(entry[raw])
            if published is None and entry.get(parsed):
                published = datetime.date(*entry[parsed][:3])
            if published is not None:
                break
    source = (entry.get("source") or {}).get("title") or feed_title
    return Parsed(
        paragraphs,
        origin,
        title=title,
        url=entry.get("link"),
        published=published,
        source=source,
        strict_date=False,
        empty_reason="feed item has no text (no description or content)",
    )
