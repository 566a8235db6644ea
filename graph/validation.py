"""SHACL validation of the store (or any RDF) against SpaceKG's shapes, with a readable report.

The store is validated in SPARQL, by its own engine (:func:`validate_store`, with the queries
:mod:`.shapes` compiles); an rdflib graph by pyshacl (:func:`validate_graph`), the reference that
the tests hold the store's validation to.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from spacekg.errors import StoreError
from spacekg.ontology import shapes_file

from . import queries
from .results import compact
from .shapes import Check, Result, compiled
from .store import Store

if TYPE_CHECKING:
    import rdflib

#: How many violations a report lists at most; the others are counted.
LIMIT = 10_000
_GRAPHS_OF = "SELECT DISTINCT ?s ?g WHERE { VALUES ?s { } GRAPH ?g { ?s ?p ?o } }"
_CHUNK = 500


@dataclass(frozen=True)
class Violation:
    """One way the data breaks a shape, said so that the fix is clear."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str | None
    value: str | None
    message: str
    graphs: tuple[str, ...]  # the named graphs the focus node is described in

    def __str__(self) -> str:
        where = f" (in {', '.join(self.graphs)})" if self.graphs else ""
        path = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: <{self.focus}>{path}{value}: {self.message}{where}"


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: conforming or not, and the violations found.

    ``more`` counts those found beyond the ones listed (a validation lists at most ``limit``).
    """

    conforms: bool
    violations: list[Violation]
    more: int = 0

    def __str__(self) -> str:
        if self.conforms:
            return "The graph conforms to the SpaceKG shapes."
        total = len(self.violations) + self.more
        listed = f"; the first {len(self.violations):,} are listed" if self.more else ""
        lines = [f"{total:,} problem(s) found{listed}:"]
        lines.extend(f"  - {v}" for v in self.violations)
        if self.more:
            lines.append(f"  ... and {self.more:,} more")
        return "\n".join(lines)


def validate_store(
    store: Store, *, limit: int = LIMIT, shapes: Path | None = None, workers: int = 2
) -> Report:
    """Validate the union of every graph in the store against the shapes, in the store's engine.

    The shapes are compiled once into SPARQL queries (see :mod:`.shapes`); each query's rows
    are read as they come, so memory stays bounded however large the store: the report lists
    at most ``limit`` violations (the first by focus node, path and message) and counts the rest.
    The results are pyshacl's, as :func:`validate_graph` finds them on the same data.
    An on-disk store is read by ``workers`` processes at once (1: this process alone);
    ``shapes``: another shapes file than SpaceKG's (to try a new shape, say).
    """
    kept: list[tuple[Violation, bool]] = []  # and whether the focus is an IRI
    found = 0
    for count, violations in _outcomes(store, shapes or shapes_file(), limit, workers):
        found += count
        kept += violations
        if len(kept) >= 2 * limit:
            kept = _first(kept, limit)
    kept = _first(kept, limit)
    graphs = _graphs(store, sorted({v.focus for v, iri in kept if iri}))
    violations = [replace(v, graphs=graphs.get(v.focus, ())) for v, _ in kept]
    violations.sort(key=lambda v: (v.graphs, v.focus, v.path or ""))
    return Report(conforms=found == 0, violations=violations, more=found - len(violations))


def validate_graph(
    data: rdflib.Graph, *, locate: Store | None = None, shapes: Path | None = None
) -> Report:
    """Validate an rdflib graph with pyshacl (the reference the store's validation agrees with).

    The graph should hold the ontology and the event taxonomy with the data, as the store does.
    """
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    shapes_graph = rdflib.Graph().parse(shapes or shapes_file(), format="turtle")
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True
    )
    violations = []
    # The report's own results: those of nested shapes (sh:node) hang below them as sh:detail.
    for result in results.objects(None, SH.result):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        graphs: tuple[str, ...] = ()
        if locate is not None and isinstance(focus, rdflib.URIRef):
            graphs = tuple(locate.graphs_of(str(focus)))
        violations.append(
            Violation(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=_written(focus),
                path=compact(ox.NamedNode(str(path))) if isinstance(path, rdflib.URIRef) else None,
                value=_written(value) if value is not None and value != focus else None,
                message=str(message) if message else "does not satisfy its shape",
                graphs=graphs,
            )
        )
    violations.sort(key=_order)
    violations.sort(key=lambda v: (v.graphs, v.focus, v.path or ""))
    # pyshacl's own flag has been seen True beside sh:Violation results: trust the results
    failed = not conforms or any(v.severity == "Violation" for v in violations)
    return Report(conforms=not failed, violations=violations)


_Found = tuple[int, list[tuple[Violation, bool]]]


def _outcomes(store: Store, shapes: Path, limit: int, workers: int) -> Iterator[_Found]:
    """For each compiled check, how many results it found and the first ``limit`` of them,
    run here or, for an on-disk store, by ``workers`` processes reading it beside this one."""
    checks = compiled(shapes)
    if workers <= 1 or store.path is None:
        for check in checks:
            yield _outcome(store, check, limit)
        return
    if not store.read_only:
        store.flush()  # the workers read what is on disk
    # Workers fork from a server that imported this module, not from this process, whose open
    # store they must not inherit (as the ingest workers do).
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    # The longest queries are the costliest: start them first, so that none is left for last.
    order = sorted(range(len(checks)), key=lambda i: -len(checks[i].query))
    setup = (str(store.path), str(shapes), limit)
    with context.Pool(min(workers, len(order)), initializer=_start_worker, initargs=setup) as pool:
        yield from pool.imap_unordered(_worker_outcome, order)


def _outcome(store: Store, check: Check, limit: int) -> _Found:
    """How many results a check finds, and the first ``limit`` of them."""
    kept: list[tuple[Violation, bool]] = []
    found = 0
    for result in _run(store, check):
        found += 1
        kept.append((_violation(result), isinstance(result.focus, ox.NamedNode)))
        if len(kept) >= 2 * limit:
            kept = _first(kept, limit)
    return found, _first(kept, limit)


def _first(kept: list[tuple[Violation, bool]], limit: int) -> list[tuple[Violation, bool]]:
    """The first ``limit`` violations by focus node, path, message and value (a sort of at
    most twice as many, so that memory stays bounded however many there are)."""
    return sorted(kept, key=lambda k: _order(k[0]))[:limit]


#: In a worker process: the store it reads, the checks and the limit (set by _start_worker).
_worker: tuple[Store, tuple[Check, ...], int] | None = None


def _start_worker(path: str, shapes: str, limit: int) -> None:
    """In a new worker process: open the store beside the caller's, compile the shapes."""
    global _worker
    _worker = (Store.open(path, read_only=True), compiled(Path(shapes)), limit)


def _worker_outcome(index: int) -> _Found:
    """In a worker process: run one of the checks."""
    assert _worker is not None
    store, checks, limit = _worker
    return _outcome(store, checks[index], limit)


def _run(store: Store, check: Check) -> Iterator[Result]:
    """The results of one compiled check, streamed from the store."""
    try:
        for row in store.query(check.query):
            yield from check.results(row)
    except (OSError, ValueError, RuntimeError) as err:  # evaluation is lazy
        raise StoreError(f"validating {check.source} failed: {err}") from None


def _graphs(store: Store, focus: list[str]) -> dict[str, tuple[str, ...]]:
    """The named graphs each focus node is described in, sorted (as ``Store.graphs_of`` says,
    in one query per 500 nodes rather than one lookup each)."""
    found: dict[str, set[str]] = {}
    for i in range(0, len(focus), _CHUNK):
        nodes = [ox.NamedNode(iri) for iri in focus[i : i + _CHUNK]]
        for row in store.select(queries.with_values(_GRAPHS_OF, "s", nodes)):
            found.setdefault(row["s"].value, set()).add(row["g"].value)
    return {iri: tuple(sorted(names)) for iri, names in found.items()}


def _violation(result: Result) -> Violation:
    """A result as the report shows it (the graphs are looked up for the ones listed)."""
    value = result.value
    return Violation(
        severity=result.severity,
        focus=_written(result.focus),
        path=compact(ox.NamedNode(result.path)) if result.path else None,
        value=_written(value) if value is not None and value != result.focus else None,
        message=result.message,
        graphs=(),
    )


def _written(term: object) -> str:
    """A focus node or value as a report shows it: an IRI, a literal's text, ``_:`` and a
    blank node's label (pyoxigraph's or rdflib's term alike)."""
    kind = type(term).__name__
    text = term.value if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(term)
    return f"_:{text}" if kind in ("BlankNode", "BNode") else text


def _order(v: Violation) -> tuple[str, str, str, str]:
    """The order in which violations are kept (and listed, within a focus node's graphs)."""
    return (v.focus, v.path or "", v.message, v.value or "")
