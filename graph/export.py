"""Networks out to the tools analysts use: Gephi, Cytoscape, sigma.js/graphology, D3, CSV, RDF.

Formats are one registry (``EXPORT_FORMATS``: name, extension, media type) that the CLI and the
HTTP layer share. Every edge in every format carries the events behind it: their IRIs in the
XML and CSV formats, and in the JSON formats each event with its type, date, sentences and
article URLs. The RDF formats are the store's own triples about those events.

The XML writers are our own, because networkx's fail the official schemas: GraphML ids must be
NMTOKENs (IRIs are not, so nodes are ``n0, n1...`` with the IRI in an ``iri`` key), and GEXF 1.3
needs its own namespace and schema location, a time format for spells, and no list or None
values. Files validate against ``../shared/xsd`` (GEXF after removing the ``viz:`` elements,
which the official XSD declares in the wrong namespace) and read back with
``networkx.read_graphml`` / ``read_gexf``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyoxigraph as ox
from lxml import etree

from spacekg.errors import InputError
from spacekg.ontology.vocab import PREFIXES

from . import formats, projections
from .metrics.community import communities
from .network_filter import NetworkFilter
from .provenance import EventDetail, event_details, subgraph
from .store import Store

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"
GEXF_SCHEMA = "http://gexf.net/1.3/gexf.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

#: Colours of communities in GEXF (Okabe-Ito, colour-blind safe, then a few more), cycled.
COMMUNITY_COLOURS: tuple[tuple[int, int, int], ...] = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
    (120, 94, 240),
    (100, 143, 255),
    (254, 97, 0),
    (220, 38, 127),
    (128, 128, 128),
)
#: Colours of entity types in GEXF when colouring by type.
TYPE_COLOURS: dict[str, tuple[int, int, int]] = {
    "country": (0, 114, 178),
    "agency": (213, 94, 0),
    "government": (230, 159, 0),
    "igo": (0, 158, 115),
    "institution": (86, 180, 233),
    "company": (204, 121, 167),
    "organisation": (240, 228, 66),
    "person": (120, 94, 240),
    "mission": (100, 100, 100),
    "agreement": (160, 160, 160),
}
#: What GEXF node colours can show.
COLOUR_BY = ("community", "type")
#: viz:size range of nodes, by strength (area grows with strength).
NODE_SIZE = (5.0, 50.0)

Provenance = Mapping[str, EventDetail]
Writer = Callable[..., None]  # (graph, binary stream, provenance, **options)


@dataclass(frozen=True)
class ExportFormat:
    """A format networks are written in."""

    name: str
    extension: str
    media_type: str
    description: str
    write: Writer | None  # None for the RDF formats, written from the store
    evidence: bool = False  # whether edges carry evidence sentences (fetched from the store)
    rdf: ox.RdfFormat | None = None
    options: tuple[str, ...] = ()  # keyword options its writer takes (``colour_by``)


@dataclass(frozen=True)
class ExportResult:
    """What was written."""

    format: str
    nodes: int
    edges: int
    events: int
    path: Path | None


# --- values -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """An attribute value as text for XML and CSV: lists space-separated, periods as start/end."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return " ".join("/".join(v) if isinstance(v, tuple) else str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _kind(values: Iterable[Any]) -> str:
    """The narrowest of boolean, long, double, string holding every value."""
    kinds = set()
    for v in values:
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("long")
        elif isinstance(v, float):
            kinds.add("double")
        else:
            kinds.add("string")
    if len(kinds) == 1:
        return kinds.pop()
    return "double" if kinds == {"long", "double"} else "string"


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _columns(items: Iterable[Mapping[str, Any]], skip: Iterable[str] = ()) -> dict[str, str]:
    """Attribute name -> kind over all items, in first-seen order, leaving out ``skip``."""
    seen: dict[str, list[Any]] = {}
    for data in items:
        for key, value in data.items():
            if key not in skip and _present(value):
                seen.setdefault(key, []).append(value)
    return {key: _kind(values) for key, values in seen.items()}


# --- GraphML ----------------------------------------------------------------------------------


