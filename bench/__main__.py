"""``python -m bench``: run the benchmark suite and write ``BENCHMARKS.md``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.common import REPO
from bench.suite import Options, default_work, run_suite

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure parse, load, reopen, trace/lineage/coverage, the API, the "
        "explorer, memory, growth and accuracy on a generated corpus; write a Markdown report.",
    )
    ap.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md",
                    help="report file (default BENCHMARKS.md at the repository root)")
    ap.add_argument("--work", type=Path, default=None,
                    help="scratch folder for corpora and stores (default bench-out/, replaced)")
    ap.add_argument("--quick", action="store_true",
                    help="a tiny corpus and fewer runs: checks the suite works, in about a minute")
    ap.add_argument("--runs", type=int, default=None, help="runs per figure (default 3; quick 1)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the generated corpus")
    args = ap.parse_args(argv)
    runs = args.runs if args.runs is not None else (1 if args.quick else 3)
    if runs < 1:
        ap.error("--runs must be at least 1")
    work = args.work or default_work()
    run_suite(Options(out=args.out, work=work, quick=args.quick, runs=runs, seed=args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
