"""The exceptions SpaceKG raises: one hierarchy, each saying what was wrong and what to do.

Every layer raises from here; the CLI turns them into one-line messages (exit 2) and the HTTP
layer maps them to status codes in one place (``spacekg.api.http.errors``)::

    SpaceKGError
    ├── InputError          a file, query, article or argument given by the user is malformed
    │   ├── QueryError      SPARQL that cannot be parsed or evaluated
    │   ├── ReadError       an input that cannot be read as an article
    │   └── NotAcceptable   no format the client accepts can carry the answer
    ├── NotFound            nothing in the store by that name
    ├── Refused             a request the server will not carry out (remote fetches)
    ├── LimitExceeded       a request ran into a limit: time, concurrency, size
    │   ├── QueryTimeout
    │   └── Busy
    └── StoreError          the store could not be opened, read or written
        ├── StoreLocked     another process writes to it (open it read-only to read)
        └── WorkerFailed    a query worker died (out of memory?)
"""

from __future__ import annotations


class SpaceKGError(Exception):
    """Base of every error SpaceKG raises on purpose."""


class InputError(SpaceKGError):
    """A file, query, article or argument given by the user is malformed."""


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


class NotAcceptable(InputError):
    """The client accepts no format that can carry the answer."""


class NotFound(SpaceKGError):
    """Nothing in the store goes by that name."""


class Refused(SpaceKGError):
    """The server will not carry out the request (it would fetch remote data, say)."""


class LimitExceeded(SpaceKGError):
    """The request ran into one of the server's limits."""

    retry_after: int | None = None


class QueryTimeout(LimitExceeded):
    """A query or read ran longer than allowed and was stopped."""


class Busy(LimitExceeded):
    """Every query worker was busy for as long as a request may wait."""

    retry_after = 2


class StoreError(SpaceKGError):
    """The store could not be opened, read or written."""


class StoreLocked(StoreError):
    """Another process holds the store open for writing (a server, an ingest)."""


class WorkerFailed(StoreError):
    """A query worker stopped unexpectedly (out of memory, killed)."""


#: Errors by class name, to carry them across the worker processes' pipes.
BY_NAME: dict[str, type[SpaceKGError]] = {
    cls.__name__: cls
    for cls in (
        SpaceKGError,
        InputError,
        QueryError,
        ReadError,
        NotAcceptable,
        NotFound,
        Refused,
        LimitExceeded,
        QueryTimeout,
        Busy,
        StoreError,
        StoreLocked,
        WorkerFailed,
    )
}
