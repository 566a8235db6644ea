"""The records the read model returns: what the REST API answers and the pages show.

Plain dataclasses: they cross the query workers' pipes (pickled) and FastAPI documents them
in /openapi.json from their fields (a field's ``description`` metadata becomes its description).
Every page has a JSON twin with the same record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _doc(description: str, **kwargs: Any) -> Any:
    """A dataclass field with a description for the API documentation."""
    return field(metadata={"description": description}, **kwargs)


@dataclass(kw_only=True)
class Ref:
    """A link to another node: its IRI, its label and where this server shows it."""

    iri: str
    label: str | None = None
    path: str | None = _doc(
        "Path on this server that dereferences the IRI (HTML or RDF); null for IRIs outside "
        "https://w3id.org/spacekg/.",
        default=None,
    )


@dataclass(kw_only=True)
class Wikidata:
    """An entity's Wikidata item."""

    qid: str
    url: str


@dataclass(kw_only=True)
class Post:
    """A position a person holds in an organisation or country, with its dates."""

    iri: str
    role_title: str | None = None
    organisation: Ref | None = _doc("Where the post is (skg:postIn).", default=None)
    holder: Ref | None = _doc("Who holds it.", default=None)
    start: str | None = None
    end: str | None = None


@dataclass(kw_only=True)
class Participant:
    """Someone or something taking part in an event, in a role."""

    role: str = _doc("actor, partner, recipient, target or instrument")
    entity: Ref


@dataclass(kw_only=True)
class Evidence:
    """A sentence of an article that a statement was extracted from."""

    sentence: str
    article: Ref | None = None
    start: int | None = _doc("Character offset in the article text.", default=None)
    end: int | None = None


@dataclass(kw_only=True)
class ArticleRef:
    """An article, as cited by an event or an entity."""

    id: str | None = _doc("Identifier for GET /articles/{id}.", default=None)
    iri: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    path: str | None = None


@dataclass(kw_only=True)
class Event:
    """A typed, dated cooperation or conflict event with its participants and sources."""

    iri: str
    path: str | None = None
    label: str | None = _doc("A one-line summary of the event.", default=None)
    type: str | None = _doc("Event-type slug, e.g. lend-samples.", default=None)
    type_iri: str | None = None
    type_label: str | None = None
    date: str | None = _doc("xsd:date, gYearMonth or gYear; null if unknown.", default=None)
    date_unknown: bool = False
    status: str | None = _doc("asserted or planned", default=None)
    confidence: float | None = None
    role: str | None = _doc("The role of the entity whose page lists the event.", default=None)
    participants: list[Participant] = field(default_factory=list)
    sources_count: int = _doc("How many articles report the event.", default=0)
    sources: list[ArticleRef] = _doc(
        "The first articles reporting it (sources_count says how many there are).",
        default_factory=list,
    )
    evidence: list[Evidence] = _doc(
        "The first sentences it was extracted from.", default_factory=list
    )


@dataclass(kw_only=True)
class Fact:
    """A shortcut edge between the entity and another node, and where it is stated."""

    predicate: str
    predicate_iri: str
    direction: str = _doc("out: entity -> other; in: other -> entity")
    other: Ref
    in_kb: bool = _doc("Stated by the reference knowledge base.")
    articles: list[ArticleRef] = _doc("The articles that state it.", default_factory=list)


@dataclass(kw_only=True)
class Source:
    """An article that mentions the entity, with the sentences about it."""

    article: ArticleRef
    source: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Entity:
    """Everything SpaceKG knows about one entity."""

    iri: str
    path: str | None = None
    label: str | None = None
    alt_labels: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    type: str | None = _doc("Evaluation type name: Agency, Person, Country, ...", default=None)
    wikidata: Wikidata | None = None
    country: Ref | None = None
    description: str | None = None
    attributes: dict[str, list[str]] = _doc(
        "Dates and codes: founded, launchDate, isoAlpha2, homepage, ...", default_factory=dict
    )
    posts_held: list[Post] = field(default_factory=list)
    posts_in: list[Post] = _doc("People holding posts in this organisation.", default_factory=list)
    events: list[Event] = _doc(
        "The newest events; GET /events?participant= lists all of them.", default_factory=list
    )
    events_count: int = _doc("How many events the entity takes part in.", default=0)
    facts: list[Fact] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    sources_count: int = _doc(
        "How many articles mention the entity (sources lists the newest few).", default=0
    )


