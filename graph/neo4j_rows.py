"""The Neo4j store's pure half: configuration, error translation, rows in and out.

Nothing here talks to a server, so all of it is tested without one.
:mod:`graph.neo4j_store` sends the rows built here with the statements of
:mod:`graph.cypher`.

>>> cfg = Neo4jConfig.from_uri("bolt://neo:secret@db.local:7687", env={})
>>> cfg.uri, cfg.user, cfg.password, cfg.shown
('bolt://db.local:7687', 'neo', 'secret', 'bolt://neo@db.local:7687')
>>> props({"a": None, "b": 1, "span": [3, 9], "c": ()})
{'b': 1, 'span': [3, 9], 'c': []}
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import networkx as nx
from neo4j import exceptions as nx4j

from graph import schema
from graph.build import CitedDoc, Contribution
from graph.cypher import ENDPOINTS, INTERNAL_PROPERTIES, NODE_ATTRS
from graph.errors import StoreError, StoreUnavailable
from graph.identity import (
    UNKNOWN,
    VagueCandidate,
    best_vague_match,
    is_complete,
    key_number,
    number_key,
    type_key,
)
from graph.model import Record, Span
from graph.names import fold

__all__ = [
    "ENV_USER",
    "ENV_PASSWORD",
    "ENV_DATABASE",
    "ENV_URI",
    "SCHEMES",
    "Neo4jConfig",
    "translate_error",
    "props",
    "DocIndex",
    "same_number",
    "Batch",
    "build_batch",
    "revisit_vague",
    "content_sha",
    "rows_to_graph",
    "fill_defaults",
    "lucene_query",
    "snippet",
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


# ---- resolving citations against what the database holds ------------------------------
# The rules are the embedded store's (graph/sqlite_store.py), so both hold the same graph.


@dataclass(slots=True)
class _Doc:
    key: str
    loaded: bool
    aliases: list[str]
    number_key: str | None
    issuer_key: str | None
    date: str | None
    subject: str | None
    unresolved: bool = False


def same_number(number: str | None, key: str) -> bool:
    """Whether a document key can be the document of ``number`` (a numberless key can).

    >>> same_number("56-CV/TU", "56-CV/TU@tinh uy nam dinh@2021"), same_number("5-CV/TU", "x@y@z")
    (True, True)
    >>> same_number("56-CV/TU", "57-CV/TU@tinh uy nam dinh@2021")
    False
    """
    other = key_number(key)
    return number is None or other is None or other == number_key(number)


class DocIndex:
    """Identity keys of the documents known: the database's, then this batch's.

    ``alias`` maps every identity key to the documents it names, as the
    embedded store's alias table does: a document's own keys, the keys of
    citations resolved to it, and those of placeholders it absorbed.
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]] = ()) -> None:
        self.docs: dict[str, _Doc] = {}
        self.alias: dict[str, set[str]] = {}
        self.by_number: dict[str, set[str]] = {}
        self.by_issuer: dict[str, set[str]] = {}
        self.changed: set[str] = set()  # documents whose aliases this batch changed
        for r in rows:
            self.add(
                _Doc(
                    r["key"], bool(r.get("loaded")), list(r.get("aliases") or []),
                    r.get("number_key"), r.get("issuer_key"), r.get("date"), r.get("subject"),
                    bool(r.get("unresolved")),
                )
            )
        self.changed.clear()

    def add(self, d: _Doc) -> None:
        old = self.docs.get(d.key)
        if old is not None:
            self.remove(d.key, keep_aliases=True)
            d.aliases = list(dict.fromkeys([*old.aliases, *d.aliases]))
        self.docs[d.key] = d
        self.link(d.key, d.aliases)
        if d.number_key:
            self.by_number.setdefault(d.number_key, set()).add(d.key)
        if d.issuer_key and not d.unresolved:
            self.by_issuer.setdefault(d.issuer_key, set()).add(d.key)

    def link(self, key: str, aliases: Iterable[str]) -> None:
        """Record that ``aliases`` name document ``key``."""
        d = self.docs[key]
        for a in aliases:
            self.alias.setdefault(a, set()).add(key)
            if a not in d.aliases:
                d.aliases.append(a)
        self.changed.add(key)

    def remove(self, key: str, *, keep_aliases: bool = False) -> None:
        d = self.docs.pop(key, None)
        if d is None:
            return
        if not keep_aliases:
            for a in d.aliases:
                self.alias.get(a, set()).discard(key)
        self.by_number.get(d.number_key or "", set()).discard(key)
        self.by_issuer.get(d.issuer_key or "", set()).discard(key)

    def absorb(self, old: str, new: str) -> None:
        """Placeholder ``old`` turned out to be ``new``: its aliases move over."""
        aliases = self.docs[old].aliases
        self.remove(old)
        self.link(new, aliases)

    def candidates(self, issuer: str | None) -> list[VagueCandidate]:
        """Documents a vague citation of ``issuer`` may mean."""
        return [
            VagueCandidate(k, issuer, self.docs[k].date, self.docs[k].subject)
            for k in sorted(self.by_issuer.get(issuer or "", ()))
        ]

    def by_number_key(self, key: str) -> list[str]:
        """Complete keys of documents an incomplete numbered key may stand for."""
        number, issuer, year = [*key.split("@"), "", "", ""][:3]
        found = []
        for k in sorted(self.by_number.get(number, ())):
            parts = k.split("@")
            if len(parts) != 3 or not is_complete(k):
                continue
            if issuer not in ("", UNKNOWN, parts[1]) and parts[1]:
                continue
            if year not in (UNKNOWN, parts[2]):
                continue
            found.append(k)
        return found

    def resolve(self, cited: CitedDoc) -> tuple[str, float | None]:
        """The document key a citation names (maybe a new placeholder's) and, if inexact,
        a confidence."""
        key = cited.keys[0]
        if cited.unresolved:
            return key, None
        if cited.vague:
            hit = best_vague_match(cited.issuer, cited.attrs.get("subject"),
                                   cited.citing_date, self.candidates(cited.issuer))
            return hit if hit else (key, 0.5)
        number = cited.attrs.get("number")
        hits: set[str] = set()
        for k in cited.keys:
            hits |= {h for h in self.alias.get(k, ()) if same_number(number, h)}
            if len(hits) == 1:
                break
        if len(hits) == 1:
            return hits.pop(), None
        if not is_complete(key) and number:
            found = self.by_number_key(key)
            if len(found) == 1:
                return found[0], 0.8
        return key, None

    def placeholders_of(self, c: Contribution) -> list[str]:
        """Cited-only documents that stand for the loaded document ``c``."""
        found: set[str] = set()
        for k in c.keys:
            found |= {h for h in self.alias.get(k, ()) if h in self.docs
                      and not self.docs[h].loaded}
        number = c.doc_attrs.get("number")
        if number:
            parts = c.key.split("@")
            for k in self.by_number.get(number_key(number), ()):
                cp = k.split("@")
                if not self.docs[k].loaded and len(cp) == 3 and len(parts) == 3 and all(
                    x in (y, UNKNOWN, "") for x, y in zip(cp[1:], parts[1:], strict=True)
                ):
                    found.add(k)
        return sorted(
            k for k in found - {c.key}
            if same_number(number, k) and not self.docs[k].unresolved
        )


