"""The ASGI application: the SPARQL endpoint, the Graph Store, the REST API and the web UI.

``create_app(settings)`` opens the store named by the settings (or serves one it is given) and
starts the query worker pool; ``spacekg serve`` runs it with uvicorn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from spacekg.graph.store import Store
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import spacekg
from spacekg.settings import Settings

from . import graph_store, sparql
from .http_errors import ApiError, handle_api_error
from .query_runner import InProcessRunner, Runner, WorkerPool


def create_app(settings: Settings, store: Store | None = None, *, warm_workers: int = 1) -> FastAPI:
    """The SpaceKG web application over ``store`` (default: the store at ``settings.store``).

    ``warm_workers`` query workers are started with the app (``spacekg serve`` starts them all);
    the rest start on first need.
    """
    owns_store = store is None
    if store is None:
        store = Store.open(settings.store)
    runner = make_runner(store, settings, warm=warm_workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runner.start()
        try:
            yield
        finally:
            await runner.close()
            if owns_store:
                store.close()

    app = FastAPI(
        title="SpaceKG",
        version=spacekg.__version__,
        description=(
            "A knowledge graph of international space cooperation, built from news. "
            "SPARQL 1.1 endpoint at /sparql, Graph Store Protocol at /store, JSON REST API, web UI."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.query_runner = runner
    app.add_exception_handler(ApiError, handle_api_error)
    app.add_middleware(ReadCors)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    # The REST API and the web pages are built alongside this module; until they exist the
    # protocol endpoints work on their own. ``pages`` goes last: its /{kind}/{slug} routes
    # (dereferencing the resource IRIs) would otherwise shadow more specific ones.
    try:
        from . import rest
    except ImportError:
        rest = None  # type: ignore[assignment]
    if rest is not None:
        app.include_router(rest.router)
    try:
        from . import pages
    except ImportError:
        pages = None  # type: ignore[assignment]
    if pages is not None:
        app.include_router(pages.router)
    return app


def make_runner(store: Store, settings: Settings, *, warm: int = 1) -> Runner:
    """Worker processes for an on-disk store; threads for an in-memory one (see query_runner)."""
    if store.path is None:
        return InProcessRunner(
            store.db, size=settings.max_concurrent_queries, timeout=settings.query_timeout
        )
    # Every write holds the store's write lock, which counts them: the count tells the workers
    # when their read-only snapshot is stale.
    lock = store.write_lock
    return WorkerPool(
        store.path,
        size=settings.max_concurrent_queries,
        timeout=settings.query_timeout,
        write_lock=lock,
        flush=store.db.flush,
        warm=warm,
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
