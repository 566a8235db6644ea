"""The cooperation network over HTTP: the network as JSON or as an interactive page, metric
tables, export files, and the events and sentences behind one tie.

Every route takes the filters ``spacekg network`` takes (level, event_class, type, from, to,
entity_type, country, min_confidence, status), defined once here as a dependency and checked
by the library, so a bad value answers 400 with ``{"detail": ...}`` naming it, as the CLI's
message does. Each route makes one read-model call through the engine (bounded by its timeout,
killed if the client goes away).

The names of export formats and metrics are the library's registries; they are read when the
OpenAPI document is built, not at import, because importing them loads networkx and igraph,
which the server itself never needs (its query workers do the work).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from spacekg.errors import InputError, NotFound
from spacekg.graph import records
from spacekg.graph.engine import Engine
from spacekg.graph.network_filter import (
    ENTITY_TYPES,
    EVENT_CLASSES,
    LEVELS,
    STATUSES,
    NetworkFilter,
    check_level,
)
from spacekg.ontology import iris
from spacekg.ontology.taxonomy import event_types

from . import models, pages
from .disconnect import cancel_on_disconnect
from .errors import JsonInputErrors
from .negotiation import prefers_html

router = APIRouter(route_class=JsonInputErrors, tags=["network"])

#: Nodes a drawing holds by default and at most (``spacekg.graph.network_read``'s figures: the
#: server does not import that module, see above).
DEFAULT_NODES = 300
MAX_NODES = 2000
_BAD_INPUT = {400: {"model": models.Problem, "description": "A filter or parameter is malformed."}}


def _export_formats(schema: dict[str, Any]) -> None:
    from spacekg.graph.export import EXPORT_FORMATS

    schema["enum"] = list(EXPORT_FORMATS)


def _metric_names(schema: dict[str, Any]) -> None:
    from spacekg.graph.metrics import METRICS

    schema.setdefault("items", {})["enum"] = list(METRICS)


async def _read(request: Request, call: str, *args: Any, **kwargs: Any) -> Any:
    """A read-model call through the app's engine, abandoned if the client goes away."""
    engine: Engine = request.app.state.engine
    return await cancel_on_disconnect(request, engine.read(call, *args, **kwargs))


# --- the filters ----------------------------------------------------------------------------


def _given(value: str | None) -> str | None:
    """A parameter's value, or None when left empty (as a plain HTML form sends it)."""
    return value.strip() if value and value.strip() else None


@dataclass(frozen=True)
class NetworkParams:
    """The network's level and filters as a request gives them; :meth:`parse` checks them."""

    level: str = "all"
    event_class: str = "all"
    types: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    entity_types: tuple[str, ...] = ()
    country: str | None = None
    min_confidence: float | None = None
    status: str = "all"

    def parse(self) -> tuple[str, NetworkFilter]:
        """The level and the filter, checked by the library (InputError names a bad value)."""
        return check_level(self.level), NetworkFilter(
            event_class=self.event_class,
            event_types=self.types,
            date_from=self.date_from,
            date_to=self.date_to,
            entity_types=self.entity_types,
            country=self.country,
            min_confidence=self.min_confidence,
            status=self.status,
        )

    def query(self) -> list[tuple[str, str]]:
        """The parameters that differ from the defaults, for a link with the same filters."""
        pairs = [
            ("level", self.level),
            ("event_class", self.event_class),
            *(("type", t) for t in self.types),
            ("from", self.date_from or ""),
            ("to", self.date_to or ""),
            *(("entity_type", t) for t in self.entity_types),
            ("country", self.country or ""),
            ("min_confidence", "" if self.min_confidence is None else str(self.min_confidence)),
            ("status", self.status),
        ]
        defaults = {"level": "all", "event_class": "all", "status": "all"}
        return [(k, v) for k, v in pairs if v and defaults.get(k) != v]


