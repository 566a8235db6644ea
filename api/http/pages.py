"""The web UI: server-rendered pages, the SPARQL editor, and the dereferencing of SpaceKG IRIs.

``GET /agency/nasa`` (any kind in ``vocab.KINDS``) answers a browser with an HTML page and an RDF
client with the IRI's statements in Turtle, N-Triples, JSON-LD or RDF/XML, as the ``Accept``
header (or ``?format=``) asks. Pages are Jinja2 templates with autoescaping on, so article text
can never inject markup; links leaving the site are only ever http(s). Nothing on a page loads
from another host: the SPARQL editor (YASGUI) is served from ``static/vendor/``, which ``make
web`` fills from npm.

The router must be included last: its per-kind routes (``/agency/{slug}``...) are the IRIs'
own paths.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import spacekg
from spacekg.errors import InputError
from spacekg.graph import formats, read
from spacekg.graph.engine import Engine
from spacekg.graph.formats import Format
from spacekg.graph.results import compact_iri
from spacekg.ontology import iris
from spacekg.ontology.vocab import BASE, KINDS

from .disconnect import cancel_on_disconnect
from .errors import HttpError
from .negotiation import negotiate

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
EXAMPLES_DIR = HERE / "examples"
#: The YASGUI build `make web` copies from npm.
YASGUI_FILES = ("vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css")

router = APIRouter()
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


# --- templates ----------------------------------------------------------------------------


def href(iri: str | None) -> str:
    """Where a page links an IRI to: its own path for SpaceKG IRIs, else the generic page."""
    if not iri:
        return "#"
    return iris.local_path(iri) or "/ui/entity?" + urllib.parse.urlencode({"iri": iri})


def external_url(url: str | None) -> str | None:
    """A URL safe to link to from a page (http or https only: no ``javascript:`` from articles)."""
    if url and urllib.parse.urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value is escaped, whatever the template's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(href=href, external_url=external_url, version=spacekg.__version__)
    env.filters["compact_iri"] = lambda iri: compact_iri(iri) if iri else ""
    env.filters["paragraphs"] = lambda text: [p for p in (text or "").split("\n\n") if p.strip()]
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from a template, with the request in its context."""
    return templates.TemplateResponse(request, template, context, status_code=status_code)


async def _read(request: Request, call: str, *args: Any, **kwargs: Any) -> Any:
    """A read-model call through the app's engine, abandoned if the client goes away."""
    engine: Engine = request.app.state.engine
    return await cancel_on_disconnect(request, engine.read(call, *args, **kwargs))


def _not_found_page(request: Request, message: str) -> HTMLResponse:
    return render(request, "not_found.html", status_code=404, message=message)


# --- examples -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """An example SPARQL query shipped in ``api/examples/``."""

    id: str
    title: str
    description: str
    query: str


