"""Read helpers over the schema graph, shared by every analysis.

The analyses (:mod:`graph.analyses`, :mod:`graph.coverage`) read a
:class:`networkx.MultiDiGraph` shaped as :mod:`graph.schema` describes; this
module holds the few ways they look at it: a document's summary, its
neighbours along one relation, day arithmetic on ISO dates, and the expansion
of a collective addressee into concrete units.

>>> g = nx.MultiDiGraph()
>>> g.add_node("doc:a", key="a", number="1-CV/TU", date="2021-01-06", loaded=True)
>>> g.add_node("doc:b", key="b", number="2-CV/HU", date="2021-01-09", loaded=True)
>>> _ = g.add_edge("doc:b", "doc:a", rel="implements")
>>> implementers(g, "doc:a")
['doc:b']
>>> doc_ref(g, "doc:b").label, days_between("2021-01-06", "2021-01-09")
('2-CV/HU', 3)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph.errors import NotFound
from graph.names import name_key
from graph.schema import (
    ADDRESSED_TO,
    ASSIGNS_TO,
    HAS_TASK,
    IMPLEMENTS,
    INCLUDES,
    ISSUED_BY,
    PART_OF,
    node_key,
    node_kind,
    unit_node,
)
from graph.store import DocumentSummary

__all__ = [
    "DocRef",
    "UnitRef",
    "doc_id",
    "unit_id",
    "doc_ref",
    "unit_ref",
    "out_nodes",
    "in_nodes",
    "implementers",
    "implemented",
    "issuer_of",
    "parse_date",
    "days_between",
    "expand_units",
    "ancestors_by_part_of",
    "strip_organ",
    "unit_names",
    "task_assignments",
    "addressees",
    "merge_graph",
    "merge_graphs",
    "to_dict",
]


def to_dict(obj: Any) -> Any:
    """A dataclass result as plain JSON-ready data (dicts, lists, scalars)."""
    return asdict(obj)


#: What a listing shows of one document: the same shape the store's listings use.
DocRef = DocumentSummary


@dataclass(slots=True)
class UnitRef:
    """What a listing shows of one unit."""

    key: str
    name: str
    level: str | None
    collective: bool


def _node_id(g: nx.MultiDiGraph, kind: str, key: str) -> str:
    node = f"{'doc' if kind == 'document' else kind}:{key}"
    if node in g:
        return node
    if key in g and node_kind(key) == kind:
        return key
    raise NotFound(f"{kind} {key!r}: not in the graph")


def doc_id(g: nx.MultiDiGraph, key: str) -> str:
    """The node id of a document named by its key (or already by its node id).

    >>> g = nx.MultiDiGraph(); g.add_node("doc:a", key="a")
    >>> doc_id(g, "a"), doc_id(g, "doc:a")
    ('doc:a', 'doc:a')
    """
    return _node_id(g, "document", key)


def unit_id(g: nx.MultiDiGraph, key: str) -> str:
    """The node id of a unit named by its key (or already by its node id)."""
    return _node_id(g, "unit", key)


def issuer_of(g: nx.MultiDiGraph, node: str) -> str | None:
    """The unit node a document was issued by: the issued_by edge, else ``issuer_key``."""
    for unit in out_nodes(g, node, ISSUED_BY):
        return unit
    key = g.nodes[node].get("issuer_key")
    if key and unit_node(key) in g:
        return unit_node(key)
    return None


def doc_ref(g: nx.MultiDiGraph, node: str) -> DocRef:
    a = g.nodes[node]
    issuer_name = a.get("issuer")
    if not issuer_name:
        unit = issuer_of(g, node)
        if unit is not None:
            issuer_name = g.nodes[unit].get("name") or g.nodes[unit].get("label")
    return DocRef(
        key=a.get("key") or node_key(node),
        label=a.get("label") or a.get("number") or a.get("key") or node_key(node),
        doc_type=a.get("doc_type"),
        number=a.get("number"),
        date=a.get("date"),
        issuer=issuer_name,
        level=a.get("level"),
        subject=a.get("subject"),
        loaded=bool(a.get("loaded", False)),
    )


def unit_ref(g: nx.MultiDiGraph, node: str) -> UnitRef:
    a = g.nodes[node]
    key = a.get("key") or node_key(node)
    return UnitRef(
        key=key,
        name=a.get("name") or a.get("label") or key,
        level=a.get("level"),
        collective=bool(a.get("collective", False)),
    )


def out_nodes(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Targets of ``node``'s edges of one relation, each once, in a stable order."""
    seen = dict.fromkeys(v for _, v, r in g.out_edges(node, data="rel") if r == rel)
    return sorted(seen)


