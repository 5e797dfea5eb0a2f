"""What a larger archive costs: load, reopen and trace at 1x, 3x and 10x the corpus.

One store takes the whole archive cascade by cascade (each cascade is one 1x
corpus: the generator's ``scale``); the time of each cascade's load is one
run.  When the store holds 1x, 3x and 10x, reopen and the trace of the first
national root are timed, beside the floors of the other sections (plain
sqlite3 reads; scipy BFS).  Load throughput is compared with the first
cascade's, measured in the same pass.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from bench.common import Section, fmt_kib, fmt_ms, fmt_rate, fmt_x, measure, ratio
from bench.context import Context
from bench.store import read_rows, reopen
from bench.traverse import Bfs

__all__ = ["run", "checkpoints", "RESERVE"]

#: Seconds the areas after this one need (API, explorer, memory, accuracy).
RESERVE = 210.0


def checkpoints(scale: int) -> list[int]:
    """The sizes to stop at: 1x, 3x and the whole archive.

    >>> checkpoints(10), checkpoints(2)
    ([1, 3, 10], [1, 2])
    """
    return sorted({k for k in (1, 3, scale) if k <= scale})


def _row(ctx: Context, store: Any, target: Path, size: int, chunk: list[float],
         first: float) -> list[str]:
    """One line of the table, once the store holds ``size`` cascades."""
    from graph.analyses import trace

    root = ctx.root_key
    docs = store.stats()["documents"]
    disk = sum(p.stat().st_size for p in target.iterdir() if p.is_file())
    m_open = measure(lambda: reopen(target), ctx.runs)
    f_open = measure(lambda: read_rows(target), ctx.runs)
    bfs = Bfs(target)
    walk = measure(lambda: bfs.walk(root), ctx.runs)
    trace(store.cascade_documents(root), root)  # warm
    m_trace = measure(lambda: trace(store.cascade_documents(root), root), ctx.runs)
    rate = statistics.median(chunk)
    return [f"{size}x", f"{docs:,}", fmt_kib(disk), fmt_rate(rate), fmt_x(ratio(first, rate)),
            str(len(chunk)), fmt_ms(m_open.median), fmt_x(ratio(m_open.median, f_open.median)),
            fmt_ms(m_trace.median), fmt_x(ratio(m_trace.median, walk.median)),
            str(m_open.runs)]


def _stop(ctx: Context, store: Any, target: Path, size: int, stops: list[int],
          rates: list[float]) -> list[str]:
    store.close()
    prev = [k for k in stops if k < size]
    return _row(ctx, store, target, size, rates[(prev[-1] if prev else 0):size], rates[0])


def run(ctx: Context) -> Section:
    from graph.sqlite_store import SqliteStore

    sec = Section("Growth from 1x to 10x")
    corpus = ctx.corpus
    roots = sorted(corpus.by_root)
    target = ctx.work / "stores" / "growth"
    if target.exists():
        shutil.rmtree(target)
    store = SqliteStore(target)
    rates: list[float] = []
    rows: list[list[str]] = []
    stops = checkpoints(len(roots))
    skipped = ""
    per_cascade = 0.0
    loaded = 0
    try:
        for i, prefix in enumerate(roots, start=1):
            # Keep what the later areas need; a larger size must fit whole or not be begun.
            if per_cascade and ctx.budget.left() - RESERVE < per_cascade * 1.2 + 30:
                skipped = (f"Stopped at {loaded}x: one more cascade (about "
                           f"{per_cascade:.0f} s to parse and load here) would not leave the "
                           "later sections their time within the ten-minute budget.")
                break
            started = time.perf_counter()
            corpus.parse_root(prefix)  # not part of any figure: load is timed alone
            records = corpus.records_of(corpus.by_root[prefix])
            t = time.perf_counter()
            store.add_records(records)
            took = time.perf_counter() - t
            per_cascade = time.perf_counter() - started
            rates.append(len(records) / took)
            loaded = i
            if i in stops:
                rows.append(_stop(ctx, store, target, i, stops, rates))
        if loaded and loaded not in stops:
            rows.append(_stop(ctx, store, target, loaded, stops, rates))
    finally:
        store.close()
    sec.text(
        f"One store fed the archive's {len(roots)} national cascades in turn "
        f"({len(corpus.paths):,} documents). Load: documents per second of the cascades loaded "
        "since the previous row (each cascade is one run), and how many times slower than the "
        "first cascade. Reopen: open + `graph()`, floor plain sqlite3 reads. Trace: the first "
        "national root (cut + walk), floor scipy BFS of the same root.",
    )
    sec.table(["size", "documents", "store on disk", "load docs/s", "× 1x load time",
               "load runs", "reopen", "reopen × floor", "trace", "trace × floor",
               "reopen/trace runs"], rows)
    chosen = (f"Chose {', '.join(f'{k}x' for k in stops)}: the {len(roots)}x archive is "
              "generated once, its cascades parsed (on both cores, untimed) and loaded one "
              "after another into one store, so each larger size is the same store grown "
              "further and 10x costs one pass; a cascade is begun only if it fits the "
              "ten-minute budget.")
    sec.text(chosen + (" " + skipped if skipped else ""))
    if len(rates) > 1:
        sec.text("Load throughput of each cascade in turn (docs/s): "
                 + ", ".join(f"{r:,.0f}" for r in rates) + ".")
    return sec
