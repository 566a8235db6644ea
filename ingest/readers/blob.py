"""One blob of bytes to articles: decode, sniff the format, parse, finish each item."""

from __future__ import annotations

from spacekg.errors import ReadError

from .decoding import decode
from .document import NO_OVERRIDES, Document, Overrides, ReadFailure, finish
from .limits import DEFAULT_MAX_BYTES, size_reason
from .registry import FORMATS, format_name
from .sniff import sniff


def read_text(
    data: bytes,
    *,
    origin: str,
    fmt: str | None = None,
    overrides: Overrides = NO_OVERRIDES,
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
    fmt = format_name(fmt)
    try:
        return _read_blob(data, origin=origin, fmt=fmt, overrides=overrides, max_bytes=max_bytes)
    except ReadError as exc:
        return [ReadFailure(origin, exc.reason)]
    except Exception as exc:  # noqa: BLE001 - a reader bug must not abort the user's batch
        return [ReadFailure(origin, bug_reason(exc))]


def bug_reason(exc: Exception) -> str:
    """The reason given for an unexpected exception: a bug to report, not the user's fault."""
    return (
        f"could not read it ({type(exc).__name__}: {exc}); this is a bug in SpaceKG's reader, "
        "please report it with the file attached"
    )


def _read_blob(
    data: bytes, *, origin: str, fmt: str | None, overrides: Overrides, max_bytes: int
) -> list[Document | ReadFailure]:
    if not data:
        raise ReadError("empty file")
    if len(data) > max_bytes:
        raise ReadError(size_reason("file", len(data), max_bytes))
    text = decode(data)
    if not text.strip():
        raise ReadError("empty file")
    if fmt is None:
        fmt = sniff(text)
    results: list[Document | ReadFailure] = []
    for item in FORMATS[fmt](text, origin):
        if isinstance(item, ReadFailure):
            results.append(item)
            continue
        try:
            results.append(finish(item, overrides))
        except ReadError as exc:
            results.append(ReadFailure(item.origin, exc.reason))
        except Exception as exc:  # noqa: BLE001 - keep the other items of the file
            results.append(ReadFailure(item.origin, bug_reason(exc)))
    return results
