"""Places where the embedded store's answers must follow the graph both stores hold.

The Neo4j store filters documents on their node properties; the embedded store on
columns beside the attributes.  When the two drift, the stores answer the same
question differently, so the columns must say what the attributes say.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.build import contribution
from graph.errors import StoreError
from graph.model import Citation, Entity, Record
from graph.read_rules import CASCADE_MAX_DEPTH
from graph.sqlite_store import SqliteStore
from graph.store import Store
from tests.test_store_contract import FACTORIES, ND, cascade_records


def test_a_document_reloaded_under_another_key_keeps_no_level_filter(tmp_path: Path) -> None:
    nd, yy, _, _ = cascade_records()
    store = SqliteStore(tmp_path / "store")
    try:
        store.add_records([nd, yy])  # yy cites 56-CV/TU
        renumbered = Record.from_dict({**nd.to_dict(), "number": "57-CV/TU", "key": None,
                                       "sha256": "another reading"})
        assert store.add_records([renumbered]).replaced == 1
        g = store.graph()
        assert g.nodes["doc:" + ND]["loaded"] is False  # still cited, no longer loaded
        assert "level" not in g.nodes["doc:" + ND]  # as Neo4j's UNLOAD keeps it
        for level in ("province", "district"):
            _, page = store.documents(level=level)
            assert [d.key for d in page if g.nodes["doc:" + d.key].get("level") != level] == []
        _, page = store.documents(level="province")
        assert ND not in [d.key for d in page]
    finally:
        store.close()


# ---- the same answer from either store (issue 5): run on both where a server is set ------


@pytest.fixture(params=list(FACTORIES))
def fresh(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of each kind (Neo4j only when a server is configured)."""
    store = FACTORIES[request.param](Path(tempfile.mkdtemp(prefix="parity-")))
    yield store
    store.close()


def _letter(number: str, province: str, date: str | None, *, cites: str | None = None,
            subject: str = "phòng, chống dịch", text: str = "") -> Record:
    issuer = Entity(f"TỈNH ỦY {province.upper()}", name=f"Tỉnh ủy {province}", level="province")
    return Record(
        source=f"{number}-{province}.txt", doc_type="Công văn", number=number, date=date,
        issuer=issuer, subject=subject, text=text or f"Tỉnh ủy {province}\n{subject}",
        implements=[Citation(f"Công văn số {cites}", doc_type="Công văn", number=cites,
                             date="2021-01-01", issuer=issuer, relation="implements")]
        if cites else [],
        sha256=f"{number}{province}",
    )


def test_equal_documents_resolve_in_key_order_undated_last(
    fresh: Store,
) -> None:
    store = fresh
    # Added in reverse key order, so insertion order cannot pass for key order.
    undated = _letter("7-CV/TU", "Hà Nam", None)
    store.add_records([_letter("7-CV/TU", p, "2021-02-01") for p in ("Thái Bình", "Nam Định")]
                      + [undated])
    keys = store.resolve_document("7-CV/TU")
    assert keys == ["7-CV/TU@tinh uy nam dinh@2021", "7-CV/TU@tinh uy thai binh@2021",
                    contribution(undated).key]
    assert store.resolve_unit("tinh uy") == sorted(store.resolve_unit("tinh uy"), key=len)
    assert store.resolve_unit("tinh uy")[:2] == ["tinh uy ha nam", "tinh uy nam dinh"]


def test_an_issuer_that_folds_to_nothing_filters_nothing(fresh: Store) -> None:
    store = fresh
    bare = Record.from_dict({**_letter("8-CV/TU", "Nam Định", "2021-02-02").to_dict(),
                             "issuer": None, "source": "bare.txt"})
    store.add_records([_letter("7-CV/TU", "Nam Định", "2021-02-01"), bare])
    everything = store.documents()[0]
    assert everything == 2
    for name in ("!!", " - ", ""):
        assert store.documents(issuer=name)[0] == everything, name
    assert store.documents(issuer="Tỉnh ủy Nam Định")[0] == 1


def test_like_wildcards_in_a_name_match_only_themselves() -> None:
    # Folding drops % and _ today; the LIKE patterns must not depend on it.
    import sqlite3

    from graph.sqlite_read import _ESCAPE, _like_literal

    conn = sqlite3.connect(":memory:")
    try:
        def like(value: str, name: str) -> bool:
            pattern = "%" + _like_literal(name) + "%"
            return bool(conn.execute("SELECT ? LIKE ?" + _ESCAPE, (value, pattern)).fetchone()[0])

        assert like("so y te", "y t") and like("a_b", "a_b") and like("50%", "0%")
        assert not like("axb", "a_b") and not like("500", "0%") and not like("a\\b", "a\\\\b")
    finally:
        conn.close()


def test_a_search_hit_shows_plain_text_and_subject_words_weigh_more(
    fresh: Store,
) -> None:
    store = fresh
    store.add_records([
        _letter("1-CV/TU", "Nam Định", "2021-02-01", subject="công tác cán bộ",
                text="Về công tác cán bộ; có nhắc tiêm chủng vắc-xin một lần."),
        _letter("2-CV/TU", "Nam Định", "2021-02-01", subject="tiêm chủng vắc-xin",
                text="Triển khai kế hoạch năm 2021."),
    ])
    hits = store.search("tiem chung")
    assert [h.key.split("@")[0] for h in hits] == ["2-CV/TU", "1-CV/TU"]
    assert hits[1].snippet == "Về công tác cán bộ; có nhắc tiêm chủng vắc-xin một lần."
    assert hits[0].snippet == "tiêm chủng vắc-xin"  # the body lacks the words: the subject
    assert all("[" not in h.snippet for h in hits)
    assert store.search("tiem chung", limit=0) == []


def test_a_bad_direction_and_a_deep_cascade_are_the_same_in_both(
    fresh: Store,
) -> None:
    store = fresh
    provinces = ["Nam Định"] * 53
    chain = [_letter("1-CV/TU", provinces[0], "2021-01-01")] + [
        _letter(f"{i}-CV/TU", provinces[i - 1], "2021-01-01", cites=f"{i - 1}-CV/TU")
        for i in range(2, 54)
    ]
    store.add_records(chain)
    root = store.resolve_document("1-CV/TU")[0]
    for bad in ("sideways", "DOWN"):
        with pytest.raises(StoreError, match="direction is 'down' or 'up'"):
            store.cascade(root, direction=bad)
        with pytest.raises(StoreError, match="direction is 'down' or 'up'"):
            store.cascade_documents(root, direction=bad)
    deep = store.cascade_documents(root, direction="down", max_depth=500)
    assert len(deep) == CASCADE_MAX_DEPTH + 2  # the root, 50 hops, the issuer
    assert len(store.cascade_documents(root, direction="down", max_depth=-3)) == 2
