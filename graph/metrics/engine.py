"""The engine behind the metrics: networkx graphs handed to python-igraph, and seeded randomness.

networkx is the model analysts hold; igraph computes. A graph is converted once (integer vertex
ids in the graph's node order, one list of weights) and the conversion is kept in the graph's
``__networkx_cache__``, as networkx's own backends keep theirs, so several metrics on one graph
convert it once; projections put it there as they build the graph, straight from the edge list.
networkx empties that cache when nodes or edges are added or removed; like networkx's, it cannot
see a weight changed in place (``g.edges[u, v]["weight"] = 3``): clear ``g.__networkx_cache__``
after doing that, or set ``networkx.config.cache_converted_graphs = False``.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import networkx as nx

# igraph draws from one process-wide generator; calls that need a seed take this lock.
_RNG_LOCK = threading.Lock()


@dataclass(frozen=True)
class EngineGraph:
    """An igraph graph and the networkx node behind each vertex id."""

    graph: ig.Graph
    nodes: list[Hashable]
    weights: list[float]

    def distances(self) -> list[float]:
        """Edge lengths for path-based measures: 1/weight, so stronger ties are shorter."""
        return [1.0 / w if w > 0 else float("inf") for w in self.weights]


_CACHE_KEY = "spacekg-igraph"


def to_igraph(graph: nx.Graph, weight: str | None = "weight") -> EngineGraph:
    """The graph in igraph, vertex ``i`` being ``list(graph)[i]``; weights default to 1."""
    cache = getattr(graph, "__networkx_cache__", None)
    if cache is not None and nx.config.cache_converted_graphs:
        kept = cache.get(_CACHE_KEY, {})
        found = kept.get(weight)
        if found is not None:
            return found
        if weight is None and kept:  # the same graph, every tie weighing 1
            some = next(iter(kept.values()))
            engine = EngineGraph(some.graph, some.nodes, [1.0] * some.graph.ecount())
        else:
            engine = _convert(graph, weight)
        cache.setdefault(_CACHE_KEY, {})[weight] = engine
        return engine
    return _convert(graph, weight)


def keep_conversion(graph: nx.Graph, engine: EngineGraph, weight: str = "weight") -> None:
    """Remember an igraph conversion made elsewhere (from the edge list the graph was built from)."""
    cache = getattr(graph, "__networkx_cache__", None)
    if cache is not None and nx.config.cache_converted_graphs:
        cache.setdefault(_CACHE_KEY, {})[weight] = engine


def _convert(graph: nx.Graph, weight: str | None) -> EngineGraph:
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    edges = []
    weights = []
    for u, v, w in graph.edges(data=weight or "__no_weight__", default=1.0):
        edges.append((index[u], index[v]))
        weights.append(float(w) if weight else 1.0)
    engine = ig.Graph(n=len(nodes), edges=edges, directed=graph.is_directed())
    return EngineGraph(engine, nodes, weights)


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms (Louvain, sampling) from a fixed seed, then restore."""
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
