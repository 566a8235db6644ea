"""Network analytics speed: projections and metrics on a synthetic store of 100k events.

The store is generated deterministically (fixed seed) from the reference KB's real actors (space
agencies, government bodies, intergovernmental organisations, research institutions, companies,
people, countries) plus synthetic institutions and companies to reach the actor count, with
events of the real taxonomy's types laid out the way ingest writes them (an event's type,
participants, date, status and confidence once in the facts graph; each report, with its evidence,
in its article's graph; one event in ten reported by a second article). It is written as
N-Quads and loaded with the store's bulk loader.

Then, interleaved over several rounds (median reported):

* each projection (``edge_list`` at each level, the signed network, the bipartite actor-mission
  network, yearly snapshots), wall time;
* each default metric through SpaceKG's public call, against bare python-igraph computing the
  same numbers from the same edge list (the graph built from ``(iri, iri, weight)`` tuples, as an
  analyst would, plus the igraph call). The ratio is the figure of merit (target <= 1.2x).

Prints a markdown table and writes it to ``bench/results/network.md``. No timing is asserted.

Usage: .venv/bin/python bench/bench_network.py [--events 100000] [--actors 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import igraph as ig
import leidenalg
import pyoxigraph as ox

from spacekg import Store
from spacekg.graph import metrics, projections, queries
from spacekg.graph.network_filter import NetworkFilter
from spacekg.ontology.taxonomy import event_types
from spacekg.ontology.vocab import (
    ARTICLE,
    ARTICLE_GRAPH_PREFIX,
    COMPANY,
    DCTERMS,
    EVENT,
    EVIDENCE,
    EVT,
    FACTS_GRAPH,
    GRAPH,
    INSTITUTION,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKG,
    XSD,
)

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "network.md"
SEED = 20251124

#: KB classes whose members act in events, and how often a synthetic extra is of each.
ACTOR_CLASSES = (
    "SpaceAgency",
    "GovernmentBody",
    "IntergovernmentalOrganisation",
    "ResearchInstitution",
    "Company",
    "Person",
    "Country",
)
EXTRA_KINDS = (("ResearchInstitution", INSTITUTION, 0.6), ("Company", COMPANY, 0.4))


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def kb_actors(store: Store) -> tuple[list[tuple[str, str]], list[str], list[str], list[str]]:
    """Actors of the reference KB as (iri, class), and its country, mission and agreement IRIs."""
    kb = ox.NamedNode(str(GRAPH["kb"]))
    actors: list[tuple[str, str]] = []
    countries: list[str] = []
    missions: list[str] = []
    agreements: list[str] = []
    rdf_type = _n(RDF.type)
    for quad in store.quads(kb):
        if quad.predicate != rdf_type:
            continue
        cls = quad.object.value.removeprefix(str(SKG))
        iri = quad.subject.value
        if cls in ACTOR_CLASSES:
            actors.append((iri, cls))
        if cls == "Country":
            countries.append(iri)
        elif cls in ("Mission", "Programme", "SpaceStation"):
            missions.append(iri)
        elif cls == "Agreement":
            agreements.append(iri)
    return sorted(actors), sorted(countries), sorted(missions), sorted(agreements)


def synthetic_quads(store: Store, n_events: int, n_actors: int, seed: int = SEED) -> list[ox.Quad]:
    """The synthetic dataset as quads: extra actors in a graph of their own, then article graphs."""
    rng = random.Random(seed)
    actors, countries, missions, agreements = kb_actors(store)
    quads: list[ox.Quad] = []
    extras = ox.NamedNode(str(GRAPH["bench-actors"]))
    for i in range(max(0, n_actors - len(actors))):
        cls, ns, _ = EXTRA_KINDS[0] if rng.random() < EXTRA_KINDS[0][2] else EXTRA_KINDS[1]
        iri = _n(ns[f"bench-{i:05d}"])
        quads.append(ox.Quad(iri, _n(RDF.type), _n(SKG[cls]), extras))
        quads.append(
            ox.Quad(iri, _n(RDFS.label), ox.Literal(f"Bench {cls} {i:05d}", language="en"), extras)
        )
        quads.append(ox.Quad(iri, _n(SKG.country), _n(rng.choice(countries)), extras))
        actors.append((iri.value, cls))
    actors = actors[:n_actors]
    # preferential: a few hubs take part in many events, most actors in few (Zipf-like weights)
    order = list(range(len(actors)))
    rng.shuffle(order)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(actors))]
    pool = [actors[i][0] for i in order]

    types = event_types()
    slugs = sorted(types)
    type_weights = [1.0 if types[s].conflict else 4.0 for s in slugs]
    start = date(2000, 1, 1)
    span = (date(2025, 12, 31) - start).days
    decimal = _n(XSD.decimal)
    facts = ox.NamedNode(str(FACTS_GRAPH))
    per_article = 5
    article_count = 0
    graph = ox.NamedNode(ARTICLE_GRAPH_PREFIX + "bench-0")
    article = _n(ARTICLE["bench-0"])

    def new_article() -> None:
        nonlocal article_count, graph, article
        key = f"bench-{article_count}"
        article_count += 1
        graph = ox.NamedNode(ARTICLE_GRAPH_PREFIX + key)
        article = _n(ARTICLE[key])
        published = start + timedelta(days=rng.randrange(span))
        quads.extend(
            [
                ox.Quad(article, _n(RDF.type), _n(SKG.Article), graph),
                ox.Quad(
                    article,
                    _n(SCHEMA.url),
                    ox.Literal(f"https://bench.spacekg.example/{key}", datatype=_n(XSD.anyURI)),
                    graph,
                ),
                ox.Quad(article, _n(DCTERMS.title), ox.Literal(f"Synthetic article {key}"), graph),
                ox.Quad(
                    article,
                    _n(SCHEMA.datePublished),
                    ox.Literal(published.isoformat(), datatype=_n(XSD.date)),
                    graph,
                ),
            ]
        )

    def write_event(event: dict, graph: ox.NamedNode, article: ox.NamedNode, n: int) -> None:
        node = event["node"]

        # As graph/layout.py lays them out: what any report may say once in the facts graph
        # (a second report repeats the same quads, which the store keeps once), the report
        # itself in the article's graph. (The skg:supports lines, read only by writes, are left
        # out.)
        def add(p: object, o: ox.NamedNode | ox.Literal) -> None:
            quads.append(ox.Quad(node, _n(p), o, facts))

        add(RDF.type, _n(SKG.Event))
        add(RDF.type, _n(SKG.ConflictEvent if event["conflict"] else SKG.CooperationEvent))
        add(SKG.eventType, _n(EVT[event["type"]]))
        for role, member in event["roles"]:
            add(SKG[role], _n(member))
        if event["date"] is None:
            add(SKG.dateUnknown, _n(SKG.unknownDate))
        else:
            add(SKG.date, ox.Literal(event["date"][0], datatype=_n(XSD[event["date"][1]])))
        add(SKG.status, _n(SKG.planned if event["planned"] else SKG.asserted))
        add(SKG.confidence, ox.Literal(event["confidence"], datatype=decimal))
        quads.append(ox.Quad(node, _n(SKG.reportedIn), article, graph))
        evidence = _n(EVIDENCE[f"{node.value.rsplit('/', 1)[1]}-{n}"])
        quads.append(ox.Quad(node, _n(SKG.evidence), evidence, graph))
        quads.append(ox.Quad(evidence, _n(RDF.type), _n(SKG.Evidence), graph))
        quads.append(
            ox.Quad(
                evidence,
                _n(SKG.sentence),
                ox.Literal(f"Synthetic sentence reporting {event['type']}."),
                graph,
            )
        )
        quads.append(ox.Quad(evidence, _n(SKG.article), article, graph))
        quads.append(ox.Quad(evidence, _n(PROV.wasDerivedFrom), article, graph))

    for i in range(n_events):
        if i % per_article == 0:
            new_article()
        slug = rng.choices(slugs, type_weights)[0]
        size = 2 + min(3, int(rng.expovariate(1.5)))
        members: list[str] = []
        while len(members) < size:
            pick = rng.choices(pool, weights)[0]
            if pick not in members:
                members.append(pick)
        if types[slug].conflict:
            roles = [("actor", members[0])] + [("target", m) for m in members[1:]]
        elif slug in (
            "lend-samples",
            "grant-access",
            "fund",
            "launch-service",
            "visit",
            "astronaut-training",
        ):
            roles = [("actor", members[0])] + [("recipient", m) for m in members[1:]]
        else:
            roles = [("actor", members[0])] + [("partner", m) for m in members[1:]]
        if rng.random() < 0.4:
            roles.append(("instrument", rng.choice(missions if rng.random() < 0.7 else agreements)))
        day = start + timedelta(days=rng.randrange(span))
        precision = rng.random()
        if precision < 0.05:
            when = None
        elif precision < 0.15:
            when = (str(day.year), "gYear")
        elif precision < 0.35:
            when = (day.isoformat()[:7], "gYearMonth")
        else:
            when = (day.isoformat(), "date")
        event = {
            "node": _n(EVENT[f"{slug}-bench{i:06d}"]),
            "type": slug,
            "conflict": types[slug].conflict,
            "roles": roles,
            "date": when,
            "planned": rng.random() < 0.1,
            "confidence": f"{rng.uniform(0.5, 0.95):.2f}",
        }
        write_event(event, graph, article, 0)
        if rng.random() < 0.1:  # a second report of the same event, in another article's graph
            other = ox.NamedNode(ARTICLE_GRAPH_PREFIX + f"bench-{rng.randrange(article_count)}")
            write_event(event, other, _n(ARTICLE[other.value.rsplit("/", 1)[1]]), 1)
    return quads


def build_store(folder: Path, n_events: int, n_actors: int) -> Store:
    """A store in ``folder`` with the ontology, KB and synthetic data (reused if already built)."""
    marker = folder / f"built-{n_events}-{n_actors}-{SEED}"
    store = Store.open(folder / "store")
    if marker.exists():
        return store
    started = time.perf_counter()
    data = folder / "synthetic.nq"
    quads = synthetic_quads(store, n_events, n_actors)
    with data.open("wb") as handle:
        ox.serialize(quads, handle, format=ox.RdfFormat.N_QUADS)
    store.bulk_load(data)
    data.unlink()
    marker.touch()
    print(
        f"built the synthetic store: {len(quads):,} quads in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return store


# --- timing -----------------------------------------------------------------------------------


def _time(func: Callable[[], object], *, settle: bool = False) -> tuple[float, float]:
    """Wall and CPU seconds of one call (CPU time is what other users of a shared machine skew least).

    The collector is emptied first (untimed), so that no call pays for garbage an earlier one
    left; with ``settle`` a full collection after the call is timed with it, so that a
    projection pays for the collector's passes over everything it built.
    """
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    if settle:
        gc.collect()
    elapsed = time.perf_counter() - wall, time.process_time() - cpu
    del result
    return elapsed


def bare_igraph(edges: list[projections.Edge], order: list[str]) -> dict[str, Callable[[], object]]:
    """Each default metric as an analyst would compute it with python-igraph from the edge list.

    ``order`` is SpaceKG's node order, so that sampled betweenness starts from the same nodes.
    """
    tuples = [(e.source, e.target, e.weight) for e in edges]

    def build() -> ig.Graph:
        return ig.Graph.TupleList(tuples, weights=True)

    def betweenness() -> object:
        g = build()
        n = g.vcount()
        lengths = [1.0 / w for w in g.es["weight"]]
        if n > metrics.centrality.EXACT_BETWEENNESS_UP_TO:
            picked = random.Random(42).sample(range(n), metrics.centrality.BETWEENNESS_SAMPLES)
            index = {name: i for i, name in enumerate(g.vs["name"])}
            sources = sorted(index[order[i]] for i in picked)
            return g.betweenness(weights=lengths, sources=sources)
        return g.betweenness(weights=lengths)

    def degree() -> object:
        g = build()
        return g.degree(), g.strength(weights="weight")

    def community() -> object:
        g = build()
        partition = leidenalg.find_partition(
            g, leidenalg.RBConfigurationVertexPartition, weights="weight", n_iterations=2, seed=42
        )
        return g.modularity(partition.membership, weights="weight")

    return {
        "degree": degree,
        "betweenness": betweenness,
        "eigenvector": lambda: build().eigenvector_centrality(weights="weight", scale=True),
        "pagerank": lambda: build().pagerank(weights="weight"),
        "clustering": lambda: build().transitivity_local_undirected(mode="zero"),
        "core": lambda: build().coreness(),
        "community": community,
    }


def main(argv: list[str]) -> None:
    """Build (or reuse) the synthetic store, time everything, print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--folder",
        type=Path,
        default=Path(tempfile.gettempdir()) / "spacekg-bench-network",
        help="Where the synthetic store is built (and reused by later runs).",
    )
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    store = build_store(args.folder, args.events, args.actors)

    everything = NetworkFilter()
    projection_runs: dict[str, Callable[[], object]] = {
        "events.rq query alone (reference)": lambda: list(
            store.query(queries.load("network/events"))
        ),
        "edge_list, all actors": lambda: projections.edge_list(store, "all"),
        "edge_list, organisations": lambda: projections.edge_list(store, "organisation"),
        "edge_list, countries": lambda: projections.edge_list(store, "country"),
        "edge_list, filtered (cooperation, 2015-2024, conf >= 0.6)": lambda: projections.edge_list(
            store,
            "all",
            NetworkFilter(
                event_class="cooperation", date_from="2015", date_to="2024", min_confidence=0.6
            ),
        ),
        "actor_network (networkx), all actors": lambda: projections.actor_network(store, "all"),
        "signed_network, countries": lambda: projections.signed_network(store, "country"),
        "bipartite_network, missions": lambda: projections.bipartite_network(store, "mission"),
        "yearly_snapshots, all actors": lambda: projections.yearly_snapshots(store, "all"),
    }
    edges = projections.edge_list(store, "all", everything)
    graph = projections.actor_network(store, "all", everything)
    bare = bare_igraph(edges, list(graph))

    def ours(name: str, cold: bool) -> Callable[[], object]:
        def run() -> object:
            if cold:  # drop the igraph form the projection left with the graph
                graph.__networkx_cache__.clear()
            return metrics.METRICS[name].compute(graph)

        return run

    projection_times: dict[str, list[tuple[float, float]]] = {k: [] for k in projection_runs}
    metric_times: dict[str, tuple[list[float], list[float], list[float]]] = {
        k: ([], [], []) for k in metrics.DEFAULT_METRICS
    }
    for _ in range(args.rounds):
        for name, run in projection_runs.items():
            projection_times[name].append(_time(run, settle=True))
        # interleaved, so that machine noise hits all alike; a converting run refills the cache
        graph = projections.actor_network(store, "all", everything)
        for name in metrics.DEFAULT_METRICS:
            metric_times[name][0].append(_time(ours(name, cold=False))[1])
            metric_times[name][1].append(_time(ours(name, cold=True))[1])
            metric_times[name][2].append(_time(bare[name])[1])

    import os

    import networkx

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# Network analytics benchmark",
        "",
        (
            f"Generated by `.venv/bin/python bench/bench_network.py --events {args.events} --actors {args.actors} "
            f"--rounds {args.rounds}` on {date.today().isoformat()}, {os.cpu_count()} CPUs (load average "
            f"{load:.1f} at the end: the machine is shared), Python {platform.python_version()}, pyoxigraph "
            f"{ox.__version__ if hasattr(ox, '__version__') else '?'}, python-igraph {ig.__version__}, leidenalg "
            f"{leidenalg.version}, networkx {networkx.__version__}. Median of {args.rounds} rounds."
        ),
        "",
        (
            f"Synthetic store (seed {SEED}): {args.events:,} events among {args.actors:,} actors (the reference KB's "
            f"agencies, government bodies, organisations, institutions, companies, people and countries, plus "
            f"synthetic institutions and companies), one event in ten reported in two article graphs; "
            f"{len(store):,} quads, bulk-loaded. The all-actor network: {graph.number_of_nodes():,} nodes, "
            f"{graph.number_of_edges():,} ties."
        ),
        "",
        "## Projections (target: under 5 s)",
        "",
        "Each time includes a full garbage collection after the call: the passes over what it built.",
        "",
        "| projection | wall s | CPU s |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {name} | {statistics.median(w for w, _ in t):.2f} | {statistics.median(c for _, c in t):.2f} |"
        for name, t in projection_times.items()
    ]
    lines += [
        "",
        "## Default metrics on the all-actor network, against bare python-igraph (target: ratio <= 1.2)",
        "",
        (
            "CPU seconds. Bare igraph builds its graph from the same edge list (`Graph.TupleList` of (IRI, IRI, "
            "weight)) and makes the same call (betweenness sampled from the same number of sources, distances "
            "1/weight; Leiden through leidenalg, 2 iterations, seed 42). SpaceKG's call returns a labelled "
            "`MetricTable`. *As projected*: on a graph fresh from `actor_network`, which builds the igraph form "
            "straight from the edge list while projecting (counted in the projection's time) and keeps it with "
            "the graph; *converting*: that cache emptied first, so the call converts the networkx graph itself."
        ),
        "",
        "| metric | SpaceKG s (as projected) | SpaceKG s (converting) | bare igraph s | ratio | ratio converting |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (warm, cold, theirs) in metric_times.items():
        a, c, b = statistics.median(warm), statistics.median(cold), statistics.median(theirs)
        lines.append(f"| {name} | {a:.3f} | {c:.3f} | {b:.3f} | {a / b:.2f}x | {c / b:.2f}x |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
