"""``spacekg backup`` and restoring from it, as an operator runs them, also beside a live server.

A backup is a consistent copy of the store folder; ``spacekg restore FOLDER`` puts it back. The
round trip keeps every quad. Beside a running ``spacekg serve`` the backup is made through a
read-only view, and must still hold the writes the server acknowledged just before, which sit
in its write-ahead log (a RocksDB checkpoint of a read-only handle would leave them out).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import serve_process

from spacekg.graph.store import Store

TOKEN = "backup-test-token"
ARTICLE = Path(__file__).parents[1] / "api" / "data" / "articles.trig"
Run = Callable[..., subprocess.CompletedProcess[str]]


def quads(path: Path) -> set:
    """Every quad of the store at ``path``."""
    with Store.open(path, read_only=True, bootstrap=False) as store:
        return set(store.quads())


def test_backup_and_restore_round_trip_every_quad(tmp_path: Path, run_cli: Run) -> None:
    store, copy, restored = tmp_path / "store", tmp_path / "backup", tmp_path / "restored"
    assert run_cli("init", store=store).returncode == 0
    assert run_cli("load", str(ARTICLE), store=store).returncode == 0
    done = run_cli("backup", str(copy), store=store)
    assert done.returncode == 0, done.stderr
    assert "restore with `spacekg restore" in done.stdout
    original = quads(store)
    assert quads(copy) == original and len(original) > 10_000

    assert run_cli("init", store=restored).returncode == 0  # a store with other content
    assert run_cli("restore", str(copy), "--yes", store=restored).returncode == 0
    assert quads(restored) == original
    assert quads(copy) == original  # the backup is left as it was


def test_restore_into_a_new_folder_creates_the_store(tmp_path: Path, run_cli: Run) -> None:
    store, copy = tmp_path / "store", tmp_path / "backup"
    assert run_cli("init", store=store).returncode == 0
    assert run_cli("backup", str(copy), store=store).returncode == 0
    done = run_cli("restore", str(copy), "--yes", store=tmp_path / "new")
    assert done.returncode == 0, done.stderr
    assert quads(tmp_path / "new") == quads(store)


def test_backup_beside_a_running_server_holds_what_it_acknowledged(
    tmp_path: Path, run_cli_process: Run
) -> None:
    store, copy = tmp_path / "store", tmp_path / "backup"
    Store.open(store).close()
    server = serve_process.start(store, log=tmp_path / "serve.log", token=TOKEN)
    graph = "https://example.org/graph/just-written"
    try:
        written = httpx.put(
            f"{server.url}/store",
            params={"graph": graph},
            content=b"<https://example.org/s> <https://example.org/p> 'acknowledged' .\n",
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"},
            timeout=60,
        )
        assert written.status_code == 201, written.text
        done = run_cli_process("backup", str(copy), store=store)  # the server holds the store
        assert done.returncode == 0, done.stderr
        assert "read-only" in done.stderr
    finally:
        server.stop()
    backed_up = quads(copy)
    assert any(q.graph_name.value == graph for q in backed_up)
    assert backed_up == quads(store)  # nothing was written after the acknowledged PUT


def test_restore_is_refused_while_a_server_holds_the_store(
    tmp_path: Path, run_cli: Run, run_cli_process: Run
) -> None:
    store, copy = tmp_path / "store", tmp_path / "backup"
    assert run_cli("init", store=store).returncode == 0
    assert run_cli("backup", str(copy), store=store).returncode == 0
    server = serve_process.start(store, log=tmp_path / "serve.log")
    try:
        done = run_cli_process("restore", str(copy), "--yes", store=store)
        assert server.process.poll() is None
    finally:
        server.stop()
    assert done.returncode == 2
    assert "open for writing in another process" in done.stderr


def test_backup_never_overwrites_and_restore_names_what_is_not_a_backup(
    tmp_path: Path, run_cli: Run
) -> None:
    store = tmp_path / "store"
    assert run_cli("init", store=store).returncode == 0
    (tmp_path / "taken").mkdir()
    done = run_cli("backup", str(tmp_path / "taken"), store=store)
    assert done.returncode == 2 and "exists" in done.stderr
    done = run_cli("restore", str(tmp_path / "taken"), "--yes", store=store)
    assert done.returncode == 2 and "not a backup folder" in done.stderr
