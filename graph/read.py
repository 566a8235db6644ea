"""The read model: the records the REST API returns and the pages show, read from the store.

Each call costs a fixed, small number of queries whatever the store holds: a page of events is
read with one query per section (fields, participants, sources, evidence) for the whole page,
never one per event; popular events show their first few sources and sentences with a count of
the rest. The SPARQL lives in ``queries/read/*.rq``; a request's values are bound
(``Store.select(query, iri=...)``), never spliced in. Request values are checked here too: a
bad one raises :class:`~spacekg.errors.InputError` naming the parameter and what it should be.

A server runs these calls in its query workers through ``Engine.read`` (see :data:`CALLS`), so
each is bounded in time like a SPARQL query.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from spacekg.errors import InputError
from spacekg.ontology.classes import ENTITY_TYPE_OF_CLASS, ENTITY_TYPES
from spacekg.ontology.iris import (
    article_graph_of_id,
    article_id,
    kind_of_iri,
    local_path,
)
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
    RELATION_PROPERTIES,
    SKG,
    WD,
)

from . import formats, layout, queries
from . import records as models
from .results import compact
from .store import Stats, Store

EVENT_TYPES: tuple[str, ...] = COOPERATION_EVENT_TYPES + CONFLICT_EVENT_TYPES
STATUSES: tuple[str, ...] = ("asserted", "planned")
#: The evaluation type names a search can be narrowed to.
SEARCH_TYPES: tuple[str, ...] = ENTITY_TYPES
#: Largest page a listing returns.
MAX_LIMIT = 500
#: Furthest a listing pages (the limit the queries set).
MAX_OFFSET = queries.MAX_OFFSET
#: Events shown on an entity's page (``GET /events?participant=`` pages through all).
ENTITY_EVENTS_SHOWN = 200
#: Sources and sentences shown per event, however many articles report it.
SOURCES_SHOWN = 5
EVIDENCE_SHOWN = 5
#: Articles listed per relation on an entity's page.
FACT_ARTICLES_SHOWN = 5
#: Articles that mention an entity listed on its page, newest first (all are counted).
ENTITY_SOURCES_SHOWN = 20
#: Event roles in the order pages list them.
EVENT_ROLES: tuple[str, ...] = ("actor", "partner", "recipient", "target", "instrument")

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
_RELATIONS = frozenset(str(SKG[p]) for p in RELATION_PROPERTIES)
_TRUE, _FALSE = ox.Literal(True), ox.Literal(False)
# Stands in for a filter value the request left out; the query never compares with it.
_UNUSED = ox.NamedNode(BASE + "unused")


def _q(name: str) -> str:
    return queries.load(f"read/{name}")


# --- IRIs, links, terms ---------------------------------------------------------------------


def ref(iri: str, label: str | None = None) -> models.Ref:
    """A link record for an IRI."""
    return models.Ref(iri=iri, label=label, path=local_path(iri))


def _article_ref(iri: str, title=None, url=None, published=None) -> models.ArticleRef:  # type: ignore[no-untyped-def]
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


def _local(iri: str) -> str:
    return iri.rpartition("#")[2]


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
    rows = store.select(_q("label"), iri=ox.NamedNode(iri))
    return rows[0]["label"].value if rows else None


def exists(store: Store, iri: str) -> bool:
    """Whether any statement has the IRI as subject or object."""
    return store.ask(_q("resource_exists"), iri=ox.NamedNode(iri))


def _labels_and_types(
    store: Store, nodes: Iterable[str]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Labels and types of a set of nodes, in one query per 500 nodes."""
    labels: dict[str, str] = {}
    types: dict[str, list[str]] = {}
    unique = sorted(set(nodes))
    for i in range(0, len(unique), 500):
        terms = [ox.NamedNode(n) for n in unique[i : i + 500]]
        for row in store.select(queries.with_values(_q("labels_and_types"), "iri", terms)):
            iri = row["iri"].value
            if "label" in row:
                labels.setdefault(iri, row["label"].value)
            if "type" in row:
                types.setdefault(iri, []).append(row["type"].value)
    return labels, types


# --- events ---------------------------------------------------------------------------------


