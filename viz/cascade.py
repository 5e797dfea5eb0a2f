"""A cascade graph (what ``Store.cascade`` returns) -> the nodes and edges the explorer draws.

The view is plain data (lists of dicts), so the same builder feeds the pages
the service renders, the JSON the page fetches when it expands a group or a
node, and the standalone file ``directive-graph viz`` writes.

A small cascade is drawn whole.  A large one (more documents than
``aggregate_above``) opens aggregated: the root, the documents right below it,
and one group node per sub-cascade ("Tỉnh ủy Nam Định: 12 documents") that
expands on demand (:func:`build_group`).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("doc:T", key="T", label="Điện", date="2021-01-05", level="central", loaded=False)
>>> g.add_node("doc:A", key="A", label="56-CV/TU", date="2021-01-06", level="province", loaded=True)
>>> _ = g.add_edge("doc:A", "doc:T", rel="implements")
>>> view = build_view(g, "T")
>>> [(n["id"], n["day"], n["level"]) for n in view["nodes"]]
[('doc:T', 0, 0), ('doc:A', 1, 2)]
>>> view["meta"]["aggregated"], view["meta"]["days"]
(False, 1)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from graph.errors import NotFound
from graph.schema import IMPLEMENTS, doc_node, node_key, node_kind
from viz.style import KIND_SHAPES, MISSING_COLOUR, edge_style, layout_row, node_colour

__all__ = ["build_view", "build_group", "build_neighbourhood", "node_view", "members",
           "TEXT_LIMIT", "MAX_MEMBERS"]

#: Longest task text carried into the page; the full text is one click away.
TEXT_LIMIT = 400
#: A collective addressee ("các huyện ủy ...") is drawn with the units it
#: stands for up to this many; past it (a name not tied to one province can
#: stand for every commune in the country) it is drawn alone.
MAX_MEMBERS = 80


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _short(text: str | None, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _children(g: nx.MultiDiGraph, node: str) -> list[str]:
    """Documents that carry ``node`` out (their implements edge points at it)."""
    found = [u for u, _, d in g.in_edges(node, data=True)
             if d.get("rel") == IMPLEMENTS and node_kind(u) == "document"]
    return sorted(set(found), key=lambda n: (str(g.nodes[n].get("date") or ""), n))


def _depths(g: nx.MultiDiGraph, root: str) -> dict[str, int]:
    depth = {root: 0}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for child in _children(g, node):
            if child not in depth:
                depth[child] = depth[node] + 1
                queue.append(child)
    return depth


def _parent(g: nx.MultiDiGraph, node: str) -> str | None:
    for _, v, d in g.out_edges(node, data=True):
        if d.get("rel") == IMPLEMENTS:
            return str(v)
    return None


def _level(g: nx.MultiDiGraph, node: str) -> str | None:
    a = g.nodes[node]
    if a.get("level"):
        return str(a["level"])
    if node_kind(node) == "task":
        doc = a.get("doc")
        if doc and doc_node(doc) in g:
            return _level(g, doc_node(doc))
    return None


def _doc_label(a: dict[str, Any], node: str) -> str:
    return str(a.get("label") or a.get("number") or a.get("doc_type") or node_key(node))


def _targets(g: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    return [v for _, v, d in g.out_edges(node, data=True) if d.get("rel") == rel]


def _task_info(g: nx.MultiDiGraph, task: str, limit: int = TEXT_LIMIT) -> dict[str, Any]:
    a = g.nodes[task]
    assignees = []
    for _, unit, d in g.out_edges(task, data=True):
        if d.get("rel") == "assigns_to":
            u = g.nodes[unit]
            assignees.append({"key": node_key(unit), "name": u.get("name") or u.get("label")
                              or node_key(unit), "role": d.get("role")})
    return {"no": a.get("no"), "text": _short(a.get("text"), limit),
            "deadline": a.get("deadline"), "assignees": assignees}


def node_view(g: nx.MultiDiGraph, node: str, *, start: date | None = None,
              missing: frozenset[str] = frozenset()) -> dict[str, Any]:
    """One node as the explorer draws it, with what its side panel shows."""
    a = g.nodes[node]
    kind = node_kind(node)
    level = _level(g, node)
    info: dict[str, Any] = {"kind": kind, "key": a.get("key") or node_key(node), "level": level}
    when = None
    if kind == "document":
        label = _doc_label(a, node)
        when = a.get("date")
        parent = _parent(g, node)
        lag = None
        if parent is not None and (d0 := _day(g.nodes[parent].get("date"))) and (d1 := _day(when)):
            lag = (d1 - d0).days
        info.update(
            label=label, doc_type=a.get("doc_type"), number=a.get("number"), date=when,
            subject=a.get("subject"), issuer=a.get("issuer"), loaded=bool(a.get("loaded")),
            source=a.get("source"), lag=lag,
            parent=_doc_label(g.nodes[parent], parent) if parent else None,
            tasks=[_task_info(g, t) for t in sorted(_targets(g, node, "has_task"),
                                                     key=_task_order)],
        )
        title = "\n".join(x for x in (
            " ".join(str(p) for p in (a.get("doc_type"), a.get("number")) if p) or label,
            f"date: {when}" if when else "date: unknown",
            f"issuer: {a.get('issuer')}" if a.get("issuer") else "",
            f"subject: {_short(a.get('subject'), 160)}" if a.get("subject") else "",
            "" if a.get("loaded") else "(known only from citations)",
        ) if x)
    elif kind == "task":
        label = f"task {a.get('no') or '?'}"
        info.update(_task_info(g, node), doc=a.get("doc"), label=label)
        if a.get("doc") and doc_node(a["doc"]) in g:
            when = g.nodes[doc_node(a["doc"])].get("date")
        title = f"{label}: {_short(a.get('text'), 160)}"
    else:
        label = str(a.get("label") or a.get("name") or node_key(node))
        info.update(label=label, name=a.get("name") or label, province=a.get("province"),
                    title=a.get("title"), missing=info["key"] in missing)
        title = label + (f" ({level})" if level else "")
    colour = node_colour(level)
    view: dict[str, Any] = {
        "id": node,
        "label": _short(label, 40),
        "title": title,
        "shape": KIND_SHAPES.get(kind, "dot"),
        "color": colour,
        "level": layout_row(kind, level),
        "kind": kind,
        "lvl": level or "unknown",
        "date": when,
        "day": None,
        "info": info,
    }
    if start is not None and (d := _day(when)):
        view["day"] = (d - start).days
    if kind == "unit" and info["missing"]:
        view["missing"] = True
        view["color"] = {"background": "#ffffff", "border": MISSING_COLOUR}
        view["borderWidth"] = 3
        view["label"] = "⚠ " + view["label"]
        view["title"] += "\naddressed, has not answered with a document"
    return view


def _task_order(node: str) -> tuple[int, str]:
    no = node.rsplit("#", 1)[-1]
    return (int(no) if no.isdigit() else 10_000, no)


def _edges(g: nx.MultiDiGraph, nodes: set[str]) -> list[dict[str, Any]]:
    out = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        if u in nodes and v in nodes:
            out.append(_edge_view(f"e{i}:{u}>{v}", u, v, d))
    return out


def _edge_view(eid: str, u: str, v: str, d: dict[str, Any]) -> dict[str, Any]:
    rel = str(d.get("rel") or "references")
    style = edge_style(rel)
    title = style["label"] + (f" ({d['role']})" if d.get("role") else "")
    if d.get("evidence"):
        title += "\n" + _short(str(d["evidence"]), 160)
    return {"id": eid, "from": u, "to": v, "rel": rel, "title": title, "arrows": "to",
            "color": style["color"], "width": style["width"], "dashes": style["dashes"]}


def _surroundings(g: nx.MultiDiGraph, docs: Iterable[str]) -> set[str]:
    """The documents plus their tasks, units and people, and what collectives stand for."""
    keep = set(docs)
    for doc in list(keep):
        for nb in g.successors(doc):
            if node_kind(nb) != "document":
                keep.add(nb)
    for node in list(keep):
        kind = node_kind(node)
        if kind == "task":
            keep.update(n for n in g.successors(node) if node_kind(n) == "unit")
        elif kind == "unit" and g.nodes[node].get("collective"):
            keep.update(members(g, node))
    return keep


def members(g: nx.MultiDiGraph, unit: str, limit: int = MAX_MEMBERS) -> list[str]:
    """The units a collective stands for, or none when they are more than ``limit``."""
    found = [v for _, v, d in g.out_edges(unit, data=True) if d.get("rel") == "includes"]
    return found if len(found) <= limit else []


def _root(g: nx.MultiDiGraph, root_key: str) -> str:
    root = doc_node(root_key)
    if root not in g:
        raise NotFound(f"document {root_key!r}: not in the cascade graph")
    return root


def _views(g: nx.MultiDiGraph, nodes: Iterable[str], start: date | None,
           missing: frozenset[str]) -> list[dict[str, Any]]:
    return [node_view(g, n, start=start, missing=missing)
            for n in sorted(nodes, key=lambda n: (layout_row(node_kind(n), _level(g, n)), n))]


def _group_label(g: nx.MultiDiGraph, head: str, count: int) -> str:
    a = g.nodes[head]
    who = a.get("issuer") or _doc_label(a, head)
    return f"{_short(str(who), 32)}: {count} document{'s' if count != 1 else ''}"


def build_view(g: nx.MultiDiGraph, root_key: str, *, missing: Iterable[str] = (),
               aggregate_above: int = 150) -> dict[str, Any]:
    """The explorer's view of the cascade under ``root_key``."""
    root = _root(g, root_key)
    gone = frozenset(missing)
    depth = _depths(g, root)
    start = _day(g.nodes[root].get("date"))
    aggregated = len(depth) > aggregate_above
    groups: list[dict[str, Any]] = []
    if not aggregated:
        nodes = _views(g, _surroundings(g, depth), start, gone)
        edges = _edges(g, {n["id"] for n in nodes})
    else:
        # One node per sub-cascade right below the root (a province's letter
        # and everything under it), so a national cascade opens as ~63 nodes.
        lone = [root]
        nodes, edges = [], []
        for head in (n for n, k in depth.items() if k == 1):
            below = _subtree(g, head)
            if len(below) <= 1:
                lone.append(head)
                continue
            gid = "group:" + head
            dates = [d for n in below if (d := _day(g.nodes[n].get("date")))]
            label = _group_label(g, head, len(below))
            level = _level(g, head)
            nodes.append({
                "id": gid, "label": label, "shape": KIND_SHAPES["group"],
                "title": f"{_doc_label(g.nodes[head], head)} and the {len(below) - 1} documents "
                         "that carry it out; click to open",
                "color": node_colour(level), "level": layout_row("group", level),
                "kind": "group", "lvl": level or "unknown",
                "day": (min(dates) - start).days if dates and start else None,
                "date": min(dates).isoformat() if dates else None, "count": len(below),
                "info": {"kind": "group", "key": node_key(head), "count": len(below),
                         "label": label},
            })
            edges.append(_edge_view(f"agg:{head}", gid, root, {"rel": "aggregate"}))
            groups.append({"id": gid, "head": head, "count": len(below)})
        nodes[:0] = _views(g, lone, start, gone)
        edges.extend(_edges(g, set(lone)))
    days = [n["day"] for n in nodes if n.get("day") is not None]
    return {
        "root": root,
        "nodes": nodes,
        "edges": edges,
        "meta": {
            "root_key": node_key(root),
            "root_label": _doc_label(g.nodes[root], root),
            "start": start.isoformat() if start else None,
            "days": max(days) if days else 0,
            "documents": len(depth),
            "aggregated": aggregated,
            "groups": groups,
            "missing": sorted(gone)[:200],
            "missing_total": len(gone),
        },
    }