def network_params(
    *,
    level: Annotated[
        str,
        Query(
            description="Nodes: person, organisation, country (organisations and people rolled "
            "up to their country) or all actors.",
            json_schema_extra={"enum": list(LEVELS)},
        ),
    ] = "all",
    event_class: Annotated[
        str,
        Query(
            description="Cooperation events, conflict events or both.",
            json_schema_extra={"enum": list(EVENT_CLASSES)},
        ),
    ] = "all",
    type: Annotated[
        list[str],
        Query(
            default_factory=list,
            description="Only events of this taxonomy type (repeatable), e.g. lend-samples.",
            json_schema_extra={"items": {"type": "string", "enum": sorted(event_types())}},
        ),
    ],
    date_from: Annotated[
        str | None,
        Query(
            alias="from",
            description="Events overlapping from this date: YYYY, YYYY-MM or YYYY-MM-DD. "
            "With a window set, undated events are left out.",
            examples=["2020"],
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(
            alias="to",
            description="Events overlapping up to this date: YYYY, YYYY-MM or YYYY-MM-DD.",
        ),
    ] = None,
    entity_type: Annotated[
        list[str],
        Query(
            default_factory=list,
            description="Only participants of this type (repeatable).",
            json_schema_extra={"items": {"type": "string", "enum": list(ENTITY_TYPES)}},
        ),
    ],
    country: Annotated[
        str | None,
        Query(description="Only ties touching actors of this country (ISO alpha-2, e.g. CN)."),
    ] = None,
    min_confidence: Annotated[
        float | None,
        Query(description="Only events extracted with at least this confidence (0 to 1)."),
    ] = None,
    status: Annotated[
        str,
        Query(
            description="Asserted events, planned ones, or both.",
            json_schema_extra={"enum": list(STATUSES)},
        ),
    ] = "all",
) -> NetworkParams:
    """The network filters of a request, the same as ``spacekg network``'s options."""
    return NetworkParams(
        level=level.strip(),
        event_class=_given(event_class) or "all",
        types=tuple(t.strip() for t in type if t.strip()),
        date_from=_given(date_from),
        date_to=_given(date_to),
        entity_types=tuple(t.strip() for t in entity_type if t.strip()),
        country=_given(country),
        min_confidence=min_confidence,
        status=_given(status) or "all",
    )


Params = Annotated[NetworkParams, Depends(network_params)]


def _entity(value: str | None, parameter: str) -> str | None:
    """An entity named by IRI or kind:slug, as an IRI (InputError naming the parameter)."""
    given = _given(value)
    return iris.resolve(given, parameter) if given else None


# --- routes ---------------------------------------------------------------------------------


@router.get(
    "/network",
    response_model=records.NetworkView,
    responses={
        200: {
            "content": {"text/html": {}},
            "description": "The network as graphology JSON, or the interactive page for a browser.",
        },
        404: {"model": models.Problem, "description": "The focus entity has no tie."},
        **_BAD_INPUT,
    },
    summary="The cooperation network (JSON, or the interactive page)",
)
async def get_network(
    request: Request,
    response: Response,
    params: Params,
    focus: Annotated[
        str | None,
        Query(
            description="Only this entity and its partners (its ego network): IRI or kind:slug.",
            examples=["agency:cnsa"],
        ),
    ] = None,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_NODES,
            description="Most nodes to return: the strongest (most events shared) are kept.",
        ),
    ] = DEFAULT_NODES,
    format: Annotated[
        str | None,
        Query(description="json or html, overriding the Accept header."),
    ] = None,
) -> Any:
    """The actor network as graphology JSON: nodes with label, type, country and metrics, ties
    with weight, Goldstein score, first and last dates and the events behind them, and the
    size of the whole network. A browser (``Accept: text/html``) gets the interactive page.

    Metrics (degree, strength, betweenness, eigenvector, PageRank, k-core, Leiden community)
    are those of the whole network. Example: ``GET /network?level=country&from=2020``
    """
    if format not in (None, "", "json", "html"):
        raise InputError(f"format {format!r} is not json or html")
    if format == "html" or (
        not format and prefers_html(request.headers.get("accept"), "application/json")
    ):
        return await _page(request, params, focus, limit)
    level, filters = params.parse()
    response.headers["Vary"] = "Accept"  # the same URL is a page for browsers
    return await _read(
        request, "network", level, filters, focus=_entity(focus, "focus"), limit=limit
    )


#: The sigma.js and graphology builds ``make web`` copies from npm, in loading order.
SCRIPTS = (
    "vendor/graphology/graphology.umd.min.js",
    "vendor/graphology/graphology-library.min.js",
    "vendor/sigma/sigma.min.js",
)


async def _page(request: Request, params: NetworkParams, focus: str | None, limit: int) -> Response:
    """The interactive page: its form holds the request's filters; its script asks /network."""
    error = None
    try:
        params.parse()
        _entity(focus, "focus")
    except InputError as err:
        error = str(err)
    choices: records.NetworkChoices = await _read(request, "network_choices")
    query = urllib.parse.urlencode(params.query())
    page = pages.render(
        request,
        "network.html",
        status_code=400 if error else 200,
        params=params,
        focus=_given(focus) or "",
        limit=limit,
        error=error,
        choices=choices,
        levels=list(LEVELS),
        event_classes=list(EVENT_CLASSES),
        entity_types=list(ENTITY_TYPES),
        event_types=sorted(event_types()),
        statuses=list(STATUSES),
        export_links=[
            (f, "/export?" + urllib.parse.urlencode([("format", f.name), *params.query()]))
            for f in choices.export_formats
        ],
        query=query,
        scripts=SCRIPTS,
        missing=[f for f in SCRIPTS if not (pages.STATIC_DIR / f).is_file()],
    )
    page.headers["Vary"] = "Accept"
    return page


