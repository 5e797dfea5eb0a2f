"""The embedded store: SQLite tables on disk, a networkx graph in memory.

Each document is written whole or not at all (a savepoint of its own), and
documents are committed in groups of :data:`COMMIT_EVERY` -- a commit costs
more than a document -- so a load killed midway leaves a store holding only
whole documents, at most one group short.  Loading is idempotent: the same source
bytes under the same key, read by the same record version, change nothing; a
changed file, or one an upgraded parser reads anew, replaces exactly the
edges its old version asserted (``edges.doc``).  Readers open their own
connection (WAL), so queries keep working while a load runs.

Citation resolution happens on write.  A cited document becomes a node with
``loaded=False`` under its identity key (:mod:`graph.identity`); when the real
text arrives the node is filled in (or, if the citation named it by another
key, merged into it).  A citation with neither number nor date is tied to the
best known document of its issuer, subject and time window, with that
confidence on the edge, and is tried again each time a document of that issuer
arrives -- so the order of loading does not matter.  The decisions are
:mod:`graph.resolve`'s; this module only looks the facts up and writes.

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

import json
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph import identity, resolve, schema
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
            # A record stored without a version was read by version 1, as in Neo4j.
            "SELECT key, sha256, coalesce(json_extract(record, '$.version'), 1) FROM documents"
            " WHERE key = ? OR source = ?",
            (c.key, rec.source),
        ).fetchall()
        if any(k == c.key and identity.is_unchanged(s, v, rec) for k, s, v in old):
            report.unchanged += 1
            return
        sha = identity.content_sha(rec)
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
        # A unit or person takes what the latest document says of it: after a parser
        # upgrade the re-read documents bring the newer reading (level, name) with them.
        for nid, attrs in c.nodes.items():
            conn.execute(
                "INSERT OR REPLACE INTO nodes (id, kind, owner, attrs) VALUES (?, ?, ?, ?)",
                (nid, schema.node_kind(nid), c.key if nid in c.owned else None, _dumps(attrs)),
            )
        merged: dict[str, str] = {}  # placeholders a citation showed to be loaded documents
        where = {pid: self._resolve(conn, info, c.key, merged) for pid, info in c.cited.items()}
        where = {pid: (merged.get(nid, nid), conf) for pid, (nid, conf) in where.items()}
        for e in c.edges:
            ends = resolve.edge_ends(e, where)
            if ends is None:
                continue
            src, dst, conf = ends
            edge_id = self._insert_edge(
                conn, EdgeSpec(src, dst, e.rel, {**e.attrs, "confidence": conf})
            )
            vague = resolve.vague_facts(c.cited.get(e.dst))
            if vague is not None:
                issuer, citing, subject = vague
                conn.execute(
                    "INSERT INTO vague VALUES (?, ?, ?, ?, ?)",
                    (edge_id, e.dst, issuer, subject, citing),
                )
            report.links += 1
        for e in c.structural:
            self._insert_edge(conn, e, ignore=True)
        row = conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
            (c.key, rec.source, sha, _dumps(rec.to_dict(with_text=False)), rec.text),
        ).lastrowid
        # The search row shares the document's rowid, so removing it is a look-up, not a
        # scan of every row (the key column of a full-text table has no index). A store
        # written before that may hold the rowid already: there the row takes any.
        if conn.execute("SELECT 1 FROM search WHERE rowid = ?", (row,)).fetchone():
            row = None
        conn.execute(
            "INSERT INTO search(rowid, key, subject, body) VALUES (?, ?, ?, ?)",
            (row, c.key, fold(rec.subject or ""), fold(rec.text or "")),
        )
        self._revisit_vague(conn, c.doc_attrs.get("issuer_key"), c.doc_attrs.get("date"))
        for into in sorted(set(merged.values())):  # a tie may have gone with the placeholder
            issuer, day = conn.execute(
                "SELECT issuer_key, date FROM nodes WHERE id = ?", (into,)
            ).fetchone()
            self._revisit_vague(conn, issuer, day)
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
        number = c.doc_attrs.get("number")
        numbered = self._numbered(conn, identity.number_key(number)) if number else []
        found = self._placeholders_named(conn, c.keys)
        for key, by_number in resolve.absorbed(
            c.key, c.keys, number, found, numbered, lambda k: self._not_placeholder(conn, k)
        ):
            self._merge_into(conn, key, c.key, by_number=by_number)

    def _placeholders_named(self, conn: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
        """Cited-only documents one of ``keys`` names."""
        found: set[str] = set()
        for k in keys:
            found.update(
                r[0]
                for r in conn.execute(
                    "SELECT a.key FROM aliases a JOIN nodes n ON n.id = 'doc:' || a.key"
                    " WHERE a.alias = ? AND n.loaded = 0",
                    (k,),
                )
            )
        return found

    def _not_placeholder(self, conn: sqlite3.Connection, key: str) -> bool:
        # Another loaded document may share an alternate key: both stay.
        row = conn.execute(
            "SELECT loaded, attrs FROM nodes WHERE id = ?", (schema.doc_node(key),)
        ).fetchone()
        return row is None or bool(row[0]) or bool(json.loads(row[1]).get("unresolved"))

    def _merge_into(
        self, conn: sqlite3.Connection, key: str, into: str, *, by_number: bool = False
    ) -> None:
        """Placeholder ``key`` is document ``into``: its edges and aliases move, it goes.
        Met by number alone, its edges carry at most that confidence and its aliases are
        held by fit (see :func:`graph.resolve.absorbed`)."""
        old, own = schema.doc_node(key), schema.doc_node(into)
        cap = resolve.BY_NUMBER_CONFIDENCE if by_number else 1.0
        for end in ("src", "dst"):
            conn.execute(
                f"UPDATE edges SET {end} = ?, confidence = min(confidence, ?) WHERE {end} = ?",
                (own, cap, old),
            )
        conn.execute("UPDATE vague SET placeholder = ? WHERE placeholder = ?", (own, old))
        aliases = [str(a) for (a,) in conn.execute("SELECT alias FROM aliases WHERE key = ?",
                                                    (key,))]
        conn.executemany(
            "INSERT OR IGNORE INTO aliases VALUES (?, ?)",
            [(resolve.fitted(a) if by_number else a, into) for a in aliases],
        )
        conn.execute("DELETE FROM aliases WHERE key = ?", (key,))
        conn.execute("DELETE FROM nodes WHERE id = ?", (old,))

    def _resolve(
        self, conn: sqlite3.Connection, info: CitedDoc, citing: str, merged: dict[str, str]
    ) -> tuple[str, float | None]:
        """The node a citation of document ``citing`` points at (created if new) and, when
        inexact, a confidence.  Placeholders it shows to be that node go into ``merged``."""
        res = key, conf, vague_match, _ = resolve.resolve_citation(
            info,
            # Many documents may share a numberless alias; a handful decide.
            aliases=lambda k: [
                r[0]
                for r in conn.execute("SELECT key FROM aliases WHERE alias = ? LIMIT 20", (k,))
            ],
            vague_candidates=lambda: self._vague_candidates(conn, info.issuer, info.citing_date),
            by_number=lambda k: resolve.number_fits(k, self._numbered(conn, k.split("@", 1)[0])),
            citing=citing,
        )
        nid = schema.doc_node(key)
        if vague_match:
            return nid, conf  # tied to a known document: nothing to write
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
        loaded = row is not None and bool(row[0])
        for other in resolve.named_too(
            res, info, loaded, self._placeholders_named(conn, info.keys),
            lambda k: self._not_placeholder(conn, k),
        ):
            self._merge_into(conn, other, key)
            merged[schema.doc_node(other)] = nid
        conn.executemany(
            "INSERT OR IGNORE INTO aliases VALUES (?, ?)",
            [(a, key) for a in resolve.learned_aliases(res, info)],
        )
        return nid, conf

    def _numbered(self, conn: sqlite3.Connection, number: str) -> list[resolve.Numbered]:
        """Every document known by a key of ``number`` (a number key), with those keys."""
        docs: dict[str, resolve.Numbered] = {}
        for head in (number, resolve.fitted(number)):  # aliases by name, then by fit
            rows = conn.execute(
                "SELECT a.key, a.alias, n.loaded, json_extract(n.attrs, '$.unresolved')"
                " FROM aliases a JOIN nodes n ON n.id = 'doc:' || a.key"
                " WHERE a.alias >= ? AND a.alias < ?",
                (head + "@", head + "@\uffff"),
            )
            for key, alias, loaded, unresolved in rows:
                d = docs.get(key) or resolve.Numbered(str(key), bool(loaded), (), bool(unresolved))
                docs[key] = d._replace(keys=(*d.keys, resolve.plain(str(alias))))
        return list(docs.values())

    def _vague_candidates(
        self, conn: sqlite3.Connection, issuer: str | None, day: str | None
    ) -> list[identity.VagueCandidate]:
        """Documents of ``issuer`` dated in the window before ``day``."""
        window = resolve.candidate_window(day)
        if not issuer or window is None:
            return []
        rows = conn.execute(
            "SELECT json_extract(attrs, '$.key'), date, json_extract(attrs, '$.subject')"
            " FROM nodes WHERE issuer_key = ? AND kind = 'document' AND date BETWEEN ? AND ?"
            " AND json_extract(attrs, '$.unresolved') IS NULL",
            (issuer, *window),
        ).fetchall()
        return [identity.VagueCandidate(str(k), issuer, d, s) for k, d, s in rows]

    def _revisit_vague(
        self, conn: sqlite3.Connection, issuer: str | None, day: str | None
    ) -> None:
        """Tie earlier vague citations to a document of ``issuer`` dated ``day`` (just
        loaded, or just left alone among its namesakes) if it is what they meant."""
        window = resolve.revisit_window(day)
        if not issuer or window is None:
            return
        rows = conn.execute(
            "SELECT v.edge, v.subject, v.citing_date, e.src, e.dst FROM vague v"
            " JOIN edges e ON e.id = v.edge WHERE v.issuer = ? AND v.citing_date BETWEEN ? AND ?",
            (issuer, *window),
        ).fetchall()
        for edge, subject, citing, src, dst in rows:
            cands = self._vague_candidates(conn, issuer, citing)
            move = resolve.better_vague_target(
                issuer, subject, citing, schema.node_key(dst), cands, citing=schema.node_key(src)
            )
            if move is not None:  # else a tie now, or already there: the edge stays
                conn.execute(
                    "UPDATE edges SET dst = ?, confidence = ? WHERE id = ?",
                    (schema.doc_node(move[0]), move[1], edge),
                )
                self._drop_orphans(conn, {dst})

    def _remove(self, conn: sqlite3.Connection, key: str) -> None:
        """Remove a loaded document, its tasks and the edges it asserted."""
        doc_id = schema.doc_node(key)
        touched = {r[0] for r in conn.execute("SELECT dst FROM edges WHERE doc = ?", (key,))}
        conn.execute("DELETE FROM vague WHERE edge IN (SELECT id FROM edges WHERE doc = ?)", (key,))
        conn.execute("DELETE FROM edges WHERE doc = ?", (key,))
        conn.execute("DELETE FROM nodes WHERE owner = ? AND kind = 'task'", (key,))
        row = conn.execute("SELECT rowid FROM documents WHERE key = ?", (key,)).fetchone()
        gone = row is not None and conn.execute(
            "DELETE FROM search WHERE rowid = ? AND key = ?", (row[0], key)
        ).rowcount
        if not gone:  # a store written before search rows shared the document's rowid
            conn.execute("DELETE FROM search WHERE key = ?", (key,))
        conn.execute("DELETE FROM documents WHERE key = ?", (key,))
        row = conn.execute("SELECT attrs FROM nodes WHERE id = ?", (doc_id,)).fetchone()
        if row is not None:
            attrs = {k: v for k, v in json.loads(row[0]).items() if k in _CITED_ATTRS}
            attrs["loaded"] = False
            # The filter columns follow the attributes kept (a cited-only node has no level).
            conn.execute(
                "UPDATE nodes SET loaded = 0, owner = NULL, date = ?, type_key = ?,"
                " number_key = ?, issuer_key = ?, level = ?, attrs = ? WHERE id = ?",
                (*_doc_columns(attrs), _dumps(attrs), doc_id),
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
            # "+doc": without it SQLite picks the doc index, and doc = '' is every map edge.
            todo.update(
                r[0]
                for r in conn.execute("SELECT dst FROM edges WHERE src = ? AND +doc = ''", (nid,))
            )
            conn.execute("DELETE FROM edges WHERE src = ? AND +doc = ''", (nid,))
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
