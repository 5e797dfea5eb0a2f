"""``directive-graph parse PATH...``: one JSON record per file, JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from graph.errors import LoaderError
from loaders import parse_file
from loaders.read import iter_document_paths

__all__ = ["register", "run_parse"]


def register(sub: Any) -> None:
    p = sub.add_parser(
        "parse",
        help="parse document files and print one JSON record per file",
        description="Parse document files (.txt .md .html .docx .pdf) into records, "
        "printed as JSON Lines. A folder means every document file in it. "
        "Files that fail are named on stderr; the exit status is 1 if any failed.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--pretty", action="store_true", help="indented JSON for people")
    p.add_argument("--text", action="store_true", help="include the cleaned text spans point into")
    p.set_defaults(func=run_parse)


def run_parse(args: argparse.Namespace) -> int:
    failed = 0
    for path in iter_document_paths(args.paths):
        try:
            record = parse_file(path)
        except LoaderError as exc:
            print(f"directive-graph: {exc}", file=sys.stderr)
            failed += 1
            continue
        data = record.to_dict(with_text=args.text)
        data["source"] = str(path)
        if args.pretty:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(json.dumps(data, ensure_ascii=False))
    return 1 if failed else 0
