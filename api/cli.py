"""The ``directive-graph`` command line.

Each command lives in its own module with a ``register(subparsers)`` function;
this module only assembles them and turns the project's errors into one line
on stderr and an exit status (1: some input failed, 2: bad request).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib import metadata

from graph.errors import Ambiguous, DirectiveGraphError, NotFound

__all__ = ["main", "build_parser"]

# Command modules, in the order --help lists them.
COMMAND_MODULES = (
    "api.cli_parse",
    "api.cli_graph",
    "api.cli_serve",
    "api.cli_generate",
)


def _version() -> str:
    try:
        return metadata.version("directive-graph")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="directive-graph",
        description="Trace how a directive travels down a hierarchy of government.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except Ambiguous as exc:
        print(f"directive-graph: {exc}", file=sys.stderr)
        for candidate in exc.candidates:
            print(f"  {candidate}", file=sys.stderr)
        return 2
    except NotFound as exc:
        print(f"directive-graph: {exc}", file=sys.stderr)
        return 2
    except DirectiveGraphError as exc:
        print(f"directive-graph: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("directive-graph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
