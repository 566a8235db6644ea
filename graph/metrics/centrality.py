"""Who is central: degree and strength, betweenness, eigenvector centrality and PageRank."""

from __future__ import annotations

import random
import warnings

import networkx as nx

from .engine import to_igraph
from .table import MetricTable, node_table

#: Above this many nodes betweenness is estimated from a sample of sources (Brandes & Pich 2007).
EXACT_BETWEENNESS_UP_TO = 2000
BETWEENNESS_SAMPLES = 500


def degree(graph: nx.Graph, weight: str | None = "weight") -> MetricTable:
    """Degree (number of partners) and strength (sum of tie weights: events shared) of each node.

    Parameters
    ----------
    graph : networkx.Graph
    weight : str or None
        Edge attribute holding tie weights (the number of events); ``None`` gives strength =
        degree.

    Returns
    -------
    MetricTable
        Columns ``iri``, ``label``, ``degree``, ``strength``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=2)
    >>> g.add_edge("b", "c", weight=3)
    >>> t = degree(g)
    >>> t.to_dict("degree"), t.to_dict("strength")
    ({'a': 1, 'b': 2, 'c': 1}, {'a': 2, 'b': 5, 'c': 3})
    """
    engine = to_igraph(graph, weight)
    g = engine.graph
    strength = g.strength(weights=engine.weights)
    if all(w.is_integer() for w in engine.weights):  # event counts: keep them whole numbers
        strength = [int(s) for s in strength]
    return node_table("degree", graph, engine.nodes, {"degree": g.degree(), "strength": strength})


def betweenness(
    graph: nx.Graph,
    weight: str | None = "weight",
    *,
    normalized: bool = True,
    exact_up_to: int = EXACT_BETWEENNESS_UP_TO,
    samples: int = BETWEENNESS_SAMPLES,
    seed: int = 42,
) -> MetricTable:
    """Betweenness centrality: how often a node lies on shortest paths between others.

    Tie weights count events, so they are turned into distances ``1/weight``: a path through
    strong ties is shorter than one through weak ties. ``weight=None`` counts hops.

    Exact (Brandes) up to ``exact_up_to`` nodes; above that, estimated from shortest paths out
    of ``samples`` source nodes drawn with ``seed`` and scaled by n/samples (Brandes & Pich
    2007), which keeps large networks to seconds. ``notes["sampled"]`` says which was done.

    Parameters
    ----------
    graph : networkx.Graph
    weight : str or None
    normalized : bool
        Divide by the number of pairs of other nodes, (n-1)(n-2)/2, as networkx does, so that
        values lie in [0, 1] and compare across networks.
    exact_up_to, samples, seed : int

    Returns
    -------
    MetricTable
        Columns ``iri``, ``label``, ``betweenness``.

    Examples
    --------
    On a path a-b-c only b is between others. A direct a-c tie of weight 0.25 (distance 4) is
    longer than the way through b (distance 2), so b stays between a and c:

    >>> g = nx.path_graph(["a", "b", "c"])
    >>> betweenness(g, None).to_dict("betweenness")
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    >>> nx.set_edge_attributes(g, 1, "weight")
    >>> g.add_edge("a", "c", weight=0.25)
    >>> betweenness(g).to_dict("betweenness")["b"], betweenness(g, None).to_dict("betweenness")["b"]
    (1.0, 0.0)
    """
    engine = to_igraph(graph, weight)
    g = engine.graph
    n = g.vcount()
    lengths = engine.distances() if weight else None
    sampled = n > exact_up_to and samples < n
    if sampled:
        sources = sorted(random.Random(seed).sample(range(n), samples))
        values = [v * n / samples for v in g.betweenness(weights=lengths, sources=sources)]
    else:
        values = g.betweenness(weights=lengths)
    if normalized and n > 2:
        pairs = (n - 1) * (n - 2) / (1 if g.is_directed() else 2)
        values = [v / pairs for v in values]
    notes = {
        "sampled": sampled,
        "sources": samples if sampled else n,
        "seed": seed if sampled else None,
    }
    return node_table("betweenness", graph, engine.nodes, {"betweenness": values}, notes)


def eigenvector(graph: nx.Graph, weight: str | None = "weight") -> MetricTable:
    """Eigenvector centrality: central nodes are tied to other central nodes.

    Scaled so that the most central node has 1 (igraph's convention; networkx scales to unit
    length instead, so the values differ by a constant factor, the ranking does not). In a
    disconnected network the values concentrate on the largest component.

    Examples
    --------
    In a star with three leaves the leaves score 1/sqrt(3) of the centre:

    >>> t = eigenvector(nx.star_graph(3))
    >>> {k: round(v, 4) for k, v in t.to_dict("eigenvector").items()}
    {0: 1.0, 1: 0.5774, 2: 0.5774, 3: 0.5774}
    """
    engine = to_igraph(graph, weight)
    g = engine.graph
    with warnings.catch_warnings():
        # igraph warns on every disconnected network; the docstring says what that means
        warnings.filterwarnings("ignore", message="Some eigenvector centralities are nearly zero")
        values = (
            g.eigenvector_centrality(weights=engine.weights if weight else None, scale=True)
            if g.vcount()
            else []
        )
    return node_table("eigenvector", graph, engine.nodes, {"eigenvector": values})


def pagerank(
    graph: nx.Graph, weight: str | None = "weight", *, damping: float = 0.85
) -> MetricTable:
    """PageRank: the share of time a random walk along ties (weighted by events) spends at a node.

    Values sum to 1, as in networkx.

    Examples
    --------
    >>> t = pagerank(nx.cycle_graph(3))
    >>> [round(v, 4) for v in t.column("pagerank")]
    [0.3333, 0.3333, 0.3333]
    """
    engine = to_igraph(graph, weight)
    g = engine.graph
    values = (
        g.pagerank(weights=engine.weights if weight else None, damping=damping)
        if g.vcount()
        else []
    )
    return node_table("pagerank", graph, engine.nodes, {"pagerank": values}, {"damping": damping})
