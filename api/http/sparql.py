"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: queries, updates and the service description.

Queries: ``GET ?query=``, ``POST`` form-encoded (``query=``) or ``application/sparql-query``, with
``default-graph-uri`` and ``named-graph-uri``. Without them the default graph is the union of all
graphs (unless the query has FROM clauses); with them, exactly the graphs named. SpaceKG's
prefixes (``skg:``, ``agency:``, ``schema:``...) are predeclared. Results are negotiated from
``Accept``: SELECT/ASK as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle
(default), N-Triples, N-Quads, TriG, JSON-LD or RDF/XML. At most ``max_rows`` rows are returned;
``X-SpaceKG-Truncated: true`` (with ``X-SpaceKG-Rows``) says when more were cut. Queries run in
killable worker processes (:mod:`spacekg.graph.engine`): past ``query_timeout`` the answer is 503; when
all workers are busy a request waits up to 10 s for one, then gets 503 with ``Retry-After``.

Updates: ``POST`` form-encoded (``update=``) or ``application/sparql-update``, with a bearer token,
``using-graph-uri``/``using-named-graph-uri`` supported; relative IRIs resolve against the
endpoint's URL. Updates run in the server under the store's write lock (they are not subject to
the query timeout: only token holders can send them). Their WHERE clauses see the store's own
default graph, not the union.

``GET /sparql`` with no query answers with a SPARQL service description (Turtle by default);
browsers asking for HTML are sent to the query editor at ``/ui/sparql``.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from spacekg.errors import InputError, SpaceKGError
from spacekg.graph import service
from spacekg.graph.engine import Engine, QueryTask, Reply
from spacekg.graph.formats import BOOLEAN_RESULTS, GRAPH_RESULTS, RESULTS
from spacekg.graph.sparql_text import DatasetConflict, add_using, has_dataset_clause, query_form
from spacekg.graph.store import Store
from spacekg.ontology.iris import absolute_iri
from spacekg.settings import Settings

from .errors import HttpError as ApiError
from .errors import error_response, response_for
from .negotiation import describe, media_type_of, negotiate, prefers_html
from .safety import check_remote_access, check_token, read_body

router = APIRouter(tags=["SPARQL"])

#: Headers that make a read answer usable from any web page.
READ_CORS = {"Access-Control-Allow-Origin": "*"}
TRUNCATED_HEADER = "X-SpaceKG-Truncated"
ALLOW = "GET, POST, OPTIONS"


@router.get("/sparql", summary="SPARQL query (GET), or the service description without a query")
async def sparql_get(request: Request) -> Response:
    """Answer ``GET /sparql?query=...``; with no query, describe the service."""
    params = request.query_params
    if "update" in params:
        raise ApiError(
            400,
            "updates must be sent with POST (form field update= or Content-Type application/sparql-update)",
        )
    queries = params.getlist("query")
    if len(queries) > 1:
        raise ApiError(
            400, "the request has more than one query= parameter: send one query per request"
        )
    if not queries:
        return _service_description(request)
    return await run_query(
        request,
        queries[0],
        default_graphs=params.getlist("default-graph-uri"),
        named_graphs=params.getlist("named-graph-uri"),
        using=[*params.getlist("using-graph-uri"), *params.getlist("using-named-graph-uri")],
    )


@router.post("/sparql", summary="SPARQL query or update (POST)")
async def sparql_post(request: Request) -> Response:
    """Answer a POSTed query or update, form-encoded or sent directly."""
    settings: Settings = request.app.state.settings
    media, params = media_type_of(request.headers.get("content-type"))
    url = request.query_params
    fields: dict[str, list[str]] = {}
    for name, value in url.multi_items():
        fields.setdefault(name, []).append(value)
    if media == "application/x-www-form-urlencoded":
        body = await read_body(request, settings.max_body_bytes)
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise ApiError(400, "the form body is not valid UTF-8") from None
        for name, value in pairs:
            fields.setdefault(name, []).append(value)
    elif media in ("application/sparql-query", "application/sparql-update"):
        charset = params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ApiError(
                415, f"a SPARQL body must be UTF-8, not {charset}: send it as UTF-8 (charset=utf-8)"
            )
        body = await read_body(request, settings.max_body_bytes)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "the SPARQL body is not valid UTF-8") from None
        name = "query" if media == "application/sparql-query" else "update"
        fields.setdefault(name, []).insert(0, text)
    elif not media:
        raise ApiError(
            415,
            "a POST to /sparql needs a Content-Type: application/x-www-form-urlencoded (query= or "
            "update=), application/sparql-query or application/sparql-update",
        )
    else:
        raise ApiError(
            415,
            f"cannot take a {media} body: use application/x-www-form-urlencoded, "
            "application/sparql-query or application/sparql-update",
        )
    queries, updates = fields.get("query", []), fields.get("update", [])
    if queries and updates:
        raise ApiError(400, "the request has both a query and an update: send them separately")
    if len(queries) > 1 or len(updates) > 1:
        raise ApiError(400, "the request has more than one query or update: send one per request")
    if updates:
        return await run_update(
            request,
            updates[0],
            using=fields.get("using-graph-uri", []),
            using_named=fields.get("using-named-graph-uri", []),
            stray=[*fields.get("default-graph-uri", []), *fields.get("named-graph-uri", [])],
        )
    if not queries:
        raise ApiError(400, "the POST has no query= or update= field")
    return await run_query(
        request,
        queries[0],
        default_graphs=fields.get("default-graph-uri", []),
        named_graphs=fields.get("named-graph-uri", []),
        using=[*fields.get("using-graph-uri", []), *fields.get("using-named-graph-uri", [])],
    )


