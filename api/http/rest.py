"""The REST API: entities, search, events, articles, stats and health, as JSON.

Each route checks its parameters and makes one library call: a read-model call through the app's
engine (bounded in time, killed if the client goes away), or the ingest library for a POST. The
records it returns are dataclasses that /docs and /openapi.json describe. Bad parameters get 400
with a message naming the parameter, unknown things 404, as ``{"detail": ...}``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

import spacekg
from spacekg.errors import InputError, NotFound, ReadError, StoreError
from spacekg.graph import read, records
from spacekg.graph.engine import Engine
from spacekg.graph.store import Stats, Store
from spacekg.ontology import iris
from spacekg.ontology.vocab import KINDS

from . import models
from .disconnect import cancel_on_disconnect
from .errors import JsonErrors
from .negotiation import media_type_of
from .safety import read_body, require_token

router = APIRouter(route_class=JsonErrors)

_NOT_FOUND = {404: {"model": models.Problem, "description": "Nothing known by that name."}}
_BAD_INPUT = {400: {"model": models.Problem, "description": "A parameter is malformed."}}


async def _read(request: Request, call: str, *args: Any, **kwargs: Any) -> Any:
    """A read-model call through the app's engine, abandoned if the client goes away."""
    engine: Engine = request.app.state.engine
    return await cancel_on_disconnect(request, engine.read(call, *args, **kwargs))


# --- entities -----------------------------------------------------------------------------


async def _entity_or_404(request: Request, iri: str) -> records.Entity:
    found = await _read(request, "entity", iri)
    if found is None:
        raise NotFound(f"no entity <{iri}> in the store; find entities with GET /search?q=...")
    return found


@router.get(
    "/entities/{kind}/{slug}",
    response_model=records.Entity,
    responses=_NOT_FOUND,
    tags=["entities"],
    summary="One entity by kind and slug",
)
async def get_entity(
    request: Request,
    kind: Annotated[str, Path(description=f"One of: {', '.join(KINDS)}", examples=["agency"])],
    slug: Annotated[str, Path(examples=["cnsa"])],
) -> records.Entity:
    """Labels, types, Wikidata item, country, posts, events, facts and sources of an entity.

    Example: ``GET /entities/agency/cnsa``
    """
    try:
        iri = iris.resource(kind, slug)
    except InputError as err:
        raise NotFound(str(err)) from None
    return await _entity_or_404(request, iri)


@router.get(
    "/entities",
    response_model=records.Entity,
    responses={**_NOT_FOUND, **_BAD_INPUT},
    tags=["entities"],
    summary="One entity by IRI",
)
async def get_entity_by_iri(
    request: Request,
    iri: Annotated[
        str,
        Query(
            description="The entity's IRI, or kind:slug",
            examples=["https://w3id.org/spacekg/agency/cnsa"],
        ),
    ],
) -> records.Entity:
    """The same record as ``/entities/{kind}/{slug}``, for any IRI.

    Example: ``GET /entities?iri=https://w3id.org/spacekg/agency/cnsa``
    """
    return await _entity_or_404(request, iris.resolve(iri, "iri"))


# --- search -------------------------------------------------------------------------------


@router.get("/search", response_model=records.SearchResults, responses=_BAD_INPUT, tags=["search"])
async def search(
    request: Request,
    q: Annotated[str, Query(description="Name, alias or acronym (any case).", examples=["cnsa"])],
    type: Annotated[
        str | None,
        Query(description=f"Only entities of this type: {', '.join(read.SEARCH_TYPES)}."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> records.SearchResults:
    """Find entities by name: exact label first, then exact alias, prefix, substring.

    Example: ``GET /search?q=nasa&type=Agency``
    """
    read.search_type(type)  # checked here, before a worker is asked
    return await _read(request, "search", q, type=type, limit=limit)


# --- events -------------------------------------------------------------------------------


@router.get("/events", response_model=records.EventList, responses=_BAD_INPUT, tags=["events"])
async def list_events(
    request: Request,
    type: Annotated[
        str | None, Query(description="Event-type slug, e.g. lend-samples or sign-agreement.")
    ] = None,
    actor: Annotated[str | None, Query(description="Acting entity: IRI or kind:slug.")] = None,
    participant: Annotated[
        str | None, Query(description="Entity in any role: IRI or kind:slug.")
    ] = None,
    country: Annotated[
        str | None,
        Query(
            description="ISO 3166-1 alpha-2 code: events with that country or one of its "
            "entities taking part."
        ),
    ] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    status: Annotated[str | None, Query(description="asserted or planned.")] = None,
    limit: Annotated[int, Query(ge=1, le=read.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=read.MAX_OFFSET)] = 0,
) -> records.EventList:
    """Events matching the filters, in date order (undated last), with participants and sources.

    A date range keeps events whose date overlaps it (an event dated 2025 overlaps 2025-04).
    Example: ``GET /events?country=CN&from=2025&type=lend-samples``
    """
    filters = read.EventFilters.parse(
        type=type,
        status=status,
        actor=actor,
        participant=participant,
        country=country,
        date_from=date_from,
        date_to=date_to,
    )
    return await _read(request, "events", filters, limit=limit, offset=offset)


# --- articles -----------------------------------------------------------------------------


@router.get("/articles", response_model=records.ArticleList, tags=["articles"])
async def list_articles(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=read.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=read.MAX_OFFSET)] = 0,
) -> records.ArticleList:
    """Ingested articles, newest first, with how many entities and events each yielded.

    Example: ``GET /articles?limit=10``
    """
    return await _read(request, "articles", limit=limit, offset=offset)


@router.get(
    "/articles/{id}",
    response_model=records.ArticleDetail,
    responses=_NOT_FOUND,
    tags=["articles"],
)
async def get_article(request: Request, id: str) -> records.ArticleDetail:
    """An article's metadata and text, and the entities, events and facts extracted from it.

    Example: ``GET /articles/<id from GET /articles>``
    """
    try:
        iris.article_graph_of_id(id)
    except InputError as err:
        raise NotFound(str(err)) from None
    found = await _read(request, "article", id)
    if found is None:
        raise NotFound(f"no article {id!r}; list them with GET /articles")
    return found


#: Reader formats by the Content-Type of a POSTed article (anything else is sniffed).
_BODY_FORMATS = {
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
}
_ARTICLE_BODY = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string"},
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "published": {"type": "string", "description": "e.g. 2025-04-25"},
                    "source": {"type": "string", "description": "The outlet."},
                },
            },
            "example": {
                "title": "ESA and JAXA agree to cooperate on a Moon rover",
                "text": "The European Space Agency and JAXA signed an agreement on 3 March 2025 ...",
                "url": "https://news.example.org/2025/03/esa-jaxa-rover",
                "published": "2025-03-04",
                "source": "Example News",
            },
        },
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
        "text/markdown": {"schema": {"type": "string"}},
    },
    "required": True,
}


