"""Bytes to text: UTF-8, declared charsets, binary files."""

from __future__ import annotations

import pytest

from spacekg.ingest.readers import ReadFailure, read_text


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


def page(charset: str) -> bytes:
    return (
        f'<html><head><meta charset="{charset}"></head><body><p>The agencies met at a '
        "caf\xe9 near the spaceport to sign the launch deal on Friday.</p></body></html>"
    ).encode("latin-1")


@pytest.mark.parametrize(
    ("charset", "reason"),
    [
        # Python codecs that are no text encoding must not be reached from a page's markup
        (
            "base64",
            "not valid UTF-8, and the declared charset 'base64' is unknown; save it as UTF-8",
        ),
        ("zlib", "not valid UTF-8, and the declared charset 'zlib' is unknown; save it as UTF-8"),
        ("idna", "not valid UTF-8, and the declared charset 'idna' is unknown; save it as UTF-8"),
        (
            "unicode_escape",
            (
                "not valid UTF-8, and the declared charset 'unicode_escape' is unknown; "
                "save it as UTF-8"
            ),
        ),
        (
            "iso-2022-kr",
            "declares the charset 'iso-2022-kr', which browsers refuse to decode; save it as UTF-8",
        ),
        ("utf-16", "not valid UTF-8 (byte 0xe9 at offset 76); save it as UTF-8"),
    ],
)
def test_a_declared_charset_is_read_as_browsers_read_it(charset, reason):
    assert read_text(page(charset), origin="p.html") == [ReadFailure("p.html", reason)]


@pytest.mark.parametrize("charset", ["iso-8859-1", "latin-1", "latin1", "windows-1252", "ascii"])
def test_latin_labels_mean_windows_1252(charset):
    (doc,) = read_text(page(charset), origin="p.html")
    assert "café near the spaceport" in doc.text
