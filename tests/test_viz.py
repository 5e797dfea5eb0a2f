"""Explorer pages: nothing fetched from outside, document strings escaped, big cascades aggregated.

Pages come from the real app over a real embedded store of the seed letters
(plus one hostile letter whose subject carries markup), and from the real
``directive-graph viz`` command.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.settings import Settings
from graph.store import Store
from tests.test_api import HOSTILE, load_hostile_letter, seeded_store
from viz.cascade import build_group, build_view
from viz.render import STATIC_DIR
from viz.style import EDGE_STYLES

# An http(s) URL the page would load or send to: an attribute, a CSS url() or
# @import, or a fetch/XHR/import in script.  Licence comments and the SVG
# namespace string inside vis-network name URLs but never load them.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:\b(?:fetch|importScripts|import)\s*\(\s*["'`]\s*(?:https?:)?//)"""
    r"""|(?:\.open\(\s*["'][A-Z]{3,7}["']\s*,\s*["'](?:https?:)?//)""",
    re.IGNORECASE,
)


def external_references(text: str) -> list[str]:
    return [text[max(0, m.start() - 40): m.end() + 60] for m in _EXTERNAL.finditer(text)]


def test_the_checker_catches_what_it_should() -> None:
    assert external_references('<script src="https://cdn.example/vis.js"></script>')
    assert external_references("<link rel=stylesheet href=//cdn.example/a.css>")
    assert external_references("a { background: url('http://x/y.png') }")
    assert external_references('fetch("https://evil.example/steal")')
    assert not external_references('<script src="/static/vis-network.min.js"></script>')
    assert not external_references('createElementNS("http://www.w3.org/2000/svg", "svg")')


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("viz")
    s = seeded_store(folder)
    load_hostile_letter(s, folder)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store="unused"), store=store)) as c:
        yield c


def _key(client: TestClient, number: str) -> str:
    return str(client.get(f"/api/documents/{number}").json()["key"])


def _telegram(client: TestClient) -> str:
    items = client.get("/api/documents", params={"date_from": "2021-01-05",
                                                 "date_to": "2021-01-05"}).json()["items"]
    return str(next(d["key"] for d in items if d["level"] == "central"))


