"""The exceptions SpaceKG raises, one hierarchy, each saying what was wrong and what to do."""

from __future__ import annotations


class SpaceKGError(Exception):
    """Base of every error SpaceKG raises on purpose."""


class InputError(SpaceKGError):
    """A file, query or argument given by the user is malformed."""


class QueryError(InputError):
    """A SPARQL query or update could not be parsed or evaluated."""


class ReadError(InputError):
    """A file or item cannot be read as an article; ``reason`` is shown to the user as is.

    The readers turn it into a ``ReadFailure`` record, so that one bad file does not stop a
    batch; raised past them (one article posted over HTTP), it maps like any other InputError.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StoreError(SpaceKGError):
    """The store could not be opened, read or written."""
