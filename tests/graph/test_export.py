"""Exports of real networks: files that pass the official schemas, load back into networkx with
the same nodes, ties and weights, and carry the events (and evidence) behind every tie."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from lxml import etree

from spacekg import InputError, Store
from spacekg.graph import export, projections
from spacekg.graph.export import EXPORT_FORMATS, export_network, write_network

REPO = Path(__file__).resolve().parents[2]
XSD = REPO.parent / "shared" / "xsd"
VIZ = "{http://gexf.net/1.3/viz}"
A = "https://w3id.org/spacekg/"


def schema(relative: str) -> etree.XMLSchema:
    path = XSD / relative
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(xsd: etree.XMLSchema, document: etree._ElementTree) -> None:
    assert xsd.validate(document), "\n".join(str(e) for e in xsd.error_log)


def ties(graph: nx.Graph, key: str | None = None) -> dict[frozenset, float]:
    """Ties by their two nodes' IRIs (``key``: the node attribute holding the IRI) with weights."""
    iri = (lambda n: graph.nodes[n][key]) if key else (lambda n: n)
    return {frozenset((iri(u), iri(v))): float(w) for u, v, w in graph.edges(data="weight")}


@pytest.fixture(scope="module")
def network(samples_store: Store) -> nx.Graph:
    return export.decorate(projections.actor_network(samples_store, "all"))


