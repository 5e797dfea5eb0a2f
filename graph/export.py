"""Export the graph for other tools: GraphML (Gephi), node-link JSON, Neo4j CSV.

Every writer is atomic: it writes a temporary file (or folder) beside the
target and renames it into place, so a failed export never leaves a
half-written file where a good one stood.

GraphML holds only scalars, so lists and dicts (spans, candidates) become
JSON strings and a property with mixed types becomes a string throughout.
The CSV folder is what ``neo4j-admin database import full`` reads: one
``nodes_<Label>.csv`` per node kind with ``id:ID`` and ``:LABEL`` columns, one
``relationships_<TYPE>.csv`` per relation with ``:START_ID``, ``:END_ID`` and
``:TYPE``, typed property columns (``confidence:double``, ``span:long[]``,
``date:date``), and ``IMPORT.txt`` with the command line.

>>> import tempfile, pathlib
>>> g = nx.MultiDiGraph()
>>> g.add_node("doc:a", key="a", date="2021-01-06", loaded=True)
>>> g.add_node("unit:x", key="x", name="Sở Y tế", level=None)
>>> _ = g.add_edge("doc:a", "unit:x", rel="addressed_to", span=[3, 9], confidence=1.0)
>>> out = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
>>> _ = export(g, "graphml", out)
>>> back = nx.read_graphml(out)
>>> back.nodes["doc:a"]["loaded"], list(back.edges(data="span"))
(True, [('doc:a', 'unit:x', '[3, 9]')])
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import DirectiveGraphError
from graph.model import Record
from graph.neo4j_import import fresh_database, import_command, write_import
from graph.schema import node_kind
from graph.views import parse_date

__all__ = [
    "FORMATS",
    "export",
    "write_graphml",
    "write_json",
    "write_csv",
    "flat_graph",
    "neo4j_label",
    "neo4j_type",
]

FORMATS = ("graphml", "json", "csv")


def neo4j_label(kind: str) -> str:
    """The Neo4j label of a node kind: ``document`` -> ``Document``."""
    return kind.capitalize()


def neo4j_type(rel: str) -> str:
    """The Neo4j relationship type of a relation: ``addressed_to`` -> ``ADDRESSED_TO``."""
    return rel.upper()


@contextmanager
def _atomic_file(path: Path) -> Iterator[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def _atomic_dir(path: Path) -> Iterator[Path]:
    if path.exists() and not path.is_dir():
        raise DirectiveGraphError(f"{path}: exists and is not a folder; CSV export writes a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    try:
        yield tmp
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
            os.replace(path, old / path.name)
        os.replace(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


# XML 1.0 cannot hold most control characters; OCR text sometimes has them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else _json_text(value)
    return _NOT_XML.sub("\ufffd", text)


def _unify(items: list[dict[str, Any]]) -> None:
    """Make each attribute one type across ``items`` (GraphML declares one per key)."""
    types: dict[str, set[type]] = defaultdict(set)
    for attrs in items:
        for k, v in attrs.items():
            types[k].add(type(v))
    for k, ts in types.items():
        if len(ts) < 2:
            continue
        target: type = float if ts <= {int, float} else str
        for attrs in items:
            if k in attrs:
                v = attrs[k]
                attrs[k] = (
                    (str(v).lower() if isinstance(v, bool) else str(v))
                    if target is str
                    else float(v)
                )


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes, None dropped, one type per attribute.

    Control characters XML cannot hold become U+FFFD.
    """
    flat = nx.MultiDiGraph()
    nodes = []
    for n, attrs in g.nodes(data=True):
        nodes.append((n, {k: _scalar(v) for k, v in attrs.items() if v is not None}))
    edges = []
    for u, v, k, attrs in g.edges(keys=True, data=True):
        edges.append((u, v, k, {a: _scalar(x) for a, x in attrs.items() if x is not None}))
    _unify([a for _, a in nodes])
    _unify([a for *_, a in edges])
    flat.add_nodes_from(nodes)
    flat.add_edges_from(edges)
    return flat


def write_graphml(g: nx.MultiDiGraph, path: Path) -> list[Path]:
    with _atomic_file(path) as tmp:
        nx.write_graphml(flat_graph(g), tmp, encoding="utf-8")
    return [path]


