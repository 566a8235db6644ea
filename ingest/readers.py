"""Read news articles from files, folders and stdin into :class:`Document` records.

Formats are a registry (:data:`FORMATS`): plain text, Markdown, HTML, JSON, JSON Lines and RSS/Atom
feeds. A file's format comes from its extension, else from its content. Every problem with the
input (an empty file, a binary one, a wrong encoding, malformed JSON, ...) becomes a
:class:`ReadFailure` that says what was wrong, so that one bad file never stops a batch.

Examples
--------
>>> docs = read_text(b"# Relay deal\\n\\nThe two agencies signed a relay deal.", origin="note.md")
>>> docs[0].title, docs[0].text
('Relay deal', 'The two agencies signed a relay deal.')
>>> read_text(b"", origin="empty.txt")
[ReadFailure(origin='empty.txt', reason='empty file')]
"""

from __future__ import annotations

import codecs
import datetime
import email.utils
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import trafilatura

from .dates import MONTHS
from .errors import UnreadableInputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "FORMATS",
    "Document",
    "Overrides",
    "ReadFailure",
    "read_paths",
    "read_text",
]

DEFAULT_MAX_BYTES = 5_000_000
STDIN = "<stdin>"


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Document:
    """One article to ingest."""

    text: str  # main text, paragraphs separated by "\n\n", NFC-normalised, no boilerplate
    title: str | None
    url: str | None
    published: datetime.date | None
    source: str | None  # outlet name
    origin: str  # file path, "path#item-3" for a feed/JSON/JSONL item, or "<stdin>"

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


@dataclass
class _Article:
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


# --------------------------------------------------------------------------------------------
# Public entry points


def read_paths(
    paths: Iterable[str | Path],
    *,
    overrides: Overrides = Overrides(),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | ReadFailure]:
    """Read articles from files, folders (recursive, sorted, skipping hidden files) and '-' (stdin).

    Yields one :class:`Document` per article and one :class:`ReadFailure` per file or item that
    could not be read; it never raises for bad input, so a batch always runs to the end.

    Parameters
    ----------
    paths
        Files, folders, or ``"-"`` for standard input (format sniffed from the content).
    overrides
        Metadata that replaces what the documents say (for example ``--published``).
    max_bytes
        Files larger than this are reported, not read.

    Examples
    --------
    >>> [r.reason for r in read_paths(["no/such/file.txt"])]
    ['no such file or folder']
    """
    for given in paths:
        if str(given) == "-":
            yield from _read_stdin(overrides=overrides, max_bytes=max_bytes)
            continue
        path = Path(given)
        origin = str(given)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            yield ReadFailure(origin, _os_error_reason(exc))
            continue
        if not exists:
            yield ReadFailure(origin, "no such file or folder")
        elif is_dir:
            yield from _read_folder(path, overrides=overrides, max_bytes=max_bytes)
        else:
            yield from _read_file(path, origin, overrides=overrides, max_bytes=max_bytes)


def read_text(
    data: bytes,
    *,
    origin: str,
    fmt: str | None = None,
    overrides: Overrides = Overrides(),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Document | ReadFailure]:
    """Read one blob whose format is given or sniffed.

    Parameters
    ----------
    data
        The raw bytes of one file (UTF-8, or a charset the HTML/XML declares).
    origin
        Where the bytes came from; copied to every record (items get ``#item-N`` appended).
    fmt
        One of :data:`FORMATS` (``"text"``, ``"markdown"``, ``"html"``, ``"json"``, ``"jsonl"``,
        ``"feed"``) or a file extension such as ``".md"``; ``None`` sniffs the content.

    Raises
    ------
    ValueError
        If ``fmt`` names no known format (a caller's mistake, not bad input).

    Examples
    --------
    >>> [d.published for d in read_text(b'{"text": "A short note.", "published": "25 April 2025"}',
    ...                                  origin="note.json")]
    [datetime.date(2025, 4, 25)]
    """
    fmt = _format_name(fmt)
    try:
        return _read_blob(data, origin=origin, fmt=fmt, overrides=overrides, max_bytes=max_bytes)
    except UnreadableInputError as exc:
        return [ReadFailure(origin, exc.reason)]
    except Exception as exc:  # noqa: BLE001 - a reader bug must not abort the user's batch
        return [ReadFailure(origin, _bug_reason(exc))]


