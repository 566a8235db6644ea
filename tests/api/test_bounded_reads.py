"""Pages and REST routes cost the same whether an event is reported by 10 articles or 100.

Wire copy puts one story on dozens of outlets' sites: the same events, reported by many
articles. The stores here hold 10 and 100 copies of six sample articles (built by
``bench/variants.py``: extracted once, each copy written through ``Store.write_articles``). Each
route is requested through an in-memory app, whose reads run on the store object itself, so
``store.queries_run`` counts what a request cost. ``bench/bench_reads.py`` times the same routes
over HTTP on 10, 100 and 400 variants.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from variants import build_store, extract, sample_paths

from spacekg.api.http.app import create_app
from spacekg.graph import read
from spacekg.graph.store import Store
from spacekg.ingest.pipeline import ArticleResult
from spacekg.settings import Settings

VARIANTS = (10, 100)
#: The first six samples: among them the Chang'e-5 loan and the Chang'e-8 rover, both CNSA's.
ARTICLES = 6
ROUTES = {
    "events page": ("/events?limit=20", "application/json"),
    "all events": ("/events?limit=500", "application/json"),
    "entity record": ("/entities/agency/cnsa", "application/json"),
    "entity page": ("/agency/cnsa", "text/html"),
    "articles": ("/articles", "application/json"),
    "articles page": ("/ui/articles?limit=50", "text/html"),
    "events html": ("/ui/events", "text/html"),
}
MENTIONS = """
SELECT ?iri (COUNT(DISTINCT ?article) AS ?n) WHERE { ?article schema:mentions ?iri } GROUP BY ?iri
"""
REPORTS = """
SELECT ?event (COUNT(DISTINCT ?article) AS ?n) WHERE { ?event skg:reportedIn ?article }
GROUP BY ?event
"""


@pytest.fixture(scope="module")
def extracted() -> list[ArticleResult]:
    """The six sample articles, extracted once (spaCy) for every store of this module."""
    return extract(sample_paths(ARTICLES), cache=None)


@pytest.fixture(scope="module")
def clients(extracted: list[ArticleResult]) -> Iterator[dict[int, tuple[Store, TestClient]]]:
    """An in-memory store of each size, and a client over an app serving it."""
    opened: dict[int, tuple[Store, TestClient]] = {}
    for copies in VARIANTS:
        store = build_store(None, copies, results=extracted)
        app = create_app(Settings(store=None, max_concurrent_queries=2), store)
        client = TestClient(app)
        client.__enter__()
        opened[copies] = (store, client)
    yield opened
    for store, client in opened.values():
        client.__exit__(None, None, None)
        store.close()


def cost(store: Store, client: TestClient, path: str, accept: str) -> tuple[int, object]:
    """The number of store queries a request ran, and its answer (checked to be 200)."""
    before = store.queries_run
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200, (path, response.text[:500])
    return store.queries_run - before, (
        response.json() if accept == "application/json" else response.text
    )


def test_the_stores_hold_the_copies(clients: dict[int, tuple[Store, TestClient]]) -> None:
    for copies, (store, _) in clients.items():
        assert store.stats().articles == copies * ARTICLES
    events = {
        copies: sum(store.stats().events_by_type.values()) for copies, (store, _) in clients.items()
    }
    assert events[10] == events[100] > 0  # copies report the same events: merged, not duplicated


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_route_costs_the_same_queries_at_10_and_100_variants(
    clients: dict[int, tuple[Store, TestClient]], route: str
) -> None:
    path, accept = ROUTES[route]
    answers = {
        copies: cost(store, client, path, accept) for copies, (store, client) in clients.items()
    }
    counts = {copies: count for copies, (count, _) in answers.items()}
    assert counts[10] == counts[100], counts
    assert counts[100] <= 20, counts  # a small, fixed number
    sizes = {copies: len(str(answer)) for copies, (_, answer) in answers.items()}
    assert sizes[100] < 1.5 * sizes[10], sizes  # the answer does not grow with the copies either


@pytest.mark.parametrize("path", ["/events?limit=20", "/events?limit=500"])
def test_events_show_their_first_sources_and_count_them_all(
    clients: dict[int, tuple[Store, TestClient]], path: str
) -> None:
    for copies, (store, client) in clients.items():
        reports = {row["event"].value: int(row["n"].value) for row in store.select(REPORTS)}
        _, page = cost(store, client, path, "application/json")
        assert page["events"]
        for event in page["events"]:
            assert len(event["sources"]) <= read.SOURCES_SHOWN
            assert len(event["evidence"]) <= read.EVIDENCE_SHOWN
            assert event["sources_count"] == reports[event["iri"]], event["iri"]
            assert len(event["sources"]) == min(read.SOURCES_SHOWN, event["sources_count"])
        assert max(e["sources_count"] for e in page["events"]) >= copies


def test_entity_record_shows_bounded_events_sources_and_facts(
    clients: dict[int, tuple[Store, TestClient]],
) -> None:
    store, client = clients[100]
    _, cnsa = cost(store, client, "/entities/agency/cnsa", "application/json")
    assert cnsa["events"] and cnsa["events_count"] == len(cnsa["events"])
    for event in cnsa["events"]:
        assert len(event["sources"]) <= read.SOURCES_SHOWN
        assert event["sources_count"] >= 100
    for fact in cnsa["facts"]:
        assert len(fact["articles"]) <= read.FACT_ARTICLES_SHOWN
    mentions = store.select(MENTIONS, iri=ox.NamedNode(cnsa["iri"]))
    assert cnsa["sources_count"] == int(mentions[0]["n"].value) >= 100
    assert len(cnsa["sources"]) == read.ENTITY_SOURCES_SHOWN
    published = [s["article"]["published"] for s in cnsa["sources"]]
    assert published == sorted(published, reverse=True)  # the newest
