"""A query worker process: a read-only store answering tasks sent over a socket.

The server (:mod:`.pool`) starts workers, sends each task with the data generation it must see,
and kills a worker whose task runs out of time. A worker whose handle is older than the
generation, or whose files the writer has rewritten (a compaction), refreshes it first.

Run as ``python -m spacekg.graph.engine.worker FD PATH PARENT_PID`` (the pool does that).
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import socket
import sys
import traceback

from spacekg.errors import StoreError

from ..store import Store
from .execute import execute
from .frames import CHUNK, END, ERROR, FRAME, HEADER, error


class _Snapshot:
    """The worker's read-only store, refreshed when the server says the data changed."""

    def __init__(self, path: str) -> None:
        self.store = Store.open(path, read_only=True, bootstrap=False)
        self.generation: int | None = None

    def at(self, generation: int) -> Store:
        if generation != self.generation or self.store.is_stale():
            self.store.refresh()
            self.generation = generation
        return self.store


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def serve(sock: socket.socket, path: str) -> None:
    """Answer tasks from ``sock`` until the server closes it."""
    snapshot = _Snapshot(path)
    pending = bytearray()
    sent = [False]

    def emit(kind: bytes, payload: bytes) -> None:
        pending.extend(FRAME.pack(len(payload), kind[0]) + payload)
        if kind != HEADER and (len(pending) >= CHUNK or kind in (END, ERROR)):
            sock.sendall(pending)
            pending.clear()
            sent[0] = True

    while True:
        head = _recv_exact(sock, FRAME.size)
        if head is None:
            return
        size, _ = FRAME.unpack(head)
        body = _recv_exact(sock, size)
        if body is None:
            return
        task = pickle.loads(body)
        sent[0] = False
        for attempt in (1, 2):
            try:
                execute(snapshot.at(task.generation), task, emit)
                break
            except (StoreError, OSError, RuntimeError) as err:
                pending.clear()
                # Either a file of the read-only snapshot was compacted away by the server
                # (refresh and retry, if nothing was sent yet) or the query itself failed on I/O.
                if attempt == 1 and not sent[0]:
                    snapshot.store.refresh()
                    continue
                message = str(err).removeprefix("the query failed: ")
                emit(ERROR, error(StoreError(f"the query failed: {message}")))
                break


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this process when the server goes away (no orphaned queries)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(0)


def main(argv: list[str]) -> None:
    """Entry point of a worker process: ``FD PATH PARENT_PID``."""
    fd, path, parent_pid = int(argv[0]), argv[1], int(argv[2])
    _die_with_parent(parent_pid)
    sock = socket.socket(fileno=fd)
    try:
        serve(sock, path)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server went away mid-answer
    except BaseException:
        # Say why before the socket closes (the server kills this process once it sees EOF).
        traceback.print_exc()
        sys.stderr.flush()
        raise
    finally:
        sock.close()


if __name__ == "__main__":
    # Import through the package so that unpickled tasks and this code share one module.
    from spacekg.graph.engine.worker import main as package_main

    package_main(sys.argv[1:])
