"""Safety of the endpoint: no fetching for users, killed runaway queries, caps, tokens, binding."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from spacekg.graph.sparql_text import allowed

from .conftest import AUTH


class Listener:
    """A TCP listener on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()  # an empty answer: the fetch fails, but it was attempted

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback listener that counts connections."""
    server = Listener()
    yield server
    server.close()


def test_the_listener_sees_a_fetch_made_by_pyoxigraph_itself(listener: Listener) -> None:
    # The control: without the endpoint's check, pyoxigraph does connect to loopback.
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}"))
    time.sleep(0.2)
    assert listener.connections == 1


def test_pyoxigraph_reads_no_escaped_keywords(listener: Listener) -> None:
    # The endpoint's check looks for SERVICE and LOAD as spelled; that is sound only while
    # pyoxigraph does not decode \\u escapes outside strings and IRIs. Pin it.
    with pytest.raises(SyntaxError):
        ox.Store().query(f"SELECT * {{ \\u0053ERVICE <{listener.url}/> {{ ?s ?p ?o }} }}")
    with pytest.raises(SyntaxError):
        ox.Store().update(f"\\u004cOAD <{listener.url}/>")
    assert listener.connections == 0


def remote_queries(url: str) -> list[str]:
    """Ways of writing a SERVICE call that pyoxigraph accepts (glued keywords included)."""
    escaped = url.replace("127", "\\u0031\\u00327")
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{SERVICE<{url}/glued>{{?s ?p ?o}}}}",
        f"SELECT * WHERE {{ SERVICESILENT<{url}/ss> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p trueSERVICE<{url}/true>{{}} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE<{url}/one>{{}} }}",
        f"PREFIX : <{url}/colon/> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <{url}/ex/> SELECT * WHERE {{ SERVICEex:x {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <http://example.org/> PREFIX ex: <{url}/> SELECT * WHERE {{ SERVICE ex:x {{}} }}",
        f"SELECT * WHERE {{ SERVICE <{escaped}/escaped> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE # a comment\n <{url}/comment> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}/var> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}/exists> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}/sub> {{ ?s ?p ?o }} }} }} }}",
        "SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",  # relative: the server itself
    ]


def remote_updates(url: str) -> list[str]:
    """Ways of writing a LOAD (or a SERVICE inside an update)."""
    return [
        f"LOAD <{url}/x>",
        f"LOAD SILENT <{url}/x> INTO GRAPH <http://example.org/g>",
        f"load<{url}/lower>",
        f"LOADSILENT<{url}/ls>",
        f"PREFIX ex: <{url}/> LOADex:x",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/u> {{ ?s ?p ?o }} }}",
    ]


def test_service_queries_to_loopback_are_refused_and_send_nothing(
    client: TestClient, listener: Listener
) -> None:
    for query in remote_queries(listener.url):
        response = client.post("/sparql", data={"query": query})
        assert response.status_code == 403, (query, response.text)
        assert "--allow-service" in response.text
    time.sleep(0.2)
    assert listener.connections == 0


def test_load_updates_to_loopback_are_refused_and_send_nothing(
    client: TestClient, listener: Listener
) -> None:
    for update in remote_updates(listener.url):
        response = client.post("/sparql", data={"update": update}, headers=AUTH)
        assert response.status_code == 403, (update, response.text)
    time.sleep(0.2)
    assert listener.connections == 0


def test_keywords_in_strings_comments_iris_and_names_are_not_refused(
    client: TestClient, listener: Listener
) -> None:
    query = (
        f'SELECT ?service ?load WHERE {{ BIND("SERVICE <{listener.url}/>" AS ?service) '
        f"BIND(<http://example.org/LOAD> AS ?load) ?s skg:payload ?o }} # LOAD <{listener.url}/>"
    )
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert listener.connections == 0


def test_allow_listed_prefixes_may_be_fetched(make_app, listener: Listener) -> None:  # type: ignore[no-untyped-def]
    app = make_app(service_allowlist=(f"{listener.url}/allowed/",))
    with TestClient(app) as client:
        refused = client.get(
            "/sparql",
            params={"query": f"SELECT * {{ SERVICE <{listener.url}/other> {{ ?s ?p ?o }} }}"},
        )
        fetched = client.get(
            "/sparql",
            params={
                "query": f"SELECT * {{ SERVICE <{listener.url}/allowed/sparql> {{ ?s ?p ?o }} }}"
            },
        )
    assert refused.status_code == 403 and "allowed prefixes" in refused.text
    assert fetched.status_code == 500  # the listener answers nothing: the fetch was made and failed
    time.sleep(0.2)
    assert listener.connections >= 1


def test_allow_list_matches_at_a_boundary() -> None:
    prefixes = ("https://query.wikidata.org", "http://127.0.0.1:9/ok/")
    assert allowed("https://query.wikidata.org/sparql", prefixes)
    assert allowed("http://127.0.0.1:9/ok/sparql", prefixes)
    assert not allowed("https://query.wikidata.org.evil.example/sparql", prefixes)
    assert not allowed("https://query.wikidata.org@127.0.0.1/", prefixes)
    assert not allowed("http://127.0.0.1:9/okay", prefixes)


# --- the query timeout ----------------------------------------------------------------------

_VALUES = " ".join(f"VALUES ?{v} {{ {' '.join(map(str, range(2000)))} }}" for v in "abc")
#: 2000 x 2000 x 2000 combinations to count: minutes of CPU, no row out before the end.
RUNAWAY = f"SELECT (COUNT(*) AS ?n) WHERE {{ {_VALUES} }}"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_runaway_query_is_stopped_with_503_and_its_worker_killed(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(query_timeout=2.0, max_concurrent_queries=1)
    with TestClient(app) as client:
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        runner = app.state.engine
        (pid,) = runner.pids()
        started = time.monotonic()
        response = client.get("/sparql", params={"query": RUNAWAY})
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert "2 s" in response.text and "stopped" in response.text
        assert elapsed < 2.0 + 2.0
        assert _gone(pid)  # SIGKILLed and reaped: no process burns CPU on it any more
        assert not Path(f"/proc/{pid}").exists()
        again = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert again.json()["boolean"] is True
        assert pid not in runner.pids()


def test_queued_queries_wait_within_their_timeout_and_small_asks_keep_answering(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(query_timeout=3.0, max_concurrent_queries=1, warm_workers=2)
    with TestClient(app) as client:
        slow: list[int] = []
        thread = threading.Thread(
            target=lambda: slow.append(client.get("/sparql", params={"query": RUNAWAY}).status_code)
        )
        deadline = time.monotonic() + 30
        while len(app.state.engine.pids()) < 2:  # the general and the express worker are up
            assert time.monotonic() < deadline, "the second worker never started"
            time.sleep(0.05)
        thread.start()
        time.sleep(0.8)  # the runaway query holds the only general worker
        started = time.monotonic()
        small = client.get("/sparql", params={"query": "ASK {}"})
        asked = time.monotonic() - started
        started = time.monotonic()
        queued = client.get("/sparql", params={"query": RUNAWAY + " # another"})
        waited = time.monotonic() - started
        thread.join()
        after = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    # A small ASK takes the express worker that long queries never hold: answered at once.
    assert small.status_code == 200 and asked < 1.5
    # Time spent queueing counts against the timeout: the queued query ends at its deadline.
    assert queued.status_code == 503
    assert "stopped" in queued.text or "already answering" in queued.text
    assert 3.0 - 0.5 < waited < 3.0 + 2.0
    assert slow == [503]
    assert after.status_code == 200


def test_queries_beyond_the_concurrency_cap_get_503_with_retry_after(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(query_timeout=3.0, max_concurrent_queries=1)
    with TestClient(app) as client:
        results: list[tuple[int, str, str | None]] = []

        def ask(query: str) -> None:
            r = client.get("/sparql", params={"query": query})
            results.append((r.status_code, r.text, r.headers.get("retry-after")))

        threads = [threading.Thread(target=ask, args=(RUNAWAY + f" # {i}",)) for i in range(4)]
        for t in threads:
            t.start()
            time.sleep(0.05)
        for t in threads:
            t.join()
    # Each waits at most its own timeout; those that never got the worker are told to retry.
    busy = [r for r in results if "already answering" in r[1]]
    assert all(status == 503 for status, _, _ in results)
    assert busy and all(retry for _, _, retry in busy)


# --- writes, CORS and binding ---------------------------------------------------------------


def test_a_token_prefix_is_not_the_token(client: TestClient) -> None:
    token = AUTH["Authorization"].removeprefix("Bearer ")
    response = client.post(
        "/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": f"Bearer {token[:-1]}"}
    )
    assert response.status_code == 401


def test_cors_is_not_granted_on_writes(client: TestClient) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    put = client.put(
        "/store",
        params={"graph": "http://example.org/g"},
        content=b"<http://example.org/s> <http://example.org/p> 1 .",
        headers={**origin, **AUTH, "Content-Type": "text/turtle"},
    )
    read = client.get("/store", params={"graph": "http://example.org/g"}, headers=origin)
    assert put.status_code == 201 and "access-control-allow-origin" not in put.headers
    assert read.headers["access-control-allow-origin"] == "*"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_spacekg_serve_binds_loopback_by_default(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("SPACEKG_HOST", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "spacekg.api.cli",
            "serve",
            "--store",
            str(tmp_path / "store"),
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(
                    f"http://127.0.0.1:{port}/sparql",
                    params={"query": "ASK { ?s a owl:Class }"},
                    timeout=5,
                )
                break
            except httpx.TransportError:
                assert process.poll() is None, (
                    process.stderr.read().decode() if process.stderr else ""
                )
                assert time.monotonic() < deadline, "spacekg serve did not start"
                time.sleep(0.2)
        assert response.json()["boolean"] is True
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        refused = httpx.post(f"http://127.0.0.1:{port}/sparql", data={"update": "CLEAR ALL"})
        assert refused.status_code == 403 and "--token" in refused.text
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_request_logs_never_hold_the_token(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = AUTH["Authorization"].removeprefix("Bearer ")
    with caplog.at_level("INFO", logger="spacekg.access"):
        client.post("/sparql", data={"update": "CLEAR SILENT GRAPH <http://x>"}, headers=AUTH)
        client.get("/sparql", params={"query": "ASK {}", "token": token}, headers=AUTH)
    lines = [r.getMessage() for r in caplog.records if r.name == "spacekg.access"]
    assert len(lines) == 2 and all('"status"' in line for line in lines)
    assert not any(token in line for line in lines)