@lru_cache(maxsize=1)
def examples() -> tuple[Example, ...]:
    """The example queries: ``# title:`` from the first line, the other leading comments describe."""
    found = []
    for path in sorted(EXAMPLES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title, description = path.stem, []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment = line.lstrip("#").strip()
            if comment.lower().startswith("title:"):
                title = comment[len("title:") :].strip()
            elif comment:
                description.append(comment)
        body = "\n".join(
            line for line in text.splitlines() if not line.lower().startswith("# title:")
        )
        found.append(Example(path.stem, title, " ".join(description), body.strip() + "\n"))
    return tuple(found)


@router.get("/ui/examples.json", tags=["web UI"], summary="Example SPARQL queries")
def examples_json() -> JSONResponse:
    """The example queries the SPARQL editor offers: id, title, description and query text."""
    return JSONResponse([e.__dict__ for e in examples()])


# --- pages --------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(request: Request) -> HTMLResponse:
    """What SpaceKG holds, a search box, the SPARQL editor and the latest articles."""
    figures = await _read(request, "stats")
    latest = await _read(request, "articles", limit=10)
    return render(
        request,
        "home.html",
        stats=figures,
        entity_types=[(compact_iri(t), n) for t, n in figures.entities_by_type.items()],
        event_types=[(compact_iri(t), n) for t, n in figures.events_by_type.items()],
        articles=latest.articles,
        search_types=read.SEARCH_TYPES,
    )


@router.get("/ui/search", response_class=HTMLResponse, include_in_schema=False)
async def search_page(request: Request, q: str = "", type: str = "") -> HTMLResponse:
    """Search results as a page (the JSON twin is GET /search)."""
    results, error = None, None
    if q.strip():
        try:
            read.search_type(type or None)
            results = await _read(request, "search", q, type=type or None, limit=50)
        except InputError as err:
            error = str(err)
    return render(
        request,
        "search.html",
        q=q,
        type=type,
        results=results,
        error=error,
        search_types=read.SEARCH_TYPES,
    )


@router.get("/ui/sparql", response_class=HTMLResponse, include_in_schema=False)
def sparql_page(request: Request) -> HTMLResponse:
    """The YASGUI SPARQL editor pointed at /sparql, with the example queries to pick from."""
    missing = [f for f in YASGUI_FILES if not (STATIC_DIR / f).is_file()]
    return render(request, "sparql.html", examples=examples(), missing=missing)


@router.get("/ui/articles", response_class=HTMLResponse, include_in_schema=False)
async def articles_page(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=read.MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=read.MAX_OFFSET)] = 0,
) -> HTMLResponse:
    """The ingested articles, newest first."""
    listing = await _read(request, "articles", limit=limit, offset=offset)
    return render(request, "articles.html", listing=listing)


@router.get("/ui/articles/{id}", response_class=HTMLResponse, include_in_schema=False)
async def article_page(request: Request, id: str) -> HTMLResponse:
    """One article: metadata, text, and what was extracted from it."""
    try:
        iris.article_graph_of_id(id)
    except InputError as err:
        return _not_found_page(request, str(err))
    found = await _read(request, "article", id)
    if found is None:
        return _not_found_page(request, f"No article {id!r} in the store.")
    return render(request, "article.html", article=found, formats=_rdf_links(found.iri))


@router.get("/ui/events", response_class=HTMLResponse, include_in_schema=False)
async def events_page(
    request: Request,
    type: str = "",
    actor: str = "",
    participant: str = "",
    country: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
    status: str = "",
    limit: Annotated[int, Query(ge=1, le=read.MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=read.MAX_OFFSET)] = 0,
) -> HTMLResponse:
    """Events with a filter form (the JSON twin is GET /events)."""
    form = {
        "type": type,
        "actor": actor,
        "participant": participant,
        "country": country,
        "date_from": date_from,
        "date_to": date_to,
        "status": status,
    }
    listing, error = None, None
    try:
        filters = read.EventFilters.parse(**{k: v or None for k, v in form.items()})
        listing = await _read(request, "events", filters, limit=limit, offset=offset)
    except InputError as err:
        error = str(err)
    query = urllib.parse.urlencode(
        {
            ("from" if k == "date_from" else "to" if k == "date_to" else k): v
            for k, v in form.items()
            if v
        }
    )
    return render(
        request,
        "events.html",
        form=form,
        listing=listing,
        error=error,
        event_types=read.EVENT_TYPES,
        statuses=read.STATUSES,
        json_query=query,
    )


@router.get("/ui/entity", include_in_schema=False)
async def entity_page(
    request: Request,
    iri: Annotated[str, Query(description="Any IRI in the store")],
    format: str | None = None,
) -> Response:
    """The page (or RDF) of any IRI, including ones outside the SpaceKG namespace."""
    try:
        resolved = iris.resolve(iri, "iri")
    except InputError as err:
        raise HttpError(400, str(err)) from None
    return await resource(request, resolved, format)


# --- dereferencing ------------------------------------------------------------------------


def _rdf_links(iri: str) -> list[tuple[str, str]]:
    base = iris.local_path(iri) or "/ui/entity?" + urllib.parse.urlencode({"iri": iri})
    sep = "&" if "?" in base else "?"
    return [
        (name, f"{base}{sep}format={key}")
        for name, key in (
            ("Turtle", "turtle"),
            ("N-Triples", "ntriples"),
            ("JSON-LD", "jsonld"),
            ("RDF/XML", "rdfxml"),
        )
    ]


