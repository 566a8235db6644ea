"""``spacekg ingest`` and ``spacekg extract`` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ARTICLE = {
    "title": "Test agency pact",
    "url": "https://example.org/news/pact",
    "published": "2025-03-07",
    "source": "Example Wire",
    "text": "The European Space Agency signed an agreement with the Japan Aerospace Exploration Agency on Thursday.",
}


def test_ingest_reports_articles_entities_events_and_failures(
    run_cli, tmp_path: Path, samples_dir: Path
) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "pact.json").write_text(json.dumps(ARTICLE))
    (articles / "empty.txt").write_text("")
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    result = run_cli("ingest", str(articles))
    assert result.returncode == 1  # something failed
    assert "Articles stored: 1" in result.stdout
    assert "sign-agreement 1" in result.stdout
    assert "empty.txt: empty file" in result.stdout
    assert "binary.txt" in result.stdout and "binary" in result.stdout
    assert "Traceback" not in result.stderr
    rows = run_cli(
        "query",
        "SELECT ?d WHERE { ?e skg:eventType evt:sign-agreement ; skg:date ?d }",
        "--format",
        "csv",
    )
    assert rows.stdout.splitlines()[1:] == ["2025-03-06"]


def test_the_whole_corpus_ingests_with_two_workers_and_reingesting_replaces(
    run_cli, all_samples_dir: Path
) -> None:
    samples_dir = all_samples_dir
    first = run_cli("ingest", str(samples_dir), "--workers", "2")
    assert first.returncode == 0, first.stdout + first.stderr
    count = len(list(samples_dir.glob("*.json")))
    assert f"Articles stored: {count} (0 replaced" in first.stdout
    triples = json.loads(run_cli("stats", "--json").stdout)["triples"]
    again = run_cli("ingest", str(samples_dir / "02-nigeria-rwanda-artemis-accords.json"))
    assert "(1 replaced" in again.stdout
    assert json.loads(run_cli("stats", "--json").stdout)["triples"] == triples


def test_ingest_from_stdin_with_metadata_overrides(run_cli) -> None:
    text = "Roscosmos signed an agreement with the China National Space Administration on Monday."
    result = run_cli(
        "ingest", "-", "--published", "2021-03-10", "--url", "https://example.org/ilrs", input=text
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ask = run_cli(
        "query",
        'ASK { ?a schema:url "https://example.org/ilrs"^^xsd:anyURI ; schema:datePublished "2021-03-10"^^xsd:date }',
    )
    assert ask.stdout.strip() == "true"


def test_bad_override_is_a_usage_error(run_cli) -> None:
    result = run_cli("ingest", "-", "--published", "last week", input="text")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_extract_prints_without_storing(run_cli, tmp_path: Path) -> None:
    article = tmp_path / "pact.json"
    article.write_text(json.dumps(ARTICLE))
    as_json = json.loads(run_cli("extract", str(article), "--format", "json").stdout)
    assert {"name": "European Space Agency", "type": "Agency"}.items() <= next(
        e for e in as_json["entities"] if e["name"] == "European Space Agency"
    ).items()
    assert any(r["predicate"] == "agrees_with" for r in as_json["relations"])
    turtle = run_cli("extract", str(article)).stdout
    assert "skg:Event" in turtle and "evt:sign-agreement" in turtle
    assert run_cli("graphs").stdout.split() == [
        "https://w3id.org/spacekg/graph/kb",
        "https://w3id.org/spacekg/graph/ontology",
    ]


def test_eval_json_output_is_scored_by_the_shared_scorer(
    run_cli, tmp_path: Path, shared_dir: Path
) -> None:
    out = tmp_path / "eval"
    articles = sorted((shared_dir / "eval" / "dev" / "articles").glob("*.json"))
    result = run_cli("extract", "--eval-json", str(out), *map(str, articles))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.json")) == [a.name for a in articles]
    scored = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval" / "score.py"),
            str(shared_dir / "eval" / "dev" / "gold"),
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(scored.stdout)
    # well above the generic-NER baseline of the format's README (typed F1 0.35, relations 0.03)
    assert scores["entities_typed"]["f1"] > 0.7
    assert scores["relations_lenient"]["f1"] > 0.5
