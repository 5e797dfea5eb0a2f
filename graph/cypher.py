"""Every Cypher statement the Neo4j store sends, and nothing else.

Statements are constants, or generated from the fixed sets in
:mod:`graph.schema` (node kinds, relations): no label, relationship type or
value ever comes from user input; values travel as parameters.  Each
:class:`Statement` declares the parameters it takes, so the store refuses a
call that passes others and ``tests/test_cypher_lint.py`` lints every
statement (syntax, undefined variables, undeclared parameters) offline.

In Neo4j a node kind is a label (``document`` -> ``:Document``) and a
relation an upper-case relationship type (``implements`` -> ``:IMPLEMENTS``);
those names live in :mod:`graph.cypher_names` and are re-exported here.
Every node keeps its schema id in ``id`` and its key in ``key``.

>>> LABELS["document"], REL_TYPES["implements"]
('Document', 'IMPLEMENTS')
>>> MERGE_EDGES["assigns_to"].params
('rows',)
>>> len(all_statements()) == len({s.name for s in all_statements()})
True
"""

from __future__ import annotations

from typing import Final

from graph import schema
from graph.cypher_names import (
    ENDPOINTS,
    FULLTEXT_INDEX,
    INTERNAL_PROPERTIES,
    KIND_OF_LABEL,
    LABELS,
    META_LABEL,
    NODE_ATTRS,
    REL_TYPES,
    RELATION_OF_TYPE,
    SCHEMA_VERSION,
    Statement,
    shown,
)
from graph.read_rules import DIRECTIONS

__all__ = [
    "Statement", "all_statements", "LABELS", "NODE_ATTRS", "REL_TYPES", "KIND_OF_LABEL",
    "RELATION_OF_TYPE", "ENDPOINTS", "META_LABEL", "SCHEMA_VERSION", "FULLTEXT_INDEX",
    "INTERNAL_PROPERTIES",
    # set-up and the suite's own
    "SCHEMA_STATEMENTS", "AWAIT_INDEXES", "COUNT_NODES", "META_GET", "META_CREATE",
    "META_VERSION", "META_BUMP", "META_MARK_TEST", "DELETE_ALL",
    # writing
    "DOC_STATE", "DOC_BY_SOURCE", "DOC_INDEX", "MERGE_LOADED", "MERGE_CITED", "MERGE_NODES",
    "MERGE_EDGES", "UNLOAD", "DELETE_DOC_EDGES", "DELETE_DOC_TASKS", "DELETE_ORPHANS",
    "ABSORB_EDGES", "ABSORB_DELETE", "SET_ALIASES", "VAGUE_EDGES", "REPOINT",
    # reading
    "RECORD", "LOADED_KEYS", "RESOLVE_DOCUMENT", "RESOLVE_UNIT", "DOCUMENTS", "SEARCH",
    "CASCADE_STEP", "CUT_EDGES", "ISSUER_EDGES", "NODES_BY_KEY", "UNIT_NODE", "UNIT_NEIGHBOURHOOD",
    "ALL_NODES", "ALL_EDGES", "STATS_NODES", "STATS_EDGES", "STATS_DATES",
]


# One row per relationship: both ends as attribute maps, so turning rows into a
# networkx graph is plain Python (graph.neo4j_rows.rows_to_graph).
_EDGE_ROW = f"RETURN {shown('a')} AS a, type(r) AS rel, properties(r) AS props, {shown('b')} AS b"


