"""Fixtures for the API tests: on-disk stores, the app, an ASGI client and a real uvicorn server.

* ``make_store(data=..., bootstrap=...)``: a store in a temp folder (closed after the test).
* ``make_app(store, **settings)``: the app over a store, with a write token set by default.
* ``client``: a ``TestClient`` (lifespan run) over an app on a small sample store.
* ``live_server(app)``: the app served by uvicorn on a free loopback port, in a thread; returns
  its base URL and stops it after the test.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from spacekg.api.http.app import create_app
from spacekg.graph.store import Store
from spacekg.settings import Settings

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

#: A small dataset in SpaceKG's shape: two agencies, a cooperation, an article graph.
SAMPLE_TRIG = b"""
@prefix skg: <https://w3id.org/spacekg/ontology#> .
@prefix agency: <https://w3id.org/spacekg/agency/> .
@prefix country: <https://w3id.org/spacekg/country/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://w3id.org/spacekg/graph/kb> {
    agency:cnsa a skg:SpaceAgency ; rdfs:label "China National Space Administration"@en ;
        skos:altLabel "CNSA" ; skg:country country:CN .
    agency:esa a skg:SpaceAgency ; rdfs:label "European Space Agency"@en ; skos:altLabel "ESA" .
    agency:nasa a skg:SpaceAgency ; rdfs:label "National Aeronautics and Space Administration"@en ;
        skos:altLabel "NASA" ; skg:country country:US .
}
<https://w3id.org/spacekg/graph/article/a1> {
    agency:cnsa skg:cooperatesWith agency:esa .
}
"""


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """Factory of on-disk stores in temp folders, loaded with ``data`` (TriG bytes) if given."""
    opened: list[Store] = []

    def make(
        data: bytes | None = SAMPLE_TRIG, *, bootstrap: bool = False, name: str = "store"
    ) -> Store:
        store = Store.open(tmp_path / f"{name}{len(opened)}", bootstrap=bootstrap)
        if data:
            store.load(data, fmt="trig")
        opened.append(store)
        return store

    yield make
    for store in opened:
        with contextlib.suppress(Exception):  # already closed by the app
            store.close()


@pytest.fixture
def make_app(make_store: Callable[..., Store]) -> Callable[..., FastAPI]:
    """Factory of apps over a store (default: a new sample store); settings overrides as keywords."""

    def make(store: Store | None = None, *, warm_workers: int = 1, **overrides: Any) -> FastAPI:
        store = store if store is not None else make_store()
        values: dict[str, Any] = {
            "store": store.path,
            "token": TOKEN,
            "query_timeout": 10.0,
            "max_concurrent_queries": 2,
        }
        values.update(overrides)
        return create_app(Settings(**values), store, warm_workers=warm_workers)

    return make


@pytest.fixture
def client(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    """An ASGI test client over an app on the sample store (lifespan started and stopped)."""
    with TestClient(make_app(), base_url="http://testserver") as test_client:
        yield test_client


class LiveServer:
    """A uvicorn server in a background thread, on a socket it already holds."""

    def __init__(self, app: FastAPI) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture
def live_server() -> Iterator[Callable[[FastAPI], str]]:
    """Serve an app with uvicorn on a free 127.0.0.1 port; returns the base URL."""
    servers: list[LiveServer] = []

    def serve(app: FastAPI) -> str:
        server = LiveServer(app).start()
        servers.append(server)
        return server.url

    yield serve
    for server in servers:
        server.stop()


def store_articles(store: Store, trig: bytes) -> None:
    """Store article graphs given as TriG the way ingest does, through ``Store.write_articles``."""
    graphs: dict[str, list[ox.Quad]] = {}
    for quad in ox.parse(trig, format=ox.RdfFormat.TRIG):
        graphs.setdefault(quad.graph_name.value, []).append(quad)
    store.write_articles(graphs)
