"""The web pages and the dereferencing of SpaceKG IRIs, as a browser and an RDF client see them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import RDFS, Literal, URIRef

from spacekg.api.http import pages
from spacekg.api.http.app import create_app
from spacekg.graph.store import Store
from spacekg.ontology.vocab import KINDS
from spacekg.settings import Settings

from .conftest import TOKEN, store_articles

DATA = Path(__file__).parent / "data" / "articles.trig"
BASE = "https://w3id.org/spacekg/"
SKG = rdflib.Namespace(BASE + "ontology#")
CNSA = URIRef(BASE + "agency/cnsa")
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over the app on a bootstrapped on-disk store with the two test articles."""
    store = Store.open(tmp_path_factory.mktemp("pages") / "store", bootstrap=True)
    store_articles(store, DATA.read_bytes())
    app = create_app(Settings(store=store.path, token=TOKEN, max_concurrent_queries=2), store)
    with TestClient(app) as client:
        yield client
    store.close()


def page(client: TestClient, url: str, status: int = 200) -> lxml.html.HtmlElement:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def text(tree: lxml.html.HtmlElement) -> str:
    """The visible text, one space between the texts of separate elements."""
    return " ".join(" ".join(t.split()) for t in tree.itertext() if t.strip())


def external_resources(tree: lxml.html.HtmlElement) -> list[str]:
    """URLs a page would load from elsewhere (scripts, styles, images, frames, icons)."""
    loaded = tree.xpath("//script/@src | //link/@href | //img/@src | //iframe/@src | //source/@src")
    return [u for u in loaded if u.startswith(("http:", "https:", "//"))]


# --- home, search, lists --------------------------------------------------------------------


def test_home_shows_what_spacekg_holds(web: TestClient) -> None:
    tree = page(web, "/")
    body = text(tree)
    assert "2 articles" in body and "5 events" in body
    assert tree.xpath("//a[@href='/ui/sparql']")
    assert tree.xpath("//form[@action='/ui/search']//input[@name='q']")
    titles = [a.text_content() for a in tree.xpath("//ul[@class='articles']//a")]
    assert titles[0].startswith("China clears foreign loans")  # newest first
    assert "Nigeria and Rwanda become first African signatories of the Artemis Accords" in titles
    assert "Network view" not in body  # no such page yet


def test_search_page_links_results_to_their_pages(web: TestClient) -> None:
    tree = page(web, "/ui/search?q=cnsa")
    first = tree.xpath("//table[@class='results']//td/a")[0]
    assert first.get("href") == "/agency/cnsa"
    assert first.text_content() == "China National Space Administration"
    assert "type: 'Robot' is not a type" in text(page(web, "/ui/search?q=cnsa&type=Robot"))


def test_events_page_filters_and_reports_bad_dates(web: TestClient) -> None:
    tree = page(web, "/ui/events?country=CN&type=lend-samples")
    rows = tree.xpath("//table[@class='events']/tbody/tr")
    assert len(rows) == 1 and "Brown University" in text(rows[0])
    assert "from: '2025-99' is not a date" in text(page(web, "/ui/events?from=2025-99"))


def test_articles_page_lists_articles_with_counts(web: TestClient) -> None:
    rows = page(web, "/ui/articles").xpath("//table[@class='articles']/tbody/tr")
    assert len(rows) == 2
    assert [td.text_content() for td in rows[0].xpath("td[@class='num']")] == ["8", "3"]


# --- entity and article pages ---------------------------------------------------------------


def test_entity_page_shows_labels_posts_events_relations_and_sources(web: TestClient) -> None:
    tree = page(web, "/agency/cnsa")
    assert tree.xpath("//h1")[0].text_content() == "China National Space Administration"
    body = text(tree)
    assert "CNSA" in body and "Chinese space agency" in body
    posts = text(tree.xpath("//section[@id='posts-in']")[0])
    assert (
        "Bian Zhigang vice administrator" in posts and "Shan Zhongde Administrator 2025-01" in posts
    )
    events = text(tree.xpath("//section[@id='events']")[0])
    assert "2025-04-24" in events and "Brown University" in events and "asserted" in events
    assert "skg:lendsSamplesTo" in text(tree.xpath("//section[@id='relations']")[0])
    sources = tree.xpath("//section[@id='sources']")[0]
    assert "approved loans of Chang'e-5 samples to Brown University" in text(sources)
    assert tree.xpath("//a[@href='/entities?iri=https%3A%2F%2Fw3id.org%2Fspacekg%2Fagency%2Fcnsa']")


def test_person_page_shows_the_role(web: TestClient) -> None:
    tree = page(web, "/person/bian-zhigang")
    posts = tree.xpath("//section[@id='posts-held']//tbody/tr")
    assert [text(td) for td in posts[0].xpath("td")][:2] == [
        "vice administrator",
        "China National Space Administration",
    ]


def test_article_page_shows_text_entities_events_and_relations(web: TestClient) -> None:
    for url in ("/article/c5a11c5a11c5a11c", "/ui/articles/c5a11c5a11c5a11c"):
        tree = page(web, url)
        body = text(tree)
        assert "Bian Zhigang" in body and "lend samples" in body and "skg:lendsSamplesTo" in body
        paragraphs = tree.xpath("//section[@class='article-text']/p")
        assert (
            len(paragraphs) == 3
            and paragraphs[2].text_content() == "Beijing is developing the station with Moscow."
        )


def test_event_page_shows_participants_and_evidence(web: TestClient) -> None:
    body = text(page(web, "/event/lend-samples-1111111111111111"))
    assert "recipient Brown University" in body
    assert "The China National Space Administration (CNSA) approved loans" in body


def test_any_iri_has_a_page_even_outside_the_spacekg_namespaces(web: TestClient) -> None:
    tree = page(web, "/ui/entity?iri=" + BASE + "event-type/lend-samples")
    assert "lend samples" in text(tree)
    assert "No statement" not in text(tree)


def test_article_text_and_titles_are_escaped(web: TestClient) -> None:
    for url in ("/", "/ui/articles", "/article/c5a11c5a11c5a11c", "/agency/cnsa", "/ui/events"):
        response = web.get(url, headers=HTML)
        assert "<script>alert" not in response.text, url
        assert "&lt;script&gt;alert" in response.text, url


def test_only_http_links_leave_the_site(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store", bootstrap=False)
    store.load(
        b"""@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix schema: <https://schema.org/> .
        <https://w3id.org/spacekg/graph/article/bad> {
          <https://w3id.org/spacekg/article/bad> a skg:Article ; schema:url "javascript:alert(1)" ;
            <http://purl.org/dc/terms/title> "A trap" . }""",
        fmt="trig",
    )
    with TestClient(
        create_app(Settings(store=store.path, max_concurrent_queries=1), store)
    ) as client:
        for url in ("/article/bad", "/ui/articles"):
            tree = page(client, url)
            assert not [
                h for h in tree.xpath("//a/@href") if h.lower().startswith("javascript:")
            ], url
    store.close()


def test_no_page_loads_anything_from_another_host(web: TestClient) -> None:
    for url in (
        "/",
        "/ui/sparql",
        "/ui/search?q=china",
        "/ui/events",
        "/ui/articles",
        "/agency/cnsa",
        "/article/c5a11c5a11c5a11c",
        "/event/cooperate-3333333333333333",
        "/agency/nobody",
    ):
        tree = page(web, url, status=404 if url == "/agency/nobody" else 200)
        assert external_resources(tree) == [], url


# --- SPARQL editor --------------------------------------------------------------------------


def test_examples_are_listed_and_each_one_runs(web: TestClient) -> None:
    examples = web.get("/ui/examples.json").json()
    titles = [e["title"] for e in examples]
    assert titles == [
        "Who cooperates with whom",
        "A country's partners over time",
        "Events of a type",
        "People and their posts",
        "Sources of a fact",
        "Space agencies by country",
    ]
    for example in examples:
        assert "# title:" not in example["query"] and example["description"]
        response = web.post(
            "/sparql",
            data={"query": example["query"]},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert response.status_code == 200, (example["title"], response.text)
        assert response.json()["results"]["bindings"], example["title"]


def test_sparql_page_offers_the_examples(web: TestClient) -> None:
    tree = page(web, "/ui/sparql")
    buttons = tree.xpath("//button[@data-example]")
    assert buttons[0].text_content() == "Who cooperates with whom"
    assert tree.xpath("//div[@id='yasgui'][@data-endpoint='/sparql']")


def test_sparql_page_loads_yasgui_from_this_server(web: TestClient) -> None:
    if not (pages.STATIC_DIR / pages.YASGUI_FILES[0]).is_file():
        pytest.skip("YASGUI is not installed: run `make web`")
    tree = page(web, "/ui/sparql")
    assert "/static/vendor/yasgui/yasgui.min.js" in tree.xpath("//script/@src")
    assert web.get("/static/vendor/yasgui/yasgui.min.js").status_code == 200
    assert web.get("/static/sparql.js").status_code == 200


def test_sparql_page_says_to_run_make_web_when_yasgui_is_missing(
    web: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "STATIC_DIR", tmp_path)  # a static folder without the vendor files
    tree = page(web, "/ui/sparql")
    assert "run make web" in text(tree).lower().replace("`", "")
    assert not tree.xpath("//script[contains(@src, 'yasgui')]")


# --- dereferencing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_iri_dereferences_to_rdf_by_content_negotiation(
    web: TestClient, accept: str, rdflib_format: str
) -> None:
    response = web.get("/agency/cnsa", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert "Accept" in response.headers["vary"]
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert (CNSA, RDFS.label, Literal("China National Space Administration", lang="en")) in graph
    assert (
        CNSA,
        SKG.lendsSamplesTo,
        URIRef(BASE + "institution/brown-university"),
    ) in graph  # from an article
    assert (
        URIRef(BASE + "country/CN"),
        RDFS.label,
        Literal("China", lang="en"),
    ) in graph  # linked node's label
    assert (URIRef(BASE + "person/bian-zhigang"), SKG.worksFor, CNSA) in graph  # pointing at it


def test_browsers_get_html_and_format_parameter_overrides(web: TestClient) -> None:
    assert web.get("/agency/cnsa", headers=HTML).headers["content-type"].startswith("text/html")
    assert web.get("/agency/cnsa").headers["content-type"].startswith("text/html")  # no Accept
    turtle = web.get("/agency/cnsa?format=turtle", headers=HTML)
    assert turtle.headers["content-type"].startswith("text/turtle")
    bad = web.get("/agency/cnsa?format=pdf")
    assert bad.status_code == 400 and "format: 'pdf'" in bad.text


def test_unsupported_accept_is_406(web: TestClient) -> None:
    response = web.get("/agency/cnsa", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.text


def test_unknown_iri_is_404_in_html_and_rdf(web: TestClient) -> None:
    assert "Nothing is known about" in text(page(web, "/agency/no-such-agency", status=404))
    assert web.get("/agency/no-such-agency", headers={"Accept": "text/turtle"}).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_iri_dereferences(web: TestClient, kind: str) -> None:
    response = web.get(f"/{kind}/surely-not-there", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert f"<{BASE}{kind}/surely-not-there>" in response.text


def test_head_request_on_an_iri_answers_like_get(web: TestClient) -> None:
    response = web.head("/agency/cnsa", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert web.head("/agency/no-such-agency").status_code == 404
