"""Network metrics: each checked on graphs whose answer is known (by hand, or networkx's own
implementation of the same definition), and on networks of real articles."""

from __future__ import annotations

import itertools
import json
import math
import random

import networkx as nx
import pytest

from spacekg import InputError, Store
from spacekg.graph import metrics, projections
from spacekg.graph.metrics import MetricTable
from spacekg.graph.network_filter import NetworkFilter

A = "https://w3id.org/spacekg/"
CNSA = A + "agency/cnsa"
CN, US = A + "country/CN", A + "country/US"


@pytest.fixture(scope="module")
def karate() -> nx.Graph:
    """Zachary's karate club with its weights (interaction counts), labels added."""
    graph = nx.karate_club_graph()
    nx.set_node_attributes(graph, {n: f"member {n}" for n in graph}, "label")
    return graph


def approx_dict(values: dict, **kwargs: float) -> dict:
    return {k: pytest.approx(v, **kwargs) for k, v in values.items()}


# --- centrality --------------------------------------------------------------------------------


def test_degree_and_strength_count_partners_and_events(hand_store: Store) -> None:
    table = metrics.degree(projections.actor_network(hand_store, "all"))
    # CNSA: Brown and Open University (one event each), the US (one sanction)
    assert table.to_dict("degree")[CNSA] == 3 and table.to_dict("strength")[CNSA] == 3
    assert table.columns == ("iri", "label", "degree", "strength")
    assert table.to_dict("label")[CNSA] == "China National Space Administration"


def test_betweenness_is_networkx_with_distances_one_over_weight(karate: nx.Graph) -> None:
    # weights 1, 2 and 4 make every 1/w and every sum of them exact in binary, so paths of equal
    # length tie exactly in networkx too (igraph compares lengths with a tolerance)
    graph = karate.copy()
    for u, v, w in graph.edges(data="weight"):
        graph.edges[u, v]["weight"] = 2 ** (w % 3)
        graph.edges[u, v]["length"] = 1 / 2 ** (w % 3)
    expected = nx.betweenness_centrality(graph, weight="length")
    assert metrics.betweenness(graph).to_dict("betweenness") == approx_dict(expected, abs=1e-9)
    unweighted = nx.betweenness_centrality(karate)
    assert metrics.betweenness(karate, None).to_dict("betweenness") == approx_dict(
        unweighted, abs=1e-9
    )


def test_betweenness_is_sampled_above_the_threshold_and_deterministic(karate: nx.Graph) -> None:
    exact = metrics.betweenness(karate, None).to_dict("betweenness")
    sampled = metrics.betweenness(karate, None, exact_up_to=10, samples=20, seed=7)
    assert sampled.notes == {"sampled": True, "sources": 20, "seed": 7}
    assert sampled.to_dict("betweenness") == metrics.betweenness(
        karate, None, exact_up_to=10, samples=20, seed=7
    ).to_dict("betweenness")
    # the estimate keeps the brokers on top: the club's two leaders
    top = sorted(
        sampled.to_dict("betweenness"), key=sampled.to_dict("betweenness").get, reverse=True
    )[:2]
    assert set(top) == {0, 33} == set(sorted(exact, key=exact.get, reverse=True)[:2])
    assert metrics.betweenness(karate, None).notes["sampled"] is False


def test_eigenvector_is_networkx_scaled_to_a_maximum_of_one(karate: nx.Graph) -> None:
    expected = nx.eigenvector_centrality(karate, weight="weight", max_iter=10_000, tol=1e-12)
    top = max(expected.values())
    ours = metrics.eigenvector(karate).to_dict("eigenvector")
    assert ours == approx_dict({k: v / top for k, v in expected.items()}, abs=1e-6)


def test_pagerank_is_the_weighted_random_walk_with_teleports(karate: nx.Graph) -> None:
    # the definition by power iteration (networkx's own pagerank needs scipy)
    strength = dict(karate.degree(weight="weight"))
    rank = {n: 1 / len(karate) for n in karate}
    for _ in range(200):
        rank = {
            n: 0.15 / len(karate)
            + 0.85
            * sum(
                rank[m] * w / strength[m]
                for m, w in ((m, karate.edges[n, m]["weight"]) for m in karate[n])
            )
            for n in karate
        }
    assert metrics.pagerank(karate).to_dict("pagerank") == approx_dict(rank, abs=1e-9)


# --- cohesion, communities, brokerage ---------------------------------------------------------


def test_clustering_and_cores_are_networkx_definitions(karate: nx.Graph) -> None:
    assert metrics.clustering(karate).to_dict("clustering") == approx_dict(
        nx.clustering(karate), abs=1e-12
    )
    assert metrics.k_core(karate).to_dict("core") == nx.core_number(karate)


