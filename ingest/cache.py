"""What ingest builds from the reference KB once and keeps on disk: the gazetteer and the rulers'
patterns, in a per-user cache folder, rebuilt whenever the KB, the code that builds them or
spaCy changes.

The folder is ``$SPACEKG_CACHE`` or ``~/.cache/spacekg``; anything wrong with a cached file
(missing, unreadable, from another version) only means it is built again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


def folder() -> Path:
    """Where cached builds are kept."""
    configured = os.environ.get("SPACEKG_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "spacekg"


def key(*parts: str | bytes, files: Iterable[Path] = ()) -> str:
    """A digest of ``parts`` and the contents of ``files``: what a cached build depends on."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def code_files() -> list[Path]:
    """The ingest code a cached build may depend on (any change rebuilds it)."""
    return sorted(Path(__file__).parent.glob("*.py"))


def cached(name: str, version: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from ``<folder>/<name>-<version>.pickle`` when it is there."""
    path = folder() / f"{name}-{version}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # written whole under another name, then renamed: readers never see half a file
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as part:
            pickle.dump(value, part, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part.name, path)
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as err:
        log.debug("could not cache %s: %s", name, err)
    return value
