"""What the engine is asked to do, and what it answers: plain records that cross process pipes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class QueryTask:
    """A SPARQL query with its protocol dataset and the formats (registry keys) the client takes."""

    sparql: str
    result_format: str | None  # for SELECT/ASK; None: the client accepts none
    graph_format: str | None  # for CONSTRUCT/DESCRIBE
    max_rows: int
    union_default_graph: bool = True
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    generation: int = 0


@dataclass(frozen=True)
class GraphTask:
    """Every triple of one graph (``None``: the store's own default graph), for the Graph Store."""

    graph: str | None
    graph_format: str
    generation: int = 0


@dataclass(frozen=True)
class ReadTask:
    """A call into the read model (:data:`spacekg.graph.read.CALLS`), answered with its record."""

    call: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    generation: int = 0


Task = QueryTask | GraphTask | ReadTask


@dataclass
class Reply:
    """An answer: its media type, the body received so far, and the rest to stream."""

    content_type: str = "application/octet-stream"
    truncated: bool = False
    rows: int | None = None
    body: bytes = b""
    rest: AsyncIterator[bytes] | None = None  # None: ``body`` is the whole answer