def _schema_statements() -> tuple[Statement, ...]:
    out: list[Statement] = []
    for kind, label in LABELS.items():
        out.append(
            Statement(
                f"constraint_{kind}_key",
                f"CREATE CONSTRAINT {kind}_key IF NOT EXISTS "
                f"FOR (n:{label}) REQUIRE n.key IS UNIQUE",
                write=True,
            )
        )
    for prop in ("number_key", "date", "issuer_key", "source", "loaded"):
        out.append(
            Statement(
                f"index_document_{prop}",
                f"CREATE INDEX document_{prop} IF NOT EXISTS FOR (n:Document) ON (n.{prop})",
                write=True,
            )
        )
    for rel, rtype in REL_TYPES.items():
        # Reloading a document deletes the edges it asserted, found by `doc`.
        out.append(
            Statement(
                f"index_{rel}_doc",
                f"CREATE INDEX {rel}_doc IF NOT EXISTS FOR ()-[r:{rtype}]-() ON (r.doc)",
                write=True,
            )
        )
    for rel in schema.DOC_RELATIONS:
        out.append(
            Statement(
                f"index_{rel}_vague",
                f"CREATE INDEX {rel}_vague IF NOT EXISTS FOR ()-[r:{REL_TYPES[rel]}]-() "
                "ON (r.vague_issuer)",
                write=True,
            )
        )
    out.append(
        Statement(
            "fulltext_document_search",
            f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Document) "
            "ON EACH [n.search_subject, n.search_body] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}",
            write=True,
        )
    )
    return tuple(out)


SCHEMA_STATEMENTS: Final = _schema_statements()

AWAIT_INDEXES: Final = Statement("await_indexes", "CALL db.awaitIndexes($seconds)", ("seconds",))
COUNT_NODES: Final = Statement("count_nodes", "MATCH (n) RETURN count(n) AS nodes")
META_GET: Final = Statement(
    "meta_get",
    f"MATCH (m:{META_LABEL}) RETURN m.schema_version AS version, "
    "coalesce(m.test_owned, false) AS test_owned LIMIT 1",
)
META_CREATE: Final = Statement(
    "meta_create",
    f"MERGE (m:{META_LABEL} {{id: 'directive-graph'}}) "
    "ON CREATE SET m.schema_version = $version, m.created = datetime(), m.data_version = 0",
    ("version",),
    write=True,
)
# Store.data_version: every write transaction of the store bumps the marker's
# counter as its last statement, so the number moves exactly when one commits
# (a database imported or made before the counter reads 0 until the next write).
META_VERSION: Final = Statement(
    "meta_version",
    f"MATCH (m:{META_LABEL}) RETURN coalesce(m.data_version, 0) AS version LIMIT 1",
)
META_BUMP: Final = Statement(
    "meta_bump",
    f"MATCH (m:{META_LABEL}) SET m.data_version = coalesce(m.data_version, 0) + 1 "
    "RETURN m.data_version AS version",
    write=True,
)
# The contract tests mark a database they created, so they never wipe one they did not.
META_MARK_TEST: Final = Statement(
    "meta_mark_test",
    f"MATCH (m:{META_LABEL}) SET m.test_owned = true RETURN count(m) AS marked",
    write=True,
)
DELETE_ALL: Final = Statement("delete_all", "MATCH (n) DETACH DELETE n", write=True)

DOC_STATE: Final = Statement(
    "doc_state",
    "UNWIND $keys AS k MATCH (d:Document {key: k}) WHERE d.loaded "
    # Documents stored before versions were kept were all read by version 1.
    "RETURN d.key AS key, d.content_sha AS sha, coalesce(d.record_version, 1) AS version",
    ("keys",),
)
DOC_BY_SOURCE: Final = Statement(
    "doc_by_source",
    "UNWIND $sources AS s MATCH (d:Document {source: s}) WHERE d.loaded "
    "RETURN d.key AS key, d.source AS source",
    ("sources",),
)


def _merge_nodes(kind: str, label: str) -> Statement:
    # A unit or person takes what the latest document loaded says of it, so a store
    # re-read by a newer parser shows the newer reading (the embedded store does the
    # same); tasks belong to one document and are rewritten with it.
    return Statement(
        f"merge_{kind}",
        f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET n = row.props",
        ("rows",),
        write=True,
    )


