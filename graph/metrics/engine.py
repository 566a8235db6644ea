"""The engine behind the metrics: networkx graphs handed to python-igraph, and seeded randomness.

networkx is the model analysts hold; igraph computes. A graph is converted once per call
(integer vertex ids in the graph's node order, one list of weights), which costs about what
building an igraph graph from an edge list costs anyone.
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


def to_igraph(graph: nx.Graph, weight: str | None = "weight") -> EngineGraph:
    """The graph in igraph, vertex ``i`` being ``list(graph)[i]``; weights default to 1."""
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
