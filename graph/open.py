"""Open the store a location names: a directory path or a Neo4j URI.

>>> import tempfile
>>> open_store(tempfile.mkdtemp() + "/g")
SqliteStore('.../g')
"""

from __future__ import annotations

import importlib
import os

from graph.store import Store

__all__ = ["open_store", "DEFAULT_LOCATION", "ENV_VAR"]

ENV_VAR = "DIRECTIVE_GRAPH_STORE"
DEFAULT_LOCATION = "./directive-graph-store"
_SERVER_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def open_store(location: str | None = None) -> Store:
    """The store at ``location``, default ``$DIRECTIVE_GRAPH_STORE`` or ``./directive-graph-store``.

    A ``bolt://`` or ``neo4j://`` URI opens the Neo4j store; anything else is
    the directory of the embedded SQLite store, created on the first load.
    Raises :class:`graph.errors.StoreCorrupt` for a directory that is not a store.
    """
    loc = location or os.environ.get(ENV_VAR) or DEFAULT_LOCATION
    if loc.lower().startswith(_SERVER_SCHEMES):
        # Imported only here: the embedded store must work without the driver.
        neo4j_store = importlib.import_module("graph.neo4j_store")
        store: Store = neo4j_store.Neo4jStore.from_uri(loc)
        return store
    from graph.sqlite_store import SqliteStore

    return SqliteStore(os.path.expanduser(loc))
