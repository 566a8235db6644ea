"""Stores where every event is reported by many articles, as wire copy does.

A news agency's story reappears, word for word, on dozens of outlets' sites: the same events,
reported by N articles with different URLs. :func:`build_store` makes such a store fast: the
sample articles are extracted once (spaCy runs once per article, and the results can be cached
on disk), then each article's graph is written N times under different article identities and
URLs through :meth:`Store.write_articles`, exactly as ingest writes articles.

Run: ``.venv/bin/python bench/variants.py 400 /tmp/store-400`` (builds a 400-variant store of the
110 sample articles; ``--articles K`` takes the first K only). Tests import it
(``from variants import build_store``; ``bench/`` is on the test path).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from spacekg.graph.store import Store
from spacekg.ingest.pipeline import ArticleResult, extract_all
from spacekg.ingest.readers import Document, read_paths
from spacekg.ontology import iris
from spacekg.ontology.vocab import SCHEMA, XSD

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "ingest" / "samples"
CACHE = Path(__file__).resolve().parent / ".cache"
_URL = ox.NamedNode(str(SCHEMA.url))
_ANY_URI = ox.NamedNode(str(XSD.anyURI))


def sample_paths(articles: int | None = None) -> list[Path]:
    """The bundled sample articles, in name order (the first ``articles`` of them if given)."""
    paths = sorted(SAMPLES.glob("*.json"))
    return paths[:articles] if articles is not None else paths


def from_trig(data: bytes) -> list[ArticleResult]:
    """Articles given as TriG (one named graph each, as ingest states them), without spaCy."""
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(data, format=ox.RdfFormat.TRIG):
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    return [
        ArticleResult(
            origin=graph,
            identity=graph,
            graph=graph,
            nquads=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
            linked=(),
            minted=(),
            events=(),
        )
        for graph, triples in graphs.items()
    ]


def extract(paths: Sequence[Path], *, cache: Path | None = CACHE) -> list[ArticleResult]:
    """The extraction results of ``paths`` (spaCy once per article), cached under ``cache``.

    The cache key covers the articles and the ingest code and reference KB that read them, so a
    change to any of those extracts anew. ``cache=None`` never reads or writes a cache.
    """
    key = _cache_key(paths)
    cached = cache / f"samples-{key}.pickle" if cache is not None else None
    if cached is not None and cached.is_file():
        return pickle.loads(cached.read_bytes())
    documents = [d for d in read_paths(paths) if isinstance(d, Document)]
    results = [r for r in extract_all(documents, portable=True) if isinstance(r, ArticleResult)]
    if len(results) != len(paths):
        raise RuntimeError(f"only {len(results)} of {len(paths)} sample articles were extracted")
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        partial.write_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(cached)
    return results


def _cache_key(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    code = sorted((REPO / "ingest").rglob("*.py")) + sorted((REPO / "ontology").rglob("*.ttl"))
    for path in [*paths, *code]:
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def variant_url(result: ArticleResult, copy: int) -> str:
    """The URL of copy ``copy`` of an article: another outlet's page for the same story."""
    return f"https://outlet-{copy}.example.org/wire/{iris.article_key(result.identity)}"


def variant(result: ArticleResult, copy: int) -> tuple[str, list[ox.Triple]]:
    """Copy ``copy`` of an article: its graph IRI and triples, under a new identity and URL.

    Copy 0 is the article as extracted. Other copies rename the article node, its graph and its
    evidence sentences (they all carry the article's key) and give it another ``schema:url``;
    what it reports (events, entities, facts) is unchanged, so the store merges it.
    """
    if copy == 0:
        return result.graph, list(ox.parse(result.nquads, format=ox.RdfFormat.N_TRIPLES))
    url = variant_url(result, copy)
    old_key, new_key = result.graph.rsplit("/", 1)[1], iris.article_key(url)
    text = result.nquads.replace(old_key.encode(), new_key.encode())
    triples = []
    for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
        if t.predicate == _URL:
            t = ox.Triple(t.subject, t.predicate, ox.Literal(url, datatype=_ANY_URI))
        triples.append(t)
    if not any(t.predicate == _URL for t in triples):  # an article read without a URL
        article = ox.NamedNode(iris.article_iri(url))
        triples.append(ox.Triple(article, _URL, ox.Literal(url, datatype=_ANY_URI)))
    return iris.article_graph(url), triples


