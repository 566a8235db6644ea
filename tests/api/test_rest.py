"""The REST API as an analyst's script uses it: entities, search, events, articles, stats, health.

The store is a real on-disk store with the ontology and reference KB bootstrapped, plus two
articles as ingest states them (tests/api/data/articles.trig), stored as ingest stores them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from spacekg.api.http.app import create_app
from spacekg.graph.store import Store
from spacekg.settings import Settings

from .conftest import AUTH, TOKEN, store_articles

DATA = Path(__file__).parent / "data" / "articles.trig"
BASE = "https://w3id.org/spacekg/"
CNSA = BASE + "agency/cnsa"
CHANGE5_ARTICLE = "c5a11c5a11c5a11c"
ARTEMIS_ARTICLE = "a7e3a7e3a7e3a7e3"


def open_web_store(folder: Path) -> Store:
    """A bootstrapped on-disk store holding the two test articles."""
    store = Store.open(folder, bootstrap=True)
    store_articles(store, DATA.read_bytes())
    return store


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over the app on the test store, shared by the read-only tests of this module."""
    store = open_web_store(tmp_path_factory.mktemp("rest") / "store")
    app = create_app(Settings(store=store.path, token=TOKEN, max_concurrent_queries=2), store)
    with TestClient(app) as client:
        yield client
    store.close()


def ok(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return response.json()


# --- entities -------------------------------------------------------------------------------


def test_entity_record_has_labels_types_country_and_wikidata(api: TestClient) -> None:
    nasa = ok(api.get("/entities/agency/nasa"))
    assert nasa["iri"] == BASE + "agency/nasa"
    assert nasa["label"] == "National Aeronautics and Space Administration"
    assert "NASA" in nasa["acronyms"]
    assert "US space agency" in nasa["alt_labels"]
    assert nasa["type"] == "Agency" and "skg:SpaceAgency" in nasa["types"]
    assert nasa["country"] == {
        "iri": BASE + "country/US",
        "label": "United States",
        "path": "/country/US",
    }
    assert nasa["wikidata"] == {"qid": "Q23548", "url": "https://www.wikidata.org/wiki/Q23548"}
    assert nasa["path"] == "/agency/nasa"


def test_organisation_lists_people_holding_posts_in_it(api: TestClient) -> None:
    cnsa = ok(api.get("/entities/agency/cnsa"))
    roles = {(p["holder"]["label"], p["role_title"]) for p in cnsa["posts_in"]}
    assert ("Bian Zhigang", "vice administrator") in roles  # read from the article
    assert ("Shan Zhongde", "Administrator") in roles  # from the reference KB


def test_person_lists_posts_held_with_organisation_and_dates(api: TestClient) -> None:
    bian = ok(api.get("/entities/person/bian-zhigang"))
    assert bian["type"] == "Person"
    [post] = bian["posts_held"]
    assert post["role_title"] == "vice administrator"
    assert post["organisation"]["iri"] == CNSA
    shan = ok(api.get("/entities/person/shan-zhongde"))
    administrator = [p for p in shan["posts_held"] if p["organisation"]["iri"] == CNSA]
    assert administrator[0]["start"] == "2025-01"


def test_entity_events_give_type_role_other_participants_date_status_confidence(
    api: TestClient,
) -> None:
    cnsa = ok(api.get("/entities/agency/cnsa"))
    [loan] = [e for e in cnsa["events"] if e["type"] == "lend-samples"]
    assert loan["role"] == "actor"
    assert loan["date"] == "2025-04-24"
    assert loan["status"] == "asserted"
    assert loan["confidence"] == pytest.approx(0.9)
    assert {(p["role"], p["entity"]["iri"]) for p in loan["participants"]} == {
        ("actor", CNSA),
        ("recipient", BASE + "institution/brown-university"),
        ("instrument", BASE + "mission/change-5"),
    }
    assert loan["sources_count"] == 1
    assert loan["sources"][0]["id"] == CHANGE5_ARTICLE
    assert loan["evidence"][0]["sentence"].startswith(
        "The China National Space Administration (CNSA) approved"
    )


def test_entity_facts_go_both_ways_and_name_their_source(api: TestClient) -> None:
    cnsa = ok(api.get("/entities/agency/cnsa"))
    facts = {(f["direction"], f["predicate"], f["other"]["iri"]): f for f in cnsa["facts"]}
    loan = facts[("out", "skg:lendsSamplesTo", BASE + "institution/brown-university")]
    assert not loan["in_kb"]
    assert [a["id"] for a in loan["articles"]] == [CHANGE5_ARTICLE]
    assert facts[("in", "skg:worksFor", BASE + "person/bian-zhigang")]["articles"][0][
        "title"
    ].startswith("China clears foreign loans")
    assert facts[("out", "skg:operates", BASE + "mission/change-5")]["in_kb"]  # stated by the KB


def test_entity_sources_list_articles_with_evidence_sentences(api: TestClient) -> None:
    bian = ok(api.get("/entities/person/bian-zhigang"))
    [source] = bian["sources"]
    assert (
        source["article"]["url"] == "https://samples.spacekg.example/2025/04/change-5-samples-loan"
    )
    assert source["article"]["published"] == "2025-04-25"
    assert source["evidence"] == [
        "CNSA vice administrator Bian Zhigang called the Wolf Amendment an obstacle."
    ]


def test_entity_by_iri_equals_entity_by_kind_and_slug(api: TestClient) -> None:
    by_path = ok(api.get("/entities/agency/cnsa"))
    assert ok(api.get("/entities", params={"iri": CNSA})) == by_path
    assert ok(api.get("/entities", params={"iri": "agency:cnsa"})) == by_path


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (
            "/entities/agency/no-such-agency",
            404,
            "no entity <https://w3id.org/spacekg/agency/no-such-agency>",
        ),
        ("/entities/starship/enterprise", 404, "unknown kind 'starship'"),
        ("/entities?iri=" + BASE + "person/nobody", 404, "GET /search"),
        ("/entities?iri=nasa", 400, "iri: 'nasa' is not an entity"),
        ("/entities?iri=http://x/a%3Eb", 400, "is not an entity"),
    ],
)
def test_unknown_or_malformed_entity_gets_a_message(
    api: TestClient, url: str, status: int, message: str
) -> None:
    response = api.get(url)
    assert response.status_code == status
    assert message in response.json()["detail"]


