"""trace, lineage and coverage latency, beside a breadth-first-search floor.

Each analysis is timed as the API runs it: the store cuts the subgraph
(``store.cascade_documents`` for trace and lineage, ``coverage_slice`` for
coverage), then the analysis walks it.  The full cut (``store.cascade``, with
addressees, tasks and units, as the explorer and export use it) is timed
beside it, for comparison.  The floor is
``scipy.sparse.csgraph.breadth_first_order`` over the same implements edges,
from the same document (the CSR matrix is built outside the timing): the
least a walk of that cascade can cost.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from bench.common import Section, fmt_ms, fmt_x, measure, ratio
from bench.context import Context
from bench.profile import HOTSPOT_HEADER, hotspot_rows, hotspots

__all__ = ["run", "Bfs", "AIM_TRACE"]

AIM_TRACE = 0.200  # seconds: a trace of the whole national cascade


class Bfs:
    """The floor: implements edges as CSR matrices, walked by scipy."""

    def __init__(self, store_dir: Path) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix

        from graph.sqlite_db import DB_FILE

        conn = sqlite3.connect(store_dir / DB_FILE)
        try:
            pairs = conn.execute("SELECT src, dst FROM edges WHERE rel = 'implements'").fetchall()
        finally:
            conn.close()
        ids = sorted({n for pair in pairs for n in pair})
        self.index = {n: i for i, n in enumerate(ids)}
        src = np.array([self.index[s] for s, _ in pairs], dtype=np.int32)
        dst = np.array([self.index[d] for _, d in pairs], dtype=np.int32)
        ones = np.ones(len(pairs), dtype=np.int8)
        size = (len(ids), len(ids))
        self.down = csr_matrix((ones, (dst, src)), shape=size)  # document -> its implementers
        self.up = csr_matrix((ones, (src, dst)), shape=size)  # document -> what it implements
        self.edges = len(pairs)

    def walk(self, key: str, direction: str = "down") -> int:
        """How many documents a breadth-first walk from ``key`` reaches (itself included)."""
        from scipy.sparse.csgraph import breadth_first_order

        start = self.index.get("doc:" + key)
        if start is None:
            return 1
        matrix = self.down if direction == "down" else self.up
        return len(breadth_first_order(matrix, start, directed=True, return_predecessors=False))


def run(ctx: Context) -> Section:
    from graph.analyses import lineage, trace
    from graph.coverage import coverage, coverage_slice
    from graph.sqlite_store import SqliteStore

    sec = Section("trace, lineage and coverage latency")
    assert ctx.store is not None
    root, district = ctx.root_key, ctx.district_key
    if not root:
        sec.text("The central directive of the generated cascade is not in the store: "
                 "nothing to trace.")
        return sec
    store = SqliteStore(ctx.store)
    bfs = Bfs(ctx.store)
    runs = max(ctx.runs, 9)  # the lean figures take milliseconds: more runs, less noise
    out: dict[str, Any] = {}

    def do_trace() -> None:
        out["trace"] = trace(store.cascade_documents(root, direction="down"), root)

    def do_cut() -> None:
        out["cut"] = store.cascade_documents(root, direction="down")

    def do_full_trace() -> None:
        out["full"] = trace(store.cascade(root, direction="down"), root)

    def do_full_cut() -> None:
        out["full cut"] = store.cascade(root, direction="down")

    def do_lineage() -> None:
        out["lineage"] = lineage(store.cascade_documents(district, direction="up"), district)

    def do_coverage() -> None:
        out["coverage"] = coverage(coverage_slice(store, root), root)

    try:
        do_trace()  # warm the connection and the caches, as a running server has them
        m_trace = measure(do_trace, runs)
        m_cut = measure(do_cut, runs)
        g = out["cut"]
        m_walk = measure(lambda: trace(g, root), runs)
        do_full_trace()
        m_full = measure(do_full_trace, ctx.runs, limit=20)  # about half a second each
        m_full_cut = measure(do_full_cut, ctx.runs, limit=20)
        full = out["full cut"]
        whole = store.graph()
        m_whole = measure(lambda: trace(whole, root), runs)
        m_lin = measure(do_lineage, runs) if district else None
        m_cov = measure(do_coverage, ctx.runs, limit=20)
        f_down = measure(lambda: bfs.walk(root, "down"), runs)
        f_up = measure(lambda: bfs.walk(district, "up"), runs)
        reached = bfs.walk(root, "down")
        steps = len(out["trace"].steps)
        same = out["trace"] == out["full"]
        sec.text(
            f"From the national root `{root}`: the trace reaches {steps} documents "
            f"(depth {out['trace'].depth}). The store cuts it `cascade_documents`: "
            f"{g.number_of_nodes():,} nodes and {g.number_of_edges():,} edges (the documents, "
            "the implements edges between them, each document's issuer). The full cut "
            f"(`cascade`, as the explorer and export read it) holds {full.number_of_nodes():,} "
            f"nodes and {full.number_of_edges():,} edges (with addressees, tasks, assignees and "
            "the units' structure); the trace over it is "
            + ("the same." if same else "**different** (a bug).")
            + f" The BFS floor reaches {reached} documents over {bfs.edges} implements edges. "
            f"Lineage from the district letter `{district}`. The store is warm (one call "
            "before timing), as in a running server.",
        )
        rows = [
            ["trace, national root (lean cut + walk, as the API runs it)", fmt_ms(m_trace.median),
             fmt_ms(f_down.median), fmt_x(ratio(m_trace.median, f_down.median)),
             str(m_trace.runs)],
            ["… of which the store's cut (`cascade_documents`)", fmt_ms(m_cut.median), "", "",
             str(m_cut.runs)],
            ["… of which the walk (`trace` on the cut)", fmt_ms(m_walk.median),
             fmt_ms(f_down.median), fmt_x(ratio(m_walk.median, f_down.median)),
             str(m_walk.runs)],
            ["trace over the full cut (`cascade` + walk)", fmt_ms(m_full.median),
             fmt_ms(f_down.median), fmt_x(ratio(m_full.median, f_down.median)),
             str(m_full.runs)],
            ["… of which the full cut (`cascade`)", fmt_ms(m_full_cut.median), "", "",
             str(m_full_cut.runs)],
            ["trace over the whole in-memory graph (`store.graph()` kept)",
             fmt_ms(m_whole.median), fmt_ms(f_down.median),
             fmt_x(ratio(m_whole.median, f_down.median)), str(m_whole.runs)],
        ]
        if m_lin is not None:
            lin = out["lineage"]
            rows.append([f"lineage, district letter ({len(lin.steps)} steps up)",
                         fmt_ms(m_lin.median), fmt_ms(f_up.median),
                         fmt_x(ratio(m_lin.median, f_up.median)), str(m_lin.runs)])
        cov = out["coverage"]
        rows.append([f"coverage, national root ({len(cov.responded)} responded, "
                     f"{len(cov.not_responded)} not)", fmt_ms(m_cov.median),
                     fmt_ms(f_down.median), fmt_x(ratio(m_cov.median, f_down.median)),
                     str(m_cov.runs)])
        sec.table(["what", "median latency", "BFS floor", "× floor", "runs"], rows)
        met = m_trace.median < AIM_TRACE
        sec.text(
            f"Aim: a trace of the whole national cascade in under {AIM_TRACE * 1000:.0f} ms. "
            f"Measured {fmt_ms(m_trace.median)} (lean cut + walk): "
            + ("meets the aim." if met else
               f"**misses** the aim by a factor of {m_trace.median / AIM_TRACE:.1f}; "
               f"the store's cut alone measures {fmt_ms(m_cut.median)} (see the profile)."),
        )
        if not met:
            sec.text("Where one trace of the national root spends its time (cProfile):")
            sec.table(HOTSPOT_HEADER, hotspot_rows(hotspots(do_trace)))
    finally:
        store.close()
    return sec
