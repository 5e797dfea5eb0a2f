"""The load generators: Debian's ``wrk`` when installed, else ``python -m bench.client``.

Both run as their own process and send GET requests for a list of paths from
N concurrent connections, and report the same figures: requests, errors,
seconds, requests per second, p50, p99 and max latency, and how many answers
said ``x-answer-cache: hit``.  ``wrk`` (C, one event loop per thread) takes a
small share of a core; the Python client (asyncio tasks, one keep-alive
connection each, reading just what a JSON answer needs) takes up to a whole
one, which on a two-core machine is a core the server does not get -- so the
report names the driver that ran.

``python -m bench.client`` sends requests round-robin until ``--count`` are
done or ``--seconds`` have passed; ``wrk`` runs for the given seconds.  Only
loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["main", "drive", "wrk_round", "parse_wrk", "WRK_SCRIPT"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class _Connection:
    """One keep-alive HTTP/1.1 connection: GET, read the answer, nothing more.

    httpx spent more CPU per request than the cached server does, so the
    fallback driver measured itself; this reads just what a JSON answer needs.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, dict[bytes, bytes]]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip()
                   for k, _, v in (ln.partition(b":") for ln in lines[1:] if ln)}
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            while size := int((await self.reader.readline()).strip(), 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            await self.reader.readexactly(int(headers.get(b"content-length", b"0")))
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return status, headers

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def drive(base: str, paths: list[str], *, concurrency: int, count: int,
                seconds: float) -> dict[str, Any]:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    latencies: list[float] = []
    errors = hits = 0
    reasons: dict[str, int] = {}
    issued = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal issued, errors, hits
        conn = _Connection(host, port)
        try:
            while issued < count and time.perf_counter() < deadline:
                path = paths[issued % len(paths)]
                issued += 1
                t = time.perf_counter()
                try:
                    status, headers = await asyncio.wait_for(conn.get(path), 60.0)
                    why = "" if status == 200 else f"HTTP {status}"
                    hits += headers.get(b"x-answer-cache") == b"hit"
                except (TimeoutError, OSError, ValueError, IndexError,
                        asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
                    why = type(exc).__name__
                    conn.close()
                latencies.append(time.perf_counter() - t)
                if why:
                    errors += 1
                    reasons[why] = reasons.get(why, 0) + 1
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    took = time.perf_counter() - started
    latencies.sort()

    def pct(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, max(0, round(q * len(latencies) + 0.5) - 1))]

    return {"requests": len(latencies), "errors": errors, "reasons": reasons, "hits": hits,
            "seconds": took,
            "rps": len(latencies) / took if took else 0.0, "p50": pct(0.50), "p99": pct(0.99),
            "max": latencies[-1] if latencies else float("nan")}


#: wrk's Lua script: a spread of paths (one per line of the file named after ``--``),
#: each connection starting at its own place; counts the cache's hits; prints JSON.
WRK_SCRIPT = r"""
local paths, threads, i = {}, {}, 0
hits = 0  -- a global: done() reads each thread's with thread:get
function setup(thread) table.insert(threads, thread) end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.random(#paths) - 1
end
function request()
  i = (i % #paths) + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if headers["x-answer-cache"] == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local h = 0
  for _, t in ipairs(threads) do h = h + t:get("hits") end
  io.write(string.format('WRK {"hits": %d, "p50": %d, "p99": %d, "max": %d}\n', h,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""

_WRK_TOTAL = re.compile(r"(\d+) requests in ([\d.]+)(us|ms|s|m)")
_WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_UNIT = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def parse_wrk(out: str) -> dict[str, Any]:
    """wrk's report (with :data:`WRK_SCRIPT`'s JSON line) as :func:`drive`'s figures.

    >>> r = parse_wrk("  1200 requests in 2.00s, 3.1MB read\\n  Non-2xx or 3xx responses: 3\\n"
    ...               'WRK {"hits": 1100, "p50": 2500, "p99": 9000, "max": 12000}')
    >>> r["rps"], r["errors"], r["hits"], r["p50"], r["p99"]
    (600.0, 3, 1100, 0.0025, 0.009)
    """
    total = _WRK_TOTAL.search(out)
    line = next((ln for ln in out.splitlines() if ln.startswith("WRK ")), None)
    if total is None or line is None:
        raise RuntimeError(f"wrk: unreadable report: {out.strip()[-300:]!r}")
    figures = json.loads(line[4:])
    requests = int(total.group(1))
    seconds = float(total.group(2)) * _UNIT[total.group(3)]
    reasons: dict[str, int] = {}
    non2xx = _WRK_NON2XX.search(out)
    if non2xx:
        reasons["HTTP status not 2xx"] = int(non2xx.group(1))
    sock = _WRK_SOCKET.search(out)
    if sock:
        for name, n in zip(("connect", "read", "write", "timeout"), sock.groups(), strict=True):
            if int(n):
                reasons[f"socket {name} error"] = int(n)
    return {"requests": requests, "errors": sum(reasons.values()), "reasons": reasons,
            "hits": int(figures["hits"]), "seconds": seconds,
            "rps": requests / seconds if seconds else 0.0,
            "p50": figures["p50"] / 1e6, "p99": figures["p99"] / 1e6,
            "max": figures["max"] / 1e6}


def wrk_round(base: str, paths: list[str], *, concurrency: int, seconds: float,
              work: Path) -> dict[str, Any]:
    """One timed round of ``wrk`` (must be on PATH) against ``base``."""
    host = urlsplit(base).hostname or ""
    if host not in _LOOPBACK:
        raise ValueError(f"{base}: only loopback addresses are allowed")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed")
    script, pfile = work / "wrk-paths.lua", work / "wrk-paths.txt"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    pfile.write_text("\n".join(paths) + "\n", encoding="utf-8")
    out = subprocess.run(
        [wrk, "-t2", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
         "-s", str(script), base, "--", str(pfile)],
        capture_output=True, text=True, timeout=seconds + 60, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed: {(out.stderr or out.stdout).strip()[-300:]}")
    return parse_wrk(out.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.client", description=__doc__)
    ap.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    ap.add_argument("--paths", type=Path, required=True, help="JSON list of request paths")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--count", type=int, default=500, help="requests at most")
    ap.add_argument("--seconds", type=float, default=20.0, help="time limit")
    args = ap.parse_args(argv)
    host = urlsplit(args.base).hostname or ""
    if host not in _LOOPBACK:
        print(f"bench.client: {args.base}: only loopback addresses are allowed", file=sys.stderr)
        return 2
    paths = json.loads(args.paths.read_text(encoding="utf-8"))
    if not paths:
        print(f"bench.client: {args.paths}: no paths", file=sys.stderr)
        return 2
    result = asyncio.run(drive(args.base, paths, concurrency=args.concurrency,
                               count=args.count, seconds=args.seconds))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
