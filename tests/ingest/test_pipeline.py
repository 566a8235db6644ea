"""Ingesting into a real on-disk store: one graph per article, replacement, cross-article events, SHACL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from spacekg import Store
from spacekg.graph.validation import validate_store
from spacekg.ingest.pipeline import ingest
from spacekg.ingest.readers import read_paths

NISAR = ("08-nisar-launch.json", "13-nisar-launch-second-report.json")

EVENTS_WITH_SOURCES = """
SELECT ?event (COUNT(DISTINCT ?article) AS ?sources) WHERE {
  ?event a skg:Event ; skg:reportedIn ?article .
} GROUP BY ?event
"""


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Store:
    store = Store.open(tmp_path_factory.mktemp("ingest") / "store")
    summary = ingest(store, read_paths([samples_dir]))
    assert summary.ok, summary.failures
    assert summary.articles == len(list(samples_dir.glob("*.json")))
    return store


def test_one_named_graph_per_article_with_its_metadata(ingested: Store, samples_dir: Path) -> None:
    articles = ingested.select("""
        SELECT ?g ?title ?url ?published WHERE {
          GRAPH ?g { ?a a skg:Article ; dcterms:title ?title ; schema:url ?url ; schema:datePublished ?published }
        }""")
    assert len(articles) == len(list(samples_dir.glob("*.json")))
    assert all(r["g"].value.startswith("https://w3id.org/spacekg/graph/article/") for r in articles)
    first = json.loads((samples_dir / "01-change-5-samples-loan.json").read_text())
    assert any(
        r["url"].value == first["url"] and r["published"].value == first["published"]
        for r in articles
    )


def test_events_carry_type_date_participants_and_evidence(ingested: Store) -> None:
    rows = ingested.select("""
        SELECT ?e ?type ?sentence ?start ?end ?text WHERE {
          ?e a skg:Event ; skg:eventType ?type ; skg:evidence ?ev .
          ?ev skg:sentence ?sentence ; skg:startChar ?start ; skg:endChar ?end ; skg:article ?a .
          ?a skg:articleText ?text .
        }""")
    assert rows
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert row["text"].value[start:end] == row["sentence"].value


def test_shortcut_edges_support_simple_queries(ingested: Store) -> None:
    assert ingested.ask("ASK { agency:cnsa skg:lendsSamplesTo institution:brown-university }")
    assert ingested.ask("ASK { ?person skg:heads agency:cnsa }")


def test_the_same_event_in_two_reports_is_one_event_with_two_sources(ingested: Store) -> None:
    launches = ingested.select("""
        SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {
          ?e skg:eventType evt:launch-service ; skg:reportedIn ?a ; skg:instrument mission:nisar .
        } GROUP BY ?e""")
    assert [int(r["n"].value) for r in launches] == [2]


def test_reingesting_replaces_and_never_duplicates(
    ingested: Store, samples_dir: Path, tmp_path: Path
) -> None:
    before = len(ingested)
    summary = ingest(ingested, read_paths([samples_dir / "01-change-5-samples-loan.json"]))
    assert summary.replaced == 1
    # ingested_at differs between runs; every other triple is the same
    assert len(ingested) == before


def test_replacing_one_report_keeps_the_event_the_other_reported(
    tmp_path: Path, samples_dir: Path
) -> None:
    store = Store.open(None)
    copies = [shutil.copy(samples_dir / name, tmp_path / name) for name in NISAR]
    ingest(store, read_paths(copies))
    second = json.loads(Path(copies[1]).read_text())
    second["text"] = "A short correction with no launch in it."
    Path(copies[1]).write_text(json.dumps(second))
    ingest(store, read_paths([copies[1]]))
    rows = store.select(
        "SELECT ?e WHERE { ?e skg:eventType evt:launch-service ; skg:instrument mission:nisar }"
    )
    assert len(rows) == 1


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path, samples_dir: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "broken.json").write_text('{"text": "unterminated')
    shutil.copy(samples_dir / "02-nigeria-rwanda-artemis-accords.json", tmp_path)
    store = Store.open(None)
    summary = ingest(store, read_paths([tmp_path]))
    assert summary.articles == 1
    reasons = {Path(f.origin).name: f.reason for f in summary.failures}
    assert set(reasons) == {"empty.txt", "broken.json"}
    assert "empty" in reasons["empty.txt"] and "invalid JSON" in reasons["broken.json"]
    assert store.stats().articles == 1


def test_ingested_store_passes_the_shacl_shapes(ingested: Store) -> None:
    report = validate_store(ingested)
    assert report.conforms, str(report)


def test_two_workers_store_the_same_graphs_as_one(samples_dir: Path) -> None:
    one, two = Store.open(None), Store.open(None)
    files = sorted(samples_dir.glob("0[1-4]*.json"))
    ingest(one, read_paths(files), workers=1)
    ingest(two, read_paths(files), workers=2)
    assert one.graphs() == two.graphs()
    query = "SELECT ?e WHERE { ?e a skg:Event } ORDER BY ?e"
    assert one.select(query) == two.select(query)


def test_a_wire_storys_dateline_is_stored_as_metadata_not_as_text(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(
        "Partners extend station operations\n\n"
        "HOUSTON, Feb. 10, 2025 (UPI) -- NASA and the European Space Agency agreed on Monday to "
        "extend their cooperation on the space station by five years.\n"
    )
    store = Store.open(None)
    summary = ingest(store, read_paths([path]))
    assert summary.ok, summary.failures
    (row,) = store.select(
        "SELECT ?title ?dateline ?published ?text WHERE { ?a a skg:Article ; dcterms:title ?title ; "
        "schema:dateline ?dateline ; schema:datePublished ?published ; skg:articleText ?text }"
    )
    assert row["title"].value == "Partners extend station operations"
    assert row["dateline"].value == "HOUSTON, Feb. 10, 2025 (UPI)"
    assert row["published"].value == "2025-02-10"
    assert row["text"].value.startswith(
        "Partners extend station operations.\n\nNASA and the European"
    )
    assert "HOUSTON" not in row["text"].value
