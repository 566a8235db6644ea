"""Metrics year over year, on the yearly snapshots of a network."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from .cohesion import summarize
from .table import MetricTable


def yearly(
    metric: Callable[..., MetricTable], snapshots: Mapping[int, nx.Graph], **options: Any
) -> MetricTable:
    """One metric computed on each year's network, as a long table (one row per node and year).

    ``snapshots`` is what ``projections.yearly_snapshots`` returns; ``options`` go to the metric.
    Notes of each year's computation are kept under ``notes["by_year"]``.

    Examples
    --------
    >>> from spacekg.graph.metrics.centrality import degree
    >>> years = {2024: nx.Graph([("a", "b")]), 2025: nx.Graph([("a", "b"), ("a", "c")])}
    >>> [(r["year"], r["iri"], r["degree"]) for r in yearly(degree, years) if r["iri"] == "a"]
    [(2024, 'a', 1), (2025, 'a', 2)]
    """
    rows: list[dict[str, Any]] = []
    columns: tuple[str, ...] = ("iri", "label", "year")
    name = getattr(metric, "__name__", "metric")
    notes: dict[int, Any] = {}
    for year in sorted(snapshots):
        table = metric(snapshots[year], **options)
        name = table.name
        columns = ("iri", "label", "year", *(c for c in table.columns if c not in ("iri", "label")))
        rows.extend({**row, "year": year} for row in table.rows)
        if table.notes:
            notes[year] = dict(table.notes)
    return MetricTable(name, columns, tuple(rows), {"by_year": notes} if notes else {})


def growth(snapshots: Mapping[int, nx.Graph]) -> MetricTable:
    """Size, density and tone of the network each year: one row per year.

    ``goldstein_sum`` adds up the events' Goldstein scores across all ties of the year (an
    event among three actors counts on each of its three ties).

    Examples
    --------
    >>> years = {2024: nx.Graph([("a", "b")]), 2025: nx.Graph([("a", "b"), ("c", "d")])}
    >>> [(r["year"], r["nodes"], r["edges"], r["components"]) for r in growth(years)]
    [(2024, 2, 1, 1), (2025, 4, 2, 2)]
    """
    rows = []
    for year in sorted(snapshots):
        graph = snapshots[year]
        summary = summarize(graph, top=0)
        rows.append(
            {
                "year": year,
                "nodes": summary.nodes,
                "edges": summary.edges,
                "events": summary.events,
                "components": summary.components,
                "largest_component": summary.largest_component,
                "density": summary.density,
                "goldstein_sum": sum(d for _, _, d in graph.edges(data="goldstein_sum", default=0)),
            }
        )
    columns = (
        "year",
        "nodes",
        "edges",
        "events",
        "components",
        "largest_component",
        "density",
        "goldstein_sum",
    )
    return MetricTable("growth", columns, tuple(rows))