# --------------------------------------------------------------------------------------------
# Files, folders, stdin


def _read_folder(
    folder: Path, *, overrides: Overrides, max_bytes: int
) -> Iterator[Document | ReadFailure]:
    walk_errors: list[OSError] = []
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=walk_errors.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files.extend(Path(dirpath, name) for name in filenames if not name.startswith("."))
    for exc in walk_errors:
        yield ReadFailure(str(exc.filename or folder), _os_error_reason(exc))
    if not files and not walk_errors:
        yield ReadFailure(str(folder), "folder has no files to read")
    for path in sorted(files, key=lambda p: p.relative_to(folder).parts):
        yield from _read_file(path, str(path), overrides=overrides, max_bytes=max_bytes)


def _read_file(
    path: Path, origin: str, *, overrides: Overrides, max_bytes: int
) -> list[Document | ReadFailure]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return [ReadFailure(origin, _size_reason("file", size, max_bytes))]
        data = path.read_bytes()
    except OSError as exc:
        return [ReadFailure(origin, _os_error_reason(exc))]
    suffix = path.suffix.lower()
    fmt: str | None = EXTENSIONS.get(suffix)
    if fmt is None and suffix:
        # An unknown extension is read only if the content is clearly one of the structured
        # formats; otherwise a folder's PDFs, spreadsheets and scripts would be read as prose.
        fmt = _sniff_structured(data)
        if fmt is None:
            return [ReadFailure(origin, f"unsupported file type {suffix} ({_SUPPORTED})")]
    return read_text(data, origin=origin, fmt=fmt, overrides=overrides, max_bytes=max_bytes)


def _read_stdin(*, overrides: Overrides, max_bytes: int) -> list[Document | ReadFailure]:
    stdin = sys.stdin
    if stdin is None:
        return [ReadFailure(STDIN, "no standard input to read")]
    try:
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            data = buffer.read(max_bytes + 1)
        else:
            data = stdin.read(max_bytes + 1).encode("utf-8")
    except (OSError, ValueError) as exc:
        return [ReadFailure(STDIN, f"cannot read standard input: {exc}")]
    if len(data) > max_bytes:
        return [
            ReadFailure(
                STDIN, f"input is over the {_human_size(max_bytes)} limit (set --max-bytes)"
            )
        ]
    return read_text(data, origin=STDIN, fmt=None, overrides=overrides, max_bytes=max_bytes)


