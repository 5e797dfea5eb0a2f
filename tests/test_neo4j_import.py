"""The CSV export for neo4j-admin holds exactly what the Neo4j store writes (issue 5).

No server runs here: the files are read back as ``neo4j-admin database import``
reads them (typed columns, a quoted empty string is a string, an unquoted empty
field no property, lists split on the array delimiter) and compared with the
rows the store's batch code builds for the same records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from graph import cypher, schema
from graph.build import contribution
from graph.export import export
from graph.identity import content_sha
from graph.model import Record
from graph.neo4j_batch import DocIndex, plan_load
from graph.neo4j_import import ARRAY_DELIMITER, META_ID, fresh_database, loaded_records
from graph.sqlite_store import SqliteStore

_NONE = object()  # an unquoted empty field


def _fields(text: str) -> list[list[Any]]:
    """CSV records as neo4j-admin splits them: quoted fields may span lines."""
    rows: list[list[Any]] = []
    row: list[Any] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            j, buf = i + 1, []
            while True:
                k = text.index('"', j)
                buf.append(text[j:k])
                if text[k + 1 : k + 2] == '"':
                    buf.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            row.append("".join(buf))
        else:
            m = re.compile(r"[^,\n]*").match(text, i)
            assert m is not None
            row.append(m.group() if m.group() else _NONE)
            i = m.end()
        if i < n and text[i] == ",":
            i += 1
            continue
        rows.append(row)
        row = []
        i += 1  # the newline
    return rows


def _typed(value: Any, typ: str) -> Any:
    if value is _NONE:
        return None
    if typ.endswith("[]"):
        return [_typed(x, typ[:-2]) for x in value.split(ARRAY_DELIMITER)]
    parse: dict[str, Callable[[str], Any]] = {
        "long": int, "double": float, "boolean": lambda v: v == "true",
        "datetime": datetime.fromisoformat,
    }
    return parse.get(typ, str)(value)


def _read(path: Path) -> list[dict[str, Any]]:
    header, *rows = _fields(path.read_text("utf-8"))
    cols = [(h.split(":")[0], h.split(":")[1] if ":" in h else "string") for h in header]
    out = []
    for row in rows:
        assert len(row) == len(cols), path
        rec: dict[str, Any] = {}
        for (name, typ), v in zip(cols, row, strict=True):
            if typ in ("ID", "LABEL", "START_ID", "END_ID", "TYPE"):
                rec[":" + typ] = v
                if typ == "ID" and name:
                    rec[name] = v  # neo4j-admin keeps the id as a property of its name
            elif (x := _typed(v, typ)) is not None:
                rec[name] = x
        out.append(rec)
    return out


def _corpus(tmp_path: Path) -> list[Record]:
    from loaders import parse_file
    from synth import generate_corpus

    generate_corpus(tmp_path / "corpus", seed=7, provinces=4)
    paths = sorted((tmp_path / "corpus" / "docs").iterdir())
    store = SqliteStore(tmp_path / "store")
    try:
        store.add_records(parse_file(p) for p in paths)
        return loaded_records(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Record], Path]:
    tmp = tmp_path_factory.mktemp("import")
    records = _corpus(tmp)
    export(nx_empty(), "csv", tmp / "csv", records=records)
    return records, tmp / "csv"


def nx_empty() -> Any:
    import networkx as nx

    return nx.MultiDiGraph()


def test_the_csv_rows_are_the_rows_the_store_writes(imported: tuple[list[Record], Path]) -> None:
    records, folder = imported
    nodes, edges = fresh_database(records)
    read = {n["id"]: n for f in folder.glob("nodes_*.csv") for n in _read(f)}
    meta = read.pop(META_ID)
    assert meta[":LABEL"] == cypher.META_LABEL
    assert meta["schema_version"] == cypher.SCHEMA_VERSION  # META_GET's check on open
    assert meta["data_version"] == 1  # as one bolt load's write transaction leaves it
    for n in read.values():
        assert n.pop(":LABEL") == cypher.LABELS[schema.node_kind(n.pop(":ID"))]
    want = {n["id"]: {k: v for k, v in n.items() if v != []} for n in nodes}
    assert read == want
    doc = next(n for n in read.values() if n.get("loaded"))
    assert cypher.INTERNAL_PROPERTIES - {"aliases"} <= set(doc)  # record, hashes, filters
    got = sorted(
        (r[":START_ID"], r[":END_ID"], r[":TYPE"], sorted(
            (k, v) for k, v in r.items() if not k.startswith(":")))
        for f in folder.glob("relationships_*.csv") for r in _read(f)
    )
    assert got == sorted((e["src"], e["dst"], e["rel"], sorted(e["props"].items()))
                         for e in edges)
    structural = _read(folder / "relationships_PART_OF.csv")
    assert structural and all(r["doc"] == "" and r["ekey"] == "" for r in structural)


def test_a_load_after_the_import_skips_every_document(
    imported: tuple[list[Record], Path],
) -> None:
    records, folder = imported
    docs = [n for n in _read(folder / "nodes_Document.csv") if n.get("loaded")]
    assert len(docs) == len(records)
    # DOC_STATE and DOC_BY_SOURCE read these properties; plan_load decides from them.
    stored = {d["key"]: (d["content_sha"], d["record_version"]) for d in docs}
    by_source: dict[str, set[str]] = {}
    for d in docs:
        by_source.setdefault(d["source"], set()).add(d["key"])
    report, todo, unload = plan_load([(r, contribution(r)) for r in records], stored, by_source)
    assert (report.unchanged, todo, unload) == (len(records), [], set())
    assert {content_sha(r) for r in records} == {d["content_sha"] for d in docs}
    # DOC_INDEX rows: citations in a later load resolve against the same documents.
    index = DocIndex(_read(folder / "nodes_Document.csv"))
    nodes, _ = fresh_database(records)
    assert index.alias == DocIndex([n for n in nodes if n["id"].startswith("doc:")]).alias


def test_the_import_command_names_every_file(imported: tuple[list[Record], Path]) -> None:
    _, folder = imported
    command = (folder / "IMPORT.txt").read_text("utf-8").splitlines()[-1].split()
    assert command[:4] == ["neo4j-admin", "database", "import", "full"]
    assert "--multiline-fields=true" in command
    assert "--array-delimiter=U+001F" in command and ARRAY_DELIMITER == "\x1f"
    named = {a.split("=", 1)[1] for a in command if a.startswith(("--nodes=", "--relationships="))}
    assert named == {p.name for p in folder.glob("*.csv")}
    assert "nodes_DirectiveGraphMeta.csv" in named and command[-1] == "neo4j"


def test_first_open_of_an_imported_database_only_adds_the_schema() -> None:
    # Neo4jStore._ensure_schema on a database holding the marker: every statement is
    # idempotent, and the marker is merged on the id the CSV gives it.
    for st in cypher.SCHEMA_STATEMENTS:
        assert " IF NOT EXISTS " in st.text, st.name
    assert f"MERGE (m:{cypher.META_LABEL} {{id: '{META_ID}'}})" in cypher.META_CREATE.text
