"""``MetricTable``: a metric's results as rows keyed by entity IRI, with labels, ready to write."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx


@dataclass(frozen=True)
class MetricTable:
    """Rows of one or more metrics, in column order; node tables start with ``iri`` and ``label``.

    ``notes`` holds figures about the whole computation (the modularity of a partition, whether
    betweenness was sampled and from how many sources).

    >>> t = MetricTable("degree", ("iri", "label", "degree"), ({"iri": "a", "label": "A", "degree": 2},))
    >>> print(t.to_csv(), end="")
    iri,label,degree
    a,A,2
    >>> t.to_dict("degree")
    {'a': 2}
    """

    name: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    notes: Mapping[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order."""
        return [row.get(name) for row in self.rows]

    def to_dict(self, column: str, key: str = "iri") -> dict[Any, Any]:
        """One column keyed by another (by default the entity IRI)."""
        return {row[key]: row.get(column) for row in self.rows}

    def sorted_by(
        self, column: str, *, descending: bool = True, limit: int | None = None
    ) -> MetricTable:
        """The rows ordered by a column (missing and NaN values last), optionally the first few."""

        def key(row: dict[str, Any]) -> tuple[bool, Any]:
            value = row.get(column)
            missing = value is None or (isinstance(value, float) and math.isnan(value))
            return (missing, -value if descending and not missing else value if not missing else 0)

        ordered = sorted(self.rows, key=key)
        return MetricTable(
            self.name, self.columns, tuple(ordered[:limit] if limit else ordered), self.notes
        )

    def join(self, other: MetricTable) -> MetricTable:
        """This table with the other's columns added, matching rows on ``iri``."""
        extra = [c for c in other.columns if c not in self.columns]
        by_iri = {row["iri"]: row for row in other.rows}
        rows = tuple(
            {**row, **{c: by_iri.get(row["iri"], {}).get(c) for c in extra}} for row in self.rows
        )
        return MetricTable(
            f"{self.name}+{other.name}",
            self.columns + tuple(extra),
            rows,
            {**self.notes, **other.notes},
        )

    def to_csv(self) -> str:
        """The table as CSV text with a header row."""
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=list(self.columns), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows({c: _plain(row.get(c)) for c in self.columns} for row in self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        """The table as JSON: its name, notes, columns and rows (NaN written as null)."""
        document = {
            "metric": self.name,
            "notes": {k: _plain(v) for k, v in self.notes.items()},
            "columns": list(self.columns),
            "rows": [{c: _plain(row.get(c)) for c in self.columns} for row in self.rows],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def to_text(self, *, limit: int | None = None) -> str:
        """The table aligned for a terminal, numbers to 4 decimal places."""
        shown = self.rows[:limit] if limit else self.rows
        cells = [[_cell(row.get(c)) for c in self.columns] for row in shown]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines.extend("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells)
        more = len(self.rows) - len(shown)
        lines.append(f"({len(self.rows)} rows{f', {more} not shown' if more else ''})")
        return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def node_table(
    name: str,
    graph: nx.Graph,
    nodes: Sequence[Hashable],
    values: Mapping[str, Sequence[Any]],
    notes: Mapping[str, Any] | None = None,
) -> MetricTable:
    """A table with one row per node (``iri``, ``label``, then each column of ``values``)."""
    attributes = graph.nodes
    columns = tuple(values)
    series = [values[c] for c in columns]
    rows = tuple(
        {"iri": node, "label": attributes[node].get("label", node), **dict(zip(columns, row))}
        for node, *row in zip(nodes, *series)
    )
    return MetricTable(name, ("iri", "label", *columns), rows, dict(notes or {}))
