"""The reference knowledge base: parses, conforms, and every name points at one entity."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pyoxigraph as ox
import pytest
import rdflib

from spacekg.graph.validation import validate_graph
from spacekg.ingest.gazetteer import KbEntity, default, normalise
from spacekg.ontology import kb_files, ontology_files
from spacekg.ontology.vocab import BASE, KINDS

SKG = "https://w3id.org/spacekg/ontology#"


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    found: list[ox.Quad] = []
    for file in kb_files():
        found.extend(ox.parse(path=str(file), format=ox.RdfFormat.TURTLE))
    return found


def test_every_kb_file_parses_in_rdflib_too() -> None:
    for file in kb_files():
        assert len(rdflib.Graph().parse(file, format="turtle")) > 0, file.name


def test_each_entity_is_defined_in_one_file_only() -> None:
    defined: dict[str, str] = {}
    for file in kb_files():
        for q in ox.parse(path=str(file), format=ox.RdfFormat.TURTLE):
            if q.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label" and isinstance(
                q.subject, ox.NamedNode
            ):
                assert defined.setdefault(q.subject.value, file.name) == file.name, (
                    q.subject.value,
                    file.name,
                )


def test_no_two_entities_share_a_wikidata_qid(quads: list[ox.Quad]) -> None:
    qids = Counter(q.object.value for q in quads if q.predicate.value == SKG + "wikidata")
    assert [q for q, n in qids.items() if n > 1] == []
    assert all(re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+", q) for q in qids)


def test_every_alias_names_one_entity_or_is_flagged_ambiguous_on_each() -> None:
    gazetteer = default()
    unflagged: dict[str, list[str]] = defaultdict(list)
    for entity in gazetteer.entities.values():
        for form in entity.surface_forms():
            unflagged[normalise(form)].append(entity.iri)
    for form, iris in gazetteer.by_form.items():
        if len(iris) > 1:
            entities: list[KbEntity] = [gazetteer.entities[i] for i in iris]
            flagged = [e for e in entities if form in {normalise(a) for a in e.ambiguous}]
            assert len(flagged) == len(entities), (
                form,
                [e.iri for e in entities if e not in flagged],
            )


def test_every_referenced_spacekg_iri_is_described(quads: list[ox.Quad]) -> None:
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    prefixes = tuple(BASE + kind + "/" for kind in KINDS)
    dangling = {
        q.object.value
        for q in quads
        if isinstance(q.object, ox.NamedNode)
        and q.object.value.startswith(prefixes)
        and q.object.value not in subjects
    }
    assert dangling == set()


def test_coverage_meets_what_analysts_need() -> None:
    by_class = Counter(e.cls for e in default().entities.values())
    missions = sum(
        by_class[c]
        for c in (
            "Mission",
            "Programme",
            "Spacecraft",
            "SpaceStation",
            "LaunchVehicle",
            "Instrument",
        )
    )
    assert by_class["Country"] >= 195
    assert by_class["SpaceAgency"] >= 70
    assert missions >= 150
    assert by_class["ResearchInstitution"] >= 100
    assert by_class["Person"] >= 50


def test_key_entities_and_their_names(quads: list[ox.Quad]) -> None:
    g = default()
    assert [e.iri for e in g.lookup("Beijing")] == [BASE + "country/CN"]
    assert [e.iri for e in g.lookup("American")] == [BASE + "country/US"]
    assert [e.iri for e in g.lookup("CNSA")] == [BASE + "agency/cnsa"]
    assert [e.iri for e in g.lookup("Chang'e 5")] == [BASE + "mission/change-5"]
    assert [e.iri for e in g.lookup("Artemis Accords")] == [BASE + "agreement/artemis-accords"]
    posts = {(p.person.rsplit("/", 1)[-1], p.organisation.rsplit("/", 1)[-1]) for p in g.posts}
    assert ("shan-zhongde", "cnsa") in posts and ("bill-nelson", "nasa") in posts


def test_the_kb_with_the_ontology_conforms_to_the_shapes() -> None:
    data = rdflib.Graph()
    for file in ontology_files() + kb_files():
        data.parse(file, format="turtle")
    report = validate_graph(data)
    assert report.conforms, str(report)
