"""The SPARQL the graph layer runs, as ``.rq`` files in this folder (prefixes are predeclared).

Queries take their values as bound variables (``Store.select(load(name), iri=...)``), never
spliced into the text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

import pyoxigraph as ox

from spacekg.errors import InputError


@functools.cache
def load(name: str) -> str:
    """The text of ``<name>.rq`` in this folder (``"store/article_count"``)."""
    return (resources.files(__package__) / f"{name}.rq").read_text(encoding="utf-8")


def with_values(query: str, variable: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
    """``query`` with its empty ``VALUES ?variable { }`` filled with ``terms``.

    For sets of nodes read from the store (a page of events, say): the terms are written by
    pyoxigraph (a term's ``str`` is its N-Triples form, escaped), so nothing a user typed ever
    becomes SPARQL syntax; values from a request are bound with ``Store.select`` instead.
    """
    marker = f"VALUES ?{variable} {{ }}"
    if marker not in query:
        raise ValueError(f"the query has no empty VALUES ?{variable} {{ }} to fill")
    written = " ".join(str(t) for t in terms if isinstance(t, (ox.NamedNode, ox.Literal)))
    return query.replace(marker, f"VALUES ?{variable} {{ {written} }}")


#: Furthest a page may start: far past any store's size, and inside the integers SPARQL's
#: OFFSET takes (a larger one was a query syntax error).
MAX_OFFSET = 1_000_000_000


def with_page(query: str, *, limit: int, offset: int) -> str:
    """``query`` with ``OFFSET offset LIMIT limit`` appended: a page of its ordered solutions.

    Both are checked to be whole numbers of at least zero, so only digits are ever written.
    """
    for name, value in (("limit", limit), ("offset", offset)):
        if type(value) is not int or value < 0:
            raise ValueError(f"{name} must be a whole number of at least 0, not {value!r}")
        if value > MAX_OFFSET:
            raise InputError(f"{name} {value} is too large: at most {MAX_OFFSET:,}")
    return f"{query.rstrip()} OFFSET {offset} LIMIT {limit}"
