"""``/api/units``: list and search units, one unit's profile, its neighbours."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam

from api.deps import PageLimit, SettingsDep, StoreDep, require_read
from api.errors import ERROR_RESPONSES
from graph.analyses import pick_unit, unit_profile
from graph.names import fold
from graph.schema import node_kind, unit_node
from graph.views import to_dict, unit_ref
from viz.explore import neighbourhood_view

__all__ = ["router"]

router = APIRouter(prefix="/api/units", tags=["units"],
                   dependencies=[Depends(require_read)], responses=ERROR_RESPONSES)

UnitKey = Annotated[str, PathParam(description="unit key or name (any tone style)",
                                   examples=["tinh uy nam dinh"])]


@router.get("", summary="List units, or search them by name (tone styles and abbreviations folded)")
def list_units(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=200, examples=["Tỉnh uỷ Nam Định"])] = None,
    level: Annotated[str | None, Query(pattern="^(central|province|district|commune)$")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: PageLimit = None,
) -> dict[str, Any]:
    size = settings.page_limit(limit)
    g = store.graph()
    if q:
        found = [unit_node(k) for k in store.resolve_unit(q)]
        if not found:  # a part of a name: fall back to a folded substring match
            needle = fold(q)
            found = [n for n in g.nodes if node_kind(n) == "unit"
                     and needle in fold(str(g.nodes[n].get("name") or g.nodes[n].get("label")
                                            or ""))]
    else:
        found = [n for n in g.nodes if node_kind(n) == "unit"]
    units = [unit_ref(g, n) for n in found if n in g]
    if level:
        units = [u for u in units if u.level == level]
    units.sort(key=lambda u: (fold(u.name), u.key))
    return {"total": len(units), "offset": offset, "limit": size,
            "items": [to_dict(u) for u in units[offset:offset + size]]}


@router.get("/{key:path}/neighbours", summary="A unit and everything one step away")
def unit_neighbours(key: UnitKey, store: StoreDep) -> dict[str, Any]:
    return neighbourhood_view(store, unit_node(pick_unit(store, key)))


@router.get("/{key:path}", summary="One unit: parents, children, documents, assignments")
def get_unit(key: UnitKey, store: StoreDep) -> dict[str, Any]:
    key = pick_unit(store, key)
    result: dict[str, Any] = to_dict(unit_profile(store.unit_graph(key), key))
    return result