def _events(
    store: Store, iris: list[str], roles: dict[str, str] | None = None
) -> list[models.Event]:
    """Records of a page of events, in the order given: five queries for the whole page.

    Each event shows its first few sources and sentences and counts its sources, at a cost
    that does not grow with how many articles report it (see ``event_sources.rq``).
    """
    if not iris:
        return []
    nodes = [ox.NamedNode(i) for i in iris]
    found: dict[str, models.Event] = {
        iri: models.Event(iri=iri, path=local_path(iri), role=(roles or {}).get(iri))
        for iri in iris
    }
    for row in store.select(queries.with_values(_q("event_fields"), "event", nodes)):
        event = found[row["event"].value]
        type_iri = _text(row.get("type"))
        event.type_iri = event.type_iri or type_iri
        if type_iri and type_iri.startswith(str(EVT)):
            event.type = event.type or type_iri[len(str(EVT)) :]
        event.type_label = event.type_label or _text(row.get("typeLabel"))
        event.label = event.label or _text(row.get("label"))
        event.date = event.date or _text(row.get("date"))
        status = _text(row.get("status"))
        event.status = event.status or (_local(status) if status else None)
        if event.confidence is None and row.get("confidence") is not None:
            try:
                event.confidence = float(row["confidence"].value)
            except ValueError:
                pass
    for event in found.values():
        event.date_unknown = event.date is None
    seen: set[tuple[str, str, str]] = set()
    for row in store.select(queries.with_values(_q("event_participants"), "event", nodes)):
        key = (row["event"].value, _local(row["role"].value), row["who"].value)
        if key in seen or key[1] not in EVENT_ROLES:
            continue
        seen.add(key)
        found[key[0]].participants.append(
            models.Participant(role=key[1], entity=ref(key[2], _text(row.get("label"))))
        )
    for event in found.values():
        event.participants.sort(key=lambda p: EVENT_ROLES.index(p.role))
    for row in store.select(queries.with_values(_q("event_source_counts"), "event", nodes)):
        found[row["event"].value].sources_count = _int(row["n"]) or 0
    sources: dict[str, dict[str, models.ArticleRef]] = {}
    for row in store.select(queries.with_values(_q("event_sources"), "event", nodes)):
        article = row["article"].value
        refs = sources.setdefault(row["event"].value, {})
        if article not in refs:  # else a second title or date of the same article
            refs[article] = _article_ref(
                article, row.get("title"), row.get("url"), row.get("published")
            )
    for iri, refs in sources.items():
        event = found[iri]
        # oldest first, undated before dated as SPARQL orders them
        listed = sorted(refs.values(), key=lambda a: (a.published is not None, a.published, a.iri))
        event.sources = listed[:SOURCES_SHOWN]
        event.sources_count = max(event.sources_count, len(listed))
    sentences: dict[str, list[models.Evidence]] = {}
    for row in store.select(queries.with_values(_q("event_evidence"), "event", nodes)):
        article = row.get("article")
        sentences.setdefault(row["event"].value, []).append(
            models.Evidence(
                sentence=row["sentence"].value,
                article=ref(article.value) if article is not None else None,
                start=_int(row.get("start")),
                end=_int(row.get("end")),
            )
        )
    for iri, found_sentences in sentences.items():
        found_sentences.sort(key=lambda e: (e.article.iri if e.article else "", e.start or 0))
        distinct: dict[str, models.Evidence] = {}
        for evidence in found_sentences:
            distinct.setdefault(evidence.sentence, evidence)
        found[iri].evidence = list(distinct.values())[:EVIDENCE_SHOWN]
    return [found[i] for i in iris]


def event(store: Store, iri: str, *, role: str | None = None) -> models.Event:
    """One event with its participants, its first sources and sentences, and how many report it."""
    return _events(store, [iri], {iri: role} if role else None)[0]


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
        start = period(date_from, "from", end=False) if date_from else None
        stop = period(date_to, "to", end=True) if date_to else None
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
        """The values events_matching.rq runs with: every variable bound, unused filters off."""

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


def period(value: str, parameter: str, *, end: bool) -> str:
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
        return (datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)).isoformat()
    except ValueError:
        raise InputError(problem) from None


def events(
    store: Store, filters: EventFilters = EventFilters(), *, limit: int = 50, offset: int = 0
) -> models.EventList:
    """One page of the events matching ``filters``, in date order, undated last."""
    rows = store.select(_q("events_matching"), **filters.bindings())
    matched = list(dict.fromkeys(row["event"].value for row in rows))
    page = matched[offset : offset + limit]
    return models.EventList(
        total=len(matched), limit=limit, offset=offset, events=_events(store, page)
    )


# --- entities -------------------------------------------------------------------------------


