"""The walk behind trace, lineage, timeline and stats: levels of a cascade.

A cascade is walked breadth-first along one direction of the implements
edges; :func:`levels` then places each document at its longest path from the
start.  Citation cycles (bad data) are cut, never looped.

>>> from graph.views import implementers
>>> g = nx.MultiDiGraph()
>>> for k, d in (("a", "2021-01-05"), ("b", "2021-01-06"), ("c", "2021-01-08")):
...     g.add_node("doc:" + k, key=k, date=d)
>>> for u, v in (("b", "a"), ("c", "a"), ("c", "b")):
...     _ = g.add_edge("doc:" + u, "doc:" + v, rel="implements")
>>> depth, via, truncated, cyclic = levels(g, "doc:a", implementers, 50)
>>> depth, via["doc:c"], cyclic
({'doc:a': 0, 'doc:b': 1, 'doc:c': 2}, ['doc:b', 'doc:a'], False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx

from graph.schema import node_key
from graph.views import implemented

__all__ = ["Step", "walk", "levels", "cycles", "dates_of"]

#: One step along the cascade: a document's neighbours in one direction.
Step = Callable[[nx.MultiDiGraph, str], list[str]]


def dates_of(g: nx.MultiDiGraph, nodes: Iterable[str]) -> dict[str, str | None]:
    """Each node's date attribute, read once (walks sort by it again and again)."""
    attrs = g.nodes
    return {n: attrs[n].get("date") for n in nodes}


def _by_date(dates: dict[str, str | None]) -> Callable[[str], tuple[int, str, str]]:
    def order(node: str) -> tuple[int, str, str]:
        d = dates[node]
        return (0 if d else 1, d or "", node)

    return order


def walk(
    g: nx.MultiDiGraph, start: str, step: Step, limit: int
) -> tuple[dict[str, int], dict[str, list[str]], bool, dict[str, list[str]]]:
    """Breadth-first from ``start``: depth of each node and the nodes it was reached from.

    A node is entered once, so a cycle in bad data ends the walk instead of
    looping; ``via`` keeps every neighbour one level nearer the start.  The
    last value holds ``step`` of every node entered, so callers need not ask
    the graph twice.
    """
    depth = {start: 0}
    via: dict[str, list[str]] = {}
    seen_step: dict[str, list[str]] = {}
    dates: dict[str, str | None] = {start: g.nodes[start].get("date")}
    frontier = [start]
    truncated = False
    order = _by_date(dates)
    while frontier:
        nxt: list[str] = []
        for node in sorted(frontier, key=order):
            d = depth[node]
            seen_step[node] = found = step(g, node)
            for other in found:
                if other not in depth:
                    if d >= limit:
                        truncated = True
                        continue
                    depth[other] = d + 1
                    via[other] = [node]
                    nxt.append(other)
                elif depth[other] == d + 1:
                    via[other].append(node)
        dates.update(dates_of(g, nxt))
        frontier = nxt
    return depth, via, truncated, seen_step


def _topological(first: dict[str, int], succ: dict[str, list[str]]) -> list[str] | None:
    """The nodes in an order where every edge points forward; None when there is a cycle."""
    indegree = dict.fromkeys(first, 0)
    for n in first:
        for m in succ[n]:
            indegree[m] += 1
    ready = [n for n, k in indegree.items() if k == 0]
    out: list[str] = []
    while ready:
        n = ready.pop()
        out.append(n)
        for m in succ[n]:
            indegree[m] -= 1
            if indegree[m] == 0:
                ready.append(m)
    return out if len(out) == len(first) else None


def levels(
    g: nx.MultiDiGraph, start: str, step: Step, limit: int
) -> tuple[dict[str, int], dict[str, list[str]], bool, bool]:
    """Each reachable document's level in the cascade, its neighbours nearer the start.

    A district letter that carries out both its province's letter and the
    central telegram belongs under the province letter: a document's level is
    its longest path from the start, and the neighbour on that path (the
    latest, on a tie) comes first in ``via``.  Cycles from bad data are cut:
    their documents keep the order in which the walk first met them.  The
    last value says whether the walked documents hold a cycle.
    """
    first, _, truncated, stepped = walk(g, start, step, limit)
    succ = {n: [m for m in stepped[n] if m in first] for n in first}
    dates = dates_of(g, first)
    order = _by_date(dates)
    forward = _topological(first, succ)
    if forward is not None:
        # No cycle: every predecessor of a node comes before it in any such order.
        groups = [[n] for n in forward]
    else:
        sub = nx.DiGraph()
        sub.add_nodes_from(first)
        sub.add_edges_from((n, m) for n in first for m in succ[n])
        dag = nx.condensation(sub)
        groups = [
            sorted(dag.nodes[c]["members"], key=lambda n: (first[n], *order(n)))
            for c in nx.topological_sort(dag)
        ]
    pred: dict[str, list[str]] = {n: [] for n in first}
    for n in first:
        for m in dict.fromkeys(succ[n]):
            pred[m].append(n)
    depth = {start: 0}
    via: dict[str, list[str]] = {}
    for group in groups:
        for n in group:
            near = sorted(p for p in pred[n] if p in depth)
            if n == start or not near:
                continue
            # Stable sorts: deepest first, then the latest, then by id.
            near.sort(key=lambda p: dates[p] or "", reverse=True)
            near.sort(key=lambda p: depth[p], reverse=True)
            depth[n] = depth[near[0]] + 1
            via[n] = near
    return depth, via, truncated, forward is None


def cycles(g: nx.MultiDiGraph, nodes: set[str]) -> list[list[str]]:
    """The implements cycles among ``nodes``, each as sorted document keys.

    >>> g = nx.MultiDiGraph()
    >>> for u, v in (("a", "b"), ("b", "a"), ("c", "c")):
    ...     _ = g.add_edge("doc:" + u, "doc:" + v, rel="implements")
    >>> cycles(g, {"doc:a", "doc:b", "doc:c"})
    [['a', 'b'], ['c']]
    """
    sub = nx.DiGraph()
    sub.add_nodes_from(nodes)
    for u in nodes:
        sub.add_edges_from((u, v) for v in implemented(g, u) if v in nodes)
    found = [
        sorted(node_key(n) for n in comp)
        for comp in nx.strongly_connected_components(sub)
        if len(comp) > 1 or any(sub.has_edge(n, n) for n in comp)
    ]
    return sorted(found)
