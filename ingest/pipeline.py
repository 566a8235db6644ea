"""Ingesting articles into the store: extract in one or more processes, write each article atomically."""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from spacekg.graph.store import Store

from .readers import Document, ReadFailure

if TYPE_CHECKING:
    from .records import Extraction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleResult:
    """What one article gave: its graph and its triples, as N-Triples bytes (cheap to pass
    between processes) or, within one process, as the triples themselves."""

    origin: str
    identity: str
    graph: str
    nquads: bytes
    linked: tuple[str, ...]  # KB entities it mentions
    minted: tuple[str, ...]  # entities not in the KB
    events: tuple[str, ...]  # event types
    warnings: tuple[str, ...] = ()
    triples: list[ox.Triple] | None = field(default=None, repr=False, compare=False)


@dataclass
class IngestSummary:
    """The end-of-run report: what was stored, what was new, what failed and why."""

    articles: int = 0
    replaced: int = 0
    entities_linked: set[str] = field(default_factory=set)
    entities_minted: set[str] = field(default_factory=set)
    entities_new: set[str] = field(default_factory=set)
    events_by_type: Counter[str] = field(default_factory=Counter)
    failures: list[ReadFailure] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every input was ingested."""
        return not self.failures

    def lines(self) -> list[str]:
        """The summary as lines of text for the terminal."""
        out = [
            f"Articles stored: {self.articles} ({self.replaced} replaced an earlier version)",
            f"Entities: {len(self.entities_linked)} linked to the reference KB, "
            f"{len(self.entities_minted)} not in the KB ({len(self.entities_new)} new to the store)",
            f"Events: {sum(self.events_by_type.values())}"
            + (
                " (" + ", ".join(f"{t} {n}" for t, n in self.events_by_type.most_common()) + ")"
                if self.events_by_type
                else ""
            ),
        ]
        if self.failures:
            out.append(f"Failures: {len(self.failures)}")
            out.extend(f"  {f.origin}: {f.reason}" for f in self.failures)
        return out


BATCH = 8  # articles parsed together: spaCy's batching, and fewer hops between processes


def process(document: Document) -> ArticleResult:
    """Extract one article and serialise its graph."""
    from .extract import extract  # spaCy: imported where articles are parsed, not before

    extraction = extract(document)
    return result_of(extraction)


def process_batch(
    documents: list[Document], *, portable: bool = True
) -> list[ArticleResult | ReadFailure]:
    """Extract several articles at once; if the batch fails, each article is retried alone.

    ``portable=False`` keeps each result's triples as they are, for a caller in this process.
    """
    from .extract import extract_many

    try:
        return [result_of(x, portable=portable) for x in extract_many(documents)]
    except Exception:  # noqa: BLE001 - find the article at fault and report only it
        return [_safe_process(d) for d in documents]


def result_of(extraction: Extraction, *, portable: bool = True) -> ArticleResult:
    """The storable result of an extraction (``portable``: its triples as bytes, to be sent to
    another process; else the triples themselves, sparing a write and a parse)."""
    from .rdf import to_quads

    graph, quads = to_quads(extraction)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    entities = extraction.entities
    return ArticleResult(
        origin=extraction.document.origin,
        identity=extraction.document.identity,
        graph=graph.value,
        nquads=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if portable else b"",
        triples=None if portable else triples,
        linked=tuple(sorted(i for i, e in entities.items() if e.in_kb)),
        minted=tuple(sorted(i for i, e in entities.items() if not e.in_kb)),
        events=tuple(e.type for e in extraction.events),
        warnings=tuple(extraction.warnings),
    )


def _safe_process(document: Document) -> ArticleResult | ReadFailure:
    try:
        return process(document)
    except Exception as err:  # one bad article must not stop a batch: report it
        log.exception("extraction failed for %s", document.origin)
        return ReadFailure(document.origin, f"extraction failed: {type(err).__name__}: {err}")


def _warm() -> None:
    from .nlp import pipeline

    pipeline()


def _batches(items: Iterable[Document | ReadFailure]) -> Iterator[list[Document | ReadFailure]]:
    batch: list[Document | ReadFailure] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _run_batch(
    batch: list[Document | ReadFailure], portable: bool = True
) -> list[ArticleResult | ReadFailure]:
    documents = [i for i in batch if not isinstance(i, ReadFailure)]
    results = iter(process_batch(documents, portable=portable) if documents else [])
    return [i if isinstance(i, ReadFailure) else next(results) for i in batch]


def _context() -> multiprocessing.context.BaseContext:
    """How extraction processes start: forked from a server that loaded the model and the KB
    rulers once (spacekg.ingest.worker), not from this process, whose open store they must not
    inherit; only this process writes."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["spacekg.ingest.worker"])
        return context
    return multiprocessing.get_context("spawn")


