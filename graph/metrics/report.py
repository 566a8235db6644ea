"""Metrics by name, one call from a store to a table: what the CLI and the HTTP layer use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import networkx as nx

from spacekg.errors import InputError

from .. import projections
from ..network_filter import NetworkFilter
from ..store import Store
from .brokerage import brokerage
from .centrality import betweenness, degree, eigenvector, pagerank
from .cohesion import NetworkSummary, clustering, k_core, summarize
from .community import communities
from .table import MetricTable
from .temporal import yearly


@dataclass(frozen=True)
class Metric:
    """A node metric by the name analysts ask for."""

    name: str
    compute: Callable[[nx.Graph], MetricTable]
    description: str


def _louvain(graph: nx.Graph) -> MetricTable:
    table = communities(graph, "louvain")
    rows = tuple(
        {**{k: v for k, v in r.items() if k != "community"}, "louvain": r["community"]}
        for r in table.rows
    )
    notes = {f"louvain_{k}": v for k, v in table.notes.items()}
    return replace(
        table, name="louvain", columns=("iri", "label", "louvain"), rows=rows, notes=notes
    )


def _leiden(graph: nx.Graph) -> MetricTable:
    table = communities(graph, "leiden")
    return replace(table, notes={f"leiden_{k}": v for k, v in table.notes.items()})


#: Every node metric, by name, in the order tables show them.
METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("degree", degree, "number of partners and strength (events shared)"),
        Metric(
            "betweenness",
            betweenness,
            "share of shortest paths through the node (ties as 1/events)",
        ),
        Metric("eigenvector", eigenvector, "tied to well-tied actors (largest = 1)"),
        Metric("pagerank", pagerank, "random-walk share along ties weighted by events"),
        Metric("clustering", clustering, "share of partners' pairs that are tied"),
        Metric("core", k_core, "k-core number"),
        Metric("community", _leiden, "Leiden community (modularity, seed 42)"),
        Metric("louvain", _louvain, "Louvain community (modularity, seed 42)"),
        Metric(
            "brokerage",
            brokerage,
            "Burt's constraint, effective size, efficiency, articulation point",
        ),
    )
}
#: What ``spacekg metrics`` computes when no metric is named.
DEFAULT_METRICS: tuple[str, ...] = (
    "degree",
    "betweenness",
    "eigenvector",
    "pagerank",
    "clustering",
    "core",
    "community",
)


def _check(names: Sequence[str]) -> list[str]:
    unknown = [n for n in names if n not in METRICS]
    if unknown:
        raise InputError(f"unknown metric {unknown[0]!r}: use one of {', '.join(METRICS)}")
    return list(dict.fromkeys(names))


def compute(graph: nx.Graph, names: Sequence[str] = DEFAULT_METRICS) -> MetricTable:
    """Several node metrics of a graph in one table, one row per node, columns in ``names`` order.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> t = compute(g, ["degree", "core"])
    >>> t.columns
    ('iri', 'label', 'degree', 'strength', 'core')
    """
    chosen = _check(names)
    table: MetricTable | None = None
    for name in chosen:
        result = METRICS[name].compute(graph)
        table = result if table is None else table.join(result)
    assert table is not None
    return replace(table, name="+".join(chosen))


def analyse(
    store: Store,
    names: Sequence[str] = DEFAULT_METRICS,
    level: str = "all",
    filters: NetworkFilter | None = None,
    *,
    by_year: bool = False,
) -> MetricTable:
    """The named metrics of a store's actor network (``by_year``: of each year's network)."""
    chosen = _check(names)
    if by_year:
        snapshots = projections.yearly_snapshots(store, level, filters)
        return yearly(lambda graph: compute(graph, chosen), snapshots)
    return compute(projections.actor_network(store, level, filters), chosen)


def describe(
    store: Store, level: str = "all", filters: NetworkFilter | None = None, *, top: int = 10
) -> NetworkSummary:
    """The summary of a store's actor network: size, components, density, top actors."""
    return summarize(projections.actor_network(store, level, filters), top=top)