def in_nodes(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Sources of edges of one relation into ``node``, each once, in a stable order."""
    seen = dict.fromkeys(u for u, _, r in g.in_edges(node, data="rel") if r == rel)
    return sorted(seen)


def _documents_along(adjacent: Any) -> list[str]:
    # Walks call this once per document: the adjacency dicts are read directly,
    # without building an edge view per call (same result as in_/out_nodes).
    return sorted(
        n
        for n, keyed in adjacent.items()
        if n.startswith("doc:") and any(d.get("rel") == IMPLEMENTS for d in keyed.values())
    )


def implementers(g: nx.MultiDiGraph, node: str) -> list[str]:
    """Documents that carry ``node`` out (one step down the cascade)."""
    return _documents_along(g.pred[node])


def implemented(g: nx.MultiDiGraph, node: str) -> list[str]:
    """Documents ``node`` carries out (one step up the cascade)."""
    return _documents_along(g.succ[node])


def parse_date(value: Any) -> date | None:
    """An ISO date, or None for anything else (missing, partial, malformed).

    >>> parse_date("2021-04-27"), parse_date("2021-04"), parse_date(None)
    (datetime.date(2021, 4, 27), None, None)
    """
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def days_between(earlier: Any, later: Any) -> int | None:
    """Days from ``earlier`` to ``later`` (negative if later comes first); None if unknown."""
    a, b = parse_date(earlier), parse_date(later)
    if a is None or b is None:
        return None
    return (b - a).days


def expand_units(g: nx.MultiDiGraph, unit: str) -> list[str]:
    """The concrete units a (possibly collective) unit stands for, via ``includes``.

    A concrete unit stands for itself.  A collective with no ``includes`` edges
    (the map could not expand it) is returned as is, so it is still listed.
    Cycle-safe.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("unit:c", collective=True)
    >>> for k in ("x", "y"): _ = g.add_edge("unit:c", "unit:" + k, rel="includes")
    >>> expand_units(g, "unit:c"), expand_units(g, "unit:x")
    (['unit:x', 'unit:y'], ['unit:x'])
    """
    found: dict[str, None] = {}
    seen = {unit}
    queue = deque([unit])
    while queue:
        current = queue.popleft()
        members = out_nodes(g, current, INCLUDES)
        if not members:
            found[current] = None
            continue
        for member in members:
            if member not in seen:
                seen.add(member)
                queue.append(member)
    return sorted(found)


def ancestors_by_part_of(g: nx.MultiDiGraph, unit: str, limit: int = 12) -> list[str]:
    """The units ``unit`` is part of, nearest first (bounded, cycle-safe)."""
    chain: list[str] = []
    seen = {unit}
    frontier = [unit]
    for _ in range(limit):
        nxt: list[str] = []
        for current in frontier:
            for parent in out_nodes(g, current, PART_OF):
                if parent not in seen:
                    seen.add(parent)
                    chain.append(parent)
                    nxt.append(parent)
        if not nxt:
            break
        frontier = nxt
    return chain


_ORGANS = ("ban thuong vu ", "thuong truc ", "ban chap hanh ", "tap the ")


def strip_organ(name: str) -> str:
    """The comparison key of a unit with its collective organ taken off.

    "Ban Thường vụ Huyện ủy Ý Yên" and "Thường trực Huyện ủy Ý Yên" act for
    "Huyện ủy Ý Yên"; a response from either answers a letter to the other.

    >>> strip_organ("Ban Thường vụ Huyện ủy Ý Yên") == strip_organ("Huyện uỷ Ý Yên")
    True
    """
    key = name_key(name)
    for organ in _ORGANS:
        if key.startswith(organ):
            return key[len(organ) :]
    return key


def unit_names(g: nx.MultiDiGraph, unit: str) -> set[str]:
    """The organ-free comparison keys of a unit's name, label and key."""
    a = g.nodes[unit]
    names = (a.get("name"), a.get("label"), a.get("key") or node_key(unit))
    return {k for n in names if n and (k := strip_organ(n))}


# Assignees of a document's tasks: used by coverage and unit profiles alike.
def task_assignments(g: nx.MultiDiGraph, doc: str) -> list[tuple[str, str, str | None]]:
    """(task node, unit node, role) for every assignment of a document's tasks."""
    rows = []
    for task in out_nodes(g, doc, HAS_TASK):
        for _, unit, data in g.out_edges(task, data=True):
            if data.get("rel") == ASSIGNS_TO:
                rows.append((task, unit, data.get("role")))
    return sorted(rows, key=lambda r: (r[0], r[1], r[2] or ""))


def addressees(g: nx.MultiDiGraph, doc: str) -> list[str]:
    return out_nodes(g, doc, ADDRESSED_TO)


def merge_graph(
    into: nx.MultiDiGraph, other: nx.MultiDiGraph, rels: tuple[str, ...] | None = None
) -> None:
    """Add ``other``'s edges (of ``rels``, or all) and their nodes that ``into`` lacks.

    Edges are compared by (source, target, rel, doc), not by networkx edge
    keys, which two slices of a store may number differently.

    >>> a, b = nx.MultiDiGraph(), nx.MultiDiGraph()
    >>> _ = a.add_edge("unit:x", "unit:p", rel="part_of")
    >>> _ = b.add_edge("unit:x", "unit:p", rel="part_of")
    >>> _ = b.add_edge("unit:p", "unit:q", rel="part_of")
    >>> merge_graph(a, b); a.number_of_edges()
    2
    """
    merge_graphs(into, [other], rels)


def merge_graphs(
    into: nx.MultiDiGraph, others: Iterable[nx.MultiDiGraph], rels: tuple[str, ...] | None = None
) -> None:
    """:func:`merge_graph` of several graphs, reading ``into``'s edges once, not once each.

    >>> a, b, c = nx.MultiDiGraph(), nx.MultiDiGraph(), nx.MultiDiGraph()
    >>> _ = a.add_edge("unit:x", "unit:p", rel="part_of")
    >>> _ = b.add_edge("unit:x", "unit:p", rel="part_of")
    >>> _ = b.add_edge("doc:d", "unit:x", rel="addressed_to")
    >>> _ = c.add_edge("unit:p", "unit:q", rel="part_of")
    >>> merge_graphs(a, [b, c], ("part_of",)); sorted(a.edges())
    [('unit:p', 'unit:q'), ('unit:x', 'unit:p')]
    """
    have = {
        (u, v, d.get("rel"), d.get("doc"))
        for u, v, d in into.edges(data=True)
        if rels is None or d.get("rel") in rels
    }
    for other in others:
        if rels is None:
            into.add_nodes_from(n for n in other.nodes(data=True) if n[0] not in into)
        for u, v, d in other.edges(data=True):
            if rels is not None and d.get("rel") not in rels:
                continue
            if (u, v, d.get("rel"), d.get("doc")) not in have:
                for n in (u, v):
                    if n not in into:
                        into.add_node(n, **other.nodes[n])
                into.add_edge(u, v, **d)
                have.add((u, v, d.get("rel"), d.get("doc")))
