"""Reading the graph into the records the REST API returns and the web pages show.

Each function runs a few bounded, named queries from :mod:`.read_queries` with the
request's values bound (never spliced in) and assembles one record from :mod:`.models`.
Request values are checked here too: a bad one raises :class:`~spacekg.errors.InputError`
naming the parameter and what it should look like.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from spacekg.ontology.classes import ENTITY_TYPE_OF_CLASS
from spacekg.ontology.iris import article_graph_of_id, article_id, kind_of_iri, local_path
from spacekg.ontology.iris import country as country_iri
from spacekg.ontology.iris import resolve as entity_iri
from spacekg.ontology.vocab import (
    BASE,
    CONFLICT_EVENT_TYPES,
    COOPERATION_EVENT_TYPES,
    EVT,
    KB_GRAPH,
    KINDS,
    PREFIXES,
    SKG,
    WD,
)

from spacekg.errors import InputError

from . import formats
from .results import compact
from .store import Stats, Store

from . import read_queries as queries
from . import records as models

EVENT_TYPES: tuple[str, ...] = COOPERATION_EVENT_TYPES + CONFLICT_EVENT_TYPES
STATUSES: tuple[str, ...] = ("asserted", "planned")
#: The evaluation type names a search can be narrowed to.
SEARCH_TYPES: tuple[str, ...] = tuple(dict.fromkeys(ENTITY_TYPE_OF_CLASS.values()))
MAX_LIMIT = 500

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_ARTICLE_ID = re.compile(r"^[A-Za-z0-9._-]{1,200}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_ATTRIBUTES = (
    "founded",
    "dissolved",
    "launchDate",
    "signedDate",
    "effectiveDate",
    "homepage",
    "isoAlpha2",
    "isoAlpha3",
)
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TRUE, _FALSE = ox.Literal(True), ox.Literal(False)
# Stands in for a filter value the request left out; the query never compares with it.
_UNUSED = ox.NamedNode(BASE + "unused")


# --- IRIs and links -----------------------------------------------------------------------


def ref(iri: str, label: str | None = None) -> models.Ref:
    """A link record for an IRI."""
    return models.Ref(iri=iri, label=label, path=local_path(iri))


def _article_ref(iri: str, title=None, url=None, published=None) -> models.ArticleRef:
    return models.ArticleRef(
        id=article_id(iri),
        iri=iri,
        title=_text(title),
        url=_text(url),
        published=_text(published),
        path=local_path(iri),
    )


def _text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term.value
    return str(term)


def _int(term: object) -> int | None:
    try:
        return int(term.value) if term is not None else None  # type: ignore[attr-defined]
    except ValueError:
        return None


def eval_type(types: Iterable[str]) -> str | None:
    """The evaluation type name of the most specific entity class among ``types`` (IRIs)."""
    present = {t[len(str(SKG)) :] for t in types if t.startswith(str(SKG))}
    # ENTITY_TYPE_OF_CLASS lists specific classes before their superclasses.
    for cls, name in ENTITY_TYPE_OF_CLASS.items():
        if cls in present:
            return name
    return None


def label_of(store: Store, iri: str) -> str | None:
    """The label of a node, if it has one."""
    rows = store.select(queries.LABEL, iri=ox.NamedNode(iri))
    return rows[0]["label"].value if rows else None


def exists(store: Store, iri: str) -> bool:
    """Whether any statement has the IRI as subject or object."""
    return store.ask(queries.RESOURCE_EXISTS, iri=ox.NamedNode(iri))


# --- entities -----------------------------------------------------------------------------


def entity(store: Store, iri: str) -> models.Entity | None:
    """Everything known about an entity, or None when no statement is about it."""
    node = ox.NamedNode(iri)
    if not store.ask(queries.SUBJECT_EXISTS, iri=node):
        return None
    labels: dict[str, list[str]] = {}
    for row in store.select(queries.ENTITY_LABELS, iri=node):
        values = labels.setdefault(row["p"].value, [])
        if row["label"].value not in values:
            values.append(row["label"].value)
    label = (labels.get(_RDFS_LABEL) or labels.get(_SKOS + "prefLabel") or [None])[0]
    types = [row["type"].value for row in store.select(queries.ENTITY_TYPES, iri=node)]

    wikidata = country = description = None
    attributes: dict[str, list[str]] = {}
    for row in store.select(queries.ENTITY_ATTRIBUTES, iri=node):
        prop, value = row["p"].value, row["value"]
        name = prop.rpartition("#")[2]
        if prop == str(SKG.wikidata) and value.value.startswith(str(WD)) and wikidata is None:
            qid = value.value[len(str(WD)) :]
            wikidata = models.Wikidata(qid=qid, url=f"https://www.wikidata.org/wiki/{qid}")
        elif prop == str(SKG.country) and country is None:
            country = ref(value.value, _text(row.get("valueLabel")))
        elif name == "comment":
            description = description or value.value
        elif name in _ATTRIBUTES and value.value not in attributes.get(name, []):
            attributes.setdefault(name, []).append(value.value)

    posts_held = _posts(store.select(queries.POSTS_HELD, iri=node), holder=False)
    posts_in = _posts(store.select(queries.POSTS_IN, iri=node), holder=True)

    roles: dict[str, str] = {}
    for row in store.select(queries.EVENTS_OF_ENTITY, iri=node):
        roles.setdefault(row["event"].value, row["role"].value.rpartition("#")[2])
    events = [event(store, e, role=r) for e, r in roles.items()]

    return models.Entity(
        iri=iri,
        path=local_path(iri),
        label=label,
        alt_labels=labels.get(_SKOS + "altLabel", []),
        acronyms=labels.get(str(SKG.acronym), []),
        types=[compact(ox.NamedNode(t)) for t in types],
        type=eval_type(types),
        wikidata=wikidata,
        country=country,
        description=description,
        attributes=attributes,
        posts_held=posts_held,
        posts_in=posts_in,
        events=events,
        facts=_facts(store, node),
        sources=_sources(store, node),
    )


def _posts(rows: list[dict], *, holder: bool) -> list[models.Post]:
    """Posts, one per holder-organisation-role: the KB's dated post and an article's reading of
    the same post are shown once, with the dates whichever states them."""
    posts: dict[tuple[str, str], models.Post] = {}
    for row in rows:
        other = row.get("person" if holder else "org")
        other_label = row.get("personLabel" if holder else "orgLabel")
        title = _text(row.get("title"))
        key = (row["post"].value if other is None else other.value, (title or "").lower())
        post = posts.get(key)
        if post is None:
            other_ref = ref(other.value, _text(other_label)) if other is not None else None
            posts[key] = models.Post(
                iri=row["post"].value,
                role_title=title,
                holder=other_ref if holder else None,
                organisation=None if holder else other_ref,
                start=_text(row.get("start")),
                end=_text(row.get("end")),
            )
        else:
            post.start = post.start or _text(row.get("start"))
            post.end = post.end or _text(row.get("end"))
    return list(posts.values())


def _facts(store: Store, node: ox.NamedNode) -> list[models.Fact]:
    facts: dict[tuple[str, str, str], models.Fact] = {}
    for direction, query in (("out", queries.FACTS_OUT), ("in", queries.FACTS_IN)):
        for row in store.select(query, iri=node):
            key = (direction, row["p"].value, row["other"].value)
            fact = facts.get(key)
            if fact is None:
                fact = facts[key] = models.Fact(
                    predicate=compact(row["p"]),
                    predicate_iri=row["p"].value,
                    direction=direction,
                    other=ref(row["other"].value, _text(row.get("otherLabel"))),
                    in_kb=False,
                )
            if row["g"].value == str(KB_GRAPH):
                fact.in_kb = True
            elif (art := row.get("article")) is not None and all(
                a.iri != art.value for a in fact.articles
            ):
                fact.articles.append(_article_ref(art.value, row.get("title")))
    return list(facts.values())


def _sources(store: Store, node: ox.NamedNode) -> list[models.Source]:
    sentences: dict[str, list[str]] = {}
    for row in store.select(queries.ENTITY_EVIDENCE, iri=node):
        found = sentences.setdefault(row["article"].value, [])
        if row["sentence"].value not in found:
            found.append(row["sentence"].value)
    sources: dict[str, models.Source] = {}
    for row in store.select(queries.ENTITY_ARTICLES, iri=node):
        iri = row["article"].value
        if iri not in sources:
            sources[iri] = models.Source(
                article=_article_ref(iri, row.get("title"), row.get("url"), row.get("published")),
                source=_text(row.get("source")),
                evidence=sentences.get(iri, []),
            )
    return list(sources.values())


# --- events -------------------------------------------------------------------------------


def event(store: Store, iri: str, *, role: str | None = None) -> models.Event:
    """One event with its participants, sources and evidence."""
    node = ox.NamedNode(iri)
    fields = store.select(queries.EVENT_FIELDS, event=node)
    row = fields[0] if fields else {}
    type_iri = _text(row.get("type"))
    status = _text(row.get("status"))
    confidence = row.get("confidence")
    participants, seen = [], set()
    for p in store.select(queries.EVENT_PARTICIPANTS, event=node):
        key = (p["role"].value, p["who"].value)
        if key not in seen:
            seen.add(key)
            participants.append(
                models.Participant(
                    role=p["role"].value.rpartition("#")[2],
                    entity=ref(p["who"].value, _text(p.get("label"))),
                )
            )
    participants.sort(key=lambda p: queries.EVENT_ROLES.index(p.role))
    sources: dict[str, models.ArticleRef] = {}
    for s in store.select(queries.EVENT_SOURCES, event=node):
        sources.setdefault(
            s["article"].value,
            _article_ref(s["article"].value, s.get("title"), s.get("url"), s.get("published")),
        )
    evidence = [
        models.Evidence(
            sentence=e["sentence"].value,
            article=ref(e["article"].value) if e.get("article") is not None else None,
            start=_int(e.get("start")),
            end=_int(e.get("end")),
        )
        for e in store.select(queries.EVENT_EVIDENCE, event=node)
    ]
    try:
        confidence_value = float(confidence.value) if confidence is not None else None
    except ValueError:
        confidence_value = None
    return models.Event(
        iri=iri,
        path=local_path(iri),
        type=type_iri[len(str(EVT)) :] if type_iri and type_iri.startswith(str(EVT)) else type_iri,
        type_iri=type_iri,
        label=_text(row.get("label")),
        type_label=_text(row.get("typeLabel")),
        date=_text(row.get("date")),
        date_unknown=row.get("unknown") is not None or row.get("date") is None,
        status=status.rpartition("#")[2] if status else None,
        confidence=confidence_value,
        role=role,
        participants=participants,
        sources_count=len(sources),
        sources=list(sources.values()),
        evidence=evidence,
    )


@dataclass(frozen=True)
class EventFilters:
    """What GET /events may be narrowed by; parse request strings with :meth:`parse`."""

    type: str | None = None  # event-type IRI
    status: str | None = None  # skg:asserted / skg:planned IRI
    actor: str | None = None
    participant: str | None = None
    country: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, first day of what the user gave
    date_to: str | None = None  # YYYY-MM-DD, last day of what the user gave

    @classmethod
    def parse(
        cls,
        *,
        type: str | None = None,
        status: str | None = None,
        actor: str | None = None,
        participant: str | None = None,
        country: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> EventFilters:
        """Check and normalise the request's filter values; InputError names a bad one."""
        type_iri = None
        if type:
            slug = type.strip()
            for prefix in (str(EVT), "evt:"):
                slug = slug.removeprefix(prefix)
            if slug not in EVENT_TYPES:
                raise InputError(
                    f"type: unknown event type {type!r}; use one of: {', '.join(EVENT_TYPES)}"
                )
            type_iri = str(EVT[slug])
        status_iri = None
        if status:
            if status.strip().lower() not in STATUSES:
                raise InputError(f"status: {status!r} is not asserted or planned")
            status_iri = str(SKG[status.strip().lower()])
        start = _period(date_from, "from", end=False) if date_from else None
        stop = _period(date_to, "to", end=True) if date_to else None
        if start and stop and start > stop:
            raise InputError(f"from ({date_from}) is after to ({date_to})")
        return cls(
            type=type_iri,
            status=status_iri,
            actor=entity_iri(actor, "actor") if actor else None,
            participant=entity_iri(participant, "participant") if participant else None,
            country=country_iri(country) if country else None,
            date_from=start,
            date_to=stop,
        )

    def bindings(self) -> dict[str, ox.NamedNode | ox.Literal]:
        """The values EVENTS_MATCHING is run with: every variable bound, unused filters off."""

        def pair(name: str, value: str | None) -> dict[str, ox.NamedNode | ox.Literal]:
            any_name = "any" + name[0].upper() + name[1:]
            node = ox.NamedNode(value) if value else _UNUSED
            return {any_name: _FALSE if value else _TRUE, name: node}

        has_dates = bool(self.date_from or self.date_to)
        return {
            **pair("type", self.type),
            **pair("status", self.status),
            **pair("actor", self.actor),
            **pair("participant", self.participant),
            **pair("country", self.country),
            "anyDate": _FALSE if has_dates else _TRUE,
            "from": ox.Literal(self.date_from or "0000-01-01"),
            "to": ox.Literal(self.date_to or "9999-12-31"),
        }


