"""Formats told from content when no extension says."""

from __future__ import annotations

import datetime

import pytest

from spacekg.ingest.readers import Document


@pytest.mark.parametrize(
    ("name", "expected_title"),
    [
        ("article.json", "Tracking network opens to partner missions"),
        ("feed.rss", "Partners extend station operations"),
        ("article.html", "Agencies share a deep-space antenna"),
        ("article.md", "Gateway partners add a science airlock"),
    ],
)
def test_stdin_format_is_sniffed_from_content(name, expected_title, fixtures, read_all, feed_stdin):
    feed_stdin((fixtures / name).read_bytes())
    first = read_all("-")[0]
    assert isinstance(first, Document)
    assert first.title == expected_title
    assert first.origin.startswith("<stdin>")


def test_stdin_plain_text(read_all, feed_stdin):
    feed_stdin(b"The agencies agreed to share a tracking antenna.\n")
    assert read_all("-") == [
        Document(
            text="The agencies agreed to share a tracking antenna.",
            title=None,
            url=None,
            published=None,
            source=None,
            origin="<stdin>",
        )
    ]


def test_stdin_json_lines(read_all, feed_stdin):
    feed_stdin(
        b'{"text": "The agencies agreed to share a relay."}\n'
        b'{"text": "The partners approved the joint lander.", "published": "2025-04-25"}\n',
    )
    first, second = read_all("-")
    assert (first.origin, second.origin) == ("<stdin>#item-1", "<stdin>#item-2")
    assert second.published == datetime.date(2025, 4, 25)


def test_unknown_extension_with_json_content_is_read(tmp_path, only_document):
    path = tmp_path / "export.dat"
    path.write_text('{"text": "The two agencies agreed to share a ground station."}')
    assert only_document(path).text == "The two agencies agreed to share a ground station."
