"""``python -m bench.client``: the load generator, run as its own process.

N concurrent clients (asyncio tasks sharing one httpx connection pool) send
GET requests for the given paths round-robin until ``--count`` requests are
done or ``--seconds`` have passed, whichever comes first; prints one JSON
line: requests, errors, seconds, requests per second, p50, p99 and max
latency.  Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["main", "drive"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


async def drive(base: str, paths: list[str], *, concurrency: int, count: int,
                seconds: float) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    reasons: dict[str, int] = {}
    issued = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60.0) as client:

        async def worker() -> None:
            nonlocal issued, errors
            while issued < count and time.perf_counter() < deadline:
                path = paths[issued % len(paths)]
                issued += 1
                t = time.perf_counter()
                try:
                    resp = await client.get(path)
                    await resp.aread()
                    why = "" if resp.status_code == 200 else f"HTTP {resp.status_code}"
                except httpx.HTTPError as exc:
                    why = type(exc).__name__
                latencies.append(time.perf_counter() - t)
                if why:
                    errors += 1
                    reasons[why] = reasons.get(why, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        took = time.perf_counter() - started
    latencies.sort()

    def pct(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, max(0, round(q * len(latencies) + 0.5) - 1))]

    return {"requests": len(latencies), "errors": errors, "reasons": reasons, "seconds": took,
            "rps": len(latencies) / took if took else 0.0, "p50": pct(0.50), "p99": pct(0.99),
            "max": latencies[-1] if latencies else float("nan")}


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
