"""The embedded store's full-text rows follow their documents through replace and removal.

A search row shares its document's rowid, so replacing a document removes its old row by a
look-up instead of a scan of every row; stores written before that keep working.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from graph.sqlite_db import DB_FILE
from graph.sqlite_store import SqliteStore
from loaders import parse_file
from tests.test_store import SEEDS

FILES = sorted(SEEDS.glob("*.txt"))


def _rows(path: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    conn = sqlite3.connect(path / DB_FILE)
    try:
        docs = conn.execute("SELECT rowid, key FROM documents ORDER BY key").fetchall()
        search = conn.execute("SELECT rowid, key FROM search ORDER BY key").fetchall()
        return docs, search
    finally:
        conn.close()


def _reread(store: SqliteStore, subject: str) -> None:
    """Every seed again, as a newer parser reads it: the Nam Định letter gets a new subject."""
    recs = [replace(parse_file(p), version=parse_file(p).version + 1) for p in FILES]
    recs[0].subject = subject
    report = store.add_records(recs)
    assert report.replaced == len(FILES) and not report.errors


def test_search_rows_share_the_documents_rowids_through_a_reload(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s")
    try:
        store.add_records([parse_file(p) for p in FILES])
        _reread(store, "chống hạn mặn")
        docs, search = _rows(tmp_path / "s")
        assert docs == search and len(docs) == len(FILES)
        assert [h.key for h in store.search("hạn mặn")] == [
            k for _, k in docs if k.startswith("56-CV/TU")
        ]
    finally:
        store.close()


def test_a_store_whose_search_rows_have_other_rowids_still_replaces(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s")
    store.add_records([parse_file(p) for p in FILES])
    store.close()
    # As an older program wrote them: search rowids unrelated to the documents'.
    conn = sqlite3.connect(tmp_path / "s" / DB_FILE)
    rows = conn.execute("SELECT key, subject, body FROM search").fetchall()
    conn.execute("DELETE FROM search")
    conn.executemany(
        "INSERT INTO search(rowid, key, subject, body) VALUES (?, ?, ?, ?)",
        [(i + 1, *r) for i, r in enumerate(reversed(rows))],
    )
    conn.commit()
    conn.close()

    store = SqliteStore(tmp_path / "s")
    try:
        _reread(store, "chống hạn mặn")
        docs, search = _rows(tmp_path / "s")
        assert [k for _, k in search] == [k for _, k in docs]  # one row each, none left over
        assert [h.key for h in store.search("hạn mặn")] == [
            k for _, k in docs if k.startswith("56-CV/TU")
        ]
    finally:
        store.close()


def _replace(store: SqliteStore, path: Path) -> tuple[int, list[str]]:
    """Replace one document; the SQLite virtual-machine steps it took (in tens) and the
    statements it ran, with their values."""
    rec = parse_file(path)
    rec = replace(rec, version=rec.version + 1)
    steps = [0]
    ran: list[str] = []

    def tick() -> int:
        steps[0] += 1
        return 0

    conn = store._writer()  # the store's own write connection: the one that does the work
    conn.set_progress_handler(tick, 10)
    conn.set_trace_callback(ran.append)
    try:
        assert store.add_records([rec]).replaced == 1
    finally:
        conn.set_progress_handler(None, 0)
        conn.set_trace_callback(None)
    return steps[0], ran


def _scans(store_dir: Path, statements: list[str]) -> list[str]:
    """The statements whose query plan reads a whole table (or a full-text table's every row)."""
    conn = sqlite3.connect(store_dir / DB_FILE)
    try:
        return [
            sql
            for sql in statements
            if sql.split(None, 1)[0].upper() in ("SELECT", "DELETE", "UPDATE")
            for plan in conn.execute("EXPLAIN QUERY PLAN " + sql)
            # A full-text table always shows SCAN; what it is handed (after the colon: "=" a
            # rowid, "M" a match) says whether it reads every row.
            if plan[3].startswith("SCAN")
            and ("VIRTUAL TABLE" not in plan[3] or plan[3].endswith(":"))
        ]
    finally:
        conn.close()


def test_replacing_a_document_does_not_grow_with_the_store(tmp_path: Path) -> None:
    """Counted in SQLite steps and query plans, not seconds: a replace that walked every map
    edge cost ten times more in a store ten times larger, and one that scanned the
    full-text table (whose key column has no index) read every document's row."""
    others = [
        p
        for d in ("written", "written2", "written3")
        for p in sorted((SEEDS.parent / d / "docs").iterdir())
    ]
    small, large = SqliteStore(tmp_path / "small"), SqliteStore(tmp_path / "large")
    try:
        small.add_records([parse_file(p) for p in FILES])
        large.add_records([parse_file(p) for p in [*FILES, *others]])
        assert large.stats()["documents"] >= 8 * small.stats()["documents"]
        (few, _), (many, ran) = _replace(small, FILES[0]), _replace(large, FILES[0])
        assert many < 2 * few, (few, many)
        assert ran and _scans(tmp_path / "large", ran) == []
    finally:
        small.close()
        large.close()
