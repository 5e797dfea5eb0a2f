"""Neo4j: measured only when a server is configured (``DIRECTIVE_GRAPH_NEO4J_URI``).

The suite never writes to a server it did not start: with a URI set, it
times ``trace`` of the national root if that document is already loaded
there, and says so otherwise.
"""

from __future__ import annotations

import os
from typing import Any

from bench.common import Section, fmt_ms, measure
from bench.context import Context

__all__ = ["run", "ENV"]

ENV = "DIRECTIVE_GRAPH_NEO4J_URI"


def run(ctx: Context) -> Section:
    sec = Section("Neo4j")
    uri = os.environ.get(ENV, "").strip()
    if not uri:
        sec.text(f"No Neo4j server is configured (`{ENV}` is not set), so nothing was measured "
                 "against the Neo4j store. Every figure above is the embedded SQLite store.")
        return sec
    from graph.analyses import trace
    from graph.open import open_store

    store: Any = open_store(uri)
    try:
        if not store.resolve_document(ctx.root_key):
            sec.text(f"A Neo4j server is configured ({ENV} is set) but the national root "
                     f"`{ctx.root_key}` is not loaded there; the suite does not write to a "
                     "server it did not start, so nothing was measured.")
            return sec
        m = measure(lambda: trace(store.cascade_documents(ctx.root_key), ctx.root_key),
                    max(ctx.runs, 3))
        sec.text(f"trace of `{ctx.root_key}` against the configured Neo4j server: "
                 f"{fmt_ms(m.median)} (median of {m.runs} runs; compare the embedded store's "
                 "figure above).")
    finally:
        store.close()
    return sec
