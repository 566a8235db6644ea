"""Which format a file is, from its extension or, failing that, from its content."""

from __future__ import annotations

import json
import re

from .decoding import META_CHARSET, XML_ENCODING
from .front_matter import front_matter


def sniff(text: str) -> str:
    """The format of content that came without a usable extension (stdin, extensionless files)."""
    structured = _sniff_structured_text(text)
    if structured is not None:
        return structured
    return "markdown" if _looks_like_markdown(text) else "text"


def sniff_structured(data: bytes) -> str | None:
    """The format of bytes that are clearly JSON, a feed or HTML, else None (prose or unknown)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = XML_ENCODING.search(data[:4096]) or META_CHARSET.search(data[:4096])
        if declared is None:
            return None
        text = data.decode("latin-1")  # only to look at the markup; decoded properly later
    if "\x00" in text:
        return None
    return _sniff_structured_text(text)


# XML declaration, comments and a doctype (with its internal subset) before the root element.
_MARKUP_DECLARATIONS = re.compile(
    r"^(?:\s|<\?.*?\?>|<!--.*?-->|<!doctype(?!\s+html)[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL
)
_HTML_ROOTS_TEXT = (
    "html head body main article section div p span a h1 h2 h3 table ul ol meta title link"
)
_HTML_ROOTS = frozenset(_HTML_ROOTS_TEXT.split())


def _sniff_structured_text(text: str) -> str | None:
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "jsonl" if _is_json_lines(head) else "json"
    if head.startswith("[") and re.match(r"\[\s*(?:[{\[\]\"]|$)", head[:200]):
        return "json"
    if head.startswith("<"):
        low = _MARKUP_DECLARATIONS.sub("", head[:8192].lower(), count=1)
        if low.startswith("<!doctype html"):
            return "html"
        root = re.match(r"<([a-z][\w:.-]*)", low)
        if root is None:
            return None
        if root.group(1) in ("rss", "feed", "rdf:rdf"):
            return "feed"
        if root.group(1) in _HTML_ROOTS:
            return "html"
    return None


def _is_json_lines(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return exc.msg == "Extra data"
    except (RecursionError, ValueError):
        return False  # JSON all the same; its parser says what is wrong with it
    return False


def _looks_like_markdown(text: str) -> bool:
    _, body = front_matter(text)
    first = body.lstrip().split("\n", 1)[0]
    return bool(
        re.match(r"#{1,6}\s", first)
        or re.search(r"\[[^\]\n]+\]\([^)\s]+\)|^```|\*\*\w", body, re.MULTILINE)
    )
