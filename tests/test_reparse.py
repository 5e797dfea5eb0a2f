"""A parser upgrade re-parses unchanged files: the record version is part of "unchanged".

The record version is derived from the parser's source (graph.record_version): a parser
that reads documents differently makes records of another version.  Both stores then replace
what an older parser stored from the same bytes, and skip what the same version stored.
The Neo4j store's decision is :func:`graph.neo4j_batch.plan_load` over what ``DOC_STATE``
returns (no server here).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from graph.build import contribution
from graph.load import load_paths
from graph.model import Record
from graph.neo4j_batch import DocIndex, build_batch, plan_load
from graph.record_version import parser_version
from graph.sqlite_db import DB_FILE
from graph.sqlite_store import SqliteStore
from loaders import parse_file
from tests.test_neo4j_store import _as_stored
from tests.test_store import SEEDS, snapshot

ND_SEED = SEEDS / "000_668623d26e6809a1.txt"
RECORD_VERSION = parser_version()


def _upgraded(path: Path, version: int = RECORD_VERSION + 1) -> Record:
    """The record the next release's parser makes of ``path``: it reads the subject anew."""
    rec = parse_file(path)
    rec.version = version
    rec.subject = f"{rec.subject} (read by parser v{version})"
    return rec


def _fresh(records: list[Record], tmp: Path) -> object:
    fresh = SqliteStore(tmp)
    try:
        fresh.add_records(records)
        return snapshot(fresh)
    finally:
        fresh.close()


def test_the_embedded_store_reparses_after_an_upgrade_and_skips_the_same_version(
    tmp_path: Path,
) -> None:
    store = SqliteStore(tmp_path / "store")
    try:
        assert load_paths(store, [SEEDS]).added == 4
        again = load_paths(store, [SEEDS])
        assert (again.added, again.replaced, again.unchanged) == (0, 0, 4)
        key = store.resolve_document("56-CV/TU")[0]
        old = store.record(key)
        assert old is not None and old.version == RECORD_VERSION

        # Same bytes, same version: skipped, even though this parse reads the subject anew.
        same = _upgraded(ND_SEED, version=RECORD_VERSION)
        assert store.add_records([same]).unchanged == 1
        assert store.record(key).subject == old.subject  # type: ignore[union-attr]

        # Same bytes, the next release's parser: parsed again and replaced whole.
        new = _upgraded(ND_SEED)
        report = store.add_records([new])
        assert (report.added, report.replaced, report.unchanged) == (0, 1, 0)
        stored = store.record(key)
        assert stored is not None and stored.version == RECORD_VERSION + 1
        assert stored.subject == new.subject
        others = [parse_file(p) for p in sorted(SEEDS.glob("*.txt")) if p != ND_SEED]
        assert snapshot(store) == _fresh([*others, _upgraded(ND_SEED)], tmp_path / "fresh")
        # ... and once replaced, the same version again changes nothing.
        assert store.add_records([_upgraded(ND_SEED)]).unchanged == 1
    finally:
        store.close()


def _doc_state(
    records: list[Record], *, before_versions: bool = False
) -> dict[str, tuple[str | None, int | None]]:
    """What DOC_STATE returns once ``records`` are written: the loaded rows' hash and
    version (``coalesce(d.record_version, 1)``); ``before_versions`` leaves the version
    out of the rows, as a database written before versions were kept."""
    batch = build_batch([(r, contribution(r)) for r in records], DocIndex())
    nodes, _ = _as_stored(batch)
    if before_versions:
        for n in nodes:
            n.pop("record_version", None)
    return {
        n["key"]: (n["content_sha"], n.get("record_version", 1)) for n in nodes if n.get("loaded")
    }


