"""Where the time goes: the top functions of one profiled call, for a missed aim.

>>> rows = hotspots(lambda: sorted(range(1000)), top=2)
>>> len(rows) <= 2
True
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import REPO

__all__ = ["hotspots", "hotspot_rows", "HOTSPOT_HEADER"]


def _where(func: tuple[str, int, str]) -> str:
    file, line, name = func
    path = Path(file)
    try:
        shown = str(path.resolve().relative_to(REPO))
    except ValueError:
        parts = path.parts
        shown = "/".join(parts[parts.index("site-packages") + 1:]) if "site-packages" in parts \
            else path.name
    return f"{shown}:{line} {name}" if line else name


def hotspots(fn: Callable[[], Any], top: int = 6) -> list[tuple[str, float, float]]:
    """(function, own share of the profiled time, cumulative seconds), costliest own time first."""
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    stats = pstats.Stats(prof)
    entries: list[tuple[str, float, float]] = []
    for func, (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        entries.append((_where(func), tt, ct))
    total = sum(e[1] for e in entries) or 1.0
    entries.sort(key=lambda e: e[1], reverse=True)
    return [(name, own / total, cum) for name, own, cum in entries[:top]]


def hotspot_rows(entries: list[tuple[str, float, float]]) -> list[list[str]]:
    return [[f"`{name}`", f"{share * 100:.0f}%", f"{cum * 1000:.0f} ms"]
            for name, share, cum in entries]


HOTSPOT_HEADER = ["function (by own time)", "share of profiled time", "cumulative"]
