"""``directive-graph serve --workers 2`` on 127.0.0.1: both workers answer, writes are shared.

One real server in a subprocess over a store loaded from the seed letters.
An HTTP/1.1 connection stays with the worker process that accepted it, so a
client holding one connection talks to one worker; ``/health`` says which.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.net import free_port
from tests.test_api import SEEDS, WRITE_KEY, seeded_store

REPO = Path(__file__).resolve().parents[1]
LIST = "/api/documents?limit=50"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("workers")
    seeded_store(folder).close()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTIVE_GRAPH_")}
    env["DIRECTIVE_GRAPH_API_KEY"] = WRITE_KEY
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--store", str(folder / "store"),
         "--port", str(port), "--workers", "2"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (folder / "server.log").read_text()
            assert time.monotonic() < deadline, "the server did not answer within 60 s"
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)
        log.close()


def one_per_worker(base: str, workers: int = 2, tries: int = 200) -> dict[int, httpx.Client]:
    """A client held on one connection to each worker, keyed by the worker's pid."""
    found: dict[int, httpx.Client] = {}
    spare: list[httpx.Client] = []
    try:
        for _ in range(tries):
            c = httpx.Client(base_url=base, timeout=30,
                             limits=httpx.Limits(max_connections=1))
            pid = c.get("/health").json()["worker"]
            if pid in found:
                spare.append(c)
            else:
                found[pid] = c
            if len(found) == workers:
                return found
        raise AssertionError(f"{tries} connections reached only workers {sorted(found)}")
    finally:
        for c in spare:
            c.close()


def upload(client: httpx.Client, text: str, name: str) -> httpx.Response:
    return client.post("/api/documents", content=text.encode(), params={"filename": name},
                       headers={"X-API-Key": WRITE_KEY,
                                "Content-Type": "text/plain; charset=utf-8"})


def renumbered(old: str, new: str) -> str:
    """The Ninh Bình seed letter under another number: a new document to upload."""
    return (SEEDS / "002_971c03e54ee92b8c.txt").read_text("utf-8").replace(old, new)


def test_two_workers_share_writes_and_drop_kept_answers(server: str) -> None:
    clients = one_per_worker(server)
    try:
        (pid_a, a), (pid_b, b) = sorted(clients.items())
        assert pid_a != pid_b
        before: dict[int, Any] = {}
        for pid, c in clients.items():
            first, again = c.get(LIST), c.get(LIST)
            assert first.status_code == again.status_code == 200
            assert again.headers["x-answer-cache"] == "hit"  # each worker keeps the list
            assert c.get("/health").json()["worker"] == pid  # still the same connection
            before[pid] = again.json()["total"]
        assert before[pid_a] == before[pid_b]

        made = upload(a, renumbered("2644", "2650"), "ninh-binh-2650.txt")
        assert made.status_code == 201, made.text
        key = made.json()["key"]

        for c in (b, a):  # the other worker first: nothing tells it but the store
            after = c.get(LIST)
            assert after.headers["x-answer-cache"] == "miss"
            assert after.json()["total"] > before[pid_a]  # it, and what it cites
            assert key in {item["key"] for item in after.json()["items"]}
            doc = c.get("/api/documents/2650-CV/TU")
            assert doc.status_code == 200 and doc.json()["key"] == key
    finally:
        for c in clients.values():
            c.close()


def test_uploads_at_once_on_both_workers_both_land(server: str) -> None:
    clients = one_per_worker(server)
    answers: dict[str, httpx.Response] = {}

    def send(client: httpx.Client, number: str) -> None:
        answers[number] = upload(client, renumbered("2644", number), f"nb-{number}.txt")

    try:
        threads = [threading.Thread(target=send, args=(c, n))
                   for c, n in zip(clients.values(), ("2661", "2662"), strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert {n: r.status_code for n, r in answers.items()} == {"2661": 201, "2662": 201}
        for c in clients.values():
            for number in ("2661", "2662"):
                assert c.get(f"/api/documents/{number}-CV/TU").status_code == 200
    finally:
        for c in clients.values():
            c.close()


def test_workers_refused_below_one(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from api.cli import main

    seeded_store(tmp_path).close()
    store = str(tmp_path / "store")
    assert main(["serve", "--store", store, "--workers", "0"]) == 1
    assert "--workers 0: must be at least 1" in capsys.readouterr().err
    monkeypatch.setenv("DIRECTIVE_GRAPH_WORKERS", "two")
    assert main(["serve", "--store", store]) == 1
    assert "DIRECTIVE_GRAPH_WORKERS: not a whole number: 'two'" in capsys.readouterr().err
