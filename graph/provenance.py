"""The events behind a network: their details, the sentences reporting them, and their RDF.

Queries name the events with a ``VALUES`` block built from pyoxigraph terms (each IRI checked
by ``NamedNode``), in batches, so an export costs a few queries however large the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from spacekg.errors import InputError
from spacekg.ontology.vocab import EVT, SKG

from . import queries
from .store import Store

#: Events named per query: keeps each query text to a few hundred kilobytes.
BATCH = 2000


@dataclass(frozen=True)
class Evidence:
    """A sentence reporting an event, and its article."""

    sentence: str
    article: str  # IRI
    url: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class EventDetail:
    """An event as the exports describe it."""

    iri: str
    type: str  # taxonomy slug
    label: str | None
    date: str | None
    confidence: float | None  # the highest any report gives
    status: str  # "asserted" when any report asserts it, else "planned"
    evidence: tuple[Evidence, ...]

    def as_json(self) -> dict[str, object]:
        """The event as a JSON object, for the JSON export formats."""
        return {
            "iri": self.iri,
            "type": self.type,
            "label": self.label,
            "date": self.date,
            "confidence": self.confidence,
            "status": self.status,
            "evidence": [
                {k: v for k, v in vars(ev).items() if v is not None} for ev in self.evidence
            ],
        }


def values_clause(variable: str, iris: Iterable[str]) -> str:
    """``VALUES ?variable { <iri> ... }`` from IRIs checked and written by pyoxigraph."""
    terms = []
    for iri in iris:
        try:
            terms.append(str(ox.NamedNode(iri)))
        except ValueError:
            raise InputError(f"{iri!r} is not a valid IRI") from None
    return f"\nVALUES ?{variable} {{ {' '.join(terms)} }}\n"


def _batches(iris: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(iris))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def event_details(store: Store, events: Iterable[str]) -> dict[str, EventDetail]:
    """Details and evidence of the named events, by IRI (events not in the store are left out)."""
    text = queries.load("network/event_details")
    found: dict[str, dict] = {}
    for batch in _batches(events):
        for row in store.select(text + values_clause("e", batch)):
            iri = row["e"].value
            item = found.setdefault(
                iri,
                {
                    "type": row["type"].value.removeprefix(str(EVT)),
                    "label": None,
                    "dates": set(),
                    "confidence": None,
                    "asserted": False,
                    "evidence": {},
                },
            )
            if "label" in row:
                item["label"] = min(filter(None, (item["label"], row["label"].value)))
            if "date" in row:
                item["dates"].add(row["date"].value)
            if "confidence" in row:
                item["confidence"] = max(item["confidence"] or 0.0, float(row["confidence"].value))
            if "status" in row and row["status"].value == str(SKG.asserted):
                item["asserted"] = True
            if "evidence" in row:
                item["evidence"][row["evidence"].value] = Evidence(
                    sentence=row["sentence"].value,
                    article=row["article"].value,
                    url=row["url"].value if "url" in row else None,
                    title=row["title"].value if "title" in row else None,
                    published=row["published"].value if "published" in row else None,
                )
    return {
        iri: EventDetail(
            iri=iri,
            type=item["type"],
            label=item["label"],
            date=min(item["dates"]) if item["dates"] else None,
            confidence=item["confidence"],
            status="asserted" if item["asserted"] else "planned",
            evidence=tuple(item["evidence"][k] for k in sorted(item["evidence"])),
        )
        for iri, item in sorted(found.items())
    }


def subgraph(store: Store, events: Iterable[str]) -> list[ox.Triple]:
    """The RDF behind the named events: themselves, evidence, articles, types, participants."""
    text = queries.load("network/subgraph")
    triples: dict[ox.Triple, None] = {}
    for batch in _batches(events):
        for triple in store.query(text + values_clause("e", batch)):
            triples[triple] = None
    return list(triples)
