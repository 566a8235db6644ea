"""Running tasks where they can be stopped: worker processes with a hard deadline.

pyoxigraph cannot cancel a query, so a server never evaluates one in its own process when the
store is on disk. Each worker process opens the store read-only and keeps the handle warm; a
task that runs past its deadline gets its worker SIGKILLed (and reaped) and the caller a
:class:`~spacekg.errors.QueryTimeout`, and a fresh worker is started in its place. A caller that
goes away (a client disconnecting cancels its request) has its worker killed the same way.

A read-only handle sees the data as it was when opened, so the pool tells each worker the
store's write count (:attr:`Store.generation`): a worker whose handle is older refreshes it. A
refresh replays the writer's log (20-35 ms per MB); once the log has grown past 1 MB the store
is flushed first (~40 ms, once), so refreshes stay cheap after large writes.

Time: a task's deadline is set when it arrives, so time spent waiting for a free worker counts
against the timeout; a task that gets no worker before its deadline fails with
:class:`~spacekg.errors.Busy`. Short tasks (reads of the read model, ASK) may also use one
express worker that long queries never take, so small answers keep coming while long ones run.

In-memory stores cannot be opened by another process: their tasks run in threads of the server
(:class:`ThreadRunner`). The deadline still answers, but the thread runs on until the query ends:
pyoxigraph offers no way to stop it.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import subprocess
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Protocol

from spacekg.errors import Busy, QueryTimeout, SpaceKGError, StoreError, WorkerFailed

from ..store import Store
from .execute import execute
from .frames import CHUNK, DATA, END, ERROR, FRAME, HEADER, TASK, error, raise_error
from .spawn import spawn
from .tasks import Reply, Task

#: Flush the store's memtable before a task once its write-ahead log is this long: a worker
#: refreshing its handle replays the log, at about 20-35 ms per MB, while a flush costs ~40 ms.
FLUSH_LOG_BYTES = 1_000_000

FrameSource = Callable[[], Awaitable[tuple[bytes, bytes]]]


class Runner(Protocol):
    """Something that runs tasks before a deadline and answers with a :class:`Reply`."""

    async def run(self, task: Task, *, short: bool = False) -> Reply: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def pids(self) -> list[int]: ...


def timeout_message(timeout: float) -> str:
    """What a caller is told when its task ran out of time."""
    return (
        f"the query ran longer than this server allows ({timeout:g} s) and was stopped; "
        "add a LIMIT, narrow the patterns, or ask the operator for a longer --query-timeout"
    )


def _least_time(timeout: float) -> float:
    """The least time worth giving a task that waited for a worker."""
    return min(1.0, timeout / 4)


def _busy(size: int, timeout: float) -> Busy:
    return Busy(
        f"the server is already answering {size} queries at once and none finished within "
        f"{timeout:g} s; try again"
    )


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
                done()
                raise_error(payload)
            if kind != HEADER:
                raise ConnectionError("the query worker sent no header")
            import json

            info = json.loads(payload)
            reply = Reply(
                content_type=info["content_type"], truncated=info["truncated"], rows=info["rows"]
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
                    raise_error(payload)
    except SpaceKGError:
        raise
    except TimeoutError:
        abort()
        raise QueryTimeout(timeout_message(timeout)) from None
    except (asyncio.IncompleteReadError, ConnectionError, OSError):
        abort()
        raise WorkerFailed(
            "the query worker stopped unexpectedly (out of memory?); try again"
        ) from None
    except BaseException:
        abort()  # the caller went away (cancelled): the worker's state is unknown
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
                import json

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


class _Lanes:
    """Free slots: ``size`` for any task, plus one express slot that only short tasks take."""

    def __init__(self, size: int) -> None:
        self.general = asyncio.Semaphore(size)
        self.express = asyncio.Semaphore(1)

    async def acquire(self, short: bool, wait: float) -> asyncio.Semaphore:
        """A slot, or TimeoutError after ``wait`` seconds."""
        choices = (self.express, self.general) if short else (self.general,)
        for lane in choices:
            if not lane.locked():
                await lane.acquire()  # free: returns at once
                return lane
        waiting = {asyncio.ensure_future(lane.acquire()): lane for lane in choices}
        try:
            await asyncio.wait(waiting, timeout=max(0.0, wait), return_when="FIRST_COMPLETED")
        finally:
            for future in waiting:
                future.cancel()
            await asyncio.gather(*waiting, return_exceptions=True)
        won = [lane for f, lane in waiting.items() if not f.cancelled() and f.exception() is None]
        for extra in won[1:]:
            extra.release()
        if not won:
            raise TimeoutError
        return won[0]


class WorkerPool:
    """Worker processes over an on-disk store; see the module docstring."""

    def __init__(
        self,
        store: Store,
        *,
        size: int,
        timeout: float,
        warm: int = 1,
        prespawned: list[tuple[socket.socket, subprocess.Popen[bytes]]] | None = None,
    ) -> None:
        assert store.path is not None
        self.store = store
        # workers started before the pool (spacekg serve starts one while it imports)
        self._prespawned = list(prespawned or [])
        self.size = max(1, size)
        self.timeout = timeout
        self._checked: int | None = None
        self._warm_count = min(warm, self.size + 1)
        self._to_warm = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: list[_Worker] = []
        self._workers: dict[int, _Worker] = {}
        self._pending: set[asyncio.Task[None]] = set()  # warm-up spawns in flight
        self._lanes: _Lanes | None = None
        self._sync_lock: asyncio.Lock | None = None
        # Workers are started from this one long-lived thread: Linux kills them when the thread
        # that started them exits (PR_SET_PDEATHSIG), which must not be a short-lived pool thread.
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spacekg-workers")

    # --- public ---------------------------------------------------------------------------

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        return sorted(self._workers)

    async def start(self) -> None:
        """Start the warm workers in the background, so the first tasks do not wait for them.

        One at a time: started together, they would share the CPU and the first to be ready
        (which the first query waits for) would come several times later.
        """
        self._bind()
        self._to_warm = self._warm_count
        self._start_warm()

    async def run(self, task: Task, *, short: bool = False) -> Reply:
        """Run a task in a worker before its deadline (see the module docstring)."""
        loop = self._bind()
        deadline = loop.time() + self.timeout
        task = replace(task, generation=await self._sync_store())
        assert self._lanes is not None
        try:
            lane = await self._lanes.acquire(
                short, deadline - loop.time() - _least_time(self.timeout)
            )
        except TimeoutError:
            raise _busy(self.size, self.timeout) from None
        if deadline - loop.time() < _least_time(self.timeout):
            lane.release()  # too little time left to be worth starting: let the client retry
            raise _busy(self.size, self.timeout)
        try:
            worker = await self._take_worker()
        except BaseException:
            lane.release()
            raise
        payload = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
        worker.writer.write(FRAME.pack(len(payload), TASK[0]) + payload)

        async def next_frame() -> tuple[bytes, bytes]:
            head = await worker.reader.readexactly(FRAME.size)
            size, kind = FRAME.unpack(head)
            return bytes([kind]), (await worker.reader.readexactly(size) if size else b"")

        return await _assemble(
            next_frame,
            deadline,
            self.timeout,
            done=lambda: self._release(worker, lane),
            abort=lambda: self._discard(worker, lane),
        )

    async def close(self) -> None:
        """Stop every worker."""
        for worker in list(self._workers.values()):
            self._discard(worker, None, replace_it=False)
        self._spawner.shutdown(wait=False)

    # --- internals ------------------------------------------------------------------------

    def _bind(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # A new event loop (a test client's, say): streams of the old one are unusable.
            for worker in list(self._workers.values()):
                self._discard(worker, None, replace_it=False)
            self._loop = loop
            self._idle = []
            self._pending = set()
            self._lanes = _Lanes(self.size)
            self._sync_lock = asyncio.Lock()
        return loop

    async def _take_worker(self) -> _Worker:
        """An idle worker that is still alive, one being warmed up, or a new one."""
        while True:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                self._workers.pop(worker.pid, None)  # died while idle (killed by an operator, OOM)
                _close_quietly(worker)
            if not self._pending:
                return await self._spawn()
            await asyncio.wait(set(self._pending), return_when=asyncio.FIRST_COMPLETED)

    async def _sync_store(self) -> int:
        """The data generation to read at; first flushes the store's writes if its log is long."""
        generation = self.store.generation
        if generation == self._checked:
            return generation
        assert self._sync_lock is not None
        async with self._sync_lock:
            generation = self.store.generation
            if generation != self._checked:
                if self.store.log_bytes() > FLUSH_LOG_BYTES:
                    await asyncio.get_running_loop().run_in_executor(None, self.store.flush)
                self._checked = generation
        return generation

    async def _spawn(self) -> _Worker:
        loop = asyncio.get_running_loop()
        if self._prespawned:
            ours, process = self._prespawned.pop()
        else:
            assert self.store.path is not None
            ours, process = await loop.run_in_executor(self._spawner, spawn, self.store.path)
        reader, writer = await asyncio.open_unix_connection(sock=ours, limit=4 * CHUNK)
        worker = _Worker(process, reader, writer)
        self._workers[worker.pid] = worker
        return worker

    def _start_warm(self) -> None:
        """Start one worker in the background, if the pool is not full."""
        full = len(self._workers) + len(self._pending) >= self.size + 1
        if full or self._loop is None:
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
        self._to_warm -= 1
        # This warm-up is done, but its done-callback has not yet taken it off the pending set:
        # counted there, it would make the pool look full and the next warm-up would never start.
        self._pending.discard(asyncio.current_task())  # type: ignore[arg-type]
        if self._to_warm > 0:
            current = asyncio.current_task()
            if current is not None:
                self._pending.discard(current)  # this warm-up is done: it must not count as busy
            self._start_warm()

    def _release(self, worker: _Worker, lane: asyncio.Semaphore) -> None:
        lane.release()
        if worker.pid not in self._workers:
            return
        if len(self._workers) > self.size + 1:
            self._discard(worker, None, replace_it=False)  # one too many (a warm-up raced a spawn)
            return
        self._idle.append(worker)

    def _discard(
        self, worker: _Worker, lane: asyncio.Semaphore | None, *, replace_it: bool = True
    ) -> None:
        """SIGKILL a worker, reap it, free its slot; start a replacement in the background."""
        if lane is not None:
            lane.release()
        if self._workers.pop(worker.pid, None) is None:
            return
        if worker in self._idle:
            self._idle.remove(worker)
        _close_quietly(worker)
        try:
            worker.process.kill()
        except ProcessLookupError:
            pass
        # SIGKILL cannot be ignored: the wait returns as soon as the kernel has torn it down.
        worker.process.wait()
        if replace_it and self._loop is not None and self._loop.is_running():
            self._start_warm()


