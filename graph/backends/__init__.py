"""Where a :class:`~spacekg.graph.store.Store` keeps its data: the backend protocol.

A backend is a quad store that answers SPARQL 1.1 with pyoxigraph's Python API. The embedded one
(:mod:`.local`) is the default; a backend over a remote SPARQL 1.1 server implements the same
methods, so that nothing above the store changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Protocol

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


class Backend(Protocol):
    """The operations the store needs from where the data lives."""

    path: Path | None
    read_only: bool

    def query(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str],
        base_iri: str | None,
        union_default_graph: bool,
        default_graph: list[ox.NamedNode] | None,
        named_graphs: list[ox.NamedNode] | None,
        substitutions: Mapping[ox.Variable, Term] | None,
    ) -> Any:
        """Evaluate a SPARQL query: solutions, a boolean or triples (lazily)."""

    def update(self, sparql: str, *, prefixes: Mapping[str, str], base_iri: str | None) -> None:
        """Apply a SPARQL Update in one transaction."""

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction."""

    def bulk_load(self, path: Path, fmt: ox.RdfFormat, to_graph: GraphName | None) -> None:
        """Load a file fast, streaming, outside any transaction."""

    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        """Replace every quad of the store."""

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        """The named graphs."""

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        """Whether a named graph exists."""

    def quads(
        self, subject: Term | None, predicate: ox.NamedNode | None, obj: Term | None,
        graph: GraphName | None,
    ) -> Iterator[ox.Quad]:  # fmt: skip
        """The quads matching a pattern (``None`` matches anything)."""

    def remove_graph(self, graph: ox.NamedNode) -> None:
        """Delete a named graph and its quads."""

    def dump(
        self, output: IO[bytes], fmt: ox.RdfFormat, prefixes: Mapping[str, str] | None
    ) -> None:
        """Write every quad to a binary stream."""

    def backup(self, target: Path) -> None:
        """Copy every quad, consistently, into a new store folder ``target``."""

    def size(self) -> int:
        """How many quads the store holds (may scan them all)."""

    def flush(self) -> None:
        """Make every write durable."""

    def log_bytes(self) -> int:
        """How much is written but not yet compacted (0 where that means nothing)."""

    def refresh(self) -> None:
        """See the writes made since opening (read-only handles)."""

    def close(self) -> None:
        """Release the data."""