def _period(value: str, parameter: str, *, end: bool) -> str:
    """The first (or last) day of a YYYY, YYYY-MM or YYYY-MM-DD value, as YYYY-MM-DD."""
    match = _DATE.match(value.strip())
    problem = (
        f"{parameter}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-04-24)"
    )
    if not match:
        raise InputError(problem)
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day is not None:
            return datetime.date(year, int(month), int(day)).isoformat()
        if month is not None:
            m = int(month)
            last = calendar.monthrange(year, m)[1] if 1 <= m <= 12 else 0
            return datetime.date(year, m, last if end else 1).isoformat()
        return (
            datetime.date(year, 12, 31).isoformat()
            if end
            else datetime.date(year, 1, 1).isoformat()
        )
    except ValueError:
        raise InputError(problem) from None


def events(
    store: Store, filters: EventFilters = EventFilters(), *, limit: int = 50, offset: int = 0
) -> models.EventList:
    """One page of the events matching ``filters``, in date order, undated last."""
    rows = store.select(queries.EVENTS_MATCHING, **filters.bindings())
    matched = list(dict.fromkeys(row["event"].value for row in rows))
    page = matched[offset : offset + limit]
    return models.EventList(
        total=len(matched), limit=limit, offset=offset, events=[event(store, e) for e in page]
    )


