"""The SPARQL the graph layer runs, as ``.rq`` files in this folder (prefixes are predeclared).

Queries take their values as bound variables (``Store.select(load(name), iri=...)``), never
spliced into the text.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def load(name: str) -> str:
    """The text of ``<name>.rq`` in this folder (``"store/article_count"``)."""
    return (resources.files(__package__) / f"{name}.rq").read_text(encoding="utf-8")
