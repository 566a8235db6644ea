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
import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from spacekg.graph.results import compact
from spacekg.graph.store import Store
from spacekg.ontology.vocab import BASE, KINDS, PREFIXES

import spacekg
from spacekg.errors import InputError

from . import browse
from .formats import Format, negotiate

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
EXAMPLES_DIR = HERE / "examples"
#: The YASGUI build `make web` copies from npm.
YASGUI_FILES = ("vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css")

#: What a dereferenced IRI can be served as; the first is the default (no Accept, or */*).
RESOURCE_FORMATS: tuple[Format, ...] = (
    Format("html", "text/html", ("application/xhtml+xml",)),
    Format("turtle", "text/turtle", ("application/x-turtle",)),
    Format("ntriples", "application/n-triples"),
    Format("jsonld", "application/ld+json"),
    Format("rdfxml", "application/rdf+xml"),
)
_FORMAT_NAMES = {
    "html": "html",
    "turtle": "turtle",
    "ttl": "turtle",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
    "xml": "rdfxml",
}
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: Kinds whose pages show the entity record (the others: articles, events and plain resources).
ENTITY_KINDS = frozenset(KINDS) - {"post", "event", "article", "evidence"}

router = APIRouter()
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


# --- templates ----------------------------------------------------------------------------


def href(iri: str | None) -> str:
    """Where a page links an IRI to: its own path for SpaceKG IRIs, else the generic page."""
    if not iri:
        return "#"
    return browse.local_path(iri) or "/ui/entity?" + urllib.parse.urlencode({"iri": iri})


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
    env.filters["compact_iri"] = lambda iri: compact(ox.NamedNode(iri)) if iri else ""
    env.filters["paragraphs"] = lambda text: [p for p in (text or "").split("\n\n") if p.strip()]
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from a template, with the request in its context."""
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def _store(request: Request) -> Store:
    return request.app.state.store


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
def home(request: Request) -> HTMLResponse:
    """What SpaceKG holds, a search box, the SPARQL editor and the latest articles."""
    store = _store(request)
    figures = store.stats()
    return render(
        request,
        "home.html",
        stats=figures,
        entity_types=[(compact(ox.NamedNode(t)), n) for t, n in figures.entities_by_type.items()],
        event_types=[(compact(ox.NamedNode(t)), n) for t, n in figures.events_by_type.items()],
        articles=browse.articles(store, limit=10).articles,
        search_types=browse.SEARCH_TYPES,
    )


@router.get("/ui/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, q: str = "", type: str = "") -> HTMLResponse:
    """Search results as a page (the JSON twin is GET /search)."""
    results, error = None, None
    if q.strip():
        try:
            results = browse.search(_store(request), q, type=type or None, limit=50)
        except InputError as err:
            error = str(err)
    return render(
        request,
        "search.html",
        q=q,
        type=type,
        results=results,
        error=error,
        search_types=browse.SEARCH_TYPES,
    )


@router.get("/ui/sparql", response_class=HTMLResponse, include_in_schema=False)
def sparql_page(request: Request) -> HTMLResponse:
    """The YASGUI SPARQL editor pointed at /sparql, with the example queries to pick from."""
    missing = [f for f in YASGUI_FILES if not (STATIC_DIR / f).is_file()]
    return render(request, "sparql.html", examples=examples(), missing=missing)


@router.get("/ui/articles", response_class=HTMLResponse, include_in_schema=False)
def articles_page(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=browse.MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """The ingested articles, newest first."""
    listing = browse.articles(_store(request), limit=limit, offset=offset)
    return render(request, "articles.html", listing=listing)


@router.get("/ui/articles/{id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, id: str) -> HTMLResponse:
    """One article: metadata, text, and what was extracted from it."""
    try:
        found = browse.article(_store(request), id)
    except InputError as err:
        return _not_found_page(request, str(err))
    if found is None:
        return _not_found_page(request, f"No article {id!r} in the store.")
    return render(request, "article.html", article=found, formats=_rdf_links(found.iri))


@router.get("/ui/events", response_class=HTMLResponse, include_in_schema=False)
def events_page(
    request: Request,
    type: str = "",
    actor: str = "",
    participant: str = "",
    country: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
    status: str = "",
    limit: Annotated[int, Query(ge=1, le=browse.MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
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
        filters = browse.EventFilters.parse(**{k: v or None for k, v in form.items()})
        listing = browse.events(_store(request), filters, limit=limit, offset=offset)
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
        event_types=browse.EVENT_TYPES,
        statuses=browse.STATUSES,
        json_query=query,
    )


@router.get("/ui/entity", include_in_schema=False)
def entity_page(
    request: Request,
    iri: Annotated[str, Query(description="Any IRI in the store")],
    format: str | None = None,
) -> Response:
    """The page (or RDF) of any IRI, including ones outside the SpaceKG namespace."""
    try:
        resolved = browse.entity_iri(iri, "iri")
    except InputError as err:
        raise HTTPException(status_code=400, detail=str(err)) from None
    return resource(request, resolved, format)


# --- dereferencing ------------------------------------------------------------------------


def _rdf_links(iri: str) -> list[tuple[str, str]]:
    base = browse.local_path(iri) or "/ui/entity?" + urllib.parse.urlencode({"iri": iri})
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
        key = _FORMAT_NAMES.get(format.strip().lower())
        if key is None:
            raise HTTPException(
                status_code=400,
                detail=f"format: {format!r} is not one of html, turtle, ntriples, jsonld, rdfxml",
            )
        return next(f for f in RESOURCE_FORMATS if f.key == key)
    return negotiate(request.headers.get("accept"), RESOURCE_FORMATS)


def resource(request: Request, iri: str, format: str | None = None) -> Response:
    """An IRI as HTML or RDF, whichever the client asked for (406 if neither)."""
    chosen = _chosen_format(request, format)
    vary = {"Vary": "Accept"}
    if chosen is None:
        offered = ", ".join(f.media_type for f in RESOURCE_FORMATS)
        return PlainTextResponse(
            f"cannot serve <{iri}> in any type the Accept header allows; offered: {offered}\n",
            status_code=406,
            headers=vary,
        )
    store = _store(request)
    if not browse.exists(store, iri):
        message = f"Nothing is known about <{iri}>: no statement in the store uses it."
        if chosen.key == "html":
            return _not_found_page(request, message)
        return PlainTextResponse(message + "\n", status_code=404, headers=vary)
    if chosen.key != "html":
        triples = browse.describe(store, iri)
        body = ox.serialize(
            triples,
            format=_OX_FORMATS[chosen.key],
            prefixes=PREFIXES if chosen.key in ("turtle", "rdfxml") else None,
        )
        return Response(body, media_type=chosen.content_type, headers=vary)
    page = _html_page(request, store, iri)
    page.headers["Vary"] = "Accept"
    return page


def _html_page(request: Request, store: Store, iri: str) -> HTMLResponse:
    kind = iri[len(BASE) :].partition("/")[0] if iri.startswith(BASE) else None
    outgoing, incoming = browse.statements(store, iri)
    context: dict[str, Any] = {
        "iri": iri,
        "formats": _rdf_links(iri),
        "json_href": None,
        "outgoing": [_cell_row(r, "p", "o", "oLabel") for r in outgoing],
        "incoming": [_cell_row(r, "p", "s", "sLabel") for r in incoming],
    }
    if kind == "article" and (art_id := browse.article_id(iri)):
        found = browse.article(store, art_id)
        if found is not None:
            return render(request, "article.html", article=found, formats=context["formats"])
    if kind == "event":
        event = browse.event(store, iri)
        return render(
            request, "event.html", event=event, label=browse.label_of(store, iri), **context
        )
    entity = browse.entity(store, iri) if kind in ENTITY_KINDS or kind is None else None
    if entity is not None:
        context["json_href"] = "/entities?" + urllib.parse.urlencode({"iri": iri})
        return render(request, "entity.html", entity=entity, **context)
    return render(request, "resource.html", label=browse.label_of(store, iri), **context)


def _cell_row(row: dict, predicate: str, value: str, label: str) -> dict:
    term = row[value]
    cell: dict[str, Any] = {
        "predicate": compact(row[predicate]),
        "predicate_iri": row[predicate].value,
    }
    if isinstance(term, ox.NamedNode):
        cell.update(
            iri=term.value, text=_text_or(row.get(label), compact(term)), href=href(term.value)
        )
    elif isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        cell.update(
            iri=None,
            text=term.value,
            href=None,
            note=term.language
            or (compact(term.datatype) if not datatype.endswith("#string") else ""),
        )
    else:
        cell.update(iri=None, text=f"_:{term.value}", href=None)
    cell.setdefault("note", "")
    return cell


def _text_or(term: Any, default: str) -> str:
    return term.value if term is not None else default


def _deref_route(kind: str):
    def dereference(
        request: Request,
        slug: str,
        format: Annotated[
            str | None,
            Query(
                description="Override the Accept header: html, turtle, ntriples, jsonld or rdfxml."
            ),
        ] = None,
    ) -> Response:
        return resource(request, f"{BASE}{kind}/{slug}", format)

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
            200: {"content": {f.media_type: {} for f in RESOURCE_FORMATS}},
            404: {"description": "No statement uses the IRI."},
            406: {"description": "The Accept header allows none of the formats."},
        },
    )
    # Link checkers and Linked Data crawlers ask with HEAD; kept out of the schema, which would
    # otherwise list every IRI path twice.
    router.add_api_route(
        f"/{_kind}/{{slug}}", _deref_route(_kind), methods=["HEAD"], include_in_schema=False
    )