# --- search ---------------------------------------------------------------------------------


def test_search_is_case_insensitive_and_finds_acronyms(api: TestClient) -> None:
    hits = ok(api.get("/search", params={"q": "cNsA"}))["results"]
    assert hits[0]["iri"] == CNSA
    assert hits[0]["match"] == "exact-alias"
    assert hits[0]["label"] == "China National Space Administration"
    assert hits[0]["type"] == "Agency"


def test_search_ranks_exact_label_then_alias_then_prefix_then_substring(api: TestClient) -> None:
    hits = ok(api.get("/search", params={"q": "china", "limit": 100}))["results"]
    assert hits[0]["iri"] == BASE + "country/CN" and hits[0]["match"] == "exact-label"
    order = ["exact-label", "exact-alias", "prefix", "substring"]
    ranks = [order.index(h["match"]) for h in hits]
    assert ranks == sorted(ranks)
    assert {"prefix", "substring"} <= {h["match"] for h in hits}


def test_search_type_filter_uses_evaluation_type_names(api: TestClient) -> None:
    hits = ok(api.get("/search", params={"q": "china", "type": "agency", "limit": 100}))
    assert hits["type"] == "Agency"
    assert hits["results"] and {h["type"] for h in hits["results"]} == {"Agency"}
    assert CNSA in [h["iri"] for h in hits["results"]]
    people = ok(api.get("/search", params={"q": "bian", "type": "Person"}))["results"]
    assert people[0]["iri"] == BASE + "person/bian-zhigang"  # a prefix, before "Prabowo Subianto"
    assert {h["type"] for h in people} == {"Person"}