def test_the_neo4j_store_reparses_after_an_upgrade_and_skips_the_same_version() -> None:
    first = parse_file(ND_SEED)
    stored = _doc_state([first])
    (key,) = stored
    by_source = {first.source: {key}}

    def plan(rec: Record) -> tuple[int, int, int, list[str]]:
        report, todo, unload = plan_load([(rec, contribution(rec))], stored, by_source)
        assert unload == set()
        return report.added, report.replaced, report.unchanged, [c.key for _, c in todo]

    assert plan(parse_file(ND_SEED)) == (0, 0, 1, [])
    assert plan(_upgraded(ND_SEED, version=RECORD_VERSION)) == (0, 0, 1, [])
    assert plan(_upgraded(ND_SEED)) == (0, 1, 0, [key])
    # After the upgrade is written, the new version is what is stored and skipped.
    stored = _doc_state([_upgraded(ND_SEED)])
    assert plan(_upgraded(ND_SEED)) == (0, 0, 1, [])
    assert plan(parse_file(ND_SEED)) == (0, 1, 0, [key])  # an older program re-reads it too
    # A database written before versions were kept: its documents were read by version 1.
    v1 = _upgraded(ND_SEED, version=1)
    stored = _doc_state([v1], before_versions=True)
    assert plan(v1) == (0, 0, 1, [])
    assert plan(_upgraded(ND_SEED, version=2)) == (0, 1, 0, [key])


def _tree(tmp: Path, name: str, edit: str | None = None) -> Path:
    """A copy of the project's ``loaders`` and ``graph`` packages, ``edit`` (a path under the
    copy) with one more line."""
    root = tmp / name
    for pkg in ("loaders", "graph"):
        for src in sorted((Path(__file__).resolve().parent.parent / pkg).glob("*.py")):
            dst = root / pkg / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    if edit is not None:
        with (root / edit).open("a", encoding="utf-8") as f:
            f.write("\nNEW_RULE = 1\n")
    return root


def test_the_record_version_follows_the_parsers_source(tmp_path: Path) -> None:
    same = parser_version(_tree(tmp_path, "same"))
    assert same == RECORD_VERSION  # a copy of the same code: the same version
    # A new rule in a loader, or in a graph module the parser imports: another version.
    assert parser_version(_tree(tmp_path, "rule", "loaders/tasks.py")) != same
    assert parser_version(_tree(tmp_path, "names", "graph/names.py")) != same
    # The graph builder makes what a store keeps of a record: another version.
    assert parser_version(_tree(tmp_path, "build", "graph/build.py")) != same
    # A store or an analysis does not make records: the version stays.
    assert parser_version(_tree(tmp_path, "store", "graph/sqlite_store.py")) == same
    assert parser_version(_tree(tmp_path, "walk", "graph/walk.py")) == same
    assert 0 < same < 2**52  # an integer a browser reads exactly


def test_units_take_the_newer_reading_after_an_upgrade(tmp_path: Path) -> None:
    """A unit shared by documents shows what the latest load says of it: a store whose units
    an older program left without a level gets it back when the files are read again."""
    store = SqliteStore(tmp_path / "store")
    try:
        load_paths(store, [SEEDS])
        unit = "unit:ban bi thu trung uong dang"
        assert store.graph().nodes[unit]["level"] == "central"
    finally:
        store.close()
    conn = sqlite3.connect(tmp_path / "store" / DB_FILE)  # as an older program wrote it
    conn.execute("UPDATE nodes SET attrs = json_set(attrs, '$.level', NULL) WHERE kind = 'unit'")
    conn.commit()
    conn.close()
    store = SqliteStore(tmp_path / "store")
    try:
        assert store.graph().nodes[unit]["level"] is None
        upgraded = [_upgraded(p) for p in sorted(SEEDS.glob("*.txt"))]
        assert store.add_records(upgraded).replaced == 4
        levels = {n: d.get("level") for n, d in store.graph().nodes(data=True)}
        assert levels[unit] == "central"
        assert levels == {n: d.get("level") for n, d in _graph(upgraded, tmp_path).nodes(data=True)}
    finally:
        store.close()


def _graph(records: list[Record], tmp: Path) -> Any:
    fresh = SqliteStore(tmp / "fresh-graph")
    try:
        fresh.add_records(records)
        return fresh.graph()
    finally:
        fresh.close()
