"""Option sets shared by several commands, defined once as decorators."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from spacekg.errors import StoreLocked
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