MERGE_NODES: Final[dict[str, Statement]] = {
    k: _merge_nodes(k, v) for k, v in LABELS.items() if k != schema.DOCUMENT
}
#: A loaded document's own text says everything about it: its properties are replaced.
MERGE_LOADED: Final = Statement(
    "merge_loaded_documents",
    "UNWIND $rows AS row MERGE (n:Document {key: row.key}) SET n = row.props",
    ("rows",),
    write=True,
)
#: A citation only fills in what is not known yet, and never touches a loaded document.
MERGE_CITED: Final = Statement(
    "merge_cited_documents",
    "UNWIND $rows AS row MERGE (n:Document {key: row.key}) "
    "WITH n, row, properties(n) AS known WHERE NOT coalesce(known.loaded, false) "
    "SET n += row.props SET n += known",
    ("rows",),
    write=True,
)
#: A document loaded before from the same source under another key: back to cited-only.
UNLOAD: Final = Statement(
    "unload_documents",
    "UNWIND $keys AS k MATCH (d:Document {key: k}) "
    "SET d = {id: d.id, key: d.key, label: d.label, doc_type: d.doc_type, number: d.number, "
    "date: d.date, subject: d.subject, issuer: d.issuer, issuer_key: d.issuer_key, "
    "loaded: false, aliases: d.aliases, number_key: d.number_key, type_key: d.type_key, "
    "search_label: d.search_label}",
    ("keys",),
    write=True,
)


def _merge_edges(rel: str) -> Statement:
    src, dst = (LABELS[k] for k in ENDPOINTS[rel])
    return Statement(
        f"merge_{rel}",
        f"UNWIND $rows AS row MATCH (a:{src} {{key: row.src}}) MATCH (b:{dst} {{key: row.dst}}) "
        f"MERGE (a)-[r:{REL_TYPES[rel]} {{doc: row.doc, ekey: row.ekey}}]->(b) "
        "SET r += row.props RETURN count(r) AS written",
        ("rows",),
        write=True,
    )


MERGE_EDGES: Final[dict[str, Statement]] = {r: _merge_edges(r) for r in schema.RELATIONS}


def _delete_doc_edges(rel: str) -> Statement:
    return Statement(
        f"delete_{rel}_of_docs",
        f"UNWIND $docs AS doc MATCH (a)-[r:{REL_TYPES[rel]} {{doc: doc}}]->(b) "
        "WITH r, [a.id, b.id] AS ends DELETE r "
        "WITH ends UNWIND ends AS id RETURN DISTINCT id",
        ("docs",),
        write=True,
    )


DELETE_DOC_EDGES: Final[dict[str, Statement]] = {r: _delete_doc_edges(r) for r in schema.RELATIONS}

DELETE_DOC_TASKS: Final = Statement(
    "delete_tasks_of_docs",
    "UNWIND $docs AS doc MATCH (t:Task {doc: doc}) DETACH DELETE t",
    ("docs",),
    write=True,
)


def _delete_orphans(kind: str, label: str) -> Statement:
    # Nothing points at it and no document speaks through it: it goes, with its
    # map edges, and the units those led to are checked next (their ids return).
    keep = " AND NOT coalesce(n.loaded, false)" if kind == schema.DOCUMENT else ""
    return Statement(
        f"delete_orphan_{kind}",
        f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) "
        "WHERE NOT EXISTS { (n)<--() } AND NOT EXISTS { MATCH (n)-[r]->() WHERE r.doc <> '' }"
        f"{keep} "
        "OPTIONAL MATCH (n)-->(up) "
        "WITH n, collect(up.id) AS ups DETACH DELETE n "
        "WITH ups UNWIND ups AS id RETURN DISTINCT id",
        ("keys",),
        write=True,
    )


DELETE_ORPHANS: Final[dict[str, Statement]] = {k: _delete_orphans(k, v) for k, v in LABELS.items()}

DOC_INDEX: Final = Statement(
    "doc_index",
    "MATCH (d:Document) RETURN d.key AS key, coalesce(d.loaded, false) AS loaded, "
    "d.aliases AS aliases, d.number_key AS number_key, d.issuer_key AS issuer_key, "
    "d.date AS date, d.subject AS subject, coalesce(d.unresolved, false) AS unresolved",
)


