"""The SpaceKG ontology, event taxonomy, SHACL shapes and reference knowledge base (as files)."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from spacekg.ontology import vocab

__all__ = ["vocab", "ontology_files", "kb_files", "shapes_file", "reference_version"]

_HERE = resources.files(__name__)


def ontology_files() -> list[Path]:
    """The Turtle files of the ontology proper: classes and properties, then the event taxonomy."""
    return [Path(str(_HERE / "spacekg.ttl")), Path(str(_HERE / "event_types.ttl"))]


def shapes_file() -> Path:
    """The SHACL shapes an ingested graph must satisfy."""
    return Path(str(_HERE / "shapes.ttl"))


def kb_files() -> list[Path]:
    """The Turtle files of the reference knowledge base, in a stable order."""
    return sorted(Path(str(p)) for p in (_HERE / "kb").iterdir() if p.name.endswith(".ttl"))


def reference_version() -> str:
    """A digest of the ontology and KB files: a store loaded from other files reloads them."""
    digest = hashlib.sha256()
    for path in ontology_files() + kb_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
