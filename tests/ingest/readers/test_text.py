"""Plain text articles: paragraphs, front matter, date headers."""

from __future__ import annotations

import datetime


def test_plain_text_joins_wrapped_lines_into_paragraphs(fixtures, only_document):
    doc = only_document(fixtures / "plain.txt")
    assert doc.text == (
        "Two space agencies agreed on Monday to share data from their Earth observation "
        "satellites, so that flood maps can be made within a day of a disaster.\n\n"
        "Officials from both sides said the arrangement would start with radar images and could "
        "later include optical data from the new spacecraft."
    )
    assert (doc.title, doc.url, doc.published, doc.source) == (None, None, None, None)
    assert doc.origin == str(fixtures / "plain.txt")


def test_text_front_matter_gives_metadata(fixtures, only_document):
    doc = only_document(fixtures / "front_matter.txt")
    assert doc.title == "Lunar rover partners sign instrument deal"
    assert doc.published == datetime.date(2025, 2, 3)
    assert doc.url == "https://news.example.org/2025/02/rover-instruments"
    assert doc.source == "Orbit Ledger"
    assert doc.text.startswith("The two partners in the lunar rover programme signed a deal")
    assert "---" not in doc.text and "title:" not in doc.text


def test_scraped_text_with_date_header_drops_appeals_and_keeps_the_article(fixtures, only_document):
    doc = only_document(fixtures / "dated_scrape.txt")
    assert doc.published == datetime.date(2025, 3, 14)
    assert doc.text == (
        "The space agencies of two neighbouring countries agreed on Thursday to build a shared "
        "launch pad on the coast.\n\n"
        "Under the agreement, each country will pay half of the construction cost and both will "
        "have equal access to the pad."
    )