def _absorb(rel: str, direction: str) -> Statement:
    # A placeholder made from a citation meets the document once it is loaded:
    # its edges move to the loaded node, then it goes.
    t = REL_TYPES[rel]
    props = "{doc: r.doc, ekey: coalesce(r.ekey, '')}"
    if direction == "out":
        old, new = f"(old)-[r:{t}]->(x)", f"(new)-[r2:{t} {props}]->(x)"
    else:
        old, new = f"(x)-[r:{t}]->(old)", f"(x)-[r2:{t} {props}]->(new)"
    return Statement(
        f"absorb_{rel}_{direction}",
        "UNWIND $pairs AS p MATCH (old:Document {key: p.old}) MATCH (new:Document {key: p.new}) "
        f"MATCH {old} WHERE x <> new AND NOT coalesce(old.loaded, false) "
        # p.cap: a placeholder met by number alone passes on at most that confidence.
        f"MERGE {new} SET r2 += properties(r), r2.confidence = CASE WHEN p.cap < r.confidence "
        "THEN p.cap ELSE r.confidence END DELETE r",
        ("pairs",),
        write=True,
    )


ABSORB_EDGES: Final = tuple(_absorb(r, d) for r in schema.DOC_RELATIONS for d in ("in", "out"))
SET_ALIASES: Final = Statement(
    "set_aliases",
    "UNWIND $rows AS row MATCH (d:Document {key: row.key}) SET d.aliases = row.aliases",
    ("rows",),
    write=True,
)
ABSORB_DELETE: Final = Statement(
    "absorb_delete",
    "UNWIND $pairs AS p MATCH (old:Document {key: p.old}) "
    "WHERE NOT coalesce(old.loaded, false) DETACH DELETE old",
    ("pairs",),
    write=True,
)

# Citations with neither number nor date keep what they said on the edge
# (vague_*), so a document loaded later can claim them, as in the embedded store.
VAGUE_EDGES: Final = Statement(
    "vague_edges",
    "MATCH (a:Document)-[r:IMPLEMENTS|REFERENCES]->(b:Document) "
    "WHERE r.vague_issuer = $issuer AND r.vague_citing >= $date_from "
    "AND r.vague_citing <= $date_to "
    "RETURN type(r) AS rel, a.key AS src, r.doc AS doc, r.ekey AS ekey, b.key AS dst, "
    "r.vague_subject AS subject, r.vague_citing AS citing",
    ("issuer", "date_from", "date_to"),
)


def _repoint(rel: str) -> Statement:
    t = REL_TYPES[rel]
    return Statement(
        f"repoint_{rel}",
        f"UNWIND $rows AS row MATCH (a:Document {{key: row.src}})"
        f"-[r:{t} {{doc: row.doc, ekey: row.ekey}}]->(:Document {{key: row.old}}) "
        "MATCH (new:Document {key: row.new}) "
        f"CREATE (a)-[moved:{t}]->(new) SET moved = properties(r), "
        "moved.confidence = row.confidence DELETE r RETURN count(moved) AS moved",
        ("rows",),
        write=True,
    )


REPOINT: Final[dict[str, Statement]] = {r: _repoint(r) for r in schema.DOC_RELATIONS}

