"""A real ``spacekg serve`` in a subprocess, for benchmarks and tests: started, watched, stopped.

:func:`start` runs the server as an operator would (``python -m spacekg.api.cli serve``) on a
free loopback port and waits until ``/ready`` says a query worker is up. :meth:`Server.rss` is
the resident memory of the server and every process it started (its query workers), read from
``/proc``; :class:`PeakMemory` samples it in a thread to find the peak over a run.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it (Linux ``/proc``)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue.extend(int(child) for child in handle.read().split())
            except OSError:
                continue
    return found


def rss_bytes(pid: int) -> int:
    """Resident memory of one process, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@dataclass
class Server:
    """A running ``spacekg serve`` subprocess."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.process.pid

    def rss(self) -> int:
        """Resident memory of the server and its query workers, in bytes."""
        return sum(rss_bytes(pid) for pid in descendants(self.pid))

    def workers(self) -> list[int]:
        """Process ids of the server's children (its query workers)."""
        return descendants(self.pid)[1:]

    def stop(self, timeout: float = 30) -> int:
        """Ask the server to stop (SIGTERM, as an init system does); kill it if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()

    def kill(self) -> None:
        """SIGKILL the server (its workers notice their parent is gone and exit)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def start(
    store: Path,
    *,
    log: Path,
    token: str | None = None,
    workers: int | None = None,
    query_timeout: float | None = None,
    ready_within: float = 120,
) -> Server:
    """Start ``spacekg serve`` over ``store``; its stderr (the access log) goes to ``log``."""
    port = free_port()
    command = [sys.executable, "-m", "spacekg.api.cli", "serve", "--store", str(store)]
    command += ["--port", str(port)]
    if token is not None:
        command += ["--token", token]
    if workers is not None:
        command += ["--workers", str(workers)]
    if query_timeout is not None:
        command += ["--query-timeout", str(query_timeout)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPACEKG_")}
    with log.open("ab") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=sink, env=env)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"spacekg serve exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(server.url + "/ready", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"spacekg serve was not ready within {ready_within:g} s")


@dataclass
class PeakMemory:
    """Samples a server's memory (with its workers) every ``every`` seconds in a thread."""

    server: Server
    every: float = 0.25
    peak: int = 0
    samples: list[int] = field(default_factory=list)
    #: At the peak: the server's own memory, and its workers' (how many, and in all).
    peak_server: int = 0
    peak_workers: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            by_process = {pid: rss_bytes(pid) for pid in descendants(self.server.pid)}
            value = sum(by_process.values())
            self.samples.append(value)
            if value > self.peak:
                self.peak = value
                self.peak_server = by_process.get(self.server.pid, 0)
                workers = [v for pid, v in by_process.items() if pid != self.server.pid]
                self.peak_workers = (len(workers), sum(workers))
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
