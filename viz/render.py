"""Pages of the explorer: a pyvis network rendered through our own templates.

pyvis assembles the vis-network nodes, edges and options; our Jinja templates
(autoescaped: every string from a document is shown as text) lay out the page.
vis-network and every style sheet come from ``viz/static``: served by the app
under ``/static/``, or inlined into a standalone file.  No page names a CDN.

Data embedded in a page goes through Jinja's ``tojson``, which writes ``<``,
``>``, ``&`` and ``'`` as ``\\u003c`` ... so a subject reading ``</script>``
cannot close the script element it sits in.

>>> html = render_page("error.html", title="x", status=404, message="<b>no</b>")
>>> "&lt;b&gt;no&lt;/b&gt;" in html and "<b>no" not in html
True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from viz.style import legend

__all__ = ["render_page", "render_cascade", "network_data", "STATIC_DIR", "TEMPLATE_DIR",
           "static_text", "VENDOR_FILES"]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"
#: The files a page needs, in load order.
VENDOR_FILES = {"css": ("vis-network.css", "explorer.css"),
                "js": ("vis-network.min.js", "explorer.js")}

#: vis-network options: top-down levels, no physics (a cascade is a tree, and
#: a fixed layout keeps the picture still while the time slider replays it).
OPTIONS: dict[str, Any] = {
    "layout": {"hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed",
                                "levelSeparation": 95, "nodeSpacing": 135,
                                "treeSpacing": 60, "shakeTowards": "roots"}},
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                    "keyboard": False},
    "nodes": {"font": {"size": 13, "face": "sans-serif"}, "margin": 6,
              "widthConstraint": {"maximum": 120}},
    "edges": {"smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical",
                         "roundness": 0.4}, "arrows": {"to": {"scaleFactor": 0.6}}},
}


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)),
                      autoescape=select_autoescape(("html",), default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pathkey"] = _quote
    return env


def _quote(key: str) -> str:
    from urllib.parse import quote

    return quote(str(key), safe="")


@lru_cache(maxsize=8)
def static_text(name: str) -> str:
    """A vendored or own asset, for inlining into a standalone page."""
    text = (STATIC_DIR / name).read_text(encoding="utf-8")
    if "</" + "script" in text.lower() or "</" + "style" in text.lower():
        # An asset that could close its own element would break the inlined page.
        raise ValueError(f"viz/static/{name}: holds a closing tag; cannot be inlined")
    return text


def network_data(view: dict[str, Any]) -> dict[str, Any]:
    """The view's nodes and edges passed through a pyvis :class:`Network`."""
    net = Network(directed=True, cdn_resources="local", layout=True)
    ids = set()
    for node in view["nodes"]:
        opts = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(node["id"], label=node["label"], shape=node["shape"], color=node["color"],
                     **opts)
        ids.add(node["id"])
    # pyvis's add_edge scans the node list per edge (quadratic on a national
    # cascade): check membership against a set and append the edge ourselves.
    for edge in view["edges"]:
        if edge["from"] in ids and edge["to"] in ids:
            opts = {k: v for k, v in edge.items() if k not in ("from", "to")}
            net.edges.append({"from": edge["from"], "to": edge["to"], **opts})
    net.options = OPTIONS
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": OPTIONS}


def _assets(standalone: bool) -> dict[str, Any]:
    if standalone:
        return {"inline_css": [static_text(n) for n in VENDOR_FILES["css"]],
                "inline_js": [static_text(n) for n in VENDOR_FILES["js"]]}
    return {"css": ["/static/" + n for n in VENDOR_FILES["css"]],
            "js": ["/static/" + n for n in VENDOR_FILES["js"]]}


def render_page(template: str, *, standalone: bool = False, **context: Any) -> str:
    """One page through its template, with the asset links (or inlined assets) it needs."""
    return _env().get_template(template).render(assets=_assets(standalone),
                                                standalone=standalone, **context)


def render_cascade(view: dict[str, Any], *, standalone: bool = False,
                   expansions: dict[str, Any] | None = None, title: str = "") -> str:
    """The cascade page: graph, legend, filters, time slider, side panel.

    ``expansions`` (standalone files only) holds each group's nodes, since a
    file opened from disk cannot ask the service for them.
    """
    data = {
        "network": network_data(view),
        "meta": view["meta"],
        "root": view["root"],
        "legend": legend(),
        "api": None if standalone else "/api",
        "expansions": expansions or {},
    }
    return render_page("cascade.html", standalone=standalone, data=data, meta=view["meta"],
                       legend=data["legend"],
                       title=title or f"Cascade of {view['meta']['root_label']}")
