"""The store: bootstrap, union queries, atomic graph replacement, bulk load, dump/restore, locking."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from spacekg import Store
from spacekg.errors import InputError, QueryError, StoreError
from spacekg.ontology.vocab import KB_GRAPH, ONTOLOGY_GRAPH

EX = "https://example.org/"


def quad(s: str, o: str, graph: str) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o), ox.NamedNode(EX + graph)
    )


def test_a_new_store_on_disk_holds_ontology_and_kb_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store.open(path) as store:
        assert store.graphs() == [str(KB_GRAPH), str(ONTOLOGY_GRAPH)]
        assert store.ask("ASK { agency:nasa a skg:SpaceAgency ; skg:country country:US }")
        store.add([quad("a", "1", "g1")])
    with Store.open(path) as again:
        assert again.ask("ASK { <https://example.org/a> ?p '1' }")


def test_queries_see_the_union_unless_graphs_are_named() -> None:
    store = Store.open(None, bootstrap=False)
    store.add([quad("a", "1", "g1"), quad("b", "2", "g2")])
    assert len(store.select("SELECT ?s WHERE { ?s ?p ?o }")) == 2
    only = store.query("SELECT ?s WHERE { ?s ?p ?o }", default_graph=[ox.NamedNode(EX + "g1")])
    assert [s["s"].value for s in only] == [EX + "a"]


def test_bindings_are_substituted_not_spliced() -> None:
    store = Store.open(None, bootstrap=False)
    store.add([quad("a", "x' } ; DROP ALL ; #", "g1")])
    rows = store.select("SELECT ?s ?v WHERE { ?s ?p ?v }", v=ox.Literal("x' } ; DROP ALL ; #"))
    assert [r["s"].value for r in rows] == [EX + "a"]


def test_replace_graph_swaps_content_and_leaves_other_graphs_alone() -> None:
    store = Store.open(None, bootstrap=False)
    store.add([quad("a", "old", "g1"), quad("b", "keep", "g2")])
    store.replace_graph(EX + "g1", [quad("a", "new", "g1"), quad("c", "new", "g1")])
    values = sorted(r["o"].value for r in store.select("SELECT ?o WHERE { ?s ?p ?o }"))
    assert values == ["keep", "new", "new"]
    store.replace_graph(EX + "g1", [])
    assert not store.has_graph(EX + "g1")


def test_a_malformed_file_writes_nothing(tmp_path: Path) -> None:
    store = Store.open(None, bootstrap=False)
    bad = tmp_path / "bad.nt"
    bad.write_text(f'<{EX}a> <{EX}p> "fine" .\n<{EX}b> <{EX}p> "broken .\n')
    with pytest.raises(InputError, match=r"bad\.nt: not valid N-Triples.*line 2"):
        store.load(bad)
    assert len(store) == 0


def test_malformed_query_raises_query_error_with_position() -> None:
    store = Store.open(None, bootstrap=False)
    with pytest.raises(QueryError, match=r"1:\d+"):
        store.query("SELECT * WHERE { ?s ?p }")


def test_bulk_load_and_dump_restore_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "data.nq"
    source.write_text("".join(f'<{EX}s{i}> <{EX}p> "{i}" <{EX}g{i % 3}> .\n' for i in range(500)))
    store = Store.open(tmp_path / "one", bootstrap=False)
    store.bulk_load(source)
    assert len(store) == 500
    dump = tmp_path / "dump.trig"
    store.dump(dump, fmt="trig")
    other = Store.open(tmp_path / "two", bootstrap=False)
    assert other.restore(dump, fmt="trig") == 500
    assert sorted(other.graphs()) == sorted(store.graphs())


def test_restore_of_a_broken_dump_keeps_the_store_as_it_was(tmp_path: Path) -> None:
    store = Store.open(None, bootstrap=False)
    store.add([quad("a", "1", "g1")])
    broken = tmp_path / "broken.nq"
    broken.write_text(f'<{EX}a> <{EX}p> "1" <{EX}g> .\nnot rdf at all\n')
    with pytest.raises(InputError):
        store.restore(broken)
    assert len(store) == 1


def test_concurrent_read_modify_write_updates_are_not_lost() -> None:
    store = Store.open(None, bootstrap=False)
    store.update(f"INSERT DATA {{ GRAPH <{EX}c> {{ <{EX}counter> <{EX}value> 0 }} }}")
    increment = f"""
        DELETE {{ GRAPH <{EX}c> {{ <{EX}counter> <{EX}value> ?v }} }}
        INSERT {{ GRAPH <{EX}c> {{ <{EX}counter> <{EX}value> ?n }} }}
        WHERE {{ GRAPH <{EX}c> {{ <{EX}counter> <{EX}value> ?v }} BIND(?v + 1 AS ?n) }}"""

    def work() -> None:
        for _ in range(50):
            store.update(increment)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = store.select(f"SELECT ?v WHERE {{ <{EX}counter> <{EX}value> ?v }}")
    assert [int(r["v"].value) for r in rows] == [200]


def test_a_file_where_the_store_should_be_is_a_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "store"
    file.write_text("not a folder")
    with pytest.raises(StoreError, match="is a file, not a store folder"):
        Store.open(file)


def test_stats_counts_reference_kb_entities() -> None:
    stats = Store.open(None).stats()
    by_type = {k.rsplit("#", 1)[-1]: v for k, v in stats.entities_by_type.items()}
    assert by_type["Country"] >= 195 and by_type["SpaceAgency"] >= 70
    assert stats.articles == 0 and stats.events_by_type == {}


def test_loading_a_trig_file_keeps_its_graphs(tmp_path: Path) -> None:
    store = Store.open(None, bootstrap=False)
    trig = tmp_path / "two.trig"
    trig.write_text(f'<{EX}g1> {{ <{EX}a> <{EX}p> "1" }}\n<{EX}g2> {{ <{EX}b> <{EX}p> "2" }}\n')
    assert store.load(trig) == 2
    assert store.graphs() == [EX + "g1", EX + "g2"]


def test_a_query_with_from_sees_only_the_graphs_it_names() -> None:
    store = Store.open(None, bootstrap=False)
    store.add([quad("a", "1", "g1"), quad("b", "2", "g2")])
    rows = store.select(f"SELECT ?s FROM <{EX}g2> WHERE {{ ?s ?p ?o }}")
    assert [r["s"].value for r in rows] == [EX + "b"]


def test_a_file_load_streams_and_a_malformed_file_writes_nothing(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.nt", tmp_path / "bad.nt"
    lines = [f'<{EX}s{i}> <{EX}p> "v{i}" .\n' for i in range(2000)]
    good.write_text("".join(lines))
    bad.write_text("".join(lines[:1500]) + "<broken\n" + "".join(lines[1500:]))
    with Store.open(tmp_path / "store", bootstrap=False) as store:
        with pytest.raises(InputError, match="bad.nt"):
            store.load(bad)
        assert not store.has_graph(bad.resolve().as_uri())
        assert store.load(good) == 2000
        assert store.load(good, replace=True) == 2000  # a reload replaces, never duplicates
        count = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].value
        assert count == "2000"


def test_a_load_interrupted_by_a_crash_is_undone_when_the_store_opens(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store.open(path, bootstrap=False) as store:
        store.add([quad("kept", "1", "earlier")])
        # what a load killed half-way leaves: its note of the graphs it fills, half filled
        store.add([quad("half", "1", "loading")])
        (path / "spacekg-loading").write_text(EX + "loading\n")
    with Store.open(path, bootstrap=False) as store:
        assert not store.has_graph(EX + "loading")
        assert store.has_graph(EX + "earlier")
        assert not (path / "spacekg-loading").exists()