def _close_quietly(worker: _Worker) -> None:
    try:
        worker.writer.close()
    except RuntimeError:
        pass  # its event loop is already closed


class ThreadRunner:
    """Runs tasks on an in-memory store in server threads (they cannot be killed: see module doc)."""

    def __init__(self, store: Store, *, size: int, timeout: float) -> None:
        self.store = store
        self.size = max(1, size)
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(
            max_workers=self.size + 1, thread_name_prefix="spacekg-query"
        )
        self._slots = threading.BoundedSemaphore(self.size + 1)

    def pids(self) -> list[int]:
        """No worker processes: tasks run in this process."""
        return []

    async def start(self) -> None:
        """Nothing to warm up."""

    async def run(self, task: Task, *, short: bool = False) -> Reply:
        """Run a task in a thread before its deadline (the thread finishes it regardless)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        acquired = await loop.run_in_executor(None, self._slots.acquire, True, self.timeout)
        if not acquired:
            raise _busy(self.size, self.timeout)
        frames: asyncio.Queue[tuple[bytes, bytes]] = asyncio.Queue()

        def emit(kind: bytes, payload: bytes) -> None:
            loop.call_soon_threadsafe(frames.put_nowait, (kind, payload))

        def work() -> None:
            try:
                execute(self.store, task, emit)
            except (StoreError, OSError, RuntimeError) as err:
                emit(ERROR, error(StoreError(f"the query failed: {err}")))
            finally:
                self._slots.release()

        self._executor.submit(work)
        return await _assemble(
            frames.get, deadline, self.timeout, done=lambda: None, abort=lambda: None
        )

    async def close(self) -> None:
        """Let running tasks finish in the background."""
        self._executor.shutdown(wait=False)