def write_graphml(graph: nx.Graph, out: IO[bytes], provenance: Provenance | None = None) -> None:
    """GraphML 1.1, valid against the official schema: nodes ``n0, n1...`` with their IRI in ``iri``."""
    node_keys = _columns((d for _, d in graph.nodes(data=True)))
    node_keys = {"iri": "string", **{k: v for k, v in node_keys.items() if k != "iri"}}
    edge_keys = _columns((d for *_, d in graph.edges(data=True)))
    root = etree.Element(
        f"{{{GRAPHML_NS}}}graphml",
        nsmap={None: GRAPHML_NS, "xsi": XSI_NS},
        attrib={f"{{{XSI_NS}}}schemaLocation": f"{GRAPHML_NS} {GRAPHML_SCHEMA}"},
    )
    ids: dict[str, str] = {}
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, kind in keys.items():
            key_id = f"{domain[0]}_{len(ids)}"
            ids[f"{domain}:{name}"] = key_id
            etree.SubElement(
                root,
                f"{{{GRAPHML_NS}}}key",
                id=key_id,
                attrib={"for": domain, "attr.name": name, "attr.type": kind},
            )
    g = etree.SubElement(
        root,
        f"{{{GRAPHML_NS}}}graph",
        id="G",
        edgedefault="directed" if graph.is_directed() else "undirected",
    )
    node_ids = {node: f"n{i}" for i, node in enumerate(graph)}
    for node, data in graph.nodes(data=True):
        element = etree.SubElement(g, f"{{{GRAPHML_NS}}}node", id=node_ids[node])
        values = {"iri": str(node), **data}
        for name in node_keys:
            if _present(values.get(name)):
                etree.SubElement(
                    element, f"{{{GRAPHML_NS}}}data", key=ids[f"node:{name}"]
                ).text = _text(values[name])
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        element = etree.SubElement(
            g, f"{{{GRAPHML_NS}}}edge", id=f"e{i}", source=node_ids[u], target=node_ids[v]
        )
        for name in edge_keys:
            if _present(data.get(name)):
                etree.SubElement(
                    element, f"{{{GRAPHML_NS}}}data", key=ids[f"edge:{name}"]
                ).text = _text(data[name])
    out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# --- GEXF -------------------------------------------------------------------------------------

_GEXF_TYPES = {"boolean": "boolean", "long": "long", "double": "double", "string": "string"}
_GEXF_EDGE_SKIP = ("weight", "periods")


def _colour(data: Mapping[str, Any], colour_by: str) -> tuple[int, int, int]:
    if colour_by == "community" and isinstance(data.get("community"), int):
        return COMMUNITY_COLOURS[data["community"] % len(COMMUNITY_COLOURS)]
    return TYPE_COLOURS.get(str(data.get("type")), (128, 128, 128))


def _spells(parent: etree._Element, periods: Iterable[tuple[str, str]]) -> None:
    periods = list(periods)
    if periods:
        spells = etree.SubElement(parent, f"{{{GEXF_NS}}}spells")
        for start, end in periods:
            etree.SubElement(spells, f"{{{GEXF_NS}}}spell", start=start, end=end)