# --- search -------------------------------------------------------------------------------

_MATCH = {0: "exact-label", 1: "exact-alias", 2: "prefix", 3: "substring"}


def search_type(value: str | None) -> str | None:
    """The evaluation type name a search is narrowed to, checked (any letter case)."""
    if not value:
        return None
    for name in SEARCH_TYPES:
        if name.lower() == value.strip().lower():
            return name
    raise InputError(f"type: {value!r} is not a type; use one of: {', '.join(SEARCH_TYPES)}")


def search(
    store: Store, q: str, *, type: str | None = None, limit: int = 20
) -> models.SearchResults:
    """Entities whose name, alias or acronym contains ``q`` (any case), best match first."""
    text = " ".join(q.split())
    if not text:
        raise InputError("q: give a name to search for, e.g. q=nasa")
    wanted = search_type(type)
    rows = store.select(
        queries.SEARCH,
        q=ox.Literal(text.lower()),
        anyType=_FALSE if wanted else _TRUE,
        wantType=ox.Literal(wanted or ""),
    )
    hits: list[models.SearchHit] = []
    for row in rows:
        iri = row["e"].value
        node = ox.NamedNode(iri)
        types = [r["type"].value for r in store.select(queries.ENTITY_TYPES, iri=node)]
        kind = eval_type(types)
        if wanted and kind != wanted:  # matched through a superclass only
            continue
        hits.append(
            models.SearchHit(
                iri=iri,
                label=label_of(store, iri),
                type=kind,
                path=local_path(iri),
                match=_MATCH.get(_int(row["best"]) or 0, "substring"),
            )
        )
        if len(hits) >= limit:
            break
    return models.SearchResults(query=text, type=wanted, results=hits)


