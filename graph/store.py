"""The SpaceKG store: the one way in for every read and write, over a backend.

Each source article lives in its own named graph, the ontology and the reference KB in two more;
queries see the union of all graphs unless they name graphs. Every write goes through one lock,
because concurrent read-modify-write updates on pyoxigraph are otherwise lost; the lock counts
the writes, which tells readers holding an older snapshot (the server's query workers) to
refresh. A server runs its reads through :meth:`Store.engine`, which bounds them in time.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from spacekg.errors import InputError, NotFound, QueryError, StoreError
from spacekg.ontology import kb_files, ontology_files, reference_version
from spacekg.ontology.vocab import (
    ARTICLE_GRAPH_PREFIX,
    FACTS_GRAPH,
    KB_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    SKG,
)

from . import formats, layout, queries, xml_entities
from .backends import Backend, Term
from .backends.local import LocalBackend
from .sparql_text import MAX_NESTING, has_dataset_clause, nesting

if TYPE_CHECKING:
    from .engine import Engine, Limits

Triples = Iterable[ox.Triple | ox.Quad]
log = logging.getLogger(__name__)


def parse_rdf(
    data: bytes | IO[bytes],
    fmt: ox.RdfFormat,
    *,
    graph: ox.NamedNode | ox.DefaultGraph | None = None,
    source: str = "input",
    base_iri: str | None = None,
) -> list[ox.Quad]:
    """Parse RDF completely (so a malformed file writes nothing) into quads, placed in ``graph``."""
    if fmt == ox.RdfFormat.RDF_XML:
        data = data if isinstance(data, bytes) else data.read()
        xml_entities.check(data, source=source)
    try:
        parsed = list(ox.parse(data, format=fmt, base_iri=base_iri))
    except SyntaxError as err:
        raise InputError(f"{source}: not valid {fmt.name}: {err}") from None
    if graph is not None:
        return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed]
    return [
        t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object) for t in parsed
    ]


class WriteLock:
    """The store's write lock: re-entrant, and counting the writes made under it.

    The count (the data's generation) tells readers holding an older snapshot, such as the
    server's query workers, that they must refresh to see the writes.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.generation = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Take the lock (as ``threading.RLock.acquire``)."""
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        """Release the lock, counting one more write."""
        self.generation += 1
        self._lock.release()

    def __enter__(self) -> WriteLock:
        self._lock.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def quietly(self) -> threading.RLock:
        """The lock without counting, for work that writes no data (a flush)."""
        return self._lock


@dataclass(frozen=True)
class Stats:
    """What is in the store, in the numbers an analyst looks at first."""

    triples: int
    graphs: int
    articles: int
    entities_by_type: dict[str, int]
    events_by_type: dict[str, int]


class Store:
    """A SpaceKG store on disk (or in memory), with the ontology and reference KB loaded.

    >>> store = Store.open(None)
    >>> store.ask("ASK { agency:nasa a skg:SpaceAgency }")
    True
    """

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._write_lock = WriteLock()
        #: Queries run through this object, so tests can see what a page costs.
        self.queries_run = 0

    # --- opening --------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path | None, *, bootstrap: bool = True, read_only: bool = False
    ) -> Store:
        """Open the store at ``path`` (``None``: in memory), creating and bootstrapping it if new.

        ``read_only`` opens an existing store beside the process that writes it (a server):
        reads see the data as it was when opened, until :meth:`refresh`.
        """
        backend = LocalBackend(None if path is None else Path(path), read_only=read_only)
        store = cls(backend)
        if not read_only:
            store._undo_interrupted_load()
        if bootstrap and not read_only and store.reference_version() != reference_version():
            store.load_reference()  # new, or made with another version of the ontology or KB
        if not read_only and store.needs_migration():
            store.migrate()
        return store

    def article_graphs(self) -> list[str]:
        """The IRIs of the articles' named graphs, sorted."""
        return [g for g in self.graphs() if g.startswith(ARTICLE_GRAPH_PREFIX)]

    def needs_migration(self) -> bool:
        """Whether the store holds articles written before the facts graph existed."""
        return not self.has_graph(FACTS_GRAPH) and bool(self.article_graphs())

    def migrate(self, *, batch: int = 50) -> int:
        """Lay out articles stored before the facts graph existed anew; returns how many.

        Each article graph then states an event once, in the facts graph, however many
        articles report it (see :mod:`.layout`). Batches of articles move in one transaction
        each, so an interrupted migration resumes where it stopped.
        """
        graphs = [g for g in self.article_graphs() if not self._has_supports(g)]
        if graphs:
            log.warning(
                "moving %d article graphs to the one-event-one-row layout (once)", len(graphs)
            )
        for chunk in _chunks(graphs, batch):
            self.write_articles({g: list(self.quads(g)) for g in chunk})
        if not self.has_graph(FACTS_GRAPH):
            self.add([], create=[str(FACTS_GRAPH)])
        return len(graphs)

    def _has_supports(self, graph: str) -> bool:
        return any(self._backend.quads(None, layout.SUPPORTS, None, ox.NamedNode(graph)))

    def load_reference(self) -> None:
        """(Re)load the ontology and the reference KB into their named graphs, in one transaction."""
        graphs: dict[str | ox.NamedNode | ox.DefaultGraph, Triples] = {}
        for graph, files in ((ONTOLOGY_GRAPH, ontology_files()), (KB_GRAPH, kb_files())):
            node = ox.NamedNode(str(graph))
            quads: list[ox.Quad] = []
            for file in files:
                quads.extend(
                    parse_rdf(file.read_bytes(), ox.RdfFormat.TURTLE, graph=node, source=str(file))
                )
            graphs[node] = quads
        # The version the reference was loaded from, said of the ontology graph.
        graphs[ox.NamedNode(str(ONTOLOGY_GRAPH))].append(  # type: ignore[union-attr]
            ox.Quad(_ONTOLOGY, _HAS_VERSION, ox.Literal(reference_version()), _ONTOLOGY)
        )
        self.replace_graphs(graphs)

    def reference_version(self) -> str | None:
        """The version of the ontology and KB files this store was loaded from (None: none)."""
        for quad in self._backend.quads(_ONTOLOGY, _HAS_VERSION, None, _ONTOLOGY):
            return quad.object.value
        return None

    def close(self) -> None:
        """Flush and release the data, once any write in progress has finished."""
        with self._write_lock.quietly():
            self._backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path | None:
        """The store's folder; ``None`` for an in-memory store."""
        return self._backend.path

    @property
    def read_only(self) -> bool:
        """Whether this handle only reads (beside a process that writes)."""
        return self._backend.read_only

    @property
    def write_lock(self) -> WriteLock:
        """The lock every write holds; hold it to make a check and a write one step."""
        return self._write_lock

    @property
    def generation(self) -> int:
        """How many writes the store has taken since it was opened."""
        return self._write_lock.generation

    def refresh(self) -> None:
        """See the writes made by another process since this read-only handle was opened."""
        self._backend.refresh()

    def is_stale(self) -> bool:
        """Whether a read-only handle should refresh because the writer rewrote its files."""
        return bool(getattr(self._backend, "is_stale", lambda: False)())

    def flush(self) -> None:
        """Make every write durable, so that read-only handles reopen quickly."""
        with self._write_lock.quietly():
            self._backend.flush()

    def log_bytes(self) -> int:
        """Bytes written since the last flush that a reader reopening the store would replay."""
        return self._backend.log_bytes()

    def engine(
        self, limits: Limits, *, warm: int = 1, prespawned: list[Any] | None = None
    ) -> Engine:
        """A time-limited, killable query engine over this store, for a server (see ``engine``).

        ``prespawned``: worker processes already started (``engine.spawn.spawn``) to adopt.
        """
        from .engine import Engine

        return Engine(self, limits, warm=warm, prespawned=prespawned)

    # --- reading --------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        base_iri: str | None = None,
        union_default_graph: bool | None = None,
    ) -> Any:
        """Run a SPARQL query; the default graph is the union of all graphs unless one is named.

        ``bindings`` substitute variables with values (never splice user input into SPARQL);
        pyoxigraph requires a substituted variable to be in the SELECT projection.
        The SpaceKG prefixes (``skg:``, ``agency:``, ``schema:``...) are predeclared.
        """
        _check_nesting(sparql, "query")
        if union_default_graph is None:
            # a query's own FROM clauses name its dataset; pyoxigraph would ignore them
            union_default_graph = default_graph is None and not has_dataset_clause(sparql)
        self.queries_run += 1
        try:
            return self._backend.query(
                sparql,
                prefixes=PREFIXES,
                base_iri=base_iri,
                union_default_graph=union_default_graph,
                default_graph=default_graph,
                named_graphs=named_graphs,
                substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()} or None,
            )
        except SyntaxError as err:
            raise QueryError(f"malformed SPARQL query: {err}") from None
        except (ValueError, TypeError) as err:
            raise QueryError(f"the query failed: {err}") from None
        except (OSError, RuntimeError) as err:
            raise StoreError(f"the query failed: {err}") from None

    def select(self, sparql: str, **bindings: Term) -> list[dict[str, Term]]:
        """Rows of a SELECT query as dicts from variable name to term (unbound ones left out)."""
        result = self.query(sparql, bindings=bindings)
        names = [v.value for v in result.variables]
        try:
            return [{n: v for n in names if (v := solution[n]) is not None} for solution in result]
        except OSError as err:  # the files, not the query: a read-only handle refreshes and retries
            raise StoreError(f"the query failed: {err}") from None
        except (ValueError, RuntimeError) as err:  # evaluation is lazy
            raise QueryError(f"the query failed: {err}") from None

    def ask(self, sparql: str, **bindings: Term) -> bool:
        """The answer to an ASK query."""
        return bool(self.query(sparql, bindings=bindings))

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._backend.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str | ox.NamedNode) -> bool:
        """Whether a named graph exists."""
        return self._backend.contains_named_graph(_node(graph))

    def quads(self, graph: str | ox.NamedNode | ox.DefaultGraph | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one graph (``ox.DefaultGraph()``: the store's own default)."""
        target = graph if graph is None or isinstance(graph, ox.DefaultGraph) else _node(graph)
        return self._backend.quads(None, None, None, target)

    def graphs_of(self, subject: str) -> list[str]:
        """The named graphs that say something about ``subject``, sorted."""
        found = {
            q.graph_name.value
            for q in self._backend.quads(ox.NamedNode(subject), None, None, None)
            if isinstance(q.graph_name, ox.NamedNode)
        }
        return sorted(found)

    def __len__(self) -> int:
        return self._backend.size()

    def stats(self) -> Stats:
        """Counts of triples, graphs, articles, entities by type and events by type."""
        entities = {
            r["type"].value: int(r["n"].value)
            for r in self.select(queries.load("store/entities_by_type"))
        }
        events = {
            r["type"].value: int(r["n"].value)
            for r in self.select(queries.load("store/events_by_type"))
        }
        articles = int(self.select(queries.load("store/article_count"))[0]["n"].value)
        return Stats(
            triples=len(self),
            graphs=len(self.graphs()),
            articles=articles,
            entities_by_type=entities,
            events_by_type=events,
        )

    # --- writing --------------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update, serialised with every other write; relative IRIs use ``base_iri``."""
        _check_nesting(sparql, "update")
        with self._write_lock:
            try:
                self._backend.update(sparql, prefixes=PREFIXES, base_iri=base_iri)
            except SyntaxError as err:
                raise QueryError(f"malformed SPARQL update: {err}") from None
            except (ValueError, RuntimeError) as err:  # CLEAR of a graph that does not exist
                raise QueryError(f"the update could not be applied: {err}") from None
            except OSError as err:  # a failed LOAD, or the disk
                raise StoreError(f"the update failed: {err}") from None

    def add(self, quads: Iterable[ox.Quad], *, create: Iterable[str] = ()) -> None:
        """Add quads in one transaction; ``create`` names graphs to create even if left empty."""
        quads = list(quads)
        with self._write_lock:
            self._backend.extend(quads)
            empty = [g for g in create if not self.has_graph(g)]
            if empty:
                self._backend.update(
                    " ;\n".join(f"CREATE SILENT GRAPH {_node(g)}" for g in empty),
                    prefixes={},
                    base_iri=None,
                )

    def replace_graph(
        self,
        graph: str | ox.NamedNode | ox.DefaultGraph,
        quads: Triples,
        *,
        keep_empty: bool = False,
    ) -> None:
        """Replace a graph's content atomically: readers see the old graph or the new one.

        A named graph replaced by nothing is removed, unless ``keep_empty`` (the Graph Store
        Protocol's PUT of an empty body creates an empty graph).
        """
        self.replace_graphs({graph: quads}, keep_empty=keep_empty)

    def replace_graphs(
        self,
        graphs: Mapping[str | ox.NamedNode | ox.DefaultGraph, Triples],
        *,
        keep_empty: bool = False,
    ) -> None:
        """Replace several graphs in one transaction (``ox.DefaultGraph()``: the default graph).

        The content is taken as is (see :meth:`write_articles` for articles); an article graph
        replaced this way takes with it the shared statements no other article supports.
        """
        default: list[ox.Triple] | None = None
        named: dict[str, tuple[list[ox.Triple], list[ox.Triple]] | None] = {}
        for graph, content in graphs.items():
            triples = [ox.Triple(t.subject, t.predicate, t.object) for t in content]
            if isinstance(graph, ox.DefaultGraph):
                default = triples
            else:
                named[_node(graph).value] = (triples, []) if triples or keep_empty else None
        with self._write_lock:
            if named:
                self._write_articles(named, create_empty=keep_empty)
            if default is not None:
                body = _nt(default)
                update = "CLEAR SILENT DEFAULT" + (
                    f" ;\nINSERT DATA {{\n{body}\n}}" if body else ""
                )
                try:
                    self._backend.update(update, prefixes={}, base_iri=None)
                except (SyntaxError, OSError, ValueError, RuntimeError) as err:
                    raise StoreError(f"could not replace the default graph: {err}") from None

    def remove_graph(self, graph: str | ox.NamedNode) -> bool:
        """Delete a named graph; returns whether it existed.

        An article's graph takes with it the shared statements no other article supports.
        """
        node = _node(graph)
        with self._write_lock:
            if not self._backend.contains_named_graph(node):
                return False
            self._write_articles({node.value: None})
            return True

    def write_articles(self, articles: Mapping[str, Iterable[ox.Triple | ox.Quad]]) -> None:
        """Store articles' graphs in one transaction, each replacing any earlier version.

        Each article's statements are laid out as :mod:`.layout` describes: what only it says in
        its own graph, what several articles may say once in the facts graph.
        """
        written: dict[str, tuple[list[ox.Triple], list[ox.Triple]] | None] = {}
        for graph, content in articles.items():
            triples = [ox.Triple(t.subject, t.predicate, t.object) for t in content]
            written[_node(graph).value] = layout.split(triples)
        with self._write_lock:
            self._write_articles(written)

    def _write_articles(
        self,
        graphs: Mapping[str, tuple[list[ox.Triple], list[ox.Triple]] | None],
        *,
        create_empty: bool = False,
    ) -> None:
        """Replace (or, for None, remove) article graphs and keep the facts graph in step."""
        names = [ox.NamedNode(g) for g in graphs]
        old: dict[str, set[str]] = {g: set() for g in graphs}
        for row in self.select(queries.with_values(_OLD_SUPPORTS, "g", names)):
            old[row["g"].value].add(row["line"].value)
        new: dict[str, list[str]] = {
            g: layout.lines(content[1]) if content else [] for g, content in graphs.items()
        }
        before = set().union(*old.values())
        after = set().union(*new.values())
        losing = sorted(before - after)
        kept = set()
        for chunk in _chunks(losing):
            query = queries.with_values(
                _SUPPORTED_ELSEWHERE, "line", [ox.Literal(x) for x in chunk]
            )
            kept |= {
                row["line"].value for row in self.select(query) if row["g"].value not in graphs
            }
        retract = layout.parse_lines(x for x in losing if x not in kept)
        add = layout.parse_lines(sorted(after - before))
        events = sorted(layout.events_of(retract) | layout.events_of(add), key=str)
        removed, consolidated = self._consolidate(events, retract, add)
        if not (retract or removed or create_empty) and not any(
            self._backend.contains_named_graph(node) for node in names
        ):
            # Only additions, to graphs that do not exist yet (new articles, a new store's KB):
            # one atomic extend, without writing and parsing SPARQL text (3-4x faster).
            quads = [ox.Quad(t.subject, t.predicate, t.object, _FACTS) for t in add + consolidated]
            for graph, content in graphs.items():
                if content is not None:
                    node = ox.NamedNode(graph)
                    own = _own_statements(content[0], new[graph])
                    quads += [ox.Quad(t.subject, t.predicate, t.object, node) for t in own]
            try:
                self._backend.extend(quads)
            except (OSError, ValueError, RuntimeError) as err:
                raise StoreError(f"could not write articles {', '.join(graphs)}: {err}") from None
            return
        parts = []
        if retract or removed:
            parts.append(f"DELETE DATA {{ GRAPH {_FACTS} {{\n{_nt(retract + removed)}\n}} }}")
        if add or consolidated:
            parts.append(f"INSERT DATA {{ GRAPH {_FACTS} {{\n{_nt(add + consolidated)}\n}} }}")
        for graph, content in graphs.items():
            node = ox.NamedNode(graph)
            parts.append(f"DROP SILENT GRAPH {node}")
            if content is None:
                continue
            own = _own_statements(content[0], new[graph])
            if own:
                parts.append(f"INSERT DATA {{ GRAPH {node} {{\n{_nt(own)}\n}} }}")
            elif create_empty:
                parts.append(f"CREATE SILENT GRAPH {node}")
        # One SPARQL Update runs in one transaction: readers see all of it or none.
        try:
            self._backend.update(" ;\n".join(parts), prefixes={}, base_iri=None)
        except (SyntaxError, OSError, ValueError, RuntimeError) as err:
            raise StoreError(f"could not write articles {', '.join(graphs)}: {err}") from None

    def _consolidate(
        self, events: list[ox.NamedNode], retract: list[ox.Triple], add: list[ox.Triple]
    ) -> tuple[list[ox.Triple], list[ox.Triple]]:
        """The consolidated statements of ``events`` to remove, and to add, after a write."""
        if not events:
            return [], []
        reports: dict[ox.NamedNode, layout.Reports] = {}
        present: set[ox.NamedNode] = set()
        removed: list[ox.Triple] = []
        gone, added = _as_stored(retract), add
        for chunk in _chunks(events):
            for row in self.select(queries.with_values(_EVENT_STATE, "e", chunk)):
                event, predicate, value = row["e"], row["p"], row["v"]
                triple = ox.Triple(event, predicate, value)
                if predicate in layout.CONSOLIDATED:
                    removed.append(triple)
                elif triple in gone:
                    continue
                elif predicate == layout.RDF_TYPE:
                    present.add(event)
                else:
                    reports.setdefault(event, layout.Reports()).add(predicate, value)
        for t in added:
            if t.predicate == layout.RDF_TYPE and t.object == layout.EVENT_TYPE:
                present.add(t.subject)  # type: ignore[arg-type]
            elif isinstance(t.subject, ox.NamedNode):
                reports.setdefault(t.subject, layout.Reports()).add(t.predicate, t.object)
        # Only what changes is written: a new report that leaves an event's date, status and
        # confidence as they were removes and adds nothing (and the write can take the fast
        # path). Compared as the store keeps them ("0.90" is kept as "0.9").
        consolidated = _as_stored(layout.consolidation(events, reports, present))
        held = set(removed)
        changed_out = [t for t in removed if t not in consolidated]
        changed_in = sorted(consolidated - held, key=str)
        return changed_out, changed_in

    def load(
        self,
        source: str | Path | IO[bytes] | bytes,
        *,
        fmt: str | formats.Format | None = None,
        graph: str | ox.NamedNode | ox.DefaultGraph | None = None,
        replace: bool = False,
        base_iri: str | None = None,
    ) -> int:
        """Load an RDF file or blob, all or nothing; returns the number of quads loaded.

        Triples go to ``graph`` (default: the file's own IRI as a graph, so that a reload
        replaces it); quad formats keep their graphs unless ``graph`` is given.
        """
        if isinstance(source, (str, Path)):
            path = Path(source)
            if not path.is_file():
                raise InputError(f"{path}: no such file")
            chosen = _format(fmt) if fmt is not None else formats.rdf(path)
            # triples go to the file's own graph; quad formats keep the graphs they name
            default = None if chosen.supports_datasets else ox.NamedNode(path.resolve().as_uri())
            target = _node(graph) if isinstance(graph, (str, ox.NamedNode)) else graph or default
            loaded = self._load_file(path, chosen, target, replace=replace, base_iri=base_iri)
            if loaded is not None:
                return loaded
            data: bytes | IO[bytes] = path.read_bytes()
            name = str(path)
        else:
            if fmt is None:
                raise InputError("the RDF format must be given when loading from a stream")
            data, name, chosen, default = source, "input", _format(fmt), None
            target = _node(graph) if isinstance(graph, (str, ox.NamedNode)) else graph or default
        quads = parse_rdf(data, chosen.rdf, graph=target, source=name, base_iri=base_iri)
        if not chosen.supports_datasets and target is None:
            raise InputError("a graph IRI is needed to load triples from a stream")
        if replace and target is not None:
            self.replace_graph(target, quads)
        else:
            named = [target.value] if isinstance(target, ox.NamedNode) else []
            self.add(quads, create=named)
        return len(quads)

    def _load_file(
        self,
        path: Path,
        chosen: formats.Format,
        target: ox.NamedNode | ox.DefaultGraph | None,
        *,
        replace: bool,
        base_iri: str | None,
    ) -> int | None:
        """Load a file into graphs it creates (or replaces) with the bulk loader; None if the
        file adds to graphs that exist, which takes one transaction instead.

        Memory stays bounded whatever the file's size: the file is read twice, streaming, first
        to check it all parses (a malformed file writes nothing), then by pyoxigraph's bulk
        loader. The bulk loader writes outside any transaction, so the graphs it fills are
        noted in the store's folder first: if the process dies mid-load, the next open removes
        them again (see :meth:`_undo_interrupted_load`), and the load can simply be run again.
        """
        if self.path is None or isinstance(target, ox.DefaultGraph):
            return None
        if chosen is formats.RDFXML:
            with path.open("rb") as handle:
                xml_entities.check(handle.read(1_000_000), source=str(path))
        graphs: set[str] = set()
        count = 0
        try:
            for quad in ox.parse(path=str(path), format=chosen.rdf, base_iri=base_iri):
                count += 1
                if target is None:
                    name = quad.graph_name
                    if isinstance(name, ox.DefaultGraph):
                        return None  # triples for the store's own default graph: a transaction
                    graphs.add(name.value)
        except SyntaxError as err:
            raise InputError(f"{path}: not valid {chosen.rdf.name}: {err}") from None
        if target is not None:
            graphs = {target.value}
        with self._write_lock:
            existing = [g for g in graphs if self.has_graph(g)]
            if existing and not replace:
                return None
            marker = self.path / _LOADING
            marker.write_text("\n".join(sorted(graphs)) + "\n", encoding="utf-8")
            if existing:
                self._write_articles({g: None for g in existing})
            try:
                self._backend.bulk_load(path, chosen.rdf, target)
                self._backend.flush()
            except (SyntaxError, OSError, ValueError) as err:
                self._undo_interrupted_load()
                raise StoreError(f"{path}: the load failed and was undone: {err}") from None
            marker.unlink()
        return count

    def _undo_interrupted_load(self) -> None:
        """Remove the graphs of a bulk load that did not finish (the process died)."""
        if self.path is None or not (self.path / _LOADING).is_file():
            return
        graphs = (self.path / _LOADING).read_text(encoding="utf-8").split()
        log.warning("removing %d graph(s) of a load that did not finish: %s", len(graphs), graphs)
        with self._write_lock:
            for graph in graphs:
                node = ox.NamedNode(graph)
                if self._backend.contains_named_graph(node):
                    self._backend.remove_graph(node)
            self._backend.flush()
            (self.path / _LOADING).unlink()

    def bulk_load(
        self, path: str | Path, *, fmt: str | None = None, graph: str | None = None
    ) -> None:
        """Load a large file fast, streaming (not atomic: for initial loads of big dumps)."""
        file = Path(path)
        chosen = formats.rdf(fmt or file)
        if chosen is formats.RDFXML:
            with file.open("rb") as handle:
                xml_entities.check(handle.read(1_000_000), source=str(file))
        with self._write_lock:
            try:
                self._backend.bulk_load(
                    file,
                    chosen.rdf,
                    None if graph is None or chosen.supports_datasets else _node(graph),
                )
            except SyntaxError as err:
                raise InputError(f"{file}: not valid {chosen.rdf.name}: {err}") from None

    def dump(self, output: IO[bytes] | Path | None = None, *, fmt: str = "nquads") -> bytes | None:
        """Write every graph as N-Quads or TriG to ``output`` (a path or binary stream), or return it."""
        chosen = formats.named(fmt, formats.DUMPS, what="dump format")
        prefixes = PREFIXES if chosen is formats.TRIG else None
        if output is None:
            buffer = io.BytesIO()
            self._backend.dump(buffer, chosen.rdf, prefixes)
            return buffer.getvalue()
        if isinstance(output, Path):
            with output.open("wb") as handle:
                self._backend.dump(handle, chosen.rdf, prefixes)
        else:
            self._backend.dump(output, chosen.rdf, prefixes)
        return None

    def backup(self, path: str | Path) -> None:
        """Copy the whole store, consistently, into the new folder ``path`` (it opens as a store).

        Writes in progress finish first and none starts until the copy is made. On disk the copy
        hard-links the store's immutable files, so it is quick; a read-only handle (beside a
        writing server) copies the data as it sees it. ``spacekg restore`` takes the folder.
        """
        target = Path(path)
        if self.path is None:
            raise StoreError("an in-memory store cannot be backed up: dump it instead")
        if target.exists():
            raise InputError(f"{target} exists: back up into a new folder")
        with self._write_lock.quietly():
            self._backend.backup(target)

    def restore(self, source: Path | IO[bytes] | bytes, *, fmt: str | None = None) -> int:
        """Replace the whole store with a dump; the dump is parsed in full before anything is cleared."""
        if fmt is None:
            fmt = source.suffix if isinstance(source, Path) else "nquads"
        chosen = formats.find(fmt, formats.DUMPS)
        if chosen is None:
            raise InputError("restore takes an N-Quads or TriG dump (made by `spacekg dump`)")
        data = source.read_bytes() if isinstance(source, Path) else source
        name = str(source) if isinstance(source, Path) else "dump"
        quads = parse_rdf(data, chosen.rdf, source=name)
        with self._write_lock:
            self._backend.replace_all(quads)
        return len(quads)

    # --- the Graph Store Protocol's operations ---------------------------------------------

    def parse(
        self,
        data: bytes,
        fmt: formats.Format,
        *,
        graph: str | None,
        base_iri: str | None = None,
        source: str = "input",
    ) -> list[ox.Quad]:
        """Parse RDF in full into quads of ``graph`` (``None``: the default graph)."""
        target = ox.DefaultGraph() if graph is None else _node(graph)
        return parse_rdf(data, fmt.rdf, graph=target, source=source, base_iri=base_iri)

    def put(self, graph: str | None, quads: list[ox.Quad]) -> bool:
        """Replace a graph (``None``: the default graph) with ``quads``; True if it is new."""
        with self._write_lock:  # the existence check and the write as one step
            if graph is None:
                self.replace_graph(ox.DefaultGraph(), quads)
                return False
            created = not self.has_graph(graph)
            self.replace_graph(graph, quads, keep_empty=True)
            return created

    def merge(self, graph: str | None, quads: list[ox.Quad]) -> bool:
        """Add ``quads`` to a graph (``None``: the default graph); True if it is new."""
        with self._write_lock:
            created = graph is not None and not self.has_graph(graph)
            self.add(quads, create=[graph] if graph is not None else [])
            return created

    def delete(self, graph: str | None) -> None:
        """Delete a named graph (NotFound if there is none), or empty the default graph."""
        if graph is None:
            self.update("CLEAR SILENT DEFAULT")
        elif not self.remove_graph(graph):
            raise NotFound(f"there is no graph <{graph}> in the store")

    def require_graph(self, graph: str) -> None:
        """Raise NotFound unless the named graph exists."""
        if not self.has_graph(graph):
            raise NotFound(f"there is no graph <{graph}> in the store")


def _check_nesting(sparql: str, what: str) -> None:
    if nesting(sparql) > MAX_NESTING:
        raise QueryError(
            f"the {what} nests brackets more than {MAX_NESTING} deep: refused (write it flatter)"
        )


def _node(graph: str | ox.NamedNode) -> ox.NamedNode:
    if isinstance(graph, ox.NamedNode):
        return graph
    try:
        return ox.NamedNode(graph)
    except ValueError:
        raise InputError(f"{graph!r} is not an IRI: a graph is named by an absolute IRI") from None


def _format(fmt: str | formats.Format) -> formats.Format:
    return fmt if isinstance(fmt, formats.Format) else formats.rdf(fmt)


_FACTS = ox.NamedNode(str(FACTS_GRAPH))
_ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))
_HAS_VERSION = ox.NamedNode("http://purl.org/dc/terms/hasVersion")
_OLD_SUPPORTS = """
SELECT ?g ?line WHERE { VALUES ?g { } GRAPH ?g { ?article skg:supports ?line } }
"""
_SUPPORTED_ELSEWHERE = """
SELECT ?line ?g WHERE { VALUES ?line { } GRAPH ?g { ?article skg:supports ?line } }
"""
_EVENT_STATE = """
SELECT ?e ?p ?v WHERE {
  VALUES ?e { }
  VALUES ?p { rdf:type skg:reportedDate skg:reportedStatus skg:reportedConfidence
              skg:date skg:status skg:confidence skg:dateUnknown }
  GRAPH <https://w3id.org/spacekg/graph/facts> { ?e ?p ?v }
  FILTER(?p != rdf:type || ?v = skg:Event)
}
"""
_CHUNK = 500
#: The file in a store's folder naming the graphs a bulk load is filling (see Store._load_file).
_LOADING = "spacekg-loading"


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _as_stored(triples: list[ox.Triple]) -> set[ox.Triple]:
    """The triples as the store gives them back, to compare with what it holds.

    The store keeps typed values in canonical form: ``"0.90"^^xsd:decimal`` (a confidence as
    ingest writes it) comes back as ``"0.9"``.
    """
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in scratch}


def _nt(triples: list[ox.Triple]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""


def _own_statements(own: list[ox.Triple], lines: list[str]) -> list[ox.Triple]:
    """An article graph's content: its own statements and a supports line per shared one."""
    article = _article_of(own)
    if article is None:
        return own
    return own + [ox.Triple(article, layout.SUPPORTS, ox.Literal(line)) for line in lines]


def _article_of(own: list[ox.Triple]) -> ox.NamedNode | None:
    """The article node among an article graph's own statements."""
    for t in own:
        if t.predicate == layout.RDF_TYPE and t.object == _ARTICLE_CLASS:
            return t.subject  # type: ignore[return-value]
    return None


_ARTICLE_CLASS = ox.NamedNode(str(SKG.Article))
