"""Read side of the embedded store: look-ups, search, subgraphs, the whole graph.

Subgraphs (:meth:`Reader.cascade`, :meth:`Reader.unit_graph`) are cut with
SQL from the edge table, so a one-off query never pays for the whole graph:
a cascade takes one statement per level of its walk, one for everything its
documents carry (tasks, assignees, the units' map edges) and one for the
nodes, each given its set of ids as one JSON array;
:meth:`Reader.graph` builds the full :class:`networkx.MultiDiGraph` once with
bulk inserts and keeps it until the database changes (:meth:`Reader.data_version`,
SQLite's ``PRAGMA data_version``, notices commits from any connection, other
processes included; the API's answer cache reads it too).
"""

from __future__ import annotations

import gc
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import networkx as nx

from graph import identity, schema
from graph.errors import DirectiveGraphError, NotFound
from graph.model import Record
from graph.names import fold, name_key
from graph.read_rules import SUBJECT_WEIGHT, cascade_depth, check_direction, snippet
from graph.sqlite_db import DB_FILE, check, connect, exists
from graph.store import DocumentSummary, SearchHit

__all__ = ["Reader", "fts_query"]

_EDGE_COLUMNS = (
    "id, src, dst, rel, doc, source, evidence, span_start, span_end, inferred, confidence, extra"
)
# Sets of ids and relations travel as one JSON array parameter each (json_each),
# so a cut costs one statement per step however many nodes it holds.
_IN_IDS = "(SELECT value FROM json_each(?))"
# What cascade() carries for each document it reaches (see graph.store.Store.cascade),
# in one statement: the documents' own edges (?1: node ids, ?2: relations), their
# tasks' (?3 -> ?4) and the map edges (?5) of every unit either reached.  Only edge
# ids pass between the steps; each row is read once, at the end, in id order.
_CUT_EDGES = f"""
WITH own AS (
    SELECT e.id, e.rel, e.dst FROM json_each(?1) d CROSS JOIN edges e
    ON e.src = d.value AND e.rel IN (SELECT value FROM json_each(?2))),
tasks AS (
    SELECT e.id, e.dst FROM own CROSS JOIN edges e ON e.src = own.dst AND e.rel = ?4
    WHERE own.rel = ?3),
units(id) AS (
    SELECT dst FROM own WHERE dst >= 'unit:' AND dst < 'unit;'
    UNION SELECT dst FROM tasks WHERE dst >= 'unit:' AND dst < 'unit;'),
map AS (
    SELECT e.id FROM units u CROSS JOIN edges e
    ON e.src = u.id AND e.rel IN (SELECT value FROM json_each(?5)))
SELECT {_EDGE_COLUMNS} FROM edges WHERE id IN (
    SELECT id FROM own UNION ALL SELECT id FROM tasks UNION ALL SELECT id FROM map)
ORDER BY id
"""
# The nodes of a cut as one JSON object (id -> attributes), decoded in one call:
# the attributes are stored as JSON already, and one decode of the whole is
# cheaper than one per node.
_NODES_JSON = (
    "SELECT '{' || group_concat(json_quote(id) || ':' || attrs, ',') || '}'"
    f" FROM nodes WHERE id IN {_IN_IDS}"
)


def fts_query(text: str) -> str | None:
    """An FTS5 query that matches every folded word of ``text`` (no operators get through).

    >>> fts_query('Phòng, chống "dịch" OR')
    '"phong" "chong" "dich" "or"'
    >>> fts_query("  ,, ") is None
    True
    """
    words = fold(text).split()[:32]
    return " ".join(f'"{w}"' for w in words) or None


_ESCAPE = " ESCAPE '\\'"


def _like_literal(text: str) -> str:
    r"""``text`` for a LIKE pattern (with :data:`_ESCAPE`): ``%`` and ``_`` as themselves.

    >>> print(_like_literal("50%_x"))
    50\%\_x
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ids(items: Iterable[str]) -> str:
    """A set of ids or relations as the JSON array :data:`_IN_IDS` reads."""
    return json.dumps(list(items), ensure_ascii=False)


class _Collector:
    """Holds the cyclic garbage collector off while graphs are read and built.

    A cut or a whole graph is tens of thousands of fresh tuples and dicts, and
    every few hundred of them set the collector off, each pass walking all
    that is alive (it doubled a whole-graph build at 100,000 documents, and
    took a fifth of a national cut in a process holding the whole graph, as a
    server does); none of them forms a cycle.  Threads
    share the collector: the first in turns it off, the last out back on.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._was_enabled = False

    @contextmanager
    def paused(self) -> Iterator[None]:
        with self._lock:
            if self._holders == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0 and self._was_enabled:
                    gc.enable()


