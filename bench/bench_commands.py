"""Benchmark: what users run, as whole commands, side by side with their baselines.

Run: ``.venv/bin/python bench/bench_commands.py [--runs 3] [--large]`` (10-20 minutes on 2 cores;
writes ``bench/results/commands.md``). Each comparison runs the two commands in turn, A B A B,
after a warm-up round, and reports medians with their spread and the pairwise ratio:

- ``spacekg ingest`` of 60 (and 1; with ``--large`` 600) sample articles into a new store, vs bare
  spaCy (``bench/bare_spacy.py``) parsing the same texts;
- ``spacekg ingest --workers 2`` vs ``--workers 1`` on the same 60 articles;
- ``spacekg load`` of a 1M-triple N-Triples file into a new store, vs pyoxigraph's raw
  ``bulk_load`` of the same file;
- ``spacekg serve`` vs ``oxigraph serve`` on the same store: from the command to the first answer;
- ``spacekg --help`` and ``spacekg query 'ASK {}'`` vs Python starting and doing nothing.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
from pathlib import Path

from compare import HEADER, Comparison, compare, row

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results" / "commands.md"
SPACEKG = str(BIN / "spacekg")
PYTHON = sys.executable


def articles(folder: Path, count: int) -> Path:
    """A folder of ``count`` sample articles (copies get new URLs, so each is a new article)."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted((REPO / "ingest" / "samples").glob("*.json"))
    for i in range(count):
        item = json.loads(samples[i % len(samples)].read_text(encoding="utf-8"))
        if i >= len(samples):
            item["url"] = f"{item['url']}-copy-{i}"
        (folder / f"{i:04d}.json").write_text(json.dumps(item), encoding="utf-8")
    return folder


def triples(path: Path, count: int) -> Path:
    """An N-Triples file of ``count`` triples (deterministic)."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(
                f'<http://example.org/s{i % 50_000}> <http://example.org/p{i % 37}> "value {i}" .\n'
            )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also ingest 600 articles")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="spacekg-bench-"))
    store = work / "store"

    def fresh_store() -> None:
        shutil.rmtree(store, ignore_errors=True)
        shutil.rmtree(work / "raw", ignore_errors=True)

    done: list[Comparison] = []
    try:
        sizes = [1, 60] + ([600] if args.large else [])
        for size in sizes:
            folder = articles(work / f"articles-{size}", size)
            done.append(
                compare(
                    f"ingest {size} article{'s' if size > 1 else ''}",
                    [SPACEKG, "ingest", "--store", str(store), str(folder), "--quiet"],
                    [PYTHON, str(HERE / "bare_spacy.py"), str(folder)],
                    runs=args.runs,
                    before=fresh_store,
                    labels=("spacekg ingest", "bare spaCy"),
                )
            )
            print(row(done[-1]), file=sys.stderr)
        folder = work / "articles-60"
        done.append(
            compare(
                "ingest 60 articles, 2 workers vs 1",
                [
                    SPACEKG,
                    "ingest",
                    "--store",
                    str(store),
                    str(folder),
                    "--quiet",
                    "--workers",
                    "2",
                ],
                [SPACEKG, "ingest", "--store", str(store), str(folder), "--quiet"],
                runs=args.runs,
                before=fresh_store,
                labels=("--workers 2", "--workers 1"),
            )
        )
        print(row(done[-1]), file=sys.stderr)
        big = triples(work / "big.nt", 1_000_000)
        raw = (
            "import pyoxigraph as ox, sys; s = ox.Store(sys.argv[1]); "
            "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES, "
            "to_graph=ox.NamedNode('http://example.org/g')); s.flush()"
        )
        done.append(
            compare(
                "load 1M triples",
                [SPACEKG, "load", "--store", str(store), str(big)],
                [PYTHON, "-c", raw, str(work / "raw"), str(big)],
                runs=args.runs,
                before=fresh_store,
                labels=("spacekg load", "raw bulk_load"),
            )
        )
        print(row(done[-1]), file=sys.stderr)
        served = work / "served"
        fresh_store()
        sample_folder = articles(work / "articles-served", 20)
        from compare import run

        run([SPACEKG, "ingest", "--store", str(served), str(sample_folder), "--quiet"])
        copy = work / "served-oxigraph"
        shutil.copytree(served, copy)
        first = str(HERE / "first_answer.py")
        done.append(
            compare(
                "serve: command to first answer",
                [PYTHON, first, "spacekg", str(served)],
                [PYTHON, first, "oxigraph", str(copy)],
                runs=args.runs,
                labels=("spacekg serve", "oxigraph serve"),
            )
        )
        print(row(done[-1]), file=sys.stderr)
        nothing = [PYTHON, "-c", "pass"]
        done.append(
            compare(
                "spacekg --help",
                [SPACEKG, "--help"],
                nothing,
                runs=args.runs,
                labels=("spacekg --help", "python -c pass"),
            )
        )
        done.append(
            compare(
                "spacekg query 'ASK {}'",
                [SPACEKG, "query", "--store", str(served), "ASK {}"],
                nothing,
                runs=args.runs,
                labels=("spacekg query", "python -c pass"),
            )
        )
        print(row(done[-2]), row(done[-1]), sep="\n", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(
        [
            "# Whole commands, side by side with their baselines",
            "",
            f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
            f"Python {platform.python_version()}. Runs per command: {args.runs}, interleaved, "
            "after a warm-up; each run a new process. Ratio: ours / baseline, pair by pair.",
            "Reproduce: `.venv/bin/python bench/bench_commands.py`.",
            "",
            HEADER,
            *[row(c) for c in done],
            "",
        ]
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
