"""Plain text articles: paragraphs, front matter, date headers, a headline as title."""

from __future__ import annotations

import datetime

import pytest

from spacekg.ingest.readers import read_text


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


# ---------------------------------------------------------------------------------------------
# A headline line opening the text is its title


BODY = (
    "Two space agencies agreed on Monday to share a deep-space antenna in the south.\n\n"
    "Officials said the first joint tracking pass is planned for the autumn."
)


@pytest.mark.parametrize(
    "data",
    [
        f"Agencies share a deep-space antenna\n\n{BODY}",  # blank line after it
        "Agencies share a deep-space antenna\n" + BODY.replace("\n\n", "\n"),  # line per paragraph
        # a single line break, then a paragraph wrapped at 60 columns
        (
            "Agencies share a deep-space antenna\n"
            "Two space agencies agreed on Monday to share a deep-space\n"
            "antenna in the south.\n\n"
            "Officials said the first joint tracking pass is planned for\n"
            "the autumn."
        ),
        f"  \n\nAgencies share a deep-space antenna   \r\n\r\n{BODY}\r\n",  # stray space, CRLF
    ],
)
def test_a_headline_line_becomes_the_title(data):
    (doc,) = read_text(data.encode(), origin="a.txt")
    assert doc.title == "Agencies share a deep-space antenna"
    assert doc.text == BODY


@pytest.mark.parametrize(
    "headline",
    [
        "Will Europe build its own crew capsule?",
        "‘We are ready’: Agencies sign the antenna deal",
        "UPDATE 2-Agencies share a deep-space antenna",
        "3 agencies, 1 antenna",
    ],
)
def test_headlines_in_other_phrasings(headline):
    (doc,) = read_text(f"{headline}\n\n{BODY}".encode(), origin="a.txt")
    assert doc.title == headline


@pytest.mark.parametrize(
    "data",
    [
        BODY,  # opens with a sentence
        "The agencies met.\nThey signed the deal on Monday and left.",  # a full stop
        (
            "Two space agencies agreed on Monday to share a deep-space antenna\n"  # a wrapped line
            "in the south, officials said."
        ),
        (
            "Two space agencies agreed on Monday to share a deep-space antenna in the south and to "
            "train each other's operators there, officials from both sides said\n\nMore."
        ),  # long
        "Agencies share a deep-space antenna",  # nothing after it
        "Agencies share a deep-space antenna,\nofficials said on Monday.",  # a comma
    ],
)
def test_prose_is_not_taken_for_a_headline(data):
    (doc,) = read_text(data.encode(), origin="a.txt")
    assert doc.title is None


def test_front_matter_title_wins_over_the_first_line():
    data = f"---\ntitle: Antenna deal\n---\nAgencies share a deep-space antenna\n\n{BODY}"
    (doc,) = read_text(data.encode(), origin="a.txt")
    assert doc.title == "Antenna deal"
    assert doc.text.startswith("Agencies share a deep-space antenna\n\n")


def test_a_headline_followed_by_a_dateline_on_the_next_line():
    data = (
        "Agencies share a deep-space antenna\n"
        "SANTIAGO (AP) — Two space agencies agreed on Monday to share a deep-space antenna\n"
        "in the south.\n\n"
        "Officials said the first joint tracking pass is planned for the autumn."
    )
    (doc,) = read_text(data.encode(), origin="a.txt")
    assert (doc.title, doc.place) == ("Agencies share a deep-space antenna", "Santiago")
    assert doc.text == BODY


def test_the_headline_never_runs_into_the_first_sentence():
    from spacekg.ingest.extract import extract

    (doc,) = read_text(f"Agencies share a deep-space antenna\n{BODY}".encode(), origin="a.txt")
    extraction = extract(doc)
    assert extraction.text.startswith("Agencies share a deep-space antenna.\n\nTwo space agencies")
    for event in extraction.events:
        assert "Agencies share" not in event.evidence.text
