"""The engine a server reads through: every task bounded in time, killable, and fair.

``store.engine(limits)`` gives an :class:`Engine`; the HTTP layer sends it SPARQL queries
(:class:`QueryTask`), Graph Store reads (:class:`GraphTask`) and read-model calls
(:meth:`Engine.read`), and never touches the store's backend itself. Over an on-disk store
each task runs in a worker process that is killed at the deadline (:mod:`.pool`).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .tasks import GraphTask, QueryTask, ReadTask, Reply, Task

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Engine", "GraphTask", "Limits", "QueryTask", "ReadTask", "Reply", "Task"]


@dataclass(frozen=True)
class Limits:
    """What one task may cost: time (queueing included), rows, and how many run at once."""

    timeout: float = 30.0
    max_rows: int = 100_000
    workers: int = 4


class Engine:
    """Runs tasks over a store within :class:`Limits` (see :mod:`.pool`)."""

    def __init__(
        self, store: Store, limits: Limits, *, warm: int = 1, prespawned: list[Any] | None = None
    ) -> None:
        from .pool import ThreadRunner, WorkerPool

        self.store = store
        self.limits = limits
        if store.path is None:
            self._runner: Any = ThreadRunner(store, size=limits.workers, timeout=limits.timeout)
        else:
            self._runner = WorkerPool(
                store,
                size=limits.workers,
                timeout=limits.timeout,
                warm=warm,
                prespawned=prespawned,
            )

    async def start(self) -> None:
        """Start the workers (in the background)."""
        await self._runner.start()

    async def close(self) -> None:
        """Stop the workers."""
        await self._runner.close()

    def pids(self) -> list[int]:
        """Process ids of the live workers (empty for an in-memory store)."""
        return self._runner.pids()

    async def run(self, task: QueryTask | GraphTask, *, short: bool = False) -> Reply:
        """Run a query or graph read; the reply streams what did not fit its first chunk."""
        return await self._runner.run(task, short=short)

    async def read(self, call: str, *args: Any, **kwargs: Any) -> Any:
        """Call the read model (``spacekg.graph.read.<call>(store, ...)``) within the limits."""
        reply = await self._runner.run(ReadTask(call, args, kwargs), short=True)
        body = bytearray(reply.body)
        if reply.rest is not None:
            async for chunk in reply.rest:
                body += chunk
        return pickle.loads(body)
