"""How the explorer draws things: colour by level, shape by kind, line by relation.

One table each, used both to style the nodes and edges and to draw the legend,
so the legend can never disagree with the picture.

>>> node_colour("province")
'#e67e22'
>>> edge_style("assigns_to")["dashes"]
[2, 4]
"""

from __future__ import annotations

from typing import Any

from graph.model import LEVELS

__all__ = [
    "LEVEL_COLOURS",
    "KIND_SHAPES",
    "EDGE_STYLES",
    "MISSING_COLOUR",
    "node_colour",
    "edge_style",
    "layout_row",
    "legend",
]

LEVEL_COLOURS: dict[str, str] = {
    "central": "#c0392b",
    "province": "#e67e22",
    "district": "#2e86c1",
    "commune": "#27ae60",
    "unknown": "#95a5a6",
}
KIND_SHAPES: dict[str, str] = {
    "document": "box",
    "unit": "ellipse",
    "task": "diamond",
    "person": "triangle",
    "group": "database",
}
#: A unit that was addressed but never answered with a document of its own.
MISSING_COLOUR = "#d0021b"

EDGE_STYLES: dict[str, dict[str, Any]] = {
    "implements": {"width": 3, "dashes": False, "color": "#34495e", "label": "implements"},
    "references": {"width": 1, "dashes": [8, 4, 2, 4], "color": "#7f8c8d", "label": "cites"},
    "issued_by": {"width": 1, "dashes": False, "color": "#b0b7bf", "label": "issued by"},
    "addressed_to": {"width": 1.5, "dashes": [10, 6], "color": "#8e44ad", "label": "addressed to"},
    "copied_to": {"width": 1, "dashes": [4, 6], "color": "#bdc3c7", "label": "copied to"},
    "has_task": {"width": 1, "dashes": False, "color": "#16a085", "label": "has task"},
    "assigns_to": {"width": 1.5, "dashes": [2, 4], "color": "#16a085", "label": "assigns to"},
    "monitored_by": {"width": 1, "dashes": [6, 3], "color": "#d35400", "label": "monitored by"},
    "signed_by": {"width": 1, "dashes": [1, 3], "color": "#b0b7bf", "label": "signed by"},
    "part_of": {"width": 1, "dashes": [12, 4], "color": "#95a5a6", "label": "part of"},
    "includes": {"width": 1, "dashes": [2, 2], "color": "#95a5a6", "label": "stands for"},
    "aggregate": {"width": 3, "dashes": [14, 6], "color": "#34495e", "label": "documents below"},
}


def node_colour(level: str | None) -> str:
    return LEVEL_COLOURS.get(level or "unknown", LEVEL_COLOURS["unknown"])


def edge_style(rel: str) -> dict[str, Any]:
    return EDGE_STYLES.get(rel, EDGE_STYLES["references"])


def layout_row(kind: str, level: str | None) -> int:
    """The row of the top-down layout: documents of a level, then its tasks and units.

    >>> [layout_row("document", "central"), layout_row("task", "central")]
    [0, 1]
    >>> layout_row("document", "district")
    4
    """
    index = LEVELS.index(level) if level in LEVELS else len(LEVELS)
    return 2 * index + (0 if kind in ("document", "group") else 1)


def legend() -> dict[str, Any]:
    """What the legend shows, as data the page template lays out."""
    return {
        "levels": [{"name": k, "colour": v} for k, v in LEVEL_COLOURS.items()],
        "kinds": [{"name": k, "shape": v} for k, v in KIND_SHAPES.items()],
        "relations": [
            {"name": k, "label": v["label"], "colour": v["color"],
             "dashes": bool(v["dashes"]), "width": v["width"]}
            for k, v in EDGE_STYLES.items()
        ],
        "missing": MISSING_COLOUR,
    }
