"""Commands that read articles: ingest (into the store) and extract (print, store nothing)."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from spacekg.errors import InputError
from spacekg.settings import Settings

if TYPE_CHECKING:
    from spacekg.ingest.readers import Document

from .options import open_store, store_option


def _date(_: click.Context, __: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


def article_options(func):  # type: ignore[no-untyped-def]
    """``--published``, ``--source``, ``--url``, ``--max-bytes`` and ``--follow-symlinks``: what is read and how."""
    func = click.option(
        "--follow-symlinks", is_flag=True, help="Also read links in a folder that point outside it."
    )(func)
    func = click.option(
        "--max-bytes",
        type=int,
        default=Settings.max_article_bytes,
        show_default=True,
        help="Largest article file accepted.",
    )(func)
    func = click.option("--url", default=None, help="Article URL (overrides the document's).")(func)
    func = click.option("--source", default=None, help="Outlet name (overrides the document's).")(
        func
    )
    func = click.option(
        "--published",
        callback=_date,
        default=None,
        help="Publication date YYYY-MM-DD (overrides the document's).",
    )(func)
    return func


@click.command()
@store_option
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Extraction processes.",
)
@article_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(
    store_path: Path | None,
    paths: tuple[str, ...],
    workers: int,
    published,
    source,
    url,
    max_bytes: int,
    follow_symlinks: bool,
    quiet: bool,
) -> None:
    """Read articles (files, folders, '-' for stdin) and store what they say; re-ingesting replaces.

    \b
    Formats: .txt .md .html .json .jsonl and RSS/Atom feeds.
    Example: spacekg ingest ingest/samples --workers 2
    """
    from spacekg.ingest.pipeline import ingest as run
    from spacekg.ingest.pipeline import start_workers
    from spacekg.ingest.readers import Overrides, read_paths

    start_workers(workers)  # their model loads while the inputs are read and the store opens
    overrides = Overrides(published=published, source=source, url=url)
    items = list(
        read_paths(paths, overrides=overrides, max_bytes=max_bytes, follow_symlinks=follow_symlinks)
    )
    store, _ = open_store(store_path)
    try:
        with click.progressbar(
            length=len(items), label="Ingesting", file=sys.stderr, hidden=quiet or not items
        ) as bar:
            summary = run(store, items, workers=workers, on_result=lambda _: bar.update(1))
    finally:
        store.close()
    for line in summary.lines():
        click.echo(line)
    if not summary.ok:
        raise click.exceptions.Exit(1)


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "trig", "json"]),
    default="turtle",
    show_default=True,
)
@click.option(
    "--eval-json",
    "eval_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write one evaluation-format JSON per article into this folder (see shared/eval/FORMAT.md).",
)
@article_options
def extract(
    files: tuple[str, ...],
    fmt: str,
    eval_dir: Path | None,
    published,
    source,
    url,
    max_bytes: int,
    follow_symlinks: bool,
) -> None:
    """Print what would be stored for articles, without storing anything.

    \b
    Example: spacekg extract article.html --format json
    Example: spacekg extract --eval-json out/ ../shared/eval/dev/articles/*.json
    """
    from spacekg.ingest.evaluation import to_eval_json
    from spacekg.ingest.extract import extract as run
    from spacekg.ingest.rdf import serialize
    from spacekg.ingest.readers import Overrides, ReadFailure, read_paths

    failed = False
    if eval_dir is not None:
        eval_dir.mkdir(parents=True, exist_ok=True)
    overrides = Overrides(published=published, source=source, url=url)
    for item in read_paths(
        files, overrides=overrides, max_bytes=max_bytes, follow_symlinks=follow_symlinks
    ):
        if isinstance(item, ReadFailure):
            click.secho(f"Error: {item.origin}: {item.reason}", fg="red", err=True)
            failed = True
            continue
        extraction = run(item)
        if eval_dir is not None:
            out = eval_dir / f"{_eval_name(item)}.json"
            out.write_text(
                json.dumps(to_eval_json(extraction), indent=1, ensure_ascii=False), encoding="utf-8"
            )
            click.echo(f"{item.origin} -> {out}", err=True)
            continue
        if fmt == "json":
            click.echo(json.dumps(to_eval_json(extraction), indent=1, ensure_ascii=False))
            continue
        sys.stdout.buffer.write(serialize(extraction, fmt))
    if failed:
        raise click.exceptions.Exit(1)


def _eval_name(document: Document) -> str:
    """The evaluation file name: the input file's stem (``003`` for ``articles/003.json``)."""
    origin = document.origin.split("#", 1)[0]
    stem = Path(origin).stem if origin != "<stdin>" else "stdin"
    if "#" in document.origin:
        stem += "-" + document.origin.split("#", 1)[1]
    if not stem:
        raise InputError(f"cannot name an evaluation file for {document.origin}")
    return stem


COMMANDS = [ingest, extract]
