"""The Neo4j store's logic that needs no server: configuration, error translation, rows.

What does need a server runs in tests/test_store_contract.py when one is
configured; the Cypher itself is linted in tests/test_cypher_lint.py.
"""

from __future__ import annotations

import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from neo4j import exceptions as nx4j

from graph import cypher, schema
from graph.build import contribution
from graph.errors import StoreError, StoreUnavailable
from graph.model import Record, Span
from graph.neo4j_batch import Batch, DocIndex, build_batch, revisit_vague
from graph.neo4j_import import as_stored as _as_stored
from graph.neo4j_import import fresh_database
from graph.neo4j_rows import (
    ENV_DATABASE,
    ENV_PASSWORD,
    ENV_USER,
    Neo4jConfig,
    fill_defaults,
    lucene_query,
    props,
    rows_to_graph,
    translate_error,
)
from graph.neo4j_store import Neo4jStore, copy_into
from graph.read_rules import snippet
from tests.net import free_port
from tests.test_store_contract import (
    KH,
    ND,
    VB,
    YY,
    cascade_records,
    edge_set,
    vague_record,
)

CFG = Neo4jConfig.from_uri("bolt://localhost:7687", env={})


# ---- configuration ------------------------------------------------------------------------


def test_uri_credentials_win_over_the_environment() -> None:
    env = {ENV_USER: "envuser", ENV_PASSWORD: "envpass", ENV_DATABASE: "envdb"}
    cfg = Neo4jConfig.from_uri("neo4j+s://me:p%40ss%3Aw@graph.example:7687/directives", env=env)
    assert (cfg.uri, cfg.user, cfg.password, cfg.database) == (
        "neo4j+s://graph.example:7687",
        "me",
        "p@ss:w",
        "directives",
    )
    assert "p@ss" not in cfg.shown and "p@ss" not in repr(cfg)
    assert cfg.auth == ("me", "p@ss:w")


def test_environment_fills_what_the_uri_leaves_out() -> None:
    env = {ENV_USER: "neo4j", ENV_PASSWORD: "secret", ENV_DATABASE: "graphs"}
    cfg = Neo4jConfig.from_uri("bolt://127.0.0.1:7687", env=env)
    assert (cfg.user, cfg.password, cfg.database, cfg.auth) == (
        "neo4j", "secret", "graphs", ("neo4j", "secret")
    )
    bare = Neo4jConfig.from_uri("bolt://[::1]:7687", env={})
    assert (bare.uri, bare.auth, bare.database) == ("bolt://[::1]:7687", None, None)


@pytest.mark.parametrize(
    ("uri", "problem"),
    [
        ("http://localhost:7474", "not a Neo4j URI"),
        ("bolt://", "not a Neo4j URI"),
        ("bolt://localhost:port", "port is not a number"),
        ("./directive-graph-store", "not a Neo4j URI"),
        ("bolt://h:7687/a/b", "cannot contain '/'"),
    ],
)
def test_bad_uris_are_one_line_errors(uri: str, problem: str) -> None:
    with pytest.raises(StoreError, match=problem) as err:
        Neo4jConfig.from_uri(uri, env={})
    assert "\n" not in str(err.value) and uri in str(err.value)


# ---- driver errors become ours ------------------------------------------------------------


def _server_error(code: str, message: str) -> Exception:
    hydrate = getattr(nx4j.Neo4jError, "_hydrate_neo4j", None)
    if hydrate is None:
        pytest.skip("this neo4j driver builds server errors differently")
    err: Exception = hydrate(code=code, message=message)
    return err


def test_wrong_password_names_the_variables() -> None:
    err = translate_error(nx4j.AuthError("The client is unauthorized"), CFG)
    assert isinstance(err, StoreUnavailable)
    assert str(err) == (
        "neo4j at bolt://localhost:7687: wrong user or password "
        f"(set {ENV_USER} and {ENV_PASSWORD})"
    )
    server_side = _server_error("Neo.ClientError.Security.Unauthorized", "bad credentials")
    assert isinstance(translate_error(server_side, CFG), StoreUnavailable)


def test_server_down_and_missing_database() -> None:
    down = translate_error(nx4j.ServiceUnavailable("Couldn't connect to localhost:7687"), CFG)
    assert isinstance(down, StoreUnavailable) and "server not reachable" in str(down)
    cfg = Neo4jConfig.from_uri("bolt://localhost:7687/nope", env={})
    gone = translate_error(
        _server_error("Neo.ClientError.Database.DatabaseNotFound", "Database does not exist."),
        cfg,
    )
    assert isinstance(gone, StoreUnavailable)
    assert str(gone) == "neo4j at bolt://localhost:7687: database 'nope' does not exist"