def _os_error_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied: cannot read it (check the file's permissions)"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    return f"cannot read it: {exc.strerror or exc}"


def _bug_reason(exc: Exception) -> str:
    return (
        f"could not read it ({type(exc).__name__}: {exc}); this is a bug in SpaceKG's reader, "
        "please report it with the file attached"
    )


def _size_reason(what: str, size: int, limit: int) -> str:
    shown, shown_limit = _human_size(size), _human_size(limit)
    if shown == shown_limit:
        shown, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{what} is {shown}, over the {shown_limit} limit (set --max-bytes)"


def _human_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


# --------------------------------------------------------------------------------------------
# One blob: decode, sniff, parse, finish


def _read_blob(
    data: bytes, *, origin: str, fmt: str | None, overrides: Overrides, max_bytes: int
) -> list[Document | ReadFailure]:
    if not data:
        raise UnreadableInputError("empty file")
    if len(data) > max_bytes:
        raise UnreadableInputError(_size_reason("file", len(data), max_bytes))
    text = _decode(data)
    if not text.strip():
        raise UnreadableInputError("empty file")
    if fmt is None:
        fmt = _sniff(text)
    results: list[Document | ReadFailure] = []
    for item in FORMATS[fmt](text, origin):
        if isinstance(item, ReadFailure):
            results.append(item)
            continue
        try:
            results.append(_finish(item, overrides))
        except UnreadableInputError as exc:
            results.append(ReadFailure(item.origin, exc.reason))
        except Exception as exc:  # noqa: BLE001 - keep the other items of the file
            results.append(ReadFailure(item.origin, _bug_reason(exc)))
    return results


_BINARY_REASON = "binary file, not text"
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
# Bytes other than tab, newline, form feed and carriage return that never appear in text.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def _decode(data: bytes) -> str:
    """Decode UTF-8 (or a charset the document declares), telling binary files apart."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableInputError(_BINARY_REASON) from None
    if b"\x00" in data:
        raise UnreadableInputError(_BINARY_REASON)
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data[:4096])
        if declared is not None:
            return _decode_declared(data, declared)
        if _mostly_undecodable(data):
            raise UnreadableInputError(_BINARY_REASON) from None
        offset = exc.start + bom
        raise UnreadableInputError(
            f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); save it as UTF-8"
        ) from None
    sample = data[:65536]
    if sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > 0.05 * len(sample):
        raise UnreadableInputError(_BINARY_REASON)
    return text


def _declared_charset(head: bytes) -> str | None:
    """The codec an HTML ``<meta charset>`` or an XML declaration names, unless it is UTF-8."""
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        raise UnreadableInputError(
            f"not valid UTF-8, and the declared charset {label!r} is unknown; save it as UTF-8"
        ) from None
    return None if name == "utf-8" else name


def _decode_declared(data: bytes, codec: str) -> str:
    # Browsers read "latin-1" and "ascii" labels as windows-1252 (WHATWG Encoding Standard);
    # pages labelled so routinely contain curly quotes from that code page.
    candidates = ["cp1252", codec] if codec in ("latin-1", "iso8859-1", "ascii") else [codec]
    for candidate in candidates:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError as exc:
            error = exc
    raise UnreadableInputError(
        f"not valid {codec} although it declares that charset "
        f"(byte 0x{data[error.start]:02x} at offset {error.start}); save it as UTF-8"
    )


def _mostly_undecodable(data: bytes) -> bool:
    sample = data[:65536]
    text = sample.decode("utf-8", errors="replace")
    return text.count("\ufffd") > 0.1 * max(len(text), 1)


def _format_name(fmt: str | None) -> str | None:
    if fmt is None:
        return None
    name = fmt.lower()
    name = EXTENSIONS.get(name if name.startswith(".") else "." + name, name)
    if name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown format {fmt!r}; use one of {known} or a file extension")
    return name


def _sniff(text: str) -> str:
    """The format of content that came without a usable extension (stdin, extensionless files)."""
    structured = _sniff_structured_text(text)
    if structured is not None:
        return structured
    return "markdown" if _looks_like_markdown(text) else "text"


def _sniff_structured(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _XML_ENCODING.search(data[:4096]) or _META_CHARSET.search(data[:4096])
        if declared is None:
            return None
        text = data.decode("latin-1")  # only to look at the markup; decoded properly later
    if "\x00" in text:
        return None
    return _sniff_structured_text(text)


# XML declaration, comments and a doctype (with its internal subset) before the root element.
_MARKUP_DECLARATIONS = re.compile(
    r"^(?:\s|<\?.*?\?>|<!--.*?-->|<!doctype(?!\s+html)[^>\[]*(?:\[.*?\])?\s*>)*", re.S
)
_HTML_ROOTS = frozenset(
    "html head body main article section div p span a h1 h2 h3 table ul ol meta title link".split()
)


def _sniff_structured_text(text: str) -> str | None:
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "jsonl" if _is_json_lines(head) else "json"
    if head.startswith("[") and re.match(r"\[\s*(?:[{\]\"]|$)", head[:200]):
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
    return False


def _looks_like_markdown(text: str) -> bool:
    _, body = _front_matter(text)
    first = body.lstrip().split("\n", 1)[0]
    return bool(
        re.match(r"#{1,6}\s", first)
        or re.search(r"\[[^\]\n]+\]\([^)\s]+\)|^```|\*\*\w", body, re.M)
    )


# --------------------------------------------------------------------------------------------
# Finishing: clean paragraphs, drop boilerplate, check language, parse dates, apply overrides


def _finish(article: _Article, overrides: Overrides) -> Document | ReadFailure:
    origin = article.origin
    title = _clean_line(article.title) if article.title else None
    paragraphs = [p for p in map(_clean_line, article.paragraphs) if p]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]  # the headline repeated as the first block
    kept = [p for p in paragraphs if not _is_boilerplate(p)]
    if paragraphs and not kept:
        return ReadFailure(
            origin, "only boilerplate (donation or subscription appeals, cookie notices) found"
        )
    if not any(len(p.split()) >= article.min_sentence_words for p in kept):
        return ReadFailure(origin, article.empty_reason)
    text = "\n\n".join(kept)
    if not _looks_english(text):
        return ReadFailure(
            origin, "text does not look like English (SpaceKG reads English articles)"
        )

    published = overrides.published
    if published is None and article.published is not None:
        published = _coerce_date(article.published)
        if published is None and article.strict_date:
            return ReadFailure(
                origin,
                f"cannot read the published date {article.published!r} "
                "(use e.g. 2025-04-25, 25 April 2025 or an RFC 2822 date)",
            )
    url = _clean_url(overrides.url or article.url)
    source = overrides.source or (_clean_line(article.source) if article.source else None)
    return Document(
        text=text,
        title=title or None,
        url=url,
        published=published,
        source=source or None,
        origin=origin,
    )


# Control characters (whitespace ones excepted), zero-width characters and soft hyphens.
_INVISIBLE = dict.fromkeys(
    [*range(0, 9), *range(14, 28), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0), 0x200B, 0x200C,
     0x200D, 0x2060, 0xFEFF, 0xAD]
)


def _clean_line(value: str) -> str:
    """NFC-normalise, drop invisible characters and collapse all whitespace to single spaces."""
    value = unicodedata.normalize("NFC", value).translate(_INVISIBLE)
    return " ".join(value.split())


# Donation and subscription appeals, newsletter prompts and cookie banners that scrapers leave
# around the article. A paragraph goes if it carries several different appeal phrases, or if it
# is short and opens with one. Words an article may use in passing ("subscribe to the Accords",
# "donated a satellite") need company before a paragraph is dropped.
_APPEAL_CUES = re.compile(
    r"\b(your support|support now|support us|support our|donat(?:e|es|ion|ions|ing)\b|paywalls?"
    r"|subscri(?:be|bing|ption|ptions)|newsletters?|journalism|sign up|read more|cookies?"
    r"|privacy policy|advertisement|advertising|become a (?:member|subscriber)"
    r"|all rights reserved)",
    re.I,
)
_APPEAL_OPENERS = re.compile(
    r"^(?:support (?:now|us|our)|donate\b|make a donation"
    r"|subscribe (?:now|today|to (?:our|the) newsletter)|sign up\b|read more\b|advertisement\b"
    r"|we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies"
    r"|cookie (?:policy|settings)|all rights reserved|copyright (?:©|\d{4})|©"
    r"|share this (?:article|story)|follow us\b)",
    re.I,
)


def _is_boilerplate(paragraph: str) -> bool:
    cues = {m.group(1).lower() for m in _APPEAL_CUES.finditer(paragraph)}
    if len(cues) >= 3:
        return True
    return len(paragraph.split()) <= 15 and bool(_APPEAL_OPENERS.match(paragraph))


_ENGLISH_FUNCTION_WORDS = frozenset(
    """a about after against all also an and any are as at be because been before between both
    but by can could did do does during each for from had has have he her his how if in into is
    it its may more most must no not of on only or other our over said she should since so some
    such than that the their them then there these they this those through to under until up was
    we were what when where which while who whom why will with would you your""".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_MIN_TOKENS_TO_JUDGE = 30


def _looks_english(text: str) -> bool:
    """A cheap language check: English prose is dense in short function words."""
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()][:5000]
    if len(letters) >= 100:
        latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
        if latin < 0.5 * len(letters):
            return False
    tokens = _WORD.findall(sample.lower())
    if len(tokens) < _MIN_TOKENS_TO_JUDGE:
        return True  # too short to judge; better to read a short note than to refuse it
    hits = sum(1 for t in tokens if t in _ENGLISH_FUNCTION_WORDS)
    return hits >= 0.05 * len(tokens)


_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.I)


def _clean_url(url: str | None) -> str | None:
    """Trim a url and drop its fragment and tracking parameters, so shared links match."""
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    # Filter the query textually: re-encoding it would change urls that need no change.
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not _TRACKING_PARAMS.match(urllib.parse.unquote_plus(pair.split("=", 1)[0]))
    )
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, "")
    )


# --------------------------------------------------------------------------------------------
# Dates


_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_MONTH_FIRST = re.compile(
    _WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I
)
_DAY_FIRST = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$", re.I)


def _parse_date(value: str) -> datetime.date | None:
    """Parse a publication date; the calendar date is kept as written, not moved to UTC.

    Accepts ISO 8601 dates and datetimes, RFC 2822 (``Fri, 25 Apr 2025 10:00:00 +0000``),
    ``April 25, 2025`` and ``25 April 2025`` (month names may be abbreviated).
    """
    value = " ".join(value.split())
    if not value:
        return None
    iso = re.match(r"(\d{4})[-/](\d{2})[-/](\d{2})(?=$|[T\s])", value)
    if iso:
        try:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    try:
        return datetime.date.fromisoformat(value)  # compact forms such as 20250425
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        match = pattern.match(value)
        if match and match[month_group].lower() in MONTHS:
            try:
                return datetime.date(
                    int(match[3]), MONTHS[match[month_group].lower()], int(match[day_group])
                )
            except ValueError:
                return None
    return None


def _coerce_date(value: str | datetime.date) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return _parse_date(value)


# --------------------------------------------------------------------------------------------
# Plain text and Markdown


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
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
    re.I,
)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
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


def _text_paragraphs(body: str, *, blank_line_separated: bool | None = None) -> list[str]:
    """Paragraphs of plain text: blocks between blank lines, or single lines if there are none."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if blank_line_separated is None:
        blank_line_separated = re.search(r"\n[ \t\u00a0]*\n", body) is not None
    if blank_line_separated:
        blocks = re.split(r"\n[ \t\u00a0]*\n", body)
    else:
        blocks = body.split("\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _take_date_header(body: str) -> tuple[str | None, str]:
    match = _DATE_HEADER.match(body)
    if match is None or _parse_date(match.group(1)) is None:
        return None, body
    return match.group(1), body[match.end() :]


def _parse_text(text: str, origin: str) -> list[_Article | ReadFailure]:
    meta, body = _front_matter(text)
    if "published" not in meta:
        header_date, body = _take_date_header(body)
        if header_date:
            meta["published"] = header_date
    return [
        _Article(
            _text_paragraphs(body),
            origin,
            title=meta.get("title"),
            url=meta.get("url"),
            published=meta.get("published"),
            source=meta.get("source"),
            empty_reason="no article text after the front matter" if meta else "empty file",
        )
    ]


_ESCAPABLE = "\\`*_{}[]()#+-.!>~|"
# Escaped characters are parked in the private-use area so emphasis rules do not touch them.
_PARK = {c: chr(0xE000 + i) for i, c in enumerate(_ESCAPABLE)}
_UNPARK = {ord(v): k for k, v in _PARK.items()}
_MD_FENCE = re.compile(
    r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n(.*?)(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.M | re.S
)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MD_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_MD_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_MD_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_MD_LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_MD_TABLE_RULE = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)+\|?[ \t]*$"
)
_MD_INLINE = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images: alt text is not article prose
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),
    (re.compile(r"(`+)(.+?)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w])_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
]


def _markdown_inline(text: str) -> str:
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>~|])", lambda m: _PARK[m[1]], text)
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return text.translate(_UNPARK)


