"""The event taxonomy as data: each event type's shortcut property, polarity and Goldstein value."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .vocab import EVT, SKG

_QUERY = """
PREFIX skg: <https://w3id.org/spacekg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?type ?label ?cameo ?goldstein ?plover ?polarity ?shortcut WHERE {
  ?type a skg:EventType ; skos:prefLabel ?label ; skg:cameoCode ?cameo ; skg:goldstein ?goldstein ;
        skg:ploverCategory ?plover ; skg:polarity ?polarity .
  OPTIONAL { ?type skg:shortcut ?shortcut }
}
"""


@dataclass(frozen=True)
class EventType:
    """One concept of the taxonomy."""

    slug: str
    label: str
    cameo: str
    goldstein: float
    plover: str
    conflict: bool
    shortcut: str | None  # local name of the skg shortcut property, if the type has one


@functools.lru_cache(maxsize=1)
def event_types() -> dict[str, EventType]:
    """Every event type of ``event_types.ttl`` by slug."""
    store = ox.Store()
    path = Path(str(resources.files(__package__) / "event_types.ttl"))
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    found = {}
    for row in store.query(_QUERY):
        slug = row["type"].value.removeprefix(str(EVT))
        shortcut = row["shortcut"]
        found[slug] = EventType(
            slug=slug,
            label=row["label"].value,
            cameo=row["cameo"].value,
            goldstein=float(row["goldstein"].value),
            plover=row["plover"].value,
            conflict=row["polarity"].value == str(SKG.conflict),
            shortcut=shortcut.value.removeprefix(str(SKG)) if shortcut is not None else None,
        )
    return found
