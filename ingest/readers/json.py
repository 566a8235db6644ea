"""JSON articles: an object with a ``text`` field, a list of them, or one per line (JSON Lines)."""

from __future__ import annotations

import json

from .document import Parsed, ReadFailure
from .html import LOOKS_LIKE_HTML, html_fragment_paragraphs
from .text import text_paragraphs


def parse_json(text: str, origin: str) -> list[Parsed | ReadFailure]:
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


def parse_jsonl(text: str, origin: str) -> list[Parsed | ReadFailure]:
    # Split on "\n" only: JSON strings may hold U+2028, which str.splitlines() would break on.
    items: list[Parsed | ReadFailure] = []
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


def _json_item(data: object, origin: str) -> Parsed | ReadFailure:
    if not isinstance(data, dict):
        return ReadFailure(origin, 'item is not a JSON object (expected {"text": ...})')
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
