"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``, with indirect graph identification.

``/store?graph=IRI`` names a named graph, ``/store?default`` the store's own default graph.
Note that this is pyoxigraph's real default graph: SPARQL queries at /sparql see the union of all
graphs as their default graph, but ``?default`` reads and writes only the triples put in no named
graph. GET and HEAD are open to all (404 for a graph that does not exist); PUT (replace), POST
(merge; to ``/store`` alone: a new graph, whose IRI comes back in ``Location``) and DELETE need the
bearer token and go through the store's write lock. Bodies are parsed completely before anything
is written, so a malformed one (400, with the parser's message) changes nothing.
"""

from __future__ import annotations

import uuid

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from spacekg.graph.store import RDF_FORMATS, Store, parse_rdf
from spacekg.ontology.vocab import GRAPH

from spacekg.errors import InputError, StoreError
from spacekg.settings import Settings

from .formats import GRAPH_FORMATS, RDF_INPUT_TYPES, describe, media_type_of, negotiate
from .http_errors import ApiError
from .query_worker import GraphTask
from .safety import check_token, read_body
from .sparql import reply_response

router = APIRouter(tags=["Graph Store"])

#: Where graphs created by ``POST /store`` live.
UPLOAD_GRAPHS = str(GRAPH) + "upload/"
_TRIPLE_FORMATS = tuple(f for f in GRAPH_FORMATS if f.key not in ("nquads", "trig"))


def _target(request: Request) -> ox.NamedNode | ox.DefaultGraph | None:
    """The graph a request names: a named graph, the default graph, or ``None`` (the store itself)."""
    params = request.query_params
    graphs = params.getlist("graph")
    if graphs and "default" in params:
        raise ApiError(400, "name one graph: either ?graph=IRI or ?default, not both")
    if len(graphs) > 1:
        raise ApiError(400, "name one graph: the request has more than one graph= parameter")
    if "default" in params:
        return ox.DefaultGraph()
    if not graphs:
        return None
    try:
        return ox.NamedNode(graphs[0])
    except ValueError:
        raise ApiError(400, f"graph= must be an absolute IRI, not {graphs[0]!r}") from None


def _exists(store: Store, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    return isinstance(graph, ox.DefaultGraph) or store.has_graph(graph)


@router.api_route("/store", methods=["GET", "HEAD"], summary="Read a graph (Graph Store Protocol)")
async def read_graph(request: Request) -> Response:
    """The triples of ``?graph=IRI`` or ``?default``, in the negotiated RDF format."""
    graph = _target(request)
    if graph is None:
        raise ApiError(
            400, "name a graph: /store?graph=IRI or /store?default (list graphs with GET /sparql)"
        )
    chosen = negotiate(request.headers.get("accept"), _TRIPLE_FORMATS)
    if chosen is None:
        raise ApiError(406, f"a graph can be sent as {describe(_TRIPLE_FORMATS)}")
    store: Store = request.app.state.store
    if not _exists(store, graph):
        raise ApiError(404, f"there is no graph <{graph.value}> in the store")
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        return Response(media_type=chosen.content_type, headers=headers)
    task = GraphTask(
        graph=None if isinstance(graph, ox.DefaultGraph) else graph.value,
        graph_format=chosen.key,
    )
    return reply_response(await request.app.state.query_runner.run(task), extra=headers)


@router.put("/store", summary="Replace a graph (Graph Store Protocol)")
async def put_graph(request: Request) -> Response:
    """Replace the graph's content with the body: 201 if the graph is new, else 204."""
    check_token(request)
    graph = _target(request)
    if graph is None:
        raise ApiError(400, "name the graph to replace: /store?graph=IRI or /store?default")
    quads = await _parse_body(request, graph)
    store: Store = request.app.state.store
    try:
        created = await anyio.to_thread.run_sync(_replace, store, graph, quads)
    except StoreError as err:
        raise ApiError(500, str(err)) from None
    return Response(status_code=201 if created else 204)


@router.post("/store", summary="Add to a graph, or create one (Graph Store Protocol)")
async def post_graph(request: Request) -> Response:
    """Merge the body into the graph (201 if new, else 204); without a graph, create one (201)."""
    check_token(request)
    graph = _target(request)
    new_graph = graph is None
    if graph is None:
        graph = ox.NamedNode(UPLOAD_GRAPHS + str(uuid.uuid4()))
    quads = await _parse_body(request, graph)
    store: Store = request.app.state.store
    try:
        created = await anyio.to_thread.run_sync(_merge, store, graph, quads)
    except StoreError as err:
        raise ApiError(500, str(err)) from None
    if new_graph:
        return Response(status_code=201, headers={"Location": graph.value})
    return Response(status_code=201 if created else 204)


@router.delete("/store", summary="Delete a graph (Graph Store Protocol)")
async def delete_graph(request: Request) -> Response:
    """Delete a named graph (204; 404 if there is none) or empty the default graph (204)."""
    check_token(request)
    graph = _target(request)
    if graph is None:
        raise ApiError(400, "name the graph to delete: /store?graph=IRI or /store?default")
    store: Store = request.app.state.store
    if isinstance(graph, ox.DefaultGraph):
        await anyio.to_thread.run_sync(store.update, "CLEAR SILENT DEFAULT")
        return Response(status_code=204)
    if not await anyio.to_thread.run_sync(store.remove_graph, graph):
        raise ApiError(404, f"there is no graph <{graph.value}> in the store")
    return Response(status_code=204)


# --- writing ----------------------------------------------------------------------------------


async def _parse_body(request: Request, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    """The request body as quads in ``graph``, parsed in full; multipart bodies part by part."""
    settings: Settings = request.app.state.settings
    media, params = media_type_of(request.headers.get("content-type"))
    base = graph.value if isinstance(graph, ox.NamedNode) else str(request.url.replace(query=""))
    if media == "multipart/form-data":
        return await _parse_multipart(request, graph, base, settings.max_body_bytes)
    body = await read_body(request, settings.max_body_bytes)
    return _parse(body, media, params, graph, base, "the request body")


async def _parse_multipart(
    request: Request, graph: ox.NamedNode | ox.DefaultGraph, base: str, limit: int
) -> list[ox.Quad]:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        await read_body(request, limit)  # raises the 413
    quads: list[ox.Quad] = []
    async with request.form(max_files=100, max_fields=100, max_part_size=limit) as form:
        for name, part in form.multi_items():
            if isinstance(part, str):
                continue
            media, params = media_type_of(part.content_type)
            data = await part.read()
            quads += _parse(data, media, params, graph, base, f"part {part.filename or name!r}")
    return quads


def _parse(
    data: bytes,
    media: str,
    params: dict[str, str],
    graph: ox.NamedNode | ox.DefaultGraph,
    base: str,
    source: str,
) -> list[ox.Quad]:
    key = RDF_INPUT_TYPES.get(media)
    if key is None:
        raise ApiError(
            415,
            f"cannot read {media or 'a body with no Content-Type'} as RDF ({source}): send "
            + ", ".join(sorted(RDF_INPUT_TYPES)),
        )
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, f"RDF must be sent as UTF-8, not {charset}")
    fmt = RDF_FORMATS[key]
    try:
        quads = parse_rdf(data, fmt, source=source, base_iri=base)
    except InputError as err:
        raise ApiError(400, str(err)) from None
    # Triples (and quad formats' default-graph quads) all go to the named graph.
    return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]


