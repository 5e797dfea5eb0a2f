"""Places where the embedded store's answers must follow the graph both stores hold.

The Neo4j store filters documents on their node properties; the embedded store on
columns beside the attributes.  When the two drift, the stores answer the same
question differently, so the columns must say what the attributes say.
"""

from __future__ import annotations

from pathlib import Path

from graph.model import Record
from graph.sqlite_store import SqliteStore
from tests.test_store_contract import ND, cascade_records


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
