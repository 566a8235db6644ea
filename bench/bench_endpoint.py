"""Benchmark: the same SELECT mix through SpaceKG's HTTP endpoint, pyoxigraph in-process, and
``oxigraph serve``, on the same data (the reference KB plus generated events).

Run: ``.venv/bin/python bench/bench_endpoint.py`` (about two minutes; loopback only; writes
``bench/results/endpoint.md``). Options: ``--repeat N`` sequential runs per query (default 200),
``--rounds N`` passes over the mix per concurrent client per trial (default 20), ``--events N``
generated events (default 3000), ``--workers N`` for ``spacekg serve`` (default 4).

(a) ``spacekg serve`` in its own process (uvicorn, worker-process pool), real HTTP via httpx;
(b) pyoxigraph called directly in this process, answer serialised as SPARQL JSON (the floor);
(c) ``oxigraph serve --union-default-graph`` from the PyPI ``oxigraph`` package, same data.
Sequential latency per query (median, p95) and throughput with 8 concurrent clients (threads).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

from spacekg.graph.store import Store
from spacekg.ontology.vocab import CONFLICT_EVENT_TYPES, COOPERATION_EVENT_TYPES, PREFIXES

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "endpoint.md"
BIN = Path(sys.executable).parent
CLIENTS = 8
TRIALS = 3
JSON = "application/sparql-results+json"

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))

#: name -> (kind, query). Small: what an analyst's notebook or the UI sends all day; medium:
#: aggregations over every event.
QUERIES: dict[str, tuple[str, str]] = {
    "acronym lookup": ("small", 'SELECT ?e WHERE { ?e skg:acronym "NASA" }'),
    "entity card": ("small", "SELECT ?p ?o WHERE { agency:esa ?p ?o }"),
    "partners of CNSA": ("small", "SELECT DISTINCT ?b WHERE { agency:cnsa skg:cooperatesWith ?b }"),
    "ask country": ("small", "ASK { agency:nasa skg:country country:US }"),
    "latest sample loans": (
        "small",
        (
            "SELECT ?e ?date WHERE { ?e skg:eventType evt:lend-samples ; skg:date ?date } "
            "ORDER BY DESC(?date) LIMIT 10"
        ),
    ),
    "sources of a fact": (
        "small",
        (
            "SELECT ?title ?sentence WHERE { ?e skg:actor agency:cnsa ; skg:eventType evt:sign-agreement ; "
            "skg:evidence ?ev . ?ev skg:sentence ?sentence ; skg:article ?a . ?a dcterms:title ?title } LIMIT 10"
        ),
    ),
    "agencies of a country": (
        "small",
        "SELECT ?a ?label WHERE { ?a a skg:SpaceAgency ; skg:country country:JP ; rdfs:label ?label }",
    ),
    "events by type": (
        "medium",
        (
            "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a skg:Event ; skg:eventType ?type } "
            "GROUP BY ?type ORDER BY DESC(?n)"
        ),
    ),
    "China's partners by year": (
        "medium",
        (
            "SELECT ?partner ?year (COUNT(*) AS ?n) WHERE { ?e skg:actor ?a ; skg:partner ?p ; skg:date ?d . "
            "?a skg:country country:CN . ?p skg:country ?partner . BIND(SUBSTR(STR(?d), 1, 4) AS ?year) } "
            "GROUP BY ?partner ?year ORDER BY ?year ?partner"
        ),
    ),
}


# --- data ---------------------------------------------------------------------------------------


def generated_events(store: Store, count: int, seed: int = 42) -> list[ox.Quad]:
    """Synthetic article graphs in the ingest data model: 5 events per article, KB actors."""
    rng = random.Random(seed)
    actors = sorted(
        r["a"].value
        for r in store.select("SELECT ?a WHERE { ?a a skg:SpaceAgency ; skg:country ?c }")
    )
    types = list(COOPERATION_EVENT_TYPES + CONFLICT_EVENT_TYPES)
    base = "https://w3id.org/spacekg/"
    skg = PREFIXES["skg"]
    n = ox.NamedNode
    rdf_type = n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    title = n("http://purl.org/dc/terms/title")
    xsd_date = n("http://www.w3.org/2001/XMLSchema#date")
    quads: list[ox.Quad] = []
    for i in range(count):
        article_id = f"bench-{i // 5:05d}"
        graph = n(f"{base}graph/article/{article_id}")
        article = n(f"{base}article/{article_id}")
        if i % 5 == 0:
            quads += [
                ox.Quad(article, rdf_type, n(skg + "Article"), graph),
                ox.Quad(article, title, ox.Literal(f"Generated benchmark article {i // 5}"), graph),
            ]
        event, evidence = n(f"{base}event/bench-{i:06d}"), n(f"{base}evidence/bench-{i:06d}")
        actor, partner = rng.sample(actors, 2)
        if i % 7 == 0:
            actor = base + "agency/cnsa"
        kind = rng.choice(types)
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        quads += [
            ox.Quad(event, rdf_type, n(skg + "Event"), graph),
            ox.Quad(event, n(skg + "eventType"), n(f"{base}event-type/{kind}"), graph),
            ox.Quad(event, n(skg + "actor"), n(actor), graph),
            ox.Quad(event, n(skg + "partner"), n(partner), graph),
            ox.Quad(event, n(skg + "date"), ox.Literal(date, datatype=xsd_date), graph),
            ox.Quad(event, n(skg + "reportedIn"), article, graph),
            ox.Quad(event, n(skg + "evidence"), evidence, graph),
            ox.Quad(
                evidence,
                n(skg + "sentence"),
                ox.Literal(f"Sentence {i} of a generated article."),
                graph,
            ),
            ox.Quad(evidence, n(skg + "article"), article, graph),
        ]
        if kind in COOPERATION_EVENT_TYPES:
            quads.append(ox.Quad(n(actor), n(skg + "cooperatesWith"), n(partner), graph))
    return quads


def build_stores(work: Path, events: int) -> tuple[Path, Path, Path, int]:
    """The same data in three stores: ours, one for in-process pyoxigraph, one for oxigraph serve."""
    ours = work / "spacekg"
    store = Store.open(ours)  # bootstraps the ontology and the reference KB
    graphs: dict[str, list[ox.Quad]] = {}
    for quad in generated_events(store, events):
        graphs.setdefault(quad.graph_name.value, []).append(quad)
    store.write_articles(graphs)  # laid out as ingest lays articles out (the facts graph)
    dump = work / "data.nq"
    store.dump(dump)
    quads = len(store)
    store.close()
    direct = work / "direct"
    shutil.copytree(ours, direct)
    subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(dump)],
        check=True,
        capture_output=True,
    )
    return ours, direct, work / "oxigraph", quads


# --- servers --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')}")
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def start_spacekg(
    store: Path, workers: int, command: Path = BIN / "spacekg"
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = store.parent / "spacekg-serve.log"
    # a file, not a pipe: nobody reads the pipe, and the server's access log (a line per
    # request) would fill it and block the server after a few hundred requests; the server
    # keeps its own copy of the file once started
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [
                str(command),
                "serve",
                "--store",
                str(store),
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    url = f"http://127.0.0.1:{port}/sparql"
    wait_until_up(url, process, log)
    return process, url


def start_oxigraph(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = location.parent / "oxigraph-serve.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [
                str(BIN / "oxigraph"),
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
                "--timeout-s",
                "30",
            ],
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    url = f"http://127.0.0.1:{port}/query"
    wait_until_up(url, process, log)
    return process, url


# --- measuring ------------------------------------------------------------------------------

Runner = Callable[[str], bytes]


def http_runner(url: str) -> Callable[[], Runner]:
    """A factory of per-thread callables that send a query over HTTP (keep-alive)."""

    def make() -> Runner:
        client = httpx.Client(timeout=60)

        def run(query: str) -> bytes:
            response = client.get(url, params={"query": query}, headers={"Accept": JSON})
            response.raise_for_status()
            return response.content

        return run

    return make


def fresh_connection_runner(url: str) -> Callable[[], Runner]:
    """Like :func:`http_runner`, but each query opens (and closes) its own connection."""

    def make() -> Runner:
        def run(query: str) -> bytes:
            with httpx.Client(timeout=60, headers={"Connection": "close"}) as client:
                response = client.get(url, params={"query": query}, headers={"Accept": JSON})
            response.raise_for_status()
            return response.content

        return run

    return make


def direct_runner(db: ox.Store) -> Callable[[], Runner]:
    """pyoxigraph in this process, with the endpoint's semantics (union default graph, JSON out)."""

    def make() -> Runner:
        def run(query: str) -> bytes:
            result = db.query(query, use_default_graph_as_union=True)
            return result.serialize(format=ox.QueryResultsFormat.JSON)

        return run

    return make


