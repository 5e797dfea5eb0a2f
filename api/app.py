"""The FastAPI application: REST API under ``/api``, the explorer's pages, static assets.

>>> from api.settings import Settings
>>> app = create_app(Settings(store="/nonexistent/never-created"), store=None)
>>> [p for p in app.openapi()["paths"] if p.startswith("/api/documents/{key")][:2]
['/api/documents/{key}/trace', '/api/documents/{key}/lineage']
"""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import routes_documents, routes_graph, routes_pages, routes_units
from api.answer_cache import AnswerCache
from api.deps import StoreDep, require_read
from api.errors import install_error_handlers
from api.settings import Settings
from graph.store import Store
from viz.render import STATIC_DIR

__all__ = ["create_app", "app_from_env"]

DOCS_ASSETS = "/docs-assets"

DESCRIPTION = """
Trace how a directive travels down a hierarchy of government.

* Document keys contain "/" (`56-CV/TU@tinh uy nam dinh@2021`): send them in the
  path as they are or with `%2F`. A number alone (`56-CV/TU`) works when it fits
  one document.
* Reads are open unless the server has a read key; writes (`POST /api/documents`)
  need the `X-API-Key` header.
* Every failure answers `{"error": {"status": 404, "code": "not_found", "message": "..."}}`.
"""


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The service over ``store`` (opened from ``settings.store`` when not given).

    A store the app opened itself is closed when the app shuts down.
    """
    settings = settings or Settings.from_env()
    owned = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.store is None:
            from graph.open import open_store

            app.state.store = open_store(settings.store)
        # Routes are sync and run on threads; past a few, threads only fight over the
        # GIL. Computed documents at 32 clients, 2 workers: 4 threads 510-590 answers/s
        # (p99 220-390 ms), 8 threads 420-530 (p99 170-180 ms), 40 threads 380-460.
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # What start-up made (modules, the name tables, the map) lives as long as the
        # worker: out of the collector's sight, a full collection no longer walks it
        # (computed documents at 32 clients: p99 63-100 ms with it, 128-261 without).
        # Only in a server of its own: a test process hands its store in.
        if owned:
            gc.freeze()
        try:
            yield
        finally:
            if owned and app.state.store is not None:
                app.state.store.close()

    app = FastAPI(
        title="directive-graph",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's /docs loads Swagger UI from a CDN; ours is served locally
        redoc_url=None,
        openapi_tags=[
            {"name": "documents", "description": "documents, their cascades and analyses"},
            {"name": "units", "description": "issuing and receiving units"},
            {"name": "graph", "description": "search, statistics, export"},
        ],
    )
    app.state.settings = settings
    app.state.store = store
    install_error_handlers(app)
    # Level 6, not Starlette's 9: a third of the CPU for a few percent more bytes.
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    if settings.cache_mb > 0:
        # Added last, so it runs first: a kept answer skips routing and gzip both.
        app.add_middleware(AnswerCache, settings=settings, state=app.state)
    app.include_router(routes_documents.router)
    app.include_router(routes_units.router)
    app.include_router(routes_graph.router)
    app.include_router(routes_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _mount_docs(app)

    @app.get("/health", tags=["graph"], summary="Is the service up, and what does it hold",
             dependencies=[Depends(require_read)])
    def health(store: StoreDep) -> dict[str, Any]:
        total, _ = store.documents(limit=1)
        loaded, _ = store.documents(loaded=True, limit=1)
        # The worker process that answered: with several, says which one a connection reached.
        return {"status": "ok", "documents": total, "loaded": loaded, "worker": os.getpid()}

    return app


def app_from_env() -> FastAPI:
    """The app as each uvicorn worker process builds it (``serve --workers N``).

    Settings come from the ``DIRECTIVE_GRAPH_*`` variables ``serve`` exported.
    """
    return create_app(Settings.from_env())


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI 5 (reads OpenAPI 3.1) at /docs from the swagger-ui-py package: no CDN."""
    import swagger_ui

    static = Path(swagger_ui.__file__).resolve().parent / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=static), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="directive-graph API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
            # The default validator badge would call an outside service.
            swagger_ui_parameters={"validatorUrl": None},
        )
