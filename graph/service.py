"""The SPARQL 1.1 service description of a SpaceKG endpoint."""

from __future__ import annotations

import pyoxigraph as ox

from . import formats
from .store import Store

SD = "http://www.w3.org/ns/sparql-service-description#"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def triples(store: Store, endpoint: str, *, updates: bool, federated: bool) -> list[ox.Triple]:
    """The service description as triples: languages, features, formats, the dataset's graphs."""
    service, dataset, default = (ox.BlankNode("service"), ox.BlankNode("dataset"),
                                 ox.BlankNode("default"))  # fmt: skip
    found = [
        ox.Triple(service, _TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, _TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, _TYPE, _sd("Graph")),
    ]
    if updates:
        found.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    if federated:
        found.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for fmt in (*formats.RESULTS, *formats.GRAPH_RESULTS):
        found.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(fmt.native.iri)))
    for i, graph in enumerate(store.graphs()):
        node = ox.BlankNode(f"g{i}")
        found += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, _TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(graph)),
        ]
    return found


def description(
    store: Store, endpoint: str, fmt: formats.Format, *, updates: bool, federated: bool
) -> bytes:
    """The service description serialized in ``fmt``."""
    found: list = triples(store, endpoint, updates=updates, federated=federated)
    if fmt.supports_datasets:
        found = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in found]
    prefixes = {"sd": SD, "formats": "http://www.w3.org/ns/formats/"}
    return ox.serialize(
        found, format=fmt.rdf, prefixes=prefixes if fmt.key in ("turtle", "trig") else None
    )
