"""Read news articles from files, folders and stdin into :class:`Document` records.

Formats are a registry (:data:`FORMATS`): plain text, Markdown, HTML, JSON, JSON Lines and RSS/Atom
feeds. A file's format comes from its extension, else from its content. Every problem with the
input (an empty file, a binary one, a wrong encoding, malformed JSON, ...) becomes a
:class:`ReadFailure` that says what was wrong, so that one bad file never stops a batch.

Examples
--------
>>> docs = read_text(b"# Relay deal\\n\\nThe two agencies signed a relay deal.", origin="note.md")
>>> docs[0].title, docs[0].text
('Relay deal', 'The two agencies signed a relay deal.')
>>> read_text(b"", origin="empty.txt")
[ReadFailure(origin='empty.txt', reason='empty file')]
"""

from __future__ import annotations

from .blob import read_text
from .document import Document, Overrides, ReadFailure
from .files import STDIN, read_paths
from .limits import DEFAULT_MAX_BYTES
from .registry import EXTENSIONS, FORMATS

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXTENSIONS",
    "FORMATS",
    "STDIN",
    "Document",
    "Overrides",
    "ReadFailure",
    "read_paths",
    "read_text",
]
