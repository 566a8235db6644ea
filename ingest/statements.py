"""Binary statements an extraction makes: events expanded into shortcut edges, plus facts.

One expansion serves both the RDF shortcut edges and the evaluation output, so the two never
disagree about what an event means.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacekg.ontology.taxonomy import event_types

from .classes import AGREEMENT_CLASSES, PROJECT_CLASSES
from .dates import Date
from .records import Event, Evidence, Extraction

# What one signs or joins: a named agreement, or a programme one becomes a partner of.
SIGNED_CLASSES = AGREEMENT_CLASSES + ("Programme",)


@dataclass(frozen=True)
class Statement:
    """``subject predicate object`` with the skg property's local name, date and evidence."""

    subject: str
    predicate: str
    object: str
    date: Date | None
    evidence: Evidence | None
    confidence: float
    source: str  # "event", "text" or "kb"


def event_statements(event: Event, extraction: Extraction) -> Iterator[tuple[str, str, str]]:
    """The shortcut edges an event implies, as (subject, property, object)."""
    classes = {iri: e.cls for iri, e in extraction.entities.items()}
    shortcut = event_types()[event.type].shortcut
    agreements = [i for i in event.instruments if classes.get(i) in SIGNED_CLASSES]
    projects = [i for i in event.instruments if classes.get(i) in PROJECT_CLASSES]
    if event.type == "sign-agreement":
        for actor in event.actors + event.partners:
            for agreement in agreements:
                yield actor, "signs", agreement
        for actor in event.actors:
            for partner in event.partners:
                yield actor, "agreesWith", partner
        return
    if event.type == "join-programme":
        for actor in event.actors:
            for thing in event.instruments:
                yield actor, "signs" if classes.get(thing) == "Agreement" else "joins", thing
        return
    if event.type == "joint-mission":
        for actor in event.actors:
            for project in projects:
                yield actor, "participatesIn", project
        return
    if event.type == "launch-service":
        for actor in event.actors:
            for project in projects:
                if classes.get(project) != "LaunchVehicle":
                    yield actor, "launches", project
        return
    if event.type == "carry-payload":
        for project in projects:
            for owner in event.actors:
                yield project, "carriesPayloadOf", owner
        return
    if event.type == "withdraw":
        for actor in event.actors:
            for thing in event.instruments or event.partners:
                yield actor, "withdrawsFrom", thing
        return
    if shortcut is None:
        return  # a refusal is recorded as the event only
    others = event.recipients + event.targets + event.partners
    for actor in event.actors:
        for other in others:
            yield actor, shortcut, other


def statements(extraction: Extraction) -> list[Statement]:
    """Every binary statement of an extraction, events first, without duplicates."""
    found: dict[tuple[str, str, str], Statement] = {}
    for event in extraction.events:
        for s, p, o in event_statements(event, extraction):
            if s != o and (s, p, o) not in found:
                found[(s, p, o)] = Statement(
                    s, p, o, event.date, event.evidence, event.confidence, "event"
                )
    for fact in extraction.facts:
        key = (fact.subject, fact.predicate, fact.object)
        if key not in found:
            found[key] = Statement(
                fact.subject,
                fact.predicate,
                fact.object,
                fact.date,
                fact.evidence,
                fact.confidence,
                fact.source,
            )
    return list(found.values())