def write_json(g: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Node-link JSON (``networkx.node_link_graph`` reads it back)."""
    data = nx.node_link_data(g, edges="edges")
    with _atomic_file(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, default=str, indent=1), "utf-8")
    return [path]


def _column_type(name: str, values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return "string"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "double"
    if all(
        isinstance(v, list | tuple)
        and all(isinstance(x, int) and not isinstance(x, bool) for x in v)
        for v in present
    ):
        return "long[]"
    if name in ("date", "deadline") and all(
        isinstance(v, str) and len(v) == 10 and parse_date(v) for v in present
    ):
        return "date"
    return "string"


def _csv_value(value: Any, typ: str) -> Any:
    if value is None:
        return None
    if typ == "boolean":
        return "true" if value else "false"
    if typ == "long[]":
        return ";".join(str(x) for x in value)
    if typ in ("long", "double", "date"):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else _json_text(value)


Rows = list[tuple[list[Any], dict[str, Any]]]


def _types(tables: dict[str, Rows]) -> dict[str, str]:
    """One type per property across every file, as Neo4j keeps one per property."""
    values: dict[str, list[Any]] = defaultdict(list)
    for rows in tables.values():
        for _, attrs in rows:
            for k, v in attrs.items():
                values[k].append(v)
    return {k: _column_type(k, vs) for k, vs in values.items()}


def _write_table(path: Path, fixed: list[str], rows: Rows, all_types: dict[str, str]) -> None:
    names = sorted({k for _, attrs in rows for k in attrs})
    types = {k: all_types[k] for k in names}
    header = list(fixed)
    insert_at = 1 if fixed and fixed[0] == "id:ID" else len(fixed)
    props = [k if types[k] == "string" else f"{k}:{types[k]}" for k in names]
    header[insert_at:insert_at] = props
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for values, attrs in rows:
            cells = [_csv_value(attrs.get(k), types[k]) for k in names]
            row = list(values)
            row[insert_at:insert_at] = cells
            writer.writerow(row)


def write_csv(
    g: nx.MultiDiGraph, folder: Path, records: Iterable[Record] | None = None
) -> list[Path]:
    """A folder of CSV files for ``neo4j-admin database import full``.

    Given the ``records`` behind ``g`` (:func:`graph.neo4j_import.loaded_records`),
    the files hold exactly what the Neo4j store writes for them, marker node and
    internal properties included, so the store opens the imported database.
    From ``g`` alone they hold the graph only: for other tools, not for the store.
    """
    if records is not None:
        nodes_, edges_ = fresh_database(records)
        with _atomic_dir(folder) as tmp:
            names = write_import(tmp, nodes_, edges_)
        return [folder / name for name in names]
    nodes: dict[str, Rows] = defaultdict(list)
    for n, attrs in g.nodes(data=True):
        label = neo4j_label(node_kind(n))
        nodes[label].append(([n, label], attrs))
    rels: dict[str, Rows] = defaultdict(list)
    for u, v, attrs in g.edges(data=True):
        rtype = neo4j_type(attrs.get("rel") or "related")
        rels[rtype].append(([u, v, rtype], {k: x for k, x in attrs.items() if k != "rel"}))
    node_types, rel_types = _types(nodes), _types(rels)
    written = []
    with _atomic_dir(folder) as tmp:
        for label, rows in sorted(nodes.items()):
            _write_table(tmp / f"nodes_{label}.csv", ["id:ID", ":LABEL"], rows, node_types)
            written.append(f"nodes_{label}.csv")
        for rtype, rows in sorted(rels.items()):
            heads = [":START_ID", ":END_ID", ":TYPE"]
            _write_table(tmp / f"relationships_{rtype}.csv", heads, rows, rel_types)
            written.append(f"relationships_{rtype}.csv")
        (tmp / "IMPORT.txt").write_text(
            "The graph only, for other tools: no store marker or internal properties, so the\n"
            "directive-graph Neo4j store refuses the database (export with the records for one\n"
            "it opens). Run from this folder (Neo4j 5; evidence text spans lines):\n"
            + import_command(written),
            "utf-8",
        )
    return [folder / name for name in written]


def export(
    g: nx.MultiDiGraph, fmt: str, out: Path | str, *, records: Iterable[Record] | None = None
) -> list[Path]:
    """Write ``g`` as ``fmt`` (graphml, json, csv) to ``out``; the files written.

    For ``csv``, ``records`` (the loaded documents behind ``g``) make the folder one
    the Neo4j store opens after ``neo4j-admin database import`` (see :func:`write_csv`).
    """
    path = Path(out)
    if fmt == "graphml":
        return write_graphml(g, path)
    if fmt == "json":
        return write_json(g, path)
    if fmt == "csv":
        return write_csv(g, path, records)
    raise DirectiveGraphError(f"export: unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
