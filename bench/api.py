"""The REST API under 32 concurrent clients, beside the same handlers called in-process.

The real server (``directive-graph serve`` = uvicorn) runs in a subprocess on
127.0.0.1 and a free port; the load comes from a second process
(:mod:`bench.client`).  Three kinds of request: a document (``GET
/api/documents/{key}``, keys spread over the cascade's levels), a trace of a
province letter's cascade (``/trace``; the national root's trace is timed in
the latency section), and a full-text search.  Floor: the same route
functions called in this process, one at a time, on the same store.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from statistics import median
from typing import Any
from urllib.parse import quote

from bench.common import REPO, Section, fmt_ms, fmt_x, percentile, ratio
from bench.context import Context

__all__ = ["run", "free_port", "Server", "AIM_P99"]

AIM_P99 = 0.050  # seconds: p99 of a document request at 32 clients
CLIENTS = 32


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``directive-graph serve`` on 127.0.0.1 in a subprocess; stopped on exit."""

    def __init__(self, store: Path, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTIVE_GRAPH_")}
        self.log = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--store", str(store),
             "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, seconds: float = 60.0) -> None:
        import httpx

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with code {self.proc.returncode}")
            try:
                if httpx.get(self.base + "/api/documents?limit=1", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {seconds:.0f} s")

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self.log.close()


def _client(base: str, paths_file: Path, count: int, seconds: float) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.client", "--base", base, "--paths", str(paths_file),
         "--concurrency", str(CLIENTS), "--count", str(count), "--seconds", str(seconds)],
        cwd=REPO, capture_output=True, text=True, timeout=seconds + 120, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"bench.client failed: {out.stderr.strip()[-300:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _requests(ctx: Context) -> dict[str, tuple[list[str], list[Callable[[Any], Any]]]]:
    """Per kind: URL paths for the server, and the same calls for the in-process floor."""
    from api.routes_documents import document_trace, get_document
    from api.routes_graph import search

    keys = sorted(ctx.keys_by_file.items())
    step = max(1, len(keys) // 48)
    doc_keys = [k for _, k in keys[::step]]
    provinces = [k for stem, k in keys if stem.startswith("r000-p")][:24] or doc_keys[:8]
    subjects = [r.subject for r in ctx.corpus.base_records()[::7] if r.subject]
    queries = ["phòng chống dịch", "kế hoạch", *(" ".join(s.split()[:3]) for s in subjects)][:24]
    return {
        "document": ([f"/api/documents/{quote(k, safe='')}" for k in doc_keys],
                     [partial(get_document, k) for k in doc_keys]),
        "trace (province cascade)": (
            [f"/api/documents/{quote(k, safe='')}/trace" for k in provinces],
            [partial(document_trace, k) for k in provinces]),
        "search": ([f"/api/search?q={quote(q)}&limit=20" for q in queries],
                   [partial(_search, search, q) for q in queries]),
    }


def _search(route: Callable[..., Any], q: str, store: Any) -> Any:
    return route(store, q, 20)


def _floor(calls: list[Callable[[Any], Any]], store: Any, count: int) -> tuple[float, float,
                                                                                   float]:
    """In-process p50, p99 and calls per second (one thread)."""
    lat: list[float] = []
    started = time.perf_counter()
    for i in range(count):
        t = time.perf_counter()
        calls[i % len(calls)](store)
        lat.append(time.perf_counter() - t)
    took = time.perf_counter() - started
    return percentile(lat, 50), percentile(lat, 99), count / took


def run(ctx: Context) -> Section:
    import httpx

    from graph.sqlite_store import SqliteStore

    sec = Section("API under 32 concurrent clients")
    assert ctx.store is not None
    kinds = _requests(ctx)
    count = {"document": 640, "trace (province cascade)": 192, "search": 384}
    seconds = 5.0 if ctx.quick else 8.0
    if ctx.quick:
        count = dict.fromkeys(count, 96)
    served: dict[str, dict[str, float]] = {}
    reasons: dict[str, int] = {}
    with Server(ctx.store, ctx.work / "server.log") as server:
        server.wait()
        for paths, _ in kinds.values():
            for path in paths:  # every request answers before anything is timed
                status = httpx.get(server.base + path, timeout=60).status_code
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status} before the load started")
        for kind, (paths, _) in kinds.items():
            pfile = ctx.work / "paths.json"
            pfile.write_text(json.dumps(paths), encoding="utf-8")
            rounds = [_client(server.base, pfile, count[kind], seconds)
                      for _ in range(ctx.runs)]
            for r in rounds:
                for why, n in r.get("reasons", {}).items():
                    reasons[f"{kind}: {why}"] = reasons.get(f"{kind}: {why}", 0) + n
            served[kind] = {
                "p50": median(r["p50"] for r in rounds),
                "p99": median(r["p99"] for r in rounds),
                "rps": median(r["rps"] for r in rounds),
                "errors": sum(r["errors"] for r in rounds),
                "requests": sum(r["requests"] for r in rounds),
                "rounds": len(rounds),
            }
    store = SqliteStore(ctx.store)
    rows: list[list[str]] = []
    try:
        for kind, (_, calls) in kinds.items():
            for call in calls:
                call(store)  # warm, as the server was
            f50, _, frps = _floor(calls, store, 48 if ctx.quick else 200)
            r = served[kind]
            rows.append([kind, f"{r['requests']:,.0f} ({r['errors']:.0f} failed)",
                         f"{r['rps']:,.0f}", fmt_ms(r["p50"]), fmt_ms(r["p99"]), fmt_ms(f50),
                         fmt_x(ratio(r["p50"], f50)), f"{frps:,.0f}", f"{r['rounds']:.0f}"])
    finally:
        store.close()
    doc_p99 = served["document"]["p99"]
    sec.text(
        f"{CLIENTS} clients from a second process against `directive-graph serve` (uvicorn, one "
        f"worker) on 127.0.0.1; each round stops after a bounded number of requests or "
        f"{seconds:.0f} s. Latency is per request as the client sees it (queueing included). "
        "Floor: the same route functions called in-process, one at a time (no HTTP, no JSON "
        "encoding, no concurrency); × floor = server p50 ÷ in-process p50.",
    )
    sec.table(["request", "requests (failed)", "req/s", "p50", "p99", "in-process p50",
               "p50 × floor", "in-process calls/s", "rounds"], rows)
    if reasons:
        sec.text("Failed requests: " + "; ".join(f"{k} ×{v}" for k, v in sorted(reasons.items()))
                 + f" (the server's log is `{ctx.work.name}/server.log`).")
    met = doc_p99 < AIM_P99
    sec.text(
        f"Aim: p99 under {AIM_P99 * 1000:.0f} ms for a document request at {CLIENTS} clients. "
        f"Measured {fmt_ms(doc_p99)}: " + (
            "meets the aim." if met else
            f"**misses** the aim by a factor of {doc_p99 / AIM_P99:.1f}. With {CLIENTS} "
            "requests in flight on one Python worker, each waits for the ones ahead of it: "
            "p99 is about the queue length times the in-process time."),
    )
    return sec
