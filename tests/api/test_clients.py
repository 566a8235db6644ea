"""Analysts' SPARQL clients, unchanged, against a real server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
import rdflib
from fastapi import FastAPI
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

SKG = rdflib.Namespace("https://w3id.org/spacekg/ontology#")
AGENCY = rdflib.Namespace("https://w3id.org/spacekg/agency/")
LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?agency ?short WHERE { ?agency a skg:SpaceAgency ; skos:altLabel ?short } ORDER BY ?short
"""


@pytest.fixture
def endpoint(make_app: Callable[..., FastAPI], live_server: Callable[[FastAPI], str]) -> str:
    """The /sparql URL of a uvicorn server over an on-disk sample store."""
    return live_server(make_app()) + "/sparql"


def test_sparqlwrapper_reads_json_csv_and_turtle(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["short"]["value"] for r in rows] == ["CNSA", "ESA", "NASA"]

    client.setReturnFormat(CSV)
    client.setMethod(POST)
    table = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert table[0] == ["agency", "short"]
    assert table[3] == [str(AGENCY.nasa), "NASA"]

    client.setQuery("CONSTRUCT { ?a skg:partner ?b } WHERE { ?a skg:cooperatesWith ?b }")
    client.setReturnFormat(TURTLE)
    client.setMethod("GET")
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert set(graph) == {(AGENCY.cnsa, SKG.partner, AGENCY.esa)}


def test_rdflib_sparqlstore_selects_and_matches_triple_patterns(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = graph.query(LABELS)
    assert [str(row.short) for row in rows] == ["CNSA", "ESA", "NASA"]
    agencies = set(graph.subjects(rdflib.RDF.type, SKG.SpaceAgency))
    assert agencies == {AGENCY.cnsa, AGENCY.esa, AGENCY.nasa}
    assert (AGENCY.cnsa, SKG.cooperatesWith, AGENCY.esa) in graph


def test_rdflib_sparqlstore_reads_sparql_xml(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint))  # rdflib's default: SPARQL XML results
    assert len(list(graph.triples((AGENCY.nasa, None, None)))) == 4
