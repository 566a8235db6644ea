"""Hostile requests get a clear 4xx and leave the server answering: parser bombs, bad paths."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from .conftest import AUTH

NESTED = 20_000


def test_a_deeply_nested_update_is_refused_and_the_server_lives_on(client: TestClient) -> None:
    update = "INSERT DATA { <http://a> <http://p> " + "(" * NESTED + "1" + ")" * NESTED + " }"
    response = client.post("/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 400
    assert "nests brackets more than 200 deep" in response.text
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_a_deeply_nested_query_is_refused_before_a_worker_sees_it(client: TestClient) -> None:
    query = "SELECT * WHERE { FILTER(" + "(" * NESTED + "1" + ")" * NESTED + ") }"
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 400 and "nests brackets" in response.text
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_an_rdfxml_entity_bomb_is_refused_before_it_expands(client: TestClient) -> None:
    levels = "".join(f'<!ENTITY e{i + 1} "{f"&e{i};" * 10}">' for i in range(9))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY e0 "ha">{levels}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://a"><rdf:value>&e9;</rdf:value>'
        "</rdf:Description></rdf:RDF>"
    ).encode()
    assert len(bomb) < 1000
    started = time.monotonic()
    response = client.put(
        "/store",
        params={"graph": "http://example.org/bomb"},
        content=bomb,
        headers={**AUTH, "Content-Type": "application/rdf+xml"},
    )
    assert response.status_code == 400 and "entity expansion bomb" in response.text
    assert time.monotonic() - started < 2
    assert client.get("/store", params={"graph": "http://example.org/bomb"}).status_code == 404


def test_small_xml_entities_of_owl_files_are_still_read(client: TestClient) -> None:
    owl = (
        b'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="&ex;a"><rdf:value>x</rdf:value></rdf:Description>'
        b"</rdf:RDF>"
    )
    response = client.put(
        "/store",
        params={"graph": "http://example.org/owl"},
        content=owl,
        headers={**AUTH, "Content-Type": "application/rdf+xml"},
    )
    assert response.status_code == 201


def test_resource_paths_with_characters_iris_forbid_get_404_not_500(client: TestClient) -> None:
    for path in ("/agency/a%20b", "/agency/%22%3E%3Cscript%3E", "/person/a%7Bb%7D", "/event/%00"):
        for accept in ("text/html", "text/turtle"):
            response = client.get(path, headers={"Accept": accept})
            assert response.status_code == 404, (path, accept, response.status_code)
            if accept == "text/html":
                assert "<script>" not in response.text  # escaped on the page
            else:
                assert response.headers["content-type"].startswith("text/plain")
    assert client.get("/entities/agency/a%20b").status_code == 404
    assert client.get("/entities", params={"iri": 'agency:"><b>'}).status_code == 400


@pytest.mark.parametrize("path", ["/articles", "/events", "/ui/articles", "/ui/events"])
def test_a_page_offset_past_any_store_is_refused_by_name(client: TestClient, path: str) -> None:
    """Schemathesis found it: an offset past SPARQL's integers was a query syntax error."""
    answer = client.get(path, params={"offset": 13188182649837025492992})
    assert answer.status_code == 422
    assert "offset" in answer.text
    assert client.get(path, params={"offset": 1_000_000_000}).status_code == 200
