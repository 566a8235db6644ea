"""Benchmark: ``spacekg validate`` on stores of ~100k and ~1M triples, against the pyshacl path.

The stores: the bundled samples ingested once (a template store, kept in the work folder), then
copies of every article's graph written under new article, evidence and event IRIs with
``Store.write_articles`` until the store holds the triples asked for (deterministic: the same
copies in the same order every time). Each copy is a real article to the store: its own graph,
its events consolidated in the facts graph; the entities stay the KB's, as in a real corpus.

Timed, each in a fresh process, wall clock and peak memory:

* ``spacekg validate --store S``: the whole command, start-up included (the median of
  ``--repeat`` runs);
* the pyshacl path (what ``validate_store`` did before SPARQL): the union of the store's graphs
  copied into an rdflib graph and validated by pyshacl, once, on the ~100k store only (at 1M it
  takes many minutes).

Then the largest store again, a copy with faults written into it (every event's status removed,
some evidence offsets broken): more violations than a report lists.

Run: ``.venv/bin/python bench/bench_validate.py`` (builds the stores the first time: about six
minutes; writes ``bench/results/validate.md``). Options: ``--sizes 100000 1000000``,
``--repeat 3``, ``--work DIR`` (default ``/tmp/spacekg-bench-validate``), ``--no-old``,
``--no-faults``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from spacekg import Store
from spacekg.graph import layout
from spacekg.ontology.vocab import ARTICLE, ARTICLE_GRAPH_PREFIX, EVENT, EVIDENCE

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "validate.md"
BIN = Path(sys.executable).parent
#: Statements about these get new IRIs in each copy: a copy is a new article with new events.
RENAMED = (str(ARTICLE), str(EVIDENCE), str(EVENT), ARTICLE_GRAPH_PREFIX)
UNREPORTED = {v: k for k, v in layout.REPORTED.items()}
BATCH = 50

OLD_PATH = """
import sys, pyoxigraph as ox, rdflib
from spacekg import Store
from spacekg.graph.validation import validate_graph
store = Store.open(sys.argv[1], read_only=True)
union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
data = rdflib.Graph().parse(data=ox.serialize(list(union), format=ox.RdfFormat.N_TRIPLES), format="nt")
report = validate_graph(data, locate=store)
print(len(report.violations))
"""


def template(work: Path) -> Path:
    """The bundled samples ingested into a store (once; kept in ``work``)."""
    path = work / "samples"
    if (path / "done").is_file():
        return path
    shutil.rmtree(path, ignore_errors=True)
    spacekg = str(BIN / "spacekg")
    subprocess.run([spacekg, "init", "--store", str(path)], check=True, capture_output=True)
    subprocess.run(
        [spacekg, "ingest", "--store", str(path), str(REPO / "ingest" / "samples")],
        check=True,
        capture_output=True,
    )
    (path / "done").write_text("ok\n")
    return path


def articles(store: Store) -> dict[str, list[ox.Triple]]:
    """Every article's statements as the pipeline wrote them: its own, and the shared ones its
    ``skg:supports`` lines keep (each report's date, status and confidence under their names)."""
    found = {}
    for graph in store.article_graphs():
        own, shared = [], []
        for quad in store.quads(graph):
            if quad.predicate == layout.SUPPORTS:
                shared.append(quad.object.value)
            else:
                own.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        for t in layout.parse_lines(shared):
            predicate = UNREPORTED.get(t.predicate, t.predicate)
            own.append(ox.Triple(t.subject, predicate, t.object))
        found[graph] = own
    return found


def _renamed(term: ox.NamedNode | ox.BlankNode | ox.Literal, copy: int) -> object:
    if isinstance(term, ox.NamedNode) and term.value.startswith(RENAMED):
        return ox.NamedNode(f"{term.value}-c{copy}")
    return term


def build(work: Path, triples: int) -> Path:
    """A store of about ``triples`` triples (built once, then reused from ``work``)."""
    path = work / f"store-{triples}"
    if (path / "done").is_file():
        return path
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(template(work), path)
    (path / "done").unlink()
    store = Store.open(path)
    corpus = articles(store)
    per_copy = None
    copy = 0
    started = time.perf_counter()
    while len(store) < triples:
        before = len(store)
        copy += 1
        batch: dict[str, list[ox.Triple]] = {}
        for graph, content in corpus.items():
            batch[f"{graph}-c{copy}"] = [
                ox.Triple(_renamed(t.subject, copy), t.predicate, _renamed(t.object, copy))
                for t in content
            ]
            if len(batch) == BATCH:
                store.write_articles(batch)
                batch = {}
        if batch:
            store.write_articles(batch)
        per_copy = per_copy or len(store) - before
        print(
            f"  {path.name}: {len(store):,} triples after copy {copy} "
            f"({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
    store.close()
    (path / "done").write_text("ok\n")
    return path


#: The faults written into a copy of the largest store: every event loses its status (one
#: violation per event, more than a report lists), and a few evidence offsets are swapped.
FAULTS = """
DELETE { GRAPH ?g { ?e skg:status ?s } } WHERE { GRAPH ?g { ?e a skg:Event ; skg:status ?s } } ;
DELETE { GRAPH ?g { ?ev skg:endChar ?end } } INSERT { GRAPH ?g { ?ev skg:endChar 0 } }
WHERE { GRAPH ?g { ?ev a skg:Evidence ; skg:endChar ?end } FILTER(STRENDS(STR(?ev), "-c7")) }
"""


def faulty(work: Path, triples: int) -> Path:
    """A copy of the store of ``triples`` with :data:`FAULTS` written into it (built once)."""
    path = work / f"store-{triples}-faults"
    if (path / "done").is_file():
        return path
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(build(work, triples), path)
    (path / "done").unlink()
    with Store.open(path) as store:
        store.update(FAULTS)
    (path / "done").write_text("ok\n")
    return path


def timed(command: list[str]) -> tuple[float, float, str]:
    """Seconds and peak megabytes of a command run in a fresh process, and its output."""
    run = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True, env=_env()
    )
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{command} failed: {run.stderr[-2000:]}")
    seconds, kilobytes = run.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024, run.stdout


def _env() -> dict[str, str]:
    return {**os.environ, "LANG": "C.UTF-8"}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/spacekg-bench-validate"))
    parser.add_argument("--no-old", action="store_true", help="skip the pyshacl path")
    parser.add_argument("--no-faults", action="store_true", help="skip the store with faults")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    stores = [(size, build(args.work, size)) for size in args.sizes]
    if not args.no_faults:
        stores.append((max(args.sizes), faulty(args.work, max(args.sizes))))
    for size, path in stores:
        with Store.open(path, read_only=True) as store:
            count = len(store)
            articles_n = len(store.article_graphs())
        runs = [
            timed([str(BIN / "spacekg"), "validate", "--store", str(path)])
            for _ in range(args.repeat)
        ]
        seconds = statistics.median(r[0] for r in runs)
        memory = max(r[1] for r in runs)
        first_line = runs[0][2].splitlines()[0] if runs[0][2] else ""
        old = None
        if not args.no_old and size <= 200_000 and "faults" not in path.name:
            old = timed([sys.executable, "-c", OLD_PATH, str(path)])
        rows.append((count, articles_n, seconds, memory, first_line, old, path.name))
        print(f"{count:,} triples: validate {seconds:.2f} s, {memory:.0f} MB; old {old}")
    write(rows, args)


def write(rows: list[tuple], args: argparse.Namespace) -> None:
    """Write the results table to bench/results/validate.md."""
    lines = [
        "# Validation benchmark",
        "",
        f"Generated by `.venv/bin/python bench/bench_validate.py --repeat {args.repeat}` on "
        f"{datetime.date.today()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}.",
        "",
        "Stores: the bundled samples ingested, then copies of every article under new article, "
        "evidence and event IRIs (written with `Store.write_articles`), up to the size asked. "
        "`spacekg validate` is the whole command in a fresh process (start-up, compiling the "
        f"shapes, every query), the median of {args.repeat} runs; the pyshacl path is what "
        "`validate_store` did before (the union copied into rdflib, then pyshacl), once. Peak "
        "memory is the process's maximum resident set.",
        "",
        "| store | triples | articles | `spacekg validate` | peak memory | pyshacl path | peak memory | speed-up | output |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for count, articles_n, seconds, memory, first_line, old, name in rows:
        if old:
            old_cells = f"{old[0]:.1f} s | {old[1]:.0f} MB | {old[0] / seconds:.0f}x"
        else:
            old_cells = "not run | | "
        lines.append(
            f"| {name} | {count:,} | {articles_n:,} | {seconds:.2f} s | {memory:.0f} MB | {old_cells} | "
            f"{first_line} |"
        )
    lines.append("")
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main(sys.argv[1:])
