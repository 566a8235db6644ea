"""HTML pages (main text by trafilatura, metadata from the page) and HTML snippets in feeds/JSON."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura

from .document import Parsed, ReadFailure
from .text import text_paragraphs

XML_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*\?>")
# Publication dates from the page's metadata only (meta tags, JSON-LD, <time>), never guessed from
# its prose or its url, and judged against a fixed latest date rather than today's, so that the
# same page always reads the same.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2199-12-31"}


def parse_html(text: str, origin: str) -> list[Parsed | ReadFailure]:
    """One article from a web page: trafilatura's main text and metadata."""
    markup = XML_DECLARATION.sub("", text, count=1)
    page = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if page is None:
        return [Parsed([], origin, empty_reason="no article text found in HTML")]
    return [
        Parsed(
            page.text.split("\n") if page.text else [],
            origin,
            title=page.title,
            url=page.url if _is_absolute_url(page.url) else None,
            published=page.date,
            source=page.sitename,
            strict_date=False,
            empty_reason="no article text found in HTML",
            min_sentence_words=6,
        )
    ]


def _is_absolute_url(value: object) -> bool:
    return (
        isinstance(value, str)
        and re.match(r"https?://\S+$", value.strip(), re.IGNORECASE) is not None
    )


_BLOCK_TAGS_TEXT = (
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAGS_TEXT.split())
_PARAGRAPH_BREAK = "\u2029"


def html_fragment_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of an HTML snippet (a feed item's body): block elements break paragraphs."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return text_paragraphs(fragment)
    parts: list[str] = []
    skip_depth = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        hidden = tag in ("script", "style", "noscript", "template")
        if event == "start":
            if hidden:
                skip_depth += 1
            if tag in _BLOCK_TAGS:
                parts.append(_PARAGRAPH_BREAK)
            if tag is not None and not skip_depth and element.text:
                parts.append(element.text)
        else:
            if hidden:
                skip_depth -= 1
            if tag in _BLOCK_TAGS:
                parts.append(_PARAGRAPH_BREAK)
            if element is not root and not skip_depth and element.tail:
                parts.append(element.tail)
    return [" ".join(p.split()) for p in "".join(parts).split(_PARAGRAPH_BREAK) if p.strip()]


LOOKS_LIKE_HTML = re.compile(
    r"</?(?:p|div|br|span|a|em|strong|b|i|ul|li|h[1-6])\b[^>]*>", re.IGNORECASE
)
