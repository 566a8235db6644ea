"""Under load, while an article is being ingested, a real server answers every request.

A bounded version of ``bench/load.py``: ``spacekg serve`` in its own process over a store where
each of two articles has 20 copies (wire copy), eight clients for eight seconds mixing SPARQL
(small, heavy, and a runaway cross product), REST routes, HTML pages and Graph Store downloads,
plus one client POSTing articles with the token. No request may fail with a 5xx (the runaway
query's 503 at the query timeout excepted) or go unanswered, and the server must still answer
afterwards. The client timeout is generous: it only catches hangs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import serve_process
from load import TOKEN, LoadReport, run_load
from variants import build_store, from_trig

DATA = Path(__file__).parent / "data" / "articles.trig"
QUERY_TIMEOUT = 5.0
#: Generous: a request may wait for the query timeout, or for spaCy to load for an ingest.
CLIENT_TIMEOUT = 90.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[serve_process.Server]:
    """``spacekg serve`` over a 20-variant store of the two test articles."""
    folder = tmp_path_factory.mktemp("load")
    build_store(folder / "store", 20, results=from_trig(DATA.read_bytes())).close()
    running = serve_process.start(
        folder / "store", log=folder / "serve.log", token=TOKEN, query_timeout=QUERY_TIMEOUT
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def loaded(server: serve_process.Server) -> LoadReport:
    """Eight clients for eight seconds, and one ingesting."""
    return run_load(
        server, clients=8, duration=8, ingest=True, settle=1, client_timeout=CLIENT_TIMEOUT
    )


def summary(report: LoadReport) -> str:
    """What went wrong, for the assertion message."""
    failing = Counter(
        (o.kind, o.status, o.failure) for o in report.outcomes if o.status >= 500 or not o.status
    )
    return f"{len(report.outcomes)} requests, {dict(report.by_status())}; failing: {dict(failing)}"


def test_no_request_fails_with_a_server_error(loaded: LoadReport) -> None:
    assert len(loaded.outcomes) > 50
    assert loaded.server_errors() == [], summary(loaded)


def test_every_request_is_answered(loaded: LoadReport) -> None:
    assert loaded.no_answer() == [], summary(loaded)


def test_articles_are_ingested_while_the_server_reads(loaded: LoadReport) -> None:
    ingests = [o for o in loaded.outcomes if o.kind == "ingest"]
    assert ingests and all(o.status == 200 for o in ingests), summary(loaded)


def test_the_server_still_answers_and_its_memory_is_bounded(
    loaded: LoadReport, server: serve_process.Server
) -> None:
    assert loaded.answered_after
    assert server.process.poll() is None
    assert loaded.memory_peak < 1.5 * 1024**3
