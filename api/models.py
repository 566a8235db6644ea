"""The records the REST API answers with: pydantic models, so that /docs and /openapi.json show them.

The web pages render the same records, so every page has a JSON twin with the same content.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Ref(BaseModel):
    """A link to another node: its IRI, its label and where this server shows it."""

    iri: str = Field(examples=["https://w3id.org/spacekg/agency/cnsa"])
    label: str | None = Field(default=None, examples=["China National Space Administration"])
    path: str | None = Field(
        default=None,
        description="Path on this server that dereferences the IRI (HTML or RDF); null for "
        "IRIs outside https://w3id.org/spacekg/.",
        examples=["/agency/cnsa"],
    )


class Wikidata(BaseModel):
    """An entity's Wikidata item."""

    qid: str = Field(examples=["Q23548"])
    url: str = Field(examples=["https://www.wikidata.org/wiki/Q23548"])


class Post(BaseModel):
    """A position a person holds in an organisation or country, with its dates."""

    iri: str
    role_title: str | None = Field(default=None, examples=["Administrator"])
    organisation: Ref | None = Field(default=None, description="Where the post is (skg:postIn).")
    holder: Ref | None = Field(default=None, description="Who holds it.")
    start: str | None = Field(default=None, examples=["2025-01"])
    end: str | None = None


class Participant(BaseModel):
    """Someone or something taking part in an event, in a role."""

    role: str = Field(description="actor, partner, recipient, target or instrument")
    entity: Ref


class Evidence(BaseModel):
    """A sentence of an article that a statement was extracted from."""

    sentence: str
    article: Ref | None = None
    start: int | None = Field(default=None, description="Character offset in the article text.")
    end: int | None = None


class ArticleRef(BaseModel):
    """An article, as cited by an event or an entity."""

    id: str | None = Field(default=None, description="Identifier for GET /articles/{id}.")
    iri: str
    title: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, examples=["2025-04-25"])
    path: str | None = None


class Event(BaseModel):
    """A typed, dated cooperation or conflict event with its participants and sources."""

    iri: str
    path: str | None = None
    label: str | None = Field(default=None, description="A one-line summary of the event.")
    type: str | None = Field(
        default=None, description="Event-type slug.", examples=["lend-samples"]
    )
    type_iri: str | None = None
    type_label: str | None = Field(default=None, examples=["lend samples"])
    date: str | None = Field(
        default=None, description="xsd:date, gYearMonth or gYear; null if unknown."
    )
    date_unknown: bool = False
    status: str | None = Field(default=None, description="asserted or planned")
    confidence: float | None = None
    role: str | None = Field(
        default=None, description="The role of the entity whose page lists the event."
    )
    participants: list[Participant] = []
    sources_count: int = 0
    sources: list[ArticleRef] = []
    evidence: list[Evidence] = []


class Fact(BaseModel):
    """A shortcut edge between the entity and another node, and where it is stated."""

    predicate: str = Field(examples=["skg:cooperatesWith"])
    predicate_iri: str
    direction: str = Field(description="out: entity -> other; in: other -> entity")
    other: Ref
    in_kb: bool = Field(description="Stated by the reference knowledge base.")
    articles: list[ArticleRef] = Field(
        default=[], description="The articles whose graph states it."
    )


class Source(BaseModel):
    """An article that mentions the entity, with the sentences about it."""

    article: ArticleRef
    source: str | None = None
    evidence: list[str] = []


class Entity(BaseModel):
    """Everything SpaceKG knows about one entity."""

    iri: str
    path: str | None = None
    label: str | None = None
    alt_labels: list[str] = []
    acronyms: list[str] = []
    types: list[str] = Field(default=[], examples=[["skg:SpaceAgency"]])
    type: str | None = Field(
        default=None,
        description="Evaluation type name: Agency, Person, Country, ...",
        examples=["Agency"],
    )
    wikidata: Wikidata | None = None
    country: Ref | None = None
    description: str | None = None
    attributes: dict[str, list[str]] = Field(
        default={}, description="Dates and codes: founded, launchDate, isoAlpha2, homepage, ..."
    )
    posts_held: list[Post] = []
    posts_in: list[Post] = Field(
        default=[], description="People holding posts in this organisation."
    )
    events: list[Event] = Field(
        default=[], description="Newest 200 events; GET /events?participant= lists all of them."
    )
    facts: list[Fact] = []
    sources: list[Source] = []


class SearchHit(BaseModel):
    """One entity matching a search."""

    iri: str
    label: str | None = None
    type: str | None = None
    path: str | None = None
    match: str = Field(description="exact-label, exact-alias, prefix or substring")


class SearchResults(BaseModel):
    """Entities matching a name, best match first."""

    query: str
    type: str | None = None
    results: list[SearchHit]


class EventList(BaseModel):
    """One page of the events matching the filters, in date order (undated last)."""

    total: int = Field(description="How many events match (at most 10,000 are counted).")
    limit: int
    offset: int
    events: list[Event]


class ArticleSummary(BaseModel):
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


class ArticleList(BaseModel):
    """Ingested articles, newest first."""

    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


class Statement(BaseModel):
    """A shortcut edge stated by an article."""

    subject: Ref
    predicate: str
    predicate_iri: str
    object: Ref


class ArticleDetail(ArticleSummary):
    """An article with everything extracted from it."""

    text: str | None = None
    content_hash: str | None = None
    entities: list[SearchHit] = []
    events: list[Event] = []
    facts: list[Statement] = []


class Failure(BaseModel):
    """An input that could not be ingested, and why."""

    origin: str
    reason: str


class IngestReport(BaseModel):
    """What POST /articles stored."""

    articles: int = Field(description="Articles stored.")
    replaced: int = Field(description="Of which replaced an earlier version of the same article.")
    graphs: list[str] = Field(description="Named graphs written, one per article.")
    entities_linked: list[str] = Field(
        description="Entities of the reference KB the articles mention."
    )
    entities_minted: list[str] = Field(description="Entities not in the KB, minted from the text.")
    entities_new: list[str] = Field(description="Minted entities the store did not hold before.")
    events_by_type: dict[str, int]
    failures: list[Failure]


class Stats(BaseModel):
    """What the store holds."""

    triples: int
    graphs: int
    articles: int
    entities_by_type: dict[str, int]
    events_by_type: dict[str, int]


class Health(BaseModel):
    """Whether the server is up, and what it serves."""

    status: str = Field(examples=["ok"])
    store: str | None = Field(description="Store folder; null for an in-memory store.")
    triples: int
    version: str


class Problem(BaseModel):
    """An error: what was wrong and what to do."""

    detail: str