def latency(make: Callable[[], Runner], repeat: int) -> dict[str, tuple[float, float]]:
    """Median and p95 (ms) per query, sequential."""
    run = make()
    for _, query in QUERIES.values():  # warm caches and workers
        for _ in range(3):
            run(PROLOGUE + query)
    figures = {}
    for name, (_, query) in QUERIES.items():
        text = PROLOGUE + query
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            run(text)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        figures[name] = (statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])
    return figures


def throughput(make: Callable[[], Runner], rounds: int, kinds: tuple[str, ...]) -> float:
    """Queries per second with CLIENTS threads each running the mix ``rounds`` times."""
    texts = [PROLOGUE + q for kind, q in QUERIES.values() if kind in kinds]
    runners = [make() for _ in range(CLIENTS)]
    for run in runners:
        run(texts[0])
    barrier = threading.Barrier(CLIENTS + 1)
    errors: list[BaseException] = []

    def client(run: Runner, offset: int) -> None:
        barrier.wait()
        try:
            for r in range(rounds):
                for i in range(len(texts)):
                    run(texts[(i + offset + r) % len(texts)])
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=client, args=(run, i)) for i, run in enumerate(runners)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return CLIENTS * rounds * len(texts) / elapsed


# --- report ---------------------------------------------------------------------------------


