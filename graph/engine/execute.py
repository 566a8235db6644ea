"""Running one task against a store and emitting its answer as frames.

The same code serves a worker process (over its read-only store) and an in-memory store in the
server's own threads. Errors the user can act on are emitted as error frames; failures of the
store's files (a read-only handle whose files were compacted away) are raised, so that the
worker can refresh its handle and try again.
"""

from __future__ import annotations

import pickle
from itertools import islice
from typing import Any

import pyoxigraph as ox

from spacekg.errors import NotAcceptable, QueryError, SpaceKGError, StoreError
from spacekg.ontology.vocab import PREFIXES

from .. import formats
from ..store import Store
from .frames import DATA, END, ERROR, HEADER, Emit, FrameWriter, error, header
from .tasks import GraphTask, QueryTask, ReadTask, Task
from .writers import write_solutions, write_triples

#: The media type of a pickled read-model record (never sent to a client).
PICKLE = "application/x-python-pickle"


def execute(store: Store, task: Task, emit: Emit) -> None:
    """Run ``task`` against ``store``, emitting its answer; raises only StoreError/OSError."""
    try:
        if isinstance(task, GraphTask):
            _dump_graph(store, task, emit)
        elif isinstance(task, ReadTask):
            _read(store, task, emit)
        else:
            _query(store, task, emit)
    except StoreError:
        raise
    except SpaceKGError as err:
        emit(ERROR, error(err))
    except (SyntaxError, ValueError, TypeError) as err:
        # evaluation errors surface while iterating, as several types
        emit(ERROR, error(QueryError(f"the query failed: {err}")))


def _query(store: Store, task: QueryTask, emit: Emit) -> None:
    result = store.query(
        task.sparql,
        base_iri=task.base_iri,
        union_default_graph=task.union_default_graph,
        default_graph=None
        if task.default_graphs is None
        else [ox.NamedNode(g) for g in task.default_graphs],
        named_graphs=None
        if task.named_graphs is None
        else [ox.NamedNode(g) for g in task.named_graphs],
    )
    if isinstance(result, ox.QueryBoolean):
        _write_boolean(result, task, emit)
    elif isinstance(result, ox.QuerySolutions):
        _write_solutions(result, task, emit)
    else:
        _write_graph(result, task, emit)


def _not_acceptable(kind: str, offered: tuple[formats.Format, ...]) -> NotAcceptable:
    return NotAcceptable(
        f"the Accept header names no format for {kind} results; this endpoint offers "
        + ", ".join(f.media_type for f in offered)
    )


def _write_boolean(result: ox.QueryBoolean, task: QueryTask, emit: Emit) -> None:
    chosen = formats.find(task.result_format or "", formats.BOOLEAN_RESULTS)
    if chosen is None:
        raise _not_acceptable("ASK", formats.BOOLEAN_RESULTS)
    emit(HEADER, header(chosen.content_type))
    emit(DATA, result.serialize(format=chosen.results))
    emit(END, b"")


def _write_solutions(result: ox.QuerySolutions, task: QueryTask, emit: Emit) -> None:
    chosen = formats.find(task.result_format or "", formats.RESULTS)
    if chosen is None:
        raise _not_acceptable("SELECT", formats.RESULTS)
    variables = [v.value for v in result.variables]
    # Rows are collected (in this process, up to the cap) before anything is sent, so the
    # response headers can say whether the answer was cut.
    rows = list(islice(result, task.max_rows + 1))
    truncated = len(rows) > task.max_rows
    del rows[task.max_rows :]
    emit(HEADER, header(chosen.content_type, truncated=truncated, rows=len(rows)))
    out = FrameWriter(emit)
    write_solutions(chosen.key, variables, rows, out.write)
    out.flush()
    emit(END, b"")


def _write_graph(result: Any, task: QueryTask, emit: Emit) -> None:
    chosen = formats.find(task.graph_format or "", formats.GRAPH_RESULTS)
    if chosen is None:
        raise _not_acceptable("CONSTRUCT and DESCRIBE", formats.GRAPH_RESULTS)
    triples = list(islice(result, task.max_rows + 1))
    truncated = len(triples) > task.max_rows
    del triples[task.max_rows :]
    emit(HEADER, header(chosen.content_type, truncated=truncated, rows=len(triples)))
    out = FrameWriter(emit)
    write_triples(triples, chosen.rdf, out, PREFIXES)
    out.flush()
    emit(END, b"")


def _dump_graph(store: Store, task: GraphTask, emit: Emit) -> None:
    chosen = formats.named(task.graph_format, formats.GRAPH_RESULTS)
    graph = ox.DefaultGraph() if task.graph is None else ox.NamedNode(task.graph)
    emit(HEADER, header(chosen.content_type))
    out = FrameWriter(emit)
    triples = (q.triple for q in store.quads(graph))
    try:
        write_triples(triples, chosen.rdf, out, PREFIXES)
    except (ValueError, TypeError, SyntaxError) as err:
        out.flush()
        emit(ERROR, error(StoreError(f"could not write the graph: {err}")))
        return
    out.flush()
    emit(END, b"")


def _read(store: Store, task: ReadTask, emit: Emit) -> None:
    from .. import read

    call = read.CALLS.get(task.call)
    if call is None:
        raise QueryError(f"no read model call {task.call!r}")
    record = call(store, *task.args, **task.kwargs)
    emit(HEADER, header(PICKLE))
    out = FrameWriter(emit)
    out.write(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()
    emit(END, b"")
