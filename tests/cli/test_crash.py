"""Killed mid-write (SIGKILL: no cleanup, no flush), the store loses nothing acknowledged,
duplicates nothing, and opens again.

* ``spacekg ingest`` killed once its first batch of articles is visible to a reader: the batch
  is there whole, and ingesting again gives exactly what a clean run gives.
* ``spacekg load`` of a big file killed while it loads: all of the file or none of it is there
  (one transaction), and loading again gives exactly the file. ``Store.bulk_load`` (streaming,
  not atomic) killed the same way leaves a store that opens, and loading again completes it.
* ``spacekg serve`` killed while a Graph Store PUT of a big graph is being written: a PUT
  answered before is there, the interrupted one is there whole or not at all.

Each test waits for a state a reader can see, then kills: no timing is assumed.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import serve_process

from spacekg.errors import StoreError
from spacekg.graph.store import Store
from spacekg.ingest.pipeline import BATCH

TOKEN = "crash-test-token"
#: How long a state may take to appear before the test gives up (only catches hangs).
PATIENCE = 120.0
ARTICLES_IN_GRAPHS = """
SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {
  GRAPH ?g { ?a a skg:Article }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/spacekg/graph/article/"))
}
"""
EVENTS = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a skg:Event }"


def count(store: Store, query: str) -> int:
    return int(store.select(query)[0]["n"].value)


def spacekg(*args: str, store: Path) -> subprocess.Popen[bytes]:
    """``spacekg ARGS`` in its own process, as a user runs it."""
    env = {**os.environ, "SPACEKG_STORE": str(store)}
    return subprocess.Popen(
        [sys.executable, "-m", "spacekg.api.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll until ``condition`` holds (the process must still be running)."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"finished before the state was reached: {process.stderr}")
        assert time.monotonic() < deadline, "the state never appeared"
        time.sleep(0.05)


def read_only(path: Path, query: str) -> int:
    """A count seen by a reader beside the writing process (0 while there is nothing yet)."""
    try:
        store = Store.open(path, read_only=True, bootstrap=False)
    except StoreError:
        return 0
    try:
        return count(store, query)
    finally:
        store.close()


def test_ingest_killed_after_a_batch_keeps_it_and_a_rerun_matches_a_clean_run(
    tmp_path: Path, all_samples_dir: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in sorted(all_samples_dir.glob("*.json"))[: 2 * BATCH]:
        shutil.copy(path, articles)
    store = tmp_path / "store"
    assert run_cli("init", store=store).returncode == 0
    ingesting = spacekg("ingest", str(articles), "--quiet", store=store)
    seen = [0]

    def first_batch_written() -> bool:
        seen[0] = read_only(store, ARTICLES_IN_GRAPHS)
        return seen[0] >= BATCH

    try:
        wait_for(first_batch_written, ingesting)
    finally:
        ingesting.send_signal(signal.SIGKILL)
        ingesting.wait()
    with Store.open(store) as reopened:  # opens, after a kill
        after_kill = count(reopened, ARTICLES_IN_GRAPHS)
    print(f"ingest killed: a reader saw {seen[0]} articles, {after_kill} after the kill")
    assert after_kill >= seen[0] and after_kill % BATCH == 0  # whole batches, none lost

    assert run_cli("ingest", str(articles), "--quiet", store=store).returncode == 0
    clean = tmp_path / "clean"
    assert run_cli("init", store=clean).returncode == 0
    assert run_cli("ingest", str(articles), "--quiet", store=clean).returncode == 0
    with Store.open(store) as rerun, Store.open(clean) as reference:
        assert count(rerun, ARTICLES_IN_GRAPHS) == count(reference, ARTICLES_IN_GRAPHS) == 2 * BATCH
        assert count(rerun, EVENTS) == count(reference, EVENTS) > 0
        assert len(rerun) == len(reference)


def big_file(path: Path, graphs: int = 10, per_graph: int = 5000) -> int:
    """An N-Quads file of ``graphs * per_graph`` quads (a few MB); returns the count."""
    with path.open("w", encoding="utf-8") as out:
        for g in range(graphs):
            for i in range(per_graph):
                out.write(
                    f'<https://example.org/s/{g}/{i}> <https://example.org/p> "value {g} {i} '
                    f'{"x" * 40}" <https://example.org/bulk/{g}> .\n'
                )
    return graphs * per_graph


BULK = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <https://example.org/p> ?o } }"


def killed_halfway(start: Callable[[], subprocess.Popen[bytes]], fraction: float = 0.5) -> None:
    """Run a command once to its end, then again, SIGKILLed ``fraction`` of that time in.

    The first run says how long the command takes here; only the second one's store is
    checked, so where exactly the kill lands does not matter to the test, only that it is
    while the command works.
    """
    started = time.monotonic()
    first = start()
    assert first.wait(PATIENCE) == 0, first.stderr.read() if first.stderr else ""
    took = time.monotonic() - started
    # a later run may be quicker (warm caches): kill it earlier then, on the same store
    for share in (fraction, fraction / 2, fraction / 5):
        second = start()
        time.sleep(took * share)
        if second.poll() is None:
            second.send_signal(signal.SIGKILL)
            second.wait()
            return
    raise AssertionError("the command always ended before it could be killed")


def test_load_killed_midway_leaves_all_or_nothing_and_a_rerun_loads_it_once(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    data = tmp_path / "big.nq"
    quads = big_file(data)
    scratch, store = tmp_path / "scratch", tmp_path / "store"
    for folder in (scratch, store):
        assert run_cli("init", store=folder).returncode == 0
    stores = itertools.chain([scratch], itertools.repeat(store))  # retries reuse the store
    killed_halfway(lambda: spacekg("load", str(data), store=next(stores)))
    with Store.open(store) as reopened:
        print(f"load killed: {count(reopened, BULK)} of {quads} quads")
        assert count(reopened, BULK) in (0, quads)  # one transaction
    assert run_cli("load", str(data), store=store).returncode == 0
    with Store.open(store) as loaded:
        assert count(loaded, BULK) == quads


def test_bulk_load_killed_midway_leaves_a_store_that_opens_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    data = tmp_path / "big.nq"
    quads = big_file(data, graphs=40)
    scratch, store = tmp_path / "scratch", tmp_path / "store"
    stores = itertools.chain([scratch], itertools.repeat(store))  # retries reuse the store

    def bulk_load() -> subprocess.Popen[bytes]:
        folder = next(stores)
        code = (
            "from spacekg.graph.store import Store; "
            f"Store.open({str(folder)!r}, bootstrap=False).bulk_load({str(data)!r})"
        )
        return subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)

    killed_halfway(bulk_load, fraction=0.8)  # its writes come at the end
    with Store.open(store, bootstrap=False) as reopened:
        print(f"bulk load killed: {count(reopened, BULK)} of {quads} quads")
        assert 0 <= count(reopened, BULK) <= quads  # streaming: any part of it
        reopened.bulk_load(data)
        assert count(reopened, BULK) == quads  # a quad loaded twice is one quad


def _read_bytes(pid: int) -> int:
    """Bytes a process has read so far, files and sockets (Linux /proc/PID/io)."""
    try:
        with open(f"/proc/{pid}/io") as handle:
            for line in handle:
                if line.startswith("rchar:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def test_server_killed_during_a_graph_store_put_keeps_what_it_acknowledged(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    Store.open(store).close()
    small, big = "https://example.org/graph/acknowledged", "https://example.org/graph/interrupted"
    lines = [
        f'<https://example.org/s/{i}> <https://example.org/p> "value {i} {"y" * 40}" .\n'
        for i in range(60_000)
    ]
    body = "".join(lines).encode()
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"}
    server = serve_process.start(store, log=tmp_path / "serve.log", token=TOKEN)
    try:
        answer = httpx.put(
            f"{server.url}/store",
            params={"graph": small},
            content="".join(lines[:100]).encode(),
            headers=headers,
            timeout=PATIENCE,
        )
        assert answer.status_code == 201, answer.text  # acknowledged

        def put_big() -> None:
            try:
                httpx.put(
                    f"{server.url}/store",
                    params={"graph": big},
                    content=body,
                    headers=headers,
                    timeout=PATIENCE,
                )
            except httpx.HTTPError:
                pass  # the server is killed under it

        before = _read_bytes(server.pid)
        putting = threading.Thread(target=put_big)
        putting.start()
        # kill once the server has taken the whole body in: it is parsing or writing it
        wait_for(lambda: _read_bytes(server.pid) - before >= len(body) or not putting.is_alive())
        server.kill()
        putting.join(PATIENCE)
    finally:
        server.kill()
    with Store.open(store) as reopened:
        kept = len(list(reopened.quads(big)))
        print(f"PUT killed: acknowledged graph {len(list(reopened.quads(small)))} of 100, "
              f"interrupted graph {kept} of {len(lines)}")  # fmt: skip
        assert len(list(reopened.quads(small))) == 100
        assert kept in (0, len(lines))
