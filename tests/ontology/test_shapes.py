"""The SHACL shapes accept a well-formed ingested graph and reject broken ones with a readable message.

A small hand-written graph (two linked entities, an article, a sentence of evidence, a cooperation
event and a conflict event, a post) is validated with pyshacl against ``shapes.ttl``, with the
ontology as ``ont_graph`` and RDFS inference, as the brief of the shapes says; and the way the store
validates (everything in one graph, no inference). Each broken variant must fail on the right node
and property, with a message that says what to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS, Literal, Namespace, URIRef
from rdflib.namespace import SH

from spacekg.ontology import vocab

ONTOLOGY_DIR = Path(vocab.__file__).resolve().parent
# rdflib terms over the vocabulary's namespaces (which hand out plain strings).
SKG, EVT, SCHEMA, WD = (Namespace(str(n)) for n in (vocab.SKG, vocab.EVT, vocab.SCHEMA, vocab.WD))
AGENCY, COUNTRY, ORGANISATION = (
    Namespace(str(n)) for n in (vocab.AGENCY, vocab.COUNTRY, vocab.ORGANISATION)
)
ARTICLE_NS, EVIDENCE_NS, EVENT_NS, POST_NS = (
    Namespace(str(n)) for n in (vocab.ARTICLE, vocab.EVIDENCE, vocab.EVENT, vocab.POST)
)
# A plain Namespace: rdflib's closed XSD namespace warns when pytest probes module attributes.
XSD = Namespace(str(rdflib.XSD))

CNSA = AGENCY["cnsa"]
FRANCE = COUNTRY["FR"]
US_CONGRESS = ORGANISATION["us-congress"]
CHANGE_5 = Namespace(str(vocab.MISSION))["change-5"]
ARTICLE = ARTICLE_NS["a1b2c3"]
EVIDENCE = EVIDENCE_NS["a1b2c3-0"]
LOAN = EVENT_NS["a1b2c3-loan"]
CRITICISM = EVENT_NS["a1b2c3-criticism"]
POST = POST_NS["zhang-kejian-cnsa-administrator"]

SENTENCE = (
    "China's space agency lent lunar samples from Chang'e-5 to French researchers in June 2024."
)

CONFORMING = f"""
@prefix skg: <{SKG}> .
@prefix evt: <{EVT}> .
@prefix schema: <{SCHEMA}> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{CNSA}> a skg:SpaceAgency ;
    rdfs:label "China National Space Administration"@en ;
    skg:acronym "CNSA" ;
    skg:country <{COUNTRY["CN"]}> .
<{COUNTRY["CN"]}> a skg:Country ; rdfs:label "China"@en ; skg:isoAlpha2 "CN" .
<{FRANCE}> a skg:Country ; rdfs:label "France"@en ; skg:isoAlpha2 "FR" .
<{US_CONGRESS}> a skg:GovernmentBody ; rdfs:label "United States Congress"@en .
<{CHANGE_5}> a skg:Mission ; rdfs:label "Chang'e-5"@en .
<{vocab.PERSON["zhang-kejian"]}> a skg:Person ; rdfs:label "Zhang Kejian"@en ; skg:holdsPost <{POST}> .
<{POST}> a skg:Post ;
    skg:postHolder <{vocab.PERSON["zhang-kejian"]}> ;
    skg:postIn <{CNSA}> ;
    skg:roleTitle "Administrator" ;
    skg:startDate "2018"^^xsd:gYear .

<{ARTICLE}> a skg:Article ;
    schema:url <https://news.example.org/2024/06/lunar-samples> ;
    dcterms:title "China lends Chang'e-5 samples to French researchers" ;
    schema:datePublished "2024-06-28"^^xsd:date ;
    skg:sourceName "Example News" ;
    skg:articleText "{SENTENCE}" ;
    skg:ingestedAt "2024-07-01T09:30:00Z"^^xsd:dateTime .

<{EVIDENCE}> a skg:Evidence ;
    skg:sentence "{SENTENCE}" ;
    skg:startChar 0 ;
    skg:endChar {len(SENTENCE)} ;
    skg:article <{ARTICLE}> .

<{LOAN}> a skg:Event, skg:CooperationEvent ;
    skg:eventType evt:lend-samples ;
    skg:actor <{CNSA}> ;
    skg:recipient <{FRANCE}> ;
    skg:instrument <{CHANGE_5}> ;
    skg:date "2024-06"^^xsd:gYearMonth ;
    skg:status skg:asserted ;
    skg:confidence 0.9 ;
    skg:evidence <{EVIDENCE}> ;
    skg:reportedIn <{ARTICLE}> .