@router.get(
    "/network/edge",
    response_model=records.Tie,
    responses={
        404: {"model": models.Problem, "description": "The two are not tied."},
        **_BAD_INPUT,
    },
    summary="The events and sentences behind one tie",
)
async def get_tie(
    request: Request,
    params: Params,
    a: Annotated[
        str, Query(description="One end of the tie: IRI or kind:slug.", examples=["agency:cnsa"])
    ],
    b: Annotated[
        str,
        Query(
            description="The other end: IRI or kind:slug.",
            examples=["institution:brown-university"],
        ),
    ],
) -> records.Tie:
    """The events behind the tie between two nodes of the network (same level and filters),
    newest first, each with the sentences it was read from and their articles' titles and URLs.

    Example: ``GET /network/edge?a=agency:cnsa&b=institution:brown-university``
    """
    level, filters = params.parse()
    source, target = _entity(a, "a"), _entity(b, "b")
    if source is None or target is None:
        raise InputError("a and b: name both ends of the tie (IRI or kind:slug)")
    found = await _read(request, "network_tie", source, target, level, filters)
    if found is None:
        raise NotFound(
            f"<{source}> and <{target}> are not tied in the {level}-level network with these "
            "filters; GET /network lists the ties"
        )
    return found


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {
            "content": {"application/json": {}, "text/csv": {}},
            "description": "One row per node: iri, label, then each metric's columns.",
        },
        **_BAD_INPUT,
    },
    summary="Network metrics by entity (JSON or CSV)",
)
async def get_metrics(
    request: Request,
    params: Params,
    metric: Annotated[
        list[str],
        Query(
            default_factory=list,
            description="Metric to compute (repeatable); default degree, betweenness, "
            "eigenvector, pagerank, clustering, core and community.",
            json_schema_extra=_metric_names,
        ),
    ],
    format: Annotated[
        str, Query(description="json or csv.", json_schema_extra={"enum": ["json", "csv"]})
    ] = "json",
    by_year: Annotated[
        bool, Query(description="Compute on each year's network: one row per node and year.")
    ] = False,
    top: Annotated[
        int | None, Query(ge=1, description="Only the first N rows, ranked by the first metric.")
    ] = None,
) -> Response:
    """Metric tables keyed by entity IRI with labels: centrality, k-core, communities, brokerage.

    Example: ``GET /metrics?metric=betweenness&metric=community&level=country&format=csv``
    """
    level, filters = params.parse()
    table = await _read(
        request,
        "network_metrics",
        tuple(m.strip() for m in metric if m.strip()),
        level,
        filters,
        fmt=format,
        by_year=by_year,
        top=top,
    )
    media = (
        f"{table.media_type}; charset=utf-8" if table.media_type == "text/csv" else table.media_type
    )
    return Response(table.content, media_type=media)


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/graphml+xml": {},
                "application/gexf+xml": {},
                "application/json": {},
                "application/zip": {},
                "text/turtle": {},
                "application/ld+json": {},
            },
            "description": "The file, named in Content-Disposition.",
        },
        **_BAD_INPUT,
    },
    summary="Download the network (GraphML, GEXF, Cytoscape, graphology, D3, CSV, RDF)",
)
async def get_export(
    request: Request,
    params: Params,
    format: Annotated[
        str,
        Query(
            description="graphml and gexf (Gephi, yEd), cytoscape, graphology (sigma.js) and d3 "
            "JSON with each tie's sentences, csv (a zip of nodes.csv and edges.csv), or the "
            "RDF behind the network as turtle or jsonld.",
            json_schema_extra=_export_formats,
        ),
    ],
    signed: Annotated[
        bool, Query(description="Keep ties with a sign (+1 cooperation, -1 conflict).")
    ] = False,
    colour_by: Annotated[
        str,
        Query(
            description="GEXF node colours: Leiden community or entity type.",
            json_schema_extra={"enum": ["community", "type"]},
        ),
    ] = "community",
) -> Response:
    """The network as a file for Gephi, Cytoscape, sigma.js, D3, a spreadsheet or an RDF tool.

    Every tie carries the events behind it. Example: ``GET /export?format=gexf&level=country``
    """
    level, filters = params.parse()
    found = await _read(
        request, "network_export", format, level, filters, signed=signed, colour_by=colour_by
    )
    return Response(
        found.content,
        media_type=found.media_type,
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )
