"""Paths between actors: ego networks and the shortest chain of cooperation between two actors."""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

from spacekg.errors import InputError


def _check(graph: nx.Graph, node: Hashable) -> None:
    if node not in graph:
        raise InputError(f"{node} is not in the network (check the IRI, the level and the filters)")


def ego_network(graph: nx.Graph, center: Hashable, radius: int = 1) -> nx.Graph:
    """The node, everyone within ``radius`` ties of it, and all ties among them (a copy).

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> sorted(ego_network(g, "b"))
    ['a', 'b', 'c']
    >>> sorted(ego_network(g, "b", radius=2))
    ['a', 'b', 'c', 'd']
    """
    _check(graph, center)
    if radius < 1:
        raise InputError(f"radius {radius} is not a positive number of ties")
    return nx.ego_graph(graph, center, radius=radius).copy()


@dataclass(frozen=True)
class Hop:
    """One tie along a path, with the events behind it."""

    source: Hashable
    target: Hashable
    source_label: str
    target_label: str
    weight: float
    types: tuple[str, ...]
    events: tuple[str, ...]


def cooperation_path(
    graph: nx.Graph, source: Hashable, target: Hashable, weight: str = "weight"
) -> list[Hop]:
    """The shortest chain of cooperation from one actor to another, hop by hop with its events.

    Only cooperative ties are walked: those whose summed Goldstein score is positive (ties
    without a score count as cooperative). Ties weigh by their number of events and are turned
    into lengths ``1/weight``, so a chain through strong ties beats an equally long chain
    through weak ones. An empty list means no chain of cooperation joins the two.

    Examples
    --------
    a and c cooperate through b (three events on each tie) and through d (one event each);
    the a-c tie itself is conflict:

    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=3, goldstein_sum=18.0, events=["e1", "e2", "e3"])
    >>> g.add_edge("b", "c", weight=3, goldstein_sum=18.0, events=["e4", "e5", "e6"])
    >>> g.add_edge("a", "d", weight=1, goldstein_sum=6.0, events=["e7"])
    >>> g.add_edge("d", "c", weight=1, goldstein_sum=6.0, events=["e8"])
    >>> g.add_edge("a", "c", weight=5, goldstein_sum=-40.0, events=["e9"])
    >>> [(h.source, h.target, h.events) for h in cooperation_path(g, "a", "c")]
    [('a', 'b', ('e1', 'e2', 'e3')), ('b', 'c', ('e4', 'e5', 'e6'))]
    """
    _check(graph, source)
    _check(graph, target)

    def length(u: Hashable, v: Hashable, data: dict) -> float | None:
        if data.get("goldstein_sum", 1) <= 0:
            return None  # networkx skips edges whose length is None
        w = data.get(weight, 1) or 0
        return 1.0 / w if w > 0 else None

    try:
        nodes = nx.shortest_path(graph, source, target, weight=length)
    except nx.NetworkXNoPath:
        return []
    hops = []
    for u, v in itertools.pairwise(nodes):
        data = graph.edges[u, v]
        hops.append(
            Hop(
                source=u,
                target=v,
                source_label=graph.nodes[u].get("label", str(u)),
                target_label=graph.nodes[v].get("label", str(v)),
                weight=data.get(weight, 1),
                types=tuple(data.get("types", ())),
                events=tuple(data.get("events", ())),
            )
        )
    return hops
