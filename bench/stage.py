"""``python -m bench.stage STAGE ...``: one stage in a fresh process, for its peak memory.

Imports what the stage needs, notes the peak resident size so far (the
floor: Python with those modules loaded), does the work once, and prints one
JSON line with both peaks (KiB, the kernel's ``VmHWM``) and the seconds the
work took.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["main", "STAGES"]

STAGES = ("parse", "load", "reopen", "trace")


def _peak_kib() -> int:
    """This process's peak resident size in KiB.

    ``VmHWM`` first: ``ru_maxrss`` survives ``exec`` on Linux, so a child
    started from a large parent would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.stage", description=__doc__)
    ap.add_argument("stage", choices=STAGES)
    ap.add_argument("--docs", type=Path, help="JSON list of document paths (parse, load)")
    ap.add_argument("--store", type=Path, help="store folder (load writes a new one)")
    ap.add_argument("--root", default="", help="document key to trace")
    args = ap.parse_args(argv)

    from graph.analyses import trace
    from graph.load import load_paths
    from graph.sqlite_store import SqliteStore
    from loaders import parse_file

    paths = json.loads(args.docs.read_text(encoding="utf-8")) if args.docs else []
    floor = _peak_kib()
    started = time.perf_counter()
    result: dict[str, Any] = {}
    if args.stage == "parse":
        result["items"] = sum(1 for p in paths if parse_file(p) is not None)
    elif args.stage == "load":
        store = SqliteStore(args.store)
        report = load_paths(store, paths)
        store.close()
        result["items"], result["errors"] = report.added, len(report.errors)
    elif args.stage == "reopen":
        store = SqliteStore(args.store)
        result["items"] = store.graph().number_of_nodes()
        store.close()
    else:
        store = SqliteStore(args.store)
        result["items"] = len(trace(store.cascade_documents(args.root), args.root).steps)
        store.close()
    result.update(seconds=time.perf_counter() - started, floor_kib=floor, peak_kib=_peak_kib())
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