def _replace(store: Store, graph: ox.NamedNode | ox.DefaultGraph, quads: list[ox.Quad]) -> bool:
    """Replace a graph's content atomically; returns whether the graph is new."""
    with store.write_lock:  # the existence check and the write as one step
        if isinstance(graph, ox.DefaultGraph):
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
            body = (
                ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                if triples
                else ""
            )
            # One update, one transaction; the data is pyoxigraph's own serialisation.
            update = "CLEAR SILENT DEFAULT ;\n" + (f"INSERT DATA {{\n{body}\n}}" if body else "")
            try:
                store.update(update)
            except Exception as err:  # noqa: BLE001 - any failure here is the store's
                raise StoreError(f"could not replace the default graph: {err}") from None
            return False
        created = not store.has_graph(graph)
        store.replace_graph(graph, quads)
        if created and not quads:
            store.db.add_graph(graph)  # an empty PUT still creates the graph
        return created


def _merge(store: Store, graph: ox.NamedNode | ox.DefaultGraph, quads: list[ox.Quad]) -> bool:
    """Add quads to a graph; returns whether the graph is new."""
    with store.write_lock:
        created = isinstance(graph, ox.NamedNode) and not store.has_graph(graph)
        store.add(quads)
        if created and not quads:
            store.db.add_graph(graph)
        return created
