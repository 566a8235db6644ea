"""Names: the forms an article uses for one entity link to that entity (the team's own sentences)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from spacekg.ingest import mentions
from spacekg.ingest.extract import extract
from spacekg.ingest.readers import Document
from spacekg.ingest.statements import statements

BASE = "https://w3id.org/spacekg/"


def linked(text: str) -> dict[str, str]:
    """Each mention's surface text and the entity (IRI without the base) it is linked to."""
    document = Document(
        text=text, title=None, url=None, published=date(2025, 4, 25), source="t", origin="t"
    )
    extraction = extract(document)
    return {m.text: m.iri.removeprefix(BASE) for m in extraction.mentions}


@pytest.mark.parametrize(
    ("text", "surface", "iri"),
    [
        # people: family name first, honorifics, middle names left out
        ("Dr. YAMAKAWA Hiroshi opened the meeting.", "YAMAKAWA Hiroshi", "person/hiroshi-yamakawa"),
        (
            "Hiroshi Yamakawa spoke first. Later, Dr Yamakawa took questions.",
            "Yamakawa",
            "person/hiroshi-yamakawa",
        ),
        (
            "His Majesty King Hamad bin Isa Al Khalifa praised the team.",
            "Hamad bin Isa Al Khalifa",
            "person/hamad-bin-isa-al-khalifa",
        ),
        # programmes and craft with and without their generic tail
        ("The UAE's lunar rover, 'Rashid', was built in Dubai.", "Rashid", "mission/rashid-rover"),
        ("BeiDou now has more users than ever.", "BeiDou", "mission/beidou"),
        # an acronym defined in the text names the same entity later
        (
            "The Zorblax Orbital Institute (ZOI) built a probe. ZOI said it works.",
            "ZOI",
            "institution/zorblax-orbital-institute",
        ),
        # a garbled name identified by the KB acronym after it
        (
            "The launch was supervised by the Japanese Aerospace Space Agency (JAXA).",
            "Aerospace Space Agency",
            "agency/jaxa",
        ),
        # a craft named after its kind, and the name alone later
        (
            "The nanosatellite Lumen-2 reached orbit. Lumen-2 will study lightning.",
            "Lumen-2",
            "mission/lumen-2",
        ),
        # descriptions that stand for a named entity
        (
            "Rocket Lab launched a satellite. The Kiwi company plans more launches.",
            "The Kiwi company",
            "company/rocket-lab",
        ),
        (
            "India's space agency announced the test. The Indian space agency said it went well.",
            "Indian space agency",
            "agency/isro",
        ),
    ],
)
def test_forms_of_a_name_link_to_one_entity(text: str, surface: str, iri: str) -> None:
    found = linked(text)
    assert found.get(surface) == iri, found


def test_a_website_cited_as_source_is_no_entity() -> None:
    assert "Nippon.com" not in linked("As reported by Nippon.com, the UAE will send a rover.")


def test_a_description_that_introduces_something_new_recalls_nothing() -> None:
    found = linked("Danuri reached the Moon. The UAE launched the first Arab interplanetary probe.")
    assert "the first Arab interplanetary probe" not in found


def test_bulleted_names_are_whole_entities() -> None:
    found = linked(
        "The list names:\n\n  \u2022 Orbital Widgets Corporation\n  \u2022 Zenith Rocket Systems\n"
    )
    assert found.get("Orbital Widgets Corporation") == "company/orbital-widgets-corporation"
    assert found.get("Zenith Rocket Systems") == "company/zenith-rocket-systems"


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # a KB name that is only the tail of a longer name names nobody in the KB
        (
            "Students at Northern Arizona State University built the camera.",
            "institution/arizona-state-university",
        ),
        ("The lander carries a drill from New York University.", "institution/york-university"),
        ("Western Sydney University sent two researchers.", "institution/university-of-sydney"),
        ("The antenna stands in New Mexico, far from the launch site.", "country/MX"),
        (
            "A team from Greater Manchester University joined the survey.",
            "institution/university-of-manchester",
        ),
    ],
)
def test_a_kb_name_inside_a_longer_name_is_not_linked(text: str, wrong: str) -> None:
    assert not any(wrong in iri for iri in linked(text).values())


