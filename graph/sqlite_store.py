"""The embedded store: SQLite tables on disk, a networkx graph in memory.

Each document is written whole or not at all (a savepoint of its own), and
documents are committed in groups of :data:`COMMIT_EVERY` -- a commit costs
more than a document -- so a load killed midway leaves a store holding only
whole documents, at most one group short.  Loading is idempotent: the same source
bytes under the same key change nothing; a changed file replaces exactly the
edges its old version asserted (``edges.doc``).  Readers open their own
connection (WAL), so queries keep working while a load runs.

Citation resolution happens on write.  A cited document becomes a node with
``loaded=False`` under its identity key (:mod:`graph.identity`); when the real
text arrives the node is filled in (or, if the citation named it by another
key, merged into it).  A citation with neither number nor date is tied to the
best known document of its issuer, subject and time window, with that
confidence on the edge, and is tried again each time a document of that issuer
arrives -- so the order of loading does not matter.

>>> import tempfile
>>> from graph.model import Entity, Record
>>> s = SqliteStore(tempfile.mkdtemp() + "/store")
>>> rec = Record(source="a.txt", doc_type="Công văn", number="56-CV/TU", date="2021-01-06",
...     issuer=Entity("Tỉnh ủy Nam Định"), subject="phòng, chống dịch", sha256="ab")
>>> r = s.add_records([rec]); (r.added, r.unchanged)
(1, 0)
>>> s.add_records([rec]).unchanged
1
>>> s.resolve_document("56-CV/TU")
['56-CV/TU@tinh uy nam dinh@2021']
>>> [h.key for h in s.search("phong chong dich")]
['56-CV/TU@tinh uy nam dinh@2021']
>>> s.close()
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable
from datetime import date as _date
from datetime import timedelta
from pathlib import Path
from typing import Any

from graph import identity, schema
from graph.build import CitedDoc, Contribution, EdgeSpec, contribution
from graph.model import Record
from graph.names import fold
from graph.sqlite_db import connect
from graph.sqlite_read import Reader
from graph.store import LoadReport

__all__ = ["SqliteStore", "COMMIT_EVERY"]

#: Documents per commit.  Each is still atomic; a kill loses at most this many.
COMMIT_EVERY = 32

_DOC_COLUMNS = ("date", "type_key", "number_key", "issuer_key", "level")
# What a document node keeps when its text is removed but others still cite it.
_CITED_ATTRS = ("key", "label", "doc_type", "number", "date", "subject", "issuer", "issuer_key")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _doc_columns(attrs: dict[str, Any]) -> tuple[Any, ...]:
    number = attrs.get("number")
    return (
        attrs.get("date"),
        identity.type_key(attrs.get("doc_type")),
        identity.number_key(number) if number else None,
        attrs.get("issuer_key"),
        attrs.get("level"),
    )


def _same_number(number: str | None, key: str) -> bool:
    """Whether a document key can be the document of ``number`` (a numberless key can)."""
    other = identity.key_number(key)
    return number is None or other is None or other == identity.number_key(number)


def _fits(a: str, b: str) -> bool:
    """Two parts of numbered keys agree, or one of them is not known."""
    return a == b or a in ("", identity.UNKNOWN) or b in ("", identity.UNKNOWN)


def _shift(day: str, days: int) -> str | None:
    try:
        return (_date.fromisoformat(day) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


class SqliteStore(Reader):
    """The default store, in a data directory (created on the first load)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(Path(path))
        self._wconn: sqlite3.Connection | None = None
        self._wlock = threading.Lock()

    # -- writing ---------------------------------------------------------

    def _writer(self) -> sqlite3.Connection:
        if self._wconn is None:
            self._wconn = connect(self.path, create=True)
        return self._wconn

    def add_records(self, records: Iterable[Record]) -> LoadReport:
        report = LoadReport()
        with self._wlock:
            conn = self._writer()
            group: list[tuple[str, LoadReport]] = []
            try:
                for rec in records:
                    if not group:
                        conn.execute("BEGIN IMMEDIATE")
                    step = self._add_one(conn, rec)
                    group.append((rec.source, step))
                    if len(group) >= COMMIT_EVERY:
                        self._commit(conn, group, report)
                if group:
                    self._commit(conn, group, report)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        self._invalidate()
        return report

    def _add_one(self, conn: sqlite3.Connection, rec: Record) -> LoadReport:
        """Write one document under its own savepoint: whole, or not at all."""
        step = LoadReport()
        conn.execute("SAVEPOINT document")
        try:
            self._add(conn, rec, step)
        except Exception as exc:  # one bad record must not stop the others
            conn.execute("ROLLBACK TO document")
            why = str(exc) if isinstance(exc, sqlite3.Error) else f"{type(exc).__name__}: {exc}"
            step = LoadReport(errors=[f"{rec.source}: not stored ({why})"])
        conn.execute("RELEASE document")
        return step

    def _commit(
        self, conn: sqlite3.Connection, group: list[tuple[str, LoadReport]], report: LoadReport
    ) -> None:
        """Commit a group of whole documents; count them only once they are on disk."""
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            report.errors.extend(f"{source}: not stored ({exc})" for source, _ in group)
        else:
            for _, step in group:
                report.merge(step)
        group.clear()

    def _add(self, conn: sqlite3.Connection, rec: Record, report: LoadReport) -> None:
        c = contribution(rec)
        old = conn.execute(
            "SELECT key, sha256, source FROM documents WHERE key = ? OR source = ?",
            (c.key, rec.source),
        ).fetchall()
        # Records made in code have no source bytes: their JSON stands in.
        sha = rec.sha256 or hashlib.sha256(_dumps(rec.to_dict()).encode()).hexdigest()
        if any(k == c.key and s == sha for k, s, _ in old):
            report.unchanged += 1
            return
        for k, _, _ in old:
            self._remove(conn, k)
        rec.key = c.key
        doc_id = schema.doc_node(c.key)
        self._absorb(conn, c)
        conn.execute(
            "INSERT OR REPLACE INTO nodes VALUES (?, 'document', ?, 1, ?, ?, ?, ?, ?, ?)",
            (doc_id, c.key, *_doc_columns(c.doc_attrs), _dumps(c.doc_attrs)),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO aliases VALUES (?, ?)", [(k, c.key) for k in c.keys]
        )
        for nid, attrs in c.nodes.items():
            verb = "REPLACE" if nid in c.owned else "IGNORE"
            conn.execute(
                f"INSERT OR {verb} INTO nodes (id, kind, owner, attrs) VALUES (?, ?, ?, ?)",
                (nid, schema.node_kind(nid), c.key if nid in c.owned else None, _dumps(attrs)),
            )
        where = {pid: self._resolve(conn, info) for pid, info in c.cited.items()}
        for e in c.edges:
            src, sconf = where.get(e.src, (e.src, None))
            dst, dconf = where.get(e.dst, (e.dst, None))
            if src == dst:
                continue
            conf = min(x for x in (sconf, dconf, e.attrs.get("confidence", 1.0)) if x is not None)
            edge_id = self._insert_edge(
                conn, EdgeSpec(src, dst, e.rel, {**e.attrs, "confidence": conf})
            )
            info = c.cited.get(e.dst)
            if info is not None and info.vague and info.issuer and info.citing_date:
                conn.execute(
                    "INSERT INTO vague VALUES (?, ?, ?, ?, ?)",
                    (edge_id, e.dst, info.issuer, info.attrs.get("subject"), info.citing_date),
                )
            report.links += 1
        for e in c.structural:
            self._insert_edge(conn, e, ignore=True)
        conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
            (c.key, rec.source, sha, _dumps(rec.to_dict(with_text=False)), rec.text),
        )
        conn.execute(
            "INSERT INTO search VALUES (?, ?, ?)",
            (c.key, fold(rec.subject or ""), fold(rec.text or "")),
        )
        self._revisit_vague(conn, c)
        if old:
            report.replaced += 1
        else:
            report.added += 1

    def _insert_edge(self, conn: sqlite3.Connection, e: EdgeSpec, *, ignore: bool = False) -> int:
        a = e.attrs
        span = a.get("span") or (None, None)
        core = {"doc", "source", "evidence", "span", "inferred", "confidence"}
        extra = {k: v for k, v in a.items() if k not in core and v is not None}
        cur = conn.execute(
            f"INSERT {'OR IGNORE ' if ignore else ''}INTO edges"
            " (src, dst, rel, doc, source, evidence, span_start, span_end, inferred, confidence,"
            " extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.src,
                e.dst,
                e.rel,
                a.get("doc") or "",
                a.get("source"),
                a.get("evidence"),
                span[0],
                span[1],
                int(bool(a.get("inferred"))),
                float(a.get("confidence", 1.0)),
                _dumps(extra) if extra else None,
            ),
        )
        return int(cur.lastrowid or 0)

    def _absorb(self, conn: sqlite3.Connection, c: Contribution) -> None:
        """Merge into the loaded document every cited-only node that stands for it."""
        own = schema.doc_node(c.key)
        found: set[str] = set()
        for k in c.keys:
            found.update(
                r[0]
                for r in conn.execute(
                    "SELECT a.key FROM aliases a JOIN nodes n ON n.id = 'doc:' || a.key"
                    " WHERE a.alias = ? AND n.loaded = 0",
                    (k,),
                )
            )
        number = c.doc_attrs.get("number")
        if number:
            # The numbered key, even when a missing date or issuer made a file key primary.
            numbered = next((k for k in c.keys if identity.key_number(k)), c.key)
            parts = numbered.split("@")
            for (key,) in conn.execute(
                "SELECT json_extract(attrs, '$.key') FROM nodes WHERE number_key = ?"
                " AND loaded = 0 AND kind = 'document'",
                (identity.number_key(number),),
            ):
                cp = str(key).split("@")
                if (
                    len(cp) == 3
                    and len(parts) == 3
                    and all(_fits(x, y) for x, y in zip(cp[1:], parts[1:], strict=True))
                ):
                    found.add(str(key))
        for key in found - {c.key}:
            if not _same_number(number, key):
                continue  # a numberless alias shared with a document of another number
            old = schema.doc_node(key)
            row = conn.execute("SELECT loaded, attrs FROM nodes WHERE id = ?", (old,)).fetchone()
            if row is None or row[0] or json.loads(row[1]).get("unresolved"):
                continue  # another loaded document shares an alternate key: both stay
            conn.execute("UPDATE edges SET src = ? WHERE src = ?", (own, old))
            conn.execute("UPDATE edges SET dst = ? WHERE dst = ?", (own, old))
            conn.execute("UPDATE vague SET placeholder = ? WHERE placeholder = ?", (own, old))
            conn.execute("UPDATE OR IGNORE aliases SET key = ? WHERE key = ?", (c.key, key))
            conn.execute("DELETE FROM aliases WHERE key = ?", (key,))
            conn.execute("DELETE FROM nodes WHERE id = ?", (old,))

    def _resolve(self, conn: sqlite3.Connection, info: CitedDoc) -> tuple[str, float | None]:
        """The node a citation points at (created if new) and, when inexact, a confidence."""
        key, conf = info.keys[0], None
        if info.unresolved:
            pass
        elif info.vague:
            match = self._vague_match(
                conn, info.issuer, info.attrs.get("subject"), info.citing_date
            )
            if match:
                return schema.doc_node(match[0]), match[1]
            conf = 0.5
        else:
            number = info.attrs.get("number")
            hits: set[str] = set()
            for k in info.keys:
                hits.update(
                    r[0]
                    # Many documents may share a numberless alias; a handful decide.
                    for r in conn.execute("SELECT key FROM aliases WHERE alias = ? LIMIT 20", (k,))
                    if _same_number(number, r[0])
                )
                if len(hits) == 1:
                    break
            if len(hits) == 1:
                key = hits.pop()
            elif info.attrs.get("number"):
                found = self._by_number(conn, key)
                if len(found) == 1:
                    key, conf = found[0], 0.8
        nid = schema.doc_node(key)
        row = conn.execute("SELECT loaded, attrs FROM nodes WHERE id = ?", (nid,)).fetchone()
        attrs = {**info.attrs, "key": key}
        if row is None:
            conn.execute(
                "INSERT INTO nodes VALUES (?, 'document', NULL, 0, ?, ?, ?, ?, ?, ?)",
                (nid, *_doc_columns(attrs), _dumps(attrs)),
            )
        elif not row[0]:
            merged = json.loads(row[1])
            if any(merged.get(k) is None and v is not None for k, v in attrs.items()):
                merged.update({k: v for k, v in attrs.items() if merged.get(k) is None})
                conn.execute(
                    "UPDATE nodes SET date=?, type_key=?, number_key=?, issuer_key=?, level=?,"
                    " attrs=? WHERE id = ?",
                    (*_doc_columns(merged), _dumps(merged), nid),
                )
        if not info.unresolved:
            conn.executemany(
                "INSERT OR IGNORE INTO aliases VALUES (?, ?)", [(k, key) for k in info.keys]
            )
        return nid, conf

    def _by_number(self, conn: sqlite3.Connection, key: str) -> list[str]:
        """Documents whose numbered keys fit ``key`` where either side leaves a part unknown.

        A loaded document fits any such key; a document only cited fits only a
        key that knows less than it does (never the other way round, which
        would fold a full citation into a guess).
        """
        parts = [*key.split("@"), "", "", ""][:3]
        incomplete = not identity.is_complete(key)
        found: set[str] = set()
        for alias, k, loaded in conn.execute(
            "SELECT a.alias, a.key, n.loaded FROM aliases a JOIN nodes n ON n.id = 'doc:' || a.key"
            " WHERE a.alias >= ? AND a.alias < ?",
            (parts[0] + "@", parts[0] + "@\uffff"),
        ):
            other = str(alias).split("@")
            if len(other) != 3 or not (loaded or (incomplete and identity.is_complete(alias))):
                continue
            if all(_fits(x, y) for x, y in zip(parts[1:], other[1:], strict=True)):
                found.add(str(k))
        return sorted(found)

    def _vague_match(
        self, conn: sqlite3.Connection, issuer: str | None, subject: str | None, day: str | None
    ) -> tuple[str, float] | None:
        if not issuer or not day:
            return None
        lo = _shift(day, -identity.VAGUE_WINDOW_DAYS)
        rows = conn.execute(
            "SELECT json_extract(attrs, '$.key'), date, json_extract(attrs, '$.subject')"
            " FROM nodes WHERE issuer_key = ? AND kind = 'document' AND date BETWEEN ? AND ?"
            " AND json_extract(attrs, '$.unresolved') IS NULL",
            (issuer, lo, day),
        ).fetchall()
        cands = [identity.VagueCandidate(str(k), issuer, d, s) for k, d, s in rows]
        return identity.best_vague_match(issuer, subject, day, cands)

    def _revisit_vague(self, conn: sqlite3.Connection, c: Contribution) -> None:
        """Tie earlier vague citations to this document if it is what they meant."""
        issuer, day = c.doc_attrs.get("issuer_key"), c.doc_attrs.get("date")
        if not issuer or not day:
            return
        hi = _shift(day, identity.VAGUE_WINDOW_DAYS)
        rows = conn.execute(
            "SELECT v.edge, v.subject, v.citing_date, e.dst FROM vague v"
            " JOIN edges e ON e.id = v.edge WHERE v.issuer = ? AND v.citing_date BETWEEN ? AND ?",
            (issuer, day, hi),
        ).fetchall()
        for edge, subject, citing, dst in rows:
            match = self._vague_match(conn, issuer, subject, citing)
            if match is None:
                continue  # now a tie: the edge keeps the target it had
            target, conf = schema.doc_node(match[0]), match[1]
            if target != dst:
                conn.execute(
                    "UPDATE edges SET dst = ?, confidence = ? WHERE id = ?", (target, conf, edge)
                )
                self._drop_orphans(conn, {dst})

    def _remove(self, conn: sqlite3.Connection, key: str) -> None:
        """Remove a loaded document, its tasks and the edges it asserted."""
        doc_id = schema.doc_node(key)
        touched = {r[0] for r in conn.execute("SELECT dst FROM edges WHERE doc = ?", (key,))}
        conn.execute("DELETE FROM vague WHERE edge IN (SELECT id FROM edges WHERE doc = ?)", (key,))
        conn.execute("DELETE FROM edges WHERE doc = ?", (key,))
        conn.execute("DELETE FROM nodes WHERE owner = ? AND kind = 'task'", (key,))
        conn.execute("DELETE FROM documents WHERE key = ?", (key,))
        conn.execute("DELETE FROM search WHERE key = ?", (key,))
        row = conn.execute("SELECT attrs FROM nodes WHERE id = ?", (doc_id,)).fetchone()
        if row is not None:
            attrs = {k: v for k, v in json.loads(row[0]).items() if k in _CITED_ATTRS}
            attrs["loaded"] = False
            conn.execute(
                "UPDATE nodes SET loaded = 0, owner = NULL, attrs = ? WHERE id = ?",
                (_dumps(attrs), doc_id),
            )
        self._drop_orphans(conn, touched | {doc_id})

    def _drop_orphans(self, conn: sqlite3.Connection, ids: set[str]) -> None:
        """Delete cited-only documents, persons and units nothing needs any more.

        A unit is still needed while a document edge touches it or a unit
        below it points up at it; its own map edges go with it, and its
        parents are then checked in turn.
        """
        todo = set(ids)
        while todo:
            nid = todo.pop()
            if conn.execute(
                "SELECT 1 FROM edges WHERE (src = ?1 AND doc != '') OR dst = ?1 LIMIT 1", (nid,)
            ).fetchone():
                continue
            row = conn.execute("SELECT kind, loaded FROM nodes WHERE id = ?", (nid,)).fetchone()
            if row is None or row[1]:
                continue
            todo.update(
                r[0]
                for r in conn.execute("SELECT dst FROM edges WHERE src = ? AND doc = ''", (nid,))
            )
            conn.execute("DELETE FROM edges WHERE src = ? AND doc = ''", (nid,))
            conn.execute("DELETE FROM nodes WHERE id = ?", (nid,))
            if row[0] == schema.DOCUMENT:
                conn.execute("DELETE FROM aliases WHERE key = ?", (schema.node_key(nid),))

    def close(self) -> None:
        with self._wlock:
            if self._wconn is not None:
                self._wconn.close()
                self._wconn = None
        super().close()

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"
