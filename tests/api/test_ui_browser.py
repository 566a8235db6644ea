"""The web UI in a real headless Chromium against a real uvicorn server.

Debian's /usr/bin/chromium is driven through the ``playwright`` package (its own browser
download is never used); ``make test`` installs Chromium through ``make browser``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from spacekg.api.http import pages
from spacekg.api.http.app import create_app
from spacekg.graph.store import Store
from spacekg.settings import Settings

from .conftest import TOKEN, LiveServer, store_articles

CHROMIUM = Path("/usr/bin/chromium")
DATA = Path(__file__).parent / "data" / "articles.trig"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium: run `make browser`"),
]
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="needs the playwright package (test extra)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server on a free loopback port over a bootstrapped store with the test articles."""
    store = Store.open(tmp_path_factory.mktemp("browser") / "store", bootstrap=True)
    store_articles(store, DATA.read_bytes())
    live = LiveServer(
        create_app(Settings(store=store.path, token=TOKEN, max_concurrent_queries=2), store)
    )
    live.start()
    yield live.url
    live.stop()
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (each launch gets a fresh temporary profile)."""
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser, server: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page in its own context (no tabs or results persisted by an earlier test), recording
    every request that leaves the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.elsewhere = []  # type: ignore[attr-defined]
    page.on(
        "request",
        lambda r: page.elsewhere.append(r.url) if not r.url.startswith((server, "data:")) else None,
    )
    yield page
    context.close()


#: The results table of the YASGUI tab on show.
RESULT_ROWS = ".tabPanel.active .yasr table tbody tr"


def test_who_cooperates_example_runs_in_yasgui(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    if not (pages.STATIC_DIR / pages.YASGUI_FILES[0]).is_file():
        pytest.skip("YASGUI is not installed: run `make web`")
    tab.goto(server + "/ui/sparql")
    tab.wait_for_selector(".yasqe .CodeMirror")
    tab.wait_for_selector("body[data-examples-loaded='true']")
    tab.click("button[data-example]:has-text('Who cooperates with whom')")
    rows = tab.locator(RESULT_ROWS)
    rows.first.wait_for()
    assert rows.count() == 2
    table = tab.locator(".tabPanel.active .yasr table tbody").inner_text()
    assert "country:CN" in table and "Russia" in table
    assert "agency:nasa" in table and "Nigeria" in table
    assert (
        tab.locator(".tabsList .tab.active")
        .inner_text()
        .strip()
        .startswith("Who cooperates with whom")
    )
    assert tab.elsewhere == []


def test_typed_query_runs_and_shows_rows(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    if not (pages.STATIC_DIR / pages.YASGUI_FILES[0]).is_file():
        pytest.skip("YASGUI is not installed: run `make web`")
    tab.goto(server + "/ui/sparql")
    tab.wait_for_selector(".yasqe .CodeMirror")
    query = (
        "PREFIX skg: <https://w3id.org/spacekg/ontology#>\n"
        "SELECT ?event ?date WHERE { ?event a skg:Event ; skg:date ?date } ORDER BY ?date"
    )
    tab.evaluate(
        "(q) => { const t = window.spacekgYasgui.getTab(); t.setQuery(q); t.query(); }", query
    )
    tab.locator(RESULT_ROWS).first.wait_for()
    assert tab.locator(RESULT_ROWS).count() == 4
    assert "2025-04-24" in tab.locator(".tabPanel.active .yasr table tbody").inner_text()


def test_entity_page_shows_label_and_role(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(server + "/person/bian-zhigang")
    assert tab.locator("h1").inner_text() == "Bian Zhigang"
    post = tab.locator("#posts-held tbody tr").first
    assert post.locator("td.role-title").inner_text() == "vice administrator"
    assert post.locator("a").inner_text() == "China National Space Administration"
    post.locator("a").click()
    tab.wait_for_url(server + "/agency/cnsa")
    assert tab.locator("h1").inner_text() == "China National Space Administration"
    assert tab.elsewhere == []


def _offline(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    """Block every request that would leave the server, as on a machine without internet."""
    tab.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(server) else route.abort(),
    )


def test_swagger_ui_renders_the_api_with_the_network_blocked(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    if not (pages.STATIC_DIR / "vendor/swagger-ui/swagger-ui-bundle.js").is_file():
        pytest.skip("Swagger UI is not installed: run `make web`")
    _offline(tab, server)
    tab.goto(server + "/docs")
    tab.wait_for_selector(".opblock-summary-path")
    paths = tab.locator(".opblock-summary-path").all_inner_texts()
    assert "/sparql" in paths and "/events" in paths
    assert tab.elsewhere == []


def test_redoc_renders_the_api_reference_with_the_network_blocked(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    if not (pages.STATIC_DIR / "vendor/redoc/redoc.standalone.js").is_file():
        pytest.skip("ReDoc is not installed: run `make web`")
    _offline(tab, server)
    tab.goto(server + "/redoc")
    tab.wait_for_selector("h1")
    assert "SpaceKG" in tab.locator("h1").first.inner_text()
    assert tab.get_by_text("GET /events").count() or tab.get_by_text("/events").count()
    assert tab.elsewhere == []
