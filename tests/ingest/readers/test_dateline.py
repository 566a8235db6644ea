"""Datelines: the filing place and date of wire copy, taken off the text and kept as metadata."""

from __future__ import annotations

import datetime

import pytest

from spacekg.ingest.readers import Document, Overrides, read_text
from spacekg.ingest.readers.dateline import find_dateline

STORY = "Two space agencies agreed to share a deep-space antenna for their lunar landers."


@pytest.mark.parametrize(
    ("opening", "dateline", "place", "date", "agency"),
    [
        (
            "WASHINGTON, Jan. 26, 2023 (Reuters) — ",
            "WASHINGTON, Jan. 26, 2023 (Reuters)",
            "Washington",
            datetime.date(2023, 1, 26),
            "Reuters",
        ),
        ("BEIJING (AP) — ", "BEIJING (AP)", "Beijing", None, "AP"),
        (
            "PARIS, 12 March 2024 /PRNewswire/ -- ",
            "PARIS, 12 March 2024 /PRNewswire/",
            "Paris",
            datetime.date(2024, 3, 12),
            "PRNewswire",
        ),
        ("NEW DELHI: ", "NEW DELHI", "New Delhi", None, None),
        ("Moscow, Tuesday — ", "Moscow, Tuesday", "Moscow", None, None),
        (
            "SAO JOSE DOS CAMPOS (Reuters) - ",
            "SAO JOSE DOS CAMPOS (Reuters)",
            "Sao Jose Dos Campos",
            None,
            "Reuters",
        ),
        (
            "CAPE CANAVERAL, Fla., Sept. 9, 2024 (UPI) -- ",
            "CAPE CANAVERAL, Fla., Sept. 9, 2024 (UPI)",
            "Cape Canaveral, Fla.",
            datetime.date(2024, 9, 9),
            "UPI",
        ),
        ("Hyderabad, Oct 14 (IANS) ", "Hyderabad, Oct 14 (IANS)", "Hyderabad", None, "IANS"),
        ("ALMATY, May 6. /TASS/. ", "ALMATY, May 6. /TASS/", "Almaty", None, "TASS"),
        ("(Xinhua) -- ", "(Xinhua)", None, None, "Xinhua"),
        ("NAIROBI — ", "NAIROBI", "Nairobi", None, None),
        (
            "Kourou, French Guiana, 5 December 2024 – ",
            "Kourou, French Guiana, 5 December 2024",
            "Kourou, French Guiana",
            datetime.date(2024, 12, 5),
            None,
        ),
    ],
)
def test_datelines_in_many_styles(opening, dateline, place, date, agency):
    found = find_dateline(opening + STORY)
    assert found is not None
    assert (found.text, found.place, found.date, found.agency) == (dateline, place, date, agency)
    assert found.rest == STORY


@pytest.mark.parametrize(
    "paragraph",
    [
        "NASA and ESA agreed on Monday to share data from their Mars orbiters.",
        "Moscow said on Tuesday that it would leave the station after 2028.",
        "China, Russia and Iran signed a memorandum on lunar research.",
        "US President Joe Biden said the two countries would fly together.",
        "BREAKING: Two agencies agreed to share an antenna in the south.",
        "NASA — the agency that runs the station — said NASA would extend it.",
        "JAXA: The Japanese agency will send a rover with the Emirates.",
        "The European Space Agency (ESA) — which has 23 members — voted on it.",
        "PARIS — Signed.",  # no story after it
    ],
)
def test_prose_openings_are_not_datelines(paragraph):
    assert find_dateline(paragraph) is None


def test_a_text_file_keeps_the_dateline_as_metadata_and_off_the_text():
    data = (
        "Agencies pool tracking antennas\n\n"
        "CANBERRA, Feb. 4, 2025 (AAP) — Two space agencies agreed to pool their tracking "
        "antennas in the southern hemisphere.\n\n"
        "The first shared pass is planned for the winter."
    ).encode()
    (doc,) = read_text(data, origin="wire.txt")
    assert doc.title == "Agencies pool tracking antennas"
    assert doc.dateline == "CANBERRA, Feb. 4, 2025 (AAP)"
    assert doc.place == "Canberra"
    assert doc.published == datetime.date(2025, 2, 4)  # no other date given
    assert doc.text.startswith("Two space agencies agreed")
    assert "CANBERRA" not in doc.text and "AAP" not in doc.text


def test_a_published_date_given_wins_over_the_datelines():
    data = (
        b"LIMA, March 3, 2025 (EFE) -- Peru and Brazil agreed to share a launch site on the coast."
    )
    (doc,) = read_text(
        data, origin="a.txt", overrides=Overrides(published=datetime.date(2025, 3, 4))
    )
    assert doc.published == datetime.date(2025, 3, 4)
    (doc,) = read_text(
        b'{"text": "LIMA, March 3, 2025 (EFE) -- Peru and Brazil agreed to share a site.", '
        b'"published": "2025-03-05"}',
        origin="a.json",
    )
    assert (doc.published, doc.place) == (datetime.date(2025, 3, 5), "Lima")


def test_a_dateline_after_a_byline():
    data = (
        b"Rover partners add a drill\n\nBy Ana Souza\n\n"
        b"BRASILIA (Reuters) - Brazil's space agency will supply a drill for the rover."
    )
    (doc,) = read_text(data, origin="a.txt")
    assert (doc.title, doc.place) == ("Rover partners add a drill", "Brasilia")
    assert doc.text == "By Ana Souza\n\nBrazil's space agency will supply a drill for the rover."


def test_a_story_without_a_dateline_is_left_alone():
    (doc,) = read_text(STORY.encode(), origin="a.txt")
    assert doc == Document(
        text=STORY, title=None, url=None, published=None, source=None, origin="a.txt"
    )
    assert doc.dateline is None and doc.place is None


def test_the_dateline_place_is_not_an_event_participant():
    from spacekg.ingest.extract import extract

    data = (
        "MOSCOW, March 3, 2025 (Reuters) — Roscosmos and the China National Space "
        "Administration signed an agreement on Monday to build a power station on the Moon."
    ).encode()
    (doc,) = read_text(data, origin="wire.txt")
    extraction = extract(doc)
    participants = {
        iri
        for event in extraction.events
        for iri in (*event.actors, *event.partners, *event.recipients, *event.targets)
    }
    assert "https://w3id.org/spacekg/agency/roscosmos" in participants
    assert "https://w3id.org/spacekg/country/RU" not in participants  # "MOSCOW" filed it
    for event in extraction.events:  # offsets still point into the stored text
        ev = event.evidence
        assert extraction.text[ev.start : ev.end] == ev.text
