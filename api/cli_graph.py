"""The graph commands: ``load``, ``trace``, ``lineage``, ``coverage``, ``unit``,
``search``, ``stats``, ``timeline``, ``export``.

Each prints a readable table or tree (see :mod:`api.render`), or with
``--json`` the analysis result as JSON (the same dicts the API returns).  A
document is named by its key or its number ("201-CV/TU"); a unit by its name
in any spelling.  The store is ``--store``, else ``$DIRECTIVE_GRAPH_STORE``,
else the default :func:`graph.open.open_store` picks.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from api import render
from graph import analyses
from graph.coverage import coverage, coverage_slice
from graph.errors import DirectiveGraphError
from graph.export import FORMATS, export
from graph.neo4j_import import loaded_records
from graph.open import ENV_VAR, open_store
from graph.store import LoadReport, Store
from graph.views import parse_date
from loaders.read import iter_document_paths

__all__ = ["register", "Progress", "store_option"]


def _iso_date(text: str) -> str:
    if parse_date(text) is None or len(text) != 10:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2021-01-31")
    return text


def store_option(p: argparse.ArgumentParser) -> None:
    """``--store``: the one spelling of the option every store-reading command takes."""
    p.add_argument(
        "--store",
        metavar="LOCATION",
        default=None,
        help=f"store folder or bolt:// URI (default: ${ENV_VAR}, else the default store)",
    )


def _common(p: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    store_option(p)
    if json_flag:
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "load",
        help="parse document files and load them into the graph store",
        description="Parse document files (a folder means every document file in it) and "
        "load them. Reloading an unchanged file changes nothing; a changed one replaces "
        "its old version. Prints what was added, replaced and unchanged, and each file "
        "that failed on its own line; the exit status is 1 if any file failed.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    _common(p)
    p.set_defaults(func=run_load)

    for name, help_text, func in (
        ("trace", "the documents that carry DOC out, level by level", run_trace),
        ("lineage", "the chain of documents DOC carries out, up to the root", run_lineage),
        ("coverage", "which units DOC reached, and which have responded", run_coverage),
    ):
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text[0].upper()
            + help_text[1:]
            + ". DOC is a document key or number such as 201-CV/TU.",
        )
        p.add_argument("doc", metavar="DOC")
        _common(p)
        if name == "coverage":
            p.add_argument(
                "--as-of",
                metavar="DATE",
                default=None,
                type=_iso_date,
                help="judge deadlines as of this ISO date (default: today)",
            )
        else:
            p.add_argument(
                "--depth",
                type=int,
                default=analyses.MAX_DEPTH,
                help="levels to follow at most (default %(default)s)",
            )
        p.set_defaults(func=func)

    p = sub.add_parser(
        "unit",
        help="what a unit issued, received and was asked to do",
        description="Documents a unit issued and received, the tasks it was "
        "given, and its place in the hierarchy. NAME in any spelling.",
    )
    p.add_argument("name", metavar="NAME")
    _common(p)
    p.set_defaults(func=run_unit)

    p = sub.add_parser("search", help="full-text search over subjects and bodies")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20)
    _common(p)
    p.set_defaults(func=run_search)

    p = sub.add_parser("stats", help="counts by kind, relation, level and type; largest cascades")
    _common(p)
    p.set_defaults(func=run_stats)

    p = sub.add_parser("timeline", help="documents per day, of the whole graph or one cascade")
    p.add_argument("doc", metavar="DOC", nargs="?", default=None)
    _common(p)
    p.set_defaults(func=run_timeline)

    p = sub.add_parser(
        "export",
        help="write the graph as GraphML, node-link JSON or Neo4j import CSV",
        description="Write the whole graph to --out: GraphML (Gephi), node-link JSON, or a "
        "folder of CSV files for `neo4j-admin database import full`. With --to bolt://... "
        "copy it into a running Neo4j instead.",
    )
    p.add_argument("--format", choices=FORMATS, default="graphml")
    p.add_argument("--out", metavar="PATH", type=Path, default=None)
    p.add_argument(
        "--to",
        metavar="URI",
        default=None,
        help="copy into a Neo4j server (bolt://host:7687) instead of writing files",
    )
    _common(p, json_flag=False)
    p.set_defaults(func=run_export)


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[Store]:
    store = open_store(args.store)
    try:
        yield store
    finally:
        store.close()


def _jsonable(result: Any) -> Any:
    if is_dataclass(result) and not isinstance(result, type):
        return asdict(result)
    if isinstance(result, list):
        return [_jsonable(r) for r in result]
    return result


def _emit(args: argparse.Namespace, result: Any, text: Callable[[Any], str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(_jsonable(result), ensure_ascii=False, indent=2))
    else:
        print(text(result))


class Progress:
    """Load progress on stderr: a bar on a terminal, else a line every tenth of the way."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last_step = -1

    def __call__(self, path: str, report: LoadReport) -> None:
        self.done += 1
        done, total = self.done, max(self.total, self.done)
        if self.tty:
            filled = 30 * done // total
            bar = "#" * filled + "." * (30 - filled)
            errors = f" {len(report.errors)} failed" if report.errors else ""
            name = render.clip(Path(path).name, 40)
            self.stream.write(f"\r[{bar}] {done}/{total}{errors} {name}\033[K")
            if done >= total:
                self.stream.write("\n")
        else:
            step = 10 * done // total
            if step != self.last_step:
                self.last_step = step
                self.stream.write(f"loaded {done}/{total} files\n")
        self.stream.flush()