# --- articles -----------------------------------------------------------------------------


def _summary(row: dict, graph: str) -> dict:
    iri = row["article"].value
    return {
        "id": article_id(graph) or graph,
        "iri": iri,
        "graph": graph,
        "path": local_path(iri),
        "title": _text(row.get("title")),
        "url": _text(row.get("url")),
        "published": _text(row.get("published")),
        "source": _text(row.get("source")),
        "ingested_at": _text(row.get("ingested")),
    }


def articles(store: Store, *, limit: int = 50, offset: int = 0) -> models.ArticleList:
    """Ingested articles, newest first, with counts of what was extracted from each."""
    rows = store.select(queries.ARTICLES)
    unique: dict[str, models.ArticleSummary] = {}
    for row in rows:
        graph = row["g"].value
        if graph in unique:
            continue
        unique[graph] = models.ArticleSummary(
            **_summary(row, graph),
            entity_count=_int(row.get("entities")) or 0,
            event_count=_int(row.get("events")) or 0,
        )
    listed = list(unique.values())
    return models.ArticleList(
        total=len(listed), limit=limit, offset=offset, articles=listed[offset : offset + limit]
    )


def article(store: Store, identifier: str) -> models.ArticleDetail | None:
    """An article with the entities, events and facts extracted from it; None if unknown."""
    graph = article_graph_of_id(identifier)
    g = ox.NamedNode(graph)
    fields = store.select(queries.ARTICLE_FIELDS, g=g)
    if not fields:
        return None
    row = fields[0]
    entities: dict[str, models.SearchHit] = {}
    for e in store.select(queries.ARTICLE_ENTITIES, g=g):
        iri = e["entity"].value
        if iri not in entities:
            types = [t["type"].value for t in store.select(queries.ENTITY_TYPES, iri=e["entity"])]
            entities[iri] = models.SearchHit(
                iri=iri,
                label=_text(e.get("label")),
                type=eval_type(types),
                path=local_path(iri),
                match="article",
            )
    event_iris = list(
        dict.fromkeys(e["event"].value for e in store.select(queries.ARTICLE_EVENTS, g=g))
    )
    found_events = sorted(
        (event(store, e) for e in event_iris),
        key=lambda ev: (ev.date is None, ev.date or "", ev.iri),
    )
    facts: dict[tuple[str, str, str], models.Statement] = {}
    for f in store.select(queries.ARTICLE_FACTS, g=g):
        key = (f["s"].value, f["p"].value, f["o"].value)
        facts.setdefault(
            key,
            models.Statement(
                subject=ref(f["s"].value, _text(f.get("sLabel"))),
                predicate=compact(f["p"]),
                predicate_iri=f["p"].value,
                object=ref(f["o"].value, _text(f.get("oLabel"))),
            ),
        )
    return models.ArticleDetail(
        **_summary(row, graph),
        entity_count=len(entities),
        event_count=len(found_events),
        text=_text(row.get("text")),
        content_hash=_text(row.get("hash")),
        entities=sorted(entities.values(), key=lambda h: ((h.label or h.iri).lower(), h.iri)),
        events=found_events,
        facts=list(facts.values()),
    )


