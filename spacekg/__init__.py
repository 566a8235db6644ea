"""SpaceKG: a knowledge graph of international space cooperation and conflict, built from news.

The library is the product; the ``spacekg`` command and the HTTP API are thin views of it.

>>> from spacekg import Store
>>> store = Store.open(None)          # in-memory, with the ontology and reference KB loaded
>>> bool(store.ask("ASK { ?a a skg:SpaceAgency }"))
True
"""

from spacekg.errors import InputError, QueryError, ReadError, SpaceKGError, StoreError
from spacekg.graph.store import Store
from spacekg.settings import Settings

__version__ = "0.1.0"
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
