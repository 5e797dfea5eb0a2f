"""Export files parse back: GraphML (networkx), node-link JSON, Neo4j import CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from graph.errors import DirectiveGraphError
from graph.export import _atomic_dir, _atomic_file, export, flat_graph


@pytest.fixture
def awkward() -> nx.MultiDiGraph:
    """A small graph with what real data holds: lists, None, commas, quotes, newlines."""
    g = nx.MultiDiGraph()
    g.add_node(
        "doc:56-CV/TU@tinh uy nam dinh@2021",
        key="56-CV/TU@tinh uy nam dinh@2021",
        label="Công văn 56-CV/TU (2021-01-06)",
        doc_type="Công văn",
        number="56-CV/TU",
        date="2021-01-06",
        subject='tăng cường "phòng, chống" dịch\nCovid-19',
        issuer="Tỉnh ủy Nam Định",
        level="province",
        loaded=True,
        sha256=None,
    )
    g.add_node(
        "doc:?x#0",
        key="?x#0",
        label="Điện",
        date="2021-07",
        loaded=False,
        unresolved=True,
        candidates=["a@b@2021", "c@d@2021"],
    )
    g.add_node(
        "unit:tinh uy nam dinh",
        key="tinh uy nam dinh",
        name="Tỉnh ủy Nam Định",
        level="province",
        collective=False,
    )
    g.add_node(
        "task:56#1", key="56#1", no="1", text="Sở Y tế, Sở TT&TT ...", deadline=None, doc="56"
    )
    g.add_edge(
        "doc:56-CV/TU@tinh uy nam dinh@2021",
        "unit:tinh uy nam dinh",
        rel="issued_by",
        doc="56",
        evidence="TỈNH ỦY NAM ĐỊNH",
        span=[2, 18],
        inferred=False,
        confidence=1,
    )
    g.add_edge(
        "doc:56-CV/TU@tinh uy nam dinh@2021",
        "unit:tinh uy nam dinh",
        rel="addressed_to",
        doc="56",
        evidence=None,
        span=None,
        inferred=True,
        confidence=0.6,
    )
    g.add_edge(
        "doc:56-CV/TU@tinh uy nam dinh@2021",
        "doc:?x#0",
        rel="implements",
        doc="56",
        span=[40, 90],
        confidence=0.3,
        inferred=False,
    )
    g.add_edge("doc:56-CV/TU@tinh uy nam dinh@2021", "task:56#1", rel="has_task", doc="56")
    return g


def test_graphml_reads_back(awkward: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    assert export(awkward, "graphml", out) == [out]
    back = nx.read_graphml(out)
    assert set(back.nodes) == set(awkward.nodes)
    assert back.number_of_edges() == awkward.number_of_edges()
    doc = back.nodes["doc:56-CV/TU@tinh uy nam dinh@2021"]
    assert doc["subject"] == 'tăng cường "phòng, chống" dịch\nCovid-19'
    assert doc["loaded"] is True and "sha256" not in doc
    assert json.loads(back.nodes["doc:?x#0"]["candidates"]) == ["a@b@2021", "c@d@2021"]
    confidences = sorted(c for *_, c in back.edges(data="confidence") if c is not None)
    assert confidences == [0.3, 0.6, 1.0]  # one numeric type per attribute
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_json_reads_back(awkward: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    export(awkward, "json", out)
    back = nx.node_link_graph(json.loads(out.read_text("utf-8")), edges="edges")
    assert set(back.nodes) == set(awkward.nodes)
    assert sorted(r for *_, r in back.edges(data="rel")) == sorted(
        r for *_, r in awkward.edges(data="rel")
    )
    assert back.nodes["doc:?x#0"]["candidates"] == ["a@b@2021", "c@d@2021"]


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


def test_csv_folder_for_neo4j_admin_import(awkward: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    written = export(awkward, "csv", out)
    names = sorted(p.name for p in written)
    assert names == [
        "nodes_Document.csv",
        "nodes_Task.csv",
        "nodes_Unit.csv",
        "relationships_ADDRESSED_TO.csv",
        "relationships_HAS_TASK.csv",
        "relationships_IMPLEMENTS.csv",
        "relationships_ISSUED_BY.csv",
    ]
    header, rows = _read(out / "nodes_Document.csv")
    assert header[0] == "id:ID" and header[-1] == ":LABEL"
    assert "loaded:boolean" in header and "subject" in header
    assert "date" in header  # "2021-07" is not a full date: the column stays a string
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    doc = by_id["doc:56-CV/TU@tinh uy nam dinh@2021"]
    assert doc[":LABEL"] == "Document" and doc["loaded:boolean"] == "true"
    assert doc["subject"] == 'tăng cường "phòng, chống" dịch\nCovid-19'
    assert by_id["doc:?x#0"]["sha256"] == ""  # absent, not "None"
    ids = {r[0] for f in out.glob("nodes_*.csv") for r in _read(f)[1]}
    assert ids == set(awkward.nodes)
    header, rows = _read(out / "relationships_ISSUED_BY.csv")
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "span:long[]" in header and "confidence:double" in header
    row = dict(zip(header, rows[0], strict=True))
    assert (row[":TYPE"], row["span:long[]"], row["confidence:double"]) == (
        "ISSUED_BY",
        "2;18",
        "1",
    )
    for f in out.glob("relationships_*.csv"):
        for r in _read(f)[1]:
            assert r[0] in ids and r[1] in ids
    assert "--multiline-fields=true" in (out / "IMPORT.txt").read_text("utf-8")


def test_csv_dates_are_typed_when_all_are_full_dates(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("doc:a", key="a", date="2021-01-06")
    g.add_node("doc:b", key="b")
    export(g, "csv", tmp_path / "csv")
    header, rows = _read(tmp_path / "csv" / "nodes_Document.csv")
    assert "date:date" in header
    assert sorted(r[header.index("date:date")] for r in rows) == ["", "2021-01-06"]


def test_export_replaces_whole_and_keeps_the_old_on_failure(
    awkward: nx.MultiDiGraph, tmp_path: Path
) -> None:
    out = tmp_path / "csv"
    export(awkward, "csv", out)
    (out / "stale.csv").write_text("old", "utf-8")
    awkward.remove_node("task:56#1")
    export(awkward, "csv", out)
    assert not (out / "stale.csv").exists() and not (out / "nodes_Task.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]  # nothing half-written beside it

    target = tmp_path / "g.graphml"
    target.write_text("previous export", "utf-8")
    with pytest.raises(DirectiveGraphError, match="unknown format 'xml'"):
        export(awkward, "xml", target)
    with pytest.raises(DirectiveGraphError, match="not a folder"):
        export(awkward, "csv", target)
    assert target.read_text("utf-8") == "previous export"


def test_a_write_that_fails_midway_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "g.json"
    target.write_text("previous export", "utf-8")
    with pytest.raises(RuntimeError), _atomic_file(target) as tmp:
        tmp.write_text("half", "utf-8")
        raise RuntimeError("disk full")
    assert target.read_text("utf-8") == "previous export"
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "nodes_Unit.csv").write_text("old", "utf-8")
    with pytest.raises(RuntimeError), _atomic_dir(folder) as tmpdir:
        (tmpdir / "nodes_Unit.csv").write_text("half", "utf-8")
        raise RuntimeError("disk full")
    assert (folder / "nodes_Unit.csv").read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "g.json"]


def test_control_characters_from_ocr_do_not_break_graphml(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("doc:x", key="x", subject="phòng\x0c chống\x01 dịch")
    export(g, "graphml", tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").nodes["doc:x"]["subject"] == (
        "phòng\ufffd chống\ufffd dịch"
    )


def test_flat_graph_keeps_one_type_per_attribute(awkward: nx.MultiDiGraph) -> None:
    flat = flat_graph(awkward)
    kinds = {type(c) for *_, c in flat.edges(data="confidence") if c is not None}
    assert kinds == {float}
    assert all(v is not None for _, a in flat.nodes(data=True) for v in a.values())
