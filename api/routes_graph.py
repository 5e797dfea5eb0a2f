"""Whole-graph routes: full-text search, statistics, timeline, subgraph export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from api.answer_cache import answer
from api.deps import StoreDep, require_read
from api.errors import ERROR_RESPONSES
from graph.analyses import pick_document, stats, timeline
from graph.export import export
from graph.views import to_dict

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["graph"], dependencies=[Depends(require_read)],
                   responses=ERROR_RESPONSES)

MEDIA = {"json": "application/json", "graphml": "application/graphml+xml"}


@router.get("/search", summary="Full-text search over subjects and bodies, best first",
            response_model=dict[str, Any])
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["phòng chống dịch"])],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSONResponse:
    hits = store.search(q, limit=limit)
    return answer({"query": q, "items": [to_dict(h) for h in hits]})


@router.get("/stats", summary="Counts by kind, relation, level and type; largest cascades")
def graph_stats(store: StoreDep) -> dict[str, Any]:
    return stats(store.graph())


@router.get("/timeline", summary="Documents per day, of the whole graph or one cascade")
def graph_timeline(
    store: StoreDep,
    root: Annotated[str | None, Query(examples=["56-CV/TU"])] = None,
) -> dict[str, Any]:
    if root is None:
        return timeline(store.graph())
    key = pick_document(store, root)
    return timeline(store.cascade_documents(key, direction="down"), key)


@router.get("/export", summary="A document's cascade (or the whole graph) as JSON or GraphML",
            responses={200: {"content": {"application/graphml+xml": {}}}})
def export_graph(
    store: StoreDep,
    root: Annotated[str | None, Query(description="document key or number; omitted: the "
                                                  "whole graph", examples=["56-CV/TU"])] = None,
    format: Annotated[Literal["json", "graphml"], Query()] = "json",
) -> Response:
    if root is None:
        g = store.graph()
        name = "directive-graph"
    else:
        key = pick_document(store, root)
        g = store.cascade(key, direction="down")
        name = "cascade"
    with tempfile.TemporaryDirectory(prefix="dg-export-") as tmp:
        out = Path(tmp) / f"{name}.{format}"
        export(g, format, out)
        body = out.read_bytes()
    return Response(body, media_type=MEDIA[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'})
