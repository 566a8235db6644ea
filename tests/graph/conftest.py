"""Stores for the network tests: real articles ingested once per session, and a small hand-made
dataset in ingest's shape whose networks are known by hand."""

from __future__ import annotations

import pytest

from spacekg import Store

#: Events among real KB actors, written the way ingest writes them. e1 is reported by two
#: articles (asserted in both graphs, with the date at two precisions), so counts must be per
#: event, not per row. Goldstein: lend-samples +6, sign-agreement +8, criticise -2,
#: impose-sanctions -8.
HAND_MADE = b"""
@prefix skg: <https://w3id.org/spacekg/ontology#> .
@prefix evt: <https://w3id.org/spacekg/event-type/> .
@prefix agency: <https://w3id.org/spacekg/agency/> .
@prefix institution: <https://w3id.org/spacekg/institution/> .
@prefix country: <https://w3id.org/spacekg/country/> .
@prefix person: <https://w3id.org/spacekg/person/> .
@prefix mission: <https://w3id.org/spacekg/mission/> .
@prefix event: <https://w3id.org/spacekg/event/> .
@prefix evidence: <https://w3id.org/spacekg/evidence/> .
@prefix article: <https://w3id.org/spacekg/article/> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/spacekg/graph/article/t1> {
  article:t1 a skg:Article ; schema:url "https://example.org/t1"^^xsd:anyURI ; dcterms:title "Loan announced" .
  event:e1 a skg:Event, skg:CooperationEvent ; skg:eventType evt:lend-samples ;
    skg:actor agency:cnsa ; skg:recipient institution:brown-university, institution:open-university ;
    skg:instrument mission:change-5 ;
    skg:date "2025-04"^^xsd:gYearMonth ; skg:status skg:asserted ; skg:confidence 0.60 ;
    skg:evidence evidence:t1-1 ; skg:reportedIn article:t1 .
  evidence:t1-1 a skg:Evidence ; skg:sentence "CNSA will lend samples to Brown and the Open University." ;
    skg:article article:t1 .
  event:e2 a skg:Event, skg:ConflictEvent ; skg:eventType evt:criticise ;
    skg:actor person:wu-weiren ; skg:target country:US ;
    skg:date "2025-04-23"^^xsd:date ; skg:status skg:asserted ; skg:confidence 0.75 ;
    skg:evidence evidence:t1-2 ; skg:reportedIn article:t1 .
  evidence:t1-2 a skg:Evidence ; skg:sentence "Wu Weiren criticised the United States." ; skg:article article:t1 .
}
<https://w3id.org/spacekg/graph/article/t2> {
  article:t2 a skg:Article ; schema:url "https://example.org/t2"^^xsd:anyURI ; dcterms:title "Loan confirmed" .
  event:e1 a skg:Event, skg:CooperationEvent ; skg:eventType evt:lend-samples ;
    skg:actor agency:cnsa ; skg:recipient institution:brown-university, institution:open-university ;
    skg:instrument mission:change-5 ;
    skg:date "2025-04-24"^^xsd:date ; skg:status skg:asserted ; skg:confidence 0.90 ;
    skg:evidence evidence:t2-1 ; skg:reportedIn article:t2 .
  evidence:t2-1 a skg:Evidence ; skg:sentence "Brown and the Open University received lunar samples from CNSA." ;
    skg:article article:t2 .
  event:e3 a skg:Event, skg:CooperationEvent ; skg:eventType evt:sign-agreement ;
    skg:actor agency:esa ; skg:partner agency:jaxa ;
    skg:date "2019"^^xsd:gYear ; skg:status skg:asserted ; skg:confidence 0.70 ;
    skg:evidence evidence:t2-2 ; skg:reportedIn article:t2 .
  evidence:t2-2 a skg:Evidence ; skg:sentence "ESA and JAXA signed an agreement." ; skg:article article:t2 .
  event:e4 a skg:Event, skg:ConflictEvent ; skg:eventType evt:impose-sanctions ;
    skg:actor country:US ; skg:target agency:cnsa ;
    skg:dateUnknown skg:unknownDate ; skg:status skg:planned ; skg:confidence 0.50 ;
    skg:evidence evidence:t2-3 ; skg:reportedIn article:t2 .
  evidence:t2-3 a skg:Evidence ; skg:sentence "Washington may sanction the Chinese agency." ; skg:article article:t2 .
  event:e5 a skg:Event, skg:CooperationEvent ; skg:eventType evt:sign-agreement ;
    skg:actor agency:esa ; skg:partner agency:roscosmos ; skg:instrument mission:exomars ;
    skg:date "2012-03-14"^^xsd:date ; skg:status skg:asserted ; skg:confidence 0.80 ;
    skg:evidence evidence:t2-4 ; skg:reportedIn article:t2 .
  evidence:t2-4 a skg:Evidence ; skg:sentence "ESA and Roscosmos signed the ExoMars agreement." ; skg:article article:t2 .
}
"""


@pytest.fixture(scope="session")
def seed_store(seed_dump: bytes) -> Store:
    """The seed article ingested (in memory)."""
    store = Store.open(None, bootstrap=False)
    store.restore(seed_dump)
    return store


@pytest.fixture(scope="session")
def samples_store(samples_dump: bytes) -> Store:
    """The bundled samples and the seed ingested (in memory)."""
    store = Store.open(None, bootstrap=False)
    store.restore(samples_dump)
    return store


@pytest.fixture(scope="session")
def hand_store() -> Store:
    """The reference KB and the hand-made events of ``HAND_MADE``."""
    store = Store.open(None)
    store.load(HAND_MADE, fmt="trig")
    return store