def test_search_limit_and_bad_parameters(api: TestClient) -> None:
    assert len(ok(api.get("/search", params={"q": "a", "limit": 3}))["results"]) == 3
    bad_type = api.get("/search", params={"q": "nasa", "type": "Spaceship"})
    assert bad_type.status_code == 400
    assert "type: 'Spaceship' is not a type" in bad_type.json()["detail"]
    blank = api.get("/search", params={"q": "   "})
    assert blank.status_code == 400 and blank.json()["detail"].startswith("q:")
    assert api.get("/search", params={"q": "nasa", "limit": 0}).status_code == 422


def test_search_text_is_data_not_sparql(api: TestClient) -> None:
    for hostile in ['" } ; DROP ALL ; #', "') || true || ('", "\\u0022"]:
        assert ok(api.get("/search", params={"q": hostile}))["results"] == []
    assert ok(api.get("/stats"))["triples"] > 10_000  # nothing was dropped


# --- events ---------------------------------------------------------------------------------


def event_types(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [e["type"] for e in ok(response)["events"]]


def test_events_are_listed_in_date_order_undated_last(api: TestClient) -> None:
    listing = ok(api.get("/events"))
    assert listing["total"] == 5
    assert [e["date"] for e in listing["events"]] == [
        "2022",
        "2022-12-13",
        "2025-04",
        "2025-04-24",
        None,
    ]
    undated = listing["events"][-1]
    assert undated["date_unknown"] and undated["status"] == "planned"
    assert undated["sources"][0]["title"].startswith("China clears")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "cooperate"}, ["cooperate", "cooperate"]),
        ({"type": "evt:lend-samples"}, ["lend-samples"]),
        ({"status": "planned"}, ["cooperate"]),
        ({"actor": "agency:cnsa"}, ["lend-samples"]),
        ({"actor": CNSA}, ["lend-samples"]),
        ({"participant": "institution/brown-university"}, ["lend-samples"]),
        ({"participant": "country:NG"}, ["cooperate", "sign-agreement"]),
        (
            {"country": "cn"},
            ["criticise", "lend-samples", "cooperate"],
        ),  # Wu Weiren and CNSA are Chinese
        # NASA takes part, the US is criticised, Brown University (a US institution) receives
        ({"country": "US"}, ["cooperate", "criticise", "lend-samples"]),
        ({"from": "2025"}, ["criticise", "lend-samples"]),
        ({"from": "2025-04-24"}, ["criticise", "lend-samples"]),  # a month overlaps its days
        ({"to": "2022-12"}, ["cooperate", "sign-agreement"]),
        (
            {"from": "2022-12-14", "to": "2025-03-31"},
            ["cooperate"],
        ),  # only the year-dated one overlaps
        ({"type": "cooperate", "country": "RU"}, ["cooperate"]),
        ({"actor": "agency:no-such-agency"}, []),
    ],
)
def test_events_filters(api: TestClient, params: dict, expected: list[str]) -> None:
    assert event_types(api.get("/events", params=params)) == expected


