"""The exceptions SpaceKG raises, one hierarchy, each saying what was wrong and what to do."""

from __future__ import annotations


class SpaceKGError(Exception):
    """Base of every error SpaceKG raises on purpose."""


class InputError(SpaceKGError):
    """A file, query or argument given by the user is malformed."""


class QueryError(InputError):
    """A SPARQL query or update could not be parsed or evaluated."""


class StoreError(SpaceKGError):
    """The store could not be opened, read or written."""
