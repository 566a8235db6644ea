"""``spacekg eval``: score extracted relations against gold annotations."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("pred", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--only",
    "only",
    default=None,
    help="Comma-separated article ids to score (default: every gold file).",
)
@click.option(
    "--errors/--no-errors",
    default=True,
    show_default=True,
    help="List missed and spurious relations with their evidence sentence.",
)
def eval_(gold: Path, pred: Path, only: str | None, errors: bool) -> None:
    """Score predictions (one NNN.json per article) against gold: per predicate, with errors.

    \b
    Example: spacekg extract --eval-json out/eval ../shared/eval/dev/articles/*.json
             spacekg eval ../shared/eval/dev/gold out/eval --only 000,004
    """
    from spacekg.ingest.evaluation import evaluate, format_report

    articles = [a.strip() for a in only.split(",") if a.strip()] if only else None
    click.echo(format_report(evaluate(gold, pred, articles), errors=errors))


COMMANDS = [eval_]