def test_events_paging(api: TestClient) -> None:
    page = ok(api.get("/events", params={"limit": 2, "offset": 1}))
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 1
    assert [e["date"] for e in page["events"]] == ["2022-12-13", "2025-04"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2025-13"}, "from: '2025-13' is not a date"),
        ({"to": "yesterday"}, "to: 'yesterday' is not a date"),
        ({"from": "2025-02-30"}, "from: '2025-02-30' is not a date"),
        ({"from": "2025", "to": "2024"}, "from (2025) is after to (2024)"),
        ({"type": "hug"}, "type: unknown event type 'hug'"),
        ({"status": "rumoured"}, "status: 'rumoured' is not asserted or planned"),
        ({"actor": "cnsa"}, "actor: 'cnsa' is not an entity"),
        ({"participant": "starship:x"}, "participant: 'starship:x' is not an entity"),
        ({"country": "C"}, "country: 'C' is not an entity"),
    ],
)
def test_events_bad_parameters_get_400_naming_the_parameter(
    api: TestClient, params: dict, message: str
) -> None:
    response = api.get("/events", params=params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


# --- articles -------------------------------------------------------------------------------


def test_articles_are_listed_newest_first_with_counts(api: TestClient) -> None:
    listing = ok(api.get("/articles"))
    assert listing["total"] == 2
    newest, oldest = listing["articles"]
    assert (newest["id"], oldest["id"]) == (CHANGE5_ARTICLE, ARTEMIS_ARTICLE)
    assert newest["published"] == "2025-04-25"
    assert newest["source"] == "SpaceKG sample"
    assert (newest["entity_count"], newest["event_count"]) == (8, 3)
    assert (oldest["entity_count"], oldest["event_count"]) == (4, 2)
    assert newest["path"] == f"/article/{CHANGE5_ARTICLE}"


def test_article_detail_shows_what_was_extracted(api: TestClient) -> None:
    article = ok(api.get(f"/articles/{CHANGE5_ARTICLE}"))
    assert article["title"].startswith("China clears foreign loans of Chang'e-5 Moon samples")
    assert article["url"] == "https://samples.spacekg.example/2025/04/change-5-samples-loan"
    assert article["text"].startswith(
        "The China National Space Administration (CNSA) approved loans"
    )
    entities = {e["iri"]: e for e in article["entities"]}
    assert len(entities) == 8
    assert entities[CNSA]["label"] == "China National Space Administration"  # from the KB
    assert entities[BASE + "person/bian-zhigang"]["type"] == "Person"  # minted by the article
    assert sorted(e["type"] for e in article["events"]) == [
        "cooperate",
        "criticise",
        "lend-samples",
    ]
    facts = {(f["subject"]["iri"], f["predicate"], f["object"]["iri"]) for f in article["facts"]}
    assert (CNSA, "skg:lendsSamplesTo", BASE + "institution/brown-university") in facts


def test_unknown_article_is_404(api: TestClient) -> None:
    for identifier in ("0000000000000000", "not an id!"):
        response = api.get(f"/articles/{identifier}")
        assert response.status_code == 404
        assert "article" in response.json()["detail"]


# --- stats, health, OpenAPI -----------------------------------------------------------------


def test_stats_counts_articles_entities_and_events(api: TestClient) -> None:
    stats = ok(api.get("/stats"))
    assert stats["articles"] == 2
    assert stats["events_by_type"][BASE + "event-type/cooperate"] == 2
    assert stats["entities_by_type"][BASE + "ontology#SpaceAgency"] > 50
    assert stats["triples"] > 10_000 and stats["graphs"] == 5  # ontology, KB, facts, 2 articles


def test_health_reports_store_and_version_without_counting(api: TestClient) -> None:
    health = ok(api.get("/health"))
    assert health["status"] == "ok"
    assert health["store"].endswith("store")
    assert health["version"] == "0.1.0" and "triples" not in health  # counting is /stats' job
    assert health["writes"] >= 0


def test_ready_once_a_query_worker_is_up_and_every_answer_has_a_request_id(api: TestClient) -> None:
    import time

    deadline = time.monotonic() + 20
    while (ready := api.get("/ready")).status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert len(ready.headers["x-request-id"]) == 32
    mine = api.get("/health", headers={"X-Request-Id": "analyst-42"})
    assert mine.headers["x-request-id"] == "analyst-42"
    odd = api.get("/health", headers={"X-Request-Id": "<script>"})
    assert odd.headers["x-request-id"] != "<script>"


def test_openapi_documents_every_rest_route_with_its_model(api: TestClient) -> None:
    spec = ok(api.get("/openapi.json"))
    expected = {
        ("/entities/{kind}/{slug}", "get"): "Entity",
        ("/entities", "get"): "Entity",
        ("/search", "get"): "SearchResults",
        ("/events", "get"): "EventList",
        ("/articles", "get"): "ArticleList",
        ("/articles/{id}", "get"): "ArticleDetail",
        ("/articles", "post"): "IngestReport",
        ("/stats", "get"): "Stats",
        ("/health", "get"): "Health",
    }
    for (path, method), model in expected.items():
        operation = spec["paths"][path][method]
        assert operation["tags"], path
        schema = json.dumps(operation["responses"]["200"]["content"]["application/json"]["schema"])
        assert f"#/components/schemas/{model}" in schema, (path, method)
    assert {"from", "to", "country", "actor"} <= {
        p["name"] for p in spec["paths"]["/events"]["get"]["parameters"]
    }


# --- POST /articles -------------------------------------------------------------------------

ARTICLE_JSON = {
    "title": "ESA and JAXA agree to cooperate on Moon rover",
    "text": (
        "The European Space Agency and the Japan Aerospace Exploration Agency signed an agreement "
        "on 3 March 2025 to cooperate on a lunar rover, officials said in Paris."
    ),
    "url": "https://news.example.org/2025/03/esa-jaxa-rover",
    "published": "2025-03-04",
    "source": "Example News",
}


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[TestClient]:
    """A client over a fresh copy of the test store, for tests that add articles."""
    store = open_web_store(tmp_path / "store")
    app = create_app(
        Settings(store=store.path, token=TOKEN, max_concurrent_queries=1, max_article_bytes=2_000),
        store,
    )
    with TestClient(app) as client:
        yield client
    store.close()


def test_post_article_needs_the_token(writable: TestClient) -> None:
    assert writable.post("/articles", json=ARTICLE_JSON).status_code == 401
    wrong = writable.post("/articles", json=ARTICLE_JSON, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert ok(writable.get("/articles"))["total"] == 2


@pytest.mark.slow
def test_post_article_as_json_ingests_it_and_reports(writable: TestClient) -> None:
    report = ok(writable.post("/articles", json=ARTICLE_JSON, headers=AUTH))
    assert report["articles"] == 1 and report["failures"] == []
    assert BASE + "agency/esa" in report["entities_linked"]
    [graph] = report["graphs"]
    listing = ok(writable.get("/articles"))
    assert listing["total"] == 3
    added = ok(writable.get("/articles/" + graph.rsplit("/", 1)[1]))
    assert added["title"] == ARTICLE_JSON["title"]
    assert added["source"] == "Example News" and added["published"] == "2025-03-04"
    assert BASE + "agency/jaxa" in {e["iri"] for e in added["entities"]}


@pytest.mark.slow
def test_post_article_as_raw_text(writable: TestClient) -> None:
    text = "# NASA and ISRO launch NISAR\n\nNASA and ISRO launched the NISAR satellite on 30 July 2025."
    report = ok(
        writable.post(
            "/articles", content=text.encode(), headers={**AUTH, "Content-Type": "text/markdown"}
        )
    )
    assert report["articles"] == 1
    added = ok(writable.get("/articles/" + report["graphs"][0].rsplit("/", 1)[1]))
    assert added["title"] == "NASA and ISRO launch NISAR"


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b'{"title": "No text"}', "application/json", "text"),
        (b'{"text": "', "application/json", "invalid JSON"),
        (b'{"text": "Some words.", "published": "not a date"}', "application/json", "published"),
        (b"", "text/plain", "empty"),
        (b"\x00\x01\x02\xff\xfe" * 20, "application/octet-stream", "binary"),
    ],
)
def test_post_bad_article_gets_400_with_the_readers_reason(
    writable: TestClient, body: bytes, content_type: str, message: str
) -> None:
    response = writable.post(
        "/articles", content=body, headers={**AUTH, "Content-Type": content_type}
    )
    assert response.status_code == 400, response.text
    assert message in response.json()["detail"]


def test_post_article_over_the_size_cap_is_413(writable: TestClient) -> None:
    response = writable.post(
        "/articles", content=b"x" * 3_000, headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert response.status_code == 413
    assert "2,000" in response.text or "2000" in response.text or "2.0 kB" in response.text
