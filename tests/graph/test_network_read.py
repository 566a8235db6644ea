"""The network read model: what the HTTP routes answer, as the library returns it."""

from __future__ import annotations

import pickle

import pytest

from spacekg import Store
from spacekg.errors import InputError, NotFound
from spacekg.graph import network_read, read
from spacekg.graph.export import EXPORT_FORMATS
from spacekg.graph.network_filter import NetworkFilter

BASE = "https://w3id.org/spacekg/"


def test_every_answer_crosses_a_worker_pipe(hand_store: Store) -> None:
    """The engine pickles what its workers return."""
    answers = [
        read.network(hand_store),
        read.network_tie(hand_store, BASE + "agency/esa", BASE + "agency/jaxa"),
        read.network_metrics(hand_store, ("degree",)),
        read.network_export(hand_store, "graphml"),
        read.network_choices(hand_store),
    ]
    for found in answers:
        assert pickle.loads(pickle.dumps(found)) == found


def test_a_drawing_keeps_the_strongest_ties_and_says_so(
    samples_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = network_read.network(samples_store, "country")
    monkeypatch.setattr(network_read, "MAX_EDGES", 10)
    capped = network_read.network(samples_store, "country")
    assert capped.shown_edges == 10 and capped.truncated
    assert "the 10 strongest ties" in (capped.note or "")
    weights = sorted((e.attributes.weight for e in whole.graph.edges), reverse=True)
    assert [e.attributes.weight for e in capped.graph.edges] == weights[:10]
    assert capped.summary == whole.summary


def test_an_ego_network_keeps_its_centre_however_small_the_limit(samples_store: Store) -> None:
    nasa = BASE + "agency/nasa"
    view = network_read.network(samples_store, focus=nasa, limit=3)
    keys = [n.key for n in view.graph.nodes]
    assert nasa in keys and len(keys) == 3
    with pytest.raises(NotFound, match="shares no event"):
        network_read.network(samples_store, "country", focus=nasa)  # rolled up to the US
    with pytest.raises(InputError, match="limit 0"):
        network_read.network(samples_store, limit=0)


def test_a_tie_lists_each_event_once_newest_first(hand_store: Store) -> None:
    # e1 is reported by two articles, with its date at two precisions
    tie = network_read.tie(hand_store, BASE + "agency/cnsa", BASE + "institution/brown-university")
    assert tie is not None and tie.events_count == 1
    [event] = tie.events
    assert event.date == "2025-04" and event.confidence == 0.9
    assert sorted(ev.article.iri for ev in event.evidence) == [
        BASE + "article/t1",
        BASE + "article/t2",
    ]
    assert network_read.tie(hand_store, BASE + "agency/esa", BASE + "agency/cnsa") is None
    conflict = NetworkFilter(event_class="conflict")
    assert network_read.tie(hand_store, BASE + "country/US", BASE + "agency/cnsa", "all", conflict)


def test_the_page_offers_the_years_the_metrics_and_every_format(hand_store: Store) -> None:
    choices = network_read.choices(hand_store)
    assert choices.years == [2012, 2019, 2025]
    assert choices.size_by[0] == "strength" and "betweenness" in choices.size_by
    assert [f.name for f in choices.export_formats] == list(EXPORT_FORMATS)
    assert all(c.startswith("#") and len(c) == 7 for c in choices.community_colours)
    assert choices.type_colours["country"] == "#0072b2"


def test_files_are_named_for_their_level_and_format(hand_store: Store) -> None:
    table = network_read.metric_table(hand_store, ("core",), "organisation", fmt="csv")
    assert (table.media_type, table.filename) == ("text/csv", "spacekg-metrics-organisation.csv")
    assert table.content.startswith(b"iri,label,core\n")
    gexf = network_read.export_file(hand_store, "gexf", "country", signed=True)
    assert gexf.filename == "spacekg-signed-network-country.gexf"
    assert gexf.media_type == "application/gexf+xml" and gexf.content.startswith(b"<?xml")
    with pytest.raises(InputError, match="format 'xlsx'"):
        network_read.metric_table(hand_store, fmt="xlsx")
