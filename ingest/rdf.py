"""An extraction as RDF: everything one article states, as the quads of its named graph.

Events get IRIs derived from their type, participants and month, so the same event reported
by several articles is one node; the store keeps what several articles may state once, in its
facts graph (``spacekg.graph.layout``), so counts measure events, not reports.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pyoxigraph as ox

from spacekg.ontology import iris
from spacekg.ontology.vocab import (
    CONFLICT_EVENT_TYPES,
    DCTERMS,
    EVT,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKG,
    SKOS,
    WD,
    XSD,
)

from .dates import Date
from .records import Event, Evidence, Extraction
from .statements import statements

SYMMETRIC = {"cooperatesWith", "agreesWith", "negotiatesWith"}
# Who is named first does not make a symmetric event another event.
SYMMETRIC_EVENT_TYPES = {
    "cooperate",
    "negotiate",
    "sign-agreement",
    "consult",
    "visit",
    "share-data",
}
# A launch is the launch of its payload that month, whoever a report names as launcher.
BY_PAYLOAD = {"launch-service", "carry-payload", "joint-mission"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def event_iri(event: Event) -> ox.NamedNode:
    """The event's IRI: type, participants by role, and month, so reports of one event share it."""
    symmetric = event.type in SYMMETRIC_EVENT_TYPES
    return _n(
        iris.event_iri(
            event.type,
            event.actors,
            event.partners + event.recipients + event.targets,
            event.instruments if event.type == "sign-agreement" or event.type in BY_PAYLOAD else [],
            event.date.iso[:7] if event.date else None,
            symmetric=symmetric,
            by_payload=event.type in BY_PAYLOAD and bool(event.instruments),
        )
    )


def _date_literal(date: Date) -> ox.Literal:
    return ox.Literal(date.iso, datatype=_n(XSD[date.xsd_type]))


def _evidence(
    quads: list[ox.Quad], graph: ox.NamedNode, identity: str, article: ox.NamedNode, ev: Evidence
) -> ox.NamedNode:
    node = _n(iris.evidence_iri(identity, ev.start, ev.end))
    quads.extend(
        [
            ox.Quad(node, _n(RDF.type), _n(SKG.Evidence), graph),
            ox.Quad(node, _n(SKG.sentence), ox.Literal(ev.text), graph),
            ox.Quad(
                node, _n(SKG.startChar), ox.Literal(str(ev.start), datatype=_n(XSD.integer)), graph
            ),
            ox.Quad(
                node, _n(SKG.endChar), ox.Literal(str(ev.end), datatype=_n(XSD.integer)), graph
            ),
            ox.Quad(node, _n(SKG.article), article, graph),
            ox.Quad(node, _n(PROV.wasDerivedFrom), article, graph),
        ]
    )
    return node


