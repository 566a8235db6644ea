"""Running one SPARQL query and writing its answer as frames: the code a query worker process runs.

A worker opens the on-disk store read-only and serves tasks sent over a socket by the server
(:mod:`spacekg.api.query_runner`), which kills it when a query runs past its time. The answer
goes back as frames: a header (status, media type, whether rows were cut), data chunks as they
are written, an end mark; or one error frame. The same :func:`execute` serves in-memory stores in
the server process itself.

Run as ``python -m spacekg.api.query_worker FD PATH PARENT_PID`` (the runner does that).
"""

from __future__ import annotations

import ctypes
import json
import os
import pickle
import signal
import socket
import struct
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pyoxigraph as ox
from spacekg.ontology.vocab import PREFIXES

from .result_writers import write_solutions

# Frame kinds: header, data, end, error (server -> client), task (client -> worker).
HEADER, DATA, END, ERROR, TASK = b"H", b"D", b"E", b"X", b"T"
FRAME = struct.Struct(">IB")  # payload length, kind
CHUNK = 64 * 1024

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
BOOLEAN_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
RDF_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


@dataclass(frozen=True)
class QueryTask:
    """A SPARQL query with its protocol dataset and the formats the client accepts."""

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
    """Every triple of one graph (``None``: the store's own default graph), for the Graph Store Protocol."""

    graph: str | None
    graph_format: str
    generation: int = 0


Emit = Callable[[bytes, bytes], None]


class FrameWriter:
    """Buffers data into CHUNK-sized frames; ``emit`` gets (kind, payload) for each."""

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self._emit(DATA, bytes(self._buffer))
            self._buffer.clear()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self._emit(DATA, bytes(self._buffer))
            self._buffer.clear()


def header(content_type: str, *, truncated: bool = False, rows: int | None = None) -> bytes:
    """A header frame's payload."""
    return json.dumps(
        {"status": 200, "content_type": content_type, "truncated": truncated, "rows": rows}
    ).encode()


def error(status: int, message: str) -> bytes:
    """An error frame's payload."""
    return json.dumps({"status": status, "message": message}).encode()


