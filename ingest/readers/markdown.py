"""Markdown articles: syntax stripped to plain paragraphs, a top-level heading as the title."""

from __future__ import annotations

import re

from .document import Parsed, ReadFailure
from .front_matter import front_matter, take_date_header
from .text import text_paragraphs

_ESCAPABLE = "\\`*_{}[]()#+-.!>~|"
# Escaped characters are parked in the private-use area so emphasis rules do not touch them.
_PARK = {c: chr(0xE000 + i) for i, c in enumerate(_ESCAPABLE)}
_UNPARK = {ord(v): k for k, v in _PARK.items()}
_MD_FENCE = re.compile(
    r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n(.*?)(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
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
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
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


def parse_markdown(text: str, origin: str) -> list[Parsed | ReadFailure]:
    meta, body = front_matter(text)
    heading, plain = _markdown_blocks(body)
    if "published" not in meta:
        header_date, plain = take_date_header(plain)
        if header_date:
            meta["published"] = header_date
    return [
        Parsed(
            text_paragraphs(plain, blank_line_separated=True),
            origin,
            title=meta.get("title") or heading,
            url=meta.get("url"),
            published=meta.get("published"),
            source=meta.get("source"),
            empty_reason="no article text found in Markdown",
        )
    ]
