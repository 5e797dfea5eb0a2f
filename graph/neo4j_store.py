"""The Neo4j store: the :class:`graph.store.Store` protocol over a Neo4j 5 server.

Select it with ``--store bolt://host:7687`` (credentials from the URI or from
``DIRECTIVE_GRAPH_NEO4J_USER`` / ``_PASSWORD``, database from the URI path or
``DIRECTIVE_GRAPH_NEO4J_DATABASE``).  Records turn into nodes and edges with
:func:`graph.build.contribution`, exactly as in the embedded store, so both
hold the same graph; the analyses run on the subgraphs returned here.

Every statement comes from :mod:`graph.cypher` and every value travels as a
parameter.  Reads and writes are managed transactions, which the driver
retries on transient failures.  One driver per process and server is shared
by all stores opened on it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import networkx as nx
from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j import exceptions as nx4j

from graph import cypher as q
from graph import schema
from graph.build import Contribution, contribution
from graph.errors import DirectiveGraphError, NotFound, StoreCorrupt, StoreError
from graph.identity import number_key, series_key, type_key
from graph.model import Record
from graph.names import fold, name_key
from graph.neo4j_batch import Batch, DocIndex, build_batch, plan_load, revisit_vague
from graph.neo4j_import import oldest_first
from graph.neo4j_rows import Neo4jConfig, lucene_query, rows_to_graph, translate_error
from graph.read_rules import cascade_depth, check_direction, snippet
from graph.resolve import revisit_window
from graph.store import DocumentSummary, LoadReport, SearchHit, Store

__all__ = ["Neo4jStore", "copy_into", "BATCH_DOCUMENTS"]

#: Documents per write transaction: large enough for thousands of nodes a second,
#: small enough that a failure retried one document at a time stays cheap.
BATCH_DOCUMENTS = 200

_LOCK = threading.Lock()
_DRIVERS: dict[tuple[str, str | None, str | None], tuple[Driver, int]] = {}


def _acquire(cfg: Neo4jConfig) -> Driver:
    ident = (cfg.uri, cfg.user, cfg.password)  # another password is another login
    with _LOCK:
        if ident in _DRIVERS:
            drv, n = _DRIVERS[ident]
            _DRIVERS[ident] = (drv, n + 1)
            return drv
        try:
            drv = GraphDatabase.driver(cfg.uri, auth=cfg.auth, connection_timeout=10.0)
        except (nx4j.DriverError, ValueError) as err:
            raise translate_error(err, cfg) from None
        _DRIVERS[ident] = (drv, 1)
        return drv


def _release(cfg: Neo4jConfig) -> None:
    ident = (cfg.uri, cfg.user, cfg.password)
    with _LOCK:
        if ident not in _DRIVERS:
            return
        drv, n = _DRIVERS[ident]
        if n > 1:
            _DRIVERS[ident] = (drv, n - 1)
            return
        del _DRIVERS[ident]
    drv.close()


def _structural(rel: str) -> bool:
    return rel in (schema.PART_OF, schema.INCLUDES)


def _best_rank(rows: list[dict[str, Any]], *, sort: bool = False) -> list[str]:
    """The keys of the best-ranked rows (rows come best first)."""
    keys = [r["key"] for r in rows if r["rank"] == rows[0]["rank"]] if rows else []
    return sorted(set(keys)) if sort else list(dict.fromkeys(keys))


def _run(tx: ManagedTransaction, st: q.Statement, **params: Any) -> list[dict[str, Any]]:
    if set(params) != set(st.params):
        raise StoreError(f"statement {st.name}: takes {st.params}, given {tuple(params)}")
    return [r.data() for r in tx.run(st.text, params)]


def _drop_orphans(tx: ManagedTransaction, ids: set[str]) -> None:
    """Delete cited-only documents, units and persons nothing needs any more, then the
    units their map edges led to if those are no longer needed either."""
    for _ in range(64):  # the map is a few levels deep; the bound is only a guard
        if not ids:
            return
        by_kind: dict[str, list[str]] = {}
        for nid in ids:
            by_kind.setdefault(schema.node_kind(nid), []).append(schema.node_key(nid))
        ids = set()
        for kind, keys in sorted(by_kind.items()):
            ids.update(r["id"] for r in _run(tx, q.DELETE_ORPHANS[kind], keys=sorted(keys)))


def _keys_of(ids: Iterable[str]) -> list[str]:
    return sorted({schema.node_key(i) for i in ids})


def _walk(
    tx: ManagedTransaction, key: str, direction: str, depth: int
) -> tuple[set[str], list[dict[str, Any]]]:
    """The document ids reachable from ``key`` along implements edges within ``depth``
    levels, and the edges walked: those into (down) or out of (up) each level but the
    last, as the embedded store walks them; the visited set stops a citation cycle."""
    far = "src" if direction == "down" else "dst"
    seen, frontier = {schema.doc_node(key)}, [key]
    links: list[dict[str, Any]] = []
    for _ in range(depth):
        rows = _run(tx, q.CASCADE_STEP[direction], keys=frontier)
        links += rows
        fresh = {r[far] for r in rows} - seen
        if not fresh:
            break
        seen |= fresh
        frontier = _keys_of(fresh)
    return seen, links


class Neo4jStore(Store):
    """A directive graph in a Neo4j database.

    Opening checks that the database is empty or ours (it carries the
    ``DirectiveGraphMeta`` node) and sets up constraints and indexes; a
    database holding anything else is refused untouched.
    """

    def __init__(self, cfg: Neo4jConfig) -> None:
        self.cfg = cfg
        self._driver = _acquire(cfg)
        self._closed = False
        try:
            self._driver.verify_connectivity()
            self._ensure_schema()
        except BaseException as err:
            self.close()
            if isinstance(err, Exception):
                raise translate_error(err, cfg) from None
            raise

    @classmethod
    def from_uri(cls, uri: str) -> Neo4jStore:
        """Open the store at ``bolt://`` / ``neo4j://`` ``uri`` (see :class:`Neo4jConfig`)."""
        return cls(Neo4jConfig.from_uri(uri))

    # ---- plumbing -------------------------------------------------------------------

    def _read(self, st: q.Statement, **params: Any) -> list[dict[str, Any]]:
        return self._tx(False, lambda tx: _run(tx, st, **params))

    def _tx(self, write: bool, work: Any) -> Any:
        if self._closed:
            raise StoreError(f"neo4j at {self.cfg.shown}: store is closed")
        try:
            with self._driver.session(database=self.cfg.database) as s:
                return s.execute_write(work) if write else s.execute_read(work)
        except DirectiveGraphError:
            raise  # ours, e.g. NotFound from inside a transaction function
        except Exception as err:
            raise translate_error(err, self.cfg) from None

    def _ensure_schema(self) -> None:
        meta = self._read(q.META_GET)
        if not meta:
            if self._read(q.COUNT_NODES)[0]["nodes"]:
                raise StoreCorrupt(
                    f"neo4j at {self.cfg.shown}: database '{self.cfg.database or 'default'}' "
                    "holds data directive-graph did not create; refusing to touch it"
                )
        elif meta[0]["version"] != q.SCHEMA_VERSION:
            raise StoreCorrupt(
                f"neo4j at {self.cfg.shown}: graph schema version {meta[0]['version']}, "
                f"this program knows {q.SCHEMA_VERSION}"
            )
        for st in q.SCHEMA_STATEMENTS:  # IF NOT EXISTS: a no-op on the next open
            self._tx(True, lambda tx, st=st: _run(tx, st))
        self._tx(True, lambda tx: _run(tx, q.META_CREATE, version=q.SCHEMA_VERSION))
        self._tx(True, lambda tx: _run(tx, q.AWAIT_INDEXES, seconds=120))

    # ---- writing --------------------------------------------------------------------

    def add_records(self, records: Iterable[Record]) -> LoadReport:
        report = LoadReport()
        chunk: list[Record] = []
        for rec in records:
            chunk.append(rec)
            if len(chunk) >= BATCH_DOCUMENTS:
                report.merge(self._add_chunk(chunk))
                chunk = []
        if chunk:
            report.merge(self._add_chunk(chunk))
        return report

    def _add_chunk(self, records: list[Record]) -> LoadReport:
        report = LoadReport()
        items: list[tuple[Record, Contribution]] = []
        for rec in records:
            try:
                items.append((rec, contribution(rec)))
            except Exception as err:  # one bad record never stops the batch
                report.errors.append(f"{rec.source}: not stored ({type(err).__name__}: {err})")
        if not items:
            return report
        try:
            report.merge(self._write(items))
        except StoreError as err:
            if len(items) == 1:
                report.errors.append(f"{items[0][0].source}: not stored ({err})")
                return report
            for item in items:  # find the one that fails; the others still go in
                try:
                    report.merge(self._write([item]))
                except StoreError as one:
                    report.errors.append(f"{item[0].source}: not stored ({one})")
        return report

    def _write(self, items: list[tuple[Record, Contribution]]) -> LoadReport:
        def work(tx: ManagedTransaction) -> LoadReport:
            # Everything is read inside the transaction, so a retry sees the database anew.
            keys = [c.key for _, c in items]
            stored: dict[str, tuple[str | None, int | None]] = {
                r["key"]: (r["sha"], r["version"]) for r in _run(tx, q.DOC_STATE, keys=keys)
            }
            by_source: dict[str, set[str]] = {}
            for r in _run(tx, q.DOC_BY_SOURCE, sources=sorted({rec.source for rec, _ in items})):
                by_source.setdefault(r["source"], set()).add(r["key"])
            report, todo, unload = plan_load(items, stored, by_source)
            if not todo:
                return report
            index = DocIndex(_run(tx, q.DOC_INDEX))
            batch = build_batch(todo, index, unload)
            self._write_batch(tx, batch)
            for _, c in todo:
                self._revisit_vague(tx, index, c.doc_attrs.get("issuer_key"),
                                    c.doc_attrs.get("date"))
            for issuer, day in batch.revisit:
                self._revisit_vague(tx, index, issuer, day)
            report.links = sum(len(v) for rel, v in batch.edges.items() if not _structural(rel))
            _run(tx, q.META_BUMP)  # last, in the same transaction: see data_version
            return report

        result: LoadReport = self._tx(True, work)
        return result

    def _write_batch(self, tx: ManagedTransaction, b: Batch) -> None:
        gone = [*b.docs, *b.unload]
        touched = {schema.doc_node(k) for k in b.unload}
        for st in q.DELETE_DOC_EDGES.values():
            touched.update(r["id"] for r in _run(tx, st, docs=gone) if r["id"])
        _run(tx, q.DELETE_DOC_TASKS, docs=gone)
        if b.unload:
            _run(tx, q.UNLOAD, keys=b.unload)
        if b.loaded:
            _run(tx, q.MERGE_LOADED, rows=b.loaded)
        if b.cited:
            _run(tx, q.MERGE_CITED, rows=b.cited)
        for kind, rows in b.nodes.items():
            _run(tx, q.MERGE_NODES[kind], rows=rows)
        if b.absorb:
            for st in q.ABSORB_EDGES:
                _run(tx, st, pairs=b.absorb)
            _run(tx, q.ABSORB_DELETE, pairs=b.absorb)
        for rel, rows in b.edges.items():
            written = _run(tx, q.MERGE_EDGES[rel], rows=rows)[0]["written"]
            if written != len(rows):  # an end node missing: never store half a document
                raise StoreError(f"{rel} edges: {len(rows) - written} of {len(rows)} lost an end")
        if b.aliases:
            _run(tx, q.SET_ALIASES, rows=b.aliases)
        _drop_orphans(tx, touched)

    def _revisit_vague(
        self, tx: ManagedTransaction, index: DocIndex, issuer: str | None, day: str | None
    ) -> None:
        """Tie earlier vague citations to a document of ``issuer`` dated ``day`` (just loaded,
        or just left alone among its namesakes) if it is what they meant."""
        window = revisit_window(day)
        if not issuer or window is None:
            return
        rows = _run(tx, q.VAGUE_EDGES, issuer=issuer, date_from=window[0], date_to=window[1])
        moves = revisit_vague(index, issuer, day, rows)
        for rel in schema.DOC_RELATIONS:
            mine = [m for m in moves if m["rel"] == q.REL_TYPES[rel]]
            if mine:
                _run(tx, q.REPOINT[rel], rows=mine)
        _drop_orphans(tx, {schema.doc_node(m["old"]) for m in moves})

    # ---- freshness --------------------------------------------------------------------

    data_version_is_local: ClassVar[bool] = False

    def data_version(self) -> int | None:
        """The marker node's write counter, bumped by every write transaction of ours
        (not by statements run by hand: docs/cypher.md says how to bump it then)."""
        try:
            rows = self._read(q.META_VERSION)
        except StoreError:
            return None  # the server cannot be asked: nothing may be kept
        return int(rows[0]["version"]) if rows else None

    # ---- look-ups ---------------------------------------------------------------------

    def record(self, key: str) -> Record | None:
        rows = self._read(q.RECORD, key=key)
        if not rows or not rows[0]["record"]:
            return None
        return Record.from_dict(json.loads(rows[0]["record"]))

    def loaded_keys(self, *, offset: int = 0, limit: int = 1000) -> list[str]:
        """Keys of loaded documents, in key order (for copying a store page by page)."""
        return [r["key"] for r in self._read(q.LOADED_KEYS, offset=offset, limit=limit)]

    def resolve_document(self, name: str) -> list[str]:
        name = name.strip()
        if not name:
            return []
        rows = self._read(q.RESOLVE_DOCUMENT, key=name, number_key=number_key(name))
        return _best_rank(rows, sort=bool(rows) and rows[0]["rank"] == 1)

    def resolve_unit(self, name: str) -> list[str]:
        nk = name_key(name)
        if not nk:
            return []
        return _best_rank(self._read(q.RESOLVE_UNIT, name_key=nk))[:20]

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
        rows = self._read(
            q.DOCUMENTS,
            issuer=series_key(issuer) if issuer else None,
            level=level,
            type_key=type_key(doc_type) if doc_type else None,
            date_from=date_from,
            date_to=date_to,
            words=fold(text).split()[:32] or None if text else None,
            loaded=loaded,
            offset=max(0, offset),
            limit=max(0, limit),
        )
        total = rows[0]["total"] if rows else 0
        page = [
            DocumentSummary(
                key=d["key"],
                label=d.get("label") or d["key"],
                doc_type=d.get("doc_type"),
                number=d.get("number"),
                date=d.get("date"),
                issuer=d.get("issuer"),
                level=d.get("level"),
                subject=d.get("subject"),
                loaded=bool(d.get("loaded")),
            )
            for d in (rows[0]["page"] if rows else [])
        ]
        return total, page

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        lucene = lucene_query(query)
        if lucene is None or limit <= 0:
            return []
        hits = []
        for r in self._read(q.SEARCH, query=lucene, limit=limit):
            rec = json.loads(r["record"]) if r["record"] else {}
            hits.append(SearchHit(r["key"], float(r["score"]), r["label"] or r["key"],
                                  snippet(rec.get("text"), rec.get("subject"), query)))
        return hits

    # ---- subgraphs ----------------------------------------------------------------------

    def _cut(
        self, key: str, direction: str, max_depth: int,
        carried: Callable[[ManagedTransaction, list[str]], list[dict[str, Any]]],
    ) -> nx.MultiDiGraph:
        """A cascade cut in one read transaction, in the embedded store's steps: the walk
        level by level, then what ``carried`` adds for the documents reached, then each
        node kind's nodes, every step one statement over a set of keys."""
        check_direction(key, direction)

        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            seen, links = _walk(tx, key, direction, cascade_depth(max_depth))
            rows = links + carried(tx, sorted(schema.node_key(n) for n in seen))
            by_kind: dict[str, set[str]] = {}
            for nid in seen.union(*((r["src"], r["dst"]) for r in rows)):
                by_kind.setdefault(schema.node_kind(nid), set()).add(schema.node_key(nid))
            nodes = [r["n"] for kind, keys in sorted(by_kind.items())
                     for r in _run(tx, q.NODES_BY_KEY[kind], keys=sorted(keys))]
            g = rows_to_graph(nodes, rows, q.RELATION_OF_TYPE)
            if schema.doc_node(key) not in g:
                raise NotFound(f"document {key!r} is not in the store at {self.cfg.shown}")
            return g

        g: nx.MultiDiGraph = self._tx(False, work)
        return g

    def cascade(self, key: str, *, direction: str = "down", max_depth: int = 50) -> nx.MultiDiGraph:
        def carried(tx: ManagedTransaction, docs: list[str]) -> list[dict[str, Any]]:
            out = _run(tx, q.CUT_EDGES[schema.DOCUMENT], keys=docs)
            tasks = _keys_of(r["dst"] for r in out if r["rel"] == q.REL_TYPES[schema.HAS_TASK])
            out += _run(tx, q.CUT_EDGES[schema.TASK], keys=tasks)
            units = _keys_of(r["dst"] for r in out if schema.node_kind(r["dst"]) == schema.UNIT)
            return out + _run(tx, q.CUT_EDGES[schema.UNIT], keys=units)

        return self._cut(key, direction, max_depth, carried)

    def cascade_documents(
        self, key: str, *, direction: str = "down", max_depth: int = 50
    ) -> nx.MultiDiGraph:
        return self._cut(key, direction, max_depth,
                         lambda tx, docs: _run(tx, q.ISSUER_EDGES, keys=docs))

    def unit_graph(self, key: str) -> nx.MultiDiGraph:
        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            nodes = [r["n"] for r in _run(tx, q.UNIT_NODE, key=key)]
            if not nodes:
                raise NotFound(f"unit {key!r} is not in the store at {self.cfg.shown}")
            return rows_to_graph(nodes, _run(tx, q.UNIT_NEIGHBOURHOOD, key=key),
                                 q.RELATION_OF_TYPE)

        g: nx.MultiDiGraph = self._tx(False, work)
        return g

    def graph(self) -> nx.MultiDiGraph:
        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            nodes = [r["n"] for r in _run(tx, q.ALL_NODES)]
            return rows_to_graph(nodes, _run(tx, q.ALL_EDGES), q.RELATION_OF_TYPE)

        g: nx.MultiDiGraph = self._tx(False, work)
        return g

    def stats(self) -> dict[str, Any]:
        def work(tx: ManagedTransaction) -> dict[str, Any]:
            nodes = {q.KIND_OF_LABEL[r["label"]]: r["n"] for r in _run(tx, q.STATS_NODES)
                     if r["label"] in q.KIND_OF_LABEL}
            edges = {q.RELATION_OF_TYPE[r["rel"]]: r["n"] for r in _run(tx, q.STATS_EDGES)
                     if r["rel"] in q.RELATION_OF_TYPE}
            docs = _run(tx, q.STATS_DATES)[0]
            return {
                "backend": "neo4j",
                "location": self.cfg.shown,
                "documents": int(docs["documents"] or 0),
                "cited_only": int(docs["cited_only"] or 0),
                "nodes": nodes,
                "edges": edges,
                "date_from": docs["date_from"],
                "date_to": docs["date_to"],
            }

        stats: dict[str, Any] = self._tx(False, work)
        return stats

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            _release(self.cfg)

    def __repr__(self) -> str:
        return f"Neo4jStore({self.cfg.shown!r})"

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def copy_into(store: Store, uri: str, *, page: int = 500) -> LoadReport:
    """Copy every loaded document of ``store`` (e.g. the embedded one) into Neo4j at ``uri``.

    Records go through the same graph building, oldest first (so citations
    mostly meet documents already there), in batches of ``page``; copying
    again changes nothing, since unchanged sources are skipped.
    """
    keys = oldest_first(store, page=page)
    report = LoadReport()
    with Neo4jStore.from_uri(uri) as target:
        for i in range(0, len(keys), page):
            records = [r for k in keys[i : i + page] if (r := store.record(k)) is not None]
            report.merge(target.add_records(records))
    return report