def _embedded(html: str) -> dict:
    m = re.search(r'<script id="dg-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no embedded data"
    data: dict = json.loads(m.group(1))
    return data


def test_hostile_subject_is_stored_as_given(client: TestClient) -> None:
    record = client.get("/api/documents/57-CV/TU").json()["record"]
    assert HOSTILE in (record["subject"] or "")


def test_served_pages_fetch_nothing_from_outside(client: TestClient) -> None:
    telegram = _telegram(client)
    pages = ["/", "/search?q=covid", "/cascade?doc=" + quote(telegram, safe=""),
             "/cascade?doc=57-CV/TU", "/docs", "/cascade?doc=nothing"]
    for path in pages:
        resp = client.get(path)
        assert resp.status_code in (200, 404), path
        assert external_references(resp.text) == [], path
    for name in ("explorer.js", "explorer.css", "vis-network.css", "vis-network.min.js"):
        text = client.get("/static/" + name).text
        assert external_references(text) == [], name
    assert not list(STATIC_DIR.glob("*.map"))


def test_pages_escape_document_strings(client: TestClient) -> None:
    home = client.get("/").text
    assert "<script>alert" not in home and "<img src=x" not in home
    assert "&lt;/script&gt;&lt;script&gt;alert(" in home  # shown as text
    hits = client.get("/search", params={"q": "tăng cường"}).text
    assert "<script>alert" not in hits and "<img src=x" not in hits
    page = client.get("/cascade", params={"doc": "57-CV/TU"}).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count("</script>") == page.count("<script")  # none closed early
    data = _embedded(page)
    root = next(n for n in data["network"]["nodes"] if n["id"] == data["root"])
    assert HOSTILE in root["info"]["subject"]  # intact once parsed, for textContent
    assert "\\u003c/script\\u003e" in page


def test_page_errors_are_pages(client: TestClient) -> None:
    missing = client.get("/cascade", params={"doc": "404-CV/TU@nowhere@1999"})
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "no document has this key" in missing.text
    assert client.get("/cascade").status_code == 400
    assert "Content-Security-Policy" in client.get("/").headers


def test_cascade_page_shows_the_cascade(client: TestClient) -> None:
    telegram = _telegram(client)
    page = client.get("/cascade", params={"doc": telegram}).text
    data = _embedded(page)
    kinds = {n["kind"] for n in data["network"]["nodes"]}
    assert {"document", "unit", "task"} <= kinds
    docs = {n["info"].get("number") for n in data["network"]["nodes"] if n["kind"] == "document"}
    assert "56-CV/TU" in docs and "57-CV/TU" in docs
    nam_dinh = next(n for n in data["network"]["nodes"] if n["info"].get("number") == "56-CV/TU")
    assert nam_dinh["day"] == 1 and nam_dinh["info"]["lag"] == 1
    assert len(nam_dinh["info"]["tasks"]) == 8
    assert data["meta"]["missing"], "some addressed district committees never answered"
    assert f"{data['meta']['missing_total']} addressed units not answered" in page
    missing = [n for n in data["network"]["nodes"] if n.get("missing")]
    assert missing and all(n["kind"] == "unit" for n in missing)
    assert {e["rel"] for e in data["network"]["edges"]} <= set(EDGE_STYLES)
    assert data["network"]["options"]["layout"]["hierarchical"]["direction"] == "UD"
    assert '<script src="/static/vis-network.min.js">' in page


def test_viz_command_writes_a_standalone_page(store: Store, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    location = str(getattr(store, "path", ""))
    out = tmp_path / "page.html"
    assert main(["viz", "56-CV/TU", "--store", location, "--out", str(out)]) == 0
    html = out.read_text("utf-8")
    assert "wrote" in capsys.readouterr().out
    assert external_references(html) == []
    assert "/static/" not in html  # vis-network and styles are inlined
    assert "vis-network" in html and "DataSet" in html
    data = _embedded(html)
    assert data["api"] is None
    assert any(n["info"].get("number") == "56-CV/TU" for n in data["network"]["nodes"])
    hostile = tmp_path / "hostile.html"
    assert main(["viz", "57-CV/TU", "--store", location, "--out", str(hostile)]) == 0
    text = hostile.read_text("utf-8")
    assert "<script>alert" not in text and "<img src=x" not in text
    assert main(["viz", "nothing-like-this", "--store", location, "--out",
                 str(tmp_path / "x.html")]) == 2
    assert not (tmp_path / "x.html").exists()


def _national(provinces: int = 63, districts: int = 10) -> nx.MultiDiGraph:
    """A telegram, a letter per province, a letter per district: a national cascade's shape."""
    g = nx.MultiDiGraph()
    g.add_node("doc:T", key="T", label="Điện", date="2021-01-05", level="central")
    for p in range(provinces):
        pk = f"P{p}"
        g.add_node("doc:" + pk, key=pk, label=f"{p}-CV/TU", date="2021-01-07",
                   level="province", issuer=f"Tỉnh ủy {p}", loaded=True)
        g.add_edge("doc:" + pk, "doc:T", rel="implements")
        for d in range(districts):
            dk = f"D{p}.{d}"
            g.add_node("doc:" + dk, key=dk, label=f"{d}-CV/HU", date=f"2021-01-{10 + d:02d}",
                       level="district", loaded=True)
            g.add_edge("doc:" + dk, "doc:" + pk, rel="implements")
    return g


def test_large_cascade_opens_aggregated_and_expands() -> None:
    g = _national()
    view = build_view(g, "T", aggregate_above=150)
    meta = view["meta"]
    assert meta["aggregated"] and meta["documents"] == 1 + 63 + 630
    kinds = [n["kind"] for n in view["nodes"]]
    assert kinds.count("document") == 1 and kinds.count("group") == 63
    group = next(n for n in view["nodes"] if n["kind"] == "group")
    assert group["count"] == 11 and group["label"] == "Tỉnh ủy 0: 11 documents"
    assert group["lvl"] == "province" and group["day"] == 2
    part = build_group(g, "T", group["info"]["key"])
    assert sum(1 for n in part["nodes"] if n["kind"] == "document") == 11
    ids = {n["id"] for n in part["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids | {"doc:T"} for e in part["edges"])
    assert ("doc:" + group["info"]["key"], "doc:T") in {(e["from"], e["to"]) for e in part["edges"]}
    whole = build_view(g, "T", aggregate_above=5000)
    assert not whole["meta"]["aggregated"] and len(whole["nodes"]) == 694
    assert whole["meta"]["days"] == 14


def test_search_lists_the_directive_whose_cascade_matches_first(client: TestClient) -> None:
    # The Secretariat telegram of 05/01/2021 is known only from the Nam Định
    # letter's citation; searching its words without diacritics finds it as a
    # directive with its cascade, above the letters that share those words.
    page = client.get("/search", params={"q": "phong chong dich"}).text
    directives = page.split('id="directives"', 1)
    assert len(directives) == 2, "no directives section"
    section = directives[1].split("</ol>", 1)[0]
    assert "Điện Thường trực Ban Bí thư" in section
    assert "documents below" in section
