"""The network page in a real headless Chromium against a real uvicorn server, offline.

The store holds the core samples and the seed article, ingested: a real network of about 30
actors. What the page draws is checked against what GET /network answers on the same server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from spacekg.api.http import network, pages
from spacekg.api.http.app import create_app
from spacekg.graph.store import Store
from spacekg.settings import Settings

from . import test_ui_browser as ui
from .conftest import TOKEN, LiveServer
from .test_ui_browser import CHROMIUM, _offline

# The browser and the tab recording requests that leave the server are the web UI tests' own.
browser, tab = ui.browser, ui.tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium: run `make browser`"),
    pytest.mark.skipif(
        not all((pages.STATIC_DIR / f).is_file() for f in network.SCRIPTS),
        reason="sigma.js and graphology are not installed: run `make web`",
    ),
]
READY = "#network-graph[data-state='ready']"

#: The clearest spot to click each tie: its midpoint, where it lies farthest from every node and
#: every other tie, in pixels from the top left corner of sigma's canvases.
CLEAREST_TIE = """() => {
  const { renderer, graph } = window.spacekgNetwork;
  const at = (node) => renderer.graphToViewport(graph.getNodeAttributes(node));
  const away = (p, a, b) => {
    const dx = b.x - a.x, dy = b.y - a.y, length = dx * dx + dy * dy;
    const t = length ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0;
    return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
  };
  let best = null;
  graph.forEachEdge((edge, attributes, source, target) => {
    const a = at(source), b = at(target);
    const middle = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    let clearance = Infinity;
    graph.forEachNode((node) => {
      const p = at(node);
      clearance = Math.min(clearance, Math.hypot(p.x - middle.x, p.y - middle.y));
    });
    graph.forEachEdge((other, _, u, v) => {
      if (other !== edge) clearance = Math.min(clearance, away(middle, at(u), at(v)));
    });
    if (!best || clearance > best.clearance) {
      best = { edge, source, target, x: middle.x, y: middle.y, clearance };
    }
  });
  return best;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, samples_dump: bytes) -> Iterator[str]:
    """A uvicorn server over the samples and the seed, ingested."""
    store = Store.open(tmp_path_factory.mktemp("network-browser") / "store", bootstrap=False)
    store.restore(samples_dump)
    live = LiveServer(
        create_app(Settings(store=store.path, token=TOKEN, max_concurrent_queries=2), store)
    )
    live.start()
    yield live.url
    live.stop()
    store.close()


