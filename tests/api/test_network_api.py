"""The network over HTTP: GET /network, /network/edge, /metrics and /export, as clients see them.

Two stores: the two hand-written test articles (a network known by heart: 9 actors, 5 ties) and
the bundled samples with the seed article, ingested (a real network of about 150 actors).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from lxml import etree

from spacekg.api.http import network as network_api
from spacekg.api.http.app import create_app
from spacekg.graph import network_read
from spacekg.graph.export import EXPORT_FORMATS
from spacekg.graph.metrics import METRICS
from spacekg.graph.store import Store
from spacekg.settings import Settings

from .conftest import TOKEN, store_articles

DATA = Path(__file__).parent / "data" / "articles.trig"
BASE = "https://w3id.org/spacekg/"
CNSA, BROWN = BASE + "agency/cnsa", BASE + "institution/brown-university"
NASA, NIGERIA, RWANDA = BASE + "agency/nasa", BASE + "country/NG", BASE + "country/RW"
WU, US = BASE + "person/wu-weiren", BASE + "country/US"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
FILTERS = (
    "level",
    "event_class",
    "type",
    "from",
    "to",
    "entity_type",
    "country",
    "min_confidence",
    "status",
)


def _client(store: Store) -> TestClient:
    app = create_app(Settings(store=store.path, token=TOKEN, max_concurrent_queries=2), store)
    return TestClient(app)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over the two test articles' store (KB bootstrapped)."""
    store = Store.open(tmp_path_factory.mktemp("network") / "store", bootstrap=True)
    store_articles(store, DATA.read_bytes())
    with _client(store) as client:
        yield client
    store.close()


@pytest.fixture(scope="module")
def samples_api(
    tmp_path_factory: pytest.TempPathFactory, samples_dump: bytes
) -> Iterator[TestClient]:
    """A client over the bundled samples and the seed article, ingested."""
    store = Store.open(tmp_path_factory.mktemp("network-samples") / "store", bootstrap=False)
    store.restore(samples_dump)
    with _client(store) as client:
        yield client
    store.close()


def network(client: TestClient, **params: object) -> dict:
    response = client.get("/network", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def ties(view: dict) -> set[frozenset[str]]:
    return {frozenset((e["source"], e["target"])) for e in view["graph"]["edges"]}


# --- GET /network ---------------------------------------------------------------------------


def test_network_is_graphology_json_with_metrics_and_the_events_of_each_tie(
    api: TestClient,
) -> None:
    view = network(api)
    assert view["summary"]["nodes"] == 9 and view["summary"]["edges"] == 5
    assert view["summary"]["events"] == 5 and view["summary"]["components"] == 4
    assert (view["shown_nodes"], view["shown_edges"], view["truncated"]) == (9, 5, False)
    graph = view["graph"]
    assert graph["options"]["type"] == "undirected"
    nodes = {n["key"]: n["attributes"] for n in graph["nodes"]}
    assert nodes[CNSA]["label"] == "China National Space Administration"
    assert nodes[CNSA]["type"] == "agency" and nodes[CNSA]["country_code"] == "CN"
    assert nodes[CNSA]["path"] == "/agency/cnsa"
    # Nigeria is tied to NASA (cooperate) and to Rwanda (sign-agreement): the most central
    assert nodes[NIGERIA]["degree"] == 2 and nodes[NIGERIA]["strength"] == 2
    assert nodes[NIGERIA]["betweenness"] > 0
    assert max(nodes.values(), key=lambda a: a["pagerank"])["label"] == "Nigeria"
    assert all(a["community"] is not None and a["core"] == 1 for a in nodes.values())
    assert nodes[NASA]["community"] == nodes[NIGERIA]["community"] != nodes[CNSA]["community"]
    tie = next(e for e in graph["edges"] if {e["source"], e["target"]} == {CNSA, BROWN})
    assert tie["attributes"]["weight"] == 1 and tie["attributes"]["goldstein_sum"] == 6.0
    assert tie["attributes"]["first"] == tie["attributes"]["last"] == "2025-04-24"
    assert tie["attributes"]["types"] == ["lend-samples"]
    assert tie["attributes"]["events"] == [BASE + "event/lend-samples-1111111111111111"]
    # every tie joins two of the nodes listed (graphology's import refuses any other)
    assert all(e["source"] in nodes and e["target"] in nodes for e in graph["edges"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"event_class": "conflict"}, {frozenset((US, WU))}),
        ({"type": "sign-agreement"}, {frozenset((NIGERIA, RWANDA))}),
        (
            {"type": ["sign-agreement", "lend-samples"]},
            {frozenset((NIGERIA, RWANDA)), frozenset((CNSA, BROWN))},
        ),
        ({"from": "2025"}, {frozenset((CNSA, BROWN)), frozenset((US, WU))}),
        (
            {"from": "2022", "to": "2022-12"},
            {frozenset((NASA, NIGERIA)), frozenset((NIGERIA, RWANDA))},
        ),
        (
            {"entity_type": "country"},
            {frozenset((NIGERIA, RWANDA)), frozenset((BASE + "country/CN", BASE + "country/RU"))},
        ),
        ({"status": "planned"}, {frozenset((BASE + "country/CN", BASE + "country/RU"))}),
        ({"min_confidence": 0.85}, {frozenset((CNSA, BROWN)), frozenset((NIGERIA, RWANDA))}),
        # ties touching a US actor: the US itself, NASA, Brown University
        (
            {"country": "US"},
            {frozenset((US, WU)), frozenset((NASA, NIGERIA)), frozenset((CNSA, BROWN))},
        ),
    ],
)
def test_filters_change_the_network(api: TestClient, params: dict, expected: set) -> None:
    assert ties(network(api, **params)) == expected


