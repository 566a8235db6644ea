"""Property tests of the store's article writes: the facts graph never keeps an orphan.

Hypothesis writes, rewrites and removes small articles that report overlapping events (same
event, other dates, statuses and confidences; shared relations and minted entities), in any
order and in batches, through ``Store.write_articles`` and ``Store.remove_graph``. Whatever the
history, the store must hold exactly what writing the surviving articles into an empty store
gives: no statement left in the facts graph that no article supports, no consolidated value
that the remaining reports do not give. With every article removed, the facts graph is empty.
"""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.graph.store import Store
from spacekg.ontology.vocab import (
    ARTICLE_GRAPH_PREFIX,
    BASE,
    DCTERMS,
    EVT,
    FACTS_GRAPH,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKG,
    XSD,
)

BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = ["0a0a0a0a0a0a0a0a", "1b1b1b1b1b1b1b1b", "2c2c2c2c2c2c2c2c"]
EVENTS = [f"{BASE}event/e{i}" for i in range(3)]
ENTITIES = [f"{BASE}agency/{name}" for name in ("cnsa", "esa", "nasa")]
MINTED = f"{BASE}org/kestrel-orbital"
DATES = [
    None,
    ("2025", "gYear"),
    ("2025-04", "gYearMonth"),
    ("2025-04-24", "date"),
    ("2024-01-02", "date"),
]


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _graph(key: str) -> str:
    return ARTICLE_GRAPH_PREFIX + key


def article(key: str, events: list[dict], relations: list[tuple[int, int]], mint: str | None):
    """An article's triples as ingest states them (see ``spacekg.ingest.rdf``)."""
    node = _n(f"{BASE}article/{key}")
    t = [
        ox.Triple(node, _n(RDF.type), _n(SKG.Article)),
        ox.Triple(node, _n(DCTERMS.title), ox.Literal(f"Article {key}")),
    ]
    for i, report in enumerate(events):
        event = _n(EVENTS[report["event"]])
        t += [
            ox.Triple(event, _n(RDF.type), _n(SKG.Event)),
            ox.Triple(event, _n(SKG.eventType), _n(EVT[report["type"]])),
            ox.Triple(event, _n(SKG.actor), _n(ENTITIES[report["actor"]])),
            ox.Triple(event, _n(SKG.status), _n(SKG[report["status"]])),
            ox.Triple(
                event,
                _n(SKG.confidence),
                ox.Literal(report["confidence"], datatype=_n(XSD.decimal)),
            ),
            ox.Triple(event, _n(SKG.reportedIn), node),
            ox.Triple(event, _n(PROV.wasDerivedFrom), node),
            ox.Triple(event, _n(RDFS.label), ox.Literal(f"event {report['event']}")),
        ]
        date = report["date"]
        if date is None:
            t.append(ox.Triple(event, _n(SKG.dateUnknown), _n(SKG.unknownDate)))
        else:
            t.append(ox.Triple(event, _n(SKG.date), ox.Literal(date[0], datatype=_n(XSD[date[1]]))))
        evidence = _n(f"{BASE}evidence/{key}-{i}-{i + 9}")
        t += [
            ox.Triple(event, _n(SKG.evidence), evidence),
            ox.Triple(evidence, _n(SKG.sentence), ox.Literal(report["sentence"])),
            ox.Triple(evidence, _n(SKG.article), node),
        ]
    for a, b in relations:
        t.append(ox.Triple(_n(ENTITIES[a]), _n(SKG.cooperatesWith), _n(ENTITIES[b])))
    if mint is not None:
        t += [
            ox.Triple(node, _n(SCHEMA.mentions), _n(MINTED)),
            ox.Triple(_n(MINTED), _n(RDF.type), _n(SKG.Company)),
            ox.Triple(_n(MINTED), _n(RDFS.label), ox.Literal(mint, language="en")),
        ]
    return t


reports = st.fixed_dictionaries(
    {
        "event": st.integers(0, len(EVENTS) - 1),
        "type": st.sampled_from(["cooperate", "sign-agreement"]),
        "actor": st.integers(0, len(ENTITIES) - 1),
        "status": st.sampled_from(["asserted", "planned"]),
        "confidence": st.sampled_from(["0.50", "0.90"]),
        "date": st.sampled_from(DATES),
        "sentence": st.text(max_size=20),
    }
)
contents = st.builds(
    lambda key, events, relations, mint: (key, article(key, events, relations, mint)),
    st.sampled_from(KEYS),
    st.lists(reports, max_size=3),
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=2),
    st.one_of(st.none(), st.sampled_from(["Kestrel Orbital", "Kestrel Orbital Co.\u2028"])),
)
steps = st.lists(
    st.one_of(
        st.lists(contents, min_size=1, max_size=2).map(lambda batch: ("write", dict(batch))),
        st.sampled_from(KEYS).map(lambda key: ("remove", key)),
    ),
    max_size=8,
)


def everything(store: Store) -> set[ox.Quad]:
    return set(store.quads())


@BOUNDED
@given(history=steps)
def test_any_history_leaves_what_writing_the_survivors_gives(history: list) -> None:
    store = Store.open(None, bootstrap=False)
    survivors: dict[str, list[ox.Triple]] = {}
    for action, what in history:
        if action == "write":
            store.write_articles({_graph(key): triples for key, triples in what.items()})
            survivors.update(what)
        else:
            store.remove_graph(_graph(what))
            survivors.pop(what, None)
    clean = Store.open(None, bootstrap=False)
    if survivors:
        clean.write_articles({_graph(key): triples for key, triples in survivors.items()})
    assert everything(store) == everything(clean)


@BOUNDED
@given(batch=st.lists(contents, min_size=1, max_size=3))
def test_removing_every_article_empties_the_facts_graph(batch: list) -> None:
    store = Store.open(None, bootstrap=False)
    for key, triples in batch:
        store.write_articles({_graph(key): triples})
    for key in {key for key, _ in batch}:
        assert store.remove_graph(_graph(key))
    assert list(store.quads(str(FACTS_GRAPH))) == []
    assert store.article_graphs() == []
