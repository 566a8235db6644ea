"""Exceptions of the ingest pipeline.

Readers never let these escape: :func:`spacekg.ingest.readers.read_paths` and
:func:`~spacekg.ingest.readers.read_text` turn them into ``ReadFailure`` records, so one bad file
does not stop a batch. They are public so that later ingest steps can share the base class.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class of every error raised while turning input into articles."""


class UnreadableInputError(IngestError):
    """A file or item cannot be read as an article; ``reason`` is shown to the user as is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