def entity(store: Store, iri: str) -> models.Entity | None:
    """Everything known about an entity, or None when no statement is about it."""
    node = ox.NamedNode(iri)
    fields = store.select(_q("entity"), iri=node)
    if not fields:
        return None
    labels: dict[str, list[str]] = {}
    types: list[str] = []
    wikidata = country = description = None
    attributes: dict[str, list[str]] = {}
    for row in fields:
        section, prop, value = row["section"].value, row["p"].value, row["value"]
        if section == "name":
            values = labels.setdefault(prop, [])
            if value.value not in values:
                values.append(value.value)
        elif section == "type":
            types.append(value.value)
        elif prop == str(SKG.wikidata) and value.value.startswith(str(WD)) and wikidata is None:
            qid = value.value[len(str(WD)) :]
            wikidata = models.Wikidata(qid=qid, url=f"https://www.wikidata.org/wiki/{qid}")
        elif prop == str(SKG.country) and country is None:
            country = ref(value.value, _text(row.get("valueLabel")))
        elif _local(prop) == "comment":
            description = description or value.value
        elif _local(prop) in _ATTRIBUTES and value.value not in attributes.get(_local(prop), []):
            attributes.setdefault(_local(prop), []).append(value.value)
    label = (labels.get(_RDFS_LABEL) or labels.get(_SKOS + "prefLabel") or [None])[0]

    posts_held, posts_in = _posts(store.select(_q("posts"), iri=node))
    roles: dict[str, str] = {}
    for row in store.select(_q("entity_events"), iri=node):
        roles.setdefault(row["event"].value, _local(row["role"].value))
    shown = list(roles)[:ENTITY_EVENTS_SHOWN]
    sources, sources_count = _sources(store, node)
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
        events=_events(store, shown, roles),
        events_count=len(roles),
        facts=_facts(store, node),
        sources=sources,
        sources_count=sources_count,
    )


def _posts(rows: list[dict]) -> tuple[list[models.Post], list[models.Post]]:
    """Posts held and posts in, one per holder-organisation-role: the KB's dated post and an
    article's reading of the same post are shown once, with the dates whichever states them."""
    posts: dict[tuple[str, str, str], models.Post] = {}
    for row in rows:
        direction = row["direction"].value
        other, other_label = row.get("other"), row.get("otherLabel")
        title = _text(row.get("title"))
        key = (
            direction,
            row["post"].value if other is None else other.value,
            (title or "").lower(),
        )
        post = posts.get(key)
        if post is None:
            other_ref = ref(other.value, _text(other_label)) if other is not None else None
            posts[key] = models.Post(
                iri=row["post"].value,
                role_title=title,
                holder=other_ref if direction == "in" else None,
                organisation=other_ref if direction == "held" else None,
                start=_text(row.get("start")),
                end=_text(row.get("end")),
            )
        else:
            post.start = post.start or _text(row.get("start"))
            post.end = post.end or _text(row.get("end"))
    held = [p for k, p in posts.items() if k[0] == "held"]
    held_in = [p for k, p in posts.items() if k[0] == "in"]
    return held, held_in


def _facts(store: Store, node: ox.NamedNode) -> list[models.Fact]:
    facts: dict[tuple[str, str, str], models.Fact] = {}
    for row in store.select(_q("entity_facts"), iri=node):
        key = (row["direction"].value, row["p"].value, row["other"].value)
        fact = facts.get(key)
        if fact is None:
            fact = facts[key] = models.Fact(
                predicate=compact(row["p"]),
                predicate_iri=row["p"].value,
                direction=key[0],
                other=ref(key[2], _text(row.get("otherLabel"))),
                in_kb=False,
            )
        fact.in_kb = fact.in_kb or row["g"].value == str(KB_GRAPH)
    for row in store.select(_q("entity_fact_articles"), iri=node):
        fact = facts.get((row["direction"].value, row["p"].value, row["other"].value))
        art = row["article"].value
        if fact is not None and len(fact.articles) < FACT_ARTICLES_SHOWN:
            if all(a.iri != art for a in fact.articles):
                fact.articles.append(_article_ref(art, row.get("title")))
    for fact in facts.values():
        fact.articles.sort(key=lambda a: a.iri)
    return list(facts.values())


