"""What a fresh Neo4j database holds after a load, without a server: for ``neo4j-admin``.

:func:`fresh_database` applies the rows :func:`graph.neo4j_batch.build_batch`
builds for a set of records as the Neo4j store's write transaction does
(``MERGE`` semantics, vague citations re-pointed, orphans dropped), so the
CSV files :func:`write_import` writes from it hold exactly the nodes,
relationships and properties (internal ones included) and the marker node a
``--store bolt://`` load of the same records writes in one transaction.
After ``neo4j-admin database import full`` the Neo4j store opens the
database (it creates its constraints and indexes then, ``IF NOT EXISTS``),
answers from it, and a later load skips the documents it holds unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph import cypher, schema
from graph.build import contribution
from graph.errors import DirectiveGraphError
from graph.model import Record
from graph.neo4j_batch import Batch, DocIndex, build_batch, revisit_vague
from graph.resolve import revisit_window
from graph.store import Store

__all__ = [
    "Node", "Edge", "as_stored", "oldest_first", "loaded_records", "fresh_database",
    "write_import", "import_command", "ARRAY_DELIMITER", "META_ID",
]

Node = dict[str, Any]  # the stored property map; "id" is the schema id
Edge = dict[str, Any]  # {"src", "dst", "rel" (relationship type), "props"}

META_ID = "directive-graph"  # the marker node's id, as graph.cypher.META_CREATE merges it
#: Between the elements of a list property (aliases, spans, candidates): no key holds it.
ARRAY_DELIMITER = "\x1f"


def oldest_first(store: Store, *, page: int = 500) -> list[str]:
    """The keys of the loaded documents in ``store``, oldest first (then by key): the order
    a copy into Neo4j loads them in, so citations mostly meet documents already there."""
    keys: list[tuple[str, str]] = []
    offset = 0
    while True:
        total, docs = store.documents(loaded=True, offset=offset, limit=page)
        keys.extend((d.date or "", d.key) for d in docs)
        offset += len(docs)
        if not docs or offset >= total:
            break
    return [k for _, k in sorted(keys)]


def loaded_records(store: Store, *, page: int = 500) -> list[Record]:
    """Every loaded document's record in ``store``, in :func:`oldest_first` order."""
    return [r for k in oldest_first(store, page=page) if (r := store.record(k)) is not None]


def _node_id(kind: str, key: str) -> str:
    return schema.doc_node(key) if kind == schema.DOCUMENT else f"{kind}:{key}"


def _store_rows(batch: Batch) -> tuple[dict[str, Node], dict[tuple[str, ...], Edge]]:
    """The nodes and relationships ``batch`` leaves in an empty database, statement by
    statement as Neo4jStore._write_batch sends them."""
    nodes: dict[str, Node] = {}
    for row in batch.loaded:  # MERGE_LOADED: SET n = row.props
        nodes[row["props"]["id"]] = dict(row["props"])
    for row in batch.cited:  # MERGE_CITED: fills in what is missing, never a loaded one
        known = nodes.setdefault(row["props"]["id"], {})
        if not known.get("loaded"):
            known.update({k: v for k, v in row["props"].items() if k not in known})
    for rows in batch.nodes.values():  # MERGE_NODES: SET n = row.props, the last row wins
        for row in rows:
            nodes[row["props"]["id"]] = dict(row["props"])
    edges: dict[tuple[str, ...], Edge] = {}
    for rel, rows in batch.edges.items():  # MERGE_EDGES: MERGE on (ends, doc, ekey), SET +=
        src_kind, dst_kind = cypher.ENDPOINTS[rel]
        for r in rows:
            src, dst = _node_id(src_kind, r["src"]), _node_id(dst_kind, r["dst"])
            ident = (src, dst, cypher.REL_TYPES[rel], r["doc"], r["ekey"])
            e = edges.setdefault(ident, {"src": src, "dst": dst, "rel": ident[2],
                                         "props": {"doc": r["doc"], "ekey": r["ekey"]}})
            e["props"].update(r["props"])
    for row in batch.aliases:  # SET_ALIASES
        nodes[schema.doc_node(row["key"])]["aliases"] = list(row["aliases"])
    return nodes, edges


