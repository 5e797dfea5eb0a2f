"""The embedded store's on-disk layout: one SQLite database in a data directory.

Opening checks, without writing a byte, that the directory is ours: the
database must be SQLite, carry the ``meta`` marker and a format version this
program knows.  Anything else raises :class:`graph.errors.StoreCorrupt`.

>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> conn = connect(os.path.join(d, "s"), create=True)
>>> conn.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()[0]
'directive-graph-sqlite'
>>> conn.close()
>>> _ = open(os.path.join(d, "s", DB_FILE), "wb").write(b"not a database" * 100)
>>> connect(os.path.join(d, "s"))
Traceback (most recent call last):
graph.errors.StoreCorrupt: ...: not an SQLite database; refusing to touch it
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graph.errors import StoreCorrupt, StoreError

__all__ = ["DB_FILE", "FORMAT", "FORMAT_VERSION", "connect", "check", "exists"]

DB_FILE = "graph.sqlite3"
FORMAT = "directive-graph-sqlite"
FORMAT_VERSION = 1

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(
    key TEXT PRIMARY KEY, source TEXT, sha256 TEXT, record TEXT NOT NULL, text TEXT);
CREATE INDEX documents_source ON documents(source);
-- Document columns (date .. level) are copies of attrs kept for filtering.
CREATE TABLE nodes(
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, owner TEXT, loaded INTEGER NOT NULL DEFAULT 0,
    date TEXT, type_key TEXT, number_key TEXT, issuer_key TEXT, level TEXT,
    attrs TEXT NOT NULL);
CREATE INDEX nodes_kind_date ON nodes(kind, date);
CREATE INDEX nodes_number ON nodes(number_key) WHERE number_key IS NOT NULL;
CREATE INDEX nodes_issuer ON nodes(issuer_key, date) WHERE issuer_key IS NOT NULL;
CREATE INDEX nodes_owner ON nodes(owner) WHERE owner IS NOT NULL;
-- Every identity key of a document node (graph.identity): alias -> node key.
CREATE TABLE aliases(alias TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(alias, key));
CREATE INDEX aliases_key ON aliases(key);
-- doc = '' for edges no document asserts (part_of, includes from the map).
CREATE TABLE edges(
    id INTEGER PRIMARY KEY, src TEXT NOT NULL, dst TEXT NOT NULL, rel TEXT NOT NULL,
    doc TEXT NOT NULL, source TEXT, evidence TEXT, span_start INTEGER, span_end INTEGER,
    inferred INTEGER NOT NULL DEFAULT 0, confidence REAL NOT NULL DEFAULT 1, extra TEXT);
CREATE INDEX edges_doc ON edges(doc);
CREATE INDEX edges_src ON edges(src, rel);
CREATE INDEX edges_dst ON edges(dst, rel);
CREATE INDEX edges_rel ON edges(rel);
CREATE UNIQUE INDEX edges_map ON edges(src, dst, rel) WHERE doc = '';
-- Citations with neither number nor date, re-resolved as documents arrive.
CREATE TABLE vague(
    edge INTEGER PRIMARY KEY, placeholder TEXT NOT NULL, issuer TEXT NOT NULL,
    subject TEXT, citing_date TEXT NOT NULL);
CREATE INDEX vague_issuer ON vague(issuer, citing_date);
CREATE VIRTUAL TABLE search USING fts5(key UNINDEXED, subject, body);
"""


def exists(path: Path) -> bool:
    return (path / DB_FILE).is_file()


def check(path: Path) -> None:
    """Raise :class:`StoreCorrupt` unless ``path`` is a store this program can use.

    Reads through an immutable connection, so a foreign file is never written,
    not even a journal.
    """
    if path.exists() and not path.is_dir():
        raise StoreCorrupt(f"{path}: is a file, not a store directory; refusing to touch it")
    db = path / DB_FILE
    if not db.exists():
        # Only a schema left half-made by a killed first load may be there already.
        if path.is_dir() and any(p.name != DB_FILE + ".new" for p in path.iterdir()):
            raise StoreCorrupt(
                f"{path}: not a directive-graph store (no {DB_FILE}); refusing to touch it"
            )
        return
    uri = db.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        probe = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise StoreCorrupt(f"{db}: cannot open ({exc})") from None
    try:
        rows = dict(probe.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            raise StoreCorrupt(
                f"{db}: an SQLite database but not a directive-graph store; refusing to touch it"
            ) from None
        raise StoreCorrupt(f"{db}: not an SQLite database; refusing to touch it") from None
    finally:
        probe.close()
    if rows.get("format") != FORMAT:
        raise StoreCorrupt(f"{db}: format {rows.get('format')!r} is not {FORMAT!r}")
    try:
        version = int(rows.get("version", ""))
    except ValueError:
        raise StoreCorrupt(f"{db}: unreadable format version {rows.get('version')!r}") from None
    if version > FORMAT_VERSION:
        raise StoreCorrupt(
            f"{db}: format version {version} is newer than this program's {FORMAT_VERSION};"
            " upgrade directive-graph"
        )


def connect(path: str | Path, *, create: bool = False) -> sqlite3.Connection:
    """A connection to the store in ``path`` (checked first); ``create`` makes a missing one."""
    p = Path(path)
    check(p)
    db = p / DB_FILE
    if not db.exists():
        if not create:
            raise StoreError(f"{p}: no store here yet; load documents into it first")
        p.mkdir(parents=True, exist_ok=True)
        tmp = p / (DB_FILE + ".new")
        tmp.unlink(missing_ok=True)
        conn = sqlite3.connect(tmp)
        conn.executescript(_SCHEMA)
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("version", str(FORMAT_VERSION))]
        )
        conn.commit()
        conn.close()
        # Renamed into place whole, so a half-made schema is never taken for a store.
        tmp.replace(db)
    conn = sqlite3.connect(db, timeout=30, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    # Checkpoints are what syncs in WAL mode; fewer, larger ones load faster.
    conn.execute("PRAGMA wal_autocheckpoint=4000")
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn
