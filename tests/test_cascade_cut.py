"""``Store.cascade`` (the full cut) against the cut it has always meant, on a generated corpus.

The reference below walks the whole in-memory graph (``store.graph()``) the
way the store's cut was first written, one query per chunk of nodes: level by
level along implements edges (the edges into each level walked, so an edge
between two documents of the last level a ``max_depth`` reaches is not
walked), then each document's issuer, addressees, copies, monitor, signer and
tasks, each task's assignees, and for every unit reached its ``includes`` and
``part_of`` edges.  The store's cut must hold exactly those nodes and edges,
with the same attributes and edge keys, in both directions and at any depth.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph import schema
from graph.load import load_paths
from graph.model import Citation, Entity, Record
from graph.read_rules import cascade_depth
from graph.sqlite_store import SqliteStore
from synth import generate_corpus

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
TELEGRAM = "dien@ban bi thu trung uong@2021-01-05"


def reference_cut(whole: nx.MultiDiGraph, key: str, direction: str,
                  max_depth: int) -> nx.MultiDiGraph:
    down = direction == "down"
    start = schema.doc_node(key)
    seen, frontier = {start}, [start]
    edges: list[tuple[str, str, Any, dict[str, Any]]] = []
    for _ in range(cascade_depth(max_depth)):
        step = [
            e for n in frontier
            for e in (whole.in_edges(n, keys=True, data=True) if down
                      else whole.out_edges(n, keys=True, data=True))
            if e[3]["rel"] == schema.IMPLEMENTS
        ]
        edges += step
        frontier = [n for n in {e[0] if down else e[1] for e in step} if n not in seen]
        if not frontier:
            break
        seen.update(frontier)

    def out_of(nodes: set[str], rels: tuple[str, ...]) -> list[tuple[str, str, Any, Any]]:
        return [e for n in nodes for e in whole.out_edges(n, keys=True, data=True)
                if e[3]["rel"] in rels]

    out = out_of(seen, schema.DOC_OUT_RELATIONS)
    out += out_of({e[1] for e in out if e[3]["rel"] == schema.HAS_TASK}, (schema.ASSIGNS_TO,))
    units = {e[1] for e in out if schema.node_kind(e[1]) == schema.UNIT}
    edges += out + out_of(units, (schema.INCLUDES, schema.PART_OF))
    cut = nx.MultiDiGraph()
    for n in seen | {e[0] for e in edges} | {e[1] for e in edges}:
        cut.add_node(n, **whole.nodes[n])
    for u, v, k, d in edges:
        cut.add_edge(u, v, key=k, **d)
    return cut


def as_sets(g: nx.MultiDiGraph) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    nodes = {n: dict(d) for n, d in g.nodes(data=True)}
    edges = sorted((u, v, k, sorted(d.items(), key=repr)) for u, v, k, d in
                   g.edges(keys=True, data=True))
    return nodes, edges


def _letter(number: str, cites: list[tuple[str, str]]) -> Record:
    """A Nam Định letter carrying out documents named by (number, doc type)."""
    issuer = Entity("TỈNH ỦY NAM ĐỊNH", name="Tỉnh ủy Nam Định", level="province")
    return Record(
        source=f"{number}.txt", doc_type="Công văn", number=number, date="2021-01-07",
        issuer=issuer, subject="phòng, chống dịch", text=f"Tỉnh ủy Nam Định {number}",
        recipients=[Entity("Các huyện ủy, thành ủy, đảng ủy trực thuộc tỉnh", collective=True)],
        implements=[
            Citation(f"{kind} số {n}", doc_type=kind, number=n, date="2021-01-05",
                     issuer=Entity("Tỉnh ủy Nam Định"), relation="implements")
            for n, kind in cites
        ],
        sha256=number,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    """A generated national cascade over four provinces and their districts, the seed
    letters, and a side cascade where one answer carries out both the root and another
    answer (an implements edge inside one level)."""
    work = tmp_path_factory.mktemp("cut")
    generate_corpus(work / "corpus", seed=0, provinces=4)
    s = SqliteStore(work / "store")
    report = load_paths(s, [work / "corpus" / "docs", SEEDS])
    assert report.errors == [] and report.added > 40
    side = [_letter("90-KH/TU", []), _letter("91-CV/TU", [("90-KH/TU", "Kế hoạch")]),
            _letter("92-CV/TU", [("90-KH/TU", "Kế hoạch"), ("91-CV/TU", "Công văn")])]
    assert s.add_records(side).errors == []
    yield s
    s.close()


def _roots(store: SqliteStore) -> list[tuple[str, str]]:
    """(key, direction) pairs: every root of a cascade (the generated one, the seed
    letters', the side plan) down, and a province and a district letter down and up."""
    whole = store.graph()
    implements = [(u, v) for u, v, d in whole.edges(data=True) if d["rel"] == schema.IMPLEMENTS]
    roots = sorted({v for _, v in implements} - {u for u, _ in implements})
    province = next(u for u, v in implements if v == schema.doc_node(TELEGRAM))
    district = next(u for u, v in implements if v == province)
    pairs = [(schema.node_key(r), "down") for r in roots]
    pairs += [(schema.node_key(n), d) for n in (province, district) for d in ("down", "up")]
    assert len(roots) >= 3 and (TELEGRAM, "down") in pairs
    return pairs


@pytest.mark.parametrize("max_depth", [50, 1, 0])
def test_the_full_cut_is_the_cut_it_always_was(store: SqliteStore, max_depth: int) -> None:
    whole = store.graph()
    for key, direction in _roots(store):
        got = store.cascade(key, direction=direction, max_depth=max_depth)
        want = reference_cut(whole, key, direction, max_depth)
        assert as_sets(got) == as_sets(want), (key, direction, max_depth)
        if max_depth == 0:
            assert [n for n in got if schema.node_kind(n) == schema.DOCUMENT] == [
                schema.doc_node(key)]


def test_the_national_cut_holds_every_kind(store: SqliteStore) -> None:
    g = store.cascade(TELEGRAM)
    kinds = {schema.node_kind(n) for n in g}
    rels = {d["rel"] for *_, d in g.edges(data=True)}
    assert kinds == {"document", "unit", "task", "person"}
    assert set(schema.RELATIONS) - {schema.REFERENCES} <= rels
    assert sum(1 for n in g if n.startswith("doc:")) > 40


def test_an_edge_inside_the_last_level_is_not_walked(store: SqliteStore) -> None:
    (plan,) = store.resolve_document("90-KH/TU")
    implements = {(u, v) for u, v, d in store.cascade(plan, max_depth=1).edges(data=True)
                  if d["rel"] == schema.IMPLEMENTS}
    (one,), (two,) = store.resolve_document("91-CV/TU"), store.resolve_document("92-CV/TU")
    assert implements == {(schema.doc_node(one), schema.doc_node(plan)),
                          (schema.doc_node(two), schema.doc_node(plan))}
    deeper = store.cascade(plan, max_depth=2)
    assert (schema.doc_node(two), schema.doc_node(one), 0) in {
        (u, v, 0) for u, v, d in deeper.edges(data=True) if d["rel"] == schema.IMPLEMENTS}
