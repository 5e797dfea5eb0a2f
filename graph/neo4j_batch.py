"""Records -> the rows of one Neo4j write transaction, citations resolved as in the embedded store.

:func:`build_batch` turns records (with their :func:`graph.build.contribution`)
into UNWIND rows per label and relationship type, resolving each citation
against the documents the database holds (:class:`DocIndex`): identity
aliases, numbers cited without issuer or year, vague citations, placeholders
a loaded document absorbs.  The rules are :mod:`graph.resolve`'s, shared with
the embedded store; nothing here talks to a server.

>>> from graph.build import contribution
>>> from graph.model import Entity, Record
>>> rec = Record(source="a.txt", doc_type="Công văn", number="56-CV/TU", date="2021-01-06",
...     issuer=Entity("TỈNH ỦY NAM ĐỊNH"))
>>> batch = build_batch([(rec, contribution(rec))], DocIndex())
>>> batch.docs, [r["key"] for r in batch.loaded], sorted(batch.edges)
(['56-CV/TU@tinh uy nam dinh@2021'], ['56-CV/TU@tinh uy nam dinh@2021'], ['issued_by', 'part_of'])
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph import resolve, schema
from graph.build import CitedDoc, Contribution
from graph.cypher import ENDPOINTS
from graph.errors import StoreError
from graph.identity import (
    VagueCandidate,
    content_sha,
    is_unchanged,
    key_number,
    number_key,
    type_key,
)
from graph.model import Record
from graph.names import fold
from graph.neo4j_rows import props
from graph.store import LoadReport

__all__ = ["DocIndex", "Batch", "plan_load", "build_batch", "revisit_vague", "same_number"]

#: Kept for callers of this module; the rule lives in :mod:`graph.resolve`.
same_number = resolve.same_number

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
        if d.issuer_key and not d.unresolved:
            self.by_issuer.setdefault(d.issuer_key, set()).add(d.key)

    def link(self, key: str, aliases: Iterable[str]) -> None:
        """Record that ``aliases`` name document ``key``."""
        d = self.docs[key]
        for a in aliases:
            self.alias.setdefault(a, set()).add(key)
            if a not in d.aliases:
                d.aliases.append(a)
            if number := key_number(resolve.plain(a)):  # found by number through any key
                self.by_number.setdefault(number, set()).add(key)
        self.changed.add(key)

    def remove(self, key: str, *, keep_aliases: bool = False) -> None:
        d = self.docs.pop(key, None)
        if d is None:
            return
        for a in d.aliases:
            if not keep_aliases:
                self.alias.get(a, set()).discard(key)
            self.by_number.get(key_number(resolve.plain(a)) or "", set()).discard(key)
        self.by_issuer.get(d.issuer_key or "", set()).discard(key)

    def absorb(self, old: str, new: str, *, by_number: bool = False) -> None:
        """Placeholder ``old`` turned out to be ``new``: its aliases move over (held by fit
        when it was met by number alone)."""
        aliases = self.docs[old].aliases
        self.remove(old)
        self.link(new, [resolve.fitted(a) for a in aliases] if by_number else aliases)

    def candidates(self, issuer: str | None) -> list[VagueCandidate]:
        """Documents a vague citation of ``issuer`` may mean."""
        return [
            VagueCandidate(k, issuer, self.docs[k].date, self.docs[k].subject)
            for k in sorted(self.by_issuer.get(issuer or "", ()))
        ]

    def numbered(self, number: str) -> list[resolve.Numbered]:
        """Every document known by a key of ``number`` (a number key), with those keys."""
        docs = (self.docs[k] for k in sorted(self.by_number.get(number, ())))
        return [
            resolve.Numbered(
                d.key, d.loaded,
                tuple(k for a in d.aliases if key_number(k := resolve.plain(a)) == number),
                d.unresolved,
            )
            for d in docs
        ]

    def resolve(self, cited: CitedDoc, citing: str) -> resolve.Resolution:
        """The document key a citation of document ``citing`` names (maybe a new
        placeholder's) and, if inexact, a confidence."""
        return resolve.resolve_citation(
            cited,
            aliases=lambda k: self.alias.get(k, ()),
            vague_candidates=lambda: self.candidates(cited.issuer),
            by_number=lambda k: resolve.number_fits(k, self.numbered(k.split("@", 1)[0])),
            citing=citing,
        )

    def placeholders_of(self, c: Contribution) -> list[tuple[str, bool]]:
        """Cited-only documents that stand for the loaded document ``c``."""
        found: set[str] = set()
        for k in c.keys:
            found |= {h for h in self.alias.get(k, ()) if h in self.docs
                      and not self.docs[h].loaded}
        number = c.doc_attrs.get("number")
        numbered = self.numbered(number_key(number)) if number else []
        return resolve.absorbed(
            c.key, c.keys, number, found, numbered, lambda k: self.docs[k].unresolved
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
    # placeholder -> loaded doc, with the confidence its edges keep at most (None: theirs)
    absorb: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)  # document -> all its aliases
    # (issuer, date) of loaded documents a citation left alone among their namesakes: the
    # vague citations of that issuer are tried again, as for a document just loaded.
    revisit: list[tuple[str, str]] = field(default_factory=list)

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


def _doc_search_props(rec: Record, attrs: Mapping[str, Any], aliases: list[str]) -> dict[str, Any]:
    return {
        "record_json": json.dumps(rec.to_dict(), ensure_ascii=False),
        "content_sha": content_sha(rec),
        "record_version": rec.version,
        "search_subject": fold(rec.subject or ""),
        "search_body": fold(rec.text or ""),
        "search_label": fold(str(attrs.get("label") or "")),
        "number_key": number_key(rec.number) if rec.number else None,
        "type_key": type_key(rec.doc_type),
        "aliases": aliases,
    }


def plan_load(
    items: list[tuple[Record, Contribution]],
    stored: Mapping[str, tuple[str | None, int | None]],
    by_source: Mapping[str, set[str]],
) -> tuple[LoadReport, list[tuple[Record, Contribution]], set[str]]:
    """What loading ``items`` changes: (counts, the documents to write, the documents
    loaded before from the same sources under other keys, to unload).

    ``stored`` holds the loaded documents' (content hash, record version) by key,
    ``by_source`` their keys by source.  A document stored from the same bytes by
    the same record version is unchanged (:func:`graph.identity.is_unchanged`);
    one a newer parser reads is replaced, as a changed file is.
    """
    report = LoadReport()
    todo: dict[str, tuple[Record, Contribution]] = {}
    unload: set[str] = set()
    for rec, c in items:
        prev = todo.get(c.key)
        sha, version = (
            (content_sha(prev[0]), prev[0].version) if prev else stored.get(c.key, (None, None))
        )
        if is_unchanged(sha, version, rec):
            report.unchanged += 1
            continue
        old = by_source.get(rec.source, set()) - {c.key}
        unload |= old
        if c.key in stored or old or prev:
            report.replaced += 1
        else:
            report.added += 1
        todo.pop(c.key, None)
        todo[c.key] = (rec, c)  # the same document twice: the later copy wins
    return report, list(todo.values()), unload


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
        for old, by_number in index.placeholders_of(c):
            batch.absorb.append({"old": old, "new": c.key,
                                 "cap": resolve.BY_NUMBER_CONFIDENCE if by_number else None})
            index.absorb(old, c.key, by_number=by_number)
        batch.node(schema.doc_node(c.key), c.doc_attrs,
                   **_doc_search_props(rec, c.doc_attrs, c.keys))
        for nid, attrs in c.nodes.items():
            batch.node(nid, attrs)
        where: dict[str, tuple[str, float | None]] = {}
        for nid, cited in c.cited.items():
            res = key, conf, vague_match, _ = index.resolve(cited, c.key)
            where[nid] = (schema.doc_node(key), conf)
            if vague_match:
                continue  # a tentative tie to a known document: nothing of it is written
            known = index.docs.get(key)
            if known is not None:
                _absorb_named_too(batch, index, res, cited, known)
            if known is not None:
                index.link(key, resolve.learned_aliases(res, cited))
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
            ends = resolve.edge_ends(e, where)
            if ends is None:
                continue
            src, dst, conf = ends
            attrs = {**e.attrs, "confidence": conf}
            vague = resolve.vague_facts(c.cited.get(e.dst))
            if vague is not None:
                attrs.update(vague_issuer=vague[0], vague_citing=vague[1], vague_subject=vague[2])
            batch.edge(src, dst, e.rel, attrs, str(i))
        for e in c.structural:
            batch.edge(e.src, e.dst, e.rel, e.attrs, "")
    _apply_absorb(batch)
    batch.aliases = [
        {"key": k, "aliases": index.docs[k].aliases} for k in sorted(index.changed)
        if k in index.docs
    ]
    return batch


def _absorb_named_too(
    batch: Batch, index: DocIndex, res: resolve.Resolution, cited: CitedDoc, known: _Doc
) -> None:
    """Placeholders a citation tied to loaded ``known`` also names go into it."""
    named = {h for k in cited.keys for h in index.alias.get(k, ())
             if h in index.docs and not index.docs[h].loaded}
    gone = resolve.named_too(res, cited, known.loaded, named, lambda k: index.docs[k].unresolved)
    for old in gone:
        batch.absorb.append({"old": old, "new": known.key, "cap": None})
        index.absorb(old, known.key)
    if gone and known.issuer_key and known.date:
        batch.revisit.append((known.issuer_key, known.date))


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
        hit = resolve.better_vague_target(
            issuer, r.get("subject"), r.get("citing"), r["dst"], cands, citing=r["src"]
        )
        if hit:
            moves.append({"rel": r["rel"], "src": r["src"], "doc": r["doc"], "ekey": r["ekey"],
                          "old": r["dst"], "new": hit[0], "confidence": hit[1]})
    return moves


def _apply_absorb(batch: Batch) -> None:
    """Point this batch's rows at the loaded documents that absorbed placeholders."""
    moved = {a["old"]: a["new"] for a in batch.absorb}
    cap = {a["old"]: a["cap"] for a in batch.absorb if a["cap"] is not None}
    if not moved:
        return
    batch.cited = [r for r in batch.cited if r["key"] not in moved]
    for rel, rows in batch.edges.items():
        if ENDPOINTS[rel][0] != schema.DOCUMENT:
            continue
        kept = []
        for row in rows:
            ends = [row["src"], row["dst"]] if ENDPOINTS[rel][1] == schema.DOCUMENT else [
                row["src"]]
            for end in ends:
                if end in cap:
                    row["props"]["confidence"] = min(row["props"].get("confidence", 1.0), cap[end])
            row["src"] = moved.get(row["src"], row["src"])
            if ENDPOINTS[rel][1] == schema.DOCUMENT:
                row["dst"] = moved.get(row["dst"], row["dst"])
            if row["src"] != row["dst"] or ENDPOINTS[rel][1] != schema.DOCUMENT:
                kept.append(row)
        batch.edges[rel] = kept
