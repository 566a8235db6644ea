"""Structural balance of a signed network: balanced triads and the frustration index."""

from __future__ import annotations

import random
from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from .engine import to_igraph

#: Components up to this many nodes get their exact frustration index (2^(n-1) splits tried).
EXACT_FRUSTRATION_UP_TO = 16


@dataclass(frozen=True)
class BalanceReport:
    """How far a signed network is from splitting into two camps, friendly inside, hostile across."""

    triads: int  # closed triangles
    balanced_triads: int  # an even number of negative ties
    balance_ratio: float  # balanced / triads (NaN without triangles)
    frustration: int  # ties that break the best split found (0: the network is balanced)
    exact: bool  # whether that split is proven best (small components) or a local-search bound
    groups: dict[Hashable, int] = field(repr=False)  # the split: node -> 0 or 1
    frustrated: list[tuple[Hashable, Hashable]] = field(repr=False)  # the ties breaking it


def structural_balance(
    graph: nx.Graph, sign: str = "sign", *, seed: int = 42, restarts: int = 20
) -> BalanceReport:
    """Balance of a signed network (Cartwright & Harary 1956) and its frustration index.

    ``balance_ratio`` is the share of triangles with an even number of negative ties ("the
    enemy of my enemy is my friend"). The frustration index is the least number of ties that
    break any split of the nodes into two camps (a positive tie across camps or a negative tie
    inside one); 0 means the network is balanced. Computing it is NP-hard: components of up to
    ``EXACT_FRUSTRATION_UP_TO`` nodes are solved exactly by trying every split; larger ones get
    an upper bound from a seeded local search (``restarts`` starts from random spanning trees,
    then single-node moves while they lower the count), and ``exact`` is False.

    Ties count once each, whatever their weight. Ties with a sign of 0 or none are ignored.

    Examples
    --------
    A triangle with one negative tie cannot be split without breaking a tie; with two
    negative ties it splits cleanly:

    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", sign=1); g.add_edge("b", "c", sign=1); g.add_edge("a", "c", sign=-1)
    >>> r = structural_balance(g)
    >>> r.triads, r.balanced_triads, r.frustration, r.exact
    (1, 0, 1, True)
    >>> g["b"]["c"]["sign"] = -1
    >>> r = structural_balance(g)
    >>> r.balance_ratio, r.frustration, r.groups["a"] == r.groups["b"] != r.groups["c"]
    (1.0, 0, True)
    """
    signed = nx.Graph()
    signed.add_nodes_from(graph)
    signed.add_edges_from(
        (u, v, {"s": 1 if s > 0 else -1}) for u, v, s in graph.edges(data=sign, default=0) if s
    )
    engine = to_igraph(signed, None)
    g = engine.graph
    signs = {}
    for edge, (_, _, s) in zip(g.es, signed.edges(data="s")):
        signs[frozenset((edge.source, edge.target))] = s
    triangles = g.list_triangles() if g.ecount() else []
    balanced = sum(
        1
        for a, b, c in triangles
        if signs[frozenset((a, b))] * signs[frozenset((b, c))] * signs[frozenset((a, c))] > 0
    )
    groups: dict[int, int] = {}
    exact = True
    rng = random.Random(seed)
    for component in (sorted(c) for c in g.connected_components()):
        sub = g.subgraph(component)
        edges = [
            (e.source, e.target, signs[frozenset((component[e.source], component[e.target]))])
            for e in sub.es
        ]
        if len(component) <= EXACT_FRUSTRATION_UP_TO:
            split = _exact_split(len(component), edges)
        else:
            split = _search_split(len(component), edges, rng, restarts)
            exact = False
        groups.update({component[i]: side for i, side in enumerate(split)})
    frustrated = [
        (engine.nodes[e.source], engine.nodes[e.target])
        for e in g.es
        if (signs[frozenset((e.source, e.target))] > 0) != (groups[e.source] == groups[e.target])
    ]
    return BalanceReport(
        triads=len(triangles),
        balanced_triads=balanced,
        balance_ratio=balanced / len(triangles) if triangles else float("nan"),
        frustration=len(frustrated),
        exact=exact,
        groups={engine.nodes[i]: side for i, side in groups.items()},
        frustrated=frustrated,
    )


def _cost(split: list[int] | np.ndarray, edges: list[tuple[int, int, int]]) -> int:
    return sum(1 for u, v, s in edges if (s > 0) != (split[u] == split[v]))


def _exact_split(n: int, edges: list[tuple[int, int, int]]) -> list[int]:
    """The best split by trying all 2^(n-1) of them (node 0 fixed in camp 0), vectorised."""
    if n == 1 or not edges:
        return [0] * n
    codes = np.arange(2 ** (n - 1), dtype=np.int64)
    sides = np.zeros((codes.size, n), dtype=np.int8)
    for i in range(1, n):
        sides[:, i] = (codes >> (i - 1)) & 1
    cost = np.zeros(codes.size, dtype=np.int32)
    for u, v, s in edges:
        same = sides[:, u] == sides[:, v]
        cost += (same if s < 0 else ~same).astype(np.int32)
    return [int(x) for x in sides[int(np.argmin(cost))]]


def _search_split(
    n: int, edges: list[tuple[int, int, int]], rng: random.Random, restarts: int
) -> list[int]:
    """A good split by local search: sign a random spanning tree, then move nodes while it helps."""
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for u, v, s in edges:
        neighbours[u].append((v, s))
        neighbours[v].append((u, s))
    best: list[int] = [0] * n
    best_cost = _cost(best, edges)
    for _ in range(restarts):
        split = [-1] * n
        start = rng.randrange(n)
        split[start] = 0
        frontier = [start]
        while frontier:  # a random-order traversal: each node takes the side its tie asks for
            node = frontier.pop(rng.randrange(len(frontier)))
            for other, s in neighbours[node]:
                if split[other] < 0:
                    split[other] = split[node] if s > 0 else 1 - split[node]
                    frontier.append(other)
        improved = True
        while improved:
            improved = False
            for node in range(n):
                # ties broken now minus ties broken if the node changed camp
                gain = sum(
                    1 if (s > 0) != (split[node] == split[o]) else -1 for o, s in neighbours[node]
                )
                if gain > 0:
                    split[node] = 1 - split[node]
                    improved = True
        cost = _cost(split, edges)
        if cost < best_cost:
            best, best_cost = split, cost
    return best