def write_gexf(
    graph: nx.Graph,
    out: IO[bytes],
    provenance: Provenance | None = None,
    *,
    colour_by: str = "community",
) -> None:
    """GEXF 1.3 for Gephi: time spells for the timeline, node size by strength, colour by community.

    Edges are active over the days their events cover (``periods``), nodes over the union of
    their edges' spells; ``timeformat="date"``. Node ``viz:size`` grows with the square root of
    strength within ``NODE_SIZE``; ``viz:color`` by ``community`` (when computed) or ``type``.
    """
    node_attrs = _columns((d for _, d in graph.nodes(data=True)), skip=("label",))
    edge_attrs = _columns((d for *_, d in graph.edges(data=True)), skip=_GEXF_EDGE_SKIP)
    nsmap = {None: GEXF_NS, "viz": GEXF_VIZ_NS, "xsi": XSI_NS}
    root = etree.Element(
        f"{{{GEXF_NS}}}gexf",
        nsmap=nsmap,
        attrib={f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} {GEXF_SCHEMA}", "version": "1.3"},
    )
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta", lastmodifieddate=date.today().isoformat())
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "SpaceKG"
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = _describe(graph)
    g = etree.SubElement(
        root,
        f"{{{GEXF_NS}}}graph",
        defaultedgetype="directed" if graph.is_directed() else "undirected",
        mode="dynamic",
        timeformat="date",
        timerepresentation="interval",
    )
    for domain, attrs in (("node", node_attrs), ("edge", edge_attrs)):
        block = etree.SubElement(
            g, f"{{{GEXF_NS}}}attributes", attrib={"class": domain, "mode": "static"}
        )
        for name, kind in attrs.items():
            etree.SubElement(
                block, f"{{{GEXF_NS}}}attribute", id=name, title=name, type=_GEXF_TYPES[kind]
            )
    strengths = {n: s for n, s in graph.degree(weight="weight")}
    top = max(strengths.values(), default=0) or 1
    node_periods: dict[Any, list[tuple[str, str]]] = {n: [] for n in graph}
    for u, v, periods in graph.edges(data="periods", default=()):
        node_periods[u].extend(periods)
        node_periods[v].extend(periods)
    nodes = etree.SubElement(g, f"{{{GEXF_NS}}}nodes", count=str(graph.number_of_nodes()))
    for node, data in graph.nodes(data=True):
        element = etree.SubElement(
            nodes, f"{{{GEXF_NS}}}node", id=str(node), label=str(data.get("label", node))
        )
        _attvalues(element, data, node_attrs)
        _spells(element, projections.merge_periods(node_periods[node]))
        low, high = NODE_SIZE
        size = low + (high - low) * math.sqrt(max(strengths[node], 0) / top)
        etree.SubElement(element, f"{{{GEXF_VIZ_NS}}}size", value=f"{size:.2f}")
        r, gr, b = _colour(data, colour_by)
        etree.SubElement(element, f"{{{GEXF_VIZ_NS}}}color", r=str(r), g=str(gr), b=str(b))
    edges = etree.SubElement(g, f"{{{GEXF_NS}}}edges", count=str(graph.number_of_edges()))
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        element = etree.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            id=f"e{i}",
            source=str(u),
            target=str(v),
            weight=repr(float(data.get("weight", 1))),
        )
        _attvalues(element, data, edge_attrs)
        _spells(element, data.get("periods", ()))
    out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _attvalues(element: etree._Element, data: Mapping[str, Any], attrs: Mapping[str, str]) -> None:
    values = [(name, data.get(name)) for name in attrs if _present(data.get(name))]
    if values:
        block = etree.SubElement(element, f"{{{GEXF_NS}}}attvalues")
        for name, value in values:
            etree.SubElement(
                block, f"{{{GEXF_NS}}}attvalue", attrib={"for": name, "value": _text(value)}
            )


def _describe(graph: nx.Graph) -> str:
    level = graph.graph.get("level", "all")
    flt = graph.graph.get("filters")
    return f"SpaceKG actor network, level {level}" + (
        f"; {flt}" if flt and flt != NetworkFilter() else ""
    )


# --- JSON formats -----------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_value(v) for v in value]
    if isinstance(value, NetworkFilter):
        return {k: _json_value(v) for k, v in vars(value).items() if not k.startswith("_")}
    return value


def _edge_json(data: Mapping[str, Any], provenance: Provenance | None) -> dict[str, Any]:
    """Edge attributes for JSON, ``events`` expanded to their details and evidence when known."""
    values = {k: _json_value(v) for k, v in data.items() if _present(v)}
    if provenance is not None and "events" in data:
        values["events"] = [
            provenance[e].as_json() if e in provenance else {"iri": e} for e in data["events"]
        ]
    return values


def _graph_json(graph: nx.Graph) -> dict[str, Any]:
    return {k: _json_value(v) for k, v in graph.graph.items()}


def write_cytoscape(graph: nx.Graph, out: IO[bytes], provenance: Provenance | None = None) -> None:
    """Cytoscape.js JSON (``elements`` of nodes and edges, each under ``data``), for Cytoscape too."""
    document = {
        "format_version": "1.0",
        "generated_by": "SpaceKG",
        "target_cytoscapejs_version": "~3",
        "data": _graph_json(graph),
        "elements": {
            "nodes": [
                {"data": {"id": str(n), **{k: _json_value(v) for k, v in d.items() if _present(v)}}}
                for n, d in graph.nodes(data=True)
            ],
            "edges": [
                {
                    "data": {
                        "id": f"e{i}",
                        "source": str(u),
                        "target": str(v),
                        **_edge_json(d, provenance),
                    }
                }
                for i, (u, v, d) in enumerate(graph.edges(data=True))
            ],
        },
    }
    out.write(json.dumps(document, ensure_ascii=False).encode("utf-8"))


