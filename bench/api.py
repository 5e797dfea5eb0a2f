"""The REST API under 32 concurrent clients, beside the same handlers called in-process.

The real server (``directive-graph serve`` = uvicorn, its default workers)
runs in a subprocess on 127.0.0.1 and a free port; the load comes from a
second process: ``wrk`` when installed, else :mod:`bench.client`.  Three kinds
of request: a document (``GET /api/documents/{key}``, 48 keys spread over the
cascade's levels), a trace of a province letter's cascade (``/trace``; the
national root's trace is timed in the latency section), and a full-text
search.  Each is measured twice: **warm**, the answer cache on and every path
asked for during an untimed warm-up round (so nearly every timed answer is a
kept one: the report gives the hit share), and **cold**, a server started with
``DIRECTIVE_GRAPH_CACHE_MB=0``, so every answer is computed from the store.
Floor: the same route functions called in this process, one at a time, on the
same store.
"""

from __future__ import annotations

import json
import os
import shutil
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

from bench.client import wrk_round
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

    def __init__(self, store: Path, log: Path, env_extra: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTIVE_GRAPH_")}
        env.update(env_extra or {})
        self.log = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--store", str(store),
             "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by the server and its worker processes (Linux /proc)."""
        total, todo = 0, [self.proc.pid]
        try:
            while todo:
                pid = todo.pop()
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
                for task in Path(f"/proc/{pid}/task").iterdir():
                    todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            return None
        return total / os.sysconf("SC_CLK_TCK")

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
    """One round of the Python load client (the fallback when wrk is missing)."""
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
    """In-process p50, calls per second (one thread) and CPU seconds per call."""
    lat: list[float] = []
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        t = time.perf_counter()
        calls[i % len(calls)](store)
        lat.append(time.perf_counter() - t)
    took = time.perf_counter() - started
    return percentile(lat, 50), count / took, (time.process_time() - cpu) / count


def _round(base: str, paths: list[str], work: Path, count: int,
           seconds: float) -> dict[str, Any]:
    if shutil.which("wrk"):
        return wrk_round(base, paths, concurrency=CLIENTS, seconds=seconds, work=work)
    pfile = work / "paths.json"
    pfile.write_text(json.dumps(paths), encoding="utf-8")
    return _client(base, pfile, count, seconds)


def _serve_and_drive(ctx: Context, kinds: dict[str, tuple[list[str], list[Any]]],
                     count: dict[str, int], seconds: float, *, cache: bool,
                     reasons: dict[str, int]) -> dict[str, dict[str, float]]:
    """Start a server (answer cache on or off), drive each kind; the medians per kind."""
    import httpx

    mode = "warm" if cache else "cold"
    env = {} if cache else {"DIRECTIVE_GRAPH_CACHE_MB": "0"}
    served: dict[str, dict[str, float]] = {}
    with Server(ctx.store or Path(), ctx.work / f"server-{mode}.log", env) as server:
        server.wait()
        for paths, _ in kinds.values():
            for path in paths:  # every request answers before anything is timed
                status = httpx.get(server.base + path, timeout=60).status_code
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status} before the load started")
        for kind, (paths, _) in kinds.items():
            # Untimed: every worker meets every path (and the disk cache is warm) first.
            _round(server.base, paths, ctx.work, count[kind], 1.0 if ctx.quick else 2.0)
            cpu0 = server.cpu_seconds()
            rounds = [_round(server.base, paths, ctx.work, count[kind], seconds)
                      for _ in range(ctx.runs)]
            cpu1 = server.cpu_seconds()
            for r in rounds:
                for why, n in r.get("reasons", {}).items():
                    label = f"{kind} ({mode}): {why}"
                    reasons[label] = reasons.get(label, 0) + n
            total = sum(r["requests"] for r in rounds)
            served[kind] = {
                "p50": median(r["p50"] for r in rounds),
                "p99": median(r["p99"] for r in rounds),
                "rps": median(r["rps"] for r in rounds),
                "errors": sum(r["errors"] for r in rounds),
                "requests": total,
                "hits": sum(r.get("hits", 0) for r in rounds) / total if total else 0.0,
                # Server CPU per answer: what the answer costs, whatever else runs here.
                "cpu": (cpu1 - cpu0) / total if total and cpu0 is not None and cpu1 is not None
                else float("nan"),
                "rounds": len(rounds),
            }
    return served