def report(
    quads: int, events: int, args: argparse.Namespace, lat: dict[str, dict], thr: dict[str, dict]
) -> str:
    names = {
        "ours": "(a) SpaceKG HTTP",
        "direct": "(b) pyoxigraph in-process",
        "oxigraph": "(c) oxigraph serve",
    }
    lines = [
        "# SPARQL endpoint benchmark",
        "",
        (
            f"Generated by `bench/bench_endpoint.py` on {time.strftime('%Y-%m-%d')}: {quads:,} quads "
            f"(ontology + reference KB + {events:,} generated events in {events // 5:,} article "
            f"graphs); {os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the end: the "
            f"machine was shared, so expect noise), Python {platform.python_version()}, pyoxigraph "
            f"{ox.__version__}. Loopback HTTP, keep-alive clients (httpx), answers as SPARQL JSON. "
            f"SpaceKG served by `spacekg serve --workers {args.workers}` (uvicorn in its own process, "
            "queries in worker processes); oxigraph by `oxigraph serve --union-default-graph`."
        ),
        "",
        f"## Sequential latency (ms; median / p95 of {args.repeat} runs)",
        "",
        "| query | kind | " + " | ".join(names.values()) + " | HTTP overhead (a) − (b) |",
        "|---|---|" + "---|" * len(names) + "---|",
    ]
    small_overheads = []
    for name, (kind, _) in QUERIES.items():
        cells = [f"{lat[k][name][0]:.2f} / {lat[k][name][1]:.2f}" for k in names]
        overhead = lat["ours"][name][0] - lat["direct"][name][0]
        if kind == "small":
            small_overheads.append(overhead)
        lines.append(f"| {name} | {kind} | " + " | ".join(cells) + f" | {overhead:+.2f} |")
    lines += [
        "",
        f"## Throughput with {CLIENTS} concurrent clients (queries/s, best of {TRIALS} interleaved trials)",
        "",
        "| mix | " + " | ".join(names.values()) + " | ratio (a) / (c) |",
        "|---|" + "---|" * len(names) + "---|",
    ]
    for mix in thr["ours"]:
        ratio = thr["ours"][mix] / thr["oxigraph"][mix]
        lines.append(
            f"| {mix} | " + " | ".join(f"{thr[k][mix]:.0f}" for k in names) + f" | {ratio:.2f} |"
        )
    median_overhead = statistics.median(small_overheads)
    lines += [
        "",
        "## Summary",
        "",
        (
            "- HTTP overhead per small query, median(a) − median(b), median over the small queries: "
            f"**{median_overhead:.2f} ms** (aim: under 2 ms); per query from "
            f"{min(small_overheads):.2f} to {max(small_overheads):.2f} ms."
        ),
        (
            "- Throughput SpaceKG / oxigraph serve: all queries "
            f"**{thr['ours']['all'] / thr['oxigraph']['all']:.2f}x**, small queries "
            f"**{thr['ours']['small'] / thr['oxigraph']['small']:.2f}x** (keep-alive; aim 0.9x), "
            "small queries with a new connection each **"
            f"{thr['ours']['small, new connection each'] / thr['oxigraph']['small, new connection each']:.2f}x"
            "** (aim 0.8x)."
        ),
        "- (b) runs in the benchmark's own process: its 8-thread figure is bounded by the GIL the",
        "  client threads share with it, so it is a latency floor, not a throughput ceiling.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=4, help="spacekg serve --workers")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--spacekg",
        type=Path,
        default=BIN / "spacekg",
        help="the spacekg command to serve with (another checkout's, to compare versions)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="spacekg-bench-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        print("building stores...", file=sys.stderr)
        ours_path, direct_path, oxigraph_path, quads = build_stores(work, args.events)
        ours, ours_url = start_spacekg(ours_path, args.workers, args.spacekg)
        processes.append(ours)
        oxi, oxi_url = start_oxigraph(oxigraph_path)
        processes.append(oxi)
        direct_db = ox.Store(str(direct_path))
        makers = {
            "ours": http_runner(ours_url),
            "direct": direct_runner(direct_db),
            "oxigraph": http_runner(oxi_url),
        }
        # The three must agree before their speed means anything.
        for name, (_, query) in QUERIES.items():
            answers = {k: make()(PROLOGUE + query) for k, make in makers.items()}
            parsed = {k: _rows(v) for k, v in answers.items()}
            assert parsed["ours"] == parsed["direct"] == parsed["oxigraph"], (
                f"answers differ for {name}"
            )
        lat = {}
        for key, make in makers.items():
            print(f"latency: {key}...", file=sys.stderr)
            lat[key] = latency(make, args.repeat)
        # The machine may be shared: the targets take turns, TRIALS times, and each keeps its
        # best trial (the capacity it showed when the others on the machine left it room).
        thr = {key: {"small": 0.0, "all": 0.0, "small, new connection each": 0.0} for key in makers}
        fresh = {
            "ours": fresh_connection_runner(ours_url),
            "direct": makers["direct"],
            "oxigraph": fresh_connection_runner(oxi_url),
        }
        for trial in range(TRIALS):
            for key, make in makers.items():
                print(f"throughput: {key} (trial {trial + 1})...", file=sys.stderr)
                for mix, kinds in (("small", ("small",)), ("all", ("small", "medium"))):
                    thr[key][mix] = max(thr[key][mix], throughput(make, args.rounds, kinds))
                mix = "small, new connection each"
                thr[key][mix] = max(
                    thr[key][mix], throughput(fresh[key], max(1, args.rounds // 4), ("small",))
                )
        text = report(quads, args.events, args, lat, thr)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text)
        print(text)
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


def _rows(body: bytes) -> object:
    """An answer in comparable form: the set of solutions (order aside), or the boolean."""
    import json

    data = json.loads(body)
    if "boolean" in data:
        return data["boolean"]
    return sorted(json.dumps(b, sort_keys=True) for b in data["results"]["bindings"])


if __name__ == "__main__":
    main()