def execute(db: ox.Store, task: QueryTask | GraphTask, emit: Emit) -> None:
    """Run a task against ``db`` and emit its answer as frames; never raises for a bad query."""
    if isinstance(task, GraphTask):
        _dump_graph(db, task, emit)
        return
    try:
        result = db.query(
            task.sparql,
            prefixes=PREFIXES,  # SpaceKG's prefixes are predeclared, as in Store.query
            base_iri=task.base_iri,
            use_default_graph_as_union=task.union_default_graph,
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
            _write_triples(result, task, emit)
    except SyntaxError as err:
        emit(ERROR, error(400, f"malformed SPARQL query: {err}"))
    except (OSError, RuntimeError):
        raise  # the store's files changed under a read-only handle: the caller reopens and retries
    except Exception as err:  # noqa: BLE001 - evaluation errors surface while iterating, as several types
        emit(ERROR, error(500, f"the query failed: {err}"))


def _not_acceptable(kind: str, offered: dict[str, str]) -> bytes:
    return error(
        406,
        f"the Accept header names no format for {kind} results; this endpoint offers "
        + ", ".join(media.split(";")[0] for media in offered.values()),
    )


def _write_boolean(result: ox.QueryBoolean, task: QueryTask, emit: Emit) -> None:
    fmt = task.result_format
    if fmt not in BOOLEAN_FORMATS:
        emit(ERROR, _not_acceptable("ASK", {k: RESULT_MEDIA[k] for k in BOOLEAN_FORMATS}))
        return
    emit(HEADER, header(RESULT_MEDIA[fmt]))
    emit(DATA, result.serialize(format=BOOLEAN_FORMATS[fmt]))
    emit(END, b"")


def _write_solutions(result: ox.QuerySolutions, task: QueryTask, emit: Emit) -> None:
    if task.result_format not in RESULT_MEDIA:
        emit(ERROR, _not_acceptable("SELECT", RESULT_MEDIA))
        return
    variables = [v.value for v in result.variables]
    # Rows are collected (in this process, up to the cap) before anything is sent, so the
    # response headers can say whether the answer was cut.
    rows = list(islice(result, task.max_rows + 1))
    truncated = len(rows) > task.max_rows
    del rows[task.max_rows :]
    emit(HEADER, header(RESULT_MEDIA[task.result_format], truncated=truncated, rows=len(rows)))
    out = FrameWriter(emit)
    write_solutions(task.result_format, variables, rows, out.write)
    out.flush()
    emit(END, b"")


def _write_triples(result: Any, task: QueryTask, emit: Emit) -> None:
    fmt = task.graph_format
    if fmt not in RDF_FORMATS:
        emit(ERROR, _not_acceptable("CONSTRUCT and DESCRIBE", RDF_MEDIA))
        return
    triples = list(islice(result, task.max_rows + 1))
    truncated = len(triples) > task.max_rows
    del triples[task.max_rows :]
    emit(HEADER, header(RDF_MEDIA[fmt], truncated=truncated, rows=len(triples)))
    out = FrameWriter(emit)
    _serialize(triples, fmt, out)
    out.flush()
    emit(END, b"")


def _serialize(triples: Any, fmt: str, out: FrameWriter) -> None:
    rdf_format = RDF_FORMATS[fmt]
    if rdf_format.supports_datasets:
        # N-Quads and TriG write quads: the triples go to the default graph.
        triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    used = None
    if fmt in ("turtle", "trig", "rdfxml") and isinstance(triples, list):
        used = _used_prefixes(triples[:_PREFIX_SAMPLE], PREFIXES) or None
    ox.serialize(triples, out, rdf_format, prefixes=used)


_PREFIX_SAMPLE = (
    1000  # triples looked at to choose the @prefix lines (later ones may use full IRIs)
)


def _used_prefixes(triples: list[Any], prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` is in."""
    iris = {
        term.value
        for t in triples
        for term in (t.subject, t.predicate, t.object)
        if isinstance(term, ox.NamedNode)
    }
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def _dump_graph(db: ox.Store, task: GraphTask, emit: Emit) -> None:
    graph = ox.DefaultGraph() if task.graph is None else ox.NamedNode(task.graph)
    emit(HEADER, header(RDF_MEDIA[task.graph_format]))
    out = FrameWriter(emit)
    triples = (q.triple for q in db.quads_for_pattern(None, None, None, graph))
    try:
        _serialize(triples, task.graph_format, out)
    except Exception as err:  # noqa: BLE001 - reported to the client, whatever it is
        out.flush()
        emit(ERROR, error(500, f"could not write the graph: {err}"))
        return
    out.flush()
    emit(END, b"")


# --- the worker process -----------------------------------------------------------------------


_REOPEN_PATIENCE = 5.0  # seconds to keep retrying an open while the server compacts


class _ReadOnlyStore:
    """A read-only handle on the store, reopened when the server says the data changed."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.generation: int | None = None
        self.files: int | None = None
        self.db: ox.Store | None = None

    def at(self, generation: int) -> ox.Store:
        # Reopen after a write (the server's count moved) and after RocksDB rewrote its files
        # (a flush or a compaction changes the folder): a handle opened before a compaction
        # keeps reading the uncompacted files, which makes range scans several times slower.
        if self.db is None or generation != self.generation or self._files() != self.files:
            self.reopen()
            self.generation = generation
        assert self.db is not None
        return self.db

    def _files(self) -> int:
        return os.stat(self.path).st_mtime_ns

    def reopen(self) -> None:
        self.db = None  # release the old handle (and its files) first
        self.files = self._files()
        delay = 0.005
        deadline = time.monotonic() + _REOPEN_PATIENCE
        while True:
            try:
                self.db = ox.Store.read_only(self.path)
                return
            except (OSError, RuntimeError):
                # The server's RocksDB may be swapping files right now (a compaction deletes the
                # SST files it merged): the open reads a file list, then a file is gone. RocksDB
                # reports that as "Corruption"/"No such file"; the next attempt sees the new list.
                if time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def serve(sock: socket.socket, path: str) -> None:
    """Answer tasks from ``sock`` until the server closes it."""
    store = _ReadOnlyStore(path)
    pending = bytearray()
    sent = [False]

    def emit(kind: bytes, payload: bytes) -> None:
        pending.extend(FRAME.pack(len(payload), kind[0]) + payload)
        if kind != HEADER and (len(pending) >= CHUNK or kind in (END, ERROR)):
            sock.sendall(pending)
            pending.clear()
            sent[0] = True

    while True:
        head = _recv_exact(sock, FRAME.size)
        if head is None:
            return
        size, _ = FRAME.unpack(head)
        body = _recv_exact(sock, size)
        if body is None:
            return
        task = pickle.loads(body)
        sent[0] = False
        for attempt in (1, 2):
            try:
                execute(store.at(task.generation), task, emit)
                break
            except (OSError, RuntimeError) as err:
                pending.clear()
                # Either a file of the read-only snapshot was compacted away by the server (reopen
                # and retry, if nothing was sent yet) or the query itself failed on I/O (SERVICE).
                if attempt == 1 and not sent[0]:
                    store.reopen()
                    continue
                emit(ERROR, error(500, f"the query failed: {err}"))
                break


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this process when the server goes away (no orphaned queries)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(0)


def main(argv: list[str]) -> None:
    """Entry point of a worker process: ``FD PATH PARENT_PID``."""
    fd, path, parent_pid = int(argv[0]), argv[1], int(argv[2])
    _die_with_parent(parent_pid)
    sock = socket.socket(fileno=fd)
    try:
        serve(sock, path)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server went away mid-answer
    except BaseException:
        # Say why before the socket closes (the server kills this process once it sees EOF).
        traceback.print_exc()
        sys.stderr.flush()
        raise
    finally:
        sock.close()


if __name__ == "__main__":
    # Import through the package so that unpickled tasks and this code share one module.
    from spacekg.api.query_worker import main as package_main

    package_main(sys.argv[1:])