def variants(
    results: Sequence[ArticleResult], copies: int, *, first: int = 0
) -> Iterator[tuple[str, list[ox.Triple]]]:
    """Copies ``first`` to ``copies - 1`` of every article, copy by copy."""
    for copy in range(first, copies):
        for result in results:
            yield variant(result, copy)


def write_variants(
    store: Store,
    results: Sequence[ArticleResult],
    copies: int,
    *,
    first: int = 0,
    batch: int = 200,
) -> int:
    """Write copies ``first`` to ``copies - 1`` of every article, ``batch`` graphs per transaction.

    Returns how many article graphs were written.
    """
    written = 0
    pending: dict[str, list[ox.Triple]] = {}
    for graph, triples in variants(results, copies, first=first):
        pending[graph] = triples
        if len(pending) >= batch:
            store.write_articles(pending)
            written += len(pending)
            pending = {}
    if pending:
        store.write_articles(pending)
        written += len(pending)
    store.flush()
    return written


def build_store(
    path: Path | str | None,
    copies: int,
    *,
    articles: int | None = None,
    results: Sequence[ArticleResult] | None = None,
    cache: Path | None = CACHE,
) -> Store:
    """A store at ``path`` (None: in memory) holding ``copies`` copies of the sample articles.

    ``results`` (from :func:`extract`) saves extracting again when several stores are built.
    """
    if results is None:
        results = extract(sample_paths(articles), cache=cache)
    store = Store.open(path)
    write_variants(store, results, copies)
    return store


def cached_store(copies: int, target: Path, *, cache: Path = CACHE) -> Store:
    """A fresh copy at ``target`` of the ``copies``-variant store of all samples, built once.

    Built stores are kept under ``cache/stores`` (keyed like the extraction cache); a larger one
    starts from a backup of the largest smaller one, then writes the missing copies. ``target``
    gets a backup of the cached store, so benchmarks may write to it.
    """
    results = extract(sample_paths(), cache=cache)
    folder = cache / "stores"
    key = _cache_key(sample_paths())
    built = folder / f"{key}-{copies}"
    if not built.is_dir():
        smaller = sorted(
            (int(p.name.rsplit("-", 1)[1]), p)
            for p in folder.glob(f"{key}-*")
            if p.is_dir() and int(p.name.rsplit("-", 1)[1]) < copies
        )
        partial = folder / f"{key}-{copies}.building"
        shutil.rmtree(partial, ignore_errors=True)
        first = 0
        if smaller:
            first, source = smaller[-1]
            with Store.open(source) as base:
                base.backup(partial)
        folder.mkdir(parents=True, exist_ok=True)
        with Store.open(partial) as store:
            write_variants(store, results, copies, first=first)
        partial.rename(built)
    with Store.open(built) as base:
        base.backup(target)
    return Store.open(target)


def main(argv: list[str] | None = None) -> int:
    """Build a many-variant store from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("copies", type=int, help="articles reporting each story (variants)")
    parser.add_argument("store", type=Path, help="store folder to create")
    parser.add_argument("--articles", type=int, default=None, help="first K sample articles")
    args = parser.parse_args(argv)
    if args.store.exists():
        parser.error(f"{args.store} exists: give a new folder")
    started = time.perf_counter()
    results = extract(sample_paths(args.articles))
    extracted = time.perf_counter()
    store = build_store(args.store, args.copies, results=results)
    built = time.perf_counter()
    stats = store.stats()
    store.close()
    print(
        f"{args.store}: {stats.articles:,} articles, {sum(stats.events_by_type.values()):,} "
        f"events, {stats.triples:,} triples; extracted in {extracted - started:.1f} s, "
        f"written in {built - extracted:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
