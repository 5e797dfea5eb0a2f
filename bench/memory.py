"""Peak memory per stage: parse, load, reopen, trace, each in a fresh process.

The peak is the kernel's high-water mark (``VmHWM``) of a subprocess that
does one stage once (:mod:`bench.stage`); its floor is the same process's peak after importing the
modules and before the work.  A stage's own cost is the difference.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.common import REPO, Section, fmt_rate, fmt_x, ratio
from bench.context import Context

__all__ = ["run", "run_stage"]


def run_stage(args: list[str], timeout: float = 300.0) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.stage", *args], cwd=REPO,
                         capture_output=True, text=True, timeout=timeout, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"bench.stage {args[0]} failed: {out.stderr.strip()[-300:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _mib(kib: float) -> str:
    return f"{kib / 1024:,.0f} MiB"


def run(ctx: Context) -> Section:
    sec = Section("Peak memory per stage")
    assert ctx.store is not None
    base = [str(p) for p in ctx.corpus.base]
    docs = ctx.work / "stage-docs.json"
    docs.write_text(json.dumps(base), encoding="utf-8")
    sample = ctx.work / "stage-sample.json"
    sample.write_text(json.dumps(base[:: 1 if ctx.quick else 4]), encoding="utf-8")
    fresh = ctx.work / "stores" / "stage-load"
    runs = 1 if ctx.quick else 2
    plan = [
        ("parse", f"`parse_file` on {len(base[:: 1 if ctx.quick else 4])} files",
         ["parse", "--docs", str(sample)], 1),
        ("load", f"`load_paths` of the {len(base)} files of the 1x corpus into a new store "
                 "(read + parse + store)", ["load", "--docs", str(docs), "--store", str(fresh)],
         1),
        ("reopen", "open the 1x store + `graph()`", ["reopen", "--store", str(ctx.store)], runs),
        ("trace", "open the 1x store + trace of the national root",
         ["trace", "--store", str(ctx.store), "--root", ctx.root_key], runs),
    ]
    if fresh.exists():
        shutil.rmtree(fresh)
    if ctx.quick:
        # A smoke test needs the numbers, not quiet: the stages' processes run side by side.
        with ThreadPoolExecutor(len(plan)) as pool:
            done = list(pool.map(lambda p: [run_stage(p[2])], plan))
    else:
        done = [[run_stage(args) for _ in range(n)] for _, _, args, n in plan]
    rows = []
    end_to_end = None
    for (name, what, _, _n), results in zip(plan, done, strict=True):
        peak = statistics.median(r["peak_kib"] for r in results)
        floor = statistics.median(r["floor_kib"] for r in results)
        if name == "load":
            r = results[0]
            end_to_end = (r["items"], r["seconds"], r.get("errors", 0))
        rows.append([f"{name}: {what}", _mib(peak), _mib(floor), _mib(peak - floor),
                     fmt_x(ratio(peak, floor)), str(len(results))])
    sec.text("Each stage runs once in a fresh Python process (the single-run stages take the "
             "longest; their memory does not depend on noise). Floor: the same process after "
             "its imports, before the work.")
    sec.table(["stage", "peak RSS", "floor (imports)", "stage's own", "× floor", "runs"], rows)
    if end_to_end is not None:
        added, seconds, errors = end_to_end
        sec.text(f"End to end, in that cold process (one run, for information): `load_paths` "
                 f"read, parsed and stored {added} documents in {seconds:.1f} s, "
                 f"{fmt_rate(added / seconds)} ({errors} files refused).")
    return sec