def run_load(args: argparse.Namespace) -> int:
    from graph.load import load_paths

    paths = list(iter_document_paths(args.paths))
    with _opened(args) as store:
        report = load_paths(store, paths, progress=Progress(len(paths)))
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    else:
        head, *errors = render.render_load(report).split("\n")
        print(head)
        for line in errors:
            print(f"directive-graph: {line}", file=sys.stderr)
    return 1 if report.errors else 0


def _walk(args: argparse.Namespace, direction: str) -> None:
    with _opened(args) as store:
        key = analyses.pick_document(store, args.doc)
        g = store.cascade_documents(key, direction=direction, max_depth=args.depth)
    if direction == "down":
        _emit(args, analyses.trace(g, key, max_depth=args.depth), render.render_trace)
    else:
        _emit(args, analyses.lineage(g, key, max_depth=args.depth), render.render_lineage)


def run_trace(args: argparse.Namespace) -> int:
    _walk(args, "down")
    return 0


def run_lineage(args: argparse.Namespace) -> int:
    _walk(args, "up")
    return 0


def run_coverage(args: argparse.Namespace) -> int:
    as_of = args.as_of or date.today().isoformat()
    with _opened(args) as store:
        key = analyses.pick_document(store, args.doc)
        g = coverage_slice(store, key)
    _emit(args, coverage(g, key, as_of=as_of), render.render_coverage)
    return 0


def run_unit(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        key = analyses.pick_unit(store, args.name)
        g = analyses.unit_slice(store, key)
    _emit(args, analyses.unit_profile(g, key), render.render_unit)
    return 0


def run_search(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        hits = store.search(args.query, limit=args.limit)
    _emit(args, hits, render.render_search)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        g = store.graph()
    _emit(args, analyses.stats(g), render.render_stats)
    return 0


def run_timeline(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        key = analyses.pick_document(store, args.doc) if args.doc else None
        g = store.cascade(key, direction="down") if key else store.graph()
    _emit(args, analyses.timeline(g, key), render.render_timeline)
    return 0


def run_export(args: argparse.Namespace) -> int:
    if args.to:
        return _copy_to(args)
    if args.out is None:
        raise DirectiveGraphError("export: say where to write with --out PATH (or --to URI)")
    with _opened(args) as store:
        g = store.graph()
        # The CSV folder for neo4j-admin carries what a bolt load would write (the
        # store's marker and internal properties), so the Neo4j store opens it.
        records = loaded_records(store) if args.format == "csv" else None
    written = export(g, args.format, args.out, records=records)
    print(
        f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} links "
        f"as {args.format} to {args.out} ({len(written)} file(s))"
    )
    return 0


def _copy_to(args: argparse.Namespace) -> int:
    """``export --to bolt://...``: the Neo4j store's ``copy_into`` does the work."""
    try:
        neo4j_store = importlib.import_module("graph.neo4j_store")
    except ImportError as exc:
        raise DirectiveGraphError(f"export --to: the Neo4j store is not available ({exc})") from exc
    copy_into = getattr(neo4j_store, "copy_into", None)
    if copy_into is None:
        raise DirectiveGraphError("export --to: graph.neo4j_store has no copy_into yet")
    with _opened(args) as store:
        result = copy_into(store, args.to)
    if isinstance(result, LoadReport):
        print(f"copied into {args.to}: {render.render_load(result)}")
        return 1 if result.errors else 0
    print(f"copied into {args.to}")
    return 0
