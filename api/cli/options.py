"""Option sets shared by several commands, defined once as decorators."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from spacekg.graph.store import Store
from spacekg.settings import Settings

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


def open_store(store_path: Path | None, **overrides: object) -> tuple[Store, Settings]:
    """Settings from env and flags, and the store they name (created and bootstrapped if missing)."""
    settings = Settings.from_env(store=store_path, **overrides)
    return Store.open(settings.store), settings
