"""The network read model: what ``GET /network``, ``/metrics``, ``/export`` and ``/network/edge``
answer, each one call over the analytics library (projections, metrics, export, provenance).

A server runs these in its query workers (``spacekg.graph.read.CALLS``), within the engine's
timeout, so they return picklable records, text or bytes. A drawing is kept small enough for a
browser: the strongest ``limit`` nodes and ``MAX_EDGES`` ties, with a note saying what was left
out; the size of the whole network is always reported.

>>> sorted(NODE_METRICS)
['betweenness', 'community', 'core', 'degree', 'eigenvector', 'pagerank']
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import networkx as nx

from spacekg.errors import InputError, NotFound
from spacekg.ontology.iris import article_id, local_path

from . import export, metrics, projections, queries, records
from .network_filter import NetworkFilter, check_level
from .provenance import event_details
from .store import Store

#: The node metrics a drawing carries, for sizing and colouring nodes.
NODE_METRICS: tuple[str, ...] = (
    "degree",
    "betweenness",
    "eigenvector",
    "pagerank",
    "core",
    "community",
)
#: Nodes drawn by default, and at most: the strongest (most events shared) are kept.
DEFAULT_NODES = 300
MAX_NODES = 2000
#: Ties drawn at most, the strongest first: beyond that a browser's drawing gets slow.
MAX_EDGES = 5000
#: Event IRIs an edge of a drawing lists (``weight`` says how many there are).
EDGE_EVENTS_SHOWN = 20
#: Events ``tie`` lists with their sentences, newest first.
TIE_EVENTS_SHOWN = 100
#: What ``metric_table`` writes, with the media types.
TABLE_FORMATS: dict[str, str] = {"json": "application/json", "csv": "text/csv"}


def filters_json(flt: NetworkFilter) -> dict[str, Any]:
    """A filter's settings as JSON values (tuples as lists)."""
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in vars(flt).items()
        if not key.startswith("_")
    }


def _strongest(graph: nx.Graph, limit: int, keep: str | None) -> list[str]:
    """The ``limit`` nodes with the most events shared (ties broken by IRI), ``keep`` among them."""
    ranked = sorted(graph.degree(weight="weight"), key=lambda item: (-item[1], str(item[0])))
    chosen = [node for node, _ in ranked[:limit]]
    if keep is not None and keep not in chosen:
        chosen = [keep, *chosen[: limit - 1]]
    return chosen


def _node(
    iri: str, data: dict[str, Any], values: dict[str, Any], focus: str | None
) -> records.NetworkNode:
    return records.NetworkNode(
        key=iri,
        attributes=records.NodeAttributes(
            label=data.get("label", iri),
            type=data.get("type", "other"),
            iri=iri,
            path=local_path(iri),
            country=data.get("country"),
            country_code=data.get("country_code"),
            wikidata=data.get("wikidata"),
            acronym=data.get("acronym"),
            degree=values.get("degree") or 0,
            strength=values.get("strength") or 0,
            betweenness=values.get("betweenness"),
            eigenvector=values.get("eigenvector"),
            pagerank=values.get("pagerank"),
            core=values.get("core"),
            community=values.get("community"),
            focus=iri == focus,
        ),
    )


def _edge(index: int, source: str, target: str, data: dict[str, Any]) -> records.NetworkEdge:
    return records.NetworkEdge(
        key=f"e{index}",
        source=source,
        target=target,
        attributes=records.EdgeAttributes(
            weight=data["weight"],
            goldstein_sum=data["goldstein_sum"],
            goldstein_mean=data["goldstein_mean"],
            first=data.get("first"),
            last=data.get("last"),
            types=list(data.get("types", ())),
            forward=data.get("forward", 0),
            backward=data.get("backward", 0),
            events=list(data.get("events", ()))[:EDGE_EVENTS_SHOWN],
        ),
    )


def network(
    store: Store,
    level: str = "all",
    filters: NetworkFilter | None = None,
    *,
    focus: str | None = None,
    limit: int = DEFAULT_NODES,
) -> records.NetworkView:
    """The actor network for drawing: nodes with their metrics, ties with their events.

    Metrics are computed on the whole network, so a node's size says where it stands in it
    even when only its ego network (``focus``: the entity and its partners) or the ``limit``
    strongest nodes are drawn. NotFound when ``focus`` has no tie in the network.
    """
    flt = filters or NetworkFilter()
    check_level(level)
    if not 1 <= limit <= MAX_NODES:
        raise InputError(f"limit {limit} is not between 1 and {MAX_NODES}")
    graph = projections.actor_network(store, level, flt)
    size = metrics.summarize(graph, top=1)
    table = metrics.compute(graph, NODE_METRICS)
    values = {row["iri"]: row for row in table.rows}
    view = graph
    if focus is not None:
        if focus not in graph:
            raise NotFound(
                f"<{focus}> shares no event with another actor in the {level}-level network "
                "with these filters: try another level, a wider date range, or no filter"
            )
        view = metrics.ego_network(graph, focus)
    notes = []
    kept = list(view)
    if len(kept) > limit:
        kept = _strongest(view, limit, focus)
        notes.append(f"the {limit:,} nodes with the most events shared, of {len(view):,}")
    drawn = view.subgraph(kept)
    ties = sorted(drawn.edges(data=True), key=lambda e: (-e[2]["weight"], str(e[0]), str(e[1])))
    if len(ties) > MAX_EDGES:
        notes.append(f"the {MAX_EDGES:,} strongest ties, of {len(ties):,}")
        ties = ties[:MAX_EDGES]
    note = None
    if notes:
        note = (
            "Showing " + " and ".join(notes) + "; narrow the filters, or download the whole "
            "network from /export."
        )
    nodes = [_node(n, dict(drawn.nodes[n]), values.get(n, {}), focus) for n in kept]
    edges = [_edge(i, u, v, d) for i, (u, v, d) in enumerate(ties)]
    return records.NetworkView(
        level=level,
        filters=filters_json(flt),
        focus=focus,
        summary=records.NetworkSize(
            nodes=size.nodes,
            edges=size.edges,
            events=size.events,
            components=size.components,
            largest_component=size.largest_component,
            density=size.density,
            average_degree=size.average_degree,
        ),
        shown_nodes=len(nodes),
        shown_edges=len(edges),
        truncated=bool(notes),
        note=note,
        graph=records.NetworkGraph(
            attributes={"level": level, "focus": focus}, nodes=nodes, edges=edges
        ),
    )


