"""RSS and Atom feeds: one article per item."""

from __future__ import annotations

import datetime

import pytest

from spacekg.ingest.readers import Document, read_text


def test_rss_items_become_documents_with_feed_title_as_source(fixtures, read_all):
    path = fixtures / "feed.rss"
    first, second = read_all(path)
    assert first == Document(
        text="The station partners agreed to extend operations by five years.\n\n"
        "Each partner keeps its current share of crew time.",
        title="Partners extend station operations",
        url="https://news.example.org/2025/04/station",
        # the date as the outlet wrote it, not moved to UTC (which would be 26 April)
        published=datetime.date(2025, 4, 25),
        source="Orbit Ledger",
        origin=f"{path}#item-1",
    )
    assert second.text == (
        "Two operators signed a deal to share polar ground stations.\n\nThe deal starts in June."
    )
    assert second.published == datetime.date(2025, 4, 28)
    assert second.origin == f"{path}#item-2"


def test_atom_entry_becomes_a_document(fixtures, only_document):
    doc = only_document(fixtures / "feed.atom")
    assert doc.title == "Agencies pool launch slots for climate satellites"
    assert doc.url == "https://launch.example.org/climate-slots"
    assert doc.published == datetime.date(2025, 5, 2)
    assert doc.source == "Launch Desk"
    assert doc.text.split("\n\n") == [
        "Three agencies agreed to pool launch slots for their climate satellites.",
        "The first shared launch is planned for next spring.",
    ]
    assert doc.origin.endswith("feed.atom#item-1")


@pytest.mark.parametrize(
    "reference", ["&#xD800;", "&#56320;", "&#0;", "&#x110000;", "&#9" + "9" * 5000 + ";"]
)
def test_a_reference_to_no_character_reads_as_a_replacement_character(reference):
    data = (
        "<rss version='2.0'><channel><title>Orbit Ledger</title><item><title>Relay deal</title>"
        f"<description>The two agencies signed {reference} a relay deal on Friday.</description>"
        "</item></channel></rss>"
    ).encode()
    (doc,) = read_text(data, origin="feed.xml")
    assert doc.text == "The two agencies signed \ufffd a relay deal on Friday."