def test_country_level_rolls_actors_up_to_their_countries(api: TestClient) -> None:
    view = network(api, level="country")
    assert {n["attributes"]["type"] for n in view["graph"]["nodes"]} == {"country"}
    # CNSA and Brown University roll up to China and the US; Wu Weiren (China) criticised the US
    assert frozenset((BASE + "country/CN", US)) in ties(view)
    assert view["level"] == "country"


def test_focus_gives_an_entitys_ego_network(api: TestClient) -> None:
    view = network(api, focus="agency:nasa")
    assert view["focus"] == NASA
    assert {n["key"] for n in view["graph"]["nodes"]} == {NASA, NIGERIA}
    assert [n["attributes"]["focus"] for n in view["graph"]["nodes"] if n["key"] == NASA] == [True]
    # the size is the whole network's, the metrics too
    assert view["summary"]["nodes"] == 9 and view["shown_nodes"] == 2
    missing = api.get("/network", params={"focus": "agency:esa"})
    assert missing.status_code == 404
    assert "European" not in missing.json()["detail"] and "agency/esa" in missing.json()["detail"]


def test_a_large_network_is_capped_to_its_strongest_nodes_with_a_note(
    samples_api: TestClient,
) -> None:
    whole = network(samples_api)
    assert whole["summary"]["nodes"] > 20 and not whole["truncated"]
    capped = network(samples_api, limit=10)
    assert capped["shown_nodes"] == 10 and capped["truncated"]
    assert "10 nodes" in capped["note"] and "/export" in capped["note"]
    assert capped["summary"] == whole["summary"]
    strongest = sorted((n["attributes"]["strength"] for n in whole["graph"]["nodes"]), reverse=True)
    kept = sorted((n["attributes"]["strength"] for n in capped["graph"]["nodes"]), reverse=True)
    assert kept == strongest[:10]
    keys = {n["key"] for n in capped["graph"]["nodes"]}
    assert all(e["source"] in keys and e["target"] in keys for e in capped["graph"]["edges"])


def test_the_http_layer_states_the_librarys_limits() -> None:
    """The server documents the limits without importing the read model (networkx, igraph)."""
    assert (network_api.DEFAULT_NODES, network_api.MAX_NODES) == (
        network_read.DEFAULT_NODES,
        network_read.MAX_NODES,
    )