@pytest.mark.parametrize(
    ("text", "surface", "iri"),
    [
        # ...but titles, date words and sentence openers before a name leave it whole
        ("On Monday NASA confirmed the date.", "NASA", "agency/nasa"),
        ("Yesterday Roscosmos delayed the docking.", "Roscosmos", "agency/roscosmos"),
        (
            "The launch was praised by Administrator Bill Nelson.",
            "Bill Nelson",
            "person/bill-nelson",
        ),
        ("But ESA kept its schedule.", "ESA", "agency/esa"),
        ("In March JAXA announced the crew.", "JAXA", "agency/jaxa"),
        # acronyms and brands after an ordinary capitalised word, and headlines, stay whole
        ("Senior ISRO officials met on Friday.", "ISRO", "agency/isro"),
        ("Private SpaceX flights resumed.", "SpaceX", "company/spacex"),
        ("India Joins Artemis Accords", "Artemis Accords", "agreement/artemis-accords"),
    ],
)
def test_words_before_a_name_that_are_not_part_of_it(text: str, surface: str, iri: str) -> None:
    assert linked(text).get(surface) == iri


@pytest.mark.parametrize(
    ("text", "surface", "iris"),
    [
        # "its counterpart": the space agency of the country named with it, not the country
        ("NASA signed a memorandum with its Japanese counterpart.", "its Japanese counterpart",
         {"agency/jaxa"}),
        ("India's space agency and its counterpart in France signed a pact.",
         "its counterpart in France", {"agency/cnes"}),
        ("ESA and its counterparts from Canada and Japan met in Montreal.",
         "its counterparts from Canada and Japan", {"agency/csa", "agency/jaxa"}),
        ("The Brazilian Space Agency will work with its Argentine counterpart.",
         "its Argentine counterpart", {"agency/conae"}),
    ],
)  # fmt: skip
def test_a_counterpart_is_the_agency_of_the_country_named(
    text: str, surface: str, iris: set[str]
) -> None:
    document = Document(
        text=text, title=None, url=None, published=date(2025, 4, 25), source="t", origin="t"
    )
    mentions = extract(document).mentions
    assert {m.iri.removeprefix(BASE) for m in mentions if m.text == surface} == iris
    assert not any(m.iri.startswith(BASE + "country/") for m in mentions if m.text == surface)


def test_a_counterpart_in_a_country_is_stated_to_be_there() -> None:
    document = Document(
        text="CNSA and its counterpart in Senegal signed an agreement on lunar research.",
        title=None, url=None, published=date(2025, 4, 25), source="t", origin="t",
    )  # fmt: skip
    made = {(s.subject, s.predicate, s.object) for s in statements(extract(document))}
    ases = BASE + "agency/senegalese-space-agency"
    assert any(s == ases and o == BASE + "country/SN" for s, p, o in made)
    assert any(s == BASE + "agency/cnsa" and o == ases for s, p, o in made)


def test_an_adjective_of_a_region_before_a_name_leaves_it_whole() -> None:
    found = linked("Rover teams removed the European PILOT-D camera.")
    assert "mission/pilot-d" in found.values()


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # kinds and bodies of the solar system before a craft word name no craft
        ("The Mars rover drove twenty metres.", "Mars"),
        ("The Chinese lander touched down.", "Chinese"),
        ("The Lunar orbiter mapped the pole.", "Lunar"),
        ("The CubeSat was deployed from the station.", "CubeSat"),
        ("The Europa orbiter was cancelled in review.", "Europa"),
        ("The Ceres probe slowed down.", "Ceres"),
    ],
)
def test_words_before_a_craft_that_do_not_name_it(text: str, surface: str) -> None:
    assert not any(
        iri.startswith("mission/") for name, iri in linked(text).items() if surface in name
    )


def test_each_description_noun_has_the_classes_it_may_name() -> None:
    """Every noun the description pattern can match says which classes it points back to."""
    nouns = re.findall(r"[a-z]+", mentions.ORG_DESCRIPTION.pattern.split("(?P<noun>")[1])
    nouns = nouns[: nouns.index("b")] if "b" in nouns else nouns
    assert set(nouns) <= set(mentions.DESCRIPTION_CLASSES)


@pytest.mark.parametrize(
    "text",
    [
        "NASA launched the probe. The Pentagon and its Chinese counterpart met.",
        "NASA launched the probe. The US foreign minister met their Russian counterparts.",
    ],
)
def test_a_counterpart_of_what_is_no_space_agency_is_no_space_agency(text: str) -> None:
    assert not any(
        iri.startswith("agency/") for name, iri in linked(text).items() if "counterpart" in name
    )


def test_a_one_word_name_after_a_sentences_first_word_stays() -> None:
    assert linked("New Roscosmos chief Dmitry Bakanov met NASA.").get("Roscosmos") == (
        "agency/roscosmos"
    )