def _markdown_blocks(body: str) -> tuple[str | None, str]:
    """Turn Markdown into plain text with blank lines between blocks; return (title, text)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    body = _MD_FENCE.sub(lambda m: "\n" + m[2] + "\n", body)
    lines = body.split("\n")
    title = None
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        heading = re.match(r"^[ \t]{0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", lines[first])
        if heading:
            title, lines = heading[1], lines[first + 1 :]
        elif first + 1 < len(lines) and re.match(r"^[ \t]{0,3}=+[ \t]*$", lines[first + 1]):
            title, lines = lines[first].strip(), lines[first + 2 :]
    out: list[str] = []
    for i, line in enumerate(lines):
        if _MD_LINK_DEFINITION.match(line) or _MD_TABLE_RULE.match(line):
            continue
        if _MD_RULE.match(line) or (
            _MD_SETEXT.match(line) and i > 0 and lines[i - 1].strip() and out
        ):
            out.append("")  # a rule, or the underline of a heading: a block boundary
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            out.extend(["", heading[1], ""])
            continue
        line = _MD_QUOTE.sub("", line)
        if _MD_LIST_ITEM.match(line):
            out.extend(["", _MD_LIST_ITEM.sub("", line)])
            continue
        if line.strip().startswith("|") and line.strip().endswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        out.append(line)
    text = "\n".join(out)
    return (_markdown_inline(title) if title else None), _markdown_inline(text)


def _parse_markdown(text: str, origin: str) -> list[_Article | ReadFailure]:
    meta, body = _front_matter(text)
    heading, plain = _markdown_blocks(body)
    if "published" not in meta:
        header_date, plain = _take_date_header(plain)
        if header_date:
            meta["published"] = header_date
    return [
        _Article(
            _text_paragraphs(plain, blank_line_separated=True),
            origin,
            title=meta.get("title") or heading,
            url=meta.get("url"),
            published=meta.get("published"),
            source=meta.get("source"),
            empty_reason="no article text found in Markdown",
        )
    ]


# --------------------------------------------------------------------------------------------
# HTML


_XML_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*\?>")
_ARTICLE_TYPES = frozenset(
    "Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle "
    "BackgroundNewsArticle BlogPosting LiveBlogPosting Report ScholarlyArticle TechArticle".split()
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


def _parse_html(text: str, origin: str) -> list[_Article | ReadFailure]:
    markup = _XML_DECLARATION.sub("", text, count=1)
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
        _Article(
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
    return isinstance(value, str) and re.match(r"https?://\S+$", value.strip(), re.I) is not None


def _strip_site_suffix(title: str, source: str) -> str:
    """'Headline | Outlet' -> 'Headline' when the outlet is known."""
    match = re.match(
        r"^(.*\S)\s*[|\-–—:·•]\s*" + re.escape(source.strip()) + r"\s*$", title, re.I | re.S
    )
    return match[1] if match else title


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_PARAGRAPH_BREAK = "\u2029"


def _html_fragment_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of an HTML snippet (a feed item's body): block elements break paragraphs."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _text_paragraphs(fragment)
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


_LOOKS_LIKE_HTML = re.compile(r"</?(?:p|div|br|span|a|em|strong|b|i|ul|li|h[1-6])\b[^>]*>", re.I)


# --------------------------------------------------------------------------------------------
# JSON and JSON Lines


def _parse_json(text: str, origin: str) -> list[_Article | ReadFailure]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [ReadFailure(origin, _json_error(exc, exc.lineno))]
    if isinstance(data, dict):
        return [_json_item(data, origin)]
    if isinstance(data, list):
        if not data:
            return [ReadFailure(origin, "JSON list is empty (expected article objects)")]
        return [_json_item(item, f"{origin}#item-{i}") for i, item in enumerate(data, start=1)]
    return [ReadFailure(origin, "JSON must be an object with a 'text' field, or a list of them")]


def _parse_jsonl(text: str, origin: str) -> list[_Article | ReadFailure]:
    # Split on "\n" only: JSON strings may hold U+2028, which str.splitlines() would break on.
    items: list[_Article | ReadFailure] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        item_origin = f"{origin}#item-{number}"  # the item number is the line number
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            items.append(ReadFailure(item_origin, _json_error(exc, number)))
            continue
        item = _json_item(data, item_origin)
        if isinstance(item, ReadFailure):
            item = ReadFailure(item_origin, f"line {number}: {item.reason}")
        items.append(item)
    return items or [ReadFailure(origin, "empty file")]


def _json_error(exc: json.JSONDecodeError, line: int) -> str:
    return f"invalid JSON at line {line} column {exc.colno}: {exc.msg}"


def _json_item(data: object, origin: str) -> _Article | ReadFailure:
    if not isinstance(data, dict):
        return ReadFailure(origin, "item is not a JSON object (expected {\"text\": ...})")
    if "text" not in data:
        return ReadFailure(origin, "JSON object has no 'text' field")
    for key in ("text", "title", "url", "published", "source"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            kind = type(value).__name__
            return ReadFailure(origin, f"'{key}' field must be a string, not {kind}")
    body = data["text"]
    if not body.strip():
        return ReadFailure(origin, "'text' field is empty")
    if _LOOKS_LIKE_HTML.search(body):
        paragraphs = _html_fragment_paragraphs(body)
    else:
        paragraphs = _text_paragraphs(body)
    return _Article(
        paragraphs,
        origin,
        title=data.get("title"),
        url=data.get("url"),
        published=data.get("published") or None,
        source=data.get("source"),
        empty_reason="'text' field has no text",
    )


# --------------------------------------------------------------------------------------------
# RSS and Atom feeds


def _parse_feed(text: str, origin: str) -> list[_Article | ReadFailure]:
    # Re-encode as UTF-8 and say so in the declaration (the text was decoded already). A stream,
    # unlike a string, is never taken by feedparser for a URL or a file name to open.
    declaration = '<?xml version="1.0" encoding="utf-8"?>'
    if _XML_DECLARATION.match(text):
        payload, added_lines = _XML_DECLARATION.sub(declaration, text, count=1), 0
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


def _feed_item(entry: dict, origin: str, feed_title: str | None) -> _Article:
    bodies = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if not bodies and (entry.get("summary") or "").strip():
        bodies = [entry.get("summary_detail") or {"value": entry["summary"], "type": "text/html"}]
    body = max(bodies, key=lambda c: len(c.get("value", "")), default=None)
    paragraphs: list[str] = []
    if body is not None:
        value = body.get("value", "")
        if "html" in (body.get("type") or "text/html"):
            paragraphs = _html_fragment_paragraphs(value)
        else:
            paragraphs = _text_paragraphs(value)
    title = entry.get("title")
    if title and "html" in (entry.get("title_detail", {}).get("type") or ""):
        title = " ".join(_html_fragment_paragraphs(title))
    published: str | datetime.date | None = None
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        if entry.get(raw):
            published = _parse_date(entry[raw])
            if published is None and entry.get(parsed):
                published = datetime.date(*entry[parsed][:3])
            if published is not None:
                break
    source = (entry.get("source") or {}).get("title") or feed_title
    return _Article(
        paragraphs,
        origin,
        title=title,
        url=entry.get("link"),
        published=published,
        source=source,
        strict_date=False,
        empty_reason="feed item has no text (no description or content)",
    )


# --------------------------------------------------------------------------------------------
# Registry

#: Format name -> parser. Each parser takes the decoded text and its origin.
FORMATS: dict[str, Callable[[str, str], list[_Article | ReadFailure]]] = {
    "text": _parse_text,
    "markdown": _parse_markdown,
    "html": _parse_html,
    "json": _parse_json,
    "jsonl": _parse_jsonl,
    "feed": _parse_feed,
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

_SUPPORTED = "SpaceKG reads .txt, .md, .html, .json, .jsonl and RSS/Atom .xml files"