def test_communities_are_deterministic_and_their_modularity_is_networkx(karate: nx.Graph) -> None:
    for method in ("leiden", "louvain"):
        first = metrics.communities(karate, method, seed=3)
        again = metrics.communities(karate, method, seed=3)
        assert first.to_dict("community") == again.to_dict("community")
        groups: dict[int, set[int]] = {}
        for node, community in first.to_dict("community").items():
            groups.setdefault(community, set()).add(node)
        expected = nx.community.modularity(karate, groups.values(), weight="weight")
        assert first.notes["modularity"] == pytest.approx(expected)
        assert metrics.modularity(karate, first) == pytest.approx(expected)
        assert first.notes["modularity"] > 0.35  # the club's known split scores about 0.37-0.44
        sizes = [
            len(g)
            for g in sorted(
                groups.values(), key=lambda g: min(first.to_dict("community")[n] for n in g)
            )
        ]
        assert sizes == sorted(sizes, reverse=True)  # numbered by decreasing size
    with pytest.raises(InputError, match="community method 'walktrap'"):
        metrics.communities(karate, "walktrap")


def test_brokerage_is_burts_constraint_and_borgattis_effective_size(karate: nx.Graph) -> None:
    table = metrics.brokerage(karate)
    assert table.to_dict("constraint") == approx_dict(
        nx.constraint(karate, weight="weight"), abs=1e-9
    )
    assert metrics.brokerage(karate, None).to_dict("effective_size") == approx_dict(
        nx.effective_size(karate), abs=1e-9
    )
    assert {n for n, cut in table.to_dict("articulation_point").items() if cut} == set(
        nx.articulation_points(karate)
    )
    isolated = nx.Graph()
    isolated.add_node("alone")
    assert math.isnan(metrics.brokerage(isolated).to_dict("constraint")["alone"])


def test_bridges_carry_their_events(hand_store: Store) -> None:
    graph = projections.actor_network(hand_store, "all")
    rows = list(metrics.bridges(graph))
    assert {frozenset((r["source"], r["target"])) for r in rows} == {
        frozenset(e) for e in nx.bridges(graph)
    }
    esa_jaxa = next(
        r for r in rows if {r["source"], r["target"]} == {A + "agency/esa", A + "agency/jaxa"}
    )
    assert esa_jaxa["events"] == [A + "event/e3"] and esa_jaxa["target_label"]


def test_assortativity_matches_networkx(karate: nx.Graph) -> None:
    expected = nx.attribute_assortativity_coefficient(karate, "club")
    assert metrics.assortativity(karate, "club") == pytest.approx(expected)
    assert metrics.assortativity(karate, "degree") == pytest.approx(
        nx.degree_assortativity_coefficient(karate)
    )
    assert math.isnan(metrics.assortativity(nx.Graph([(1, 2)]), values={1: "x", 2: "x"}))


def test_country_assortativity_of_an_organisation_network(seed_store: Store) -> None:
    graph = projections.actor_network(seed_store, "organisation")
    value = metrics.assortativity(graph, "country_code")
    assert -1 <= value < 0.2  # the loan ties China's agency to other countries' institutions


# --- balance -----------------------------------------------------------------------------------


def _brute_force_frustration(graph: nx.Graph) -> int:
    nodes = list(graph)
    best = graph.number_of_edges()
    for sides in itertools.product((0, 1), repeat=len(nodes) - 1):
        side = dict(zip(nodes, (0, *sides)))
        broken = sum(1 for u, v, s in graph.edges(data="sign") if (s > 0) != (side[u] == side[v]))
        best = min(best, broken)
    return best


def test_frustration_is_exact_on_small_networks() -> None:
    rng = random.Random(1)
    for _ in range(5):
        graph = nx.gnp_random_graph(9, 0.5, seed=rng.randrange(1000))
        nx.set_edge_attributes(graph, {e: rng.choice((1, -1)) for e in graph.edges}, "sign")
        report = metrics.structural_balance(graph)
        assert report.exact
        assert report.frustration == _brute_force_frustration(graph) == len(report.frustrated)
        triangles = [
            t
            for t in itertools.combinations(graph, 3)
            if all(graph.has_edge(*p) for p in itertools.combinations(t, 2))
        ]
        balanced = sum(
            1
            for t in triangles
            if math.prod(graph.edges[p]["sign"] for p in itertools.combinations(t, 2)) > 0
        )
        assert (report.triads, report.balanced_triads) == (len(triangles), balanced)


def test_frustration_of_a_large_network_is_bounded_by_local_search() -> None:
    # two camps of 30, friendly inside and hostile across, with 3 ties' signs flipped
    rng = random.Random(5)
    graph = nx.gnp_random_graph(60, 0.15, seed=5)
    camp = {n: n % 2 for n in graph}
    nx.set_edge_attributes(
        graph, {(u, v): 1 if camp[u] == camp[v] else -1 for u, v in graph.edges}, "sign"
    )
    for u, v in rng.sample(sorted(graph.edges), 3):
        graph.edges[u, v]["sign"] *= -1
    report = metrics.structural_balance(graph)
    assert not report.exact and report.frustration <= 3
    assert report.balance_ratio < 1


