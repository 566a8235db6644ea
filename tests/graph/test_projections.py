"""Projections of the store into actor networks: on the seed article, the samples, and a small
hand-made dataset whose networks are worked out by hand (see conftest.HAND_MADE)."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest

from spacekg import InputError, Store
from spacekg.graph import projections
from spacekg.graph.network_filter import NetworkFilter
from spacekg.graph.projections import Edge

A = "https://w3id.org/spacekg/"
CNSA = A + "agency/cnsa"
ESA, JAXA, ROSCOSMOS = A + "agency/esa", A + "agency/jaxa", A + "agency/roscosmos"
BROWN, OU = A + "institution/brown-university", A + "institution/open-university"
CN, US, GB, JP, RU = (A + f"country/{c}" for c in ("CN", "US", "GB", "JP", "RU"))
WU = A + "person/wu-weiren"
SEVEN = {
    A + "institution/brown-university",
    A + "institution/stony-brook-university",
    A + "institution/university-of-cologne",
    A + "institution/osaka-university",
    A + "institution/open-university",
    A + "institution/ipgp",
    A + "agency/suparco",
}


def edges_by_pair(edges: list[Edge]) -> dict[frozenset[str], Edge]:
    return {frozenset((e.source, e.target)): e for e in edges}


# --- the seed article (the acceptance) -------------------------------------------------


def test_seed_institution_network_links_cnsa_to_each_of_the_seven_institutions(
    seed_store: Store,
) -> None:
    graph = projections.actor_network(seed_store, "organisation")
    assert set(graph[CNSA]) >= SEVEN
    for institution in SEVEN:
        tie = graph.edges[CNSA, institution]
        assert "lend-samples" in tie["types"]
        assert tie["goldstein_sum"] > 0
        assert tie["forward" if CNSA < institution else "backward"] >= 1  # CNSA lends to them
        assert all(e.startswith(A + "event/lend-samples-") for e in tie["events"])
    assert graph.nodes[CNSA]["label"] == "China National Space Administration"
    assert graph.nodes[CNSA]["type"] == "agency" and graph.nodes[CNSA]["country_code"] == "CN"
    assert graph.nodes[A + "agency/suparco"]["country_code"] == "PK"


def test_seed_country_network_has_a_negative_us_china_edge(seed_store: Store) -> None:
    signed = projections.signed_network(seed_store, "country")
    tie = signed.edges[CN, US]
    # conflict: each side's tariffs (-8 each), Wu Weiren's criticism (-2), and US lawmakers'
    # restriction aimed at NASA's collaboration with China (-5)
    assert {"impose-tariffs", "criticise", "restrict"} <= set(tie["types"])
    assert tie["conflict_sum"] == -23
    # cooperation between the two is there too (the loans and access to US institutions, the
    # NASA-CNSA negotiation), kept apart, and outweighed
    assert {"lend-samples", "grant-access", "negotiate"} <= set(tie["types"])
    assert tie["cooperation_sum"] == 19
    assert tie["goldstein_sum"] == -4 and tie["sign"] == -1
    assert all(signed.edges[CN, other]["conflict_sum"] == 0 for other in signed[CN] if other != US)


def test_seed_country_roll_up_counts_each_event_once_per_pair(seed_store: Store) -> None:
    tie = projections.actor_network(seed_store, "country").edges[CN, US]
    # two tariff events, each once: the US's (Trump acts for the US, so his is the same act)
    # and China's in reply
    tariffs = [e for e in tie["events"] if "/impose-tariffs-" in e]
    assert len(tariffs) == 2
    assert tie["weight"] == len(tie["events"]) == len(set(tie["events"]))


# --- counting, roll-up and direction, by hand --------------------------------------------------


def test_an_event_in_two_article_graphs_counts_once(hand_store: Store) -> None:
    edges = edges_by_pair(projections.edge_list(hand_store, "all"))
    tie = edges[frozenset((CNSA, BROWN))]
    assert (tie.weight, tie.goldstein_sum, tie.goldstein_mean) == (1, 6.0, 6.0)
    assert tie.events == (A + "event/e1",)
    assert (tie.first, tie.last) == ("2025-04", "2025-04")  # the earliest form of its date
    assert (tie.forward, tie.backward) == (1, 0)  # CNSA (source) lends to Brown
    assert tie.periods == (("2025-04-01", "2025-04-30"),)


def test_all_level_network_by_hand(hand_store: Store) -> None:
    edges = edges_by_pair(projections.edge_list(hand_store, "all"))
    assert set(edges) == {
        frozenset(p)
        for p in [
            (CNSA, BROWN),
            (CNSA, OU),
            (BROWN, OU),
            (WU, US),
            (ESA, JAXA),
            (CNSA, US),
            (ESA, ROSCOSMOS),
        ]
    }
    co_recipients = edges[frozenset((BROWN, OU))]
    assert (co_recipients.forward, co_recipients.backward) == (0, 0)
    sanction = edges[frozenset((CNSA, US))]
    assert (sanction.source, sanction.backward, sanction.goldstein_sum) == (
        CNSA,
        1,
        -8.0,
    )  # the US acts on CNSA
    assert sanction.first is None and sanction.periods == ()


def test_levels_keep_their_kinds_of_node(hand_store: Store) -> None:
    organisations = edges_by_pair(projections.edge_list(hand_store, "organisation"))
    assert set(organisations) == {
        frozenset(p)
        for p in [(CNSA, BROWN), (CNSA, OU), (BROWN, OU), (ESA, JAXA), (ESA, ROSCOSMOS)]
    }
    assert projections.edge_list(hand_store, "person") == []


def test_country_level_rolls_actors_up_and_keeps_esa_as_itself(hand_store: Store) -> None:
    edges = edges_by_pair(projections.edge_list(hand_store, "country"))
    assert set(edges) == {
        frozenset(p) for p in [(CN, US), (CN, GB), (GB, US), (ESA, JP), (ESA, RU)]
    }
    china_us = edges[frozenset((CN, US))]
    # e1 (CNSA lends to Brown), e2 (Wu Weiren criticises the US), e4 (US sanctions CNSA)
    assert china_us.events == (A + "event/e1", A + "event/e2", A + "event/e4")
    assert (china_us.weight, china_us.goldstein_sum, round(china_us.goldstein_mean, 4)) == (
        3,
        -4.0,
        -1.3333,
    )
    assert (china_us.forward, china_us.backward) == (2, 1)  # CN acts on US twice, US on CN once
    signed = projections.signed_network(hand_store, "country")
    assert signed.edges[CN, US]["sign"] == -1 and signed.edges[CN, GB]["sign"] == 1


def test_networkx_graph_matches_the_edge_list(hand_store: Store) -> None:
    edges = projections.edge_list(hand_store, "all")
    graph = projections.actor_network(hand_store, "all")
    assert graph.number_of_edges() == len(edges)
    for edge in edges:
        data = graph.edges[edge.source, edge.target]
        assert (data["weight"], data["events"], data["goldstein_sum"]) == (
            edge.weight,
            list(edge.events),
            edge.goldstein_sum,
        )
    assert graph.nodes[ESA]["wikidata"] == "Q42262"  # the European Space Agency
    assert "wikidata" not in graph.nodes[CNSA]  # the KB states none for it
    assert graph.graph["level"] == "all"


def test_multigraph_has_one_edge_per_event_type(hand_store: Store) -> None:
    multi = projections.actor_network(hand_store, "country", multigraph=True)
    assert isinstance(multi, nx.MultiGraph)
    assert set(multi[CN][US]) == {"lend-samples", "criticise", "impose-sanctions"}
    assert multi[CN][US]["impose-sanctions"]["goldstein_sum"] == -8.0


# --- filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flt", "pairs"),
    [
        (NetworkFilter(event_class="conflict"), {(WU, US), (CNSA, US)}),
        (NetworkFilter(event_types=("sign-agreement",)), {(ESA, JAXA), (ESA, ROSCOSMOS)}),
        # the window overlaps e1's month (2025-04) but not e2's day (2025-04-23); undated e4 drops
        (NetworkFilter(date_from="2025-04-24"), {(CNSA, BROWN), (CNSA, OU), (BROWN, OU)}),
        (NetworkFilter(date_to="2019"), {(ESA, JAXA), (ESA, ROSCOSMOS)}),
        (NetworkFilter(date_from="2012-03", date_to="2012-03"), {(ESA, ROSCOSMOS)}),
        # e1 is 0.60 in one report and 0.90 in the other: its best confidence counts
        (
            NetworkFilter(min_confidence=0.8),
            {(CNSA, BROWN), (CNSA, OU), (BROWN, OU), (ESA, ROSCOSMOS)},
        ),
        (NetworkFilter(status="planned"), {(CNSA, US)}),
        (NetworkFilter(entity_types=("agency",)), {(ESA, JAXA), (ESA, ROSCOSMOS)}),
        (NetworkFilter(country="jp"), {(ESA, JAXA)}),
        (NetworkFilter(country="US"), {(CNSA, BROWN), (BROWN, OU), (WU, US), (CNSA, US)}),
    ],
)
def test_filters(hand_store: Store, flt: NetworkFilter, pairs: set[tuple[str, str]]) -> None:
    assert set(edges_by_pair(projections.edge_list(hand_store, "all", flt))) == {
        frozenset(p) for p in pairs
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"event_class": "friendly"},
            "event class 'friendly' is not one of: all, cooperation, conflict",
        ),
        ({"event_types": ("lend-rocks",)}, "event type 'lend-rocks' is not in the taxonomy"),
        ({"date_from": "2025-13"}, "from date '2025-13' is not a date"),
        ({"date_to": "April 2025"}, "to date 'April 2025' is not a date"),
        ({"date_from": "2025", "date_to": "2024"}, "the window is empty"),
        ({"entity_types": ("university",)}, "entity type 'university' is not one of"),
        ({"country": "China"}, "country 'China' is not an ISO 3166-1 alpha-2 code"),
        ({"min_confidence": 1.5}, "minimum confidence 1.5 is not between 0 and 1"),
        ({"status": "rumoured"}, "status 'rumoured' is not one of: all, asserted, planned"),
    ],
)
def test_bad_filter_values_are_named_in_the_error(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        NetworkFilter(**kwargs)


def test_unknown_country_and_level_are_refused(hand_store: Store) -> None:
    with pytest.raises(InputError, match="no country with ISO code 'XX'"):
        projections.edge_list(hand_store, "all", NetworkFilter(country="XX"))
    with pytest.raises(InputError, match="level 'countries' is not one of"):
        projections.edge_list(hand_store, "countries")


# --- bipartite, projections, snapshots ---------------------------------------------------------


def test_bipartite_actor_mission_network_and_its_projections(hand_store: Store) -> None:
    bipartite = projections.bipartite_network(hand_store, "mission")
    change5, exomars = A + "mission/change-5", A + "mission/exomars"
    assert set(bipartite[change5]) == {CNSA, BROWN, OU}
    assert set(bipartite[exomars]) == {ESA, ROSCOSMOS}  # a programme is a mission-kind instrument
    assert bipartite.nodes[change5]["bipartite"] == 1 and bipartite.nodes[CNSA]["bipartite"] == 0
    assert bipartite.edges[CNSA, change5]["events"] == [A + "event/e1"]
    full = projections.project(bipartite, "full")
    assert full.edges[CNSA, BROWN]["weight"] == 1 and full.edges[ESA, ROSCOSMOS]["weight"] == 1
    fractional = projections.project(bipartite, "fractional")
    # Change'-5 has three actors: each tie it makes counts 1/(3-1); ExoMars has two: 1
    assert (
        fractional.edges[CNSA, BROWN]["weight"] == 0.5
        and fractional.edges[ESA, ROSCOSMOS]["weight"] == 1.0
    )
    assert fractional.edges[CNSA, BROWN]["instruments"] == [change5]
    assert projections.bipartite_network(hand_store, "agreement").number_of_edges() == 0
    with pytest.raises(InputError, match="bipartite kind 'satellite'"):
        projections.bipartite_network(hand_store, "satellite")


def test_bipartite_network_on_the_samples_links_agencies_to_their_missions(
    samples_store: Store,
) -> None:
    bipartite = projections.bipartite_network(samples_store, "mission", "organisation")
    assert CNSA in bipartite[A + "mission/change-5"]
    projected = projections.project(bipartite)
    assert set(projected) <= {n for n, side in bipartite.nodes(data="bipartite") if side == 0}


def test_yearly_snapshots_hold_each_years_dated_events(hand_store: Store) -> None:
    years = projections.yearly_snapshots(hand_store, "all")
    assert list(years) == [2012, 2019, 2025]
    assert set(years[2012].edges) == {(ESA, ROSCOSMOS)} or set(years[2012].edges) == {
        (ROSCOSMOS, ESA)
    }
    assert years[2025].number_of_edges() == 4  # e1's three ties and e2's
    assert all(g.graph["year"] == y for y, g in years.items())


def test_sample_store_network_is_consistent(samples_store: Store) -> None:
    graph = projections.actor_network(samples_store, "all")
    assert graph.number_of_edges() > 20
    for _, _, data in graph.edges(data=True):
        assert data["weight"] == len(data["events"]) >= 1
        assert data["goldstein_mean"] == pytest.approx(data["goldstein_sum"] / data["weight"])
        assert data["forward"] + data["backward"] <= data["weight"]


def test_directed_network_has_an_arc_from_each_actor_to_whom_it_acts_on(hand_store: Store) -> None:
    arcs = projections.directed_network(hand_store, "country")
    assert set(arcs.edges) == {(CN, GB), (CN, US), (US, CN)}
    assert arcs.edges[CN, US]["events"] == [
        A + "event/e1",
        A + "event/e2",
    ]  # a loan and a criticism
    assert arcs.edges[US, CN]["events"] == [A + "event/e4"]  # the sanction
    assert arcs.edges[US, CN]["forward"] == 1 and arcs.edges[US, CN]["backward"] == 0


def test_same_networks_when_each_events_facts_sit_in_one_shared_graph(hand_store: Store) -> None:
    # the coming data model: an event's facts asserted once, in one graph, not once per article
    shared = Store.open(None)
    one_graph = ox.NamedNode(A + "graph/events")
    article_graphs = [g for g in hand_store.graphs() if g.startswith(A + "graph/article/")]
    shared.add(
        {
            ox.Quad(q.subject, q.predicate, q.object, one_graph)
            for g in article_graphs
            for q in hand_store.quads(g)
        }
    )
    for level in ("all", "country"):
        assert projections.edge_list(shared, level) == projections.edge_list(hand_store, level)
    flt = NetworkFilter(min_confidence=0.8, date_from="2012")
    assert projections.edge_list(shared, "all", flt) == projections.edge_list(
        hand_store, "all", flt
    )
