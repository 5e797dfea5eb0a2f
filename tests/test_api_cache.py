"""The answer cache (api.answer_cache) through the real app over a real embedded store.

A kept answer must be byte for byte what the route answers, must go the
moment the store changes (an upload, or a load from another connection),
and must never let a request past the read key.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.load import load_paths
from graph.sqlite_store import SqliteStore
from graph.store import Store
from tests.test_api import NAM_DINH, SEEDS, WRITE_KEY, seeded_store

DOC = f"/api/documents/{NAM_DINH}"


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = seeded_store(tmp_path)
    yield s
    s.close()


def client(store: Store, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(store="unused", **settings), store=store))  # type: ignore[arg-type]


def test_kept_answer_is_the_routes_answer_plain_and_gzipped(store: Store) -> None:
    with client(store) as c:
        first = c.get(DOC, headers={"Accept-Encoding": "identity"})
        again = c.get(DOC, headers={"Accept-Encoding": "identity"})
        zipped = c.get(DOC, headers={"Accept-Encoding": "gzip"})
    with client(store, cache_mb=0) as plain:
        uncached = plain.get(DOC, headers={"Accept-Encoding": "identity"})
    assert "x-answer-cache" not in uncached.headers
    assert [first.headers["x-answer-cache"], again.headers["x-answer-cache"]] == ["miss", "hit"]
    assert first.content == again.content == uncached.content
    assert again.headers["content-type"] == uncached.headers["content-type"]
    assert int(again.headers["content-length"]) == len(again.content)
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.json() == json.loads(uncached.content)
    # httpx undid the gzip; the bytes on the wire were smaller.
    assert len(gzip.compress(uncached.content)) < len(uncached.content)


def test_errors_and_writes_are_not_kept(store: Store) -> None:
    with client(store, api_key=WRITE_KEY) as c:
        for _ in range(2):
            missing = c.get("/api/documents/99-CV/XX")
            assert missing.status_code == 404 and "x-answer-cache" not in missing.headers
            bad = c.get("/api/documents", params={"limit": "many"})
            assert bad.status_code == 422 and "x-answer-cache" not in bad.headers
        assert "x-answer-cache" not in c.get("/health").headers
        assert "x-answer-cache" not in c.get("/api/export", params={"root": NAM_DINH}).headers


def test_upload_drops_kept_answers(store: Store) -> None:
    with client(store, api_key=WRITE_KEY) as c:
        assert c.get("/api/documents").headers["x-answer-cache"] == "miss"
        kept = c.get("/api/documents")
        assert kept.headers["x-answer-cache"] == "hit"
        assert c.get("/api/documents/2651-CV/TU").status_code == 404
        text = (SEEDS / "002_971c03e54ee92b8c.txt").read_text("utf-8").replace("2644", "2651")
        made = c.post("/api/documents", content=text.encode(), params={"filename": "nb.txt"},
                      headers={"X-API-Key": WRITE_KEY, "Content-Type": "text/plain"})
        assert made.status_code == 201, made.text
        after = c.get("/api/documents")
        assert after.headers["x-answer-cache"] == "miss"
        assert after.json()["total"] > kept.json()["total"]
        assert c.get("/api/documents/2651-CV/TU").status_code == 200


def test_a_load_from_another_connection_drops_kept_answers(store: Store,
                                                           tmp_path: Path) -> None:
    with client(store) as c:
        c.get("/api/search", params={"q": "phòng chống dịch"})
        kept = c.get("/api/search", params={"q": "phòng chống dịch"})
        assert kept.headers["x-answer-cache"] == "hit"
        extra = tmp_path / "extra"
        extra.mkdir()
        text = (SEEDS / "000_668623d26e6809a1.txt").read_text("utf-8")
        (extra / "copy.txt").write_text(text.replace("Số 56-CV/TU", "Số 58-CV/TU"), "utf-8")
        # A second store object: its own connections, as `directive-graph load` would be.
        from graph.open import open_store

        other = open_store(str(store.path))  # type: ignore[attr-defined]
        try:
            assert load_paths(other, [extra]).added == 1
        finally:
            other.close()
        after = c.get("/api/search", params={"q": "phòng chống dịch"})
        assert after.headers["x-answer-cache"] == "miss"
        assert len(after.json()["items"]) == len(kept.json()["items"]) + 1


def test_read_key_is_checked_before_a_kept_answer(store: Store) -> None:
    with client(store, read_key="r-key", api_key=WRITE_KEY) as c:
        for key in ("r-key", "r-key", WRITE_KEY):
            ok = c.get(DOC, headers={"X-API-Key": key})
            assert ok.status_code == 200
        assert ok.headers["x-answer-cache"] == "hit"
        for headers in ({}, {"X-API-Key": "wrong"}):
            refused = c.get(DOC, headers=headers)
            assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"


def _renumbered(folder: Path, number: str) -> Path:
    """A folder holding the Nam Định seed letter under another number."""
    folder.mkdir()
    text = (SEEDS / "000_668623d26e6809a1.txt").read_text("utf-8")
    (folder / "copy.txt").write_text(text.replace("Số 56-CV/TU", f"Số {number}"), "utf-8")
    return folder


def test_the_embedded_version_moves_with_a_load_from_another_process(store: Store,
                                                                     tmp_path: Path) -> None:
    assert SqliteStore(tmp_path / "empty").data_version() is None  # no database yet
    before = store.data_version()
    assert before is not None
    store.graph()
    store.search("phòng chống dịch")
    assert store.data_version() == before  # reading writes nothing
    extra = _renumbered(tmp_path / "extra", "59-CV/TU")
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "load", "--store", str(store.path), str(extra)],  # type: ignore[attr-defined]
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    moved = store.data_version()
    assert moved is not None and moved != before
    assert store.data_version() == moved
    assert store.resolve_document("59-CV/TU")


class AskedStore(SqliteStore):
    """The embedded store with its version read as a server's is: in a worker thread."""

    data_version_is_local = False


def test_a_version_asked_off_the_event_loop_keeps_and_drops_alike(store: Store,
                                                                   tmp_path: Path) -> None:
    asked = AskedStore(store.path)  # type: ignore[attr-defined]
    try:
        with client(asked) as c:
            assert c.get(DOC).headers["x-answer-cache"] == "miss"
            assert c.get(DOC).headers["x-answer-cache"] == "hit"
            assert load_paths(store, [_renumbered(tmp_path / "extra", "58-CV/TU")]).added == 1
            after = c.get("/api/documents")
            assert after.headers["x-answer-cache"] == "miss"
            assert "58-CV/TU" in after.text
            assert c.get(DOC).headers["x-answer-cache"] == "miss"  # every answer went
    finally:
        asked.close()