# ---- rows for one write transaction ---------------------------------------------------


@dataclass(slots=True)
class Batch:
    """What one write transaction sends: UNWIND rows per label and relationship type."""

    docs: list[str] = field(default_factory=list)  # documents (re)written: their old edges go
    unload: list[str] = field(default_factory=list)  # loaded before under another key
    loaded: list[dict[str, Any]] = field(default_factory=list)  # loaded document rows
    cited: list[dict[str, Any]] = field(default_factory=list)  # cited-only document rows
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # kind -> rows
    edges: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # rel -> rows
    absorb: list[dict[str, str]] = field(default_factory=list)  # placeholder -> loaded doc
    aliases: list[dict[str, Any]] = field(default_factory=list)  # document -> all its aliases

    def node(self, node_id: str, attrs: Mapping[str, Any], **extra: Any) -> None:
        kind = schema.node_kind(node_id)
        p = props({**attrs, **extra})
        p["id"] = node_id
        p["key"] = schema.node_key(node_id)
        row = {"key": p["key"], "props": p}
        if kind != schema.DOCUMENT:
            self.nodes.setdefault(kind, []).append(row)
        elif p.get("loaded"):
            self.loaded.append(row)
        else:
            self.cited.append(row)

    def edge(self, src: str, dst: str, rel: str, attrs: Mapping[str, Any], ekey: str) -> None:
        want = ENDPOINTS[rel]
        got = (schema.node_kind(src), schema.node_kind(dst))
        if got != want:
            raise StoreError(f"edge {src} -{rel}-> {dst}: a {rel} edge joins {want}, not {got}")
        p = props(attrs)
        doc = str(p.get("doc") or "")
        p["doc"] = doc
        self.edges.setdefault(rel, []).append(
            {"src": schema.node_key(src), "dst": schema.node_key(dst), "doc": doc, "ekey": ekey,
             "props": p}
        )

    @property
    def node_count(self) -> int:
        return len(self.loaded) + len(self.cited) + sum(len(v) for v in self.nodes.values())


