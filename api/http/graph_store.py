"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``, with indirect graph identification.

``/store?graph=IRI`` names a named graph, ``/store?default`` the store's own default graph.
Note that this is the store's real default graph: SPARQL queries at /sparql see the union of all
graphs as their default graph, but ``?default`` reads and writes only the triples put in no named
graph. GET and HEAD are open to all (404 for a graph that does not exist); PUT (replace), POST
(merge; to ``/store`` alone: a new graph, whose IRI comes back in ``Location``) and DELETE need the
bearer token and go through the store's write lock. Bodies are parsed completely before anything
is written, so a malformed one (400, with the parser's message) changes nothing.
"""

from __future__ import annotations

import uuid

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response

from spacekg.errors import InputError
from spacekg.graph import formats
from spacekg.graph.engine import Engine, GraphTask
from spacekg.graph.store import Store
from spacekg.ontology.iris import UPLOAD_GRAPH_PREFIX, absolute_iri
from spacekg.settings import Settings

from .errors import HttpError as ApiError
from .negotiation import describe, media_type_of, negotiate
from .safety import check_token, read_body
from .sparql import reply_response

router = APIRouter(tags=["Graph Store"])

#: What a request body may be sent in: any RDF format the store reads.
_INPUT = formats.RDF


class _Default:
    """Stands for the store's own default graph in a request (``?default``)."""


DEFAULT = _Default()
Target = str | _Default


def _target(request: Request) -> Target | None:
    """The graph a request names: a named graph's IRI, the default graph, or ``None``."""
    params = request.query_params
    graphs = params.getlist("graph")
    if graphs and "default" in params:
        raise ApiError(400, "name one graph: either ?graph=IRI or ?default, not both")
    if len(graphs) > 1:
        raise ApiError(400, "name one graph: the request has more than one graph= parameter")
    if "default" in params:
        return DEFAULT
    if not graphs:
        return None
    try:
        return absolute_iri(graphs[0])
    except InputError:
        raise ApiError(400, f"graph= must be an absolute IRI, not {graphs[0]!r}") from None


def _graph(target: Target) -> str | None:
    """The store's name for a target: an IRI, or None for the default graph."""
    return None if isinstance(target, _Default) else target


#: What GET /store takes and answers; FastAPI cannot see them, as the view reads the request.
_READ_DOC = {
    "parameters": [
        {"name": "graph", "in": "query", "schema": {"type": "string"}, "description": "Its IRI."},
        {
            "name": "default",
            "in": "query",
            "allowEmptyValue": True,
            "schema": {"type": "string"},
            "description": "Present (any value): the store's own default graph.",
        },
    ]
}
_READ_ANSWERS: dict[int | str, dict] = {
    200: {"content": {f.media_type: {} for f in formats.TRIPLES}},
    400: {"description": "No graph named, or two, or graph= is not an absolute IRI."},
    404: {"description": "There is no such graph."},
    406: {"description": "The Accept header allows none of the formats."},
}


@router.api_route(
    "/store",
    methods=["GET", "HEAD"],
    summary="Read a graph (Graph Store Protocol)",
    response_class=Response,
    responses=_READ_ANSWERS,
    openapi_extra=_READ_DOC,
)
async def read_graph(request: Request) -> Response:
    """The triples of ``?graph=IRI`` or ``?default``, in the negotiated RDF format."""
    target = _target(request)
    if target is None:
        raise ApiError(
            400, "name a graph: /store?graph=IRI or /store?default (list graphs with GET /sparql)"
        )
    chosen = negotiate(request.headers.get("accept"), formats.TRIPLES)
    if chosen is None:
        raise ApiError(406, f"a graph can be sent as {describe(formats.TRIPLES)}")
    store: Store = request.app.state.store
    if isinstance(target, str):
        store.require_graph(target)
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        return Response(media_type=chosen.content_type, headers=headers)
    engine: Engine = request.app.state.engine
    reply = await engine.run(GraphTask(graph=_graph(target), graph_format=chosen.key))
    return reply_response(reply, extra=headers)


@router.put("/store", summary="Replace a graph (Graph Store Protocol)")
async def put_graph(request: Request) -> Response:
    """Replace the graph's content with the body: 201 if the graph is new, else 204."""
    check_token(request)
    target = _target(request)
    if target is None:
        raise ApiError(400, "name the graph to replace: /store?graph=IRI or /store?default")
    quads = await _parse_body(request, target)
    store: Store = request.app.state.store
    created = await anyio.to_thread.run_sync(lambda: store.put(_graph(target), quads))
    return Response(status_code=201 if created else 204)


@router.post("/store", summary="Add to a graph, or create one (Graph Store Protocol)")
async def post_graph(request: Request) -> Response:
    """Merge the body into the graph (201 if new, else 204); without a graph, create one (201)."""
    check_token(request)
    target = _target(request)
    new_graph = target is None
    if target is None:
        target = UPLOAD_GRAPH_PREFIX + str(uuid.uuid4())
    quads = await _parse_body(request, target)
    store: Store = request.app.state.store
    created = await anyio.to_thread.run_sync(lambda: store.merge(_graph(target), quads))
    if new_graph:
        return Response(status_code=201, headers={"Location": str(target)})
    return Response(status_code=201 if created else 204)


@router.delete("/store", summary="Delete a graph (Graph Store Protocol)")
async def delete_graph(request: Request) -> Response:
    """Delete a named graph (204; 404 if there is none) or empty the default graph (204)."""
    check_token(request)
    target = _target(request)
    if target is None:
        raise ApiError(400, "name the graph to delete: /store?graph=IRI or /store?default")
    store: Store = request.app.state.store
    await anyio.to_thread.run_sync(lambda: store.delete(_graph(target)))
    return Response(status_code=204)


# --- writing ----------------------------------------------------------------------------------


async def _parse_body(request: Request, target: Target) -> list:
    """The request body as quads in the target graph, parsed in full; multipart part by part."""
    settings: Settings = request.app.state.settings
    media, params = media_type_of(request.headers.get("content-type"))
    base = target if isinstance(target, str) else str(request.url.replace(query=""))
    store: Store = request.app.state.store
    if media == "multipart/form-data":
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > settings.max_body_bytes:
            await read_body(request, settings.max_body_bytes)  # raises the 413
        quads: list = []
        limit = settings.max_body_bytes
        async with request.form(max_files=100, max_fields=100, max_part_size=limit) as form:
            for name, part in form.multi_items():
                if isinstance(part, str):
                    continue
                part_media, part_params = media_type_of(part.content_type)
                source = f"part {part.filename or name!r}"
                fmt = _input_format(part_media, part_params, source)
                data = await part.read()
                quads += store.parse(data, fmt, graph=_graph(target), base_iri=base, source=source)
        return quads
    body = await read_body(request, settings.max_body_bytes)
    fmt = _input_format(media, params, "the request body")
    return store.parse(body, fmt, graph=_graph(target), base_iri=base, source="the request body")


def _input_format(media: str, params: dict[str, str], source: str) -> formats.Format:
    fmt = formats.by_media_type(media, _INPUT) if media else None
    if fmt is None:
        accepted = sorted({m for f in _INPUT for m in (f.media_type, *f.aliases)})
        raise ApiError(
            415,
            f"cannot read {media or 'a body with no Content-Type'} as RDF ({source}): send "
            + ", ".join(accepted),
        )
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, f"RDF must be sent as UTF-8, not {charset}")
    return fmt
