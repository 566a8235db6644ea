"""One blob to articles: format names, bad blobs, reader bugs as failures, doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

from spacekg.ingest import readers
from spacekg.ingest.readers import ReadFailure, read_text


def test_read_text_accepts_a_format_name_or_an_extension():
    data = b"# Joint mission\n\nThe partners approved a joint mission."
    assert read_text(data, origin="a", fmt="markdown")[0].title == "Joint mission"
    assert read_text(data, origin="a", fmt=".md")[0].title == "Joint mission"
    assert read_text(data, origin="a", fmt="text")[0].title is None
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        read_text(data, origin="a", fmt="pdf")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("blob.txt", "binary file, not text"),
        ("latin1.txt", "not valid UTF-8 (byte 0xe9 at offset 27); save it as UTF-8"),
        ("german.txt", "text does not look like English (SpaceKG reads English articles)"),
        ("broken.json", "invalid JSON at line 4 column 3: Expecting ',' delimiter"),
        ("no_text.json", "JSON object has no 'text' field"),
        ("no_article.html", "no article text found in HTML"),
        ("broken_feed.xml", "not a valid RSS/Atom feed: mismatched tag at line 1 column 72"),
        (
            "report.pdf",
            (
                "unsupported file type .pdf (SpaceKG reads .txt, .md, .html, .json, .jsonl and "
                "RSS/Atom .xml files)"
            ),
        ),
    ],
)
def test_bad_file_gives_a_failure_with_a_clear_reason(name, reason, fixtures, read_all):
    path = fixtures / "bad" / name
    assert read_all(path) == [ReadFailure(str(path), reason)]


@pytest.mark.parametrize(
    ("data", "fmt", "reason"),
    [
        (b"   \n\n  ", None, "empty file"),
        (b"[]", None, "JSON list is empty (expected article objects)"),
        (b'"a string"', "json", "JSON must be an object with a 'text' field, or a list of them"),
        (b'{"text": 42}', None, "'text' field must be a string, not int"),
        (b'{"text": "   "}', None, "'text' field is empty"),
        (
            b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>",
            None,
            "feed has no items",
        ),
        (
            b"<html><p>Not a feed</p></html>",
            "feed",
            "not a valid RSS/Atom feed: no <rss> or <feed> element",
        ),
        (
            b"Support now. Donate today.",
            None,
            "only boilerplate (donation or subscription appeals, cookie notices) found",
        ),
    ],
)
def test_more_bad_blobs(data, fmt, reason):
    assert read_text(data, origin="x", fmt=fmt) == [ReadFailure("x", reason)]


def test_reader_bug_becomes_a_failure_not_a_traceback(monkeypatch):
    def explode(text, origin):
        raise RuntimeError("boom")

    monkeypatch.setitem(readers.FORMATS, "text", explode)
    (result,) = read_text(b"Some text.", origin="x.txt", fmt="text")
    assert isinstance(result, ReadFailure)
    assert "RuntimeError: boom" in result.reason and "bug" in result.reason


def test_docstring_examples_run():
    outcome = doctest.testmod(readers)
    assert outcome.attempted > 0 and outcome.failed == 0


@pytest.mark.parametrize("name", [m.name for m in pkgutil.iter_modules(readers.__path__)])
def test_docstring_examples_of_each_reader_module_run(name):
    module = importlib.import_module(f"{readers.__name__}.{name}")
    assert doctest.testmod(module).failed == 0
