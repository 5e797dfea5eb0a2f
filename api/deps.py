"""Dependencies shared by the routers: the store, the settings, the key checks.

Routes only ever see the :class:`graph.store.Store` protocol, so the same
route answers the same question from the embedded store and from Neo4j.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Query, Request

from api.errors import ApiError
from api.settings import Settings
from graph.store import Store

__all__ = [
    "get_settings",
    "get_store",
    "read_allowed",
    "require_read",
    "require_write",
    "StoreDep",
    "SettingsDep",
    "PageLimit",
]


# The dependencies are ``async def`` though they never wait: FastAPI runs a plain
# ``def`` dependency on a worker thread, and three thread hand-offs per request cost
# more CPU than a computed document answer itself.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
PageLimit = Annotated[
    int | None,
    Query(ge=1, description="page size; capped by the server's maximum", examples=[20]),
]


def _same(given: str | None, expected: str) -> bool:
    # Constant-time comparison: the key must not leak through response timing.
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def read_allowed(settings: Settings, x_api_key: str | None) -> bool:
    """Reads are open unless a read key is configured; the write key also reads.

    The one rule for routes and for the answer cache, which serves before any route runs.
    """
    if settings.read_key is None:
        return True
    return _same(x_api_key, settings.read_key) or (
        settings.api_key is not None and _same(x_api_key, settings.api_key)
    )


async def require_read(
    request: Request,
    x_api_key: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    if not read_allowed(request.app.state.settings, x_api_key):
        raise ApiError(401, "this server needs a read key: send it in the X-API-Key header")


async def require_write(
    request: Request,
    x_api_key: Annotated[str | None, Header(description="the server's write key")] = None,
) -> None:
    settings: Settings = request.app.state.settings
    if settings.api_key is None:
        raise ApiError(
            401,
            "writes are disabled: no API key is configured on the server "
            "(set DIRECTIVE_GRAPH_API_KEY and restart it)",
            code="writes_disabled",
        )
    if not _same(x_api_key, settings.api_key):
        what = "a wrong" if x_api_key else "no"
        raise ApiError(401, f"{what} X-API-Key header: writes need the server's API key")
