"""Load test: many clients mixing every kind of read against a real server while articles arrive.

A real ``spacekg serve`` (``serve_process.py``) over a many-variant store (``variants.py``)
answers ``--clients`` concurrent clients for ``--duration`` seconds. Each client loops over a
weighted mix: small and heavy SPARQL queries (and a runaway cross product that the server must
stop at its query timeout), REST routes, HTML pages and Graph Store downloads. Meanwhile one
more client POSTs sample articles to /articles with the write token, one after another, so the
server extracts and writes while it reads. Reported: requests, answers by status, client
timeouts and connection failures, p50/p99 latency per kind, and the resident memory of the
server with its query workers before, at peak and after.

Targets: no 5xx except the runaway queries' 503 (deliberate timeouts), no client timeouts, memory
bounded (under 1.5 GB).

Run: ``.venv/bin/python bench/load.py`` (400 variants, 32 clients, 60 s; writes
``bench/results/load.md``). ``tests/api/test_load.py`` runs a small version (8 clients, 8 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import serve_process
from variants import SAMPLES, cached_store

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "load.md"
TOKEN = "load-test-token"
#: What no server answer may take longer than (the query timeout is well below it).
CLIENT_TIMEOUT = 120.0
SPARQL_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Request:
    """One request of the mix."""

    kind: str
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    data: bytes | None = None
    runaway: bool = False  # expected to be stopped at the query timeout (503)


def sparql(kind: str, query: str, *, post: bool = False, runaway: bool = False) -> Request:
    """A SPARQL query by GET, or POSTed as ``application/sparql-query``."""
    accept = {"Accept": SPARQL_JSON}
    if post:
        headers = {**accept, "Content-Type": "application/sparql-query"}
        return Request(
            kind, "POST", "/sparql", headers=headers, data=query.encode(), runaway=runaway
        )
    return Request(kind, "GET", "/sparql", params={"query": query}, headers=accept, runaway=runaway)


SMALL_QUERIES = [
    "ASK { agency:nasa skg:country country:US }",
    "SELECT ?p ?o WHERE { agency:esa ?p ?o } LIMIT 100",
    "SELECT DISTINCT ?b WHERE { agency:cnsa skg:cooperatesWith ?b }",
    'SELECT ?e WHERE { ?e skg:acronym "NASA" }',
    "SELECT ?e ?date WHERE { ?e skg:eventType evt:lend-samples ; skg:date ?date } "
    "ORDER BY DESC(?date) LIMIT 10",
]
HEAVY_QUERIES = [
    # every event by type
    "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a skg:Event ; skg:eventType ?type } "
    "GROUP BY ?type ORDER BY DESC(?n)",
    # every report of every event: grows with the copies
    "SELECT ?e (COUNT(?a) AS ?reports) WHERE { ?e skg:reportedIn ?a } GROUP BY ?e "
    "ORDER BY DESC(?reports) LIMIT 20",
    # the articles of every outlet
    "SELECT ?source (COUNT(?a) AS ?n) WHERE { ?a a skg:Article . OPTIONAL { ?a skg:sourceName "
    "?source } } GROUP BY ?source",
]
#: A cross product of every statement with every other: it never ends without the timeout.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def mix(article_ids: Sequence[str], event_paths: Sequence[str]) -> list[tuple[float, Request]]:
    """The weighted request mix, with ids and paths of things the store holds."""
    html = {"Accept": "text/html"}
    found: list[tuple[float, Request]] = []
    for i, query in enumerate(SMALL_QUERIES):
        found.append((4, sparql("sparql small", query, post=bool(i % 2))))
    for i, query in enumerate(HEAVY_QUERIES):
        found.append((1, sparql("sparql heavy", query, post=bool(i % 2))))
    found.append((0.3, sparql("sparql runaway", RUNAWAY, runaway=True)))
    rest = [
        ("/events", {"limit": "20"}),
        ("/events", {"limit": "500"}),
        ("/events", {"participant": "agency:cnsa", "limit": "50"}),
        ("/entities/agency/cnsa", {}),
        ("/entities/agency/nasa", {}),
        ("/search", {"q": "space"}),
        ("/articles", {"limit": "50"}),
        ("/articles", {"limit": "50", "offset": "20000"}),
        ("/health", {}),
    ]
    found += [(3, Request("rest", "GET", path, params)) for path, params in rest]
    found += [(2, Request("rest", "GET", f"/articles/{i}")) for i in article_ids[:3]]
    pages = ["/", "/agency/cnsa", "/agency/nasa", "/ui/events", "/ui/articles", "/ui/search"]
    found += [(2, Request("html", "GET", path, headers=html)) for path in pages]
    found += [(1, Request("html", "GET", path, headers=html)) for path in event_paths[:3]]
    graphs = [
        "https://w3id.org/spacekg/graph/kb",
        "https://w3id.org/spacekg/graph/facts",
        *(f"https://w3id.org/spacekg/graph/article/{i}" for i in article_ids[:2]),
    ]
    turtle = {"Accept": "text/turtle"}
    found += [
        (1, Request("graph store", "GET", "/store", {"graph": g}, headers=turtle)) for g in graphs
    ]
    found.append((0.5, Request("rest", "GET", "/stats")))
    return found


@dataclass
class Outcome:
    """What one request got: its kind, status (0: no answer), seconds, and why if no answer."""

    kind: str
    status: int
    seconds: float
    failure: str | None = None
    runaway: bool = False


@dataclass
class LoadReport:
    """The outcomes of a load run and the server's memory."""

    outcomes: list[Outcome]
    duration: float
    memory_before: int
    memory_peak: int
    memory_after: int
    answered_after: bool
    peak_server: int = 0
    peak_workers: tuple[int, int] = (0, 0)

    def by_status(self) -> Counter[int]:
        """Answers by HTTP status (0 for requests that got none)."""
        return Counter(o.status for o in self.outcomes)

    def server_errors(self) -> list[Outcome]:
        """5xx answers other than runaway queries stopped at the timeout."""
        return [o for o in self.outcomes if o.status >= 500 and not (o.runaway and o.status == 503)]

    def client_timeouts(self) -> list[Outcome]:
        """Requests that got no answer within the client's timeout."""
        return [o for o in self.outcomes if o.failure == "timeout"]

    def no_answer(self) -> list[Outcome]:
        """Requests that got no answer at all (timeouts, broken connections)."""
        return [o for o in self.outcomes if o.status == 0]


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def _send(client: httpx.AsyncClient, request: Request) -> Outcome:
    started = time.perf_counter()
    try:
        response = await client.request(
            request.method,
            request.path,
            params=request.params or None,
            headers=request.headers or None,
            content=request.data,
        )
        await response.aread()
        return Outcome(request.kind, response.status_code, time.perf_counter() - started,
                       runaway=request.runaway)  # fmt: skip
    except httpx.TimeoutException:
        failure = "timeout"
    except httpx.TransportError as err:
        failure = f"{type(err).__name__}: {err}"
    return Outcome(request.kind, 0, time.perf_counter() - started, failure, request.runaway)


