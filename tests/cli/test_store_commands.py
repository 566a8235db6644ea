"""The store commands, run through the real CLI against a real on-disk store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

GOOD_TTL = """\
@prefix skg: <https://w3id.org/spacekg/ontology#> .
@prefix agency: <https://w3id.org/spacekg/agency/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/analyst/note1> rdfs:label "An analyst's note" ;
    skg:cooperatesWith agency:nasa .
"""


def test_init_creates_the_store_with_the_reference_kb(run_cli, tmp_path: Path) -> None:
    result = run_cli("init")
    assert result.returncode == 0, result.stderr
    assert "Store ready at" in result.stdout
    assert (tmp_path / "store").is_dir()
    stats = json.loads(run_cli("stats", "--json").stdout)
    assert stats["graphs"] == 2  # the ontology and the reference KB
    assert stats["entities_by_type"]["https://w3id.org/spacekg/ontology#Country"] >= 195
    assert stats["entities_by_type"]["https://w3id.org/spacekg/ontology#SpaceAgency"] >= 70
    assert stats["events_by_type"] == {}


def test_any_command_on_a_missing_store_creates_it(run_cli, tmp_path: Path) -> None:
    result = run_cli("query", "ASK { agency:cnsa skg:country country:CN }", store=tmp_path / "new")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "true"


def test_stats_table_lists_kb_counts(run_cli) -> None:
    result = run_cli("stats")
    assert result.returncode == 0, result.stderr
    assert "skg:SpaceAgency" in result.stdout and "skg:Country" in result.stdout
    assert "(none yet: run `spacekg ingest`)" in result.stdout


def test_load_then_query_in_every_format(run_cli, tmp_path: Path) -> None:
    data = tmp_path / "notes.ttl"
    data.write_text(GOOD_TTL)
    loaded = run_cli("load", str(data))
    assert loaded.returncode == 0, loaded.stderr
    assert "2 triples loaded" in loaded.stdout
    query = "SELECT ?note ?label WHERE { ?note skg:cooperatesWith agency:nasa ; rdfs:label ?label }"
    table = run_cli("query", query)
    assert "An analyst's note" in table.stdout and "(1 row)" in table.stdout
    rows = list(csv.DictReader(io.StringIO(run_cli("query", query, "--format", "csv").stdout)))
    assert rows == [{"note": "https://example.org/analyst/note1", "label": "An analyst's note"}]
    as_json = json.loads(run_cli("query", query, "--format", "json").stdout)
    assert as_json["results"]["bindings"][0]["label"]["value"] == "An analyst's note"
    tsv = run_cli("query", query, "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["?note", "?label"]
    # the file became its own graph: loading it again replaces instead of duplicating
    assert run_cli("load", str(data), "--replace").returncode == 0
    assert "(1 row)" in run_cli("query", query).stdout


def test_malformed_rdf_is_refused_with_its_position_and_nothing_is_written(
    run_cli, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(GOOD_TTL + '<https://example.org/x> rdfs:label "unterminated .\n')
    result = run_cli("load", str(bad))
    assert result.returncode == 2
    assert "bad.ttl" in result.stderr and "line" in result.stderr
    assert "Traceback" not in result.stderr
    ask = run_cli("query", "ASK { <https://example.org/analyst/note1> ?p ?o }")
    assert ask.stdout.strip() == "false"


def test_malformed_query_gets_the_parser_position_and_exit_code_2(run_cli) -> None:
    result = run_cli("query", "SELECT ?a WHERE { ?a skg:heads ")
    assert result.returncode == 2
    assert "malformed SPARQL query" in result.stderr and "1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_format_and_missing_file_are_clear_errors(run_cli, tmp_path: Path) -> None:
    missing = run_cli("load", str(tmp_path / "nope.ttl"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    odd = tmp_path / "data.xyz"
    odd.write_text("x")
    unknown = run_cli("load", str(odd))
    assert unknown.returncode == 2 and "unknown RDF format" in unknown.stderr


def test_validate_passes_on_a_fresh_store_and_reports_a_broken_event(
    run_cli, tmp_path: Path
) -> None:
    ok = run_cli("validate")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "conforms" in ok.stdout
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> .\n"
        "<https://example.org/e1> a skg:Event ; skg:actor <https://w3id.org/spacekg/agency/nasa> .\n"
    )
    assert run_cli("load", str(broken)).returncode == 0
    bad = run_cli("validate")
    assert bad.returncode == 1
    assert "https://example.org/e1" in bad.stdout
    assert "eventType" in bad.stdout


def test_dump_and_restore_round_trip(run_cli, tmp_path: Path) -> None:
    data = tmp_path / "notes.ttl"
    data.write_text(GOOD_TTL)
    run_cli("load", str(data))
    for fmt, name in (("nquads", "backup.nq"), ("trig", "backup.trig")):
        out = tmp_path / name
        dumped = run_cli("dump", "--format", fmt, "-o", str(out))
        assert dumped.returncode == 0, dumped.stderr
        other = tmp_path / f"other-{fmt}"
        restored = run_cli("restore", str(out), "--yes", store=other)
        assert restored.returncode == 0, restored.stderr
        ask = run_cli(
            "query",
            "ASK { <https://example.org/analyst/note1> skg:cooperatesWith agency:nasa }",
            store=other,
        )
        assert ask.stdout.strip() == "true"
        original = json.loads(run_cli("stats", "--json").stdout)["triples"]
        copy = json.loads(run_cli("stats", "--json", store=other).stdout)["triples"]
        assert copy == original


def test_graphs_lists_ontology_and_kb(run_cli) -> None:
    result = run_cli("graphs")
    assert result.returncode == 0
    assert result.stdout.split() == [
        "https://w3id.org/spacekg/graph/kb",
        "https://w3id.org/spacekg/graph/ontology",
    ]
