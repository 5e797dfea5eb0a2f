"""The Neo4j store's plumbing that needs no server: configuration, errors, rows out, search.

:mod:`graph.neo4j_store` talks to the server with the statements of
:mod:`graph.cypher`; :mod:`graph.neo4j_batch` builds the rows it writes.

>>> cfg = Neo4jConfig.from_uri("bolt://neo:secret@db.local:7687", env={})
>>> cfg.uri, cfg.user, cfg.password, cfg.shown
('bolt://db.local:7687', 'neo', 'secret', 'bolt://neo@db.local:7687')
>>> props({"a": None, "b": 1, "span": [3, 9], "c": ()})
{'b': 1, 'span': [3, 9], 'c': []}
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import networkx as nx
from neo4j import exceptions as nx4j

from graph import schema
from graph.cypher import INTERNAL_PROPERTIES, NODE_ATTRS
from graph.errors import StoreError, StoreUnavailable
from graph.model import Span
from graph.names import fold
from graph.read_rules import SUBJECT_WEIGHT

__all__ = [
    "ENV_USER",
    "ENV_PASSWORD",
    "ENV_DATABASE",
    "ENV_URI",
    "SCHEMES",
    "Neo4jConfig",
    "translate_error",
    "props",
    "rows_to_graph",
    "fill_defaults",
    "lucene_query",
]

ENV_URI = "DIRECTIVE_GRAPH_NEO4J_URI"
ENV_USER = "DIRECTIVE_GRAPH_NEO4J_USER"
ENV_PASSWORD = "DIRECTIVE_GRAPH_NEO4J_PASSWORD"
ENV_DATABASE = "DIRECTIVE_GRAPH_NEO4J_DATABASE"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True, slots=True)
class Neo4jConfig:
    """Where the server is and who we are; credentials in the URI win over the environment."""

    uri: str  # without credentials: what the driver gets
    user: str | None
    password: str | None = field(repr=False)
    database: str | None

    @property
    def shown(self) -> str:
        """The URI for messages: the user, never the password."""
        if not self.user:
            return self.uri
        parts = urlsplit(self.uri)
        return urlunsplit(parts._replace(netloc=f"{self.user}@{parts.netloc}"))

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user or "neo4j", self.password) if self.password is not None else None

    @classmethod
    def from_uri(cls, uri: str, env: Mapping[str, str] | None = None) -> Neo4jConfig:
        """Parse ``bolt://[user[:password]@]host[:port][/database]``.

        >>> Neo4jConfig.from_uri("neo4j://h/graphs", env={ENV_USER: "u", ENV_PASSWORD: "p"})
        Neo4jConfig(uri='neo4j://h', user='u', database='graphs')
        >>> Neo4jConfig.from_uri("http://h:7474", env={})
        Traceback (most recent call last):
        graph.errors.StoreError: http://h:7474: not a Neo4j URI (use bolt://host:7687 or neo4j://host:7687)
        """
        env = os.environ if env is None else env
        parts = urlsplit(uri.strip())
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise StoreError(
                f"{uri}: not a Neo4j URI (use bolt://host:7687 or neo4j://host:7687)"
            )
        try:
            port = parts.port
        except ValueError:
            raise StoreError(f"{uri}: the port is not a number") from None
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        netloc = f"{host}:{port}" if port else host
        user = unquote(parts.username) if parts.username else env.get(ENV_USER) or None
        password = unquote(parts.password) if parts.password is not None else None
        if password is None:
            password = env.get(ENV_PASSWORD)
        database = parts.path.strip("/") or env.get(ENV_DATABASE) or None
        if database is not None and "/" in database:
            raise StoreError(f"{uri}: a database name cannot contain '/'")
        return cls(urlunsplit((parts.scheme, netloc, "", "", "")), user, password, database)


def translate_error(err: Exception, cfg: Neo4jConfig) -> StoreError:
    """The project's error for a driver's exception: one line naming the server.

    >>> cfg = Neo4jConfig.from_uri("bolt://localhost:7687", env={})
    >>> str(translate_error(nx4j.ServiceUnavailable("Couldn't connect"), cfg))[:60]
    'neo4j at bolt://localhost:7687: server not reachable (Couldn'
    """
    where = f"neo4j at {cfg.shown}"
    if isinstance(err, StoreError):
        return err
    if isinstance(err, nx4j.AuthError):
        return StoreUnavailable(
            f"{where}: wrong user or password (set {ENV_USER} and {ENV_PASSWORD})"
        )
    if isinstance(err, nx4j.ServiceUnavailable | nx4j.SessionExpired | OSError):
        return StoreUnavailable(f"{where}: server not reachable ({_one_line(err)}); is it running?")
    if isinstance(err, nx4j.Neo4jError):
        code = err.code or ""
        msg = _one_line(err.message or str(err))
        if code.endswith("DatabaseNotFound"):
            return StoreUnavailable(f"{where}: database '{cfg.database}' does not exist")
        if isinstance(err, nx4j.DatabaseUnavailable) or code.endswith("DatabaseUnavailable"):
            return StoreUnavailable(f"{where}: database '{cfg.database or 'default'}' is offline")
        if "IndexNotFound" in code or "no such fulltext schema index" in msg.lower():
            return StoreError(
                f"{where}: schema missing ({msg}); open the store once with write access "
                "to create it"
            )
        if isinstance(err, nx4j.Forbidden):
            return StoreError(f"{where}: not allowed ({msg})")
        return StoreError(f"{where}: {code or type(err).__name__}: {msg}")
    if isinstance(err, nx4j.ConfigurationError):
        return StoreError(f"{where}: bad driver configuration ({_one_line(err)})")
    if isinstance(err, nx4j.DriverError):
        return StoreUnavailable(f"{where}: {type(err).__name__}: {_one_line(err)}")
    return StoreError(f"{where}: {type(err).__name__}: {_one_line(err)}")


def _one_line(err: object) -> str:
    return " ".join(str(err).split())[:300]


def props(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes as Neo4j properties: no nulls (a null would delete), lists for spans."""
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, Span):
            v = v.to_list()
        elif isinstance(v, tuple | set | frozenset):
            v = list(v)
        elif isinstance(v, dict):
            v = json.dumps(v, ensure_ascii=False, sort_keys=True)
        out[k] = v
    return out


