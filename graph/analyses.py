"""The analyses users come for, written once over the schema graph.

Every function takes a :class:`networkx.MultiDiGraph` shaped as
:mod:`graph.schema` describes (the whole graph, or the slice a store cuts for
it) and returns a plain dataclass or dict; :func:`graph.views.to_dict` turns a
dataclass into the JSON the API returns.  Coverage (who answered a letter)
lives in :mod:`graph.coverage`.

>>> g = nx.MultiDiGraph()
>>> g.add_node("doc:tw", key="tw", label="Điện 05/01/2021", date="2021-01-05", loaded=False)
>>> g.add_node("doc:nd", key="nd", label="56-CV/TU", date="2021-01-06", loaded=True)
>>> g.add_node("doc:yy", key="yy", label="12-CV/HU", date="2021-01-08", loaded=True)
>>> _ = g.add_edge("doc:nd", "doc:tw", rel="implements")
>>> _ = g.add_edge("doc:yy", "doc:nd", rel="implements")
>>> [(s.doc.label, s.depth, s.lag_after_root, s.lag_after_parent) for s in trace(g, "tw").steps]
[('56-CV/TU', 1, 1, 1), ('12-CV/HU', 2, 3, 2)]
>>> [s.doc.label for s in lineage(g, "yy").steps], lineage(g, "yy").roots
(['56-CV/TU', 'Điện 05/01/2021'], ['tw'])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.errors import Ambiguous, NotFound
from graph.schema import (
    ADDRESSED_TO,
    ASSIGNS_TO,
    COPIED_TO,
    HAS_TASK,
    INCLUDES,
    ISSUED_BY,
    MONITORED_BY,
    PART_OF,
    doc_node,
    node_key,
    node_kind,
)
from graph.store import Store
from graph.views import (
    DocRef,
    UnitRef,
    days_between,
    doc_id,
    doc_ref,
    implemented,
    implementers,
    in_nodes,
    merge_graph,
    out_nodes,
    to_dict,
    unit_id,
    unit_ref,
)
from graph.walk import Step, cycles, dates_of, levels, walk

__all__ = [
    "trace",
    "lineage",
    "unit_profile",
    "unit_slice",
    "stats",
    "timeline",
    "Trace",
    "TraceStep",
    "Lineage",
    "LineageStep",
    "UnitProfile",
    "UnitTask",
    "ReceivedDoc",
    "pick_document",
    "pick_unit",
    "MAX_DEPTH",
]

#: How deep trace and lineage go before they stop (and say so).
MAX_DEPTH = 50


@dataclass(slots=True)
class TraceStep:
    """One document of a cascade: ``parent`` is the document it implements."""

    doc: DocRef
    depth: int
    parent: str | None
    other_parents: list[str] = field(default_factory=list)
    lag_after_root: int | None = None
    lag_after_parent: int | None = None


@dataclass(slots=True)
class Trace:
    """The downstream cascade of ``root``, level by level (``steps`` exclude the root)."""

    root: DocRef
    steps: list[TraceStep]
    depth: int
    cycles: list[list[str]]  # document keys caught in an implements cycle (bad data)
    truncated: bool  # stopped at the depth limit


@dataclass(slots=True)
class LineageStep:
    """One document upstream: ``child`` is the document that implements it."""

    doc: DocRef
    depth: int
    child: str
    other_children: list[str] = field(default_factory=list)
    lag_before_start: int | None = None
    lag_before_child: int | None = None


@dataclass(slots=True)
class Lineage:
    """The upstream chain of ``start``; ``roots`` implement nothing further."""

    start: DocRef
    steps: list[LineageStep]
    roots: list[str]
    cycles: list[list[str]]
    truncated: bool


@dataclass(slots=True)
class _Walked:
    start: DocRef
    rows: list[tuple[DocRef, int, str, list[str], str | None]]  # doc, depth, near, others, date
    depth: int
    cycles: list[list[str]]
    truncated: bool


def _cascade(g: nx.MultiDiGraph, key: str, step: Step, limit: int) -> _Walked:
    """The walk behind trace and lineage: each document with the one nearer the start."""
    start = doc_id(g, key)
    depth, via, truncated, cyclic = levels(g, start, step, limit)
    dates = dates_of(g, depth)
    rows = [
        (
            doc_ref(g, n),
            depth[n],
            node_key(via[n][0]),
            [node_key(o) for o in via[n][1:]],
            dates[via[n][0]],
        )
        for n in sorted(via, key=lambda n: (depth[n], 0 if dates[n] else 1, dates[n] or "", n))
    ]
    # Only a walk that met a cycle has any to report.
    found = cycles(g, set(depth)) if cyclic else []
    return _Walked(doc_ref(g, start), rows, max(depth.values()), found, truncated)


def trace(g: nx.MultiDiGraph, root_key: str, *, max_depth: int = MAX_DEPTH) -> Trace:
    """The documents that implement ``root_key``, transitively, level by level.

    Each step gives the document's depth (1: implements the root directly),
    the document it implements, and its lag in days after the root and after
    that parent (None when a date is unknown).  A document that implements
    several documents of the cascade sits under the deepest of them (a
    district letter citing both the telegram and its province's letter is
    level 2, under the letter) and lists the rest in ``other_parents``.  Safe on
    citation cycles: each document is entered once and cycles are reported.

    >>> g = nx.MultiDiGraph()
    >>> for k in "abc": g.add_node("doc:" + k, key=k)
    >>> for u, v in ("ba", "cb", "ac"): _ = g.add_edge("doc:" + u, "doc:" + v, rel="implements")
    >>> t = trace(g, "a")
    >>> [(s.doc.key, s.depth) for s in t.steps], t.cycles
    ([('b', 1), ('c', 2)], [['a', 'b', 'c']])
    """
    w = _cascade(g, root_key, implementers, max_depth)
    steps = [
        TraceStep(
            doc=ref,
            depth=d,
            parent=near,
            other_parents=others,
            lag_after_root=days_between(w.start.date, ref.date),
            lag_after_parent=days_between(near_date, ref.date),
        )
        for ref, d, near, others, near_date in w.rows
    ]
    return Trace(w.start, steps, w.depth, w.cycles, w.truncated)


def lineage(g: nx.MultiDiGraph, key: str, *, max_depth: int = MAX_DEPTH) -> Lineage:
    """The chain of documents ``key`` carries out, up to the root(s).

    ``lag_before_start`` is how many days each upstream document came before
    ``key``; ``roots`` are the upstream documents that implement nothing known
    (usually the central directive).  Cycle-safe like :func:`trace`.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("doc:tu", key="tu", date="2021-04-27")
    >>> g.add_node("doc:tp", key="tp", date="2021-04-29")
    >>> _ = g.add_edge("doc:tp", "doc:tu", rel="implements")
    >>> l = lineage(g, "tp")
    >>> [(s.doc.key, s.child, s.lag_before_start) for s in l.steps], l.roots
    ([('tu', 'tp', 2)], ['tu'])
    """
    w = _cascade(g, key, implemented, max_depth)
    steps = [
        LineageStep(
            doc=ref,
            depth=d,
            child=near,
            other_children=others,
            lag_before_start=days_between(ref.date, w.start.date),
            lag_before_child=days_between(ref.date, near_date),
        )
        for ref, d, near, others, near_date in w.rows
    ]
    roots = sorted(ref.key for ref, *_ in w.rows if not implemented(g, doc_node(ref.key)))
    return Lineage(w.start, steps, roots, w.cycles, w.truncated)


@dataclass(slots=True)
class UnitTask:
    task: str
    doc: str
    no: str | None
    text: str | None
    role: str | None
    deadline: str | None
    via: str | None = None  # the collective the task named, when not the unit itself


@dataclass(slots=True)
class ReceivedDoc:
    doc: DocRef
    how: list[str]  # addressed_to / copied_to, "via <collective key>" when through one


@dataclass(slots=True)
class UnitProfile:
    """Everything the graph says about one unit."""

    unit: UnitRef
    province: str | None
    district: str | None
    parents: list[UnitRef]
    children: list[UnitRef]
    members: list[UnitRef]  # a collective: the concrete units it stands for
    member_of: list[UnitRef]  # collectives that stand for this unit
    issued: list[DocRef]
    received: list[ReceivedDoc]
    tasks: list[UnitTask]
    monitors: list[DocRef]


def _docs_newest_first(g: nx.MultiDiGraph, nodes: list[str]) -> list[DocRef]:
    refs = [doc_ref(g, n) for n in nodes if node_kind(n) == "document"]
    return sorted(refs, key=lambda r: (r.date or "", r.key), reverse=True)


def unit_profile(g: nx.MultiDiGraph, unit_key: str) -> UnitProfile:
    """Documents a unit issued and received, tasks it was given, its place in the tree.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("unit:yy", key="yy", name="Huyện ủy Ý Yên", level="district")
    >>> g.add_node("unit:nd", key="nd", name="Tỉnh ủy Nam Định", level="province")
    >>> g.add_node("doc:a", key="a", date="2021-01-06")
    >>> g.add_node("task:a#1", key="a#1", no="1", doc="a")
    >>> _ = g.add_edge("unit:yy", "unit:nd", rel="part_of")
    >>> _ = g.add_edge("doc:a", "unit:yy", rel="addressed_to")
    >>> _ = g.add_edge("task:a#1", "unit:yy", rel="assigns_to", role="lead")
    >>> p = unit_profile(g, "yy")
    >>> [u.name for u in p.parents], [r.how for r in p.received], [(t.no, t.role) for t in p.tasks]
    (['Tỉnh ủy Nam Định'], [['addressed_to']], [('1', 'lead')])
    """
    node = unit_id(g, unit_key)
    a = g.nodes[node]
    member_of = in_nodes(g, node, INCLUDES)
    # A unit is reached by what names it and by what names a collective it is in.
    holders = [(node, ""), *((c, f" via {unit_ref(g, c).name}") for c in member_of)]
    received: dict[str, list[str]] = defaultdict(list)
    tasks = []
    for holder, via in holders:
        for rel in (ADDRESSED_TO, COPIED_TO):
            for doc in in_nodes(g, holder, rel):
                if node_kind(doc) == "document":
                    received[doc].append(rel + via)
        for task in in_nodes(g, holder, ASSIGNS_TO):
            t = g.nodes[task]
            roles = {
                d.get("role")
                for _, v, d in g.out_edges(task, data=True)
                if v == holder and d.get("rel") == ASSIGNS_TO
            }
            tasks.append(
                UnitTask(
                    task=t.get("key") or node_key(task),
                    doc=t.get("doc") or node_key(task).split("#")[0],
                    no=t.get("no"),
                    text=t.get("text"),
                    role=",".join(sorted(r for r in roles if r)) or None,
                    deadline=t.get("deadline"),
                    via=via.removeprefix(" via ") or None,
                )
            )
    received_refs = _docs_newest_first(g, list(received))
    return UnitProfile(
        unit=unit_ref(g, node),
        province=a.get("province"),
        district=a.get("district"),
        parents=[unit_ref(g, u) for u in out_nodes(g, node, PART_OF)],
        children=[unit_ref(g, u) for u in in_nodes(g, node, PART_OF)],
        members=[unit_ref(g, u) for u in out_nodes(g, node, INCLUDES)],
        member_of=[unit_ref(g, u) for u in member_of],
        issued=_docs_newest_first(g, in_nodes(g, node, ISSUED_BY)),
        received=[ReceivedDoc(doc=r, how=received[f"doc:{r.key}"]) for r in received_refs],
        tasks=sorted(tasks, key=lambda t: (t.doc, t.no or "")),
        monitors=_docs_newest_first(g, in_nodes(g, node, MONITORED_BY)),
    )


def unit_slice(store: Store, unit_key: str) -> nx.MultiDiGraph:
    """The part of a store's graph :func:`unit_profile` reads for one unit.

    The store's unit graph, plus the documents addressed or copied to the
    collectives that stand for the unit ("Các huyện ủy ..." for Huyện ủy Ý
    Yên): a letter to the collective reached the unit too.
    """
    g = store.unit_graph(unit_key)
    node = unit_id(g, unit_key)
    for collective in in_nodes(g, node, INCLUDES):
        rels = (ADDRESSED_TO, COPIED_TO, ASSIGNS_TO, HAS_TASK)
        merge_graph(g, store.unit_graph(node_key(collective)), rels)
    return g


def _document_nodes(g: nx.MultiDiGraph) -> list[str]:
    return [n for n, kind in ((n, node_kind(n)) for n in g.nodes) if kind == "document"]


def stats(g: nx.MultiDiGraph, *, top: int = 10) -> dict[str, Any]:
    """Counts by node kind, relation, level and type; date range; largest cascades.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("doc:a", key="a", date="2021-01-05", level="central", doc_type="Điện")
    >>> g.add_node("doc:b", key="b", date="2021-01-06", level="province", loaded=True)
    >>> _ = g.add_edge("doc:b", "doc:a", rel="implements")
    >>> s = stats(g)
    >>> s["documents"]["total"], s["edges"], s["documents"]["date_from"]
    (2, {'implements': 1}, '2021-01-05')
    >>> [(c["root"]["key"], c["size"]) for c in s["largest_cascades"]]
    [('a', 1)]
    """
    docs = _document_nodes(g)
    kinds = Counter(node_kind(n) for n in g.nodes)
    rels = Counter(r or "?" for _, _, r in g.edges(data="rel"))
    dates = sorted(d for n in docs if (d := g.nodes[n].get("date")))
    cascades = []
    for n in docs:
        if implementers(g, n) and not implemented(g, n):
            depth, _, _, _ = levels(g, n, implementers, MAX_DEPTH)
            cascades.append((len(depth) - 1, max(depth.values()), n))
    cascades.sort(key=lambda c: (-c[0], c[2]))
    units = [n for n in g.nodes if node_kind(n) == "unit"]
    return {
        "nodes": dict(sorted(kinds.items())),
        "edges": dict(sorted(rels.items())),
        "documents": {
            "total": len(docs),
            "loaded": sum(1 for n in docs if g.nodes[n].get("loaded")),
            "cited_only": sum(1 for n in docs if not g.nodes[n].get("loaded")),
            "by_level": _count(g, docs, "level"),
            "by_doc_type": _count(g, docs, "doc_type"),
            "date_from": dates[0] if dates else None,
            "date_to": dates[-1] if dates else None,
            "undated": len(docs) - len(dates),
        },
        "units": {"total": len(units), "by_level": _count(g, units, "level")},
        "largest_cascades": [
            {"root": to_dict(doc_ref(g, n)), "size": size, "depth": depth}
            for size, depth, n in cascades[:top]
        ],
    }


def _count(g: nx.MultiDiGraph, nodes: list[str], attr: str) -> dict[str, int]:
    c = Counter(g.nodes[n].get(attr) or "unknown" for n in nodes)
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def timeline(g: nx.MultiDiGraph, root: str | None = None) -> dict[str, Any]:
    """Documents per day: the whole graph, or ``root`` and its downstream cascade.

    With a root each day also lists its document keys (a cascade is small; the
    whole graph is not).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("doc:a", key="a", date="2021-01-05", level="central")
    >>> g.add_node("doc:b", key="b", date="2021-01-06", level="province")
    >>> g.add_node("doc:c", key="c", level="district")
    >>> _ = g.add_edge("doc:b", "doc:a", rel="implements")
    >>> t = timeline(g, "a")
    >>> [(d["date"], d["count"], d["documents"]) for d in t["days"]], t["undated"]
    ([('2021-01-05', 1, ['a']), ('2021-01-06', 1, ['b'])], 0)
    >>> timeline(g)["undated"]
    1
    """
    if root is None:
        nodes = _document_nodes(g)
    else:
        start = doc_id(g, root)
        nodes = list(walk(g, start, implementers, MAX_DEPTH)[0])
    by_day: dict[str, list[str]] = defaultdict(list)
    undated = 0
    for n in nodes:
        d = g.nodes[n].get("date")
        if d:
            by_day[d[:10]].append(n)
        else:
            undated += 1
    days = []
    for day in sorted(by_day):
        entry: dict[str, Any] = {
            "date": day,
            "count": len(by_day[day]),
            "by_level": _count(g, by_day[day], "level"),
        }
        if root is not None:
            entry["documents"] = sorted(node_key(n) for n in by_day[day])
        days.append(entry)
    return {"root": root, "days": days, "undated": undated}


def pick_document(store: Store, name: str) -> str:
    """The one document key a user's name (key or number) fits, or a clear error."""
    keys = store.resolve_document(name)
    if not keys:
        raise NotFound(f"document {name!r}: no document has this key or number")
    if len(keys) > 1:
        raise Ambiguous(f"document {name!r} fits {len(keys)} documents; name one by its key:", keys)
    return keys[0]


def pick_unit(store: Store, name: str) -> str:
    """The one unit key a user's name fits, or a clear error."""
    keys = store.resolve_unit(name)
    if not keys:
        raise NotFound(f"unit {name!r}: no unit has this name")
    if len(keys) > 1:
        raise Ambiguous(f"unit {name!r} fits {len(keys)} units; name one by its key:", keys)
    return keys[0]