def _drop_orphans(nodes: dict[str, Node], edges: dict[tuple[str, ...], Edge],
                  ids: set[str]) -> None:
    """graph.cypher.DELETE_ORPHANS, repeated as the store repeats it."""
    for _ in range(64):
        if not ids:
            return
        ups: set[str] = set()
        for nid in sorted(ids):
            n = nodes.get(nid)
            if n is None or (schema.node_kind(nid) == schema.DOCUMENT and n.get("loaded")):
                continue
            if any(e["dst"] == nid or (e["src"] == nid and e["props"].get("doc") != "")
                   for e in edges.values()):
                continue
            ups |= {e["dst"] for e in edges.values() if e["src"] == nid}
            del nodes[nid]
            for ident in [i for i, e in edges.items() if nid in (e["src"], e["dst"])]:
                del edges[ident]
        ids = ups


def fresh_database(records: Iterable[Record]) -> tuple[list[Node], list[Edge]]:
    """The nodes and relationships an empty Neo4j database holds after loading
    ``records`` in one write transaction (documents met twice: the later copy)."""
    items = [(r, contribution(r)) for r in records]
    todo = list({c.key: (r, c) for r, c in items}.values())
    index = DocIndex()
    batch = build_batch(todo, index)
    nodes, edges = _store_rows(batch)
    loaded = [(c.doc_attrs.get("issuer_key"), c.doc_attrs.get("date")) for _, c in todo]
    for issuer, day in [*loaded, *batch.revisit]:  # Neo4jStore._revisit_vague
        window = revisit_window(day)
        if not issuer or window is None:
            continue
        rows = [
            {"rel": e["rel"], "src": schema.node_key(e["src"]), "doc": e["props"]["doc"],
             "ekey": e["props"]["ekey"], "dst": schema.node_key(e["dst"]),
             "subject": e["props"].get("vague_subject"), "citing": e["props"]["vague_citing"]}
            for e in edges.values()
            if e["props"].get("vague_issuer") == issuer
            and window[0] <= e["props"]["vague_citing"] <= window[1]
        ]
        moves = revisit_vague(index, issuer, day, rows)
        for m in moves:  # REPOINT: a new relationship with the old one's properties
            old = (schema.doc_node(m["src"]), schema.doc_node(m["old"]), m["rel"], m["doc"],
                   m["ekey"])
            e = edges.pop(old)
            new = (old[0], schema.doc_node(m["new"]), *old[2:])
            edges[new] = {"src": new[0], "dst": new[1], "rel": m["rel"],
                          "props": {**e["props"], "confidence": m["confidence"]}}
        _drop_orphans(nodes, edges, {schema.doc_node(m["old"]) for m in moves})
    return list(nodes.values()), list(edges.values())


def as_stored(batch: Batch) -> tuple[list[Node], list[Edge]]:
    """The nodes and relationships ``batch`` alone leaves in an empty database."""
    nodes, edges = _store_rows(batch)
    return list(nodes.values()), list(edges.values())


# ---- CSV for neo4j-admin database import full -----------------------------------------


def _value_type(v: Any) -> str | None:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, str):
        return "string"
    if isinstance(v, datetime):
        return "datetime"
    if isinstance(v, list) and v:
        inner = _widest({_value_type(x) for x in v})
        return f"{inner}[]" if inner and not inner.endswith("[]") else None
    return None


def _widest(kinds: set[str | None]) -> str | None:
    """One Neo4j type for values of ``kinds``: a long among doubles is a double."""
    for low, high in (("long", "double"), ("long[]", "double[]")):
        if kinds == {low, high}:
            return high
    return kinds.pop() if len(kinds) == 1 else None


def _column_type(name: str, where: str, values: list[Any]) -> str:
    present = [v for v in values if v is not None and v != []]
    typ = _widest({_value_type(v) for v in present}) if present else "string"
    if typ is None:
        raise DirectiveGraphError(f"csv export: property {name!r} of {where} holds values "
                                  "Neo4j cannot keep in one column: "
                                  f"{sorted({type(v).__name__ for v in present})}")
    return typ