def test_browsers_get_the_page_and_api_clients_json(api: TestClient) -> None:
    page = api.get("/network", params={"level": "country"}, headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["vary"] == "Accept"
    tree = lxml.html.fromstring(page.text)
    assert tree.xpath("//select[@name='level']/option[@selected]/text()") == ["country"]
    assert tree.xpath("//div[@id='network-graph']/@data-api") == ["/network"]
    assert "/static/network.js" in tree.xpath("//script/@src")
    assert not [s for s in tree.xpath("//script") if (s.text or "").strip()]  # no inline script
    assert not [u for u in tree.xpath("//script/@src | //link/@href") if "//" in u]
    assert tree.xpath("//fieldset[@id='years']/@data-min") == ["2022"]
    assert tree.xpath("//fieldset[@id='years']/@data-max") == ["2025"]
    downloads = tree.xpath("//ul[@id='downloads']//a/@href")
    assert len(downloads) == len(EXPORT_FORMATS)
    assert all(h.startswith("/export?format=") and "level=country" in h for h in downloads)
    for accept in ("application/json", "*/*", None):
        answer = api.get("/network", headers={"Accept": accept} if accept else {})
        assert answer.headers["content-type"] == "application/json", accept
        assert answer.headers["vary"] == "Accept"
    assert (
        api.get("/network?format=json", headers=HTML).headers["content-type"] == "application/json"
    )
    assert api.get("/network?format=html").headers["content-type"].startswith("text/html")


def test_the_page_says_what_is_wrong_with_a_bad_filter(api: TestClient) -> None:
    page = api.get("/network", params={"level": "galaxy"}, headers=HTML)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    tree = lxml.html.fromstring(page.text)
    assert "level 'galaxy' is not one of" in tree.get_element_by_id("network-error").text_content()


def test_home_and_entity_pages_link_to_the_network(api: TestClient) -> None:
    home = lxml.html.fromstring(api.get("/", headers=HTML).text)
    assert "/network" in home.xpath("//a/@href")
    entity = lxml.html.fromstring(api.get("/agency/cnsa", headers=HTML).text)
    ego = entity.get_element_by_id("ego-network").get("href")
    assert ego.startswith("/network?focus=")
    assert network(api, focus=ego.split("focus=", 1)[1].replace("%3A", ":"))["focus"] == CNSA


# --- bad values -----------------------------------------------------------------------------

BAD = [
    ({"level": "galaxy"}, "level 'galaxy'"),
    ({"event_class": "friendly"}, "event class 'friendly'"),
    ({"type": "hug"}, "event type 'hug'"),
    ({"from": "2025-13"}, "from date '2025-13'"),
    ({"to": "yesterday"}, "to date 'yesterday'"),
    ({"from": "2025", "to": "2024"}, "the window is empty"),
    ({"entity_type": "planet"}, "entity type 'planet'"),
    ({"country": "China"}, "country 'China'"),
    ({"country": "XX"}, "'XX'"),
    ({"min_confidence": "high"}, "min_confidence"),
    ({"min_confidence": "1.5"}, "minimum confidence 1.5"),
    ({"status": "rumoured"}, "status 'rumoured'"),
]
ROUTES = [
    ("/network", {}),
    ("/network/edge", {"a": "agency:cnsa", "b": "institution:brown-university"}),
    ("/metrics", {}),
    ("/export", {"format": "graphml"}),
]


@pytest.mark.parametrize(("route", "needed"), ROUTES, ids=[r for r, _ in ROUTES])
@pytest.mark.parametrize(
    ("bad", "message"), BAD, ids=[next(iter(b)) + "=" + str(list(b.values())[-1]) for b, _ in BAD]
)
def test_a_bad_filter_value_answers_400_naming_it(
    api: TestClient, route: str, needed: dict, bad: dict, message: str
) -> None:
    response = api.get(route, params={**needed, **bad})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    ("route", "params", "message"),
    [
        ("/network", {"limit": "0"}, "limit"),
        ("/network", {"limit": "many"}, "limit"),
        ("/network", {"format": "xml"}, "format 'xml'"),
        ("/network", {"focus": "not an entity"}, "focus: 'not an entity'"),
        ("/network/edge", {"a": "agency:cnsa"}, "b"),
        ("/network/edge", {"a": "agency:cnsa", "b": "nowhere"}, "b: 'nowhere'"),
        ("/metrics", {"metric": "fame"}, "unknown metric 'fame'"),
        ("/metrics", {"format": "xlsx"}, "format 'xlsx'"),
        ("/metrics", {"top": "0"}, "top"),
        ("/export", {}, "format"),
        ("/export", {"format": "pdf"}, "unknown export format 'pdf'"),
        ("/export", {"format": "gexf", "colour_by": "mood"}, "colour by 'mood'"),
    ],
)
def test_other_bad_parameters_answer_400(
    api: TestClient, route: str, params: dict, message: str
) -> None:
    response = api.get(route, params=params)
    assert response.status_code == 400, response.text
    assert message in response.json()["detail"]


