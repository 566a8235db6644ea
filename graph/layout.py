"""How articles' statements are laid out in the store: what one article says, and what many may.

An article's named graph holds what only it says: the article node and its metadata, the
entities it mentions, its evidence sentences, which events and posts it reports, and — as
``skg:supports`` lines — every shared statement it makes. The facts graph holds once each
statement that several articles may make: an event's type, participants and label, relations
between entities, entities the KB lacks and their names, posts. A query over the union of graphs
therefore sees each event once however many articles report it, and a ``COUNT`` counts events,
not reports; an article can be replaced or removed without losing what other articles said (a
shared statement stays while any article supports it).

An event's date, status and confidence differ between reports: each report's value is kept as
``skg:reportedDate``/``skg:reportedStatus``/``skg:reportedConfidence`` and the event carries one
``skg:date`` (the most precise reported, earliest among equals), ``skg:status`` (asserted once
any report says it happened) and ``skg:confidence`` (the highest).

>>> from spacekg.ontology.vocab import AGENCY, DCTERMS
>>> article = ox.NamedNode("https://w3id.org/spacekg/article/a1")
>>> event = ox.NamedNode("https://w3id.org/spacekg/event/cooperate-1")
>>> own, shared = split([
...     ox.Triple(article, ox.NamedNode(str(DCTERMS.title)), ox.Literal("Title")),
...     ox.Triple(event, ox.NamedNode(str(SKG.reportedIn)), article),
...     ox.Triple(event, ox.NamedNode(str(SKG.actor)), ox.NamedNode(str(AGENCY.cnsa))),
...     ox.Triple(event, ox.NamedNode(str(SKG.date)), ox.Literal("2025-04", datatype=GYM)),
... ])
>>> [t.predicate.value.split("#")[-1].split("/")[-1] for t in own]
['title', 'reportedIn']
>>> [t.predicate.value.split("#")[-1] for t in shared]
['actor', 'reportedDate']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from spacekg.ontology.vocab import BASE, PROV, SCHEMA, SKG, XSD

SUPPORTS = ox.NamedNode(str(SKG.supports))
EVENT_TYPE = ox.NamedNode(str(SKG.Event))
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DATE, STATUS, CONFIDENCE = (ox.NamedNode(str(SKG[p])) for p in ("date", "status", "confidence"))
DATE_UNKNOWN, UNKNOWN_DATE = ox.NamedNode(str(SKG.dateUnknown)), ox.NamedNode(str(SKG.unknownDate))
ASSERTED = ox.NamedNode(str(SKG.asserted))
GYM = ox.NamedNode(str(XSD.gYearMonth))

#: Each report's value of an event's one-valued properties is kept under another property.
REPORTED: dict[ox.NamedNode, ox.NamedNode] = {
    DATE: ox.NamedNode(str(SKG.reportedDate)),
    STATUS: ox.NamedNode(str(SKG.reportedStatus)),
    CONFIDENCE: ox.NamedNode(str(SKG.reportedConfidence)),
}
_CONSOLIDATED = (DATE, STATUS, CONFIDENCE, DATE_UNKNOWN)
#: Statements that tie an event or fact to the article that reports it: the article's own.
_OWN_PREDICATES = frozenset(
    str(p) for p in (SKG.reportedIn, SKG.evidence, PROV.wasDerivedFrom, SCHEMA.mentions)
)
_OWN_SUBJECTS = (f"{BASE}article/", f"{BASE}evidence/")
_PRECISION = {str(XSD.date): 3, str(XSD.gYearMonth): 2, str(XSD.gYear): 1}


def split(triples: Iterable[ox.Triple]) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """An article's statements as (its own, shared): see the module docstring."""
    own: list[ox.Triple] = []
    shared: dict[ox.Triple, None] = {}
    for t in triples:
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
        if subject.startswith(_OWN_SUBJECTS) or t.predicate.value in _OWN_PREDICATES:
            own.append(t)
        elif t.predicate in REPORTED:
            shared[ox.Triple(t.subject, REPORTED[t.predicate], t.object)] = None
        elif t.predicate != DATE_UNKNOWN:  # follows from having no reported date
            shared[t] = None
    return own, list(shared)


def lines(triples: list[ox.Triple]) -> list[str]:
    """Each triple as one N-Triples line (without the final newline), in order."""
    if not triples:
        return []
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    # Split on "\n" only: N-Triples escapes it in literals, but keeps U+2028, form feeds and
    # the other breaks str.splitlines() would split a literal on.
    return text.split("\n")[:-1]


def parse_lines(found: Iterable[str]) -> list[ox.Triple]:
    """The triples of N-Triples lines (as ``skg:supports`` keeps them)."""
    text = "\n".join(found)
    if not text:
        return []
    parsed = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in parsed]


@dataclass
class Reports:
    """What an event's reports say of its date, status and confidence."""

    dates: set[ox.Literal] = field(default_factory=set)
    statuses: set[ox.NamedNode] = field(default_factory=set)
    confidences: set[ox.Literal] = field(default_factory=set)

    def add(self, predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal) -> None:
        """Count one reported value."""
        if predicate == REPORTED[DATE] and isinstance(value, ox.Literal):
            self.dates.add(value)
        elif predicate == REPORTED[STATUS] and isinstance(value, ox.NamedNode):
            self.statuses.add(value)
        elif predicate == REPORTED[CONFIDENCE] and isinstance(value, ox.Literal):
            self.confidences.add(value)

    def consolidated(self, event: ox.NamedNode) -> list[ox.Triple]:
        """The event's one date (or unknown date), status and confidence."""
        found = []
        if self.dates:
            best = max(self.dates, key=lambda d: (_PRECISION.get(d.datatype.value, 0), _neg(d)))
            found.append(ox.Triple(event, DATE, best))
        else:
            found.append(ox.Triple(event, DATE_UNKNOWN, UNKNOWN_DATE))
        if self.statuses:
            status = ASSERTED if ASSERTED in self.statuses else min(self.statuses, key=str)
            found.append(ox.Triple(event, STATUS, status))
        if self.confidences:
            found.append(ox.Triple(event, CONFIDENCE, max(self.confidences, key=_number)))
        return found


def _neg(date: ox.Literal) -> tuple[int, ...]:
    """Sorts earlier dates higher (for ``max``)."""
    return tuple(-int(part) for part in date.value.split("-") if part.isdigit())


def _number(value: ox.Literal) -> float:
    try:
        return float(value.value)
    except ValueError:
        return 0.0


def events_of(triples: Iterable[ox.Triple]) -> set[ox.NamedNode]:
    """The events whose reported values ``triples`` state."""
    reported = set(REPORTED.values())
    return {
        t.subject
        for t in triples
        if t.predicate in reported and isinstance(t.subject, ox.NamedNode)
    }


def consolidation(
    events: Iterable[ox.NamedNode],
    after: Mapping[ox.NamedNode, Reports],
    present: set[ox.NamedNode],
) -> list[ox.Triple]:
    """The consolidated statements of ``events`` given their reports after a write.

    Events no article reports any more (not ``present``) get none.
    """
    found: list[ox.Triple] = []
    for event in events:
        if event in present:
            found.extend(after.get(event, Reports()).consolidated(event))
    return found


#: The properties whose values the store derives from the reports, one per event.
CONSOLIDATED = _CONSOLIDATED