@router.options("/sparql", include_in_schema=False)
async def sparql_options() -> Response:
    """CORS preflight: any page may query; no page may send credentials (so none can write)."""
    return Response(
        status_code=204,
        headers={
            **READ_CORS,
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Accept, Content-Type",
            "Access-Control-Max-Age": "86400",
            "Allow": ALLOW,
        },
    )


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
async def sparql_other() -> Response:
    """The protocol has GET and POST only."""
    return error_response(405, "the SPARQL endpoint takes GET and POST", {"Allow": ALLOW})


# --- queries --------------------------------------------------------------------------------


async def run_query(
    request: Request,
    sparql: str,
    *,
    default_graphs: list[str],
    named_graphs: list[str],
    using: list[str],
) -> Response:
    """Check, negotiate and run a query in a worker; stream the answer."""
    settings: Settings = request.app.state.settings
    engine: Engine = request.app.state.engine
    if using:
        raise ApiError(
            400,
            "using-graph-uri and using-named-graph-uri are for updates; a query takes default-graph-uri and named-graph-uri",
        )
    check_remote_access(sparql, settings)
    accept = request.headers.get("accept")
    form = query_form(sparql)
    result_format = negotiate(accept, BOOLEAN_RESULTS if form == "ASK" else RESULTS)
    graph_format = negotiate(accept, GRAPH_RESULTS)
    for forms, chosen, offers in (
        (("SELECT",), result_format, RESULTS),
        (("ASK",), result_format, BOOLEAN_RESULTS),
        (("CONSTRUCT", "DESCRIBE"), graph_format, GRAPH_RESULTS),
    ):
        if form in forms and chosen is None:
            raise ApiError(
                406,
                f"the Accept header names no format for {form} results; this endpoint offers {describe(offers)}",
            )
    defaults = [_graph_iri(g, "default-graph-uri") for g in default_graphs]
    named = [_graph_iri(g, "named-graph-uri") for g in named_graphs]
    protocol_dataset = bool(defaults or named)
    task = QueryTask(
        sparql=sparql,
        result_format=result_format.key if result_format else None,
        graph_format=graph_format.key if graph_format else None,
        max_rows=settings.max_rows,
        # The protocol's dataset replaces the query's (so graphs not named are empty/absent).
        union_default_graph=not protocol_dataset and not has_dataset_clause(sparql),
        default_graphs=tuple(defaults) if protocol_dataset else None,
        named_graphs=tuple(named) if protocol_dataset else None,
        base_iri=_endpoint(request),
    )
    extra = {
        **READ_CORS,
        # Let scripts on other sites read whether their answer was cut.
        "Access-Control-Expose-Headers": f"{TRUNCATED_HEADER}, X-SpaceKG-Rows",
        "Vary": "Accept",
    }
    try:
        reply = await engine.run(task, short=form == "ASK")
    except SpaceKGError as err:
        return response_for(err, extra)
    return reply_response(reply, extra=extra)


def reply_response(reply: Reply, extra: dict[str, str] | None = None) -> Response:
    """The HTTP response for an engine's reply: plain, or streamed when it did not fit one chunk."""
    headers = dict(extra or {})
    if reply.truncated:
        headers[TRUNCATED_HEADER] = "true"
        headers["X-SpaceKG-Rows"] = str(reply.rows)
    if reply.rest is None:
        return Response(reply.body, media_type=reply.content_type, headers=headers)
    return StreamingResponse(_chain(reply), media_type=reply.content_type, headers=headers)


async def _chain(reply: Reply):  # type: ignore[no-untyped-def]
    yield reply.body
    assert reply.rest is not None
    async for chunk in reply.rest:
        yield chunk


def _graph_iri(value: str, parameter: str) -> str:
    try:
        return absolute_iri(value)
    except InputError:
        raise ApiError(400, f"{parameter} must be an absolute IRI, not {value!r}") from None


def _endpoint(request: Request) -> str:
    """The endpoint's own URL, the base IRI for relative IRIs in requests."""
    return str(request.url.replace(query="", fragment=""))


# --- updates --------------------------------------------------------------------------------


async def run_update(
    request: Request,
    sparql: str,
    *,
    using: list[str],
    using_named: list[str],
    stray: list[str],
) -> Response:
    """Check the token and the update, then run it under the store's write lock."""
    check_token(request)
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    if stray:
        raise ApiError(
            400,
            "default-graph-uri and named-graph-uri are for queries; an update takes using-graph-uri and using-named-graph-uri",
        )
    check_remote_access(sparql, settings)
    try:
        text = add_using(
            sparql,
            [_graph_iri(g, "using-graph-uri") for g in using],
            [_graph_iri(g, "using-named-graph-uri") for g in using_named],
        )
    except DatasetConflict as conflict:
        raise ApiError(400, str(conflict)) from None
    await anyio.to_thread.run_sync(lambda: store.update(text, base_iri=_endpoint(request)))
    return Response(status_code=204)


# --- service description ----------------------------------------------------------------------


def _service_description(request: Request) -> Response:
    accept = request.headers.get("accept")
    if prefers_html(accept):
        return RedirectResponse("/ui/sparql", status_code=303)
    chosen = negotiate(accept, GRAPH_RESULTS)
    if chosen is None:
        raise ApiError(406, f"the service description is available as {describe(GRAPH_RESULTS)}")
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    body = service.description(
        store,
        _endpoint(request),
        chosen,
        updates=bool(settings.token),
        federated=bool(settings.service_allowlist),
    )
    return Response(body, media_type=chosen.content_type, headers={**READ_CORS, "Vary": "Accept"})


__all__ = ["reply_response", "router", "run_query"]