# --- GET /network/edge ----------------------------------------------------------------------


def test_a_tie_lists_its_events_with_their_sentences_and_articles(api: TestClient) -> None:
    response = api.get("/network/edge", params={"a": "agency:cnsa", "b": BROWN})
    assert response.status_code == 200, response.text
    tie = response.json()
    assert tie["source"]["label"] == "China National Space Administration"
    assert tie["target"]["path"] == "/institution/brown-university"
    assert (tie["weight"], tie["events_count"], tie["types"]) == (1, 1, ["lend-samples"])
    [event] = tie["events"]
    assert event["type"] == "lend-samples" and event["date"] == "2025-04-24"
    assert event["status"] == "asserted" and event["confidence"] == 0.9
    [evidence] = event["evidence"]
    assert evidence["sentence"].startswith(
        "The China National Space Administration (CNSA) approved loans"
    )
    article = evidence["article"]
    assert article["title"].startswith("China clears foreign loans of Chang'e-5 Moon samples")
    assert article["url"] == "https://samples.spacekg.example/2025/04/change-5-samples-loan"
    assert article["id"] == "c5a11c5a11c5a11c"
    swapped = api.get("/network/edge", params={"a": BROWN, "b": CNSA}).json()
    assert swapped["events"] == tie["events"]


def test_a_tie_follows_the_level_and_the_filters(api: TestClient) -> None:
    rolled = api.get(
        "/network/edge", params={"a": "country:CN", "b": "country:US", "level": "country"}
    )
    assert rolled.status_code == 200
    assert {e["type"] for e in rolled.json()["events"]} == {"lend-samples", "criticise"}
    conflict = api.get(
        "/network/edge",
        params={
            "a": "country:CN",
            "b": "country:US",
            "level": "country",
            "event_class": "conflict",
        },
    )
    assert [e["type"] for e in conflict.json()["events"]] == ["criticise"]
    untied = api.get("/network/edge", params={"a": "agency:cnsa", "b": "agency:nasa"})
    assert untied.status_code == 404 and "not tied" in untied.json()["detail"]


def test_ties_of_the_real_samples_trace_to_sentences(samples_api: TestClient) -> None:
    view = network(samples_api)
    strongest = max(view["graph"]["edges"], key=lambda e: e["attributes"]["weight"])
    tie = samples_api.get(
        "/network/edge", params={"a": strongest["source"], "b": strongest["target"]}
    ).json()
    assert tie["events_count"] == strongest["attributes"]["weight"] == len(tie["events"])
    assert all(e["evidence"] for e in tie["events"])
    assert all(
        ev["sentence"] and ev["article"]["iri"] for e in tie["events"] for ev in e["evidence"]
    )
    dates = [e["date"] for e in tie["events"] if e["date"]]
    assert dates == sorted(dates, reverse=True)  # newest first


# --- GET /metrics ---------------------------------------------------------------------------


