"""``directive-graph generate``: write a generated national corpus with its ground truth."""

from __future__ import annotations

import argparse
from typing import Any

from graph.errors import DirectiveGraphError

__all__ = ["register", "run_generate"]


def _provinces(value: str) -> list[str] | int:
    """``--provinces 3`` (the first three, in code order) or ``--provinces "Nam Định,Bắc Kạn"``."""
    value = value.strip()
    if value.isdigit():
        return int(value)
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected a number or province names, comma-separated")
    return names


def register(sub: Any) -> None:
    p = sub.add_parser(
        "generate",
        help="write a generated national corpus (documents, gold files, truth.json)",
        description="Write a deterministic generated corpus: central directives and every "
        "province's, district's (and commune's) implementing document, built on the "
        "pre-2025 administrative map. DIR gets docs/, gold/ (one gold file per document) "
        "and truth.json (the cascade: parents, responses, lags). The same seed gives the "
        "same bytes. An existing DIR is replaced only if it holds an earlier corpus.",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--levels", default="province,district",
                   help="levels below the centre: province[,district[,commune]] "
                   "(default province,district)")
    p.add_argument("--roots", type=int, default=1, help="central directives (default 1)")
    p.add_argument("--noise", default="mixed", choices=("none", "ocr", "web", "mixed"),
                   help="scan/web damage (default mixed)")
    p.add_argument("--scale", type=int, default=1,
                   help="repeat the roots this many times, for benchmark corpora (default 1)")
    p.add_argument("--provinces", type=_provinces, default=None, metavar="N|NAMES",
                   help="only the first N provinces, or the named ones (comma-separated)")
    p.add_argument("--silent", type=float, default=0.08,
                   help="share of addressed units that never respond (default 0.08)")
    p.set_defaults(func=run_generate)


def run_generate(args: argparse.Namespace) -> int:
    from synth import generate_corpus  # imported here: the CLI starts without it

    levels = [v.strip() for v in args.levels.split(",") if v.strip()]
    try:
        summary = generate_corpus(
            args.out, seed=args.seed, levels=levels, roots=args.roots, noise=args.noise,
            scale=args.scale, provinces=args.provinces, silent=args.silent,
        )
    except OSError as exc:
        reason = exc.strerror or exc
        raise DirectiveGraphError(f"{args.out}: cannot write corpus: {reason}") from None
    print(summary.line())
    return 0