def write_graphology(graph: nx.Graph, out: IO[bytes], provenance: Provenance | None = None) -> None:
    """graphology's serialised graph (sigma.js), ``graph.import()`` reads it as is."""
    undirected = not graph.is_directed()
    document = {
        "attributes": _graph_json(graph),
        "options": {
            "type": "undirected" if undirected else "directed",
            "multi": graph.is_multigraph(),
            "allowSelfLoops": False,
        },
        "nodes": [
            {"key": str(n), "attributes": {k: _json_value(v) for k, v in d.items() if _present(v)}}
            for n, d in graph.nodes(data=True)
        ],
        "edges": [
            {
                "key": f"e{i}",
                "source": str(u),
                "target": str(v),
                "undirected": undirected,
                "attributes": _edge_json(d, provenance),
            }
            for i, (u, v, d) in enumerate(graph.edges(data=True))
        ],
    }
    out.write(json.dumps(document, ensure_ascii=False).encode("utf-8"))


def write_d3(graph: nx.Graph, out: IO[bytes], provenance: Provenance | None = None) -> None:
    """D3's node-link JSON (``nodes`` with ``id``, ``links`` with ``source`` and ``target``)."""
    document = {
        "directed": graph.is_directed(),
        "graph": _graph_json(graph),
        "nodes": [
            {"id": str(n), **{k: _json_value(v) for k, v in d.items() if _present(v)}}
            for n, d in graph.nodes(data=True)
        ],
        "links": [
            {"source": str(u), "target": str(v), **_edge_json(d, provenance)}
            for u, v, d in graph.edges(data=True)
        ],
    }
    out.write(json.dumps(document, ensure_ascii=False).encode("utf-8"))


# --- CSV --------------------------------------------------------------------------------------


def _csv(header: list[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _text(v) for k, v in row.items() if _present(v)})
    return text.getvalue().encode("utf-8")


def write_csv(graph: nx.Graph, out: IO[bytes], provenance: Provenance | None = None) -> None:
    """A zip of ``nodes.csv`` (``id`` = IRI, ``label``...) and ``edges.csv`` (``source``, ``target``,
    ``weight``..., ``events`` space-separated), as Gephi's and pandas' CSV import expect."""
    node_columns = list(_columns((d for _, d in graph.nodes(data=True)), skip=("iri", "label")))
    edge_columns = list(_columns((d for *_, d in graph.edges(data=True)), skip=("weight",)))
    nodes = _csv(
        ["id", "label", *node_columns], ({"id": n, **d} for n, d in graph.nodes(data=True))
    )
    labels = dict(graph.nodes(data="label"))
    edges = _csv(
        ["source", "target", "source_label", "target_label", "weight", *edge_columns],
        (
            {
                "source": u,
                "target": v,
                "source_label": labels.get(u),
                "target_label": labels.get(v),
                **d,
            }
            for u, v, d in graph.edges(data=True)
        ),
    )
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", nodes)
        archive.writestr("edges.csv", edges)


# --- the registry -----------------------------------------------------------------------------