def _sources(store: Store, node: ox.NamedNode) -> tuple[list[models.Source], int]:
    """The newest articles that mention an entity, with the sentences about it; and how many."""
    counted = store.select(_q("entity_article_count"), iri=node)
    count = (_int(counted[0]["n"]) or 0) if counted else 0
    sources: dict[str, models.Source] = {}
    for row in store.select(_q("entity_articles"), iri=node):
        iri = row["article"].value
        if iri not in sources:
            sources[iri] = models.Source(
                article=_article_ref(iri, row.get("title"), row.get("url"), row.get("published")),
                source=_text(row.get("source")),
            )
    if sources:
        query = queries.with_values(
            _q("entity_evidence"), "article", [ox.NamedNode(a) for a in sources]
        )
        for row in store.select(query, iri=node):
            found = sources[row["article"].value].evidence
            if row["sentence"].value not in found:
                found.append(row["sentence"].value)
    return list(sources.values())[:ENTITY_SOURCES_SHOWN], max(count, len(sources))


# --- search ---------------------------------------------------------------------------------

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
    rows = store.select(_q("search"), q=ox.Literal(text.lower()))
    candidates = [row["e"].value for row in rows]
    labels, types = _labels_and_types(store, candidates)
    hits: list[models.SearchHit] = []
    for row in rows:
        iri = row["e"].value
        kind = eval_type(types.get(iri, []))
        if kind is None or (wanted and kind != wanted):  # matched through a superclass only
            continue
        hits.append(
            models.SearchHit(
                iri=iri,
                label=labels.get(iri),
                type=kind,
                path=local_path(iri),
                match=_MATCH.get(_int(row["best"]) or 0, "substring"),
            )
        )
        if len(hits) >= limit:
            break
    return models.SearchResults(query=text, type=wanted, results=hits)


# --- articles -------------------------------------------------------------------------------


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
    """Ingested articles, newest first, with counts of what was extracted from each.

    The store orders and pages the articles (by their dates' values), then the page's fields and
    counts are read: four queries, and nothing read per article beyond the page.
    """
    total = int(store.select(queries.load("store/article_count"))[0]["n"].value)
    ordered = store.select(queries.with_page(_q("articles"), limit=limit, offset=offset))
    nodes = list(dict.fromkeys(row["article"].value for row in ordered))
    unique: dict[str, dict] = {}
    if nodes:
        query = queries.with_values(
            _q("article_summaries"), "article", [ox.NamedNode(n) for n in nodes]
        )
        by_article: dict[str, dict] = {}
        for row in store.select(query):
            by_article.setdefault(row["article"].value, row)
        for node in nodes:  # in the page's order
            if node in by_article:
                unique.setdefault(by_article[node]["g"].value, by_article[node])
    page = list(unique)
    counts: dict[tuple[str, str], int] = {}
    if page:
        query = queries.with_values(_q("article_counts"), "g", [ox.NamedNode(g) for g in page])
        for row in store.select(query):
            counts[(row["g"].value, row["what"].value)] = _int(row["n"]) or 0
    listed = [
        models.ArticleSummary(
            **_summary(unique[g], g),
            entity_count=counts.get((g, "entities"), 0),
            event_count=counts.get((g, "events"), 0),
        )
        for g in page
    ]
    return models.ArticleList(total=total, limit=limit, offset=offset, articles=listed)


def article(store: Store, identifier: str) -> models.ArticleDetail | None:
    """An article with the entities, events and facts extracted from it; None if unknown."""
    graph = article_graph_of_id(identifier)
    g = ox.NamedNode(graph)
    fields = store.select(_q("article"), g=g)
    if not fields:
        return None
    row = fields[0]
    labels: dict[str, str | None] = {}
    types: dict[str, list[str]] = {}
    for e in store.select(_q("article_entities"), g=g):
        iri = e["entity"].value
        labels.setdefault(iri, _text(e.get("label")))
        if e.get("type") is not None:
            types.setdefault(iri, []).append(e["type"].value)
    entities = [
        models.SearchHit(
            iri=iri,
            label=label,
            type=eval_type(types.get(iri, [])),
            path=local_path(iri),
            match="article",
        )  # fmt: skip
        for iri, label in labels.items()
    ]
    event_iris = sorted({e["event"].value for e in store.select(_q("article_events"), g=g)})
    found_events = sorted(
        _events(store, event_iris), key=lambda ev: (ev.date is None, ev.date or "", ev.iri)
    )
    stated = layout.parse_lines(r["line"].value for r in store.select(_q("article_supports"), g=g))
    relations = [t for t in stated if t.predicate.value in _RELATIONS]
    names, _ = _labels_and_types(
        store,
        [n.value for t in relations for n in (t.subject, t.object) if isinstance(n, ox.NamedNode)],
    )
    facts = [
        models.Statement(
            subject=ref(t.subject.value, names.get(t.subject.value)),
            predicate=compact(t.predicate),
            predicate_iri=t.predicate.value,
            object=ref(t.object.value, names.get(t.object.value)),
        )
        for t in sorted(relations, key=lambda t: (t.predicate.value, str(t.subject), str(t.object)))
    ]
    return models.ArticleDetail(
        **_summary(row, graph),
        entity_count=len(entities),
        event_count=len(found_events),
        text=_text(row.get("text")),
        content_hash=_text(row.get("hash")),
        entities=sorted(entities, key=lambda h: ((h.label or h.iri).lower(), h.iri)),
        events=found_events,
        facts=facts,
    )