def content_sha(rec: Record) -> str:
    """The source's hash; for records made in code, their JSON stands in."""
    if rec.sha256:
        return rec.sha256
    body = json.dumps(rec.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _doc_search_props(rec: Record, attrs: Mapping[str, Any], aliases: list[str]) -> dict[str, Any]:
    return {
        "record_json": json.dumps(rec.to_dict(), ensure_ascii=False),
        "content_sha": content_sha(rec),
        "search_subject": fold(rec.subject or ""),
        "search_body": fold(rec.text or ""),
        "search_label": fold(str(attrs.get("label") or "")),
        "number_key": number_key(rec.number) if rec.number else None,
        "type_key": type_key(rec.doc_type),
        "aliases": aliases,
    }


def build_batch(
    items: list[tuple[Record, Contribution]], index: DocIndex, unload: Iterable[str] = ()
) -> Batch:
    """Rows for loading ``items`` (new or changed documents, in order) into a database whose
    documents ``index`` holds; ``unload`` names documents loaded before from the same
    sources under other keys."""
    batch = Batch(unload=sorted(set(unload)))
    for key in batch.unload:
        if key in index.docs:
            index.docs[key].loaded = False
    for rec, c in items:
        rec.key = c.key
        batch.docs.append(c.key)
        index.add(_Doc(c.key, True, list(c.keys),
                       number_key(rec.number) if rec.number else None,
                       c.doc_attrs.get("issuer_key"), rec.date, rec.subject))
        for old in index.placeholders_of(c):
            batch.absorb.append({"old": old, "new": c.key})
            index.absorb(old, c.key)
        batch.node(schema.doc_node(c.key), c.doc_attrs,
                   **_doc_search_props(rec, c.doc_attrs, c.keys))
        for nid, attrs in c.nodes.items():
            batch.node(nid, attrs)
        where: dict[str, tuple[str, float | None]] = {}
        for nid, cited in c.cited.items():
            key, conf = index.resolve(cited)
            where[nid] = (schema.doc_node(key), conf)
            known = index.docs.get(key)
            if not cited.unresolved and known is not None:
                index.link(key, cited.keys)
            if known is not None and known.loaded:
                continue
            attrs = {**cited.attrs, "key": key}
            extra: dict[str, Any] = {
                "search_label": fold(str(attrs.get("label") or "")),
                "type_key": type_key(attrs.get("doc_type")),
            }
            if attrs.get("number"):
                extra["number_key"] = number_key(attrs["number"])
            batch.node(schema.doc_node(key), attrs, **extra)
            found = _Doc(key, False, [] if cited.unresolved else list(cited.keys),
                         extra.get("number_key"), attrs.get("issuer_key"), attrs.get("date"),
                         attrs.get("subject"), bool(cited.unresolved))
            if known is None:
                index.add(found)
            else:  # what this citation adds to a placeholder: it may now be found by number
                index.add(_Doc(key, False, [], known.number_key or found.number_key,
                               known.issuer_key or found.issuer_key, known.date or found.date,
                               known.subject or found.subject, known.unresolved))
        for i, e in enumerate(c.edges):
            src, sconf = where.get(e.src, (e.src, None))
            dst, dconf = where.get(e.dst, (e.dst, None))
            if src == dst:
                continue
            conf = min(x for x in (sconf, dconf, e.attrs.get("confidence", 1.0)) if x is not None)
            attrs = {**e.attrs, "confidence": conf}
            info = c.cited.get(e.dst)
            if info is not None and info.vague and info.issuer and info.citing_date:
                attrs.update(vague_issuer=info.issuer, vague_citing=info.citing_date,
                             vague_subject=info.attrs.get("subject"))
            batch.edge(src, dst, e.rel, attrs, str(i))
        for e in c.structural:
            batch.edge(e.src, e.dst, e.rel, e.attrs, "")
    _apply_absorb(batch)
    batch.aliases = [
        {"key": k, "aliases": index.docs[k].aliases} for k in sorted(index.changed)
        if k in index.docs
    ]
    return batch


def revisit_vague(
    index: DocIndex, issuer: str | None, day: str | None, rows: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Vague citations (``rows`` from ``VAGUE_EDGES``) that a document of ``issuer`` dated
    ``day``, now known, fits better than where they point: one re-point row each."""
    if not issuer or not day:
        return []
    cands = index.candidates(issuer)
    moves = []
    for r in rows:
        hit = best_vague_match(issuer, r.get("subject"), r.get("citing"), cands)
        if hit and hit[0] != r["dst"] and hit[0] != r["src"]:
            moves.append({"rel": r["rel"], "src": r["src"], "doc": r["doc"], "ekey": r["ekey"],
                          "old": r["dst"], "new": hit[0], "confidence": hit[1]})
    return moves


def _apply_absorb(batch: Batch) -> None:
    """Point this batch's rows at the loaded documents that absorbed placeholders."""
    moved = {a["old"]: a["new"] for a in batch.absorb}
    if not moved:
        return
    batch.cited = [r for r in batch.cited if r["key"] not in moved]
    for rel, rows in batch.edges.items():
        if ENDPOINTS[rel][0] != schema.DOCUMENT:
            continue
        kept = []
        for row in rows:
            row["src"] = moved.get(row["src"], row["src"])
            if ENDPOINTS[rel][1] == schema.DOCUMENT:
                row["dst"] = moved.get(row["dst"], row["dst"])
            if row["src"] != row["dst"] or ENDPOINTS[rel][1] != schema.DOCUMENT:
                kept.append(row)
        batch.edges[rel] = kept


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
    """A schema graph from node property maps and edge rows.

    An edge row holds either ``src``/``dst`` node ids or ``a``/``b`` property
    maps (whose nodes join the graph too), plus ``rel`` (relationship type)
    and ``props``.
    """
    g = nx.MultiDiGraph()
    for n in nodes:
        nid, attrs = fill_defaults(n)
        g.add_node(nid, **attrs)
    for row in edges:
        if "a" in row:
            src, a = fill_defaults(row["a"])
            dst, b = fill_defaults(row["b"])
            g.add_node(src, **a)
            g.add_node(dst, **b)
        else:
            src, dst = str(row["src"]), str(row["dst"])
        rel = rel_of_type.get(str(row["rel"]))
        if rel is None or src not in g or dst not in g:
            continue  # the meta node, or an end outside the slice
        p = row["props"]
        key = f"{rel}|{p.get('doc') or ''}|{p.get('ekey') or ''}"
        g.add_edge(src, dst, key=key, **_edge_attrs(rel, p))
    return g


# ---- search ----------------------------------------------------------------------------

_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def lucene_query(text: str) -> str | None:
    """A full-text query over folded text: every word must appear.

    >>> lucene_query("Phòng, chống dịch (Covid-19)")
    'phong AND chong AND dich AND covid AND 19'
    >>> lucene_query("  ,, ") is None
    True
    """
    words = "".join(" " if c in _LUCENE_SPECIAL else c for c in fold(text)).split()
    words = [w for w in words if w.lower() not in {"and", "or", "not", "to"}][:32]
    return " AND ".join(words) if words else None


def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[:1].lower()
    return "d" if base in "đĐ" else base


def snippet(text: str, query: str, width: int = 160) -> str:
    """The part of ``text`` around the first word of ``query``, diacritics ignored.

    >>> snippet("Tỉnh ủy yêu cầu tăng cường phòng, chống dịch.", "PHONG chong", 20)
    '…cường phòng, chống d…'
    """
    flat = "".join(_fold_char(c) for c in text)  # one char per char: offsets carry over
    words = fold(query).split()
    at = min((i for w in words if (i := flat.find(w)) >= 0), default=0)
    start = max(0, at - width // 3)
    end = min(len(text), start + width)
    piece = " ".join(text[start:end].split())
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")
