"""The SpaceKG store: one interface over an embedded pyoxigraph database.

Each source article lives in its own named graph, the ontology and the reference KB in two more;
queries see the union of all graphs unless they name graphs. Every write goes through one lock,
because concurrent read-modify-write updates on pyoxigraph are otherwise lost.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from spacekg.ontology import kb_files, ontology_files
from spacekg.ontology.vocab import KB_GRAPH, ONTOLOGY_GRAPH, PREFIXES

from spacekg.errors import InputError, QueryError, StoreError

from . import queries
from .sparql_text import has_dataset_clause

Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: RDF formats by the names users type and the file extensions they use.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}
DUMP_FORMATS = ("nquads", "trig")


def rdf_format(name_or_path: str | Path) -> ox.RdfFormat:
    """The RDF format named by a format name (``turtle``) or a file name (``x.ttl``)."""
    key = str(name_or_path).lower()
    if key in RDF_FORMATS:
        return RDF_FORMATS[key]
    suffix = Path(key).suffix.lstrip(".")
    if suffix in RDF_FORMATS:
        return RDF_FORMATS[suffix]
    raise InputError(
        f"unknown RDF format for {name_or_path!s}: use one of "
        + ", ".join(sorted({"turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld", "n3"}))
        + " (or a file ending .ttl, .nt, .nq, .trig, .rdf, .jsonld)"
    )


def parse_rdf(
    data: bytes | IO[bytes],
    fmt: ox.RdfFormat,
    *,
    graph: ox.NamedNode | None = None,
    source: str = "input",
    base_iri: str | None = None,
) -> list[ox.Quad]:
    """Parse RDF completely (so a malformed file writes nothing) into quads, placed in ``graph``."""
    try:
        parsed = list(ox.parse(data, format=fmt, base_iri=base_iri))
    except SyntaxError as err:
        raise InputError(f"{source}: not valid {fmt.name}: {err}") from None
    if graph is not None:
        return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed]
    return [t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object) for t in parsed]


class WriteLock:
    """The store's write lock: re-entrant, and counting the writes made under it.

    The count (the data's generation) tells readers holding an older snapshot, such as the
    server's query workers, that they must reopen to see the writes.
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

    def __enter__(self) -> "WriteLock":
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
    """An embedded SpaceKG store on disk (or in memory), with the ontology and reference KB loaded.

    >>> store = Store.open(None)
    >>> store.ask("ASK { agency:nasa a skg:SpaceAgency }")
    True
    """

    def __init__(self, db: ox.Store, path: Path | None) -> None:
        self._db = db
        self.path = path
        self._write_lock = WriteLock()

    # --- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None, *, bootstrap: bool = True) -> "Store":
        """Open the store at ``path`` (``None``: in memory), creating and bootstrapping it if new."""
        if path is None:
            db = ox.Store()
            store_path = None
        else:
            store_path = Path(path)
            if store_path.exists() and not store_path.is_dir():
                raise StoreError(f"{store_path} is a file, not a store folder: pass a folder path")
            try:
                store_path.mkdir(parents=True, exist_ok=True)
                db = ox.Store(str(store_path))
            except OSError as err:
                raise StoreError(
                    f"cannot open the store at {store_path}: {err}. Is another spacekg "
                    "process (a server?) using it? Stop it or pass another --store."
                ) from None
        store = cls(db, store_path)
        if bootstrap and not db.contains_named_graph(ox.NamedNode(str(ONTOLOGY_GRAPH))):
            store.load_reference()
        return store

    def load_reference(self) -> None:
        """(Re)load the ontology and the reference KB into their named graphs, atomically each."""
        for graph, files in ((ONTOLOGY_GRAPH, ontology_files()), (KB_GRAPH, kb_files())):
            node = ox.NamedNode(str(graph))
            quads: list[ox.Quad] = []
            for file in files:
                quads.extend(
                    parse_rdf(file.read_bytes(), ox.RdfFormat.TURTLE, graph=node, source=str(file))
                )
            self.replace_graph(node, quads)

    def close(self) -> None:
        """Flush and release the database."""
        if self.path is not None:
            self._db.flush()
        del self._db

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def write_lock(self) -> WriteLock:
        """The lock every write holds; hold it to make a check and a write one step."""
        return self._write_lock

    @property
    def generation(self) -> int:
        """How many writes the store has taken since it was opened."""
        return self._write_lock.generation

    @property
    def db(self) -> ox.Store:
        """The underlying pyoxigraph store, for read-only use by views that need its full API."""
        return self._db

    # --- reading --------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        base_iri: str | None = None,
    ) -> Any:
        """Run a SPARQL query; the default graph is the union of all graphs unless one is named.

        ``bindings`` substitute variables with values (never splice user input into SPARQL);
        pyoxigraph requires a substituted variable to be in the SELECT projection.
        The SpaceKG prefixes (``skg:``, ``agency:``, ``schema:``...) are predeclared.
        """
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._db.query(
                sparql,
                prefixes=PREFIXES,
                base_iri=base_iri,
                # a query's own FROM clauses name its dataset; pyoxigraph would ignore them
                use_default_graph_as_union=default_graph is None and not has_dataset_clause(sparql),
                default_graph=default_graph,
                named_graphs=named_graphs,
                substitutions=substitutions or None,
            )
        except SyntaxError as err:
            raise QueryError(f"malformed SPARQL query: {err}") from None
        except (OSError, ValueError, TypeError, RuntimeError) as err:
            raise QueryError(f"the query failed: {err}") from None

    def select(self, sparql: str, **bindings: Term) -> list[dict[str, Term]]:
        """Rows of a SELECT query as dicts from variable name to term (unbound ones left out)."""
        result = self.query(sparql, bindings=bindings)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = value
            rows.append(row)
        return rows

    def ask(self, sparql: str, **bindings: Term) -> bool:
        """The answer to an ASK query."""
        return bool(self.query(sparql, bindings=bindings))

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str | ox.NamedNode) -> bool:
        """Whether a named graph exists."""
        return self._db.contains_named_graph(_node(graph))

    def quads(self, graph: str | ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one named graph."""
        return self._db.quads_for_pattern(None, None, None, None if graph is None else _node(graph))

    def __len__(self) -> int:
        return len(self._db)

    def stats(self) -> Stats:
        """Counts of triples, graphs, articles, entities by type and events by type."""
        entities = {
            r["type"].value: int(r["n"].value) for r in self.select(queries.load("store/entities_by_type"))
        }
        events = {r["type"].value: int(r["n"].value) for r in self.select(queries.load("store/events_by_type"))}
        articles = int(self.select(queries.load("store/article_count"))[0]["n"].value)
        return Stats(
            triples=len(self._db),
            graphs=len(self.graphs()),
            articles=articles,
            entities_by_type=entities,
            events_by_type=events,
        )

    # --- writing --------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update, serialised with every other write."""
        with self._write_lock:
            try:
                self._db.update(sparql, prefixes=PREFIXES)
            except SyntaxError as err:
                raise QueryError(f"malformed SPARQL update: {err}") from None
            except OSError as err:
                raise StoreError(f"the update failed: {err}") from None

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction."""
        with self._write_lock:
            self._db.extend(quads)

    def replace_graph(self, graph: str | ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace a named graph's content atomically: readers see the old graph or the new one."""
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
        self.replace_graphs({_node(graph).value: body})

    def replace_graphs(self, graphs: Mapping[str, bytes]) -> None:
        """Replace several named graphs in one transaction, each given as N-Triples from pyoxigraph.

        The N-Triples must come from ``pyoxigraph.serialize`` (as ``replace_graph`` and the ingest
        workers make them): they are placed in the update as data, never parsed from user text.
        """
        parts = []
        for graph, body in graphs.items():
            iri = ox.NamedNode(graph).value  # validates the IRI
            parts.append(f"DROP SILENT GRAPH <{iri}>")
            if body:
                parts.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{body.decode('utf-8')}\n}} }}")
        if not parts:
            return
        # One SPARQL Update runs in one transaction: every drop and insert land together.
        with self._write_lock:
            try:
                self._db.update(" ;\n".join(parts))
            except (SyntaxError, OSError) as err:
                raise StoreError(f"could not replace graphs {', '.join(graphs)}: {err}") from None

    def remove_graph(self, graph: str | ox.NamedNode) -> bool:
        """Delete a named graph; returns whether it existed."""
        node = _node(graph)
        with self._write_lock:
            if not self._db.contains_named_graph(node):
                return False
            self._db.remove_graph(node)
            return True

    def load(
        self,
        source: str | Path | IO[bytes] | bytes,
        *,
        fmt: str | ox.RdfFormat | None = None,
        graph: str | ox.NamedNode | None = None,
        replace: bool = False,
    ) -> int:
        """Load an RDF file or blob, all or nothing; returns the number of quads loaded.

        Triples go to ``graph`` (default: the file's own IRI as a graph, so that a reload
        replaces it); quad formats keep their graphs unless ``graph`` is given.
        """
        name = str(source) if isinstance(source, (str, Path)) else "input"
        if isinstance(source, (str, Path)):
            path = Path(source)
            if not path.is_file():
                raise InputError(f"{path}: no such file")
            data: bytes | IO[bytes] = path.read_bytes()
            resolved = fmt if isinstance(fmt, ox.RdfFormat) else rdf_format(fmt or path)
            # triples go to the file's own graph; quad formats keep the graphs they name
            default_graph = None if resolved.supports_datasets else ox.NamedNode(path.resolve().as_uri())
        else:
            data = source
            if fmt is None:
                raise InputError("the RDF format must be given when loading from a stream")
            resolved = fmt if isinstance(fmt, ox.RdfFormat) else rdf_format(fmt)
            default_graph = None
        target = _node(graph) if graph is not None else default_graph
        quads = parse_rdf(data, resolved, graph=target, source=name)
        if not resolved.supports_datasets and target is None:
            raise InputError("a graph IRI is needed to load triples from a stream")
        if replace and target is not None:
            self.replace_graph(target, quads)
        else:
            self.add(quads)
        return len(quads)

    def bulk_load(self, path: str | Path, *, fmt: str | None = None, graph: str | None = None) -> None:
        """Load a large file fast, streaming (not atomic: for initial loads of big dumps)."""
        file = Path(path)
        resolved = rdf_format(fmt or file)
        with self._write_lock:
            try:
                self._db.bulk_load(
                    path=str(file),
                    format=resolved,
                    to_graph=None if graph is None or resolved.supports_datasets else _node(graph),
                )
            except SyntaxError as err:
                raise InputError(f"{file}: not valid {resolved.name}: {err}") from None

    def dump(self, output: IO[bytes] | Path | None = None, *, fmt: str = "nquads") -> bytes | None:
        """Write every graph as N-Quads or TriG to ``output`` (a path or binary stream), or return it."""
        if fmt not in DUMP_FORMATS:
            raise InputError(f"dumps are N-Quads or TriG: use --format nquads or --format trig, not {fmt}")
        resolved = RDF_FORMATS[fmt]
        if output is None:
            buffer = io.BytesIO()
            self._db.dump(buffer, format=resolved, prefixes=PREFIXES if fmt == "trig" else None)
            return buffer.getvalue()
        if isinstance(output, Path):
            with output.open("wb") as handle:
                self._db.dump(handle, format=resolved)
        else:
            self._db.dump(output, format=resolved)
        return None

    def restore(self, source: Path | IO[bytes] | bytes, *, fmt: str = "nquads") -> int:
        """Replace the whole store with a dump; the dump is parsed in full before anything is cleared."""
        resolved = rdf_format(fmt if not isinstance(source, Path) else (fmt or source))
        if not resolved.supports_datasets:
            raise InputError("restore takes an N-Quads or TriG dump (made by `spacekg dump`)")
        data = source.read_bytes() if isinstance(source, Path) else source
        quads = parse_rdf(data, resolved, source=str(source) if isinstance(source, Path) else "dump")
        with self._write_lock:
            self._db.clear()
            self._db.bulk_extend(quads)
            self._db.flush() if self.path is not None else None
        return len(quads)


def _node(graph: str | ox.NamedNode) -> ox.NamedNode:
    return graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(graph)