_COLLECTOR = _Collector()


def _fill(
    nodes: Iterable[tuple[str, dict[str, Any]]], edges: Iterable[tuple[Any, ...]]
) -> nx.MultiDiGraph:
    """A MultiDiGraph of (id, attributes) pairs and edge rows, filled straight into its dicts.

    ``add_edges_from`` checks and copies every edge; a store of 100,000
    documents holds some two million, so the dicts are filled directly, in
    the layout networkx itself builds (``succ[u][v] is pred[v][u]``, a dict
    of edge key -> data).  Edges whose ends are missing are left out.
    """
    g = nx.MultiDiGraph()
    node, succ, pred = g._node, g._succ, g._pred
    for nid, attrs in nodes:
        node[nid] = attrs
        succ[nid] = {}
        pred[nid] = {}
    loads = json.loads
    # One pass, no intermediate tuples: this loop runs once per edge of the store.
    for eid, src, dst, rel, doc, source, evidence, s0, s1, inferred, conf, extra in edges:
        out = succ.get(src)
        if out is None or dst not in node:
            continue
        data = {
            "rel": rel,
            "doc": doc,
            "source": source,
            "evidence": evidence,
            "span": [s0, s1] if s0 is not None else None,
            "inferred": inferred == 1,
            "confidence": conf,
        }
        if extra:
            data.update(loads(extra))
        keydict = out.get(dst)
        if keydict is None:
            keydict = out[dst] = {}
            pred[dst][src] = keydict
        keydict[eid] = data
    return g