# --- linked data ----------------------------------------------------------------------------


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """The statements about an IRI from all graphs (and pointing at it), with linked nodes' labels."""
    node = ox.NamedNode(iri)
    triples: dict[ox.Triple, None] = {}
    for query in (_q("outgoing_triples"), _q("incoming_triples")):
        for triple in store.query(query, bindings={"iri": node}):
            triples.setdefault(triple, None)
    return list(triples)


def describe_as(store: Store, iri: str, fmt: str) -> bytes | None:
    """The statements about an IRI (see :func:`describe`) in an RDF format; None if unknown."""
    if not exists(store, iri):
        return None
    chosen = formats.named(fmt, formats.TRIPLES)
    prefixes = PREFIXES if chosen.key in ("turtle", "rdfxml") else None
    return ox.serialize(describe(store, iri), format=chosen.rdf, prefixes=prefixes)


def statements(store: Store, iri: str) -> tuple[list[dict], list[dict]]:
    """The statements about an IRI and those pointing at it, as rows for a page's table."""
    node = ox.NamedNode(iri)
    out = _dedupe(store.select(_q("outgoing"), iri=node), ("p", "o"))
    incoming = _dedupe(store.select(_q("incoming"), iri=node), ("s", "p"))
    return out, incoming


def _dedupe(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in key), row)
    return list(seen.values())


def _cell(row: dict, predicate: str, value: str, label: str) -> models.Cell:
    term = row[value]
    shown_predicate, predicate_iri = compact(row[predicate]), row[predicate].value
    if isinstance(term, ox.NamedNode):
        text = row[label].value if row.get(label) is not None else compact(term)
        return models.Cell(
            predicate=shown_predicate, predicate_iri=predicate_iri, text=text, iri=term.value
        )
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        note = term.language or (compact(term.datatype) if not datatype.endswith("#string") else "")
        return models.Cell(
            predicate=shown_predicate, predicate_iri=predicate_iri, text=term.value, note=note
        )
    return models.Cell(
        predicate=shown_predicate, predicate_iri=predicate_iri, text=f"_:{term.value}"
    )


#: Kinds whose pages show the entity record (the others: articles, events and plain resources).
ENTITY_KINDS = frozenset(KINDS) - {"post", "event", "article", "evidence"}


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


# --- networks -------------------------------------------------------------------------------
# Thin doors to spacekg.graph.network_read, imported on the first network asked for: networkx
# and igraph would add 0.4 s to the start of every query worker.


def network(store: Store, *args: Any, **kwargs: Any) -> models.NetworkView:
    """The actor network for drawing (see :func:`spacekg.graph.network_read.network`)."""
    from . import network_read

    return network_read.network(store, *args, **kwargs)


def network_metrics(store: Store, *args: Any, **kwargs: Any) -> models.Download:
    """Metric tables as JSON or CSV (see :func:`spacekg.graph.network_read.metric_table`)."""
    from . import network_read

    return network_read.metric_table(store, *args, **kwargs)


def network_export(store: Store, *args: Any, **kwargs: Any) -> models.Download:
    """The network in an export format (see :func:`spacekg.graph.network_read.export_file`)."""
    from . import network_read

    return network_read.export_file(store, *args, **kwargs)


def network_tie(store: Store, *args: Any, **kwargs: Any) -> models.Tie | None:
    """The events behind one tie (see :func:`spacekg.graph.network_read.tie`)."""
    from . import network_read

    return network_read.tie(store, *args, **kwargs)


def network_choices(store: Store) -> models.NetworkChoices:
    """What the network page offers (see :func:`spacekg.graph.network_read.choices`)."""
    from . import network_read

    return network_read.choices(store)


#: The read model's calls a server may run in its query workers, by name.
CALLS = {
    f.__name__: f
    for f in (
        entity,
        event,
        events,
        search,
        articles,
        article,
        describe_as,
        resource,
        stats,
        network,
        network_metrics,
        network_export,
        network_tie,
        network_choices,
    )
}
