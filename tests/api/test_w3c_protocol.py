"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol test suites, run against the app.

The manifests (``../shared/w3c/protocol/manifest.ttl`` and ``../shared/w3c/gsp/manifest.ttl`` with
its includes) describe each test as a sequence of HTTP requests (method, path, headers, body) with
the expected response (status, boolean answer, result kind, Content-Type, RDF body, Location).
Each test is one parametrised case keyed by its manifest IRI; the requests are replayed as
written, with ``/sparql/`` and ``/gsp`` mapped to ``/sparql`` and ``/store``, ``Host`` set to the
manifest's authority (``www.example``) and the write token added (writes need it on this
server, and the tests are about the protocol, not about authorisation). Every test starts from an
empty store holding only the test's ``ut:graphData``.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from fastapi.testclient import TestClient
from rdflib.collection import Collection

from spacekg.api.http.app import create_app
from spacekg.graph.store import Store
from spacekg.settings import Settings

from .conftest import AUTH, TOKEN

W3C = Path(__file__).parents[2].parent / "shared" / "w3c"
if not (W3C / "protocol" / "manifest.ttl").is_file():
    pytest.skip(f"the W3C manifests are not in {W3C}", allow_module_level=True)

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#"

STATUS = {"OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404}}
STATUS.update({f"StatusCode{k}xx": set(range(k * 100, k * 100 + 100)) for k in (2, 3, 4, 5)})

GSP = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/http-rdf-update/manifest#"
#: Tests that do not apply, and why. Direct graph identification (graph IRIs that are URLs under
#: the Graph Store, /store/person/1.ttl) is optional in the Graph Store Protocol and not offered:
#: SpaceKG's graphs are named https://w3id.org/spacekg/graph/..., identified with ?graph=.
SKIPPED = {
    GSP + "put_get_repeat_direct": "direct graph identification is not offered (optional)",
    GSP + "put_delete_get_delete_direct": "direct graph identification is not offered (optional)",
    GSP + "post_get_post_get_direct": "direct graph identification is not offered (optional)",
    GSP + "head_existing_direct": "direct graph identification is not offered (optional)",
}


def _manifest(path: Path) -> tuple[rdflib.Graph, list[rdflib.URIRef]]:
    """The manifest graph (with its includes merged) and its test entries, in order."""
    graph = rdflib.Graph().parse(path, format="turtle")
    entries: list[rdflib.URIRef] = []
    for manifest in graph.subjects(rdflib.RDF.type, MF.Manifest):
        for head in graph.objects(manifest, MF.entries):
            entries += list(Collection(graph, head))
        for head in graph.objects(manifest, MF.include):
            for included in Collection(graph, head):
                sub_graph, sub_entries = _manifest(Path(str(included).removeprefix("file://")))
                graph += sub_graph
                entries += sub_entries
    return graph, entries


PROTOCOL, PROTOCOL_TESTS = _manifest(W3C / "protocol" / "manifest.ttl")
GRAPH_STORE, GSP_TESTS = _manifest(W3C / "gsp" / "manifest.ttl")
MANIFEST = PROTOCOL + GRAPH_STORE
ALL_TESTS = [*PROTOCOL_TESTS, *GSP_TESTS]


@pytest.fixture(scope="module")
def w3c(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Store]]:
    """One app for the module, on an on-disk store emptied before each test."""
    path = tmp_path_factory.mktemp("w3c") / "store"
    store = Store.open(path, bootstrap=False)
    app = create_app(
        Settings(store=path, token=TOKEN, query_timeout=10, max_concurrent_queries=2), store
    )
    with TestClient(app, base_url="http://www.example") as client:
        yield client, store
    store.close()


def _requests(test: rdflib.URIRef) -> list[rdflib.term.Node]:
    action = MANIFEST.value(test, MF.action)
    return list(Collection(MANIFEST, MANIFEST.value(action, HT.requests)))


def _path(absolute_path: str) -> str:
    path, _, query = absolute_path.partition("?")
    path = {"/sparql/": "/sparql", "/gsp": "/store"}.get(path, path)
    return f"{path}?{query}" if query else path


def _headers(node: rdflib.term.Node) -> dict[str, str]:
    head = MANIFEST.value(node, HT.headers)
    if head is None:
        return {}
    return {
        str(MANIFEST.value(h, HT.fieldName)): str(MANIFEST.value(h, HT.fieldValue))
        for h in Collection(MANIFEST, head)
    }


def _body(node: rdflib.term.Node) -> tuple[str | None, str]:
    body = MANIFEST.value(node, HT.body)
    if body is None:
        return None, "UTF-8"
    return str(MANIFEST.value(body, CNT.chars)), str(
        MANIFEST.value(body, CNT.characterEncoding) or "UTF-8"
    )