def run(ctx: Context) -> Section:
    from graph.sqlite_store import SqliteStore

    sec = Section("API under 32 concurrent clients")
    assert ctx.store is not None
    kinds = _requests(ctx)
    # Bounds for the Python client, which stops at a count; wrk runs for the seconds.
    count = {"document": 4000, "trace (province cascade)": 2000, "search": 3000}
    seconds = 2.0 if ctx.quick else 4.0
    if ctx.quick:
        count = dict.fromkeys(count, 200)
    driver = ("`wrk` (C; 2 threads, " if shutil.which("wrk") else
              "`python -m bench.client` (Python asyncio, up to a core's worth; wrk is not "
              "installed; ")
    reasons: dict[str, int] = {}
    warm = _serve_and_drive(ctx, kinds, count, seconds, cache=True, reasons=reasons)
    cold = _serve_and_drive(ctx, kinds, count, seconds, cache=False, reasons=reasons)
    store = SqliteStore(ctx.store)
    rows: list[list[str]] = []
    floor_cpu: dict[str, float] = {}
    try:
        for kind, (_, calls) in kinds.items():
            for call in calls:
                call(store)  # warm, as the server was
            f50, frps, fcpu = _floor(calls, store, 48 if ctx.quick else 200)
            floor_cpu[kind] = fcpu
            for mode, r in (("kept (warm)", warm[kind]), ("computed (cold)", cold[kind])):
                cpu = "n/a" if r["cpu"] != r["cpu"] else fmt_ms(r["cpu"])
                rows.append([
                    kind, f"{r['requests']:,.0f} ({r['errors']:.0f} failed)", mode,
                    f"{r['hits']:.0%}", f"{r['rps']:,.0f}", fmt_ms(r["p50"]), fmt_ms(r["p99"]),
                    cpu, fmt_ms(f50), fmt_ms(fcpu), fmt_x(ratio(r["p50"], f50)),
                    f"{frps:,.0f}", f"{r['rounds']:.0f}"])
    finally:
        store.close()
    from api.settings import default_workers

    workers = default_workers()
    sec.text(
        f"{CLIENTS} concurrent connections from a second process, {driver}"
        f"{seconds:.0f} s per round) against `directive-graph serve` on 127.0.0.1 with its "
        f"default of {workers} worker process{'es' if workers > 1 else ''} (uvicorn with "
        "httptools and uvloop). Latency is per request as the client sees it (queueing "
        "included). **Warm**: the answer cache on, and every path asked for in an untimed "
        "round first, so the timed answers are kept ones (cache hits column). **Cold**: a "
        "server with `DIRECTIVE_GRAPH_CACHE_MB=0`: every answer computed from the store. "
        "Floor: the same route functions called in-process, one at a time (their answer "
        "encoded to JSON once, as the server sends it; no HTTP, no concurrency); × floor = "
        "server p50 ÷ in-process p50. Server CPU per "
        "answer: CPU time of the server's processes over the timed rounds ÷ answers; it "
        "moves less with the machine's other load than latency does.",
    )
    sec.table(["request", "requests (failed)", "answers", "cache hits", "req/s", "p50", "p99",
               "server CPU per answer", "in-process p50", "in-process CPU per call",
               "p50 × floor", "in-process calls/s", "rounds"], rows)
    if reasons:
        sec.text("Failed requests: " + "; ".join(f"{k} ×{v}" for k, v in sorted(reasons.items()))
                 + f" (the servers' logs are `{ctx.work.name}/server-*.log`).")
    warm_p99, cold_p99 = warm["document"]["p99"], cold["document"]["p99"]
    cold_rps, cold_cpu = cold["document"]["rps"], cold["document"]["cpu"]
    needed = CLIENTS / AIM_P99  # answers per second that keep 32 in flight under the aim
    why = (f"with {CLIENTS} requests always in flight each waits for those ahead of it "
           f"(Little's law: {CLIENTS} ÷ {cold_rps:,.0f} req/s = "
           f"{fmt_ms(CLIENTS / cold_rps if cold_rps else 0)} on average). Under "
           f"{AIM_P99 * 1000:.0f} ms takes more than {needed:,.0f} answers per second")
    if cold_cpu == cold_cpu:  # measured (not NaN)
        why += (f"; at {fmt_ms(cold_cpu)} of server CPU per computed document that is "
                f"{needed * cold_cpu:.1f} cores of pure work, and this machine has 2, "
                "shared with the load driver and other users; of that CPU the route itself "
                f"is {fmt_ms(floor_cpu['document'])} (in-process), the rest is HTTP, "
                "FastAPI's request handling and the hand-off to a route thread")
    sec.text(
        f"Aim: p99 under {AIM_P99 * 1000:.0f} ms for a document request at {CLIENTS} clients. "
        f"Measured warm (kept answers): {fmt_ms(warm_p99)}, " + (
            "meets the aim" if warm_p99 < AIM_P99 else
            f"**misses** it by {warm_p99 / AIM_P99:.1f}×")
        + f"; cold (every answer computed): {fmt_ms(cold_p99)}, " + (
            "meets the aim." if cold_p99 < AIM_P99 else
            f"**misses** it by {cold_p99 / AIM_P99:.1f}×: {why}."),
    )
    return sec

