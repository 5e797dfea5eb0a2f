"""The explorer in headless Chromium against a real ``directive-graph serve`` process.

Opens the cascade of the Secretariat telegram of 05/01/2021 (loaded from the
seed letters: the Nam Định letter carries it out), checks the graph drew the
expected nodes, clicks the Nam Định letter and reads the side panel, replays
day 0 through the URL, and checks that every request the page made went to
the service itself.  Skips, saying why, when no Chromium is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from graph.load import load_paths
from tests.net import free_port
from tests.test_api import HOSTILE, SEEDS, load_hostile_letter, seeded_store

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def write_district_letter(folder: Path) -> Path:
    """Huyện ủy Ý Yên carrying out the Nam Định letter: the Bắc Kạn city letter, re-addressed.

    With it the telegram's cascade is three levels deep, so it has a group to open.
    """
    text = (SEEDS / "004_d56ea9d68a9b9a32.txt").read_text("utf-8")
    for old, new in (
        ("**ĐẢNG BỘ TỈNH BẮC KẠN\nTHÀNH ỦY BẮC KẠN**", "**ĐẢNG BỘ TỈNH NAM ĐỊNH\nHUYỆN ỦY Ý YÊN**"),
        ("Số 183-CV/TU", "Số 12-CV/HU"),
        ("TP. Bắc Kạn, ngày 29 tháng 4 năm 2021", "Ý Yên, ngày 08 tháng 01 năm 2021"),
        ("Công văn số 201-CV/TU ngày 27 tháng 4 năm 2021 của Tỉnh ủy Bắc Kạn",
         "Công văn số 56-CV/TU ngày 06 tháng 01 năm 2021 của Tỉnh ủy Nam Định"),
        ("Thành ủy", "Huyện ủy"),
        ("thành phố", "huyện"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    out = folder / "district"
    out.mkdir()
    (out / "y-yen.txt").write_text(text, "utf-8")
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    store = seeded_store(folder)
    load_hostile_letter(store, folder)
    assert load_paths(store, [write_district_letter(folder)]).added == 1
    store.close()
    port = free_port()
    env = {**os.environ, "DIRECTIVE_GRAPH_API_KEY": "", "DIRECTIVE_GRAPH_READ_KEY": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--store", str(folder / "store"),
         "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"server did not start: {out[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = _chromium()
    if exe is None:
        print("no Chromium found (apt-get install chromium)")
        pytest.skip("no Chromium found at /usr/bin/chromium or on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _telegram_key(base: str) -> str:
    docs = httpx.get(base + "/api/documents", params={"date_from": "2021-01-05",
                                                      "date_to": "2021-01-05"}).json()
    keys = [d["key"] for d in docs["items"] if d["level"] == "central"]
    assert len(keys) == 1, docs
    return str(keys[0])


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def test_cascade_page_draws_and_opens_the_panel(server: str, browser: Any,
                                                tmp_path: Path) -> None:
    key = _telegram_key(server)
    expected = httpx.get(f"{server}/api/documents/{quote(key, safe='')}/graph").json()
    nam_dinh = next(n["id"] for n in expected["nodes"]
                    if n["kind"] == "document" and n["info"]["number"] == "56-CV/TU")

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open(page, f"{server}/cascade?doc={quote(key, safe='')}")

    count = page.evaluate("window.dgExplorer.nodeCount()")
    assert count == len(expected["nodes"]) >= 10
    ids = set(page.evaluate("window.dgExplorer.nodes.getIds()"))
    assert {"doc:" + key, nam_dinh} <= ids
    assert page.evaluate("window.dgExplorer.visibleCount()") == count

    # Click the Nam Định letter where the network drew it.
    x, y = page.evaluate(
        """(id) => { const n = window.dgExplorer.network;
                     const p = n.canvasToDOM(n.getPosition(id));
                     const r = document.getElementById('graph').getBoundingClientRect();
                     return [r.left + p.x, r.top + p.y]; }""", nam_dinh)
    page.mouse.click(x, y)
    page.wait_for_selector("#panel:not([hidden])", timeout=5000)
    panel = page.inner_text("#panel")
    assert "56-CV/TU" in panel and "Tỉnh ủy Nam Định" in panel
    assert "1 day after" in panel  # the lag behind the telegram of the day before
    assert "Ban Tuyên giáo Tỉnh ủy Nam Định" in panel  # an assignee of task 6
    assert page.get_attribute("#panel a.action", "href").endswith("/text")

    # A unit's panel expands its neighbours from the API: its parents and members join.
    unit = page.evaluate("window.dgExplorer.nodes.get({filter: n => n.kind === 'unit' && "
                         "n.info.name === 'Tỉnh ủy Nam Định'})[0].id")
    page.evaluate("(id) => window.dgExplorer.openPanel(window.dgExplorer.nodes.get(id))", unit)
    before = page.evaluate("window.dgExplorer.nodeCount()")
    page.click("#panel button.expand")
    for _ in range(50):  # the page's CSP forbids wait_for_function's eval: poll instead
        if page.evaluate("window.dgExplorer.nodeCount()") > before:
            break
        page.wait_for_timeout(200)
    assert page.evaluate("window.dgExplorer.nodeCount()") > before
    still = page.evaluate("window.dgExplorer.nodes.get({filter: n => n.missing}).length")
    assert still == sum(1 for n in expected["nodes"] if n.get("missing")) > 0

    shot = tmp_path / "cascade.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000

    # Day 0 (the telegram's own day), through the URL: the letter of 06/01 is not out yet.
    page.close()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("request", lambda r: requests.append(r.url))
    _open(page, f"{server}/cascade?doc={quote(key, safe='')}#day=0")
    shown = page.evaluate("window.dgExplorer.nodeView.getIds()")
    assert "doc:" + key in shown and nam_dinh not in shown
    assert page.input_value("#day") == "0"

    # Unchecking a relation writes it into the URL, for sharing.
    page.uncheck("#filters input[value='copied_to']")
    assert "rel=" in page.url and "copied_to" not in page.url.split("rel=", 1)[1].split("&")[0]
    # Slide to the last day: the letter of 06/01 is out.
    page.evaluate("""() => { const s = document.getElementById('day');
                            s.value = s.max; s.dispatchEvent(new Event('input')); }""")
    assert nam_dinh in page.evaluate("window.dgExplorer.nodeView.getIds()")
    assert "day=" not in page.url  # the last day is the default view
    # Without the task relations no task is drawn; without the province level, no
    # province letter: the filters act on the picture, not only on the URL.
    page.uncheck("#filters input[value='has_task']")
    page.uncheck("#filters input[value='assigns_to']")
    kinds = page.evaluate("window.dgExplorer.nodeView.get().map(n => n.kind)")
    assert "task" not in kinds and "document" in kinds
    page.uncheck("#filters input[name='level'][value='province']")
    shown = page.evaluate("window.dgExplorer.nodeView.getIds()")
    assert "doc:" + key in shown and nam_dinh not in shown and "level=" in page.url

    outside = [u for u in requests if not u.startswith(server + "/") and not u.startswith(
        ("data:", "blob:"))]
    assert outside == [], outside
    assert errors == []
    page.close()


def test_home_page_lists_the_root(server: str, browser: Any) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/")
    roots = page.inner_text("#roots")
    assert "Điện" in roots and "05" in roots
    page.fill("form.search.big input[name=q]", "phòng, chống dịch")
    page.click("form.search.big button")
    page.wait_for_selector("#hits")
    assert "56-CV/TU" in page.inner_text("#hits")
    assert all(u.startswith(server + "/") for u in requests), requests
    page.close()


def test_hostile_subject_shows_as_text(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    _open(page, f"{server}/cascade?doc=57-CV/TU")
    node = page.evaluate("window.dgExplorer.nodes.get({filter: n => n.info.number === "
                         "'57-CV/TU'})[0].id")
    page.evaluate("(id) => window.dgExplorer.openPanel(window.dgExplorer.nodes.get(id))", node)
    assert HOSTILE in page.inner_text("#panel")  # shown as the letters it is made of
    assert page.locator("#panel img, #panel script").count() == 0
    page.goto(server + "/")
    assert HOSTILE in page.inner_text("#recent")
    assert dialogs == []
    page.close()


def test_aggregated_cascade_opens_a_group_from_the_service(server: str, browser: Any) -> None:
    key = _telegram_key(server)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _open(page, f"{server}/cascade?doc={quote(key, safe='')}&aggregate=true")
    groups = page.evaluate("window.dgExplorer.nodes.get({filter: n => n.kind === 'group'})")
    assert [g["info"]["count"] for g in groups] == [2]  # 56-CV/TU and the Ý Yên letter
    assert "Tỉnh ủy Nam Định: 2 documents" in groups[0]["label"]
    x, y = page.evaluate(
        """(id) => { const n = window.dgExplorer.network;
                     const p = n.canvasToDOM(n.getPosition(id));
                     const r = document.getElementById('graph').getBoundingClientRect();
                     return [r.left + p.x, r.top + p.y]; }""", groups[0]["id"])
    page.mouse.click(x, y)
    numbers: list[str] = []
    for _ in range(50):
        numbers = page.evaluate("window.dgExplorer.nodes.get({filter: n => n.kind === "
                                "'document'}).map(n => n.info.number)")
        if "12-CV/HU" in numbers:
            break
        page.wait_for_timeout(200)
    assert {"56-CV/TU", "12-CV/HU"} <= set(numbers)
    assert page.evaluate("(id) => window.dgExplorer.nodes.get(id)", groups[0]["id"]) is None
    assert "aggregate=true" in page.url  # the view stays shareable
    page.close()


def test_api_docs_render_from_the_service(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/docs")
    page.get_by_text("One document: record, links and tasks").click(timeout=15_000)
    page.wait_for_selector("text=56-CV/TU@tinh uy nam dinh@2021", timeout=10_000)
    assert page.locator("text=Unable to render this definition").count() == 0
    assert all(u.startswith(server + "/") for u in requests), requests
    page.close()