@router.post(
    "/articles",
    response_model=models.IngestReport,
    responses={
        400: {"model": models.Problem, "description": "The body is not a readable article."},
        401: {"description": "Missing or wrong bearer token."},
        403: {"description": "Writes are turned off (the server has no token)."},
        413: {"description": "The body is larger than the server accepts."},
    },
    dependencies=[Depends(require_token)],
    openapi_extra={"requestBody": _ARTICLE_BODY},
    tags=["articles"],
)
async def post_article(request: Request) -> models.IngestReport:
    """Ingest an article: extract entities, events and facts and store them in its own graph.

    The body is JSON ``{"text": ..., "title"?, "url"?, "published"?, "source"?}`` or the raw
    article as text, Markdown or HTML (by Content-Type). Posting the same article again (same
    URL, or same text) replaces its graph. Needs ``Authorization: Bearer TOKEN``.
    Example: ``curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain'
    --data-binary @article.txt http://127.0.0.1:8000/articles``
    """
    # Ingest (spaCy, the readers) loads on the first article posted, not with the server.
    from spacekg.ingest.pipeline import ingest_documents
    from spacekg.ingest.readers import Document, read_text

    settings = request.app.state.settings
    body = await read_body(request, settings.max_article_bytes)
    media_type, _ = media_type_of(request.headers.get("content-type"))
    read_items = read_text(
        body,
        origin="POST /articles",
        fmt=_BODY_FORMATS.get(media_type),
        max_bytes=settings.max_article_bytes,
    )
    documents = [item for item in read_items if isinstance(item, Document)]
    if not documents:
        reasons = "; ".join(dict.fromkeys(item.reason for item in read_items)) or "no article found"
        raise ReadError(f"cannot read the article: {reasons}")
    store: Store = request.app.state.store
    summary = await run_in_threadpool(ingest_documents, store, read_items)
    if not summary.articles:
        reasons = "; ".join(f.reason for f in summary.failures)
        raise StoreError(f"the article could not be ingested: {reasons}")
    return models.IngestReport(
        articles=summary.articles,
        replaced=summary.replaced,
        graphs=summary.graphs,
        entities_linked=sorted(summary.entities_linked),
        entities_minted=sorted(summary.entities_minted),
        entities_new=sorted(summary.entities_new),
        events_by_type=dict(summary.events_by_type),
        failures=[models.Failure(origin=f.origin, reason=f.reason) for f in summary.failures],
    )


# --- the store ----------------------------------------------------------------------------


@router.get("/stats", response_model=Stats, tags=["store"])
async def stats(request: Request) -> Stats:
    """Counts of triples, graphs, articles, entities by type and events by type."""
    return await _read(request, "stats")


@router.get("/health", response_model=models.Health, tags=["store"])
def health(request: Request) -> models.Health:
    """Whether the server is up and which store it serves (constant time: /stats counts)."""
    store: Store = request.app.state.store
    return models.Health(
        status="ok",
        store=str(store.path) if store.path is not None else None,
        version=spacekg.__version__,
        writes=store.generation,
    )


@router.get(
    "/ready",
    response_model=models.Health,
    responses={503: {"model": models.Health, "description": "Still starting its workers."}},
    tags=["store"],
)
def ready(request: Request) -> Response:
    """Whether the server can answer queries now: 200 once a query worker is up, else 503."""
    store: Store = request.app.state.store
    engine: Engine = request.app.state.engine
    up = store.path is None or bool(engine.pids())
    body = models.Health(
        status="ready" if up else "starting",
        store=str(store.path) if store.path is not None else None,
        version=spacekg.__version__,
        writes=store.generation,
    )
    return JSONResponse(body.model_dump(), status_code=200 if up else 503)