<{CRITICISM}> a skg:Event, skg:ConflictEvent ;
    skg:eventType evt:criticise ;
    skg:actor <{US_CONGRESS}> ;
    skg:target <{CNSA}> ;
    skg:dateUnknown skg:unknownDate ;
    skg:status skg:asserted ;
    skg:confidence 0.6 ;
    skg:evidence <{EVIDENCE}> ;
    skg:reportedIn <{ARTICLE}> .
"""


@dataclass(frozen=True)
class Problem:
    focus: str
    path: str | None
    message: str


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "spacekg.ttl", format="turtle")


@pytest.fixture(scope="module")
def taxonomy() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "event_types.ttl", format="turtle")


@pytest.fixture
def data() -> rdflib.Graph:
    return rdflib.Graph().parse(data=CONFORMING, format="turtle")


@pytest.fixture
def validate(
    shapes: rdflib.Graph, ontology: rdflib.Graph, taxonomy: rdflib.Graph
) -> Callable[..., list[Problem]]:
    """Validate instance data; return the problems found (empty when the data conforms).

    ``mode="rdfs"``: the ontology as pyshacl's ont_graph, RDFS inference (the taxonomy's concepts are
    data, so they go in the data graph). ``mode="store"``: everything in one graph, no inference,
    as the store validates the union of its graphs.
    """

    def run(graph: rdflib.Graph, mode: str = "rdfs") -> list[Problem]:
        merged = graph + taxonomy
        if mode == "rdfs":
            conforms, report, _ = pyshacl.validate(
                merged, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", advanced=True
            )
        else:
            conforms, report, _ = pyshacl.validate(
                merged + ontology, shacl_graph=shapes, inference="none", advanced=True
            )
        # Top-level results only: those of nested shapes (sh:node) hang below them as sh:detail.
        problems = [
            Problem(
                focus=str(report.value(result, SH.focusNode)),
                path=str(report.value(result, SH.resultPath))
                if report.value(result, SH.resultPath)
                else None,
                message=str(report.value(result, SH.resultMessage)),
            )
            for result in report.objects(None, SH.result)
        ]
        assert conforms == (not problems)
        return problems

    return run


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(f"{p.focus} {p.path}: {p.message}" for p in problems)
    return problems[0]


def assert_readable(message: str) -> None:
    """A message an analyst can act on: a plain English sentence, not a constraint component name."""
    first = message.split()[0]
    assert (first[0].isupper() or ":" in first) and message.endswith("."), message
    assert "ConstraintComponent" not in message and "Value does not" not in message, message
    assert len(message.split()) >= 8, message


# --- Conforming data -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["rdfs", "store"])
def test_a_well_formed_ingested_graph_conforms(
    validate: Callable[..., list[Problem]], data: rdflib.Graph, mode: str
) -> None:
    assert validate(data, mode) == []


def test_the_ontology_and_taxonomy_themselves_conform(
    shapes: rdflib.Graph, ontology: rdflib.Graph, taxonomy: rdflib.Graph
) -> None:
    conforms, _, text = pyshacl.validate(
        ontology + taxonomy, shacl_graph=shapes, inference="none", advanced=True
    )
    assert conforms, text


def test_planned_event_dated_to_the_year_with_only_a_partner_conforms(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.remove((LOAN, SKG.actor, None))
    data.remove((LOAN, SKG.recipient, None))
    data.add((LOAN, SKG.partner, CNSA))
    data.set((LOAN, SKG.date, Literal("2026", datatype=XSD.gYear)))
    data.set((LOAN, SKG.status, SKG.planned))
    assert validate(data) == []


def test_event_reported_by_two_articles_with_different_details_conforms(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    # Reports of one event share its IRI; each article contributes its own date, status and confidence.
    second = ARTICLE_NS["d4e5f6"]
    data.add((second, RDF.type, SKG.Article))
    data.add((second, SCHEMA.url, URIRef("https://other.example.org/chang-e-5-samples-france")))
    data.add((LOAN, SKG.reportedIn, second))
    data.add((LOAN, SKG.date, Literal("2024-06-25", datatype=XSD.date)))
    data.add((LOAN, SKG.status, SKG.planned))
    data.add((LOAN, SKG.confidence, Literal(Decimal("0.65"))))
    assert validate(data, "store") == []


def test_article_known_only_by_its_content_hash_conforms(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.remove((ARTICLE, SCHEMA.url, None))
    data.add(
        (
            ARTICLE,
            SKG.contentHash,
            Literal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        )
    )
    assert validate(data) == []


# --- Broken events ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["rdfs", "store"])
def test_event_without_a_type_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph, mode: str
) -> None:
    data.remove((LOAN, SKG.eventType, None))
    problem = only(validate(data, mode))
    assert (problem.focus, problem.path) == (str(LOAN), str(SKG.eventType))
    assert "exactly one skg:eventType" in problem.message
    assert_readable(problem.message)


@pytest.mark.parametrize("mode", ["rdfs", "store"])
def test_event_typed_with_a_concept_outside_the_taxonomy_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph, mode: str
) -> None:
    data.set((LOAN, SKG.eventType, EVT["lend-rocket"]))
    problems = validate(data, mode)
    on_event = [p for p in problems if p.focus == str(LOAN)]
    assert on_event and {p.path for p in on_event} == {str(SKG.eventType)}
    assert all("not a concept of the SpaceKG event taxonomy" in p.message for p in on_event)
    assert_readable(on_event[0].message)
    # Under RDFS inference the range of skg:eventType makes the made-up concept an skg:EventType,
    # so its missing label, codes and scheme are listed too; nothing else is.
    assert {p.focus for p in problems} <= {str(LOAN), str(EVT["lend-rocket"])}


@pytest.mark.parametrize("mode", ["rdfs", "store"])
def test_event_with_neither_date_nor_unknown_date_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph, mode: str
) -> None:
    data.remove((LOAN, SKG.date, None))
    problem = only(validate(data, mode))
    assert problem.focus == str(LOAN)
    assert "skg:date" in problem.message and "skg:dateUnknown skg:unknownDate" in problem.message
    assert_readable(problem.message)


def test_event_with_both_a_date_and_unknown_date_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.add((LOAN, SKG.dateUnknown, SKG.unknownDate))
    problem = only(validate(data))
    assert problem.focus == str(LOAN)
    assert "neither or both" in problem.message
    assert_readable(problem.message)


def test_event_date_without_a_calendar_datatype_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.set((LOAN, SKG.date, Literal("June 2024")))
    problem = only(validate(data))
    assert (problem.focus, problem.path) == (str(LOAN), str(SKG.date))
    assert "xsd:gYearMonth" in problem.message
    assert_readable(problem.message)


@pytest.mark.parametrize("mode", ["rdfs", "store"])
def test_event_without_evidence_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph, mode: str
) -> None:
    data.remove((LOAN, SKG.evidence, None))
    problem = only(validate(data, mode))
    assert (problem.focus, problem.path) == (str(LOAN), str(SKG.evidence))
    assert "at least one skg:evidence" in problem.message
    assert_readable(problem.message)


@pytest.mark.parametrize("mode", ["rdfs", "store"])
def test_confidence_above_one_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph, mode: str
) -> None:
    data.set((LOAN, SKG.confidence, Literal(Decimal("1.7"))))
    problem = only(validate(data, mode))
    assert (problem.focus, problem.path) == (str(LOAN), str(SKG.confidence))
    assert "from 0 to 1" in problem.message
    assert_readable(problem.message)


def test_confidence_written_as_a_python_float_is_reported_with_the_fix(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.set((LOAN, SKG.confidence, Literal(0.9)))  # rdflib types a float as xsd:double
    problem = only(validate(data))
    assert problem.path == str(SKG.confidence)
    assert "Decimal" in problem.message


def test_event_without_status_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.remove((CRITICISM, SKG.status, None))
    problem = only(validate(data))
    assert (problem.focus, problem.path) == (str(CRITICISM), str(SKG.status))
    assert "skg:asserted" in problem.message and "skg:planned" in problem.message


def test_event_without_any_participant_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.remove((CRITICISM, SKG.actor, None))
    data.remove((CRITICISM, SKG.target, None))
    problem = only(validate(data))
    assert problem.focus == str(CRITICISM)
    assert "names no participant" in problem.message
    assert_readable(problem.message)


def test_participant_given_as_a_name_instead_of_an_entity_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.set((CRITICISM, SKG.target, Literal("China's space agency")))
    problem = only(validate(data, "store"))
    assert (problem.focus, problem.path) == (str(CRITICISM), str(SKG.target))
    assert "link the mention to the knowledge base" in problem.message


# --- Broken evidence, articles, entities, posts --------------------------------------------------------------


def test_evidence_offsets_in_the_wrong_order_are_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.set((EVIDENCE, SKG.startChar, Literal(120)))
    data.set((EVIDENCE, SKG.endChar, Literal(40)))
    problems = validate(data)
    assert {(p.focus, p.path) for p in problems} >= {(str(EVIDENCE), str(SKG.startChar))}
    own = [p for p in problems if p.focus == str(EVIDENCE)]
    assert len(own) == 1 and "startChar is after its skg:endChar" in own[0].message
    # The events citing the sentence are flagged too, so an analyst sees which facts are affected.
    assert {p.focus for p in problems} == {str(EVIDENCE), str(LOAN), str(CRITICISM)}


def test_evidence_without_its_sentence_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.remove((EVIDENCE, SKG.sentence, None))
    own = [p for p in validate(data) if p.focus == str(EVIDENCE)]
    assert len(own) == 1 and own[0].path == str(SKG.sentence)
    assert_readable(own[0].message)


def test_article_with_neither_url_nor_content_hash_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.remove((ARTICLE, SCHEMA.url, None))
    problem = only(validate(data))
    assert problem.focus == str(ARTICLE)
    assert "schema:url" in problem.message and "skg:contentHash" in problem.message
    assert_readable(problem.message)


def test_entity_with_two_labels_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.add((CNSA, RDFS.label, Literal("CNSA", lang="en")))
    problem = only(validate(data))
    assert (problem.focus, problem.path) == (str(CNSA), str(RDFS.label))
    assert "skos:altLabel" in problem.message


def test_entity_label_without_language_tag_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.set((FRANCE, RDFS.label, Literal("France")))
    problem = only(validate(data))
    assert (problem.focus, problem.path) == (str(FRANCE), str(RDFS.label))
    assert "@en" in problem.message


def test_wikidata_page_url_instead_of_entity_iri_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.add((FRANCE, SKG.wikidata, URIRef("https://www.wikidata.org/wiki/Q142")))
    problem = only(validate(data))
    assert (problem.focus, problem.path) == (str(FRANCE), str(SKG.wikidata))
    assert "http://www.wikidata.org/entity/" in problem.message
    assert_readable(problem.message)


def test_wikidata_entity_iri_is_accepted(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.add((FRANCE, SKG.wikidata, WD["Q142"]))
    assert validate(data) == []


def test_two_entities_with_the_same_wikidata_item_are_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.add((FRANCE, SKG.wikidata, WD["Q142"]))
    data.add((COUNTRY["CN"], SKG.wikidata, WD["Q142"]))
    problems = validate(data)
    assert {p.focus for p in problems} == {str(FRANCE), str(COUNTRY["CN"])}
    assert all(str(WD["Q142"]) in p.message for p in problems)


def test_post_without_role_title_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.remove((POST, SKG.roleTitle, None))
    problem = only(validate(data))
    assert (problem.focus, problem.path) == (str(POST), str(SKG.roleTitle))
    assert_readable(problem.message)


def test_post_without_holder_is_reported(
    validate: Callable[..., list[Problem]], data: rdflib.Graph
) -> None:
    data.remove((POST, SKG.postHolder, None))
    problems = validate(data, "store")
    assert [(p.focus, p.path) for p in problems] == [(str(POST), str(SKG.postHolder))]


# --- Broken taxonomy -----------------------------------------------------------------------------------------


def test_event_type_whose_polarity_contradicts_its_goldstein_value_is_reported(
    shapes: rdflib.Graph, ontology: rdflib.Graph, taxonomy: rdflib.Graph
) -> None:
    broken = ontology + taxonomy
    broken.set((EVT["fund"], SKG.polarity, SKG.conflict))
    broken.remove((EVT["reject"], SKOS.prefLabel, None))
    conforms, report, _ = pyshacl.validate(
        broken, shacl_graph=shapes, inference="none", advanced=True
    )
    assert not conforms
    found = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
        for r in report.objects(None, SH.result)
    }
    assert {focus for focus, _ in found} == {str(EVT["fund"]), str(EVT["reject"])}
    assert any(
        "disagrees with the sign of its Goldstein value 7.4" in message for _, message in found
    )
