"""HTML pages (main text by trafilatura, metadata from the page) and HTML snippets in feeds/JSON."""

from __future__ import annotations

import json
import re

import lxml.etree
import lxml.html
import trafilatura

from .document import Parsed, ReadFailure
from .text import text_paragraphs

XML_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*\?>")
_ARTICLE_TYPES = frozenset(
    [
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    ]
)
_DATE_META_NAMES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
)


def parse_html(text: str, origin: str) -> list[Parsed | ReadFailure]:
    markup = XML_DECLARATION.sub("", text, count=1)
    meta = _html_metadata(markup)
    extracted = trafilatura.extract(
        markup,
        include_comments=False,
        include_tables=True,
        output_format="txt",
        with_metadata=False,
        deduplicate=False,
    )
    paragraphs = extracted.split("\n") if extracted else []
    title = meta.get("title")
    if title and meta.get("source"):
        title = _strip_site_suffix(title, meta["source"])
    return [
        Parsed(
            paragraphs,
            origin,
            title=title,
            url=meta.get("url"),
            published=meta.get("published"),
            source=meta.get("source"),
            strict_date=False,
            empty_reason="no article text found in HTML",
            min_sentence_words=6,
        )
    ]


def _html_metadata(markup: str) -> dict[str, str]:
    """Title, url, date and outlet from ``<meta>`` tags, the canonical link and JSON-LD."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return {}
    metas: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = (tag.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    ld = _json_ld_article(root)

    def first(*values: object) -> str | None:
        for value in values:
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    title_tag = root.find(".//title")
    title = first(
        metas.get("og:title"),
        ld.get("headline"),
        metas.get("twitter:title"),
        title_tag.text_content() if title_tag is not None else None,
    )
    canonical = next(
        (
            link.get("href")
            for link in root.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
        ),
        None,
    )
    url = first(
        *(u for u in (metas.get("og:url"), canonical, ld.get("url")) if _is_absolute_url(u))
    )
    time_tag = next(
        (t.get("datetime") for t in root.iter("time") if t.get("itemprop") == "datePublished"),
        None,
    )
    published = first(
        metas.get("article:published_time"),
        ld.get("datePublished"),
        *(metas.get(name) for name in _DATE_META_NAMES),
        time_tag,
    )
    source = first(metas.get("og:site_name"), _publisher_name(ld.get("publisher")))
    found = {"title": title, "url": url, "published": published, "source": source}
    return {key: value for key, value in found.items() if value}


def _json_ld_article(root: lxml.html.HtmlElement) -> dict:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text_content(), strict=False)
        except (json.JSONDecodeError, TypeError):
            continue
        pending = [data]
        while pending:
            node = pending.pop(0)
            if isinstance(node, list):
                pending.extend(node)
            elif isinstance(node, dict):
                types = node.get("@type")
                types = set(types) if isinstance(types, list) else {types}
                if types & _ARTICLE_TYPES:
                    return node
                if isinstance(node.get("@graph"), list):
                    pending.extend(node["@graph"])
    return {}


def _publisher_name(publisher: object) -> str | None:
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        name = publisher.get("name")
        return name if isinstance(name, str) else None
    return publisher if isinstance(publisher, str) else None


def _is_absolute_url(value: object) -> bool:
    return (
        isinstance(value, str)
        and re.match(r"https?://\S+$", value.strip(), re.IGNORECASE) is not None
    )


def _strip_site_suffix(title: str, source: str) -> str:
    """'Headline | Outlet' -> 'Headline' when the outlet is known."""
    match = re.match(
        r"^(.*\S)\s*[|\-–—:·•]\s*" + re.escape(source.strip()) + r"\s*$",
        title,
        re.IGNORECASE | re.DOTALL,
    )
    return match[1] if match else title


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
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
