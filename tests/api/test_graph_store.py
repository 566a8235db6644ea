"""The Graph Store Protocol at /store: reading, replacing, merging and deleting whole graphs."""

from __future__ import annotations

import rdflib
from fastapi.testclient import TestClient

from .conftest import AUTH

G = "http://example.org/graphs/mission-notes"
TTL = {**AUTH, "Content-Type": "text/turtle"}
NOTES = b"""
@prefix ex: <http://example.org/> .
ex:change6 ex:lands "2024-06-02" ; ex:returns ex:farSideSamples .
"""
MORE = b"<http://example.org/change6> <http://example.org/partner> <http://example.org/esa> ."


def triples(client: TestClient, graph: str | None = G, accept: str = "text/turtle") -> rdflib.Graph:
    params = {"graph": graph} if graph else {"default": ""}
    response = client.get("/store", params=params, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    fmt = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/ld+json": "json-ld",
        "application/rdf+xml": "xml",
    }[accept]
    return rdflib.Graph().parse(data=response.content, format=fmt)


def test_put_creates_then_replaces_a_graph(client: TestClient) -> None:
    first = client.put("/store", params={"graph": G}, content=NOTES, headers=TTL)
    second = client.put(
        "/store",
        params={"graph": G},
        content=MORE,
        headers={**AUTH, "Content-Type": "application/n-triples"},
    )
    assert (first.status_code, second.status_code) == (201, 204)
    assert len(triples(client)) == 1


def test_get_negotiates_the_rdf_format(client: TestClient) -> None:
    client.put("/store", params={"graph": G}, content=NOTES, headers=TTL)
    for accept in (
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
    ):
        assert len(triples(client, accept=accept)) == 2
    refused = client.get("/store", params={"graph": G}, headers={"Accept": "text/csv"})
    assert refused.status_code == 406


def test_post_merges_into_a_graph(client: TestClient) -> None:
    created = client.post("/store", params={"graph": G}, content=NOTES, headers=TTL)
    merged = client.post("/store", params={"graph": G}, content=MORE, headers=TTL)
    assert (created.status_code, merged.status_code) == (201, 204)
    assert len(triples(client)) == 3


def test_post_without_a_graph_creates_a_new_one(client: TestClient) -> None:
    response = client.post("/store", content=NOTES, headers=TTL)
    assert response.status_code == 201
    location = response.headers["location"]
    assert location.startswith("https://w3id.org/spacekg/graph/upload/")
    assert len(triples(client, location)) == 2


def test_multipart_post_merges_every_part(client: TestClient) -> None:
    files = [
        ("a", ("a.ttl", NOTES, "text/turtle")),
        ("b", ("b.nt", MORE, "application/n-triples")),
    ]
    response = client.post("/store", params={"graph": G}, files=files, headers=AUTH)
    assert response.status_code == 201
    assert len(triples(client)) == 3


def test_delete_removes_a_graph_and_404s_after(client: TestClient) -> None:
    client.put("/store", params={"graph": G}, content=NOTES, headers=TTL)
    assert client.delete("/store", params={"graph": G}, headers=AUTH).status_code == 204
    assert client.get("/store", params={"graph": G}).status_code == 404
    assert client.delete("/store", params={"graph": G}, headers=AUTH).status_code == 404
    assert client.head("/store", params={"graph": G}).status_code == 404


def test_head_answers_headers_only(client: TestClient) -> None:
    client.put("/store", params={"graph": G}, content=NOTES, headers=TTL)
    response = client.head(
        "/store", params={"graph": G}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/n-triples"
    assert response.content == b""


def test_default_is_the_stores_own_default_graph_not_the_union(client: TestClient) -> None:
    assert len(triples(client, None)) == 0  # the sample data is all in named graphs
    assert (
        client.put("/store", params={"default": ""}, content=NOTES, headers=TTL).status_code == 204
    )
    assert len(triples(client, None)) == 2
    # Queries see it through the union default graph.
    ask = client.get("/sparql", params={"query": "ASK { <http://example.org/change6> ?p ?o }"})
    assert ask.json()["boolean"] is True
    assert client.delete("/store", params={"default": ""}, headers=AUTH).status_code == 204
    assert len(triples(client, None)) == 0


def test_graphs_written_with_sparql_update_are_readable(client: TestClient) -> None:
    update = (
        f"INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/a> <http://example.org/b> 'c' }} }}"
    )
    assert client.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    assert len(triples(client)) == 1


def test_malformed_rdf_is_400_and_writes_nothing(client: TestClient) -> None:
    client.put("/store", params={"graph": G}, content=NOTES, headers=TTL)
    response = client.put(
        "/store", params={"graph": G}, content=b"<http://example.org/a> <b> .", headers=TTL
    )
    assert response.status_code == 400
    assert "not valid Turtle" in response.text and "line 1" in response.text
    assert len(triples(client)) == 2


def test_unknown_content_type_is_415(client: TestClient) -> None:
    response = client.put(
        "/store",
        params={"graph": G},
        content=b"{}",
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert response.status_code == 415
    assert "text/turtle" in response.text


def test_bad_graph_parameters_are_400(client: TestClient) -> None:
    assert client.get("/store").status_code == 400
    assert client.get("/store", params={"graph": "not an iri"}).status_code == 400
    assert client.get("/store?default&graph=http://example.org/g").status_code == 400


def test_writes_need_the_token(client: TestClient, make_app) -> None:  # type: ignore[no-untyped-def]
    wrong = client.put(
        "/store",
        params={"graph": G},
        content=NOTES,
        headers={"Content-Type": "text/turtle", "Authorization": "Bearer x"},
    )
    assert wrong.status_code == 401 and "www-authenticate" in wrong.headers
    assert client.get("/store", params={"graph": G}).status_code == 404
    with TestClient(make_app(token=None)) as read_only:
        for method in ("put", "post", "delete"):
            kwargs = {"content": NOTES, "headers": TTL} if method != "delete" else {"headers": AUTH}
            response = getattr(read_only, method)("/store", params={"graph": G}, **kwargs)
            assert response.status_code == 403 and "--token" in response.text


def test_body_over_the_cap_is_413(make_app) -> None:  # type: ignore[no-untyped-def]
    with TestClient(make_app(max_body_bytes=100)) as small:
        response = small.put("/store", params={"graph": G}, content=NOTES * 10, headers=TTL)
        assert response.status_code == 413
        assert small.get("/store", params={"graph": G}).status_code == 404
