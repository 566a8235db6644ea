"""Bytes to text: UTF-8, declared charsets, binary files."""

from __future__ import annotations

from spacekg.ingest.readers import ReadFailure


def test_html_in_a_declared_charset_is_decoded_with_it(fixtures, only_document):
    doc = only_document(fixtures / "latin1_declared.html")
    assert doc.title == "Signing in Kourou"
    assert "a café near the spaceport" in doc.text
    assert "“good start”" in doc.text  # windows-1252 quotes under an iso-8859-1 label


def test_non_utf8_from_stdin_is_reported(read_all, feed_stdin):
    feed_stdin("Caf\u00e9 talks on lunar cooperation.".encode("latin-1"))
    assert read_all("-") == [
        ReadFailure("<stdin>", "not valid UTF-8 (byte 0xe9 at offset 3); save it as UTF-8")
    ]