def test_seed_country_network_is_balanced_or_not_by_its_signs(seed_store: Store) -> None:
    report = metrics.structural_balance(projections.signed_network(seed_store, "country"))
    assert report.exact and report.triads > 0
    # the one hostile tie (US-China) closes no triangle: the US ties to no other country
    assert report.frustration == report.triads - report.balanced_triads == 0


# --- paths -------------------------------------------------------------------------------------


def test_cooperation_path_goes_through_cnsa_with_the_events_of_each_hop(seed_store: Store) -> None:
    graph = projections.actor_network(seed_store, "organisation")
    brown, cologne = A + "institution/brown-university", A + "institution/university-of-cologne"
    hops = metrics.cooperation_path(graph, brown, cologne)
    assert [(h.source, h.target) for h in hops] == [(brown, CNSA), (CNSA, cologne)]
    assert all(h.events and "lend-samples" in h.types for h in hops)
    assert hops[0].target_label == "China National Space Administration"


def test_cooperation_path_never_walks_a_conflict_tie(seed_store: Store) -> None:
    conflict = NetworkFilter(event_class="conflict")
    graph = projections.actor_network(seed_store, "country", conflict)
    assert graph.edges[CN, US]["goldstein_sum"] < 0  # tariffs and criticism only
    assert metrics.cooperation_path(graph, CN, US) == []
    with pytest.raises(InputError, match="not in the network"):
        metrics.cooperation_path(graph, CN, A + "country/ZZ")


def test_ego_network_of_cnsa_holds_the_seven_borrowers(seed_store: Store) -> None:
    ego = metrics.ego_network(projections.actor_network(seed_store, "organisation"), CNSA)
    assert len(ego) >= 8 and ego.has_edge(CNSA, A + "agency/suparco")


# --- year over year, tables, reports -----------------------------------------------------------


def test_metrics_year_over_year(hand_store: Store) -> None:
    years = projections.yearly_snapshots(hand_store, "all")
    table = metrics.yearly(metrics.degree, years)
    assert table.columns[:3] == ("iri", "label", "year")
    assert {(r["year"], r["degree"]) for r in table if r["iri"] == A + "agency/esa"} == {
        (2012, 1),
        (2019, 1),
    }
    growth = metrics.growth(years)
    assert [(r["year"], r["nodes"], r["edges"], r["events"]) for r in growth] == [
        (2012, 2, 1, 1),
        (2019, 2, 1, 1),
        (2025, 5, 4, 2),
    ]


def test_metric_table_writes_csv_and_json_with_nan_as_empty() -> None:
    table = MetricTable(
        "x",
        ("iri", "label", "v"),
        ({"iri": "a", "label": "A", "v": float("nan")}, {"iri": "b", "label": "B", "v": 2.5}),
    )
    assert table.to_csv() == "iri,label,v\na,A,\nb,B,2.5\n"
    document = json.loads(table.to_json())
    assert document["rows"] == [
        {"iri": "a", "label": "A", "v": None},
        {"iri": "b", "label": "B", "v": 2.5},
    ]
    assert [r["iri"] for r in table.sorted_by("v")] == ["b", "a"]  # missing values last
    assert "(2 rows)" in table.to_text()


def test_compute_joins_metrics_by_name_and_refuses_unknown_ones(karate: nx.Graph) -> None:
    table = metrics.compute(karate)
    assert table.columns == (
        "iri",
        "label",
        "degree",
        "strength",
        "betweenness",
        "eigenvector",
        "pagerank",
        "clustering",
        "core",
        "community",
    )
    assert len(table) == 34 and table.notes["leiden_modularity"] > 0.35
    with pytest.raises(InputError, match="unknown metric 'closeness'"):
        metrics.compute(karate, ["closeness"])


def test_analyse_and_describe_a_store(samples_store: Store) -> None:
    summary = metrics.describe(samples_store, "country", top=3)
    assert summary.nodes > 5 and summary.edges > 5 and summary.events > 5 and len(summary.top) == 3
    strengths = summary.top.column("strength")
    assert strengths == sorted(strengths, reverse=True)
    table = metrics.analyse(
        samples_store,
        ["degree", "brokerage"],
        "organisation",
        NetworkFilter(event_class="cooperation"),
    )
    assert CNSA in table.to_dict("degree")
    by_year = metrics.analyse(samples_store, ["degree"], "country", by_year=True)
    assert {r["year"] for r in by_year} >= {2022, 2025}


def test_conversion_is_kept_with_the_graph_and_dropped_when_it_changes(hand_store: Store) -> None:
    graph = projections.actor_network(hand_store, "all")
    before = metrics.degree(graph).to_dict("degree")
    assert graph.__networkx_cache__  # the projection left its igraph form there
    graph.add_edge(A + "agency/esa", CNSA, weight=2, events=["x"])
    after = metrics.degree(graph).to_dict("degree")
    assert (
        after[CNSA] == before[CNSA] + 1 and after[A + "agency/esa"] == before[A + "agency/esa"] + 1
    )
    assert metrics.k_core(graph).to_dict("core") == nx.core_number(graph)