def test_metrics_are_tables_keyed_by_entity_iri_with_labels(api: TestClient) -> None:
    response = api.get("/metrics", params=[("metric", "degree"), ("metric", "betweenness")])
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    table = response.json()
    assert table["columns"] == ["iri", "label", "degree", "strength", "betweenness"]
    first = table["rows"][0]
    assert (first["iri"], first["label"], first["degree"]) == (NIGERIA, "Nigeria", 2)
    assert len(table["rows"]) == 9
    as_csv = api.get(
        "/metrics", params={"metric": "core", "format": "csv", "level": "country", "top": 3}
    )
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert list(rows[0]) == ["iri", "label", "core"] and len(rows) == 3
    assert all(r["iri"].startswith(BASE + "country/") for r in rows)
    default = api.get("/metrics").json()
    assert {"degree", "betweenness", "pagerank", "community"} <= set(default["columns"])


def test_metrics_by_year_and_with_filters(api: TestClient) -> None:
    yearly = api.get("/metrics", params={"metric": "degree", "by_year": "true"}).json()
    assert {row["year"] for row in yearly["rows"]} == {2022, 2025}
    conflict = api.get("/metrics", params={"metric": "degree", "event_class": "conflict"}).json()
    assert {row["iri"] for row in conflict["rows"]} == {US, WU}


# --- GET /export ----------------------------------------------------------------------------


def _check_file(fmt: str, body: bytes) -> None:
    """The body reads as its format says."""
    if fmt in ("graphml", "gexf"):
        etree.fromstring(body)
    elif fmt in ("cytoscape", "graphology", "d3"):
        json.loads(body)
    elif fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
    else:
        assert list(ox.parse(body, format=EXPORT_FORMATS[fmt].rdf))


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_each_export_format_downloads_with_its_media_type_and_a_filename(
    samples_api: TestClient, fmt: str
) -> None:
    chosen = EXPORT_FORMATS[fmt]
    response = samples_api.get("/export", params={"format": fmt, "level": "country"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == chosen.media_type
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="spacekg-network-country.{chosen.extension}"'
    assert len(response.content) > 500
    _check_file(fmt, response.content)


def test_export_follows_the_filters(api: TestClient) -> None:
    def edges(**params: str) -> int:
        body = api.get("/export", params={"format": "graphology", **params}).json()
        return len(body["edges"])

    assert edges() == 5
    assert edges(event_class="conflict") == 1
    signed = api.get("/export", params={"format": "d3", "signed": "true"})
    assert 'filename="spacekg-signed-network-all.json"' in signed.headers["content-disposition"]
    links = signed.json()["links"]
    assert {link["sign"] for link in links} == {1, -1}
    # the JSON formats carry each tie's sentences
    assert any(ev["evidence"] for link in links for ev in link["events"])


# --- the API's description ------------------------------------------------------------------


def test_openapi_lists_the_routes_and_their_parameters(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    paths = schema["paths"]
    for route, extra in [
        ("/network", {"focus", "limit", "format"}),
        ("/network/edge", {"a", "b"}),
        ("/metrics", {"metric", "format", "by_year", "top"}),
        ("/export", {"format", "signed", "colour_by"}),
    ]:
        operation = paths[route]["get"]
        params = {p["name"]: p for p in operation["parameters"]}
        assert set(FILTERS) | extra <= set(params), route
        assert all(p.get("description") for p in params.values()), route
        assert "400" in operation["responses"], route
        assert operation["tags"] == ["network"]
    network_params = {p["name"]: p for p in paths["/network"]["get"]["parameters"]}
    assert network_params["level"]["schema"]["enum"] == ["person", "organisation", "country", "all"]
    assert "lend-samples" in network_params["type"]["schema"]["items"]["enum"]
    assert "agency" in network_params["entity_type"]["schema"]["items"]["enum"]
    export_params = {p["name"]: p for p in paths["/export"]["get"]["parameters"]}
    assert export_params["format"]["schema"]["enum"] == list(EXPORT_FORMATS)
    assert export_params["format"]["required"] is True
    metric_params = {p["name"]: p for p in paths["/metrics"]["get"]["parameters"]}
    assert metric_params["metric"]["schema"]["items"]["enum"] == list(METRICS)
    assert "NetworkView" in schema["components"]["schemas"]
    assert "Tie" in schema["components"]["schemas"]