@dataclass(kw_only=True)
class SearchHit:
    """One entity matching a search."""

    iri: str
    label: str | None = None
    type: str | None = None
    path: str | None = None
    match: str = _doc("exact-label, exact-alias, prefix or substring")


@dataclass(kw_only=True)
class SearchResults:
    """Entities matching a name, best match first."""

    query: str
    type: str | None = None
    results: list[SearchHit]


@dataclass(kw_only=True)
class EventList:
    """One page of the events matching the filters, in date order (undated last)."""

    total: int = _doc("How many events match (at most 10,000 are counted).")
    limit: int
    offset: int
    events: list[Event]


@dataclass(kw_only=True)
class ArticleSummary:
    """An ingested article and how much was extracted from it."""

    id: str
    iri: str
    graph: str
    path: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    ingested_at: str | None = None
    entity_count: int = 0
    event_count: int = 0


@dataclass(kw_only=True)
class ArticleList:
    """Ingested articles, newest first."""

    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


@dataclass(kw_only=True)
class Statement:
    """A shortcut edge stated by an article."""

    subject: Ref
    predicate: str
    predicate_iri: str
    object: Ref


@dataclass(kw_only=True)
class ArticleDetail(ArticleSummary):
    """An article with everything extracted from it."""

    text: str | None = None
    content_hash: str | None = None
    entities: list[SearchHit] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    facts: list[Statement] = field(default_factory=list)


@dataclass(kw_only=True)
class Cell:
    """One statement of a resource page's table: the predicate and the value or node."""

    predicate: str
    predicate_iri: str
    text: str
    iri: str | None = _doc("The node's IRI, when the value is a node.", default=None)
    note: str = _doc("A literal's language or datatype.", default="")


@dataclass(kw_only=True)
class Resource:
    """Any node as a page shows it: its label, its statements, and its record if it has one."""

    iri: str
    kind: str | None
    label: str | None = None
    outgoing: list[Cell] = field(default_factory=list)
    incoming: list[Cell] = field(default_factory=list)
    entity: Entity | None = None
    event: Event | None = None
    article: ArticleDetail | None = None


# --- networks -------------------------------------------------------------------------------


@dataclass(kw_only=True)
class NodeAttributes:
    """What the network page knows of a node: who it is and where it stands in the network."""

    label: str
    type: str = _doc("agency, government, igo, institution, company, organisation, person, country")
    iri: str
    path: str | None = _doc("Where this server shows the entity.", default=None)
    country: str | None = _doc("IRI of its country (a country's is itself).", default=None)
    country_code: str | None = _doc("ISO 3166-1 alpha-2 of that country.", default=None)
    wikidata: str | None = None
    acronym: str | None = None
    degree: int = _doc("Number of partners.", default=0)
    strength: float = _doc("Events shared with all partners.", default=0)
    betweenness: float | None = None
    eigenvector: float | None = None
    pagerank: float | None = None
    core: int | None = _doc("k-core number.", default=None)
    community: int | None = _doc("Leiden community (seed 42), numbered from 0.", default=None)
    focus: bool = _doc("The entity an ego network is centred on.", default=False)


@dataclass(kw_only=True)
class NetworkNode:
    """A node as graphology serialises it."""

    key: str = _doc("The entity's IRI.")
    attributes: NodeAttributes


