"""``spacekg network``, ``metrics`` and ``export`` run in-process with click's CliRunner against an
on-disk store of the ingested samples and seed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from spacekg import Store
from spacekg.api.cli import cli, main

A = "https://w3id.org/spacekg/"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, samples_dump: bytes) -> Path:
    path = tmp_path_factory.mktemp("network-cli") / "store"
    store = Store.open(path, bootstrap=False)
    store.restore(samples_dump)
    store.close()
    return path


@pytest.fixture
def run(store_path: Path):  # type: ignore[no-untyped-def]
    def invoke(*args: str):  # type: ignore[no-untyped-def]
        result = CliRunner().invoke(cli, [args[0], "--store", str(store_path), *args[1:]])
        assert "Traceback" not in result.output
        return result

    return invoke


def test_network_summarises_the_country_network(run) -> None:  # type: ignore[no-untyped-def]
    result = run("network", "--level", "country", "--top", "3")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Network (country level): ")
    assert "Top actors by strength" in result.output and "China" in result.output
    assert "(3 rows)" in result.output


def test_network_json_has_the_figures(run) -> None:  # type: ignore[no-untyped-def]
    result = run("network", "--json", "--event-class", "conflict", "--level", "country")
    figures = json.loads(result.output)
    assert figures["level"] == "country" and figures["edges"] >= 1
    assert {A + "country/CN", A + "country/US"} <= {row["iri"] for row in figures["top"]}


def test_metrics_as_csv_ranked_by_the_first_metric(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "metrics",
        "-m",
        "betweenness",
        "-m",
        "community",
        "--level",
        "organisation",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["iri", "label", "betweenness", "community"]
    values = [float(r["betweenness"]) for r in rows]
    assert values == sorted(values, reverse=True)
    assert any(r["iri"] == A + "agency/cnsa" for r in rows)


def test_default_metrics_as_json_to_a_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "metrics.json"
    result = run("metrics", "--format", "json", "--top", "5", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["columns"] == [
        "iri",
        "label",
        "degree",
        "strength",
        "betweenness",
        "eigenvector",
        "pagerank",
        "clustering",
        "core",
        "community",
    ]
    assert len(document["rows"]) == 5 and "leiden_modularity" in document["notes"]


def test_metrics_by_year(run) -> None:  # type: ignore[no-untyped-def]
    result = run("metrics", "-m", "degree", "--by-year", "--level", "country", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["year"] for r in rows} >= {"2022", "2025"}


def test_export_gexf_to_a_file_and_graphml_to_stdout(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "countries.gexf"
    result = run("export", "--format", "gexf", "--level", "country", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"written to {out} (gexf)" in result.output
    loaded = nx.read_gexf(out, version="1.3")
    assert loaded.has_edge(A + "country/CN", A + "country/US")
    stdout = run("export", "--format", "graphml", "--signed", "--level", "country")
    assert stdout.exit_code == 0
    signed = nx.read_graphml(io.BytesIO(stdout.stdout_bytes))
    assert {d["sign"] for *_, d in signed.edges(data=True)} <= {1, -1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["network", "--from", "2025-13"], "from date '2025-13' is not a date"),
        (["metrics", "--country", "XX"], "no country with ISO code 'XX' in the store"),
        (
            ["export", "--format", "gexf", "--min-confidence", "2"],
            "minimum confidence 2.0 is not between 0 and 1",
        ),
        (["network", "--type", "lend-rocks"], "event type 'lend-rocks' is not in the taxonomy"),
        (["network", "--level", "planet"], "'planet' is not one of"),
        (["metrics", "-m", "closeness"], "'closeness' is not one of"),
        (["export", "--format", "pajek"], "'pajek' is not one of"),
    ],
)
def test_bad_values_exit_2_with_a_one_line_reason(run, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_main_maps_library_errors_to_exit_2(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["network", "--store", str(store_path), "--country", "XX"]) == 2
    assert "no country with ISO code 'XX'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["network", "metrics", "export"])
def test_help_shows_a_runnable_example_and_the_shared_filters(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: spacekg {command}" in result.output
    for option in (
        "--level",
        "--event-class",
        "--type",
        "--from",
        "--to",
        "--entity-type",
        "--country",
        "--min-confidence",
        "--status",
    ):
        assert option in result.output