def metric_table(
    store: Store,
    names: Sequence[str] = metrics.DEFAULT_METRICS,
    level: str = "all",
    filters: NetworkFilter | None = None,
    *,
    fmt: str = "json",
    by_year: bool = False,
    top: int | None = None,
) -> records.Download:
    """Metric tables keyed by entity IRI with labels, as JSON or CSV.

    Rows are ranked by the first metric's first column (by year and then IRI with ``by_year``);
    ``top`` keeps the first rows.
    """
    if fmt not in TABLE_FORMATS:
        raise InputError(f"format {fmt!r} is not one of: {', '.join(TABLE_FORMATS)}")
    if top is not None and top < 1:
        raise InputError(f"top {top} is not a positive number of rows")
    table = metrics.analyse(
        store, names or metrics.DEFAULT_METRICS, level, filters, by_year=by_year
    )
    if not by_year:
        ranking = next(c for c in table.columns if c not in ("iri", "label", "year"))
        table = table.sorted_by(ranking, limit=top)
    text = table.to_json() if fmt == "json" else table.to_csv()
    return records.Download(
        media_type=TABLE_FORMATS[fmt],
        filename=f"spacekg-metrics-{level}.{fmt}",
        content=text.encode("utf-8"),
    )


def export_file(
    store: Store,
    fmt: str,
    level: str = "all",
    filters: NetworkFilter | None = None,
    *,
    signed: bool = False,
    colour_by: str = "community",
) -> records.Download:
    """The network written in an export format (``export.EXPORT_FORMATS``), named for download."""
    chosen = export.export_format(fmt)
    out = io.BytesIO()
    export.export_network(store, fmt, out, level, filters, signed=signed, colour_by=colour_by)
    kind = "signed-network" if signed else "network"
    return records.Download(
        media_type=chosen.media_type,
        filename=f"spacekg-{kind}-{level}.{chosen.extension}",
        content=out.getvalue(),
    )


def tie(
    store: Store, source: str, target: str, level: str = "all", filters: NetworkFilter | None = None
) -> records.Tie | None:
    """The events behind the tie between two nodes, with their sentences and articles.

    None when the two are not tied in the network of that level with those filters.
    """
    graph = projections.actor_network(store, level, filters or NetworkFilter())
    if not graph.has_edge(source, target):
        return None
    data = graph.edges[source, target]
    details = event_details(store, data["events"])
    # newest first, undated last (an empty date sorts last in reverse); ties in IRI order
    events = sorted(
        sorted(
            (
                records.TieEvent(
                    iri=d.iri,
                    path=local_path(d.iri),
                    type=d.type,
                    label=d.label,
                    date=d.date,
                    confidence=d.confidence,
                    status=d.status,
                    evidence=[
                        records.TieEvidence(
                            sentence=ev.sentence,
                            article=records.ArticleRef(
                                id=article_id(ev.article),
                                iri=ev.article,
                                title=ev.title,
                                url=ev.url,
                                published=ev.published,
                                path=local_path(ev.article),
                            ),
                        )
                        for ev in d.evidence
                    ],
                )
                for d in details.values()
            ),
            key=lambda e: e.iri,
        ),
        key=lambda e: e.date or "",
        reverse=True,
    )

    def end(iri: str) -> records.Ref:
        return records.Ref(iri=iri, label=graph.nodes[iri].get("label"), path=local_path(iri))

    return records.Tie(
        level=level,
        source=end(source),
        target=end(target),
        weight=data["weight"],
        goldstein_sum=data["goldstein_sum"],
        goldstein_mean=data["goldstein_mean"],
        first=data.get("first"),
        last=data.get("last"),
        types=list(data.get("types", ())),
        events_count=len(data["events"]),
        events=events[:TIE_EVENTS_SHOWN],
    )


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def choices(store: Store) -> records.NetworkChoices:
    """What the network page offers: the years with dated events (its time slider runs over
    them), the metrics a node's size can show, the export's colours and formats."""
    return records.NetworkChoices(
        years=[int(row["year"].value) for row in store.select(queries.load("network/years"))],
        size_by=["strength", *(m for m in NODE_METRICS if m != "community")],
        community_colours=[_hex(c) for c in export.COMMUNITY_COLOURS],
        type_colours={name: _hex(c) for name, c in export.TYPE_COLOURS.items()},
        export_formats=[
            records.ExportChoice(
                name=f.name,
                extension=f.extension,
                media_type=f.media_type,
                description=f.description,
            )
            for f in export.EXPORT_FORMATS.values()
        ],
    )
