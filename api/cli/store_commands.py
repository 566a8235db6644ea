"""Commands over the store: init, load, query, validate, stats, dump, backup, restore, graphs."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from spacekg.errors import InputError
from spacekg.graph import formats
from spacekg.graph.results import CLI_FORMATS

from .options import open_store, output_option, store_option

DUMP_FORMATS = [f.key for f in formats.DUMPS]


@click.command()
@store_option
@click.option(
    "--reload", is_flag=True, help="Reload the ontology and reference KB into an existing store."
)
def init(store_path: Path | None, reload: bool) -> None:
    """Create the store and load the ontology and reference knowledge base.

    Example: spacekg init --store ./data/store
    """
    started = time.perf_counter()
    store, settings = open_store(store_path)
    if reload:
        store.load_reference()
    stats = store.stats()
    where = settings.store if settings.store is not None else "memory"
    click.echo(
        f"Store ready at {where}: {stats.triples:,} triples in {stats.graphs} graphs "
        f"({time.perf_counter() - started:.2f} s)."
    )
    store.close()


@click.command()
@store_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format", "fmt", default=None, help="RDF format (default: from the file extension)."
)
@click.option(
    "--graph", default=None, help="Named graph IRI for the triples (default: the file's IRI)."
)
@click.option(
    "--replace", is_flag=True, help="Replace the graph's content instead of adding to it."
)
def load(
    store_path: Path | None,
    files: tuple[Path, ...],
    fmt: str | None,
    graph: str | None,
    replace: bool,
) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD), each all or nothing.

    Example: spacekg load extra.ttl --graph https://example.org/my-additions
    """
    store, _ = open_store(store_path)
    try:
        for file in files:
            count = store.load(file, fmt=fmt, graph=graph, replace=replace)
            click.echo(f"{file}: {count:,} triples loaded.")
    finally:
        store.close()


@click.command()
@store_option
@click.argument("sparql", required=False)
@click.option(
    "--file", "query_file", type=click.File("r"), help="Read the query from a file ('-' for stdin)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CLI_FORMATS),
    default="table",
    show_default=True,
    help="Output format (json/csv/tsv/xml are the W3C SPARQL results formats).",
)
def query(store_path: Path | None, sparql: str | None, query_file, fmt: str) -> None:
    """Run a SPARQL query over all graphs; prefixes such as skg:, agency:, schema: are predeclared.

    Example: spacekg query 'SELECT ?p ?org WHERE { ?p skg:heads ?org }' --format csv
    """
    if query_file is not None:
        sparql = query_file.read()
    if not sparql:
        raise click.UsageError("give a query as an argument or with --file")
    from spacekg.graph.results import write_results

    store, _ = open_store(store_path, reading=True)
    try:
        result = store.query(sparql)
        out = sys.stdout.buffer
        try:
            write_results(result, out, fmt)
        except (OSError, ValueError) as err:  # pyoxigraph raises these while evaluating lazily
            raise InputError(f"the query failed: {err}") from None
        out.flush()
    finally:
        store.close()


@click.command()
@store_option
def validate(store_path: Path | None) -> None:
    """Check the whole store against the SHACL shapes; exit 1 if anything violates them.

    Example: spacekg validate
    """
    from spacekg.graph.validation import validate_store

    store, _ = open_store(store_path, reading=True)
    try:
        report = validate_store(store)
    finally:
        store.close()
    click.echo(str(report))
    if not report.conforms:
        raise click.exceptions.Exit(1)


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(store_path: Path | None, as_json: bool) -> None:
    """Show what the store holds: triples, graphs, articles, entities and events by type.

    Example: spacekg stats --json
    """
    store, _ = open_store(store_path, reading=True)
    try:
        figures = store.stats()
    finally:
        store.close()
    if as_json:
        import dataclasses
        import json

        click.echo(json.dumps(dataclasses.asdict(figures), indent=2))
        return
    from spacekg.graph.results import compact_iri

    click.echo(f"Triples:  {figures.triples:,}")
    click.echo(f"Graphs:   {figures.graphs:,}")
    click.echo(f"Articles: {figures.articles:,}")
    click.echo("Entities by type:")
    for iri, n in figures.entities_by_type.items():
        click.echo(f"  {compact_iri(iri):<34} {n:>7,}")
    click.echo("Events by type:")
    if not figures.events_by_type:
        click.echo("  (none yet: run `spacekg ingest`)")
    for iri, n in figures.events_by_type.items():
        click.echo(f"  {compact_iri(iri):<34} {n:>7,}")


@click.command()
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(DUMP_FORMATS), default="nquads", show_default=True
)
@output_option
def dump(store_path: Path | None, fmt: str, output: Path | None) -> None:
    """Write every graph of the store as N-Quads or TriG.

    Example: spacekg dump --format trig -o backup.trig
    """
    store, _ = open_store(store_path, reading=True)
    try:
        if output is None:
            store.dump(sys.stdout.buffer, fmt=fmt)
        else:
            tmp = output.with_name(output.name + ".part")
            store.dump(tmp, fmt=fmt)
            tmp.replace(output)  # never leave a half-written dump under the real name
            click.echo(f"Dumped {len(store):,} quads to {output}.", err=True)
    finally:
        store.close()


@click.command()
@store_option
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def backup(store_path: Path | None, folder: Path) -> None:
    """Copy the store, consistently, into a new folder (also while a server writes to it).

    The copy is the store as it stands when the command starts; restore it with
    `spacekg restore FOLDER`.

    Example: spacekg backup backups/2026-12-03
    """
    store, _ = open_store(store_path, reading=True)
    try:
        store.backup(folder)
        quads = len(store)
    finally:
        store.close()
    click.echo(f"Backed up {quads:,} quads to {folder}; restore with `spacekg restore {folder}`.")


@click.command()
@store_option
@click.argument("dump_file", metavar="DUMP_OR_BACKUP", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DUMP_FORMATS),
    default=None,
    help="Default: from the extension.",
)
@click.option("--yes", is_flag=True, help="Do not ask before replacing the store's content.")
def restore(store_path: Path | None, dump_file: Path, fmt: str | None, yes: bool) -> None:
    """Replace the store's whole content with a dump or a backup folder.

    Takes a file made by `spacekg dump` or a folder made by `spacekg backup`; the store must
    not be served meanwhile.

    Example: spacekg restore backup.nq --yes
    """
    if not yes:
        click.confirm("This replaces everything in the store. Continue?", abort=True)
    if dump_file.is_dir():
        from spacekg.graph.backups import restore_backup
        from spacekg.settings import Settings

        settings = Settings.from_env(store=store_path)
        if settings.store is None:
            raise InputError("restoring a backup folder needs an on-disk store: pass --store")
        count = restore_backup(dump_file, settings.store)
        click.echo(f"Restored {count:,} quads from the backup {dump_file}.")
        return
    store, _ = open_store(store_path)
    try:
        chosen = fmt or ("trig" if dump_file.suffix == ".trig" else "nquads")
        count = store.restore(dump_file, fmt=chosen)
    finally:
        store.close()
    click.echo(f"Restored {count:,} quads from {dump_file}.")


@click.command()
@store_option
def graphs(store_path: Path | None) -> None:
    """List the named graphs (one per article, plus the ontology and the KB).

    Example: spacekg graphs
    """
    store, _ = open_store(store_path, reading=True)
    try:
        for graph in store.graphs():
            click.echo(graph)
    finally:
        store.close()


COMMANDS = [init, load, query, validate, stats, dump, backup, restore, graphs]
__all__ = ["COMMANDS"]
