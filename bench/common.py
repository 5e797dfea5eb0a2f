"""What every benchmark area shares: timing, figures, the machine, the work folder.

A figure is the median of several runs beside a floor measured in the same
run, because this machine is shared and noisy: the ratio to the floor moves
less than the absolute number does.

>>> m = measure(lambda: sum(range(1000)), runs=3)
>>> len(m.wall), m.median >= 0.0
(3, True)
>>> measure(lambda: time.sleep(0.02), runs=5, limit=0.01).runs
1
>>> ratio(2.0, 0.5), ratio(1.0, 0.0)
(4.0, None)
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "Measure",
    "measure",
    "ratio",
    "percentile",
    "Section",
    "Table",
    "Budget",
    "machine",
    "REPO",
    "fmt_s",
    "fmt_ms",
    "fmt_rate",
    "fmt_x",
    "fmt_kib",
]

REPO = Path(__file__).resolve().parents[1]


@dataclass(slots=True)
class Measure:
    """Wall and CPU seconds of each run; the figures use the medians."""

    wall: list[float]
    cpu: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def runs(self) -> int:
        return len(self.wall)


def measure(fn: Callable[[], Any], runs: int, *, setup: Callable[[], Any] | None = None,
            limit: float | None = None) -> Measure:
    """Run ``fn`` ``runs`` times (``setup`` before each, untimed).

    With ``limit`` (seconds), fewer runs when another would take the figure
    past it (at least one run always): a slow build on a busy machine must not
    push the suite past its ten minutes.  The runs column says how many ran.
    """
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(max(1, runs)):
        if limit is not None and wall and sum(wall) + max(wall) > limit:
            break
        if setup is not None:
            setup()
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return Measure(wall, cpu)


def ratio(value: float, floor: float) -> float | None:
    """How many times the floor's cost a figure is (None when the floor took no time)."""
    return value / floor if floor > 0 else None


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by nearest rank.

    >>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50), percentile([1.0, 2.0], 99)
    (3.0, 2.0)
    """
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


Table = tuple[list[str], list[list[str]]]


@dataclass(slots=True)
class Section:
    """One part of the report: paragraphs and tables, in the order added."""

    title: str
    blocks: list[str | Table] = field(default_factory=list)

    def text(self, *lines: str) -> None:
        self.blocks.extend(lines)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append((header, rows))


class Budget:
    """The suite's clock: areas ask it whether a costly optional step still fits."""

    def __init__(self, seconds: float) -> None:
        self.started = time.monotonic()
        self.seconds = seconds

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def left(self) -> float:
        return self.seconds - self.elapsed()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def _git() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                              capture_output=True, text=True, timeout=10, check=False)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=REPO, capture_output=True, text=True, timeout=10,
                               check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    rev = head.stdout.strip() or "unknown"
    return rev + (" (working tree has uncommitted changes)" if dirty.stdout.strip() else "")


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count() or "unknown"),
        "memory": _memory(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
        "load": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        "commit": _git(),
        "executable": sys.executable,
    }


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def fmt_ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"


def fmt_rate(per_second: float, unit: str = "docs/s") -> str:
    if per_second >= 100:
        return f"{per_second:,.0f} {unit}".strip()
    return f"{per_second:.1f} {unit}".strip()


def fmt_x(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value < 1:
        return f"{value:.2f}×"
    return f"{value:.1f}×" if value < 100 else f"{value:,.0f}×"


def fmt_kib(n_bytes: float) -> str:
    if n_bytes >= 10 * 1024 * 1024:
        return f"{n_bytes / 1024 / 1024:.1f} MiB"
    return f"{n_bytes / 1024:,.0f} KiB"
