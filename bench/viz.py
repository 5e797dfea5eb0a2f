"""Explorer page build time and HTML size for the national cascade.

Two pages: the one the server sends for ``/cascade?doc=ROOT`` (an aggregated
view: one group per province, expanded on demand through the API) and the
standalone file ``directive-graph viz ROOT --out page.html`` writes (every
group's nodes and the vis-network library inlined, so it opens from disk).
Floor: the store's cut of the same cascade dumped as plain node-link JSON.
"""

from __future__ import annotations

import json
from typing import Any

from bench.common import Section, fmt_kib, fmt_ms, fmt_x, measure, ratio
from bench.context import Context

__all__ = ["run"]


def run(ctx: Context) -> Section:
    import networkx as nx

    from api.cli_serve import standalone_page
    from graph.sqlite_store import SqliteStore
    from viz.explore import cascade_view
    from viz.render import render_cascade

    sec = Section("Explorer page")
    assert ctx.store is not None
    root = ctx.root_key
    store = SqliteStore(ctx.store)
    out: dict[str, Any] = {}

    def served() -> None:
        view = cascade_view(store, root)
        out["groups"] = len(view["meta"].get("groups", []))
        out["served"] = render_cascade(view)

    def standalone() -> None:
        out["standalone"] = standalone_page(store, root)

    def floor() -> None:
        g = store.cascade(root, direction="down")
        out["floor"] = json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False,
                                  default=str)

    # One standalone build costs seconds on a national cascade: fewer runs of it.
    alone_runs = min(ctx.runs, 2)
    try:
        served()  # warm
        m_served = measure(served, ctx.runs, limit=20)
        m_alone = measure(standalone, alone_runs, limit=45)
        f = measure(floor, ctx.runs)
        m_cut = measure(lambda: store.cascade(root, direction="down"), ctx.runs)
    finally:
        store.close()
    floor_size = len(out["floor"].encode("utf-8"))
    s_size = len(out["served"].encode("utf-8"))
    a_size = len(out["standalone"].encode("utf-8"))
    sec.text(
        f"The national cascade of `{root}`. Floor: `store.cascade` of the same root dumped "
        f"as node-link JSON ({fmt_kib(floor_size)}). Size ratio = page bytes ÷ floor bytes.",
    )
    sec.table(
        ["page", "build time", "floor", "× floor", "HTML size", "size × floor", "runs"],
        [
            ["served `/cascade?doc=ROOT` (aggregated)", fmt_ms(m_served.median), fmt_ms(f.median),
             fmt_x(ratio(m_served.median, f.median)), fmt_kib(s_size),
             fmt_x(ratio(s_size, floor_size)), str(m_served.runs)],
            ["standalone `directive-graph viz ROOT`", fmt_ms(m_alone.median), fmt_ms(f.median),
             fmt_x(ratio(m_alone.median, f.median)), fmt_kib(a_size),
             fmt_x(ratio(a_size, floor_size)), str(m_alone.runs)],
        ],
    )
    groups = out["groups"]
    if groups:
        each = max(0.0, m_alone.median - m_served.median) / groups
        sec.text(
            f"The standalone page embeds the {groups} province groups the served page loads "
            f"on demand: about {fmt_ms(each)} per group, against {fmt_ms(m_cut.median)} for "
            "one cut of the whole national cascade (`store.cascade`)."
            + (" So each group costs about a whole cut: `standalone_page` calls "
               "`viz.explore.group_view` without the cut it has already made, and the store "
               "cuts the national cascade again for every province."
               if each >= 0.7 * m_cut.median else ""),
        )
    return sec
