"""Network commands: network (summary), metrics (tables), export (files for Gephi, Cytoscape...)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from spacekg.errors import SpaceKGError
from spacekg.graph.network_filter import NetworkFilter

from .options import (
    CommandError,
    LibraryChoice,
    LibraryHelpOption,
    network_options,
    open_store,
    output_option,
    store_option,
)

F = TypeVar("F", bound=Callable[..., None])


def _reported(func: F) -> F:
    """Library errors as one-line messages with exit code 2, however the command is invoked."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            func(*args, **kwargs)
        except SpaceKGError as err:
            raise CommandError(str(err)) from None

    return wrapper  # type: ignore[return-value]


@click.command()
@store_option
@network_options
@click.option(
    "--top", type=click.IntRange(0), default=10, show_default=True, help="How many actors to list."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the figures and the top actors as JSON."
)
@_reported
def network(
    store_path: Path | None, level: str, filters: NetworkFilter, top: int, as_json: bool
) -> None:
    """Summarise the actor network: nodes, ties, events, components, density and top actors.

    \b
    Example: spacekg network --level country --event-class conflict --from 2024
    """
    store, _ = open_store(store_path)
    try:
        summary = _metrics().describe(store, level, filters, top=top)
    finally:
        store.close()
    if as_json:
        import json

        figures = {k: v for k, v in vars(summary).items() if k != "top"}
        click.echo(
            json.dumps(
                {"level": level, **figures, "top": json.loads(summary.top.to_json())["rows"]},
                indent=2,
            )
        )
        return
    click.echo(
        f"Network ({level} level): {summary.nodes:,} nodes, {summary.edges:,} ties, {summary.events:,} events"
    )
    click.echo(
        f"Components: {summary.components:,} (largest {summary.largest_component:,} nodes); "
        f"density {summary.density:.4f}; average degree {summary.average_degree:.2f}"
    )
    if summary.nodes and top:
        click.echo("Top actors by strength (events shared):")
        click.echo(summary.top.to_text(), nl=False)
    elif not summary.nodes:
        click.echo(
            "No ties: try a wider filter, another --level, or `spacekg ingest` some articles."
        )


def _metrics():  # type: ignore[no-untyped-def]
    from spacekg.graph import metrics

    return metrics


def _export():  # type: ignore[no-untyped-def]
    from spacekg.graph import export

    return export


@click.command()
@store_option
@network_options
@click.option(
    "--metric",
    "-m",
    "names",
    type=LibraryChoice(lambda: _metrics().METRICS),
    multiple=True,
    cls=LibraryHelpOption,
    help_from=lambda: (
        "Metric to compute (repeatable) [default: " + ", ".join(_metrics().DEFAULT_METRICS) + "]."
    ),
)
@click.option(
    "--by-year", is_flag=True, help="Compute on each year's network: one row per actor and year."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--top",
    type=click.IntRange(1),
    default=None,
    help="Only the first N rows, ranked by the first metric.",
)
@output_option
@_reported
def metrics(
    store_path: Path | None,
    level: str,
    filters: NetworkFilter,
    names: tuple[str, ...],
    by_year: bool,
    fmt: str,
    top: int | None,
    output: Path | None,
) -> None:
    """Compute network metrics for every actor: centrality, communities, brokerage...

    Rows are ranked by the first metric's first column (degree: by number of partners).

    \b
    Example: spacekg metrics -m betweenness -m community --level country --format csv -o metrics.csv
    """
    store, _ = open_store(store_path)
    try:
        library = _metrics()
        table = library.analyse(
            store, names or library.DEFAULT_METRICS, level, filters, by_year=by_year
        )
    finally:
        store.close()
    ranking = next(c for c in table.columns if c not in ("iri", "label", "year"))
    if not by_year:
        table = table.sorted_by(ranking, limit=top)
    text = {"table": table.to_text, "csv": table.to_csv, "json": table.to_json}[fmt]()
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as err:
        raise CommandError(f"cannot write {output}: {err.strerror or err}") from None
    click.echo(f"{len(table):,} rows written to {output}.", err=True)


@click.command(name="export")
@store_option
@network_options
@click.option(
    "--format",
    "fmt",
    type=LibraryChoice(lambda: _export().EXPORT_FORMATS),
    required=True,
    cls=LibraryHelpOption,
    help_from=lambda: "; ".join(
        f"{f.name}: {f.description}" for f in _export().EXPORT_FORMATS.values()
    ),
)
@output_option
@click.option(
    "--signed",
    is_flag=True,
    help="Keep ties with a sign (+1 cooperation, -1 conflict by summed Goldstein).",
)
@click.option(
    "--colour-by",
    type=LibraryChoice(lambda: _export().COLOUR_BY),
    default="community",
    show_default=True,
    help="GEXF node colours: Leiden community or entity type.",
)
@_reported
def export(
    store_path: Path | None,
    level: str,
    filters: NetworkFilter,
    fmt: str,
    output: Path | None,
    signed: bool,
    colour_by: str,
) -> None:
    """Write the actor network for Gephi, Cytoscape, sigma.js, D3, spreadsheets or RDF tools.

    Every tie carries the events behind it (and in JSON formats their sentences and articles).

    \b
    Example: spacekg export --format gexf --level country -o network.gexf
    """
    store, _ = open_store(store_path)
    try:
        target = output if output is not None else sys.stdout.buffer
        result = _export().export_network(
            store, fmt, target, level, filters, signed=signed, colour_by=colour_by
        )
    finally:
        store.close()
    if output is not None:
        click.echo(
            f"{result.nodes:,} nodes, {result.edges:,} ties and {result.events:,} events written to {output} ({fmt}).",
            err=True,
        )


COMMANDS = [network, metrics, export]