def _cell(value: Any, typ: str, name: str) -> str:
    """One CSV field as neo4j-admin reads it: strings always quoted (so an empty string
    stays one: an unquoted empty field is no property at all)."""
    if value is None or (isinstance(value, list) and not value):
        return ""  # neo4j-admin cannot write an empty list: the store reads it as absent
    if typ == "boolean":
        return "true" if value else "false"
    if typ.endswith("[]"):
        parts = [str(x).lower() if isinstance(x, bool) else str(x) for x in value]
        if any(ARRAY_DELIMITER in p for p in parts):
            raise DirectiveGraphError(f"csv export: a value of {name!r} holds U+001F")
        text = ARRAY_DELIMITER.join(parts)
    elif typ in ("long", "double", "datetime"):
        return value.isoformat() if isinstance(value, datetime) else repr(value)
    else:
        text = str(value)
    return '"' + text.replace('"', '""') + '"'


def _write_file(path: Path, fixed: list[tuple[str, Any]], rows: list[dict[str, Any]],
                where: str) -> None:
    """``fixed``: (header, row key) columns first, then every property, typed."""
    names = sorted({k for r in rows for k in r["props"]})
    types = {k: _column_type(k, where, [r["props"].get(k) for r in rows]) for k in names}
    header = [h for h, _ in fixed] + [k if types[k] == "string" else f"{k}:{types[k]}"
                                      for k in names]
    lines = [",".join(header)]  # names from the schema: never a comma or a quote
    for r in rows:
        cells = [_cell(r[key], "string", h) for h, key in fixed]
        cells += [_cell(r["props"].get(k), types[k], k) for k in names]
        lines.append(",".join(cells))
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\n".join(lines) + "\n")


def write_import(folder: Path, nodes: list[Node], edges: list[Edge]) -> list[str]:
    """Write ``nodes_<Label>.csv``, ``relationships_<TYPE>.csv`` and ``IMPORT.txt`` (the
    command) into ``folder``; the CSV names written.  The marker node goes with them."""
    by_label: dict[str, list[dict[str, Any]]] = {}
    for n in nodes:
        label = cypher.LABELS[schema.node_kind(n["id"])]
        by_label.setdefault(label, []).append({"id": n["id"], "label": label, "props": {
            k: v for k, v in n.items() if k != "id"}})
    created = datetime.now(UTC).replace(microsecond=0)
    meta = {"id": META_ID, "label": cypher.META_LABEL,
            # data_version: what the one write transaction of a bolt load leaves.
            "props": {"schema_version": cypher.SCHEMA_VERSION, "created": created,
                      "data_version": 1}}
    by_label[cypher.META_LABEL] = [meta]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for e in edges:
        by_type.setdefault(e["rel"], []).append(e)
    written = []
    for label, rows in sorted(by_label.items()):
        rows.sort(key=lambda r: r["id"])
        name = f"nodes_{label}.csv"
        _write_file(folder / name, [("id:ID", "id"), (":LABEL", "label")], rows, label)
        written.append(name)
    for rtype, rows in sorted(by_type.items()):
        rows.sort(key=lambda r: (r["src"], r["dst"], r["props"]["doc"], r["props"]["ekey"]))
        name = f"relationships_{rtype}.csv"
        heads = [(":START_ID", "src"), (":END_ID", "dst"), (":TYPE", "rel")]
        _write_file(folder / name, heads, rows, rtype)
        written.append(name)
    (folder / "IMPORT.txt").write_text(
        "Run from this folder (Neo4j 5; evidence text spans lines), into an empty database;\n"
        "the directive-graph store then opens it and creates its indexes:\n"
        + import_command(written, "--array-delimiter=U+001F"),
        "utf-8",
    )
    return written


def import_command(files: Iterable[str], *flags: str) -> str:
    """The ``neo4j-admin database import full`` line that loads ``files`` (node files first).

    >>> import_command(["relationships_IMPLEMENTS.csv", "nodes_Document.csv"])
    'neo4j-admin database import full --multiline-fields=true --nodes=nodes_Document.csv \
--relationships=relationships_IMPLEMENTS.csv neo4j\\n'
    """
    names = list(files)
    args = [*flags, *(f"--nodes={n}" for n in names if n.startswith("nodes_"))]
    args += [f"--relationships={n}" for n in names if n.startswith("relationships_")]
    return "neo4j-admin database import full --multiline-fields=true " + " ".join(args) + " neo4j\n"