@dataclass(kw_only=True)
class EdgeAttributes:
    """A tie: how many events, how cooperative, when, and which events (the first few)."""

    weight: int = _doc("Number of distinct events the two take part in together.")
    goldstein_sum: float = _doc("Summed Goldstein scores: cooperation +, conflict -.")
    goldstein_mean: float
    first: str | None = _doc("Earliest event date (YYYY, YYYY-MM or YYYY-MM-DD).", default=None)
    last: str | None = None
    types: list[str] = _doc("Event-type slugs.", default_factory=list)
    forward: int = _doc("Events in which the source acts on the target.", default=0)
    backward: int = _doc("Events in which the target acts on the source.", default=0)
    events: list[str] = _doc(
        "IRIs of the first events behind the tie (weight says how many there are; "
        "GET /network/edge lists them with their sentences).",
        default_factory=list,
    )


@dataclass(kw_only=True)
class NetworkEdge:
    """A tie as graphology serialises it (undirected)."""

    key: str
    source: str
    target: str
    undirected: bool = True
    attributes: EdgeAttributes


@dataclass(kw_only=True)
class NetworkGraph:
    """A graphology serialised graph: ``graph.import(value)`` in sigma.js reads it as is."""

    attributes: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(
        default_factory=lambda: {"type": "undirected", "multi": False, "allowSelfLoops": False}
    )
    nodes: list[NetworkNode] = field(default_factory=list)
    edges: list[NetworkEdge] = field(default_factory=list)


@dataclass(kw_only=True)
class NetworkSize:
    """How large and how connected the whole network is, before any cap or ego cut."""

    nodes: int
    edges: int
    events: int = _doc("Distinct events behind the ties.")
    components: int
    largest_component: int
    density: float
    average_degree: float


@dataclass(kw_only=True)
class NetworkView:
    """The actor network for drawing: the graph (capped), its size, and what was left out."""

    level: str
    filters: dict[str, Any] = _doc("The filters it was built with, as given.")
    focus: str | None = _doc("IRI of the ego network's centre, if one was asked for.", default=None)
    summary: NetworkSize
    shown_nodes: int
    shown_edges: int
    truncated: bool = _doc("Whether nodes or ties were left out to keep the drawing small.")
    note: str | None = _doc("What was left out, and how to see it.", default=None)
    graph: NetworkGraph


@dataclass(kw_only=True)
class TieEvidence:
    """A sentence reporting an event, and its article."""

    sentence: str
    article: ArticleRef


@dataclass(kw_only=True)
class TieEvent:
    """An event behind a tie, with the sentences it was read from."""

    iri: str
    path: str | None = None
    type: str = _doc("Event-type slug.")
    label: str | None = None
    date: str | None = None
    confidence: float | None = None
    status: str = _doc("asserted or planned")
    evidence: list[TieEvidence] = field(default_factory=list)


@dataclass(kw_only=True)
class Tie:
    """The events and source sentences behind one tie of the network."""

    level: str
    source: Ref
    target: Ref
    weight: int = _doc("Number of distinct events behind the tie.")
    goldstein_sum: float
    goldstein_mean: float
    first: str | None = None
    last: str | None = None
    types: list[str] = field(default_factory=list)
    events_count: int
    events: list[TieEvent] = _doc(
        "The newest events first (undated last), at most 100.", default_factory=list
    )


@dataclass(kw_only=True)
class Download:
    """A file made from the network (an export or a metric table): its bytes, type and name."""

    media_type: str
    filename: str
    content: bytes


@dataclass(kw_only=True)
class ExportChoice:
    """A format the network can be downloaded in."""

    name: str
    extension: str
    media_type: str
    description: str


@dataclass(kw_only=True)
class NetworkChoices:
    """What the network page offers: its years, node metrics, colours and download formats."""

    years: list[int] = _doc("Years with dated events, oldest first.")
    size_by: list[str] = _doc("Node attributes a node's size can show.")
    community_colours: list[str] = _doc("Colours of communities (#rrggbb), cycled.")
    type_colours: dict[str, str] = _doc("Colours of entity types (#rrggbb).")
    export_formats: list[ExportChoice]