# ---- rows back into the schema graph ---------------------------------------------------

_EDGE_ATTRS = ("doc", "source", "evidence", "span", "inferred", "confidence")
_HIDDEN = INTERNAL_PROPERTIES | {"id", "aliases"}


def fill_defaults(node_props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """(node id, attributes) of a stored node: internal properties gone, absent ones None.

    >>> fill_defaults({"id": "person:a", "key": "a", "name": "A"})
    ('person:a', {'key': 'a', 'name': 'A', 'label': None, 'title': None})
    """
    nid = str(node_props["id"])
    own = NODE_ATTRS[schema.node_kind(nid)]
    # Projections carry every kind's attributes: keep this kind's, and any other set.
    attrs = {k: v for k, v in node_props.items()
             if k not in _HIDDEN and (v is not None or k in own)}
    for k in own:
        attrs.setdefault(k, None)
    if schema.node_kind(nid) == schema.DOCUMENT:
        attrs["loaded"] = bool(attrs["loaded"])
    return nid, attrs


def _edge_attrs(rel: str, p: Mapping[str, Any]) -> dict[str, Any]:
    attrs = {k: v for k, v in p.items() if k != "ekey" and not k.startswith("vague_")}
    for k in _EDGE_ATTRS:
        attrs.setdefault(k, None)
    attrs["rel"] = rel
    return attrs


def rows_to_graph(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    rel_of_type: Mapping[str, str],
) -> nx.MultiDiGraph:
    """A schema graph from node property maps and edge rows, filled straight into its dicts.

    An edge row holds either ``src``/``dst`` node ids or ``a``/``b`` property
    maps (whose nodes join the graph too), plus ``rel`` (relationship type)
    and ``props``.  A node or edge that comes twice is updated, as ``add_node``
    and ``add_edge`` would, without their checks and copies (a cut holds tens
    of thousands of each).
    """
    g = nx.MultiDiGraph()
    node, succ, pred = g._node, g._succ, g._pred

    def put(node_props: Mapping[str, Any]) -> str:
        nid, attrs = fill_defaults(node_props)
        known = node.get(nid)
        if known is None:
            node[nid] = attrs
            succ[nid] = {}
            pred[nid] = {}
        else:
            known.update(attrs)
        return nid

    for n in nodes:
        put(n)
    for row in edges:
        if "a" in row:
            src, dst = put(row["a"]), put(row["b"])
        else:
            src, dst = str(row["src"]), str(row["dst"])
        rel = rel_of_type.get(str(row["rel"]))
        if rel is None or src not in node or dst not in node:
            continue  # the meta node, or an end outside the slice
        p = row["props"]
        key = f"{rel}|{p.get('doc') or ''}|{p.get('ekey') or ''}"
        keydict = succ[src].get(dst)
        if keydict is None:
            keydict = succ[src][dst] = {}
            pred[dst][src] = keydict
        data = keydict.get(key)
        if data is None:
            keydict[key] = _edge_attrs(rel, p)
        else:
            data.update(_edge_attrs(rel, p))
    return g


# ---- search ----------------------------------------------------------------------------

_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def lucene_query(text: str) -> str | None:
    """A full-text query over folded text: every word must appear, in the subject or the
    body, and one in the subject weighs :data:`graph.read_rules.SUBJECT_WEIGHT` times more
    (the embedded store's bm25 weights).

    >>> lucene_query("Phòng (Dịch)").split(" AND ")
    ['(search_subject:phong^4 OR search_body:phong)', '(search_subject:dich^4 OR search_body:dich)']
    >>> lucene_query("AND or")  # folded words are lower case: never operators
    '(search_subject:and^4 OR search_body:and) AND (search_subject:or^4 OR search_body:or)'
    >>> lucene_query("  ,, ") is None
    True
    """
    words = "".join(" " if c in _LUCENE_SPECIAL else c for c in fold(text)).split()[:32]
    boost = f"{SUBJECT_WEIGHT:g}"
    return " AND ".join(
        f"(search_subject:{w}^{boost} OR search_body:{w})" for w in (w.lower() for w in words)
    ) or None
