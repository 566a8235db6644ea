"""Option sets shared by several commands, defined once as decorators."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from spacekg.errors import SpaceKGError, StoreLocked
from spacekg.graph.network_filter import (
    ENTITY_TYPES,
    EVENT_CLASSES,
    LEVELS,
    STATUSES,
    NetworkFilter,
)
from spacekg.settings import Settings

if TYPE_CHECKING:
    from spacekg.graph.store import Store

F = TypeVar("F", bound=Callable[..., object])


def store_option(func: F) -> F:
    """``--store PATH``: where the embedded store lives (env ``SPACEKG_STORE``, default ./data/store)."""
    return click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Store folder [env SPACEKG_STORE; default ./data/store].",
    )(func)


def output_option(func: F) -> F:
    """``-o/--output FILE``: where a command writes, standard output when not given."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="File (default: stdout).",
    )(func)


def open_store(
    store_path: Path | None, *, reading: bool = False, **overrides: object
) -> tuple[Store, Settings]:
    """Settings from env and flags, and the store they name (created and bootstrapped if missing).

    A command that only ``reading`` opens the store read-only when another process (a server)
    is writing to it, and says so: it then sees the data as of that moment.
    """
    from spacekg.graph.store import Store

    settings = Settings.from_env(store=store_path, **overrides)
    try:
        return Store.open(settings.store), settings
    except StoreLocked:
        if not reading or settings.store is None:
            raise
    click.echo(f"(reading {settings.store} read-only: another process is writing to it)", err=True)
    return Store.open(settings.store, read_only=True), settings


class CommandError(click.ClickException):
    """A library error shown as one line (``Error: ...``) with exit code 2, as ``main`` does."""

    exit_code = 2


def network_options(func: F) -> F:
    """``--level`` and the network filters, given to the command as ``level`` and ``filters``.

    Bad values stop the command with exit code 2 and a message naming the value.
    """

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        raw = {name: kwargs.pop(name) for name in _FILTER_OPTIONS}
        try:
            kwargs["filters"] = NetworkFilter(
                event_class=raw["event_class"],
                event_types=raw["event_types"],
                date_from=raw["date_from"],
                date_to=raw["date_to"],
                entity_types=raw["entity_types"],
                country=raw["country"],
                min_confidence=raw["min_confidence"],
                status=raw["status"],
            )
        except SpaceKGError as err:
            raise click.BadParameter(str(err)) from None
        return func(*args, **kwargs)

    options = [
        click.option(
            "--level",
            type=click.Choice(list(LEVELS)),
            default="all",
            show_default=True,
            help="Nodes: people, organisations, countries (organisations and people rolled up), or all actors.",
        ),
        click.option(
            "--event-class",
            type=click.Choice(EVENT_CLASSES),
            default="all",
            show_default=True,
            help="Cooperation events, conflict events or both.",
        ),
        click.option(
            "--type",
            "event_types",
            multiple=True,
            metavar="SLUG",
            help="Only events of this taxonomy type (repeatable), e.g. lend-samples.",
        ),
        click.option(
            "--from",
            "date_from",
            metavar="DATE",
            help="Events overlapping from this date (YYYY, YYYY-MM, YYYY-MM-DD).",
        ),
        click.option(
            "--to",
            "date_to",
            metavar="DATE",
            help="Events overlapping up to this date (YYYY, YYYY-MM, YYYY-MM-DD).",
        ),
        click.option(
            "--entity-type",
            "entity_types",
            type=click.Choice(list(ENTITY_TYPES)),
            multiple=True,
            help="Only participants of this type (repeatable).",
        ),
        click.option(
            "--country",
            metavar="ISO",
            help="Only ties touching actors of this country (ISO alpha-2, e.g. CN).",
        ),
        click.option(
            "--min-confidence",
            type=float,
            metavar="P",
            help="Only events extracted with at least this confidence (0-1).",
        ),
        click.option(
            "--status",
            type=click.Choice(STATUSES),
            default="all",
            show_default=True,
            help="Asserted events, planned ones, or both.",
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


_FILTER_OPTIONS = (
    "event_class",
    "event_types",
    "date_from",
    "date_to",
    "entity_types",
    "country",
    "min_confidence",
    "status",
)


class LibraryChoice(click.Choice):
    """Choices read from the library when first needed (a value to check, a command's --help),
    so that ``spacekg`` starts without importing it (networkx and igraph take half a second)."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load
        self._loaded: tuple[str, ...] | None = None
        super().__init__((), case_sensitive=True)

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        if self._loaded is None:
            self._loaded = tuple(self._load())
        return self._loaded

    @choices.setter
    def choices(self, value: object) -> None:
        pass  # set by click.Choice's constructor; the library's answer wins


class LibraryHelpOption(click.Option):
    """An option whose help text is made from the library when a command's --help shows it."""

    def __init__(self, *args: Any, help_from: Callable[[], str], **kwargs: Any) -> None:
        self._help_from = help_from
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def help(self) -> str:
        return self._help_from()

    @help.setter
    def help(self, value: object) -> None:
        pass
