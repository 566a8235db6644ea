"""The /sparql endpoint as SPARQL clients use it: requests, formats, datasets, errors, updates."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
import rdflib
from fastapi.testclient import TestClient

from spacekg.api.http.app import create_app
from spacekg.graph.store import Store
from spacekg.settings import Settings

from .conftest import AUTH, SAMPLE_TRIG, TOKEN

AGENCIES = "SELECT ?a WHERE { ?a a skg:SpaceAgency } ORDER BY ?a"
NASA = "https://w3id.org/spacekg/agency/nasa"
KB = "https://w3id.org/spacekg/graph/kb"
ARTICLE = "https://w3id.org/spacekg/graph/article/a1"


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One client for the tests that only read (the sample store, never written)."""
    path = tmp_path_factory.mktemp("reader") / "store"
    store = Store.open(path, bootstrap=False)
    store.load(SAMPLE_TRIG, fmt="trig")
    app = create_app(Settings(store=path, token=TOKEN, max_concurrent_queries=2), store)
    with TestClient(app) as client:
        yield client
    store.close()


def bindings(response) -> list[dict]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def column(response, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [row[name]["value"] for row in bindings(response)]


# --- query requests -------------------------------------------------------------------------


def test_get_query_answers_sparql_json_by_default(reader: TestClient) -> None:
    response = reader.get("/sparql", params={"query": AGENCIES})
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.json()["head"]["vars"] == ["a"]
    assert column(response, "a")[2] == NASA


def test_post_form_and_direct_post_answer_like_get(reader: TestClient) -> None:
    expected = column(reader.get("/sparql", params={"query": AGENCIES}), "a")
    form = reader.post("/sparql", data={"query": AGENCIES})
    direct = reader.post(
        "/sparql", content=AGENCIES, headers={"Content-Type": "application/sparql-query"}
    )
    assert column(form, "a") == expected
    assert column(direct, "a") == expected


def test_skg_prefixes_are_predeclared(reader: TestClient) -> None:
    response = reader.get("/sparql", params={"query": "ASK { agency:nasa skg:country country:US }"})
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.8, application/json;q=0.1", "text/csv"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_results_follow_the_accept_header(
    reader: TestClient, accept: str, media_type: str
) -> None:
    response = reader.get("/sparql", params={"query": AGENCIES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]


def test_select_results_are_correct_in_every_format(reader: TestClient) -> None:
    query = "SELECT ?a ?label WHERE { ?a skos:altLabel ?label } ORDER BY ?label"

    def get(accept: str):  # type: ignore[no-untyped-def]
        return reader.get("/sparql", params={"query": query}, headers={"Accept": accept})

    rows = list(csv.reader(io.StringIO(get("text/csv").text)))
    assert rows[0] == ["a", "label"]
    assert rows[1:] == [
        ["https://w3id.org/spacekg/agency/cnsa", "CNSA"],
        ["https://w3id.org/spacekg/agency/esa", "ESA"],
        [NASA, "NASA"],
    ]
    assert get("text/csv").text.endswith("\r\n")  # the CSV results format uses CRLF
    tsv = get("text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?a\t?label"
    assert tsv[3] == f'<{NASA}>\t"NASA"'
    root = ET.fromstring(get("application/sparql-results+xml").content)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["a", "label"]
    assert root.findall("r:results/r:result/r:binding[@name='a']/r:uri", ns)[2].text == NASA


def test_json_results_encode_languages_datatypes_and_unbound_values(reader: TestClient) -> None:
    query = 'SELECT ?x ?y WHERE { VALUES (?x ?y) { ("Moon"@en 5) ("plain" UNDEF) } }'
    rows = bindings(reader.get("/sparql", params={"query": query}))
    assert rows[0]["x"] == {"type": "literal", "value": "Moon", "xml:lang": "en"}
    assert rows[0]["y"] == {
        "type": "literal",
        "value": "5",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert rows[1] == {"x": {"type": "literal", "value": "plain"}}


def test_ask_answers_boolean_in_json_and_xml(reader: TestClient) -> None:
    query = "ASK { agency:esa a skg:SpaceAgency }"
    assert reader.get("/sparql", params={"query": query}).json()["boolean"] is True
    xml = reader.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert b"<boolean>true</boolean>" in xml.content


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/n-quads", "application/n-quads", "nquads"),
        ("application/trig", "application/trig", "trig"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/rdf+xml;q=0.2, text/turtle;q=0.1", "application/rdf+xml", "xml"),
    ],
)
def test_construct_results_follow_the_accept_header(
    reader: TestClient, accept: str | None, media_type: str, rdflib_format: str
) -> None:
    query = "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a rdfs:label ?l }"
    headers = {"Accept": accept} if accept else {}
    response = reader.get("/sparql", params={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    graph = rdflib.Dataset() if rdflib_format in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=response.content, format=rdflib_format)
    labels = {str(o) for _, _, o in (graph.triples((None, rdflib.RDFS.label, None)))}
    assert "European Space Agency" in labels and len(labels) == 3


def test_describe_answers_rdf(reader: TestClient) -> None:
    response = reader.get("/sparql", params={"query": "DESCRIBE agency:esa"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/spacekg/agency/esa"), rdflib.RDFS.label, None) in graph


def test_unacceptable_accept_header_is_406(reader: TestClient) -> None:
    select = reader.get("/sparql", params={"query": AGENCIES}, headers={"Accept": "image/png"})
    construct = reader.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
    )
    ask = reader.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    for response in (select, construct, ask):
        assert response.status_code == 406
        assert "offers" in response.text


# --- datasets -------------------------------------------------------------------------------


def test_default_graph_is_the_union_of_all_graphs(reader: TestClient) -> None:
    # The cooperation is in an article graph, the agencies in the KB graph: one pattern joins both.
    query = "SELECT ?label WHERE { ?a skg:cooperatesWith ?b . ?b rdfs:label ?label }"
    assert column(reader.get("/sparql", params={"query": query}), "label") == [
        "European Space Agency"
    ]


def test_default_graph_uri_restricts_the_default_graph(reader: TestClient) -> None:
    query = "SELECT ?a WHERE { ?a skg:cooperatesWith ?b }"
    only_kb = reader.get("/sparql", params={"query": query, "default-graph-uri": KB})
    both = reader.get(
        "/sparql",
        params=[("query", query), ("default-graph-uri", KB), ("default-graph-uri", ARTICLE)],
    )
    assert column(only_kb, "a") == []
    assert len(column(both, "a")) == 1


def test_named_graph_uri_limits_the_named_graphs(reader: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert sorted(column(reader.get("/sparql", params={"query": query}), "g")) == [ARTICLE, KB]
    limited = reader.get("/sparql", params={"query": query, "named-graph-uri": ARTICLE})
    assert column(limited, "g") == [ARTICLE]


def test_from_clause_is_honoured(reader: TestClient) -> None:
    query = f"SELECT ?a FROM <{ARTICLE}> WHERE {{ ?a a skg:SpaceAgency }}"
    assert column(reader.get("/sparql", params={"query": query}), "a") == []


def test_relative_iris_resolve_against_the_endpoint(reader: TestClient) -> None:
    response = reader.get("/sparql", params={"query": "SELECT ?x WHERE { BIND(<thing> AS ?x) }"})
    assert column(response, "x") == ["http://testserver/thing"]


# --- bad requests ---------------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_message(reader: TestClient) -> None:
    response = reader.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert "malformed SPARQL query" in response.text and "error at 1:" in response.text


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("text/plain", 415),
        (None, 415),
        ("application/json", 415),
        ("application/sparql-query; charset=utf-16", 415),
    ],
)
def test_post_with_an_unsupported_content_type_is_415(
    reader: TestClient, content_type: str | None, status: int
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = reader.post("/sparql", content=b"ASK {}", headers=headers)
    assert response.status_code == status
    assert "application/sparql-query" in response.text or "UTF-8" in response.text


def test_two_queries_or_query_and_update_are_400(client: TestClient) -> None:
    two = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    both = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"}, headers=AUTH)
    url_and_body = client.post(
        "/sparql?query=ASK%20%7B%7D",
        content="ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert (two.status_code, both.status_code, url_and_body.status_code) == (400, 400, 400)


def test_other_methods_are_405_with_allow(reader: TestClient) -> None:
    response = reader.put("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 405
    assert "POST" in response.headers["allow"]


def test_update_by_get_is_refused(client: TestClient) -> None:
    response = client.get("/sparql", params={"update": "CLEAR ALL"})
    assert response.status_code == 400
    assert "POST" in response.text
    assert len(column(client.get("/sparql", params={"query": AGENCIES}), "a")) == 3


def test_bad_graph_iri_is_400(reader: TestClient) -> None:
    response = reader.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400 and "default-graph-uri" in response.text


# --- caps and streaming ---------------------------------------------------------------------


def test_row_cap_truncates_and_says_so(make_app) -> None:  # type: ignore[no-untyped-def]
    with TestClient(make_app(max_rows=2)) as capped:
        cut = capped.get("/sparql", params={"query": AGENCIES})
        whole = capped.get("/sparql", params={"query": AGENCIES + " LIMIT 2"})
    assert len(bindings(cut)) == 2
    assert cut.headers["x-spacekg-truncated"] == "true"
    assert "x-spacekg-truncated" not in whole.headers


def test_large_results_stream_in_chunks_and_arrive_whole(make_app, live_server) -> None:  # type: ignore[no-untyped-def]
    import httpx

    url = live_server(make_app())
    query = "SELECT ?n WHERE { VALUES ?a { 1 2 3 4 5 6 7 8 9 10 } VALUES ?b { 1 2 3 4 5 6 7 8 9 10 } VALUES ?c { 1 2 3 4 5 6 7 8 9 10 } BIND(?a * 100 + ?b * 10 + ?c AS ?n) }"
    small = httpx.get(
        f"{url}/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"}
    )
    assert len(small.text.splitlines()) == 1001
    big = (
        "SELECT ?s ?n WHERE { ?s a skg:SpaceAgency . VALUES ?a { "
        + " ".join(map(str, range(100)))
        + " } VALUES ?b { "
        + " ".join(map(str, range(100)))
        + " } BIND(?a * 100 + ?b AS ?n) }"
    )
    with httpx.stream("GET", f"{url}/sparql", params={"query": big}) as response:
        body = b"".join(response.iter_raw())
        assert response.headers.get("transfer-encoding") == "chunked"
    assert len(json.loads(body)["results"]["bindings"]) == 30_000


def test_body_larger_than_the_cap_is_413(make_app) -> None:  # type: ignore[no-untyped-def]
    with TestClient(make_app(max_body_bytes=1000)) as small:
        response = small.post(
            "/sparql",
            content="ASK {}" + " " * 2000,
            headers={"Content-Type": "application/sparql-query"},
        )
    assert response.status_code == 413
    assert "1,000 bytes" in response.text


# --- updates --------------------------------------------------------------------------------


def test_update_with_token_is_seen_by_the_next_query(client: TestClient) -> None:
    before = column(client.get("/sparql", params={"query": AGENCIES}), "a")
    update = "INSERT DATA { GRAPH <https://w3id.org/spacekg/graph/kb> { agency:jaxa a skg:SpaceAgency } }"
    response = client.post("/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 204, response.text
    after = column(client.get("/sparql", params={"query": AGENCIES}), "a")
    assert len(after) == len(before) + 1
    direct = client.post(
        "/sparql",
        content="DELETE DATA { GRAPH <https://w3id.org/spacekg/graph/kb> { agency:jaxa a skg:SpaceAgency } }",
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert direct.status_code == 204
    assert column(client.get("/sparql", params={"query": AGENCIES}), "a") == before


def test_update_without_a_configured_token_is_403_saying_how_to_enable(make_app) -> None:  # type: ignore[no-untyped-def]
    with TestClient(make_app(token=None)) as open_client:
        response = open_client.post("/sparql", data={"update": "CLEAR ALL"}, headers=AUTH)
        assert len(column(open_client.get("/sparql", params={"query": AGENCIES}), "a")) == 3
    assert response.status_code == 403
    assert "--token" in response.text and "SPACEKG_TOKEN" in response.text


def test_update_with_a_wrong_or_missing_token_is_401(client: TestClient) -> None:
    wrong = client.post(
        "/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer nope"}
    )
    missing = client.post("/sparql", data={"update": "CLEAR ALL"})
    for response in (wrong, missing):
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert len(column(client.get("/sparql", params={"query": AGENCIES}), "a")) == 3


def test_malformed_or_failing_update_is_400(client: TestClient) -> None:
    malformed = client.post("/sparql", data={"update": "INSERT DATA { <a> }"}, headers=AUTH)
    failing = client.post(
        "/sparql", data={"update": "CLEAR GRAPH <http://example.org/none>"}, headers=AUTH
    )
    assert malformed.status_code == 400 and "malformed SPARQL update" in malformed.text
    assert failing.status_code == 400 and "does not exist" in failing.text


def test_using_graph_uri_sets_the_update_dataset(client: TestClient) -> None:
    update = "INSERT { GRAPH <http://example.org/out> { ?a a skg:Seen } } WHERE { ?a skg:cooperatesWith ?b }"
    response = client.post(
        "/sparql", params={"using-graph-uri": KB}, data={"update": update}, headers=AUTH
    )
    assert response.status_code == 204
    assert (
        column(client.get("/sparql", params={"query": "SELECT ?a WHERE { ?a a skg:Seen }"}), "a")
        == []
    )
    client.post(
        "/sparql", params={"using-graph-uri": ARTICLE}, data={"update": update}, headers=AUTH
    )
    assert column(
        client.get("/sparql", params={"query": "SELECT ?a WHERE { ?a a skg:Seen }"}), "a"
    ) == ["https://w3id.org/spacekg/agency/cnsa"]


def test_using_graph_uri_with_a_with_clause_is_400(client: TestClient) -> None:
    update = "WITH <http://example.org/g> INSERT { ?s a skg:X } WHERE { ?s ?p ?o }"
    response = client.post(
        "/sparql", params={"using-graph-uri": KB}, data={"update": update}, headers=AUTH
    )
    assert response.status_code == 400 and "WITH" in response.text


# --- service description and CORS ------------------------------------------------------------


def test_service_description_describes_the_endpoint(reader: TestClient) -> None:
    response = reader.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert graph.value(service, sd.endpoint) == rdflib.URIRef("http://testserver/sparql")
    assert set(graph.objects(service, sd.supportedLanguage)) == {
        sd.SPARQL11Query,
        sd.SPARQL11Update,
    }
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    formats = set(graph.objects(service, sd.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert rdflib.URIRef("http://www.w3.org/ns/formats/Turtle") in formats
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert names == {KB, ARTICLE}
    jsonld = reader.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json"


def test_service_description_without_token_offers_no_update(make_app) -> None:  # type: ignore[no-untyped-def]
    with TestClient(make_app(token=None)) as open_client:
        text = open_client.get("/sparql").text
    assert "SPARQL11Query" in text and "SPARQL11Update" not in text


def test_browsers_are_sent_to_the_query_editor(reader: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = reader.get("/sparql", headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/sparql"


def test_cors_is_open_for_queries_and_closed_for_updates(client: TestClient) -> None:
    origin = {"Origin": "https://notebook.example"}
    get = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    post = client.post("/sparql", data={"query": "ASK {}"}, headers=origin)
    update = client.post(
        "/sparql",
        data={"update": "CLEAR SILENT GRAPH <http://example.org/none>"},
        headers={**origin, **AUTH},
    )
    preflight = client.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert get.headers["access-control-allow-origin"] == "*"
    assert post.headers["access-control-allow-origin"] == "*"
    assert update.status_code == 204 and "access-control-allow-origin" not in update.headers
    assert "authorization" not in preflight.headers["access-control-allow-headers"].lower()
