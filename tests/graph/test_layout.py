"""One event, one row: what several articles report is stored once, and stays while any reports it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from spacekg import Store
from spacekg.ontology.vocab import ARTICLE_GRAPH_PREFIX, BASE, FACTS_GRAPH

SKG = BASE + "ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
EVENT = BASE + "event/cooperate-abc"


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def article(key: str, *, date: tuple[str, str] | None, status: str = "asserted",
            confidence: str = "0.70", partner: str = "agency/jaxa") -> tuple[str, list[ox.Triple]]:  # fmt: skip
    """An article's statements as ingest writes them: itself, its report of one event, evidence."""
    art, ev = n(f"{BASE}article/{key}"), n(f"{BASE}evidence/{key}-0-10")
    e = n(EVENT)
    triples = [
        ox.Triple(art, n(RDF_TYPE), n(SKG + "Article")),
        ox.Triple(art, n("http://purl.org/dc/terms/title"), ox.Literal(f"Article {key}")),
        ox.Triple(art, n("https://schema.org/mentions"), n(BASE + "agency/esa")),
        ox.Triple(e, n(RDF_TYPE), n(SKG + "Event")),
        ox.Triple(e, n(RDF_TYPE), n(SKG + "CooperationEvent")),
        ox.Triple(e, n(SKG + "eventType"), n(BASE + "event-type/cooperate")),
        ox.Triple(e, n(SKG + "actor"), n(BASE + "agency/esa")),
        ox.Triple(e, n(SKG + "partner"), n(BASE + partner)),
        ox.Triple(e, n(SKG + "status"), n(SKG + status)),
        ox.Triple(e, n(SKG + "confidence"), ox.Literal(confidence, datatype=n(XSD + "decimal"))),
        ox.Triple(e, n(SKG + "reportedIn"), art),
        ox.Triple(e, n(SKG + "evidence"), ev),
        ox.Triple(ev, n(SKG + "sentence"), ox.Literal(f"ESA works with JAXA ({key}).")),
        ox.Triple(ev, n(SKG + "article"), art),
        ox.Triple(n(BASE + "agency/esa"), n(SKG + "cooperatesWith"), n(BASE + partner)),
    ]
    if date:
        triples.append(
            ox.Triple(e, n(SKG + "date"), ox.Literal(date[0], datatype=n(XSD + date[1])))
        )
    else:
        triples.append(ox.Triple(e, n(SKG + "dateUnknown"), n(SKG + "unknownDate")))
    return ARTICLE_GRAPH_PREFIX + key, triples


ROWS = """
SELECT ?e ?type ?date ?status ?confidence WHERE {
  ?e a skg:Event ; skg:eventType ?type .
  OPTIONAL { ?e skg:date ?date } OPTIONAL { ?e skg:status ?status }
  OPTIONAL { ?e skg:confidence ?confidence }
}
"""


def rows(store: Store) -> list[dict[str, str]]:
    return [{k: v.value for k, v in r.items()} for r in store.select(ROWS)]


@pytest.fixture
def store() -> Store:
    return Store.open(None, bootstrap=False)


def test_an_event_reported_by_three_articles_is_one_row_with_its_best_date(store: Store) -> None:
    store.write_articles(dict([
        article("a1", date=("2025-04", "gYearMonth"), status="planned", confidence="0.60"),
        article("a2", date=("2025-04-24", "date"), confidence="0.85"),
        article("a3", date=("2025-04-22", "date")),
    ]))  # fmt: skip
    assert rows(store) == [{
        "e": EVENT, "type": BASE + "event-type/cooperate", "date": "2025-04-22",
        "status": SKG + "asserted", "confidence": "0.85",
    }]  # fmt: skip
    # A COUNT without DISTINCT counts events, not reports; each report keeps its own values.
    count = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?e skg:actor ?a }")
    assert count[0]["n"].value == "1"
    reported = store.select("SELECT ?d WHERE { ?e skg:reportedDate ?d } ORDER BY ?d")
    assert [r["d"].value for r in reported] == ["2025-04", "2025-04-22", "2025-04-24"]
    sources = store.select("SELECT ?a WHERE { ?e skg:reportedIn ?a } ORDER BY ?a")
    assert len(sources) == 3
    relation = store.select("SELECT ?a ?b WHERE { ?a skg:cooperatesWith ?b }")
    assert len(relation) == 1


def test_removing_a_report_keeps_the_event_while_another_article_reports_it(store: Store) -> None:
    first, second = (
        article("a1", date=("2025-04-24", "date")),
        article("a2", date=("2025", "gYear")),
    )
    store.write_articles(dict([first, second]))
    assert store.remove_graph(first[0])
    assert [r["date"] for r in rows(store)] == ["2025"]  # the remaining report's date
    assert store.remove_graph(second[0])
    # Nothing is left of the event, nor of the relation only those articles stated.
    assert rows(store) == []
    assert list(store.quads(str(FACTS_GRAPH))) == []


def test_reingesting_an_article_retracts_what_only_it_said(store: Store) -> None:
    store.write_articles(dict([article("a1", date=None, partner="agency/jaxa"),
                               article("a2", date=None, partner="agency/jaxa")]))  # fmt: skip
    store.write_articles(dict([article("a1", date=None, partner="agency/isro")]))
    partners = store.select("SELECT ?p WHERE { ?e skg:partner ?p } ORDER BY ?p")
    # The event IRI is the same in this test, so it now has both partners: a1 says ISRO, a2 JAXA.
    assert [r["p"].value for r in partners] == [BASE + "agency/isro", BASE + "agency/jaxa"]
    store.write_articles(dict([article("a2", date=None, partner="agency/isro")]))
    partners = store.select("SELECT ?p WHERE { ?e skg:partner ?p } ORDER BY ?p")
    assert [r["p"].value for r in partners] == [BASE + "agency/isro"]
    assert store.ask("ASK { ?e skg:dateUnknown skg:unknownDate }")


def test_an_interrupted_old_store_is_migrated_on_open(tmp_path: Path) -> None:
    """Stores written before the facts graph (events in every article's graph) move once."""
    path = tmp_path / "store"
    with Store.open(path) as old:
        for graph, triples in (article("a1", date=("2025-04", "gYearMonth")),
                               article("a2", date=("2025-04-24", "date"))):  # fmt: skip
            old.add([ox.Quad(t.subject, t.predicate, t.object, n(graph)) for t in triples])
        old.remove_graph(str(FACTS_GRAPH))
        assert len(rows(old)) > 1  # the bag union: one row per article's copy
    with Store.open(path) as store:
        assert [r["date"] for r in rows(store)] == ["2025-04-24"]
        assert not store.needs_migration()