def to_quads(
    extraction: Extraction, *, ingested_at: datetime | None = None
) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """The article's named graph and its quads: metadata, entities, events, facts, provenance."""
    document = extraction.document
    identity = document.identity
    graph = _n(iris.article_graph(identity))
    article = _n(iris.article_iri(identity))
    q: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        q.append(ox.Quad(s, _n(p), o, graph))

    add(article, RDF.type, _n(SKG.Article))
    add(article, RDF.type, _n(SCHEMA.NewsArticle))
    if document.title:
        add(article, DCTERMS.title, ox.Literal(document.title))
        add(article, SCHEMA.headline, ox.Literal(document.title))
    if document.url:
        add(article, SCHEMA.url, ox.Literal(document.url, datatype=_n(XSD.anyURI)))
    if document.source:
        add(article, SKG.sourceName, ox.Literal(document.source))
    if document.published:
        add(
            article,
            SCHEMA.datePublished,
            ox.Literal(document.published.isoformat(), datatype=_n(XSD.date)),
        )
    if document.dateline:  # off the text, so that its place is not read as a participant
        add(article, SCHEMA.dateline, ox.Literal(document.dateline))
    add(
        article,
        SKG.contentHash,
        ox.Literal(hashlib.sha256(extraction.text.encode("utf-8")).hexdigest()),
    )
    add(article, SKG.articleText, ox.Literal(extraction.text))
    stamp = (ingested_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
    add(article, SKG.ingestedAt, ox.Literal(stamp, datatype=_n(XSD.dateTime)))

    for iri, entity in extraction.entities.items():
        node = _n(iri)
        add(article, SCHEMA.mentions, node)
        if entity.in_kb:
            continue  # the KB graph describes it; the article only says it mentions it
        add(node, RDF.type, _n(SKG[entity.cls]))
        add(node, RDFS.label, ox.Literal(entity.name, language="en"))
        for surface in sorted(entity.surfaces - {entity.name}):
            add(node, SKOS.altLabel, ox.Literal(surface))
        if entity.country:
            add(node, SKG.country, _n(entity.country))
        if entity.qid:
            add(node, SKG.wikidata, _n(WD[entity.qid]))

    for event in extraction.events:
        node = event_iri(event)
        polarity = "ConflictEvent" if event.type in CONFLICT_EVENT_TYPES else "CooperationEvent"
        add(node, RDF.type, _n(SKG.Event))
        add(node, RDF.type, _n(SKG[polarity]))
        add(node, SKG.eventType, _n(EVT[event.type]))
        for role, members in (
            ("actor", event.actors),
            ("partner", event.partners),
            ("recipient", event.recipients),
            ("target", event.targets),
            ("instrument", event.instruments),
        ):
            for member in members:
                add(node, SKG[role], _n(member))
        if event.date:
            add(node, SKG.date, _date_literal(event.date))
        else:
            add(node, SKG.dateUnknown, _n(SKG.unknownDate))
        add(node, SKG.status, _n(SKG.planned if event.planned else SKG.asserted))
        add(node, SKG.confidence, ox.Literal(f"{event.confidence:.2f}", datatype=_n(XSD.decimal)))
        add(node, SKG.reportedIn, article)
        add(node, PROV.wasDerivedFrom, article)
        names = [extraction.entities[a].name for a in event.actors]
        others = [
            extraction.entities[o].name
            for o in event.partners + event.recipients + event.targets + event.instruments
        ]
        # no date in the label: reports of one event may date it differently
        add(
            node,
            RDFS.label,
            ox.Literal(
                f"{' & '.join(names)}: {event.type.replace('-', ' ')} – {', '.join(others)}"
            ),
        )
        if event.evidence:
            add(node, SKG.evidence, _evidence(q, graph, identity, article, event.evidence))

    for st in statements(extraction):
        if st.subject not in extraction.entities or st.object not in extraction.entities:
            continue
        if st.source == "kb":
            continue  # the KB graph states it already; the article only mentions both ends
        add(_n(st.subject), SKG[st.predicate], _n(st.object))
        if st.predicate in SYMMETRIC:
            add(_n(st.object), SKG[st.predicate], _n(st.subject))

    for fact in extraction.facts:
        if fact.predicate not in ("heads", "worksFor") or not fact.role or fact.source != "text":
            continue
        post = _n(iris.post_iri(fact.subject, fact.object, fact.role))
        add(post, RDF.type, _n(SKG.Post))
        add(post, SKG.postHolder, _n(fact.subject))
        add(post, SKG.postIn, _n(fact.object))
        add(post, SKG.roleTitle, ox.Literal(role_title(fact.role)))
        add(_n(fact.subject), SKG.holdsPost, post)
        if fact.evidence:
            add(post, SKG.evidence, _evidence(q, graph, identity, article, fact.evidence))
        add(post, PROV.wasDerivedFrom, article)
    # the same triple may arise twice (an evidence sentence shared by two events)
    return graph, list(dict.fromkeys(q))


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "de", "du"})


def role_title(role: str) -> str:
    """A role title in one casing, so that every article names a post alike.

    >>> role_title("director general of the agency")
    'Director General of the Agency'
    """
    words = role.split()
    return " ".join(
        w if (w.lower() in _SMALL_WORDS and i) or not w[:1].islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def serialize(extraction: Extraction, fmt: str = "turtle") -> bytes:
    """What an extraction would store, as TriG (in its article's graph) or Turtle."""
    graph, quads = to_quads(extraction)
    if fmt == "trig":
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