def test_gexf_validates_loads_back_and_has_a_timeline(
    network: nx.Graph, samples_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "network.gexf"
    result = export_network(samples_store, "gexf", path)
    assert (result.nodes, result.edges) == (network.number_of_nodes(), network.number_of_edges())
    assert not list(tmp_path.glob("*.part"))
    document = etree.parse(str(path))
    sizes = [float(e.get("value")) for e in document.iter(f"{VIZ}size")]
    channels = [int(e.get(c)) for e in document.iter(f"{VIZ}color") for c in "rgb"]
    assert len(sizes) == network.number_of_nodes() and all(5.0 <= s <= 50.0 for s in sizes)
    assert channels and all(0 <= c <= 255 for c in channels)
    for element in list(document.getroot().iter(f"{VIZ}*")):  # see ../shared/xsd/README.md
        element.getparent().remove(element)
    assert_valid(schema("gexf-1.3/gexf.xsd"), document)
    graph_element = document.getroot().find("{http://gexf.net/1.3}graph")
    assert graph_element.get("timeformat") == "date" and graph_element.get("mode") == "dynamic"

    loaded = nx.read_gexf(path, version="1.3")
    assert set(loaded) == set(network)
    assert ties(loaded) == ties(network)
    tie = next((u, v) for u, v, d in network.edges(data=True) if d["periods"])
    assert loaded.edges[tie]["spells"] == [tuple(p) for p in network.edges[tie]["periods"]]
    assert loaded.edges[tie]["events"].split() == network.edges[tie]["events"]
    assert loaded.nodes[A + "agency/cnsa"]["label"] == "China National Space Administration"


def test_graphml_validates_and_loads_back_with_iris_in_a_key(
    network: nx.Graph, samples_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "network.graphml"
    export_network(samples_store, "graphml", path)
    assert_valid(schema("graphml/graphml.xsd"), etree.parse(str(path)))
    loaded = nx.read_graphml(path)
    assert all(n.startswith("n") for n in loaded)  # NMTOKEN ids; the IRI is data
    assert {d["iri"] for _, d in loaded.nodes(data=True)} == set(network)
    assert ties(loaded, "iri") == ties(network)
    one = next(iter(loaded.edges(data=True)))[2]
    assert isinstance(one["weight"], int) and one["events"].startswith(A + "event/")


def test_fractional_projection_and_signed_network_validate_too(
    samples_store: Store, tmp_path: Path
) -> None:
    fractional = projections.project(
        projections.bipartite_network(samples_store, "mission"), "fractional"
    )
    signed = projections.signed_network(samples_store, "country")
    for name, graph in (("fractional", fractional), ("signed", signed)):
        out = io.BytesIO()
        write_network(graph, "graphml", out)
        assert_valid(schema("graphml/graphml.xsd"), etree.fromstring(out.getvalue()).getroottree())
        loaded = nx.read_graphml(io.BytesIO(out.getvalue()))
        assert ties(loaded, "iri") == pytest.approx(ties(graph)), name
    out = io.BytesIO()
    write_network(signed, "gexf", out)
    loaded = nx.read_gexf(io.BytesIO(out.getvalue()), version="1.3")
    assert {frozenset(e): s for *e, s in loaded.edges(data="sign")} == {
        frozenset(e): s for *e, s in signed.edges(data="sign")
    }


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_the_seeds_signed_country_export_has_a_negative_us_china_edge(
    fmt: str, seed_store: Store
) -> None:
    """The seed article's acceptance: the export validates, loads in networkx, US-China < 0."""
    signed = projections.signed_network(seed_store, "country")
    out = io.BytesIO()
    write_network(signed, fmt, out)
    if fmt == "graphml":
        assert_valid(schema("graphml/graphml.xsd"), etree.fromstring(out.getvalue()).getroottree())
        loaded = nx.read_graphml(io.BytesIO(out.getvalue()))
        by_iri = {loaded.nodes[n]["iri"]: n for n in loaded}
        edge = loaded.edges[by_iri[A + "country/CN"], by_iri[A + "country/US"]]
    else:
        loaded = nx.read_gexf(io.BytesIO(out.getvalue()), version="1.3")
        edge = loaded.edges[A + "country/CN", A + "country/US"]
    assert edge["sign"] == -1 and edge["goldstein_sum"] < 0


@pytest.mark.parametrize("fmt", ["cytoscape", "graphology", "d3"])
def test_json_formats_carry_every_ties_events_with_sentences_and_articles(
    fmt: str, network: nx.Graph, samples_store: Store
) -> None:
    out = io.BytesIO()
    export_network(samples_store, fmt, out)
    document = json.loads(out.getvalue())
    if fmt == "cytoscape":
        nodes = [n["data"] for n in document["elements"]["nodes"]]
        edges = [e["data"] for e in document["elements"]["edges"]]
        key = "id"
    elif fmt == "graphology":
        assert document["options"]["type"] == "undirected"
        nodes = [{"id": n["key"], **n["attributes"]} for n in document["nodes"]]
        edges = [
            {"source": e["source"], "target": e["target"], **e["attributes"]}
            for e in document["edges"]
        ]
        key = "id"
    else:
        nodes, edges, key = document["nodes"], document["links"], "id"
    assert {n[key] for n in nodes} == set(network)
    assert len(edges) == network.number_of_edges()
    urls = set()
    for edge in edges:
        expected = network.edges[edge["source"], edge["target"]]["events"]
        assert [e["iri"] for e in edge["events"]] == expected
        for event in edge["events"]:
            assert event["type"] and event["evidence"], event["iri"]
            assert all(
                ev["sentence"] and ev["article"].startswith(A + "article/")
                for ev in event["evidence"]
            )
            urls.update(ev["url"] for ev in event["evidence"] if "url" in ev)
    assert "https://samples.spacekg.example/2025/04/change-5-samples-loan" in urls


def test_csv_zip_holds_node_and_edge_lists(network: nx.Graph, samples_store: Store) -> None:
    out = io.BytesIO()
    export_network(samples_store, "csv", out)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
    nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
    edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    assert {n["id"] for n in nodes} == set(network)
    assert {frozenset((e["source"], e["target"])): float(e["weight"]) for e in edges} == ties(
        network
    )
    assert all(
        e["events"].split() == network.edges[e["source"], e["target"]]["events"] for e in edges
    )


@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_rdf_exports_hold_the_events_evidence_and_articles(fmt: str, seed_store: Store) -> None:
    graph = projections.actor_network(seed_store, "organisation")
    out = io.BytesIO()
    write_network(graph, fmt, out, store=seed_store)
    parsed = ox.Store()
    parsed.load(out.getvalue(), format=EXPORT_FORMATS[fmt].rdf)
    events = {e for *_, ev in graph.edges(data="events") for e in ev}
    found = {
        r["e"].value
        for r in parsed.query("SELECT ?e WHERE { ?e a <https://w3id.org/spacekg/ontology#Event> }")
    }
    assert found == events
    sentences = parsed.query(
        "PREFIX skg: <https://w3id.org/spacekg/ontology#> "
        "SELECT ?s WHERE { ?e skg:evidence ?ev . ?ev skg:sentence ?s ; skg:article ?a . ?a ?p ?o }"
    )
    assert any("Brown University" in r["s"].value for r in sentences)
    assert not parsed.query("ASK { ?a <https://w3id.org/spacekg/ontology#articleText> ?t }")
    with pytest.raises(InputError, match="a store is needed"):
        write_network(graph, fmt, io.BytesIO())


def test_one_registry_names_each_format_once() -> None:
    assert list(EXPORT_FORMATS) == [
        "graphml",
        "gexf",
        "cytoscape",
        "graphology",
        "d3",
        "csv",
        "turtle",
        "jsonld",
    ]
    assert (
        EXPORT_FORMATS["turtle"].media_type == "text/turtle"
        and EXPORT_FORMATS["gexf"].extension == "gexf"
    )
    with pytest.raises(InputError, match="unknown export format 'pajek'"):
        export.export_format("pajek")


def test_unwritable_output_is_an_input_error(samples_store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"):
        export_network(samples_store, "graphml", tmp_path / "missing" / "network.graphml")


def test_gexf_colours_nodes_by_type_on_request(network: nx.Graph) -> None:
    out = io.BytesIO()
    write_network(network, "gexf", out, colour_by="type")
    root = etree.fromstring(out.getvalue())
    cnsa = next(
        n for n in root.iter("{http://gexf.net/1.3}node") if n.get("id") == A + "agency/cnsa"
    )
    colour = cnsa.find(f"{VIZ}color")
    assert tuple(int(colour.get(c)) for c in "rgb") == export.TYPE_COLOURS["agency"]
    with pytest.raises(InputError, match="colour by 'size'"):
        write_network(network, "gexf", io.BytesIO(), colour_by="size")