def answer(server: str, path: str, **params: object) -> dict:
    """What the server answers an API client."""
    response = httpx.get(server + path, params=params, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def drawn(tab) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The nodes and ties the page reports it drew, once it has."""
    tab.wait_for_selector(READY)
    graph = tab.locator("#network-graph")
    return int(graph.get_attribute("data-nodes")), int(graph.get_attribute("data-edges"))


def reloaded(tab, fragment: str) -> None:  # type: ignore[no-untyped-def]
    """Wait for the page to have asked for and drawn the network with ``fragment`` in its URL."""
    tab.wait_for_function(
        "(f) => location.search.includes(f)"
        " && document.getElementById('network-graph').dataset.state === 'ready'",
        arg=fragment,
    )


def test_the_page_draws_the_sample_network(tab, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _offline(tab, server)
    tab.goto(server + "/network")
    nodes, edges = drawn(tab)
    view = answer(server, "/network")
    assert (nodes, edges) == (view["shown_nodes"], view["shown_edges"])
    assert nodes > 20 and edges > 30
    assert tab.evaluate("() => window.spacekgNetwork.graph.order") == nodes
    assert tab.locator("#network-graph canvas").count() >= 2  # sigma's WebGL layers and labels
    status = tab.locator("#network-status").inner_text()
    summary = view["summary"]
    assert f"{nodes} nodes and {edges:,} ties drawn" in status
    assert (
        f"{summary['nodes']} nodes, {summary['edges']:,} ties and {summary['events']} events"
        in status
    )
    assert tab.locator("#network-legend .legend-item").count() > 3
    shot = tmp_path / "network.png"
    tab.screenshot(path=str(shot), full_page=True)
    drawing = tmp_path / "network-drawing.png"
    tab.locator("#network-graph").screenshot(path=str(drawing))
    # a drawing of 30 coloured nodes does not compress like an empty box
    assert drawing.stat().st_size > 30_000, drawing
    print(f"screenshots: {shot} {drawing}")
    assert tab.elsewhere == []


def test_a_filter_changes_what_is_drawn(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    _offline(tab, server)
    tab.goto(server + "/network")
    before = drawn(tab)
    tab.select_option("select[name='event_class']", "conflict")
    reloaded(tab, "event_class=conflict")
    conflict = answer(server, "/network", event_class="conflict")
    assert drawn(tab) == (conflict["shown_nodes"], conflict["shown_edges"])
    assert drawn(tab)[1] < before[1]
    downloads = tab.locator("#downloads a[data-format='gexf']").get_attribute("href")
    assert downloads == "/export?format=gexf&event_class=conflict"
    # the time slider: from its last year only
    last = tab.locator("#years").get_attribute("data-max")
    tab.evaluate(
        """(year) => {
          const from = document.getElementById('year-from');
          from.value = year;
          from.dispatchEvent(new Event('input', { bubbles: true }));
          from.dispatchEvent(new Event('change', { bubbles: true }));
        }""",
        last,
    )
    reloaded(tab, f"from={last}")
    assert tab.locator("#years-shown").inner_text() == f"{last}–{last}"
    recent = answer(server, "/network", event_class="conflict", **{"from": last, "to": last})
    assert drawn(tab) == (recent["shown_nodes"], recent["shown_edges"])
    assert recent["shown_edges"] < conflict["shown_edges"]
    # the URL keeps the filters: a reload draws the same
    tab.reload()
    assert tab.locator("select[name='event_class']").input_value() == "conflict"
    assert drawn(tab) == (recent["shown_nodes"], recent["shown_edges"])
    assert tab.elsewhere == []


def test_clicking_a_tie_shows_the_events_and_sentences_behind_it(
    tab, server: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _offline(tab, server)
    tab.goto(server + "/network?level=country")
    drawn(tab)
    tab.wait_for_timeout(300)  # sigma draws on the next frame
    spot = tab.evaluate(CLEAREST_TIE)
    assert spot["clearance"] > 4, spot
    box = tab.locator("#network-graph canvas.sigma-mouse").bounding_box()  # inside the border
    tab.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    tab.wait_for_selector("#tie-panel[data-state='ready']")
    tie = answer(server, "/network/edge", a=spot["source"], b=spot["target"], level="country")
    title = tab.locator("#tie-title").inner_text()
    assert title == f"{tie['source']['label']} — {tie['target']['label']}"
    sentences = tab.locator("#tie-events blockquote").all_inner_texts()
    expected = [ev["sentence"] for event in tie["events"] for ev in event["evidence"]]
    assert sentences == expected and sentences
    links = tab.locator("#tie-events .source a").first
    assert links.get_attribute("href").startswith("/ui/articles/")
    tab.screenshot(path=str(tmp_path / "tie.png"))
    tab.click("#tie-close")
    assert tab.locator("#tie-panel").is_hidden()
    assert tab.elsewhere == []


def test_clicking_a_node_opens_its_page(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    _offline(tab, server)
    tab.goto(server + "/network?level=country")
    drawn(tab)
    tab.wait_for_timeout(300)
    node = tab.evaluate(
        """() => {
          const { renderer, graph } = window.spacekgNetwork;
          const key = graph.nodes().reduce((a, b) => graph.getNodeAttribute(a, 'size') >= graph.getNodeAttribute(b, 'size') ? a : b);
          const at = renderer.graphToViewport(graph.getNodeAttributes(key));
          return { key, x: at.x, y: at.y, path: graph.getNodeAttribute(key, 'path'), name: graph.getNodeAttribute(key, 'name') };
        }"""
    )
    box = tab.locator("#network-graph canvas.sigma-mouse").bounding_box()
    tab.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
    tab.wait_for_url(server + node["path"])
    assert tab.locator("h1").inner_text() == node["name"]
    assert tab.elsewhere == []


def test_an_entity_page_opens_its_ego_network(tab, server: str) -> None:  # type: ignore[no-untyped-def]
    _offline(tab, server)
    tab.goto(server + "/agency/cnsa")
    tab.click("#ego-network")
    nodes, edges = drawn(tab)
    ego = answer(server, "/network", focus="agency:cnsa")
    assert (nodes, edges) == (ego["shown_nodes"], ego["shown_edges"])
    assert 1 < nodes < ego["summary"]["nodes"]
    status = tab.locator("#network-status").inner_text()
    assert status.startswith("Ego network of China National Space Administration:")
    assert tab.locator("#focus-label").inner_text() == "China National Space Administration"
    # the search box finds a partner and the camera moves to it
    partner = next(n for n in ego["graph"]["nodes"] if not n["attributes"]["focus"])
    tab.fill("#node-search", partner["attributes"]["label"])
    tab.press("#node-search", "Enter")
    tab.wait_for_function("() => window.spacekgNetwork.renderer.getCamera().ratio < 0.5")
    assert "not-found" not in (tab.locator("#node-search").get_attribute("class") or "")
    assert tab.elsewhere == []
