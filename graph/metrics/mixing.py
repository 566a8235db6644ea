"""Who ties with whom: assortativity by country, bloc, type or degree."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import networkx as nx

from .engine import to_igraph


def assortativity(
    graph: nx.Graph, by: str = "country", values: Mapping[Hashable, Hashable] | None = None
) -> float:
    """How much ties join alike nodes (+1: only alike, 0: as by chance, -1: only unlike).

    Parameters
    ----------
    graph : networkx.Graph
    by : str
        ``"degree"`` for degree assortativity (do well-connected actors tie with each other?);
        otherwise a node attribute holding a category (``"country"``, ``"country_code"``,
        ``"type"``, ``"community"``, a bloc set by the analyst) for nominal assortativity
        (Newman 2003), unweighted.
    values : mapping, optional
        Categories by node, overriding the attribute: for blocs (Artemis Accords signatories,
        ILRS partners) kept outside the graph.

    Nodes with no category are left out (with their ties). NaN when undefined (no ties, or
    every node in one category).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> nx.set_node_attributes(g, {"a": "US", "b": "US", "c": "CN", "d": "CN"}, "country")
    >>> assortativity(g)
    1.0
    >>> assortativity(nx.Graph([("a", "c"), ("b", "d")]), values={"a": "US", "b": "US", "c": "CN", "d": "CN"})
    -1.0
    """
    if by == "degree" and values is None:
        engine = to_igraph(graph, None)
        return (
            engine.graph.assortativity_degree(directed=False) if engine.graph.ecount() else math.nan
        )
    categories = values if values is not None else dict(graph.nodes(data=by))
    kept = graph.subgraph(n for n in graph if categories.get(n) is not None)
    engine = to_igraph(kept, None)
    if engine.graph.ecount() == 0:
        return math.nan
    codes: dict[Hashable, int] = {}
    types = [codes.setdefault(categories[n], len(codes)) for n in engine.nodes]
    result = engine.graph.assortativity_nominal(types, directed=False)
    return math.nan if math.isnan(result) else float(result)