RECORD: Final = Statement(
    "record",
    "MATCH (d:Document {key: $key}) WHERE d.loaded RETURN d.record_json AS record",
    ("key",),
)
LOADED_KEYS: Final = Statement(
    "loaded_keys",
    "MATCH (d:Document) WHERE d.loaded RETURN d.key AS key ORDER BY key SKIP $offset LIMIT $limit",
    ("offset", "limit"),
)
# rank: 0 the key itself, 1 an identity alias, 2 the number (then 1 prefix, 2 part for units)
RESOLVE_DOCUMENT: Final = Statement(
    "resolve_document",
    "MATCH (d:Document) "
    "WHERE d.key = $key OR $key IN coalesce(d.aliases, []) OR d.number_key = $number_key "
    "RETURN d.key AS key, CASE WHEN d.key = $key THEN 0 "
    "WHEN $key IN coalesce(d.aliases, []) THEN 1 ELSE 2 END AS rank "
    # Undated last, as in the embedded store (Cypher puts nulls first when descending).
    "ORDER BY rank, coalesce(d.loaded, false) DESC, d.date IS NULL, d.date DESC, key",
    ("key", "number_key"),
)
RESOLVE_UNIT: Final = Statement(
    "resolve_unit",
    "MATCH (u:Unit) WHERE u.key CONTAINS $name_key "
    "RETURN u.key AS key, CASE WHEN u.key = $name_key THEN 0 "
    "WHEN u.key STARTS WITH $name_key THEN 1 ELSE 2 END AS rank "
    "ORDER BY rank, size(key), key",
    ("name_key",),
)
DOCUMENTS: Final = Statement(
    "documents",
    "MATCH (d:Document) "
    "WHERE ($issuer IS NULL OR d.issuer_key CONTAINS $issuer) "
    "AND ($level IS NULL OR d.level = $level) "
    "AND ($type_key IS NULL OR d.type_key = $type_key) "
    "AND ($date_from IS NULL OR d.date >= $date_from) "
    "AND ($date_to IS NULL OR d.date <= $date_to) "
    # Every folded word, as a whole word, in the subject or the body (loaded documents).
    "AND ($words IS NULL OR (d.loaded AND all(w IN $words WHERE "
    "(' ' + d.search_subject + ' ') CONTAINS (' ' + w + ' ') "
    "OR (' ' + d.search_body + ' ') CONTAINS (' ' + w + ' ')))) "
    "AND ($loaded IS NULL OR coalesce(d.loaded, false) = $loaded) "
    "WITH d ORDER BY d.date IS NULL, d.date DESC, d.key "
    "WITH collect(d {.key, .label, .doc_type, .number, .date, .issuer, .level, .subject, "
    ".loaded}) AS rows "
    "RETURN size(rows) AS total, rows[$offset..($offset + $limit)] AS page",
    ("issuer", "level", "type_key", "date_from", "date_to", "words", "loaded", "offset", "limit"),
)
SEARCH: Final = Statement(
    "search",
    f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query, {{limit: $limit}}) "
    "YIELD node, score "
    "RETURN node.key AS key, score, node.label AS label, node.record_json AS record "
    "ORDER BY score DESC, key",
    ("query", "limit"),
)


# A cut (Store.cascade, cascade_documents) is read in set-based steps, the
# embedded store's: each level of the walk, then each node kind's edges over
# the set of keys reached, then each kind's nodes.  Edge rows carry the ids of
# their ends, never the nodes themselves (a unit on a thousand edges is sent once).
_ID_ROW = "RETURN a.id AS src, type(r) AS rel, properties(r) AS props, b.id AS dst"


def _cascade_step(direction: str) -> Statement:
    # The implements edges into (down) or out of (up) the documents $keys; the
    # store keeps the visited set and the depth.
    near = "b" if direction == "down" else "a"
    return Statement(
        f"cascade_step_{direction}",
        f"MATCH (a:Document)-[r:IMPLEMENTS]->(b:Document) WHERE {near}.key IN $keys {_ID_ROW}",
        ("keys",),
    )


CASCADE_STEP: Final[dict[str, Statement]] = {d: _cascade_step(d) for d in DIRECTIONS}


def _edges_from(kind: str, rels: tuple[str, ...], name: str) -> Statement:
    types = "|".join(REL_TYPES[r] for r in rels)
    return Statement(
        f"{name}_edges",
        f"MATCH (a:{LABELS[kind]})-[r:{types}]->(b) WHERE a.key IN $keys {_ID_ROW}",
        ("keys",),
    )


