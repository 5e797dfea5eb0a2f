"""Loading into the embedded store, and reopening it, beside plain-sqlite3 floors.

Load: the records of the 1x corpus (parsed beforehand, so this is the store's
own cost) into a fresh store, committed as the store commits.  Floor: the very
rows that load wrote (documents, nodes, aliases, edges, vague citations, the
search index) inserted with plain ``executemany`` into a fresh database of the
same schema, in one transaction.

Reopen: open the store and build the in-memory graph (``SqliteStore.graph``),
as a server does on its first whole-graph request.  Floor: plain sqlite3
reading the same node and edge rows, without decoding or building anything.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import Section, fmt_kib, fmt_ms, fmt_rate, fmt_x, measure, ratio
from bench.context import Context

__all__ = ["run", "copy_rows", "insert_rows", "read_rows", "reopen", "TABLES"]

#: Tables a load writes, with the columns the floor copies.
TABLES = {
    "documents": "key, source, sha256, record, text",
    "nodes": "id, kind, owner, loaded, date, type_key, number_key, issuer_key, level, attrs",
    "aliases": "alias, key",
    "edges": "id, src, dst, rel, doc, source, evidence, span_start, span_end, inferred, "
             "confidence, extra",
    "vague": "edge, placeholder, issuer, subject, citing_date",
    "search": "key, subject, body",
}


def copy_rows(store_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a load wrote, table by table."""
    from graph.sqlite_db import DB_FILE

    conn = sqlite3.connect(store_dir / DB_FILE)
    try:
        return {t: conn.execute(f"SELECT {cols} FROM {t}").fetchall() for t, cols in TABLES.items()}
    finally:
        conn.close()


def insert_rows(conn: sqlite3.Connection, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """The floor of a load: plain inserts of the same rows, one transaction."""
    conn.execute("BEGIN")
    for table, cols in TABLES.items():
        marks = ",".join("?" * len(cols.split(",")))
        conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows[table])
    conn.execute("COMMIT")


def read_rows(store_dir: Path) -> int:
    """The floor of a reopen: plain sqlite3 reads of the node and edge rows."""
    from graph.sqlite_db import DB_FILE

    conn = sqlite3.connect(store_dir / DB_FILE)
    try:
        n = len(conn.execute(f"SELECT {TABLES['nodes']} FROM nodes").fetchall())
        return n + len(conn.execute(f"SELECT {TABLES['edges']} FROM edges").fetchall())
    finally:
        conn.close()


def reopen(store_dir: Path) -> int:
    """Open the store and build its in-memory graph; the graph's edge count."""
    from graph.sqlite_store import SqliteStore

    store = SqliteStore(store_dir)
    try:
        return int(store.graph().number_of_edges())
    finally:
        store.close()


def _fresh(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


def _size(store_dir: Path) -> int:
    return sum(p.stat().st_size for p in store_dir.iterdir() if p.is_file())


def run(ctx: Context) -> Section:
    from graph.sqlite_db import connect
    from graph.sqlite_store import SqliteStore

    sec = Section("Load and reopen (embedded store)")
    records = ctx.corpus.base_records()
    stores = ctx.work / "stores"
    stores.mkdir(parents=True, exist_ok=True)
    warm = stores / "warm-up"
    _fresh(warm)
    SqliteStore(warm).add_records(records[:20])  # first use loads maps and name tables
    target = stores / "load-1x"
    errors: list[str] = []

    def load() -> None:
        store = SqliteStore(target)
        try:
            errors[:] = store.add_records(records).errors
        finally:
            store.close()

    m_load = measure(load, ctx.runs, setup=lambda: _fresh(target), limit=75)
    rows = copy_rows(target)
    floor_dir = stores / "floor-insert"
    conns: list[sqlite3.Connection] = []

    def floor_setup() -> None:
        for c in conns:
            c.close()
        conns.clear()
        _fresh(floor_dir)
        conns.append(connect(floor_dir, create=True))

    f_load = measure(lambda: insert_rows(conns[-1], rows), ctx.runs, setup=floor_setup)
    for c in conns:
        c.close()
    # A parser upgrade: every stored document is read again and replaced.
    upgraded = [replace(r, version=r.version + 1) for r in records]
    again = stores / "reload-upgraded"

    def reload() -> None:
        store = SqliteStore(again)
        try:
            store.add_records(upgraded)
        finally:
            store.close()

    def copy_loaded() -> None:
        shutil.rmtree(again, ignore_errors=True)
        shutil.copytree(target, again)

    m_reload = measure(reload, ctx.runs, setup=copy_loaded, limit=75)
    m_open = measure(lambda: reopen(target), ctx.runs)
    f_open = measure(lambda: read_rows(target), ctx.runs)

    n = len(records)
    n_rows = {t: len(v) for t, v in rows.items()}
    size = _size(target)
    sec.text(
        f"{n} parsed records of the 1x corpus into a fresh store "
        f"({', '.join(f'{v:,} {k}' for k, v in n_rows.items())} rows; "
        f"{fmt_kib(size)} on disk, {fmt_kib(size / max(1, n))} per document). "
        f"{len(errors)} records refused by the store.",
    )
    sec.table(
        ["what", "figure", "floor", "× floor", "CPU share of wall", "runs"],
        [
            ["load (`add_records`, docs/s)", fmt_rate(n / m_load.median),
             fmt_rate(n / f_load.median), fmt_x(ratio(m_load.median, f_load.median)),
             f"{m_load.cpu_median / m_load.median:.0%}", str(m_load.runs)],
            ["reload after a parser upgrade (every document replaced, docs/s)",
             fmt_rate(n / m_reload.median), fmt_rate(n / m_load.median),
             fmt_x(ratio(m_reload.median, m_load.median)),
             f"{m_reload.cpu_median / m_reload.median:.0%}", str(m_reload.runs)],
            ["reopen (open + `graph()`)", fmt_ms(m_open.median), fmt_ms(f_open.median),
             fmt_x(ratio(m_open.median, f_open.median)),
             f"{m_open.cpu_median / m_open.median:.0%}", str(m_open.runs)],
        ],
    )
    sec.text(
        "Load floor: the same rows, plain `executemany` into the same schema, one transaction. "
        "Reload floor: the fresh load above (a replace also removes what the old record "
        "asserted). Reopen floor: plain `SELECT` of the same node and edge rows, nothing decoded. "
        "A CPU share well under 100% means the figure waited on the disk or on other "
        "processes (this machine is shared).",
    )
    if errors:
        sec.text("First refusals: " + "; ".join(e[:160] for e in errors[:3]))
    _keys(ctx, target)
    return sec


def _keys(ctx: Context, store_dir: Path) -> None:
    """Hand later areas the 1x store, and the keys of the root and of one district letter."""
    from graph.sqlite_db import DB_FILE

    ctx.store = store_dir
    conn = sqlite3.connect(store_dir / DB_FILE)
    try:
        ctx.keys_by_file = {Path(src).stem: key for key, src in
                            conn.execute("SELECT key, source FROM documents")}
    finally:
        conn.close()
    truth = ctx.corpus.truth_docs()
    central = [d["id"] for d in truth if d["level"] == "central"]
    ctx.root_key = ctx.keys_by_file.get(central[0], "") if central else ""
    districts = sorted(d["id"] for d in truth
                       if d["level"] == "district" and d["id"] in ctx.keys_by_file)
    if districts:
        ctx.district_key = ctx.keys_by_file[districts[len(districts) // 2]]
