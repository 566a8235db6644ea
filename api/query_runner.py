"""Running queries where they can be stopped: a pool of worker processes with a hard timeout.

pyoxigraph cannot cancel a query, so the endpoint never evaluates one in the server process when
the store is on disk. Each worker process opens the store read-only
(``pyoxigraph.Store.read_only``) and keeps the handle warm; a query that runs past
``settings.query_timeout`` gets its worker SIGKILLed (and reaped) and the client a 503, and a fresh
worker is started in its place.

A read-only RocksDB handle sees the data as it was when opened, so the runner counts the server's
writes (every write holds the store's write lock, :class:`spacekg.graph.store.WriteLock`, which counts them) and tells
each worker the current count: a worker whose handle is older reopens it before answering.
A reopen costs ~10 ms plus the replay of the server's write-ahead log (20-35 ms per MB); when the
log has grown past 1 MB the server flushes it to SST files first (~40 ms, once), so reopening stays
cheap after large writes. Workers also reopen when RocksDB has rewritten its files (a compaction):
a handle on the uncompacted files makes range scans several times slower.

Concurrency: at most ``settings.max_concurrent_queries`` queries run at once; others queue for a
free worker for at most ``min(10 s, query_timeout)`` and then get 503 with ``Retry-After``.

In-memory stores (``Store.open(None)``, used by some tests) cannot be opened by another process:
their queries run in a thread of the server. The timeout still answers 503, but the thread runs
on until the query ends: pyoxigraph offers no way to stop it.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from spacekg.graph.store import WriteLock

from .http_errors import ApiError
from .query_worker import (
    CHUNK,
    DATA,
    END,
    ERROR,
    FRAME,
    HEADER,
    TASK,
    GraphTask,
    QueryTask,
    execute,
)

QUEUE_WAIT_MAX = 10.0
#: Flush the server's memtable before a query once its write-ahead log is this long: a worker
#: reopening the store replays the log, at about 20-35 ms per MB, while a flush costs ~40 ms.
FLUSH_WAL_BYTES = 1_000_000

Task = QueryTask | GraphTask


@dataclass
class Reply:
    """A worker's answer: status and media type, the body received so far, and the rest to stream."""

    status: int
    content_type: str = "text/plain; charset=utf-8"
    truncated: bool = False
    rows: int | None = None
    body: bytes = b""
    rest: AsyncIterator[bytes] | None = None  # None: ``body`` is the whole answer
    message: str = ""


class Runner(Protocol):
    """Something that runs query tasks and answers with a :class:`Reply`."""

    async def run(self, task: Task) -> Reply: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


def timeout_message(timeout: float) -> str:
    """The 503 message for a query that ran out of time."""
    return (
        f"the query ran longer than this server allows ({timeout:g} s) and was stopped; "
        "add a LIMIT, narrow the patterns, or ask the operator for a longer --query-timeout"
    )


def _busy(size: int) -> ApiError:
    return ApiError(
        503,
        f"the server is already answering {size} queries at once and none finished in time; try again",
        {"Retry-After": "2"},
    )


FrameSource = Callable[[], Awaitable[tuple[bytes, bytes]]]


async def _assemble(
    next_frame: FrameSource,
    deadline: float,
    timeout: float,
    done: Callable[[], None],
    abort: Callable[[], None],
) -> Reply:
    """Read a header and as much data as fits in one chunk; stream the rest (or finish)."""
    try:
        async with asyncio.timeout_at(deadline):
            kind, payload = await next_frame()
            if kind == ERROR:
                info = json.loads(payload)
                done()
                return Reply(status=info["status"], message=info["message"])
            if kind != HEADER:
                raise ConnectionError("the query worker sent no header")
            info = json.loads(payload)
            reply = Reply(
                status=info["status"],
                content_type=info["content_type"],
                truncated=info["truncated"],
                rows=info["rows"],
            )
            body = bytearray()
            while len(body) < CHUNK:
                kind, payload = await next_frame()
                if kind == DATA:
                    body += payload
                elif kind == END:
                    done()
                    reply.body = bytes(body)
                    return reply
                else:  # an error after the header: nothing was sent to the client yet
                    done()
                    info = json.loads(payload)
                    return Reply(status=info["status"], message=info["message"])
    except TimeoutError:
        abort()
        raise ApiError(503, timeout_message(timeout)) from None
    except (asyncio.IncompleteReadError, ConnectionError, OSError):
        abort()
        raise ApiError(
            500, "the query worker stopped unexpectedly (out of memory?); try again"
        ) from None
    except BaseException:
        abort()  # the client went away (cancelled): the worker's state is unknown
        raise
    reply.body = bytes(body)
    reply.rest = _stream(next_frame, deadline, done, abort)
    return reply


