"""Extraction from articles: linked entities, roles, typed and dated events, negation, provenance."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from spacekg.ingest.extract import extract
from spacekg.ingest.readers import Document, read_paths
from spacekg.ingest.records import Extraction

A = "https://w3id.org/spacekg/"
CNSA, NASA, CONGRESS = A + "agency/cnsa", A + "agency/nasa", A + "org/us-congress"
CHINA, US = A + "country/CN", A + "country/US"


def doc(text: str, published: date = date(2025, 4, 25), title: str | None = None) -> Document:
    return Document(
        text=text, title=title, url=None, published=published, source="test", origin="test"
    )


def events(x: Extraction, kind: str) -> list:
    return [e for e in x.events if e.type == kind]


def facts(x: Extraction, predicate: str) -> set[tuple[str, str]]:
    return {(f.subject, f.object) for f in x.facts if f.predicate == predicate}


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Extraction:
    (document,) = read_paths(sorted((shared_dir / "seed").glob("*.txt")))
    return extract(document)


INSTITUTIONS = {
    "brown-university",
    "stony-brook-university",
    "university-of-cologne",
    "osaka-university",
    "open-university",
    "ipgp",
}


def test_seed_cnsa_lends_changE5_samples_to_all_seven_institutions_on_the_announcement_day(
    seed: Extraction,
) -> None:
    lent = events(seed, "lend-samples")
    recipients = {r for e in lent for r in e.recipients}
    assert {A + "institution/" + s for s in INSTITUTIONS} | {A + "agency/suparco"} <= recipients
    for event in lent:
        assert event.actors == [CNSA]
        assert A + "mission/change-5" in event.instruments
        assert event.date is not None and event.date.iso == "2025-04-24"
        assert event.evidence is not None and "samples" in event.evidence.text


def test_seed_heads_from_appositions_and_titles(seed: Extraction) -> None:
    heads = facts(seed, "heads")
    assert (A + "person/shan-zhongde", CNSA) in heads
    assert (A + "person/bill-nelson", NASA) in heads
    roles = {
        f.role.lower()
        for f in seed.facts
        if f.predicate == "heads" and f.subject == A + "person/bill-nelson"
    }
    assert "chief" in roles


def test_seed_wu_weiren_works_on_the_lunar_programme_and_criticises_the_us(
    seed: Extraction,
) -> None:
    assert (A + "person/wu-weiren", A + "mission/clep") in facts(seed, "worksFor")
    (criticism,) = events(seed, "criticise")
    assert criticism.actors == [A + "person/wu-weiren"] and US in criticism.targets
    assert criticism.date is not None and criticism.date.iso == "2025-04-23"


def test_seed_funding_restriction_negotiation_and_tariffs(seed: Extraction) -> None:
    (funding,) = events(seed, "fund")
    assert funding.actors == [NASA]
    assert set(funding.recipients) == {
        A + "institution/brown-university",
        A + "institution/stony-brook-university",
    }
    (restriction,) = events(seed, "restrict")
    # lawmakers restrict NASA, and aim the restriction at its collaboration with China
    assert restriction.actors == [CONGRESS] and restriction.targets == [NASA, CHINA]
    (talks,) = events(seed, "negotiate")
    assert {*talks.actors, *talks.partners} == {NASA, CNSA}
    assert talks.date is not None and talks.date.iso == "2024-10"
    tariffs = {(e.actors[0], e.targets[0]) for e in events(seed, "impose-tariffs")}
    assert {(US, CHINA), (CHINA, US)} <= tariffs


def test_seed_denied_negotiations_are_not_asserted(seed: Extraction) -> None:
    denied = [e for e in seed.events if e.evidence and "denied" in e.evidence.text]
    assert denied == []


def test_seed_entities_are_linked_with_metonyms_demonyms_and_surnames(seed: Extraction) -> None:
    china = seed.entities[CHINA]
    assert {"Beijing", "Chinese", "China"} <= china.surfaces
    assert china.qid == "Q148"
    assert "Nasa" in seed.entities[NASA].surfaces
    assert "Shan" in seed.entities[A + "person/shan-zhongde"].surfaces
    assert "American lawmakers" in seed.entities[CONGRESS].surfaces


def test_definite_descriptions_and_pronouns_resolve_to_their_antecedent() -> None:
    x = extract(
        doc(
            "The Japan Aerospace Exploration Agency said on Tuesday it would share lunar samples with "
            "the Korea AeroSpace Administration. The agency also agreed to cooperate with the European Space Agency."
        )
    )
    (lend,) = events(x, "lend-samples")
    assert lend.actors == [A + "agency/jaxa"] and lend.recipients == [A + "agency/kasa"]
    assert lend.date is not None and lend.date.iso == "2025-04-22"
    (coop,) = events(x, "cooperate")
    assert {*coop.actors, *coop.partners} == {A + "agency/jaxa", A + "agency/esa"}


def test_negated_and_planned_statements() -> None:
    x = extract(
        doc(
            "India did not sign the Artemis Accords in 2021. "
            "Moscow denied any talks with the European Space Agency. "
            "Brazil will join the International Lunar Research Station next year."
        )
    )
    assert events(x, "sign-agreement") == [] and events(x, "negotiate") == []
    (join,) = events(x, "join-programme")
    assert join.actors == [A + "country/BR"] and join.planned
    assert join.date is not None and join.date.iso == "2026"


def test_entities_outside_the_kb_get_stable_minted_iris() -> None:
    text = "Zorblax Orbital Systems signed an agreement with the Indian Space Research Organisation on Monday."
    first, second = extract(doc(text)), extract(doc(text, published=date(2025, 5, 2)))
    minted = [e for e in first.entities.values() if not e.in_kb]
    assert [(e.name, e.cls) for e in minted] == [("Zorblax Orbital Systems", "Company")]
    assert minted[0].iri == A + "company/zorblax-orbital-systems"
    assert minted[0].iri in second.entities


def test_evidence_offsets_point_at_the_sentence_in_the_article_text() -> None:
    x = extract(
        doc(
            "Some preamble here. Roscosmos signed an agreement with the China National Space Administration on Monday."
        )
    )
    (event,) = events(x, "sign-agreement")
    ev = event.evidence
    assert x.text[ev.start : ev.end] == ev.text
    assert ev.text.startswith("Roscosmos signed")


@pytest.mark.parametrize(
    ("text", "kind", "actor", "other"),
    [
        (
            "Roscosmos chief Yuri Borisov said on Tuesday that Russia would withdraw from the International Space Station after 2024.",
            "withdraw",
            "country/RU",
            "mission/iss",
        ),
        (
            "The UAE Space Agency signed a memorandum of understanding with the Italian Space Agency on Tuesday.",
            "sign-agreement",
            "agency/uae-space-agency",
            "agency/asi",
        ),
        (
            "NASA awarded SpaceX a contract to develop a lunar lander, the agency said on Friday.",
            "fund",
            "agency/nasa",
            "company/spacex",
        ),
        (
            "South Korea's Danuri orbiter lifted off on a SpaceX Falcon 9 rocket on Thursday.",
            "launch-service",
            "company/spacex",
            "mission/danuri",
        ),
        (
            "China's foreign ministry criticised the Artemis Accords on Monday.",
            "criticise",
            "org/china-ministry-of-foreign-affairs",
            "agreement/artemis-accords",
        ),
    ],
)
def test_common_news_phrasings_give_the_event(text: str, kind: str, actor: str, other: str) -> None:
    x = extract(doc(text))
    found = events(x, kind)
    assert found, [e.type for e in x.events]
    event = found[0]
    assert A + actor in event.actors, event
    assert A + other in event.partners + event.recipients + event.targets + event.instruments, event


def test_builders_and_week_dates() -> None:
    x = extract(
        doc(
            "The Korea Aerospace Research Institute built Danuri. The European Union imposed sanctions on Russia last week."
        )
    )
    assert (A + "agency/kari", A + "mission/danuri") in facts(x, "develops")
    (sanction,) = events(x, "impose-sanctions")
    assert sanction.date is not None and sanction.date.iso == "2025-04"
