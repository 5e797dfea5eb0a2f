"""The explorer's pages: start page, search results, cascade view.

Pages are HTML for people; a failure here is an HTML page with the status and
one line, while every ``/api`` route answers with the JSON error body.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from api.deps import SettingsDep, StoreDep, require_read
from graph.analyses import pick_document
from graph.errors import Ambiguous, NotFound, StoreError
from viz.explore import cascade_view, home_data, search_data
from viz.render import render_cascade, render_page

__all__ = ["router"]

router = APIRouter(
    tags=["explorer"],
    dependencies=[Depends(require_read)],
    include_in_schema=False,
    default_response_class=HTMLResponse,
)

#: Pages embed no third-party resource and may only talk to this service.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _page(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def _error(status: int, message: str) -> HTMLResponse:
    return _page(
        render_page("error.html", title=str(status), status=status, message=message), status
    )


@router.get("/")
def home(store: StoreDep) -> HTMLResponse:
    try:
        data = home_data(store)
    except StoreError as exc:  # e.g. a new store nothing was loaded into yet
        return _error(503, str(exc))
    return _page(render_page("home.html", title="Explorer", **data))


@router.get("/search")
def search_page(store: StoreDep, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    data = search_data(store, q)
    return _page(render_page("search.html", title=f"Search: {q}", q=q, **data))


@router.get("/cascade")
def cascade_page(
    store: StoreDep,
    settings: SettingsDep,
    doc: Annotated[str, Query(max_length=400)] = "",
    aggregate: bool | None = None,
) -> HTMLResponse:
    if not doc.strip():
        return _error(400, "name a document: /cascade?doc=KEY")
    try:
        key = pick_document(store, doc)
    except (NotFound, Ambiguous) as exc:
        return _error(404 if isinstance(exc, NotFound) else 409, str(exc))
    view = cascade_view(store, key, aggregate_above=settings.aggregate_limit(aggregate))
    return _page(render_cascade(view))
