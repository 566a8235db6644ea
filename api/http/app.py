"""The ASGI application: the SPARQL endpoint, the Graph Store, the REST API and the web UI.

``create_app(settings)`` opens the store named by the settings (or serves one it is given) and
starts its engine (the query workers); ``spacekg serve`` runs it with uvicorn. Every read a
route makes goes through the engine, within the same limits as a SPARQL query.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import spacekg
from spacekg.errors import SpaceKGError
from spacekg.graph.engine import Limits
from spacekg.graph.store import Store
from spacekg.settings import Settings

from . import docs, graph_store, network, pages, rest, sparql
from .errors import handle_error
from .logs import RequestLog


def create_app(
    settings: Settings,
    store: Store | None = None,
    *,
    warm_workers: int = 1,
    prespawned: list[Any] | None = None,
) -> FastAPI:
    """The SpaceKG web application over ``store`` (default: the store at ``settings.store``).

    ``warm_workers`` query workers are started with the app (``spacekg serve`` starts them all);
    the rest start on first need. ``prespawned`` workers, already starting, are adopted.
    """
    owns_store = store is None
    if store is None:
        store = Store.open(settings.store)
    engine = store.engine(limits(settings), warm=warm_workers, prespawned=prespawned)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await engine.start()
        try:
            yield
        finally:
            await engine.close()
            if owns_store:
                store.close()

    app = FastAPI(
        title="SpaceKG",
        version=spacekg.__version__,
        description=(
            "A knowledge graph of international space cooperation, built from news. "
            "SPARQL 1.1 endpoint at /sparql, Graph Store Protocol at /store, JSON REST API, "
            "the cooperation network (/network, /metrics, /export), web UI."
        ),
        lifespan=lifespan,
        docs_url=None,  # served by .docs from this server, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.engine = engine
    app.add_exception_handler(SpaceKGError, handle_error)
    app.add_middleware(ReadCors)
    app.add_middleware(RequestLog)  # outermost: it sees every answer, errors included
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(rest.router)
    app.include_router(docs.router)
    app.include_router(network.router)
    # Last: its /{kind}/{slug} routes (the resource IRIs' own paths) would shadow others.
    app.include_router(pages.router)
    return app


def limits(settings: Settings) -> Limits:
    """The engine limits the settings ask for."""
    return Limits(
        timeout=settings.query_timeout,
        max_rows=settings.max_rows,
        workers=settings.max_concurrent_queries,
    )


class ReadCors:
    """``Access-Control-Allow-Origin: *`` on every GET and HEAD answer (reads only, never writes).

    POSTed queries get the header from the SPARQL view itself, which knows a query from an update.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"access-control-allow-origin" for name, _ in headers):
                    headers.append((b"access-control-allow-origin", b"*"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)