class Reader:
    """Queries over a store directory; the write side lives in :mod:`graph.sqlite_store`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists():
            check(path)  # refuse a foreign directory at once, before any write
        # One connection per reading thread (WAL lets them all read at once, and
        # read while a load writes): a slow query in one thread, or a whole-graph
        # build, no longer makes every other reader queue behind it.
        self._conns: dict[int, sqlite3.Connection] = {}
        self._conns_lock = threading.Lock()
        # data_version() has a connection of its own: its numbers may only be
        # compared with others read on the same connection, and one that never
        # writes sees every commit (a connection's own commits do not move it).
        self._vconn: sqlite3.Connection | None = None
        self._vlock = threading.Lock()
        self._glock = threading.RLock()  # one whole-graph build at a time
        self._cache: tuple[int, nx.MultiDiGraph] | None = None

    def _reader(self) -> sqlite3.Connection:
        # current_thread() registers a thread not started by `threading`, so
        # _drop_dead_threads counts it alive.
        me = threading.current_thread().ident or threading.get_ident()
        conn = self._conns.get(me)
        if conn is None:
            conn = connect(self.path)
            with self._conns_lock:
                self._drop_dead_threads()
                self._conns[me] = conn
        return conn

    def _drop_dead_threads(self) -> None:
        """Close the connections of threads that have ended (a thread pool renews its own)."""
        alive = {t.ident for t in threading.enumerate()}
        for ident in [i for i in self._conns if i not in alive]:
            self._conns.pop(ident).close()

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return self._reader().execute(sql, tuple(params)).fetchall()

    def _invalidate(self) -> None:
        self._cache = None

    def close(self) -> None:
        with self._glock, self._conns_lock:
            for conn in self._conns.values():
                conn.close()
            self._conns.clear()
            with self._vlock:
                self._close_version()
            self._cache = None

    # -- freshness -------------------------------------------------------

    data_version_is_local: ClassVar[bool] = True

    def data_version(self) -> int | None:
        """SQLite's ``PRAGMA data_version`` (see :meth:`graph.store.Store.data_version`)."""
        with self._vlock:
            try:
                if self._vconn is None:
                    if not exists(self.path):
                        return None
                    check(self.path)
                    # A bare connection: no PRAGMA that could wait for a writer's lock
                    # (a server asks from its event loop); data_version takes no lock.
                    self._vconn = sqlite3.connect(self.path / DB_FILE, timeout=1.0,
                                                  check_same_thread=False)
                return int(self._vconn.execute("PRAGMA data_version").fetchone()[0])
            except (sqlite3.Error, DirectiveGraphError):
                self._close_version()  # no trustworthy number: nothing may be kept
                return None

    def _close_version(self) -> None:
        if self._vconn is not None:
            self._vconn.close()
            self._vconn = None

    # -- look-ups --------------------------------------------------------

    def record(self, key: str) -> Record | None:
        rows = self._rows("SELECT record, text FROM documents WHERE key = ?", (key,))
        if not rows:
            return None
        rec = Record.from_dict(json.loads(rows[0][0]))
        rec.text = rows[0][1]
        return rec

    def resolve_document(self, name: str) -> list[str]:
        name = name.strip()
        if self._rows("SELECT 1 FROM nodes WHERE id = ?", (schema.doc_node(name),)):
            return [name]
        keys = [r[0] for r in self._rows("SELECT key FROM aliases WHERE alias = ?", (name,))]
        if keys:
            return sorted(set(keys))
        rows = self._rows(
            "SELECT json_extract(attrs, '$.key') FROM nodes WHERE number_key = ?"
            " AND kind = 'document' ORDER BY loaded DESC, date DESC, id",
            (identity.number_key(name),),
        )
        return [str(r[0]) for r in rows]

    def resolve_unit(self, name: str) -> list[str]:
        nk = name_key(name)
        if not nk:
            return []
        lit = _like_literal(nk)
        for pattern, op in ((nk, "="), (lit + "%", "LIKE"), ("%" + lit + "%", "LIKE")):
            rows = self._rows(
                f"SELECT substr(id, 6) FROM nodes WHERE kind = 'unit' AND substr(id, 6) {op} ?"
                f"{_ESCAPE if op == 'LIKE' else ''} ORDER BY length(id), id LIMIT 20",
                (pattern,),
            )
            if rows:
                return [str(r[0]) for r in rows]
        return []

    def documents(
        self,
        *,
        issuer: str | None = None,
        level: str | None = None,
        doc_type: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        text: str | None = None,
        loaded: bool | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[DocumentSummary]]:
        where: list[str] = ["kind = 'document'"]
        params: list[Any] = []
        # An issuer that folds to nothing ("", "!!") filters nothing, as in the Neo4j store.
        if series := identity.series_key(issuer) if issuer else None:
            where.append("issuer_key LIKE ?" + _ESCAPE)
            params.append("%" + _like_literal(series) + "%")
        if level:
            where.append("level = ?")
            params.append(level)
        if doc_type:
            where.append("type_key = ?")
            params.append(identity.type_key(doc_type))
        if date_from:
            where.append("date >= ?")
            params.append(date_from)
        if date_to:
            where.append("date <= ?")
            params.append(date_to)
        if loaded is not None:
            where.append("loaded = ?")
            params.append(int(loaded))
        if text:
            q = fts_query(text)
            where.append("owner IN (SELECT key FROM search WHERE search MATCH ?)")
            params.append(q or '""')
        cond = " AND ".join(where)
        total = int(self._rows(f"SELECT count(*) FROM nodes WHERE {cond}", params)[0][0])
        rows = self._rows(
            f"SELECT attrs, loaded FROM nodes WHERE {cond}"
            " ORDER BY date IS NULL, date DESC, id LIMIT ? OFFSET ?",
            [*params, max(0, int(limit)), max(0, int(offset))],
        )
        page = []
        for attrs_json, is_loaded in rows:
            a = json.loads(attrs_json)
            page.append(
                DocumentSummary(
                    key=a.get("key"),
                    label=a.get("label") or a.get("key"),
                    doc_type=a.get("doc_type"),
                    number=a.get("number"),
                    date=a.get("date"),
                    issuer=a.get("issuer"),
                    level=a.get("level"),
                    subject=a.get("subject"),
                    loaded=bool(is_loaded),
                )
            )
        return total, page

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        q = fts_query(query)
        if q is None or limit <= 0:  # as the Neo4j store: no hits asked, none given
            return []
        rows = self._rows(
            "SELECT s.key, bm25(search, 0.0, ?, 1.0) AS score,"
            " json_extract(n.attrs, '$.label'), json_extract(n.attrs, '$.subject'), d.text"
            " FROM search s LEFT JOIN nodes n ON n.id = 'doc:' || s.key"
            " LEFT JOIN documents d ON d.key = s.key"
            " WHERE search MATCH ? ORDER BY score, s.key LIMIT ?",
            (SUBJECT_WEIGHT, q, int(limit)),
        )
        return [
            SearchHit(str(k), -float(sc), lab or str(k), snippet(text, subject, query))
            for k, sc, lab, subject, text in rows
        ]

    # -- subgraphs -------------------------------------------------------

    def _edges_where(self, column: str, ids: Iterable[str], rels: Iterable[str]) -> list[tuple]:
        return self._rows(
            f"SELECT {_EDGE_COLUMNS} FROM edges WHERE {column} IN {_IN_IDS}"
            f" AND rel IN {_IN_IDS}",
            (_ids(ids), _ids(rels)),
        )

    def _subgraph(
        self, edge_rows: Iterable[tuple[Any, ...]], extra: Iterable[str] = ()
    ) -> nx.MultiDiGraph:
        """The graph of ``edge_rows``, their ends and the nodes ``extra`` (call it with the
        collector paused, as the rows were read)."""
        rows = sorted({r[0]: r for r in edge_rows}.values())
        ids = {*extra, *(r[1] for r in rows), *(r[2] for r in rows)}
        (text,) = self._rows(_NODES_JSON, (_ids(ids),))[0]
        return _fill(json.loads(text).items() if text else (), rows)

    def _require(self, nid: str, what: str) -> None:
        if not self._rows("SELECT 1 FROM nodes WHERE id = ?", (nid,)):
            raise NotFound(f"{what} {schema.node_key(nid)!r} is not in the store at {self.path}")

    def _reach(
        self, key: str, direction: str, max_depth: int
    ) -> tuple[set[str], list[tuple[Any, ...]]]:
        """The document nodes reachable from ``key`` along implements edges, and those edges."""
        check_direction(key, direction)
        start = schema.doc_node(key)
        self._require(start, "document")
        seen, frontier = {start}, [start]
        near, far = ("dst", 1) if direction == "down" else ("src", 2)
        links: list[tuple[Any, ...]] = []
        for _ in range(cascade_depth(max_depth)):
            rows = self._edges_where(near, frontier, (schema.IMPLEMENTS,))
            links.extend(rows)
            # The visited set is what keeps a citation cycle from looping.
            frontier = [n for n in {r[far] for r in rows} if n not in seen]
            if not frontier:
                break
            seen.update(frontier)
        return seen, [r for r in links if r[1] in seen and r[2] in seen]

    def cascade(self, key: str, *, direction: str = "down", max_depth: int = 50) -> nx.MultiDiGraph:
        with _COLLECTOR.paused():
            seen, links = self._reach(key, direction, max_depth)
            cut = self._rows(_CUT_EDGES, (
                _ids(seen), _ids(schema.DOC_OUT_RELATIONS), schema.HAS_TASK,
                schema.ASSIGNS_TO, _ids((schema.INCLUDES, schema.PART_OF)),
            ))
            return self._subgraph([*links, *cut], seen)

    def cascade_documents(
        self, key: str, *, direction: str = "down", max_depth: int = 50
    ) -> nx.MultiDiGraph:
        with _COLLECTOR.paused():
            seen, links = self._reach(key, direction, max_depth)
            issued = self._edges_where("src", seen, (schema.ISSUED_BY,))
            return self._subgraph([*links, *issued], seen)

    def unit_graph(self, key: str) -> nx.MultiDiGraph:
        uid = schema.unit_node(key)
        self._require(uid, "unit")
        with _COLLECTOR.paused():
            rows = self._edges_where("src", [uid], schema.RELATIONS)
            rows += self._edges_where("dst", [uid], schema.RELATIONS)
            tasks = {r[1] for r in rows if r[3] == schema.ASSIGNS_TO}
            rows += self._edges_where("dst", tasks, (schema.HAS_TASK,))
            return self._subgraph(rows, [uid])

    def graph(self) -> nx.MultiDiGraph:
        with self._glock:
            # Read before the rows: a commit in between only makes the next call rebuild.
            version = self.data_version()
            if version is not None and self._cache is not None and self._cache[0] == version:
                return self._cache[1]
            conn = self._reader()
            with _COLLECTOR.paused():
                loads = json.loads
                nodes = conn.execute("SELECT id, attrs FROM nodes")
                g = _fill(((nid, loads(attrs)) for nid, attrs in nodes),
                          conn.execute(f"SELECT {_EDGE_COLUMNS} FROM edges"))
            self._cache = None if version is None else (version, g)
            return g

    def stats(self) -> dict[str, Any]:
        nodes = dict(self._rows("SELECT kind, count(*) FROM nodes GROUP BY kind"))
        edges = dict(self._rows("SELECT rel, count(*) FROM edges GROUP BY rel"))
        loaded, cited, lo, hi = self._rows(
            "SELECT sum(loaded), sum(1 - loaded), min(date), max(date) FROM nodes"
            " WHERE kind = 'document'"
        )[0]
        return {
            "backend": "sqlite",
            "location": str(self.path),
            "documents": int(loaded or 0),
            "cited_only": int(cited or 0),
            "nodes": {k: int(v) for k, v in nodes.items()},
            "edges": {k: int(v) for k, v in edges.items()},
            "date_from": lo,
            "date_to": hi,
        }
