"""Timing whole commands from outside, two at a time and interleaved (A B A B ...).

A user runs whole commands, so that is what is timed: each run is a new process, measured by
the operating system (``os.wait4``: wall time, CPU time, peak memory of the process). The two
commands of a comparison take turns, so a machine whose speed drifts affects both alike, and
the ratio is taken pair by pair; medians are what to quote, min and max show the spread.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """One finished run of a command."""

    wall: float
    cpu: float
    peak_mb: float
    status: int


@dataclass
class Series:
    """Several runs of one command."""

    label: str
    runs: list[Run] = field(default_factory=list)

    def stat(self, name: str) -> tuple[float, float, float]:
        """(min, median, max) of ``wall``, ``cpu`` or ``peak_mb``."""
        values = [getattr(r, name) for r in self.runs]
        return min(values), statistics.median(values), max(values)


@dataclass
class Comparison:
    """Two commands run in turn: A (ours) and B (the baseline)."""

    name: str
    a: Series
    b: Series

    def ratio(self, name: str = "wall") -> tuple[float, float, float]:
        """(min, median, max) of A/B taken pair by pair."""
        pairs = [
            getattr(x, name) / getattr(y, name)
            for x, y in zip(self.a.runs, self.b.runs, strict=True)
            if getattr(y, name)
        ]
        return min(pairs), statistics.median(pairs), max(pairs)


def run(command: Sequence[str], *, env: dict[str, str] | None = None) -> Run:
    """Run a command to its end (output discarded) and measure it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        status=process.returncode,
    )


def compare(
    name: str,
    a: Sequence[str],
    b: Sequence[str],
    *,
    runs: int = 3,
    warmup: int = 1,
    before: Callable[[], None] | None = None,
    labels: tuple[str, str] = ("A", "B"),
) -> Comparison:
    """Run ``a`` and ``b`` in turn ``runs`` times after ``warmup`` untimed rounds.

    ``before`` runs (untimed) before every run of either command: a fresh store, say.
    """
    result = Comparison(name, Series(labels[0]), Series(labels[1]))
    for i in range(warmup + runs):
        for command, series in ((a, result.a), (b, result.b)):
            if before is not None:
                before()
            measured = run(command)
            if measured.status != 0:
                raise RuntimeError(f"{' '.join(command)} exited with {measured.status}")
            if i >= warmup:
                series.runs.append(measured)
    return result


def row(comparison: Comparison) -> str:
    """A markdown table row: A and B medians (min-max), their ratio, and peak memory."""

    def cell(series: Series, what: str, unit: str) -> str:
        low, mid, high = series.stat(what)
        return f"{mid:.2f}{unit} ({low:.2f}-{high:.2f})"

    low, mid, high = comparison.ratio("wall")
    mem = comparison.ratio("peak_mb")[1]
    return (
        f"| {comparison.name} | {comparison.a.label}: {cell(comparison.a, 'wall', ' s')} | "
        f"{comparison.b.label}: {cell(comparison.b, 'wall', ' s')} | **{mid:.2f}x** "
        f"({low:.2f}-{high:.2f}) | {comparison.a.stat('peak_mb')[1]:.0f} / "
        f"{comparison.b.stat('peak_mb')[1]:.0f} MB ({mem:.2f}x) |"
    )


HEADER = (
    "| what | ours: median wall (min-max) | baseline | ratio (pairwise) | peak memory ours / baseline |\n"
    "|---|---|---|---|---|"
)
