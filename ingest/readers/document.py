"""The records readers produce (:class:`Document`, :class:`ReadFailure`) and the finishing step.

Each format parser returns :class:`Parsed` items; :func:`finish` cleans their paragraphs, drops
boilerplate, checks the language, parses the date, applies the user's overrides and makes the
:class:`Document`.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .boilerplate import is_boilerplate
from .dateline import Dateline, find_dateline
from .dates import coerce_date
from .language import looks_english
from .urls import clean_url


@dataclass(frozen=True)
class Document:
    """One article to ingest."""

    text: str  # main text, paragraphs separated by "\n\n", NFC-normalised, no boilerplate
    title: str | None
    url: str | None
    published: datetime.date | None
    source: str | None  # outlet name
    origin: str  # file path, "path#item-3" for a feed/JSON/JSONL item, or "<stdin>"
    dateline: str | None = None  # "WASHINGTON, Jan. 26, 2023 (Reuters)", taken off the text
    place: str | None = None  # where the story was filed, from the dateline: "Washington"

    @property
    def identity(self) -> str:
        """The article's identity: its url if known, else ``sha256:`` + hash of the text.

        The hash ignores whitespace differences (line wrapping, doubled spaces, trailing
        newlines), so the same article saved twice gets the same identity.
        """
        if self.url:
            return self.url
        canonical = " ".join(unicodedata.normalize("NFC", self.text).split())
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReadFailure:
    """A file or item that could not be read, and why (shown to the user)."""

    origin: str
    reason: str


@dataclass(frozen=True)
class Overrides:
    """Metadata given on the command line; each field set here wins over the documents' own."""

    published: datetime.date | None = None
    source: str | None = None
    url: str | None = None


#: No overrides: every document keeps its own metadata.
NO_OVERRIDES = Overrides()


@dataclass
class Parsed:
    """What a format parser found, before cleaning, checks and overrides."""

    paragraphs: list[str]
    origin: str
    title: str | None = None
    url: str | None = None
    published: str | datetime.date | None = None
    source: str | None = None
    # A date the user wrote (front matter, JSON) must parse; one scraped from page or feed
    # metadata is dropped quietly when it does not, since the article is still worth reading.
    strict_date: bool = True
    empty_reason: str = "no article text found"
    # Extractors pick up menus ("Home | World | Log in") from pages without an article; a page
    # counts as having text only if some paragraph is at least a short sentence long.
    min_sentence_words: int = 0


def finish(article: Parsed, overrides: Overrides) -> Document | ReadFailure:
    """Clean a parsed article, check it is English prose, and apply the user's overrides."""
    origin = article.origin
    title = clean_line(article.title) if article.title else None
    paragraphs = [p for p in map(clean_line, article.paragraphs) if p]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]  # the headline repeated as the first block
    kept = [p for p in paragraphs if not is_boilerplate(p)]
    if paragraphs and not kept:
        return ReadFailure(
            origin, "only boilerplate (donation or subscription appeals, cookie notices) found"
        )
    if not any(len(p.split()) >= article.min_sentence_words for p in kept):
        return ReadFailure(origin, article.empty_reason)
    dateline = _take_dateline(kept)
    text = "\n\n".join(kept)
    if not looks_english(text):
        return ReadFailure(
            origin, "text does not look like English (SpaceKG reads English articles)"
        )

    published = overrides.published
    if published is None and article.published is not None:
        published = coerce_date(article.published)
        if published is None and article.strict_date:
            return ReadFailure(
                origin,
                f"cannot read the published date {article.published!r} "
                "(use e.g. 2025-04-25, 25 April 2025 or an RFC 2822 date)",
            )
    if published is None and dateline is not None:
        published = dateline.date
    url = clean_url(overrides.url or article.url)
    source = overrides.source or (clean_line(article.source) if article.source else None)
    return Document(
        text=text,
        title=title or None,
        url=url,
        published=published,
        source=source or None,
        origin=origin,
        dateline=dateline.text if dateline else None,
        place=dateline.place if dateline else None,
    )


_BYLINE = re.compile(r"By\s+[A-Z][^.]{0,60}$")


def _take_dateline(paragraphs: list[str]) -> Dateline | None:
    """Find the dateline opening the story and take it off its paragraph (in place).

    It opens the first paragraph, or the second when the first is a byline ("By Jane Doe").
    """
    candidates = paragraphs[:2] if paragraphs and _BYLINE.match(paragraphs[0]) else paragraphs[:1]
    for index, paragraph in enumerate(candidates):
        found = find_dateline(paragraph)
        if found is not None:
            paragraphs[index] = found.rest
            return found
    return None


# Control characters (whitespace ones excepted), zero-width characters and soft hyphens.
_INVISIBLE = dict.fromkeys(
    [
        *range(9),
        *range(14, 28),
        0x7F,
        *range(0x80, 0x85),
        *range(0x86, 0xA0),
        0x200B,
        0x200C,
        0x200D,
        0x2060,
        0xFEFF,
        0xAD,
    ]
)


def clean_line(value: str) -> str:
    """NFC-normalise, drop invisible characters and collapse all whitespace to single spaces."""
    value = unicodedata.normalize("NFC", value).translate(_INVISIBLE)
    return " ".join(value.split())