#: Every export format, by the name users type.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "graphml",
            "graphml",
            "application/graphml+xml",
            "GraphML (yEd, Gephi, networkx, igraph)",
            write_graphml,
        ),
        ExportFormat(
            "gexf",
            "gexf",
            "application/gexf+xml",
            "GEXF 1.3 with time spells (Gephi)",
            write_gexf,
            options=("colour_by",),
        ),
        ExportFormat(
            "cytoscape",
            "cyjs",
            "application/json",
            "Cytoscape.js JSON with evidence",
            write_cytoscape,
            evidence=True,
        ),
        ExportFormat(
            "graphology",
            "json",
            "application/json",
            "graphology / sigma.js JSON with evidence",
            write_graphology,
            evidence=True,
        ),
        ExportFormat(
            "d3",
            "json",
            "application/json",
            "D3 node-link JSON with evidence",
            write_d3,
            evidence=True,
        ),
        ExportFormat(
            "csv", "zip", "application/zip", "nodes.csv and edges.csv in a zip", write_csv
        ),
        ExportFormat(
            "turtle",
            formats.TURTLE.extension,
            formats.TURTLE.media_type,
            "the events, evidence and articles behind the network, as Turtle",
            None,
            rdf=formats.TURTLE.rdf,
        ),
        ExportFormat(
            "jsonld",
            formats.JSONLD.extension,
            formats.JSONLD.media_type,
            "the events, evidence and articles behind the network, as JSON-LD",
            None,
            rdf=formats.JSONLD.rdf,
        ),
    )
}


def export_format(name: str) -> ExportFormat:
    """The format of that name, or an error listing the formats there are."""
    if name not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {name!r}: use one of {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[name]


def graph_events(graph: nx.Graph) -> set[str]:
    """Every event behind a graph's edges."""
    return {e for *_, events in graph.edges(data="events", default=()) for e in events}


def decorate(graph: nx.Graph, *, seed: int = 42) -> nx.Graph:
    """Add ``degree``, ``strength`` and Leiden ``community`` to the nodes (for size and colour)."""
    for node, value in graph.degree():
        graph.nodes[node]["degree"] = value
    for node, value in graph.degree(weight="weight"):
        graph.nodes[node]["strength"] = value
    if graph.number_of_edges():
        for node, value in communities(graph, seed=seed).to_dict("community").items():
            graph.nodes[node]["community"] = value
    return graph


def write_network(
    graph: nx.Graph,
    fmt: str,
    out: IO[bytes],
    *,
    store: Store | None = None,
    colour_by: str = "community",
) -> None:
    """Write a graph (from any projection) in a format; the store supplies evidence and RDF.

    ``colour_by`` (GEXF): ``community`` or ``type``.
    """
    chosen = export_format(fmt)
    if colour_by not in COLOUR_BY:
        raise InputError(f"colour by {colour_by!r} is not one of: {', '.join(COLOUR_BY)}")
    if chosen.rdf is not None:
        if store is None:
            raise InputError(f"{fmt} exports the store's RDF behind the network: a store is needed")
        ox.serialize(
            subgraph(store, graph_events(graph)), out, format=chosen.rdf, prefixes=PREFIXES
        )
        return
    provenance = (
        event_details(store, graph_events(graph)) if chosen.evidence and store is not None else None
    )
    assert chosen.write is not None
    options = {"colour_by": colour_by}
    chosen.write(
        graph, out, provenance or {}, **{k: v for k, v in options.items() if k in chosen.options}
    )


def export_network(
    store: Store,
    fmt: str,
    output: Path | IO[bytes],
    level: str = "all",
    filters: NetworkFilter | None = None,
    *,
    signed: bool = False,
    colour_by: str = "community",
) -> ExportResult:
    """Project the store's actor network and write it to a file or binary stream in a format.

    Nodes get ``degree``, ``strength`` and ``community``; with ``signed`` only edges with a
    sign are kept, each with ``sign`` (+1 cooperation, -1 conflict by summed Goldstein score).
    A file is written under a temporary name and renamed when complete.
    """
    chosen = export_format(fmt)
    graph = (
        projections.signed_network(store, level, filters)
        if signed
        else projections.actor_network(store, level, filters)
    )
    decorate(graph)
    if isinstance(output, Path):
        partial = output.with_name(output.name + ".part")
        try:
            with partial.open("wb") as handle:
                write_network(graph, chosen.name, handle, store=store, colour_by=colour_by)
            partial.replace(output)
        except OSError as err:
            raise InputError(f"cannot write {output}: {err.strerror or err}") from None
        finally:
            partial.unlink(missing_ok=True)
        path: Path | None = output
    else:
        write_network(graph, chosen.name, output, store=store, colour_by=colour_by)
        path = None
    return ExportResult(
        chosen.name,
        graph.number_of_nodes(),
        graph.number_of_edges(),
        len(graph_events(graph)),
        path,
    )