async def _stream(
    next_frame: FrameSource, deadline: float, done: Callable[[], None], abort: Callable[[], None]
) -> AsyncIterator[bytes]:
    finished = False
    try:
        while True:
            async with asyncio.timeout_at(deadline):
                kind, payload = await next_frame()
            if kind == DATA:
                yield payload
            elif kind == END:
                finished = True
                return
            else:
                # Headers are out: the only honest signal left is to break the connection.
                raise ConnectionAbortedError(json.loads(payload).get("message", "query failed"))
    finally:
        if finished:
            done()
        else:
            abort()


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    @property
    def pid(self) -> int:
        return self.process.pid


class WorkerPool:
    """Query worker processes over an on-disk store; see the module docstring."""

    def __init__(
        self,
        path: Path,
        *,
        size: int,
        timeout: float,
        write_lock: WriteLock,
        flush: Callable[[], None],
        warm: int = 1,
        queue_wait: float | None = None,
    ) -> None:
        self.path = Path(path)
        self.size = max(1, size)
        self.timeout = timeout
        self.queue_wait = min(QUEUE_WAIT_MAX, timeout) if queue_wait is None else queue_wait
        self._write_lock = write_lock
        self._flush = flush
        self._checked: int | None = None
        self._warm_count = min(warm, self.size)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: list[_Worker] = []
        self._workers: dict[int, _Worker] = {}
        self._pending: set[asyncio.Task[None]] = set()  # warm-up spawns in flight
        self._slots: asyncio.Semaphore | None = None
        self._sync_lock: asyncio.Lock | None = None
        # Workers are started from this one long-lived thread: Linux kills them when the thread
        # that started them exits (PR_SET_PDEATHSIG), which must not be a short-lived pool thread.
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spacekg-workers")

    # --- public ---------------------------------------------------------------------------

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        return sorted(self._workers)

    async def start(self) -> None:
        """Start the warm workers in the background, so the first queries do not wait for them."""
        self._bind()
        for _ in range(self._warm_count):
            self._start_warm()

    async def run(self, task: Task) -> Reply:
        """Run a task in a worker; raises :class:`ApiError` 503 on timeout or when all are busy."""
        loop = self._bind()
        task = replace(task, generation=await self._sync_store())
        assert self._slots is not None
        if self._slots.locked():
            try:
                await asyncio.wait_for(self._slots.acquire(), self.queue_wait)
            except TimeoutError:
                raise _busy(self.size) from None
        else:
            await self._slots.acquire()  # free: returns at once
        try:
            worker = await self._take_worker()
        except BaseException:
            self._slots.release()
            raise
        # The clock starts when a worker has the query: time spent queueing is bounded apart.
        deadline = loop.time() + self.timeout
        payload = _pickle(task)
        worker.writer.write(FRAME.pack(len(payload), TASK[0]) + payload)

        async def next_frame() -> tuple[bytes, bytes]:
            head = await worker.reader.readexactly(FRAME.size)
            size, kind = FRAME.unpack(head)
            return bytes([kind]), (await worker.reader.readexactly(size) if size else b"")

        return await _assemble(
            next_frame,
            deadline,
            self.timeout,
            done=lambda: self._release(worker),
            abort=lambda: self._discard(worker),
        )

    async def _take_worker(self) -> _Worker:
        """An idle worker that is still alive, one being warmed up, or a new one."""
        while True:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                self._workers.pop(worker.pid, None)  # died while idle (killed by an operator, OOM)
                try:
                    worker.writer.close()
                except RuntimeError:
                    pass
            if not self._pending:
                return await self._spawn()
            await asyncio.wait(set(self._pending), return_when=asyncio.FIRST_COMPLETED)

    async def close(self) -> None:
        """Stop every worker."""
        for worker in list(self._workers.values()):
            self._discard(worker, replace_it=False)
        self._spawner.shutdown(wait=False)

    # --- internals ------------------------------------------------------------------------

    def _bind(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # A new event loop (a test client's, say): streams of the old one are unusable.
            for worker in list(self._workers.values()):
                self._discard(worker, replace_it=False)
            self._loop = loop
            self._idle = []
            self._pending = set()
            self._slots = asyncio.Semaphore(self.size)
            self._sync_lock = asyncio.Lock()
        return loop

    async def _sync_store(self) -> int:
        """The data generation to query at; first flushes the server's writes if the log is long."""
        generation = self._write_lock.generation
        if generation == self._checked:
            return generation
        assert self._sync_lock is not None
        async with self._sync_lock:
            generation = self._write_lock.generation
            if generation != self._checked:
                if self._wal_bytes() > FLUSH_WAL_BYTES:
                    await asyncio.get_running_loop().run_in_executor(None, self._flush_now)
                self._checked = generation
        return generation

    def _wal_bytes(self) -> int:
        try:
            return sum(e.stat().st_size for e in os.scandir(self.path) if e.name.endswith(".log"))
        except OSError:
            return 0

    def _flush_now(self) -> None:
        with self._write_lock.quietly():
            self._flush()

    async def _spawn(self) -> _Worker:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            process = await loop.run_in_executor(self._spawner, self._popen, theirs.fileno())
        finally:
            theirs.close()
        reader, writer = await asyncio.open_unix_connection(sock=ours, limit=4 * CHUNK)
        worker = _Worker(process, reader, writer)
        self._workers[worker.pid] = worker
        return worker

    def _popen(self, fd: int) -> subprocess.Popen[bytes]:
        command = [
            sys.executable,
            "-m",
            "spacekg.api.query_worker",
            str(fd),
            str(self.path),
            str(os.getpid()),
        ]
        return subprocess.Popen(command, pass_fds=(fd,), stdin=subprocess.DEVNULL)

    def _start_warm(self) -> None:
        """Start one worker in the background, if the pool is not full."""
        if len(self._workers) + len(self._pending) >= self.size or self._loop is None:
            return
        task = self._loop.create_task(self._warm())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _warm(self) -> None:
        try:
            worker = await self._spawn()
        except OSError:
            return
        self._idle.append(worker)

    def _release(self, worker: _Worker) -> None:
        if worker.pid in self._workers and len(self._workers) > self.size:
            self._discard(worker, replace_it=False)  # one too many (a warm-up raced a spawn)
            return
        if worker.pid in self._workers:
            self._idle.append(worker)
        assert self._slots is not None
        self._slots.release()

    def _discard(self, worker: _Worker, *, replace_it: bool = True) -> None:
        """SIGKILL a worker, reap it, free its slot; start a replacement in the background."""
        if self._workers.pop(worker.pid, None) is None:
            return
        if worker in self._idle:
            self._idle.remove(worker)
        else:
            assert self._slots is not None
            self._slots.release()
        try:
            worker.writer.close()
        except RuntimeError:
            pass  # its event loop is already closed
        try:
            worker.process.kill()
        except ProcessLookupError:
            pass
        # SIGKILL cannot be ignored: the wait returns as soon as the kernel has torn it down.
        worker.process.wait()
        if replace_it and self._loop is not None and self._loop.is_running():
            self._start_warm()


def _pickle(task: Task) -> bytes:
    import pickle

    return pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)