def _chosen_format(request: Request, format: str | None) -> Format | None:
    if format:
        found = formats.find(format, formats.RESOURCE)
        if found is None:
            raise HttpError(
                400,
                f"format: {format!r} is not one of html, turtle, ntriples, jsonld, rdfxml",
            )
        return found
    return negotiate(request.headers.get("accept"), formats.RESOURCE)


async def resource(request: Request, iri: str, format: str | None = None) -> Response:
    """An IRI as HTML or RDF, whichever the client asked for (406 if neither)."""
    chosen = _chosen_format(request, format)
    vary = {"Vary": "Accept"}
    if chosen is None:
        offered = ", ".join(f.media_type for f in formats.RESOURCE)
        return PlainTextResponse(
            f"cannot serve <{iri}> in any type the Accept header allows; offered: {offered}\n",
            status_code=406,
            headers=vary,
        )
    message = f"Nothing is known about <{iri}>: no statement in the store uses it."
    if chosen is not formats.HTML:
        body = await _read(request, "describe_as", iri, chosen.key)
        if body is None:
            return PlainTextResponse(message + "\n", status_code=404, headers=vary)
        return Response(body, media_type=chosen.content_type, headers=vary)
    found = await _read(request, "resource", iri)
    if found is None:
        page = _not_found_page(request, message)
    else:
        page = _html_page(request, found)
    page.headers["Vary"] = "Accept"
    return page


def _html_page(request: Request, found: Any) -> HTMLResponse:
    context: dict[str, Any] = {
        "iri": found.iri,
        "formats": _rdf_links(found.iri),
        "json_href": None,
        "outgoing": found.outgoing,
        "incoming": found.incoming,
    }
    if found.article is not None:
        return render(request, "article.html", article=found.article, formats=context["formats"])
    if found.event is not None:
        return render(request, "event.html", event=found.event, label=found.label, **context)
    if found.entity is not None:
        context["json_href"] = "/entities?" + urllib.parse.urlencode({"iri": found.iri})
        return render(request, "entity.html", entity=found.entity, **context)
    return render(request, "resource.html", label=found.label, **context)


def _deref_route(kind: str):
    async def dereference(
        request: Request,
        slug: str,
        format: Annotated[
            str | None,
            Query(
                description="Override the Accept header: html, turtle, ntriples, jsonld or rdfxml."
            ),
        ] = None,
    ) -> Response:
        try:
            iri = iris.resource(kind, slug)
        except InputError as err:
            if _chosen_format(request, format) is formats.HTML:
                return _not_found_page(request, str(err))
            return PlainTextResponse(str(err) + "\n", status_code=404)
        return await resource(request, iri, format)

    dereference.__name__ = f"dereference_{kind}"
    dereference.__doc__ = (
        f"The IRI {BASE}{kind}/{{slug}}: an HTML page for browsers, or its statements as "
        "Turtle, N-Triples, JSON-LD or RDF/XML by content negotiation (406 if none is acceptable)."
    )
    return dereference


for _kind in KINDS:
    router.add_api_route(
        f"/{_kind}/{{slug}}",
        _deref_route(_kind),
        methods=["GET"],
        tags=["linked data"],
        summary=f"Dereference a {_kind} IRI",
        response_class=Response,
        responses={
            200: {"content": {f.media_type: {} for f in formats.RESOURCE}},
            400: {"description": "format= names no format this server writes."},
            404: {"description": "No statement uses the IRI."},
            406: {"description": "The Accept header allows none of the formats."},
        },
    )
    # Link checkers and Linked Data crawlers ask with HEAD; kept out of the schema, which would
    # otherwise list every IRI path twice.
    router.add_api_route(
        f"/{_kind}/{{slug}}", _deref_route(_kind), methods=["HEAD"], include_in_schema=False
    )