def start_workers(workers: int) -> None:
    """Start loading the model for ``workers`` extraction processes now, in the background.

    Loading takes a second or two; a caller that has inputs to read and a store to open first
    starts it before doing so, and the two overlap.
    """
    if workers > 1 and "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        _context()
        forkserver.ensure_running()


def extract_all(
    items: Iterable[Document | ReadFailure], workers: int = 1, *, portable: bool = False
) -> Iterator[ArticleResult | ReadFailure]:
    """Extraction results in input order, using ``workers`` processes (1: this process).

    Results carry their triples as bytes when they come from other processes or when
    ``portable`` asks for it (to keep or send them); else as the triples themselves.
    """
    if workers <= 1:
        for batch in _batches(items):
            yield from _run_batch(batch, portable=portable)
        return
    with _context().Pool(workers, initializer=_warm) as pool:
        pending: list = []
        for batch in _batches(items):
            pending.append(pool.apply_async(_run_batch, (batch,)))
            # keep a bounded window in flight, and yield in input order
            while len(pending) > workers * 2:
                yield from pending.pop(0).get()
        while pending:
            yield from pending.pop(0).get()


def store_results(store: Store, results: list[ArticleResult]) -> list[ArticleResult | ReadFailure]:
    """Replace each article's graph with its result, a batch in one transaction.

    Returns, in order, the results stored or a failure for each that could not be.
    """
    try:
        store.write_articles({r.graph: _triples(r) for r in results})
        return list(results)
    except Exception:  # noqa: BLE001 - store one by one to find and report the article at fault
        stored: list[ArticleResult | ReadFailure] = []
        for result in results:
            try:
                store.write_articles({result.graph: _triples(result)})
                stored.append(result)
            except Exception as err:  # noqa: BLE001
                stored.append(ReadFailure(result.origin, f"could not store: {err}"))
        return stored


def _triples(result: ArticleResult) -> list[ox.Triple]:
    if result.triples is not None:
        return result.triples
    return list(ox.parse(result.nquads, format=ox.RdfFormat.N_TRIPLES))


_KNOWN = """
SELECT ?e WHERE { ?a schema:mentions ?e }
"""


def ingest(
    store: Store,
    items: Iterable[Document | ReadFailure],
    *,
    workers: int = 1,
    on_result: Callable[[ArticleResult | ReadFailure], None] | None = None,
) -> IngestSummary:
    """Extract and store articles; each article's graph is replaced whole, failures are reported."""
    summary = IngestSummary()
    known = {row["e"].value for row in store.select(_KNOWN)}
    pending: list[ArticleResult] = []

    def flush() -> None:
        existed = {r.graph for r in pending if store.has_graph(r.graph)}
        for outcome in store_results(store, pending):
            if isinstance(outcome, ReadFailure):
                summary.failures.append(outcome)
            else:
                summary.articles += 1
                summary.replaced += int(outcome.graph in existed)
                summary.entities_linked.update(outcome.linked)
                summary.entities_minted.update(outcome.minted)
                summary.entities_new.update(m for m in outcome.minted if m not in known)
                summary.events_by_type.update(outcome.events)
                summary.graphs.append(outcome.graph)
            if on_result is not None:
                on_result(outcome)
        pending.clear()

    for result in extract_all(items, workers):
        if isinstance(result, ReadFailure):
            summary.failures.append(result)
            if on_result is not None:
                on_result(result)
            continue
        if any(p.graph == result.graph for p in pending):
            flush()  # the same article twice in a batch: the later version wins
        pending.append(result)
        if len(pending) >= BATCH:
            flush()
    flush()
    return summary


def ingest_documents(
    store: Store, documents: Iterable[Document | ReadFailure], *, workers: int = 1
) -> IngestSummary:
    """Ingest already-read documents (the library call behind ``spacekg ingest`` and POST /articles)."""
    return ingest(store, documents, workers=workers)
