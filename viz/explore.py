"""What the explorer shows, asked of a store through the :class:`graph.store.Store` protocol.

Both the service's pages and JSON routes and the standalone ``viz`` command
call these, so a page and the data it later fetches always agree, whatever the
store behind them.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analyses import stats
from graph.coverage import coverage
from graph.errors import NotFound
from graph.names import fold
from graph.schema import IMPLEMENTS, doc_node, node_key, node_kind
from graph.store import Store
from graph.views import to_dict
from viz.cascade import build_group, build_neighbourhood, build_view, members

__all__ = [
    "cascade_view",
    "group_view",
    "neighbourhood_view",
    "missing_units",
    "home_data",
    "COVERAGE_LIMIT",
]

#: Above this many documents, coverage is worked out for the documents near the
#: root only: the deep levels of a national cascade are opened on demand anyway.
COVERAGE_LIMIT = 400
#: Past this many members a collective is not expanded for coverage either.
COVERAGE_MEMBERS = 300


def missing_units(g: nx.MultiDiGraph, docs: list[str]) -> set[str]:
    """Unit keys some document in ``docs`` reached that never answered with a document."""
    gone: set[str] = set()
    for node in docs:
        if not g.nodes[node].get("loaded") and not _has_addressees(g, node):
            continue
        try:
            result = coverage(_around(g, node), node_key(node))
        except NotFound:
            continue
        gone.update(e.unit.key for e in result.not_responded if e.addressed or e.copied)
    return gone


def _around(g: nx.MultiDiGraph, doc: str) -> nx.MultiDiGraph:
    """The part of a cascade coverage reads for one document.

    Coverage over a national cascade graph would look at thousands of nodes
    for each document; its answer depends only on the document's addressees
    and tasks (with what collectives stand for), the documents answering it
    and their issuers (with where those sit).
    """
    keep = {doc}
    frontier = list(g.successors(doc))
    answers = [u for u, _, d in g.in_edges(doc, data=True) if d.get("rel") == IMPLEMENTS]
    keep.update(answers)
    for answer in answers:
        frontier.extend(
            v for _, v, d in g.out_edges(answer, data=True) if d.get("rel") == "issued_by"
        )
    while frontier:
        node = frontier.pop()
        if node in keep:
            continue
        keep.add(node)
        if node_kind(node) in ("task", "unit"):
            frontier.extend(
                v
                for _, v, d in g.out_edges(node, data=True)
                if d.get("rel") in ("assigns_to", "part_of")
            )
            frontier.extend(members(g, node, limit=COVERAGE_MEMBERS))
    return g.subgraph(keep)


def _has_addressees(g: nx.MultiDiGraph, node: str) -> bool:
    return any(d.get("rel") == "addressed_to" for _, _, d in g.out_edges(node, data=True))


def _cascade_docs(g: nx.MultiDiGraph, root: str, limit: int) -> list[str]:
    """Documents of the cascade, root first and level by level, at most ``limit``."""
    seen = [root]
    index = 0
    known = {root}
    while index < len(seen) and len(seen) < limit:
        node = seen[index]
        index += 1
        for u, _, d in g.in_edges(node, data=True):
            if d.get("rel") == IMPLEMENTS and node_kind(u) == "document" and u not in known:
                known.add(u)
                seen.append(u)
    return seen[:limit]


def cascade_view(store: Store, key: str, *, aggregate_above: int = 150) -> dict[str, Any]:
    g = store.cascade(key, direction="down")
    docs = _cascade_docs(g, doc_node(key), COVERAGE_LIMIT)
    if len(docs) > aggregate_above:
        docs = docs[:1]  # an aggregated view draws documents only: the root's answer is enough
    view = build_view(g, key, missing=missing_units(g, docs), aggregate_above=aggregate_above)
    view["meta"]["lineage"] = _upstream(store, key)
    return view


def _upstream(store: Store, key: str) -> list[dict[str, str]]:
    """The documents the root itself carries out, for a "go up" link."""
    up = store.cascade_documents(key, direction="up", max_depth=1)
    node = doc_node(key)
    return (
        [
            {"key": node_key(v), "label": str(up.nodes[v].get("label") or node_key(v))}
            for _, v, d in up.out_edges(node, data=True)
            if d.get("rel") == IMPLEMENTS
        ]
        if node in up
        else []
    )


def group_view(
    store: Store, root_key: str, head_key: str, g: nx.MultiDiGraph | None = None
) -> dict[str, Any]:
    """The documents under ``head_key`` inside the cascade of ``root_key`` (cut as ``g``)."""
    if g is None:
        g = store.cascade(root_key, direction="down")
    if doc_node(head_key) not in g:
        raise NotFound(f"document {head_key!r}: not in the cascade of {root_key!r}")
    docs = _cascade_docs(g, doc_node(head_key), COVERAGE_LIMIT)
    return build_group(g, root_key, head_key, missing=missing_units(g, docs))


def neighbourhood_view(store: Store, node: str, *, start: str | None = None) -> dict[str, Any]:
    """``node`` (a document or unit id) and its neighbours, for "expand"."""
    kind = node_kind(node)
    if kind == "document":
        key = node_key(node)
        g = nx.compose(
            store.cascade(key, direction="down", max_depth=1),
            store.cascade(key, direction="up", max_depth=1),
        )
        missing = missing_units(g, [node])
    elif kind == "unit":
        g = store.unit_graph(node_key(node))
        missing = set()
    else:
        raise NotFound(f"{node!r}: only documents and units can be expanded")
    return build_neighbourhood(g, node, start=start, missing=missing)


def search_data(store: Store, q: str, *, limit: int = 50) -> dict[str, Any]:
    """Search hits, with the directives whose cascades match listed first.

    A user looking for "phòng chống dịch" mostly wants the directive that
    travelled, not one of its six hundred implementing letters that share its
    words: root directives whose subject or label holds every word of the query
    come first, largest cascade first; then the full-text hits as ranked.
    """
    words = fold(q).split()
    if not words:
        return {"directives": [], "hits": []}
    roots = stats(store.graph(), top=200)["largest_cascades"]
    directives = [
        c
        for c in roots
        if all(
            w in fold(" ".join(filter(None, (c["root"].get("label"), c["root"].get("subject")))))
            for w in words
        )
    ][:10]
    hits = [to_dict(h) for h in store.search(q, limit=limit)]
    return {"directives": directives, "hits": hits}


def home_data(store: Store, *, roots: int = 12, recent: int = 10) -> dict[str, Any]:
    """Root directives with their cascade sizes, and the latest loaded documents."""
    summary = stats(store.graph(), top=roots)
    _, latest = store.documents(loaded=True, limit=recent)
    return {
        "roots": summary["largest_cascades"],
        "recent": [to_dict(d) for d in latest],
        "counts": {
            "documents": summary["documents"]["total"],
            "loaded": summary["documents"]["loaded"],
            "units": summary["units"]["total"],
        },
    }
