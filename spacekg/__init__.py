"""SpaceKG: a knowledge graph of international space cooperation and conflict, built from news.

The library is the product; the ``spacekg`` command and the HTTP API are thin views of it.

>>> from spacekg import Store
>>> store = Store.open(None)          # in-memory, with the ontology and reference KB loaded
>>> bool(store.ask("ASK { ?a a skg:SpaceAgency }"))
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacekg.errors import InputError, QueryError, ReadError, SpaceKGError, StoreError

if TYPE_CHECKING:
    from spacekg.graph.store import Store
    from spacekg.settings import Settings

__version__ = "0.1.0"

# Loaded on first use: ``import spacekg`` (and every ``spacekg`` command) stays quick.
_LAZY = {"Store": "spacekg.graph.store", "Settings": "spacekg.settings"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'spacekg' has no attribute {name!r}")


__all__ = [
    "InputError",
    "QueryError",
    "ReadError",
    "Settings",
    "SpaceKGError",
    "Store",
    "StoreError",
    "__version__",
]