def test_missing_schema_and_other_server_errors() -> None:
    missing = translate_error(
        _server_error(
            "Neo.ClientError.Procedure.ProcedureCallFailed",
            "There is no such fulltext schema index: document_search",
        ),
        CFG,
    )
    assert type(missing) is StoreError and "schema missing" in str(missing)
    syntax = translate_error(
        _server_error("Neo.ClientError.Statement.SyntaxError", "Invalid input\n 'X'"), CFG
    )
    assert type(syntax) is StoreError
    assert "Neo.ClientError.Statement.SyntaxError" in str(syntax) and "\n" not in str(syntax)


def test_opening_a_closed_port_says_the_server_is_down() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailable, match="server not reachable") as err:
        Neo4jStore.from_uri(uri)
    assert str(err.value).startswith(f"neo4j at {uri}: ")
    from graph.open import open_store

    with pytest.raises(StoreUnavailable):
        open_store(uri)


@pytest.fixture
def not_neo4j() -> Iterator[int]:
    """A local TCP server that hangs up on everyone: something that is not Neo4j."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield int(srv.getsockname()[1])
    stop.set()
    t.join(timeout=2)
    srv.close()


def test_a_server_that_is_not_neo4j_is_unavailable(not_neo4j: int) -> None:
    with pytest.raises(StoreUnavailable, match=f"neo4j at bolt://127.0.0.1:{not_neo4j}"):
        Neo4jStore.from_uri(f"bolt://127.0.0.1:{not_neo4j}")


def test_copy_into_an_unreachable_server_leaves_the_source_alone() -> None:
    from graph.sqlite_store import SqliteStore

    src = SqliteStore(Path(tempfile.mkdtemp()) / "s")
    try:
        src.add_records(cascade_records())
        with pytest.raises(StoreUnavailable):
            copy_into(src, f"bolt://127.0.0.1:{free_port()}")
        assert src.stats()["documents"] == 4
    finally:
        src.close()


# ---- rows in -----------------------------------------------------------------------------


def test_props_drop_nulls_and_flatten_spans() -> None:
    assert props({"a": None, "span": Span(3, 9), "s": ("x",), "m": {"b": 1}, "f": False}) == {
        "span": [3, 9],
        "s": ["x"],
        "m": '{"b": 1}',
        "f": False,
    }


def test_edges_must_join_the_kinds_the_schema_names() -> None:
    b = Batch()
    with pytest.raises(StoreError, match="a has_task edge joins"):
        b.edge("doc:a", "unit:b", schema.HAS_TASK, {"doc": "a"}, "0")
    b.edge("doc:a", "task:a#1", schema.HAS_TASK, {"doc": "a", "evidence": None}, "0")
    assert b.edges[schema.HAS_TASK] == [
        {"src": "a", "dst": "a#1", "doc": "a", "ekey": "0", "props": {"doc": "a"}}
    ]


def _fresh_load(records: list[Record]) -> nx.MultiDiGraph:
    """The graph a fresh Neo4j database holds after one batch of ``records``: the rows
    as MERGE stores them, vague citations re-pointed as the store's transaction does."""
    nodes, edges = fresh_database(records)
    return rows_to_graph(nodes, edges, cypher.RELATION_OF_TYPE)


def _embedded(records: list[Record]) -> nx.MultiDiGraph:
    from graph.sqlite_store import SqliteStore

    emb = SqliteStore(Path(tempfile.mkdtemp()) / "s")
    try:
        emb.add_records(records)
        g: nx.MultiDiGraph = emb.graph()
        return g
    finally:
        emb.close()


def _same_graph(mine: nx.MultiDiGraph, want: nx.MultiDiGraph) -> None:
    assert sorted(mine.nodes) == sorted(want.nodes)
    assert edge_set(mine) == edge_set(want)

    def conf(g: nx.MultiDiGraph) -> list[tuple[str, str, str, float]]:
        return sorted((u, v, d["rel"], d["confidence"]) for u, v, d in g.edges(data=True))

    assert conf(mine) == conf(want)

    def edges(g: nx.MultiDiGraph) -> list[str]:
        return sorted(repr((u, v, sorted(d.items()))) for u, v, d in g.edges(data=True))

    assert edges(mine) == edges(want)
    for n, attrs in want.nodes(data=True):
        assert mine.nodes[n] == attrs, n


