"""Communities: groups of actors tied more among themselves than to others (Leiden, Louvain)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import leidenalg
import networkx as nx

from spacekg.errors import InputError

from .engine import EngineGraph, seeded, to_igraph
from .table import MetricTable, node_table

METHODS = ("leiden", "louvain")


def communities(
    graph: nx.Graph,
    method: str = "leiden",
    weight: str | None = "weight",
    *,
    resolution: float = 1.0,
    seed: int = 42,
    iterations: int = 2,
) -> MetricTable:
    """Each node's community, found by maximising modularity; the same seed gives the same answer.

    Parameters
    ----------
    graph : networkx.Graph
    method : {"leiden", "louvain"}
        Leiden (Traag, Waltman & van Eck 2019, via leidenalg) guarantees connected communities;
        Louvain (Blondel et al. 2008, igraph's multilevel) is the classic.
    weight : str or None
        Ties weigh by their number of events.
    resolution : float
        Above 1 favours more, smaller communities.
    seed : int
    iterations : int
        Leiden passes (leidenalg's default, 2); -1 repeats them until no pass improves the
        partition, which on large networks without clear groups can take many times longer.

    Returns
    -------
    MetricTable
        Columns ``iri``, ``label``, ``community``: communities numbered from 0 by decreasing
        size (ties by first node). ``notes`` give ``modularity``, ``communities``, ``method``.

    Examples
    --------
    Two triangles joined by one tie split into the two triangles, with modularity
    2 * (3/7 - (7/14)**2) = 0.3571:

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")])
    >>> t = communities(g)
    >>> t.to_dict("community")
    {'a': 0, 'b': 0, 'c': 0, 'd': 1, 'e': 1, 'f': 1}
    >>> round(t.notes["modularity"], 4), t.notes["communities"]
    (0.3571, 2)
    >>> communities(g, "louvain").to_dict("community") == t.to_dict("community")
    True
    """
    if method not in METHODS:
        raise InputError(f"community method {method!r} is not one of: {', '.join(METHODS)}")
    engine = to_igraph(graph, weight)
    membership = _partition(engine, method, weight is not None, resolution, seed, iterations)
    membership = _renumber(membership)
    g = engine.graph
    quality = (
        g.modularity(membership, weights=engine.weights if weight else None, resolution=resolution)
        if g.ecount()
        else 0.0
    )
    notes = {
        "method": method,
        "modularity": quality,
        "communities": len(set(membership)),
        "resolution": resolution,
        "seed": seed,
        "iterations": iterations if method == "leiden" else None,
    }
    return node_table("community", graph, engine.nodes, {"community": membership}, notes)


def _partition(
    engine: EngineGraph, method: str, weighted: bool, resolution: float, seed: int, iterations: int
) -> list[int]:
    g = engine.graph
    if g.vcount() == 0:
        return []
    weights = engine.weights if weighted else None
    if method == "leiden":
        partition = leidenalg.find_partition(
            g,
            leidenalg.RBConfigurationVertexPartition,
            weights=weights,
            resolution_parameter=resolution,
            n_iterations=iterations,
            seed=seed,
        )
        return list(partition.membership)
    with seeded(seed):
        return list(g.community_multilevel(weights=weights, resolution=resolution).membership)


def _renumber(membership: Sequence[int]) -> list[int]:
    """Community ids by decreasing size, ties broken by the first member's position."""
    sizes: dict[int, int] = {}
    first: dict[int, int] = {}
    for i, c in enumerate(membership):
        sizes[c] = sizes.get(c, 0) + 1
        first.setdefault(c, i)
    order = sorted(sizes, key=lambda c: (-sizes[c], first[c]))
    new = {c: i for i, c in enumerate(order)}
    return [new[c] for c in membership]


def modularity(
    graph: nx.Graph, membership: Mapping[Hashable, int] | MetricTable, weight: str | None = "weight"
) -> float:
    """The modularity of a given split of the nodes into communities (a mapping or a table).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> modularity(g, {"a": 0, "b": 0, "c": 1, "d": 1})
    0.5
    """
    groups = membership.to_dict("community") if isinstance(membership, MetricTable) else membership
    engine = to_igraph(graph, weight)
    missing = [n for n in engine.nodes if n not in groups]
    if missing:
        raise InputError(
            f"no community given for {missing[0]!r} (and {len(missing) - 1} other nodes)"
        )
    return engine.graph.modularity(
        [groups[n] for n in engine.nodes], weights=engine.weights if weight else None
    )
