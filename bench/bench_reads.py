"""Benchmark: the read routes over HTTP as wire copy multiplies the articles behind each event.

Stores of 10, 100 and 400 copies of the 110 sample articles (``variants.py``: 1,100 to 44,000
articles reporting the same 235 events) are each served by a real ``spacekg serve``; every
route is requested once to warm up, then ``--runs`` times in sequence, and the median and
slowest times are kept. The number of store queries a route costs is counted in this process by
calling the same read-model function on a read-only handle of the store. Target: flat, and under
1 s at 400 variants.

Run: ``.venv/bin/python bench/bench_reads.py`` (writes ``bench/results/reads.md``; the first run
builds the stores, about 9 minutes, kept in ``bench/.cache``). Options: ``--variants 10 100 400``,
``--runs 7``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import serve_process
from variants import cached_store

from spacekg.graph import read
from spacekg.graph.store import Store

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "reads.md"
CNSA = "https://w3id.org/spacekg/agency/cnsa"


@dataclass(frozen=True)
class Route:
    """A route as a client requests it, and the read-model call that answers it."""

    name: str
    path: str
    accept: str
    call: Callable[[Store], object]


ROUTES = [
    Route("GET /events?limit=20", "/events?limit=20", "application/json",
          lambda s: read.events(s, limit=20)),
    Route("GET /events?limit=500", "/events?limit=500", "application/json",
          lambda s: read.events(s, limit=500)),
    Route("GET /entities/agency/cnsa", "/entities/agency/cnsa", "application/json",
          lambda s: read.entity(s, CNSA)),
    Route("GET /agency/cnsa (HTML)", "/agency/cnsa", "text/html",
          lambda s: read.resource(s, CNSA)),
    Route("GET /articles", "/articles", "application/json", lambda s: read.articles(s)),
    Route("GET /ui/events (HTML)", "/ui/events", "text/html", lambda s: read.events(s)),
    Route("GET /search?q=nasa", "/search?q=nasa", "application/json",
          lambda s: read.search(s, "nasa")),
]  # fmt: skip


@dataclass
class Measure:
    """One route on one store."""

    queries: int
    median: float
    slowest: float
    size: int
    status: int


def queries_of(store: Store, route: Route) -> int:
    """How many store queries the route's read-model call runs."""
    before = store.queries_run
    route.call(store)
    return store.queries_run - before


def measure(client: httpx.Client, route: Route, runs: int) -> tuple[float, float, int, int]:
    """Median and slowest seconds over ``runs`` requests (after one to warm up), size, status."""
    headers = {"Accept": route.accept}
    response = client.get(route.path, headers=headers)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(route.path, headers=headers)
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), len(response.content), response.status_code


def bench(copies: int, work: Path, runs: int) -> tuple[dict[str, Measure], dict[str, int]]:
    """Every route on the ``copies``-variant store; also what the store holds."""
    folder = work / f"store-{copies}"
    store = cached_store(copies, folder)
    stats = store.stats()
    store.close()
    held = {
        "articles": stats.articles,
        "events": sum(stats.events_by_type.values()),
        "triples": stats.triples,
    }
    reader = Store.open(folder, read_only=True)
    counts = {route.name: queries_of(reader, route) for route in ROUTES}
    reader.close()
    log = work / f"serve-{copies}.log"
    server = serve_process.start(folder, log=log)
    found = {}
    try:
        with httpx.Client(base_url=server.url, timeout=120) as client:
            for route in ROUTES:
                median, slowest, size, status = measure(client, route, runs)
                found[route.name] = Measure(counts[route.name], median, slowest, size, status)
                print(
                    f"{copies:>4} variants  {route.name:<28} {counts[route.name]:>3} queries "
                    f"median {median * 1000:8.1f} ms  max {slowest * 1000:8.1f} ms  "
                    f"{size:>9,} B  {status}",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        server.stop()
    return found, held


def report(
    results: dict[int, dict[str, Measure]], held: dict[int, dict[str, int]], runs: int
) -> str:
    """The results as Markdown."""
    sizes = sorted(results)
    lines = [
        "# Read routes as wire copy multiplies the articles behind each event",
        "",
        f"`bench/bench_reads.py`, {time.strftime('%Y-%m-%d')}, {platform.processor() or 'cpu'} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}. Each store holds N copies "
        "of the 110 sample articles, each copy another outlet's URL for the same story "
        "(`bench/variants.py`); `spacekg serve` with its defaults (4 query workers), one client, "
        f"one warm-up request then {runs} timed; median (slowest) per request, over HTTP.",
        "",
        "| store | articles | events | triples |",
        "|---|---:|---:|---:|",
    ]
    for n in sizes:
        h = held[n]
        lines.append(f"| {n} variants | {h['articles']:,} | {h['events']:,} | {h['triples']:,} |")
    lines += [
        "",
        "| route | queries | " + " | ".join(f"{n} variants" for n in sizes) + " | answer size |",
        "|---|---:|" + "---:|" * len(sizes) + "---:|",
    ]
    for route in ROUTES:
        counts = sorted({results[n][route.name].queries for n in sizes})
        cells = [
            f"{results[n][route.name].median * 1000:,.0f} ms "
            f"({results[n][route.name].slowest * 1000:,.0f})"
            + ("" if results[n][route.name].status == 200 else f" {results[n][route.name].status}")
            for n in sizes
        ]
        size = " → ".join(f"{results[n][route.name].size / 1024:,.0f} KB" for n in sizes)
        lines.append(
            f"| `{route.name}` | {' / '.join(map(str, counts))} | " + " | ".join(cells)
            + f" | {size} |"
        )  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, nargs="+", default=[10, 100, 400])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results, held = {}, {}
    with tempfile.TemporaryDirectory(prefix="spacekg-reads-") as tmp:
        for copies in args.variants:
            results[copies], held[copies] = bench(copies, Path(tmp), args.runs)
    text = report(results, held, args.runs)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