# --- linked data --------------------------------------------------------------------------


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """The statements about an IRI from all graphs (and pointing at it), with linked nodes' labels."""
    node = ox.NamedNode(iri)
    triples: dict[ox.Triple, None] = {}
    for query in (queries.OUTGOING_TRIPLES, queries.INCOMING_TRIPLES):
        for triple in store.query(query, bindings={"iri": node}):
            triples.setdefault(triple, None)
    return list(triples)


def statements(store: Store, iri: str) -> tuple[list[dict], list[dict]]:
    """The statements about an IRI and those pointing at it, as rows for a page's table."""
    node = ox.NamedNode(iri)
    out = _dedupe(store.select(queries.OUTGOING, iri=node), ("p", "o"))
    incoming = _dedupe(store.select(queries.INCOMING, iri=node), ("s", "p"))
    return out, incoming


def _dedupe(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in key), row)
    return list(seen.values())


def describe_as(store: Store, iri: str, fmt: str) -> bytes | None:
    """The statements about an IRI (see :func:`describe`) serialized in an RDF format; None if
    nothing is known about it."""
    if not exists(store, iri):
        return None
    chosen = formats.named(fmt, formats.TRIPLES)
    prefixes = PREFIXES if chosen.key in ("turtle", "rdfxml") else None
    return ox.serialize(describe(store, iri), format=chosen.rdf, prefixes=prefixes)


def _cell(row: dict, predicate: str, value: str, label: str) -> models.Cell:
    term = row[value]
    text = compact(row[predicate])
    if isinstance(term, ox.NamedNode):
        shown = row[label].value if row.get(label) is not None else compact(term)
        return models.Cell(predicate=text, predicate_iri=row[predicate].value, text=shown, iri=term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        note = term.language or (compact(term.datatype) if not datatype.endswith("#string") else "")
        return models.Cell(predicate=text, predicate_iri=row[predicate].value, text=term.value, note=note)
    return models.Cell(predicate=text, predicate_iri=row[predicate].value, text=f"_:{term.value}")


def resource(store: Store, iri: str) -> models.Resource | None:
    """Any node as a page shows it: its statements, and its entity, event or article record."""
    if not exists(store, iri):
        return None
    kind = kind_of_iri(iri)
    outgoing, incoming = statements(store, iri)
    found = models.Resource(
        iri=iri,
        kind=kind,
        label=label_of(store, iri),
        outgoing=[_cell(r, "p", "o", "oLabel") for r in outgoing],
        incoming=[_cell(r, "p", "s", "sLabel") for r in incoming],
    )
    if kind == "article" and (art_id := article_id(iri)):
        found.article = article(store, art_id)
    elif kind == "event":
        found.event = event(store, iri)
    elif kind in ENTITY_KINDS or kind is None:
        found.entity = entity(store, iri)
    return found


def stats(store: Store) -> Stats:
    """What the store holds (see :meth:`Store.stats`)."""
    return store.stats()


#: Kinds whose pages show the entity record (the others: articles, events and plain resources).
ENTITY_KINDS = frozenset(KINDS) - {"post", "event", "article", "evidence"}

#: The read model's calls a server may run in its query workers, by name.
CALLS = {
    f.__name__: f
    for f in (entity, event, events, search, articles, article, describe_as, resource, stats)
}