def _subtree(g: nx.MultiDiGraph, head: str) -> list[str]:
    return list(_depths(g, head))


def _below(g: nx.MultiDiGraph, head: str) -> str | None:
    kids = _children(g, head)
    return _level(g, kids[0]) if kids else None


def build_group(g: nx.MultiDiGraph, root_key: str, head_key: str, *,
                missing: Iterable[str] = ()) -> dict[str, Any]:
    """``head_key`` and the documents under it (one group of an aggregated view), drawn whole."""
    root = _root(g, root_key)
    head = _root(g, head_key)
    start = _day(g.nodes[root].get("date"))
    keep = _surroundings(g, _subtree(g, head))
    nodes = _views(g, keep, start, frozenset(missing))
    edges = _edges(g, keep | {root})
    return {"nodes": nodes, "edges": edges, "group": "group:" + head}


def build_neighbourhood(g: nx.MultiDiGraph, node: str, *, start: str | None = None,
                        missing: Iterable[str] = ()) -> dict[str, Any]:
    """A node and everything one step away from it, for "expand neighbours"."""
    if node not in g:
        raise NotFound(f"{node!r}: not in the graph")
    keep = {node, *g.successors(node), *g.predecessors(node)}
    nodes = _views(g, keep, _day(start), frozenset(missing))
    return {"nodes": nodes, "edges": _edges(g, keep)}