@pytest.mark.parametrize(
    "test_iri", [str(t) for t in ALL_TESTS], ids=[str(t).split("#")[-1] for t in ALL_TESTS]
)
def test_w3c(test_iri: str, w3c: tuple[TestClient, Store]) -> None:
    """Replay one manifest test's requests and check every expected response."""
    if test_iri in SKIPPED:
        pytest.skip(SKIPPED[test_iri])
    client, store = w3c
    test = rdflib.URIRef(test_iri)
    store.update("DROP SILENT ALL")
    for data in MANIFEST.objects(test, UT.graphData):
        source = Path(str(MANIFEST.value(data, UT.graph)).removeprefix("file://"))
        store.load(
            source.read_bytes(), fmt="ntriples", graph=str(MANIFEST.value(data, rdflib.RDFS.label))
        )
    location: str | None = None
    for step, request in enumerate(_requests(test), start=1):
        path = _path(str(MANIFEST.value(request, HT.absolutePath)))
        text, encoding = _body(request)
        if location is not None:
            path = path.replace("$LOCATION$", location)
            text = text.replace("$LOCATION$", location) if text is not None else None
        response = client.request(
            str(MANIFEST.value(request, HT.methodName)),
            path,
            headers={**_headers(request), **AUTH},
            content=text.encode(encoding.lower()) if text is not None else None,
            follow_redirects=False,
        )
        expected = MANIFEST.value(request, HT.resp)
        where = f"request {step} ({path})"
        allowed = set().union(
            *(
                STATUS[str(s).removeprefix(HTS)]
                for s in MANIFEST.objects(expected, MF.expectedStatus)
            )
        )
        assert response.status_code in allowed, (
            f"{where}: {response.status_code} {response.text[:300]}"
        )
        _check_answer(expected, response, where)
        if MANIFEST.value(expected, MF.expectedLocation) is not None:
            location = response.headers.get("location")
            assert location, f"{where}: no Location header"


def _check_answer(expected: rdflib.term.Node, response, where: str) -> None:  # type: ignore[no-untyped-def]
    media = response.headers.get("content-type", "").split(";")[0].strip()
    kind = MANIFEST.value(expected, MF.expectedFormat)
    boolean = MANIFEST.value(expected, MF.expectedBoolean)
    if kind is not None and str(kind) == "boolean":
        answer = _boolean(media, response.content)
        if boolean is not None:
            assert answer is boolean.toPython(), f"{where}: ASK answered {answer}"
    elif kind is not None and str(kind) == "tabular":
        _tabular(media, response.content)
    elif kind is not None and str(kind) == "RDF":
        rdflib.Graph().parse(data=response.content, format=_rdflib_format(media))
    headers = _headers(expected)
    if "content-type" in headers:
        want_media, _, want_params = headers["content-type"].partition(";")
        assert media == want_media.strip(), f"{where}: Content-Type {media}"
        if want_params:
            assert want_params.strip().lower().replace(" ", "") in response.headers[
                "content-type"
            ].lower().replace(" ", "")
    text, _ = _body(expected)
    if text is not None:
        got = rdflib.Graph().parse(data=response.content, format=_rdflib_format(media))
        want = rdflib.Graph().parse(
            data=text,
            format=_rdflib_format(headers.get("content-type", "text/turtle").split(";")[0]),
        )
        assert rdflib.compare.isomorphic(got, want), f"{where}: graph differs:\n{response.text}"


def _boolean(media: str, content: bytes) -> bool:
    if media in ("application/sparql-results+json", "application/json"):
        return json.loads(content)["boolean"]
    assert media in ("application/sparql-results+xml", "application/xml"), media
    node = ET.fromstring(content).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


def _tabular(media: str, content: bytes) -> None:
    if media == "application/sparql-results+json":
        assert "bindings" in json.loads(content)["results"]
    elif media == "application/sparql-results+xml":
        assert (
            ET.fromstring(content).find("{http://www.w3.org/2005/sparql-results#}results")
            is not None
        )
    elif media in ("text/csv", "text/tab-separated-values"):
        delimiter = "," if media == "text/csv" else "\t"
        assert next(csv.reader(io.StringIO(content.decode()), delimiter=delimiter))
    else:
        raise AssertionError(f"{media} is not a SPARQL results format")


def _rdflib_format(media: str) -> str:
    return {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
    }[media]


def test_every_manifest_test_is_run_or_skipped_with_a_reason() -> None:
    """The cases above are exactly the manifests' entries; every skip names a real test."""
    assert len(PROTOCOL_TESTS) == 34 and len(GSP_TESTS) == 13
    assert len(set(ALL_TESTS)) == len(ALL_TESTS)
    assert set(SKIPPED) <= {str(t) for t in ALL_TESTS}
    run = {str(t) for t in ALL_TESTS} - set(SKIPPED)
    assert len(run) == 43
    kinds = {MANIFEST.value(t, rdflib.RDF.type) for t in ALL_TESTS}
    assert kinds == {MF.ProtocolTest, MF.GraphStoreProtocolTest}