async def _client(
    url: str,
    weighted: list[tuple[float, Request]],
    until: float,
    seed: int,
    outcomes: list[Outcome],
    timeout: float,
) -> None:
    chooser = random.Random(seed)
    weights = [w for w, _ in weighted]
    requests = [r for _, r in weighted]
    async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
        while time.monotonic() < until:
            [request] = chooser.choices(requests, weights)
            outcomes.append(await _send(client, request))


async def _ingester(
    url: str, articles: Sequence[bytes], until: float, outcomes: list[Outcome], timeout: float
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
        i = 0
        while time.monotonic() < until:
            body = articles[i % len(articles)]
            i += 1
            outcomes.append(
                await _send(
                    client, Request("ingest", "POST", "/articles", headers=headers, data=body)
                )
            )


def ingest_bodies(count: int, seed: int = 7) -> list[bytes]:
    """Sample articles as POST /articles bodies, each under a new URL (a new article)."""
    chooser = random.Random(seed)
    paths = sorted(SAMPLES.glob("*.json"))
    bodies = []
    for i in range(count):
        article = json.loads(chooser.choice(paths).read_text(encoding="utf-8"))
        article["url"] = f"https://load-test.example.org/{seed}/{i}"
        bodies.append(json.dumps(article).encode())
    return bodies


def run_load(
    server: serve_process.Server,
    *,
    clients: int,
    duration: float,
    ingest: bool = True,
    seed: int = 1,
    settle: float = 5.0,
    client_timeout: float = CLIENT_TIMEOUT,
    on_start: Callable[[], None] | None = None,
) -> LoadReport:
    """Drive ``server`` with ``clients`` clients (and one ingesting) for ``duration`` seconds."""
    with httpx.Client(base_url=server.url, timeout=CLIENT_TIMEOUT) as probe:
        listed = probe.get("/articles", params={"limit": "5"}).json()["articles"]
        events = probe.get("/events", params={"limit": "5"}).json()["events"]
    weighted = mix([a["id"] for a in listed], [e["path"] for e in events if e.get("path")])
    before = server.rss()
    outcomes: list[Outcome] = []

    async def drive() -> None:
        until = time.monotonic() + duration
        tasks = [
            _client(server.url, weighted, until, seed * 1000 + i, outcomes, client_timeout)
            for i in range(clients)
        ]
        if ingest:
            bodies = ingest_bodies(200, seed)
            tasks.append(_ingester(server.url, bodies, until, outcomes, client_timeout))
        await asyncio.gather(*tasks)

    started = time.perf_counter()
    with serve_process.PeakMemory(server) as peak:
        if on_start is not None:
            on_start()
        asyncio.run(drive())
        elapsed = time.perf_counter() - started
        time.sleep(settle)  # killed workers restart, the memory settles
    after = server.rss()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as probe:
            answered = (
                probe.get("/health").status_code == 200
                and probe.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
            )
    except httpx.HTTPError:
        answered = False
    return LoadReport(
        outcomes,
        elapsed,
        before,
        max(peak.peak, before, after),
        after,
        answered,
        peak.peak_server,
        peak.peak_workers,
    )


def report(result: LoadReport, *, variants: int, clients: int, held: str) -> str:
    """The results as Markdown."""
    mb = 1024 * 1024
    lines = [
        "# Load: mixed reads while articles are ingested",
        "",
        f"`bench/load.py`, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}. A `spacekg serve` subprocess (defaults: 4 query workers, "
        f"query timeout 30 s) over the {variants}-variant store ({held}); {clients} clients for "
        f"{result.duration:.0f} s plus one client POSTing sample articles to /articles (each a "
        "new URL) one after another. Client timeout "
        f"{CLIENT_TIMEOUT:.0f} s.",
        "",
        f"- Requests: **{len(result.outcomes):,}** "
        f"({len(result.outcomes) / result.duration:.1f}/s)",
        "- Answers by status: "
        + ", ".join(f"{s if s else 'none'}: {n:,}" for s, n in sorted(result.by_status().items())),
        f"- 5xx other than runaway queries stopped at the timeout: **{len(result.server_errors())}**",
        f"- Client timeouts: **{len(result.client_timeouts())}**; no answer at all: "
        f"**{len(result.no_answer())}**",
        f"- Server memory (server and its workers, RSS): before {result.memory_before / mb:,.0f} MB,"
        f" peak **{result.memory_peak / mb:,.0f} MB** (the server {result.peak_server / mb:,.0f}"
        f" MB, {result.peak_workers[0]} workers {result.peak_workers[1] / mb:,.0f} MB), after "
        f"{result.memory_after / mb:,.0f} MB",
        f"- Server answered /health and a query afterwards: {result.answered_after}",
        "",
        "| kind | requests | statuses | p50 | p99 | max |",
        "|---|---:|---|---:|---:|---:|",
    ]
    kinds: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in result.outcomes:
        kinds[outcome.kind].append(outcome)
    everything = [o.seconds for o in result.outcomes]
    for kind, found in [*sorted(kinds.items()), ("all", result.outcomes)]:
        times = [o.seconds for o in found] if kind != "all" else everything
        statuses = ", ".join(
            f"{s or 'none'}×{n}" for s, n in sorted(Counter(o.status for o in found).items())
        )
        lines.append(
            f"| {kind} | {len(found):,} | {statuses} | {percentile(times, 0.5) * 1000:,.0f} ms | "
            f"{percentile(times, 0.99) * 1000:,.0f} ms | {max(times) * 1000:,.0f} ms |"
        )
    failures = Counter(o.failure for o in result.outcomes if o.failure)
    if failures:
        lines += [
            "",
            "Requests without an answer: " + "; ".join(f"{f} ×{n}" for f, n in failures.items()),
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the load test and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, default=400)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--no-ingest", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="spacekg-load-") as tmp:
        folder = Path(tmp) / "store"
        store = cached_store(args.variants, folder)
        stats = store.stats()
        store.close()
        held = f"{stats.articles:,} articles, {sum(stats.events_by_type.values()):,} events, {stats.triples:,} triples"
        server = serve_process.start(folder, log=Path(tmp) / "serve.log", token=TOKEN)
        try:
            result = run_load(
                server, clients=args.clients, duration=args.duration, ingest=not args.no_ingest
            )
        finally:
            server.stop()
        errors = [
            line
            for line in (Path(tmp) / "serve.log").read_text().splitlines()
            if "Traceback" in line
        ]
    text = report(result, variants=args.variants, clients=args.clients, held=held)
    if errors:
        text += f"\nTracebacks in the server log: {len(errors)}\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