def test_a_generated_corpus_gives_the_embedded_store_graph(tmp_path: Path) -> None:
    from loaders import parse_file
    from synth import generate_corpus

    generate_corpus(tmp_path / "corpus", seed=7, provinces=4)
    paths = sorted((tmp_path / "corpus" / "docs").iterdir())
    assert len(paths) > 30
    mine = _fresh_load([parse_file(p) for p in paths])
    _same_graph(mine, _embedded([parse_file(p) for p in paths]))
    cited = [n for n, d in mine.nodes(data=True) if n.startswith("doc:") and not d["loaded"]]
    assert cited  # the central directives are known only from citations


def test_one_batch_gives_the_embedded_store_graph() -> None:
    g = _fresh_load(cascade_records())
    _same_graph(g, _embedded(cascade_records()))
    assert {"doc:" + k for k in (ND, YY, VB, KH)} <= set(g)
    assert not cypher.INTERNAL_PROPERTIES & set(g.nodes["doc:" + ND])


def test_a_loaded_document_absorbs_the_placeholder_its_citation_made() -> None:
    nd, yy, _, kh = cascade_records()
    first = build_batch([(nd, contribution(nd)), (yy, contribution(yy))], DocIndex())
    placeholder = [r for r in first.cited if r["key"].startswith("ke hoach@")]
    assert [r["key"] for r in placeholder] == ["ke hoach@tinh uy nam dinh@2021-01-10"]
    refs = first.edges[schema.REFERENCES]
    assert [(r["src"], r["dst"]) for r in refs] == [(YY, "ke hoach@tinh uy nam dinh@2021-01-10")]
    later = build_batch([(kh, contribution(kh))], DocIndex(_as_stored(first)[0]))
    assert later.absorb == [{"old": "ke hoach@tinh uy nam dinh@2021-01-10", "new": KH, "cap": None}]
    assert later.docs == [KH] and later.cited == []


def test_a_citation_by_number_alone_resolves_with_less_confidence() -> None:
    nd, _, vb, _ = cascade_records()
    known = build_batch([(nd, contribution(nd))], DocIndex())
    index = DocIndex(_as_stored(known)[0])
    batch = build_batch([(vb, contribution(vb))], index)
    implements = batch.edges[schema.IMPLEMENTS]
    assert [(r["dst"], r["props"]["confidence"]) for r in implements] == [(ND, 0.8)]
    assert batch.cited == []  # nothing new to create: it met the stored letter


def test_loaded_rows_keep_the_record_and_folded_search_text() -> None:
    nd = cascade_records()[0]
    batch = build_batch([(nd, contribution(nd))], DocIndex())
    (row,) = batch.loaded
    p = row["props"]
    assert p["id"] == "doc:" + ND and p["loaded"] is True
    assert "phong chong dich covid 19" in p["search_subject"]
    assert "xet nghiem" in p["search_body"]
    assert p["number_key"] == "56-CV/TU" and p["type_key"] == "cong van"
    assert '"Sở Y tế' in p["record_json"]
    assert all(v is not None for v in p.values())


def test_a_vague_citation_is_kept_on_its_edge_and_claimed_later() -> None:
    late = vague_record()
    first = build_batch([(late, contribution(late))], DocIndex())
    (row,) = first.edges[schema.IMPLEMENTS]
    placeholder = row["dst"]
    assert "@~" in placeholder
    assert row["props"]["vague_issuer"] == "tinh uy nam dinh"
    assert row["props"]["vague_citing"] == "2021-01-12"
    index = DocIndex(_as_stored(first)[0])
    nd = cascade_records()[0]
    build_batch([(nd, contribution(nd))], index)
    edge = {"rel": "IMPLEMENTS", "src": row["src"], "doc": row["doc"], "ekey": row["ekey"],
            "dst": placeholder, "subject": row["props"]["vague_subject"],
            "citing": row["props"]["vague_citing"]}
    (move,) = revisit_vague(index, "tinh uy nam dinh", "2021-01-06", [edge])
    assert (move["old"], move["new"]) == (placeholder, ND) and 0.5 < move["confidence"] < 1
    # A document of another issuer, or too early for the citation, claims nothing.
    assert revisit_vague(index, "tinh uy bac kan", "2021-01-06", [edge]) == []
    assert revisit_vague(index, "tinh uy nam dinh", "2021-01-06", [{**edge, "dst": ND}]) == []
    g = rows_to_graph(
        [{"id": "doc:" + row["src"], "key": row["src"]}, {"id": "doc:" + placeholder, "key": "p"}],
        [{"src": "doc:" + row["src"], "dst": "doc:" + placeholder, "rel": "IMPLEMENTS",
          "props": row["props"]}],
        cypher.RELATION_OF_TYPE,
    )
    (data,) = [d for _, _, d in g.edges(data=True)]
    assert data["rel"] == "implements" and not [k for k in data if k.startswith("vague_")]