class InProcessRunner:
    """Runs queries on an in-memory store in server threads (they cannot be killed: see module doc)."""

    def __init__(self, db: ox.Store, *, size: int, timeout: float) -> None:
        self.db = db
        self.size = max(1, size)
        self.timeout = timeout
        self.queue_wait = min(QUEUE_WAIT_MAX, timeout)
        self._executor = ThreadPoolExecutor(
            max_workers=self.size, thread_name_prefix="spacekg-query"
        )
        self._slots = threading.BoundedSemaphore(self.size)

    def pids(self) -> list[int]:
        """No worker processes: queries run in this process."""
        return []

    async def start(self) -> None:
        """Nothing to warm up."""

    async def run(self, task: Task) -> Reply:
        """Run a task in a thread; 503 on timeout (the thread finishes the query regardless)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        acquired = await loop.run_in_executor(None, self._slots.acquire, True, self.queue_wait)
        if not acquired:
            raise _busy(self.size)
        frames: asyncio.Queue[tuple[bytes, bytes]] = asyncio.Queue()

        def emit(kind: bytes, payload: bytes) -> None:
            loop.call_soon_threadsafe(frames.put_nowait, (kind, payload))

        def work() -> None:
            try:
                execute(self.db, task, emit)
            except Exception as err:  # noqa: BLE001 - reported to the client as a 500
                emit(
                    ERROR,
                    json.dumps({"status": 500, "message": f"the query failed: {err}"}).encode(),
                )
            finally:
                self._slots.release()

        self._executor.submit(work)
        return await _assemble(
            frames.get, deadline, self.timeout, done=lambda: None, abort=lambda: None
        )

    async def close(self) -> None:
        """Let running queries finish in the background."""
        self._executor.shutdown(wait=False)
