"""HTML pages: main text and the metadata trafilatura finds."""

from __future__ import annotations

import datetime

from spacekg.ingest.readers import read_text


def test_html_main_text_and_open_graph_metadata(fixtures, only_document):
    doc = only_document(fixtures / "article.html")
    assert doc.text == (
        "Two space agencies agreed on Monday to share time on a new deep-space antenna in the "
        "southern hemisphere.\n\n"
        "Under the arrangement, each agency will receive half of the tracking hours and will "
        "train the other's operators at the site.\n\n"
        "Officials said the first joint tracking pass is planned for the autumn."
    )
    assert doc.title == "Agencies share a deep-space antenna"
    assert doc.url == "https://news.example.org/2025/03/antenna"  # utm_source dropped
    assert doc.published == datetime.date(2025, 3, 10)
    assert doc.source == "Orbit Ledger"


def test_html_metadata_from_json_ld(fixtures, only_document):
    doc = only_document(fixtures / "jsonld.html")
    assert doc.title == "Rideshare deal covers student satellites"
    assert doc.published == datetime.date(2025, 1, 20)
    assert doc.source == "Launch Desk"
    assert doc.url is None
    assert doc.text.count("\n\n") == 1


def test_html_date_from_meta_name_date_and_title_without_site_suffix():
    html = (
        b"<html><head><title>Relay deal signed | Deep Space Post</title>"
        b'<meta property="og:site_name" content="Deep Space Post">'
        b'<meta name="date" content="April 25, 2025">'
        b'<link rel="canonical" href="https://post.example.org/relay"></head>'
        b"<body><article><p>The two agencies signed a relay deal for their lunar landers on "
        b"Friday.</p></article></body></html>"
    )
    (doc,) = read_text(html, origin="page.html")
    assert (doc.title, doc.published, doc.url, doc.source) == (
        "Relay deal signed",
        datetime.date(2025, 4, 25),
        "https://post.example.org/relay",
        "Deep Space Post",
    )
