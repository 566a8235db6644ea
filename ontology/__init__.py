"""The SpaceKG ontology, event taxonomy, SHACL shapes and reference knowledge base (as files)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from spacekg.ontology import vocab

__all__ = ["vocab", "ontology_files", "kb_files", "shapes_file"]

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
