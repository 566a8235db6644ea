"""JSON articles: an object with a ``text`` field, a list of them, or one per line (JSON Lines).

>>> [item.reason for item in parse_json('{"text": null}', "a.json")]
["'text' field is null (give the article text as a string)"]
"""

from __future__ import annotations

import json
import re

from .document import Parsed, ReadFailure
from .html import LOOKS_LIKE_HTML, html_fragment_paragraphs
from .text import text_paragraphs

_FIELDS = ("text", "title", "url", "published", "source")
# JSON escapes can spell what UTF-8 bytes cannot: half of a surrogate pair ("\ud800"), which no
# text encoding can write back, and NUL, which marks binary data, not prose.
_NOT_TEXT = re.compile(r"[\ud800-\udfff\x00]")
_TOO_DEEP = (
    "JSON is nested too deeply (arrays or objects inside each other thousands of levels down); "
    "an article is an object with a 'text' field"
)


def parse_json(text: str, origin: str) -> list[Parsed | ReadFailure]:
    """Articles from a JSON file: one object, or a list of objects."""
    data = _load(text, origin, line=None)
    if isinstance(data, ReadFailure):
        return [data]
    if isinstance(data, dict):
        return [_json_item(data, origin)]
    if isinstance(data, list):
        if not data:
            return [ReadFailure(origin, "JSON list is empty (expected article objects)")]
        return [_json_item(item, f"{origin}#item-{i}") for i, item in enumerate(data, start=1)]
    return [ReadFailure(origin, "JSON must be an object with a 'text' field, or a list of them")]


def parse_jsonl(text: str, origin: str) -> list[Parsed | ReadFailure]:
    """Articles from a JSON Lines file: one object per line; a bad line fails alone."""
    # Split on "\n" only: JSON strings may hold U+2028, which str.splitlines() would break on.
    items: list[Parsed | ReadFailure] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        item_origin = f"{origin}#item-{number}"  # the item number is the line number
        data = _load(line, item_origin, line=number)
        if isinstance(data, ReadFailure):
            items.append(data)
            continue
        item = _json_item(data, item_origin)
        if isinstance(item, ReadFailure):
            item = ReadFailure(item_origin, f"line {number}: {item.reason}")
        items.append(item)
    return items or [ReadFailure(origin, "empty file")]


def _load(text: str, origin: str, *, line: int | None) -> object:
    """The parsed JSON value, or a ReadFailure saying why the text is not JSON we can read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return ReadFailure(
            origin, f"invalid JSON at line {line or exc.lineno} column {exc.colno}: {exc.msg}"
        )
    except RecursionError:
        return ReadFailure(origin, _TOO_DEEP if line is None else f"line {line}: {_TOO_DEEP}")
    except ValueError:  # the only other: an integer over Python's 4,300-digit limit
        where = "" if line is None else f" at line {line}"
        return ReadFailure(origin, f"invalid JSON{where}: a number is over 4,300 digits long")


def _json_item(data: object, origin: str) -> Parsed | ReadFailure:
    if not isinstance(data, dict):
        return ReadFailure(origin, 'item is not a JSON object (expected {"text": ...})')
    if "text" not in data:
        return ReadFailure(origin, "JSON object has no 'text' field")
    if data["text"] is None:
        return ReadFailure(origin, "'text' field is null (give the article text as a string)")
    for key in _FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            kind = type(value).__name__
            return ReadFailure(origin, f"'{key}' field must be a string, not {kind}")
        bad = _NOT_TEXT.search(value)
        if bad is not None:
            return ReadFailure(origin, _not_text_reason(key, bad))
    body = data["text"]
    if not body.strip():
        return ReadFailure(origin, "'text' field is empty")
    if LOOKS_LIKE_HTML.search(body):
        paragraphs = html_fragment_paragraphs(body)
    else:
        paragraphs = text_paragraphs(body)
    return Parsed(
        paragraphs,
        origin,
        title=data.get("title"),
        url=data.get("url"),
        published=data.get("published") or None,
        source=data.get("source"),
        empty_reason="'text' field has no text",
    )


def _not_text_reason(key: str, bad: re.Match[str]) -> str:
    char = bad.group()
    what = (
        "a NUL character (\\u0000)" if char == "\x00" else f"a lone surrogate (\\u{ord(char):04x})"
    )
    return (
        f"'{key}' field holds {what} at character {bad.start() + 1}, which is not text; "
        "fix the JSON escape there"
    )
