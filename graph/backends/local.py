"""The embedded backend: a pyoxigraph (RocksDB) store in a folder, or in memory.

A writer holds the folder exclusively; any number of processes may open it read-only
(``pyoxigraph.Store.read_only``), each seeing the data as it was when opened until it refreshes.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from spacekg.errors import StoreError, StoreLocked

from . import GraphName, Term

_REOPEN_PATIENCE = 5.0  # seconds to keep retrying a read-only open while the writer compacts


class LocalBackend:
    """A pyoxigraph store on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._files: int | None = None
        self._db = self._open()

    def _open(self) -> ox.Store:
        if self.path is None:
            return ox.Store()
        if self.read_only:
            return self._open_read_only()
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a store folder: pass a folder path")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(self.path))
        except OSError as err:
            if "lock" in str(err).lower():
                raise StoreLocked(
                    f"the store at {self.path} is open for writing in another process (a "
                    "server?): stop it, or read the store with a read-only command"
                ) from None
            raise StoreError(
                f"cannot open the store at {self.path}: {err}. Is another spacekg process "
                "(a server?) writing to it? Stop it, open it read-only, or pass another --store."
            ) from None

    def _open_read_only(self) -> ox.Store:
        assert self.path is not None
        if not (self.path / "CURRENT").is_file():
            raise StoreError(f"there is no store at {self.path}: create one with `spacekg init`")
        self._files = self._folder_stamp()
        delay, deadline = 0.005, time.monotonic() + _REOPEN_PATIENCE
        while True:
            try:
                return ox.Store.read_only(str(self.path))
            except (OSError, RuntimeError) as err:
                # The writer's RocksDB may be swapping files right now (a compaction deletes the
                # files it merged): the open reads a file list, then a file is gone. RocksDB
                # reports that as "Corruption"/"No such file"; the next attempt sees the new list.
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"cannot open the store at {self.path} read-only: {err}"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.2)

    def _folder_stamp(self) -> int:
        assert self.path is not None
        return os.stat(self.path).st_mtime_ns

    def refresh(self) -> None:
        """Reopen a read-only handle, to see the writer's changes."""
        if self.path is None or not self.read_only:
            return
        del self._db  # release the old handle (and its files) first
        self._db = self._open_read_only()

    def is_stale(self) -> bool:
        """Whether the writer has rewritten the store's files since this handle was opened.

        A handle opened before a compaction keeps reading the uncompacted files, which makes
        range scans several times slower.
        """
        return self.read_only and self.path is not None and self._folder_stamp() != self._files

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
        """Evaluate a SPARQL query (see :meth:`pyoxigraph.Store.query`)."""
        return self._db.query(
            sparql,
            prefixes=dict(prefixes),
            base_iri=base_iri,
            use_default_graph_as_union=union_default_graph,
            default_graph=default_graph,
            named_graphs=named_graphs,
            substitutions=dict(substitutions) if substitutions else None,
        )

    def update(self, sparql: str, *, prefixes: Mapping[str, str], base_iri: str | None) -> None:
        """Apply a SPARQL Update in one transaction."""
        self._db.update(sparql, prefixes=dict(prefixes), base_iri=base_iri)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction."""
        self._db.extend(quads)

    def bulk_load(self, path: Path, fmt: ox.RdfFormat, to_graph: GraphName | None) -> None:
        """Load a file fast, streaming, outside any transaction."""
        self._db.bulk_load(path=str(path), format=fmt, to_graph=to_graph)

    def replace_all(self, quads: Iterable[ox.Quad]) -> None:
        """Replace every quad of the store."""
        self._db.clear()
        self._db.bulk_extend(quads)
        self.flush()

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        """The named graphs."""
        return self._db.named_graphs()

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        """Whether a named graph exists."""
        return self._db.contains_named_graph(graph)

    def quads(
        self,
        subject: Term | None,
        predicate: ox.NamedNode | None,
        obj: Term | None,
        graph: GraphName | None,
    ) -> Iterator[ox.Quad]:
        """The quads matching a pattern (``None`` matches anything)."""
        return self._db.quads_for_pattern(subject, predicate, obj, graph)

    def remove_graph(self, graph: ox.NamedNode) -> None:
        """Delete a named graph and its quads."""
        self._db.remove_graph(graph)

    def dump(
        self, output: IO[bytes], fmt: ox.RdfFormat, prefixes: Mapping[str, str] | None
    ) -> None:
        """Write every quad to a binary stream."""
        self._db.dump(output, format=fmt, prefixes=dict(prefixes) if prefixes else None)

    def backup(self, target: Path) -> None:
        """Copy the store into a new folder: a RocksDB checkpoint, or a copy of a read-only view.

        A read-only handle's checkpoint would leave out what the writer has not flushed yet
        (its log), so a read-only handle copies the quads it sees instead. The copy is made
        beside ``target`` and renamed into place, so no half-made copy carries its name.
        """
        if self.path is None:
            raise StoreError("an in-memory store cannot be backed up")
        partial = target.with_name(target.name + ".part")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            if self.read_only:
                copy = ox.Store(str(partial))
                copy.bulk_extend(self._db)
                copy.flush()
                del copy
            else:
                self._db.backup(str(partial))
            partial.rename(target)
        except OSError as err:
            shutil.rmtree(partial, ignore_errors=True)
            raise StoreError(f"could not back up the store into {target}: {err}") from None

    def size(self) -> int:
        """How many quads the store holds (scans them all)."""
        return len(self._db)

    def flush(self) -> None:
        """Make every write durable (on disk: write the memtable out)."""
        if self.path is not None and not self.read_only:
            self._db.flush()

    def log_bytes(self) -> int:
        """Bytes of write-ahead log a reader reopening the store would replay."""
        if self.path is None:
            return 0
        try:
            return sum(e.stat().st_size for e in os.scandir(self.path) if e.name.endswith(".log"))
        except OSError:
            return 0

    def close(self) -> None:
        """Flush and release the database."""
        self.flush()
        del self._db
