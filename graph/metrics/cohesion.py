"""How tightly knit a network is: clustering, k-cores, components and a summary."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .engine import to_igraph
from .table import MetricTable, node_table


def clustering(graph: nx.Graph, weight: str | None = None) -> MetricTable:
    """Local clustering: the share of a node's pairs of partners that are partners themselves.

    Nodes with fewer than two partners score 0. With ``weight`` set, Barrat's weighted
    clustering (igraph's), which counts a closed triangle by the weight of the node's two ties
    in it (networkx's weighted clustering is Onnela's and differs).

    Examples
    --------
    A triangle a-b-c with a pendant d on c: c has three pairs of partners, one of them tied.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> {k: round(v, 4) for k, v in clustering(g).to_dict("clustering").items()}
    {'a': 1.0, 'b': 1.0, 'c': 0.3333, 'd': 0.0}
    """
    engine = to_igraph(graph, weight)
    g = engine.graph
    values = g.transitivity_local_undirected(
        mode="zero", weights=engine.weights if weight else None
    )
    return node_table(
        "clustering", graph, engine.nodes, {"clustering": values}, {"weighted": bool(weight)}
    )


def k_core(graph: nx.Graph) -> MetricTable:
    """Core number: the largest k such that the node is in a subgraph where all have degree >= k.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> k_core(g).to_dict("core")
    {'a': 2, 'b': 2, 'c': 2, 'd': 1}
    """
    engine = to_igraph(graph, None)
    return node_table("core", graph, engine.nodes, {"core": engine.graph.coreness()})


@dataclass(frozen=True)
class NetworkSummary:
    """The first figures an analyst looks at, and the actors with the most ties."""

    nodes: int
    edges: int
    events: int  # distinct events behind the edges
    components: int
    largest_component: int
    density: float
    average_degree: float
    top: MetricTable  # nodes by strength, most first


def summarize(graph: nx.Graph, top: int = 10, weight: str = "weight") -> NetworkSummary:
    """Size, connectedness and density of a network, and its ``top`` actors by strength.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=2, events=["e1", "e2"])
    >>> g.add_edge("c", "d", weight=1, events=["e3"])
    >>> s = summarize(g, top=1)
    >>> s.nodes, s.edges, s.events, s.components, s.largest_component, round(s.density, 4)
    (4, 2, 3, 2, 2, 0.3333)
    >>> s.top.column("iri")
    ['a']
    """
    engine = to_igraph(graph, weight)
    g = engine.graph
    parts = g.connected_components(mode="weak") if g.vcount() else []
    events = {e for _, _, ev in graph.edges(data="events", default=()) for e in ev}
    table = node_table(
        "strength",
        graph,
        engine.nodes,
        {
            "degree": g.degree(),
            "strength": [
                int(s) if s.is_integer() else s for s in g.strength(weights=engine.weights)
            ],
            "type": [graph.nodes[n].get("type") for n in engine.nodes],
        },
    )
    n = g.vcount()
    return NetworkSummary(
        nodes=n,
        edges=g.ecount(),
        events=len(events),
        components=len(parts),
        largest_component=max((len(p) for p in parts), default=0),
        density=g.density() if n > 1 else 0.0,
        average_degree=2 * g.ecount() / n if n else 0.0,
        top=table.sorted_by("strength", limit=top),
    )