#: What a full cut carries: the documents' own edges, their tasks' assignees,
#: the map edges of every unit either reaches (graph.store.Store.cascade).
CUT_EDGES: Final[dict[str, Statement]] = {
    schema.DOCUMENT: _edges_from(schema.DOCUMENT, schema.DOC_OUT_RELATIONS, "document_out"),
    schema.TASK: _edges_from(schema.TASK, (schema.ASSIGNS_TO,), "task_assignee"),
    schema.UNIT: _edges_from(schema.UNIT, (schema.INCLUDES, schema.PART_OF), "unit_map"),
}
#: What the lean cut carries besides the walk: each document's issuer.
ISSUER_EDGES: Final = _edges_from(schema.DOCUMENT, (schema.ISSUED_BY,), "document_issuer")
NODES_BY_KEY: Final[dict[str, Statement]] = {
    kind: Statement(
        f"{kind}_nodes", f"MATCH (n:{label}) WHERE n.key IN $keys RETURN {shown('n')} AS n",
        ("keys",),
    )
    for kind, label in LABELS.items()
}
UNIT_NODE: Final = Statement(
    "unit_node", f"MATCH (n:Unit {{key: $key}}) RETURN {shown('n')} AS n", ("key",)
)
UNIT_NEIGHBOURHOOD: Final = Statement(
    "unit_neighbourhood",
    f"MATCH (a:Unit {{key: $key}})-[r]->(b) {_EDGE_ROW} "
    "UNION ALL "
    f"MATCH (a)-[r]->(b:Unit {{key: $key}}) {_EDGE_ROW} "
    "UNION ALL "
    f"MATCH (a:Document)-[r:HAS_TASK]->(b:Task)-[:ASSIGNS_TO]->(:Unit {{key: $key}}) {_EDGE_ROW}",
    ("key",),
)
ALL_NODES: Final = Statement(
    "all_nodes",
    f"MATCH (n) WHERE n:Document OR n:Unit OR n:Task OR n:Person RETURN {shown('n')} AS n",
)
ALL_EDGES: Final = Statement(
    "all_edges",
    "MATCH (a)-[r]->(b) RETURN a.id AS src, type(r) AS rel, properties(r) AS props, b.id AS dst",
)
STATS_NODES: Final = Statement(
    "stats_nodes", "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n"
)
STATS_EDGES: Final = Statement(
    "stats_edges", "MATCH ()-[r]->() RETURN type(r) AS rel, count(*) AS n"
)
STATS_DATES: Final = Statement(
    "stats_dates",
    "MATCH (d:Document) "
    "RETURN min(d.date) AS date_from, max(d.date) AS date_to, "
    "sum(CASE WHEN d.loaded THEN 1 ELSE 0 END) AS documents, "
    "sum(CASE WHEN d.loaded THEN 0 ELSE 1 END) AS cited_only",
)


def all_statements() -> tuple[Statement, ...]:
    """Every statement the store can send: the set the linter checks."""
    fixed = (
        AWAIT_INDEXES, COUNT_NODES, META_GET, META_CREATE, META_VERSION, META_BUMP,
        META_MARK_TEST, DELETE_ALL,
        DOC_STATE, DOC_BY_SOURCE, DOC_INDEX, MERGE_LOADED, MERGE_CITED, UNLOAD,
        DELETE_DOC_TASKS, SET_ALIASES, ABSORB_DELETE, VAGUE_EDGES,
        RECORD, LOADED_KEYS, RESOLVE_DOCUMENT, RESOLVE_UNIT, DOCUMENTS, SEARCH, ISSUER_EDGES,
        UNIT_NODE, UNIT_NEIGHBOURHOOD, ALL_NODES, ALL_EDGES, STATS_NODES, STATS_EDGES,
        STATS_DATES,
    )
    return (
        *SCHEMA_STATEMENTS,
        *fixed,
        *CASCADE_STEP.values(),
        *CUT_EDGES.values(),
        *NODES_BY_KEY.values(),
        *ABSORB_EDGES,
        *REPOINT.values(),
        *MERGE_NODES.values(),
        *MERGE_EDGES.values(),
        *DELETE_DOC_EDGES.values(),
        *DELETE_ORPHANS.values(),
    )
