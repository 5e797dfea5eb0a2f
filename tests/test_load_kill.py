"""A load killed midway (SIGKILL) leaves a readable store of whole documents only."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from graph.build import contribution
from graph.load import load_paths
from graph.sqlite_db import DB_FILE
from graph.sqlite_store import SqliteStore

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
DOCS = 80
ROOT = Path(__file__).resolve().parent.parent


def _corpus(folder: Path) -> None:
    """Many distinct documents: the numbered seeds under new numbers."""
    seeds = {"000": "56-CV/TU", "002": "2644 - CV/TU", "004": "183-CV/TU"}
    texts = [
        (next(SEEDS.glob(f"{k}_*.txt")).read_text(encoding="utf-8"), n) for k, n in seeds.items()
    ]
    for i in range(DOCS):
        text, number = texts[i % len(texts)]
        text = text.replace(f"Số {number}", f"Số {1000 + i}-CV/TU")
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")


def _stored_documents(path: Path) -> int:
    if not (path / DB_FILE).exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{path / DB_FILE}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # the schema is being created


def _assert_whole(store_path: Path) -> int:
    store = SqliteStore(store_path)
    conn = sqlite3.connect(store_path / DB_FILE)
    keys = [k for (k,) in conn.execute("SELECT key FROM documents")]
    for key in keys:
        rec = store.record(key)
        assert rec is not None and rec.text, f"{key}: record or text missing"
        (rec_json,) = conn.execute("SELECT record FROM documents WHERE key = ?", (key,)).fetchone()
        json.loads(rec_json)
        loaded = conn.execute("SELECT loaded FROM nodes WHERE id = ?", ("doc:" + key,)).fetchone()
        assert loaded == (1,), f"{key}: document node missing"
        expected = contribution(rec)
        stored = Counter(
            (rel, ev)
            for rel, ev in conn.execute("SELECT rel, evidence FROM edges WHERE doc = ?", (key,))
        )
        want = Counter((e.rel, e.attrs.get("evidence")) for e in expected.edges)
        assert stored == want, f"{key}: edges differ from what its record asserts"
        tasks = conn.execute("SELECT count(*) FROM nodes WHERE owner = ? AND kind = 'task'", (key,))
        assert tasks.fetchone()[0] == len(expected.owned), f"{key}: tasks incomplete"
        assert conn.execute("SELECT 1 FROM search WHERE key = ?", (key,)).fetchone()
    dangling = conn.execute(
        "SELECT count(*) FROM edges e WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = e.src)"
        " OR NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = e.dst)"
    ).fetchone()[0]
    assert dangling == 0
    conn.close()
    store.graph()  # the whole graph builds from what is there
    store.close()
    return len(keys)


@pytest.mark.slow
def test_sigkill_mid_load_leaves_whole_documents(tmp_path: Path) -> None:
    folder, store_path = tmp_path / "docs", tmp_path / "store"
    folder.mkdir()
    _corpus(folder)
    cmd = [
        sys.executable,
        "-c",
        "import sys; from api.cli import main; sys.exit(main())",
        "load",
        "--store",
        str(store_path),
        str(folder),
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 120
    while _stored_documents(store_path) < 10 and proc.poll() is None:
        assert time.monotonic() < deadline, "the load stored nothing within two minutes"
        time.sleep(0.02)
    running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert running, f"the load finished before it could be killed: {stderr[-500:]}"

    stored = _assert_whole(store_path)
    assert 10 <= stored < DOCS

    store = SqliteStore(store_path)
    report = load_paths(store, [folder])
    assert report.errors == []
    assert report.unchanged == stored and report.added == DOCS - stored
    assert store.stats()["documents"] == DOCS
    store.close()
    assert _assert_whole(store_path) == DOCS
