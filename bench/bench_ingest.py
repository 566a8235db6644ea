"""Ingest speed: articles per second, against the bare spaCy pipeline on the same texts.

Runs, in one process and interleaved so that machine noise hits all alike:

* baseline: ``en_core_web_sm`` alone, ``nlp.pipe`` over the texts (what any spaCy user pays);
* spacekg, 1 process: reading done, then extraction (KB ruler, linking, events), RDF, and
  storing each article's graph in an on-disk store, as ``spacekg ingest`` does;
* spacekg, 2 worker processes: the same with ``--workers 2`` (workers already started; the
  first run, which starts them, is reported on its own line).

Reports the median of several rounds and the ratios the ingest issue asks for: overhead of
spacekg over bare spaCy (target <= 25 %) and the speed-up of 2 workers (target >= 1.7x).

Usage: .venv/bin/python bench/bench_ingest.py [--rounds 3] [--copies 6]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

import spacy

from spacekg import Store
from spacekg.ingest.extract import article_text
from spacekg.ingest.nlp import MODELS, clean, pipeline
from spacekg.ingest.pipeline import ingest
from spacekg.ingest.readers import Document, read_paths

REPO = Path(__file__).resolve().parents[1]


def corpus(copies: int) -> list[Document]:
    """The bundled samples (and the shared seed and dev articles when present), each copied under
    distinct URLs so that every copy is a separate article to store."""
    sources = [REPO / "ingest" / "samples"]
    shared = REPO.parent / "shared"
    for extra in (shared / "seed", shared / "eval" / "dev" / "articles"):
        if extra.is_dir():
            sources.append(extra)
    base = [d for d in read_paths(sources) if isinstance(d, Document)]
    return [
        dataclasses.replace(d, url=f"https://bench.spacekg.example/{i}/{n}")
        for i in range(copies)
        for n, d in enumerate(base)
    ]


def bare_spacy(texts: list[str]) -> float:
    """Seconds for the bare model over the texts."""
    nlp = next(spacy.load(m) for m in MODELS if spacy.util.is_package(m))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - started


def spacekg(documents: list[Document], workers: int) -> float:
    """Seconds to extract and store every article in a fresh on-disk store."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "store")
        started = time.perf_counter()
        summary = ingest(store, documents, workers=workers)
        elapsed = time.perf_counter() - started
        store.close()
    assert summary.ok and summary.articles == len(documents), summary.failures
    return elapsed


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=6)
    args = parser.parse_args(argv)
    documents = corpus(args.copies)
    texts = [clean(article_text(d)) for d in documents]
    pipeline()  # load once: model and KB loading are start-up, not per-article cost
    # The first multi-process run also starts the workers' fork server (it loads the model
    # once); later runs in this process reuse it, as a long ingest does. Reported apart.
    cold = spacekg(documents, 2)
    times: dict[str, list[float]] = {
        "bare spaCy": [],
        "spacekg 1 process": [],
        "spacekg 2 workers": [],
    }
    for _ in range(args.rounds):
        times["bare spaCy"].append(bare_spacy(texts))
        times["spacekg 1 process"].append(spacekg(documents, 1))
        times["spacekg 2 workers"].append(spacekg(documents, 2))
    n = len(documents)
    median = {k: statistics.median(v) for k, v in times.items()}
    print(
        f"{n} articles, {sum(len(t) for t in texts) / n:.0f} characters on average, {args.rounds} rounds (median)"
    )
    print(f"{'run':<20} {'seconds':>8} {'articles/s':>11}")
    for name, seconds in median.items():
        print(f"{name:<20} {seconds:>8.2f} {n / seconds:>11.1f}")
    overhead = median["spacekg 1 process"] / median["bare spaCy"] - 1
    speedup = median["spacekg 1 process"] / median["spacekg 2 workers"]
    print(f"overhead of extraction + storing over bare spaCy: {overhead:+.0%} (target <= +25%)")
    print(f"speed-up with 2 workers: {speedup:.2f}x (target >= 1.7x)")
    print(
        f"first 2-worker run, including the workers' start-up: {cold:.2f} s ({n / cold:.1f} articles/s)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
