"""The REST API through the real app, over a real embedded store loaded from the seed letters.

Every route is called, and each error status (400, 401, 404, 409, 413, 415,
422, 500) is provoked the way a client would, and checked for the one error
body shape.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.load import load_paths
from graph.open import open_store
from graph.store import Store

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
NAM_DINH = "56-CV/TU"  # Tỉnh ủy Nam Định, 06/01/2021, carries out the telegram of 05/01/2021
WRITE_KEY = "test-write-key"
#: A subject that would run script if any page put it in as markup.
HOSTILE = "</script><script>alert('x')</script><img src=x onerror=alert(1)>"


def seeded_store(folder: Path) -> Store:
    """A real embedded store in ``folder`` holding the four seed letters."""
    store = open_store(str(folder / "store"))
    report = load_paths(store, [SEEDS])
    assert report.errors == [] and report.added == 4
    return store


def load_hostile_letter(store: Store, folder: Path) -> None:
    """The Nam Định letter renumbered 57-CV/TU, its subject carrying :data:`HOSTILE`."""
    hostile = folder / "hostile"
    hostile.mkdir()
    text = (SEEDS / "000_668623d26e6809a1.txt").read_text("utf-8")
    text = text.replace("Số 56-CV/TU", "Số 57-CV/TU").replace(
        "V/v tăng cường công tác", f"V/v {HOSTILE} tăng cường công tác")
    (hostile / "hostile.txt").write_text(text, "utf-8")
    report = load_paths(store, [hostile])
    assert report.added == 1, report


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = seeded_store(tmp_path_factory.mktemp("api"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    settings = Settings(store="unused", max_page=3, api_key=None)
    with TestClient(create_app(settings, store=store)) as c:
        yield c


def assert_error(resp: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["status"] == status and isinstance(err["message"], str) and err["message"]
    if code is not None:
        assert err["code"] == code
    return dict(err)


def doc_key(client: TestClient, number: str) -> str:
    body = client.get(f"/api/documents/{number}").json()
    return str(body["key"])


# -- reads ---------------------------------------------------------------


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["loaded"] == 4
    assert body["documents"] > 4  # the documents the seeds cite are known too


def test_documents_list_pages_and_caps(client: TestClient) -> None:
    first = client.get("/api/documents", params={"limit": 2}).json()
    first = client.get("/api/documents", params={"limit": 2, "loaded": "true"}).json()
    assert first["total"] == 4 and len(first["items"]) == 2 and first["limit"] == 2
    second = client.get("/api/documents", params={"limit": 2, "offset": 2,
                                                  "loaded": "true"}).json()
    keys = [d["key"] for d in first["items"] + second["items"]]
    assert len(set(keys)) == 4
    capped = client.get("/api/documents", params={"limit": 1000}).json()
    assert capped["limit"] == 3 and len(capped["items"]) == 3  # the server's max_page
    dates = [d["date"] for d in first["items"] + second["items"] if d["date"]]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_documents_filters(client: TestClient) -> None:
    body = client.get("/api/documents", params={"date_from": "2021-01-01",
                                                "date_to": "2021-12-31"}).json()
    assert body["total"] >= 2
    assert all(d["date"] is None or d["date"].startswith("2021") for d in body["items"])
    numbers = {d["number"] for d in body["items"]}
    assert {"56-CV/TU", "183-CV/TU"} <= numbers and "2644-CV/TU" not in numbers
    cited = client.get("/api/documents", params={"loaded": "false"}).json()
    assert all(not d["loaded"] for d in cited["items"])


def test_list_validation_errors(client: TestClient) -> None:
    assert_error(client.get("/api/documents", params={"limit": "abc"}), 422, "invalid")
    assert_error(client.get("/api/documents", params={"limit": 0}), 422)
    assert_error(client.get("/api/documents", params={"level": "planet"}), 422)
    err = assert_error(client.get("/api/documents", params={"date_from": "06/01/2021"}), 422)
    assert "date_from" in err["message"]


def test_document_by_key_with_slash_raw_and_encoded(client: TestClient) -> None:
    key = doc_key(client, NAM_DINH)
    assert "/" in key
    raw = client.get(f"/api/documents/{key}")
    encoded = client.get("/api/documents/" + quote(key, safe=""))
    assert raw.status_code == encoded.status_code == 200
    assert raw.json() == encoded.json()
    body = raw.json()
    assert body["record"]["number"] == NAM_DINH and body["record"]["date"] == "2021-01-06"
    assert set(body["links"]) == {"implements", "implemented_by", "references"}
    assert isinstance(body["tasks"], list)


def test_document_not_found(client: TestClient) -> None:
    assert_error(client.get("/api/documents/999-CV/TU@nowhere@1999"), 404, "not_found")
    assert_error(client.get("/api/documents/999-CV/TU@nowhere@1999/trace"), 404)
    assert_error(client.get("/api/nothing-here"), 404, "not_found")


def test_trace_lineage_coverage_text(client: TestClient) -> None:
    key = doc_key(client, NAM_DINH)
    trace = client.get(f"/api/documents/{key}/trace").json()
    assert trace["root"]["key"] == key
    lineage = client.get(f"/api/documents/{key}/lineage").json()
    assert lineage["start"]["key"] == key
    cov = client.get(f"/api/documents/{key}/coverage", params={"as_of": "2021-03-01"}).json()
    assert cov["document"]["key"] == key and cov["as_of"] == "2021-03-01"
    assert set(cov) >= {"responded", "not_responded"}
    text = client.get(f"/api/documents/{key}/text")
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/plain")
    assert "56-CV/TU" in text.text and "Nam Định" in text.text
    assert_error(client.get(f"/api/documents/{key}/coverage", params={"as_of": "soon"}), 422)


def test_graph_and_neighbours(client: TestClient) -> None:
    key = doc_key(client, NAM_DINH)
    view = client.get(f"/api/documents/{key}/graph").json()
    ids = {n["id"] for n in view["nodes"]}
    assert "doc:" + key in ids and view["meta"]["aggregated"] is False
    assert all(e["from"] in ids and e["to"] in ids for e in view["edges"])
    near = client.get(f"/api/documents/{key}/neighbours").json()
    assert "doc:" + key in {n["id"] for n in near["nodes"]}


def test_units(client: TestClient) -> None:
    listed = client.get("/api/units", params={"limit": 500}).json()
    assert listed["total"] >= 1
    found = client.get("/api/units", params={"q": "Tỉnh uỷ Nam Định"}).json()  # old tone style
    assert found["total"] >= 1
    unit = found["items"][0]
    profile = client.get("/api/units/" + quote(unit["key"], safe="")).json()
    assert profile["unit"]["key"] == unit["key"]
    assert {"parents", "children", "issued", "received", "tasks"} <= set(profile)
    near = client.get("/api/units/" + quote(unit["key"], safe="") + "/neighbours").json()
    assert "unit:" + unit["key"] in {n["id"] for n in near["nodes"]}
    assert_error(client.get("/api/units/no such unit anywhere"), 404)


def test_search_stats_timeline(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "phòng, chống dịch"}).json()
    assert hits["items"] and all(h["key"] for h in hits["items"])
    assert_error(client.get("/api/search"), 422)
    stats = client.get("/api/stats").json()
    assert stats["documents"]["loaded"] == 4
    days = client.get("/api/timeline").json()["days"]
    assert "2021-01-06" in {d["date"] for d in days}


def test_export_json_and_graphml(client: TestClient) -> None:
    data = client.get("/api/export", params={"root": NAM_DINH, "format": "json"})
    assert data.status_code == 200
    g = nx.node_link_graph(data.json(), edges="edges")
    assert "doc:" + doc_key(client, NAM_DINH) in g
    xml = client.get("/api/export", params={"root": NAM_DINH, "format": "graphml"})
    assert xml.headers["content-type"].startswith("application/graphml+xml")
    back = nx.read_graphml(io.BytesIO(xml.content))
    assert back.number_of_nodes() == g.number_of_nodes()
    assert_error(client.get("/api/export", params={"format": "pdf"}), 422)


def test_gzip(client: TestClient) -> None:
    resp = client.get("/api/stats", headers={"Accept-Encoding": "gzip"})
    assert resp.status_code == 200
    big = client.get("/static/vis-network.min.js", headers={"Accept-Encoding": "gzip"})
    assert big.headers.get("content-encoding") == "gzip"


def test_openapi_has_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/documents/{key}" in spec["paths"]
    text = json.dumps(spec, ensure_ascii=False)
    assert "56-CV/TU@tinh uy nam dinh@2021" in text and '"not_found"' in text
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert "http://" not in docs.text and "https://" not in docs.text


# -- writes --------------------------------------------------------------


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[TestClient]:
    s = seeded_store(tmp_path)
    settings = Settings(store="unused", api_key=WRITE_KEY, max_upload_bytes=20_000)
    with TestClient(create_app(settings, store=s)) as c:
        yield c
    s.close()


def test_writes_refused_without_configured_key(client: TestClient) -> None:
    err = assert_error(client.post("/api/documents", content="x"), 401, "writes_disabled")
    assert "DIRECTIVE_GRAPH_API_KEY" in err["message"]


def test_upload_text_then_again(writable: TestClient) -> None:
    text = (SEEDS / "002_971c03e54ee92b8c.txt").read_text("utf-8").replace("2644", "2645")
    headers = {"X-API-Key": WRITE_KEY, "Content-Type": "text/plain; charset=utf-8"}
    first = writable.post("/api/documents", content=text.encode(), headers=headers,
                          params={"filename": "ninh-binh.txt"})
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["record"]["number"] == "2645-CV/TU" and body["load"]["added"] == 1
    assert writable.get("/health").json()["loaded"] == 5
    again = writable.post("/api/documents", content=text.encode(), headers=headers,
                          params={"filename": "ninh-binh.txt"})
    assert again.status_code == 200 and again.json()["load"]["unchanged"] == 1
    assert writable.get("/api/documents/2645-CV/TU").status_code == 200


def test_upload_multipart_file(writable: TestClient) -> None:
    text = (SEEDS / "004_d56ea9d68a9b9a32.txt").read_bytes().replace(b"183-CV", b"184-CV")
    resp = writable.post("/api/documents", headers={"X-API-Key": WRITE_KEY},
                         files={"file": ("bac-kan.txt", text, "text/plain")})
    assert resp.status_code == 201, resp.text
    assert resp.json()["record"]["number"] == "184-CV/TU"


def test_upload_errors(writable: TestClient) -> None:
    ok = {"X-API-Key": WRITE_KEY}
    assert_error(writable.post("/api/documents", content="x"), 401, "unauthorized")
    assert_error(writable.post("/api/documents", content="x", headers={"X-API-Key": "nope"}),
                 401)
    assert_error(writable.post("/api/documents", content=b"x" * 30_000, headers=ok), 413,
                 "too_large")
    assert_error(writable.post("/api/documents", content=b"  \n", headers=ok), 400)
    assert_error(writable.post("/api/documents", headers=ok,
                               files={"file": ("a.exe", b"MZ...", "application/octet-stream")}),
                 415)
    assert_error(writable.post("/api/documents", headers=ok, files={"other": ("a.txt", b"x")}),
                 400)
    assert_error(writable.post("/api/documents", content=b"\xff\xfe bad", headers=ok), 422)
    err = assert_error(writable.post("/api/documents", content="Chào buổi sáng".encode(),
                                     headers=ok), 422)
    assert "no directive found" in err["message"]
    assert writable.get("/health").json()["loaded"] == 4  # nothing half-written


# -- keys and failures -----------------------------------------------------


def test_read_key(store: Store) -> None:
    settings = Settings(store="unused", read_key="r-key", api_key=WRITE_KEY)
    with TestClient(create_app(settings, store=store)) as c:
        assert_error(c.get("/api/documents"), 401)
        assert_error(c.get("/api/documents", headers={"X-API-Key": "wrong"}), 401)
        assert c.get("/api/documents", headers={"X-API-Key": "r-key"}).status_code == 200
        assert c.get("/api/stats", headers={"X-API-Key": WRITE_KEY}).status_code == 200
        assert c.get("/").status_code == 401


def test_ambiguous_number(tmp_path: Path) -> None:
    s = seeded_store(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    text = (SEEDS / "000_668623d26e6809a1.txt").read_text("utf-8")
    (other / "copy.txt").write_text(text.replace("NAM ĐỊNH", "HÀ NAM").replace(
        "Nam Định", "Hà Nam"), "utf-8")
    load_paths(s, [other])
    try:
        with TestClient(create_app(Settings(store="unused"), store=s)) as c:
            err = assert_error(c.get(f"/api/documents/{NAM_DINH}"), 409, "ambiguous")
            assert len(err["candidates"]) == 2
    finally:
        s.close()


def test_store_failure_is_a_500_body(tmp_path: Path) -> None:
    # A store folder with nothing loaded yet: every read fails inside the store.
    empty = open_store(str(tmp_path / "empty"))
    try:
        with TestClient(create_app(Settings(store="unused"), store=empty),
                        raise_server_exceptions=False) as c:
            err = assert_error(c.get("/api/documents"), 500, "internal")
            assert "Traceback" not in err["message"]
            page = c.get("/")
            assert page.status_code == 503 and "no store here yet" in page.text
    finally:
        empty.close()


def test_app_opens_its_store_from_settings(tmp_path: Path) -> None:
    seeded_store(tmp_path).close()
    shutil.copytree(tmp_path / "store", tmp_path / "copy")
    with TestClient(create_app(Settings(store=str(tmp_path / "copy")))) as c:
        assert c.get("/health").json()["loaded"] == 4


def test_serve_says_when_the_port_is_taken(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    from api.cli import main

    seeded_store(tmp_path).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--store", str(tmp_path / "store"), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}: cannot listen" in err and "--port" in err
