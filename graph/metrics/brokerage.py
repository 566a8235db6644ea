"""Brokers and weak points: Burt's constraint, effective size, bridges and articulation points."""

from __future__ import annotations

import networkx as nx

from .engine import to_igraph
from .table import MetricTable, node_table


def brokerage(graph: nx.Graph, weight: str | None = "weight") -> MetricTable:
    """Structural holes around each node (Burt 1992) and whether removing it splits the network.

    Columns:

    * ``constraint``: Burt's constraint, sum over partners j of (p_ij + sum_q p_iq p_qj)^2 with
      p the share of a node's tie weight going to a partner. Low means the node's partners are
      not tied to each other: a broker. Undefined (empty) for isolated nodes.
    * ``effective_size``: the number of partners minus their redundancy, n - 2t/n with t the ties
      among the n partners (Borgatti 1997's form of Burt's measure, unweighted).
    * ``efficiency``: effective size / number of partners.
    * ``articulation_point``: removing the node disconnects part of the network.

    Examples
    --------
    A triangle a-b-c with a pendant d on c: c brokers between d and the triangle.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> t = brokerage(g)
    >>> round(t.to_dict("constraint")["c"], 4), round(t.to_dict("effective_size")["c"], 4)
    (0.6111, 2.3333)
    >>> t.to_dict("articulation_point")
    {'a': False, 'b': False, 'c': True, 'd': False}
    """
    engine = to_igraph(graph, weight)
    g = engine.graph
    constraint = g.constraint(weights=engine.weights if weight else None)
    degrees = g.degree()
    # triangles through a node = local clustering x k(k-1)/2
    local = g.transitivity_local_undirected(mode="zero")
    effective = []
    efficiency = []
    for k, c in zip(degrees, local):
        ties_among = c * k * (k - 1) / 2
        size = k - 2 * ties_among / k if k else float("nan")
        effective.append(size)
        efficiency.append(size / k if k else float("nan"))
    cut = set(g.articulation_points())
    return node_table(
        "brokerage",
        graph,
        engine.nodes,
        {
            "constraint": [c if k else float("nan") for c, k in zip(constraint, degrees)],
            "effective_size": effective,
            "efficiency": efficiency,
            "articulation_point": [i in cut for i in range(g.vcount())],
        },
    )


def bridges(graph: nx.Graph) -> MetricTable:
    """Ties whose removal disconnects the network, with their weight and events.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> [(r["source"], r["target"]) for r in bridges(g)]
    [('c', 'd')]
    """
    engine = to_igraph(graph, None)
    g = engine.graph
    rows = []
    for index in g.bridges():
        edge = g.es[index]
        u, v = engine.nodes[edge.source], engine.nodes[edge.target]
        data = graph.edges[u, v]
        rows.append(
            {
                "source": u,
                "source_label": graph.nodes[u].get("label", u),
                "target": v,
                "target_label": graph.nodes[v].get("label", v),
                "weight": data.get("weight", 1),
                "events": list(data.get("events", ())),
            }
        )
    rows.sort(key=lambda r: (str(r["source"]), str(r["target"])))
    columns = ("source", "source_label", "target", "target_label", "weight", "events")
    return MetricTable("bridges", columns, tuple(rows))