# ---- rows out ----------------------------------------------------------------------------


def test_stored_nodes_come_back_in_the_schema_shape() -> None:
    nid, attrs = fill_defaults(
        {"id": "doc:k", "key": "k", "record_json": "{}", "search_body": "x", "aliases": ["k"]}
    )
    assert nid == "doc:k"
    assert attrs["loaded"] is False and attrs["number"] is None
    assert not {"record_json", "search_body", "aliases", "id"} & set(attrs)


def test_edge_rows_outside_the_slice_or_schema_are_dropped() -> None:
    a = {"id": "doc:a", "key": "a", "loaded": True}
    b = {"id": "unit:b", "key": "b"}
    g = rows_to_graph(
        [],
        [
            {"a": a, "rel": "ISSUED_BY", "props": {"doc": "a", "ekey": "0"}, "b": b},
            {"src": "doc:a", "rel": "ISSUED_BY", "props": {"doc": "a"}, "dst": "unit:zz"},
            {"src": "doc:a", "rel": "SOMETHING_ELSE", "props": {}, "dst": "unit:b"},
        ],
        cypher.RELATION_OF_TYPE,
    )
    assert edge_set(g) == [("doc:a", "unit:b", "issued_by")]
    (data,) = [d for _, _, d in g.edges(data=True)]
    assert data["span"] is None and "ekey" not in data


def test_full_text_queries_are_folded_escaped_and_weigh_the_subject() -> None:
    words = ["chi", "thi", "16", "ct", "ttg", "khan", "or", "x"]
    assert lucene_query('Chỉ thị 16/CT-TTg "khẩn" OR x*') == " AND ".join(
        f"(search_subject:{w}^4 OR search_body:{w})" for w in words
    )  # every word somewhere; one in the subject counts four times, as the embedded bm25
    text = "Đề nghị Sở Y tế khẩn trương"
    # The same plain snippet as the embedded store shows: no [brackets].
    assert snippet(text, None, "khan truong", 60) == "Đề nghị Sở Y tế khẩn trương"
    long = snippet("a" * 100 + " khẩn trương " + "b" * 100, None, "KHAN", 40)
    assert long.startswith("…aaa") and "khẩn" in long and long.endswith("…")
    assert snippet("không khan hiếm", None, "khan") == "không khan hiếm"
    assert snippet("Về công tác cán bộ", "tiêm chủng", "tiem") == "tiêm chủng"


def test_the_neo4j_orders_are_the_embedded_ones() -> None:
    # Cypher sorts null first when descending; the embedded store sorts undated last.
    assert "d.date IS NULL, d.date DESC, key" in cypher.RESOLVE_DOCUMENT.text
    assert cypher.RESOLVE_UNIT.text.endswith("ORDER BY rank, size(key), key")
    assert "ORDER BY score DESC, key" in cypher.SEARCH.text
    # A cascade is walked a level at a time, as the embedded store walks it (the visited
    # set and the depth bound kept by the store): no path enumeration on the server.
    assert cypher.CASCADE_STEP["down"].text.startswith(
        "MATCH (a:Document)-[r:IMPLEMENTS]->(b:Document) WHERE b.key IN $keys")
    assert "WHERE a.key IN $keys" in cypher.CASCADE_STEP["up"].text
    assert not [st.name for st in cypher.all_statements() if "*1.." in st.text]


def test_nodes_leave_the_server_without_their_stored_record() -> None:
    # A cascade of a thousand letters must not ship a thousand full texts.
    for st in cypher.all_statements():
        if st is cypher.MERGE_CITED:
            continue  # reads a node's own properties to keep them, returns nothing
        for var in ("n", "a", "b", "d", "node"):
            assert f"properties({var})" not in st.text, st.name
        ret = st.text.rsplit("RETURN", 1)[-1]
        assert "record_json" not in ret or st in (cypher.RECORD, cypher.SEARCH), st.name
