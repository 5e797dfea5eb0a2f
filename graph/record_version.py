"""The record version: which parser made a stored record.

A store skips a file it already holds from the same bytes read by the same
record version (:func:`graph.identity.is_unchanged`).  When the version was a
number bumped by hand, a parser change that forgot the bump left the old
records in every store for good.  So the version is now derived from what
makes a record: the JSON shape (:data:`RECORD_SHAPE`, still bumped by hand),
the source of every module that turns a file into what a store keeps (the
parser, ``loaders``, and the graph builder, ``graph/build.py``, with every
``graph`` module they import, followed import by import), and the version of
the administrative map package they read names against.  Any change to those, a
new rule or a new map release, re-parses unchanged files on their next load;
nothing else does.

The version is a positive integer below 2**52, so it fits SQLite, Neo4j and a
JavaScript number alike, and is equal in every process that runs the same code.
It is worked out once per process, on first use (a few milliseconds).

>>> parser_version() == parser_version() > 0
True
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path

__all__ = ["RECORD_SHAPE", "PARSER_ROOTS", "parser_modules", "parser_version"]

#: Bumped by hand when the record JSON changes shape.
RECORD_SHAPE = 1
#: Where reading a file into records and graph contributions starts: packages and modules.
PARSER_ROOTS = ("loaders", "graph/build.py")
# Distributions whose data the parser reads: their version is part of the record's.
_DATA_PACKAGES = ("vietnamadminunits",)
# Our own imports, indented ones (lazy imports inside functions) included:
# "from graph.names import fold", "import loaders.clean", "from graph import model, names".
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+((?:loaders|graph)(?:\.\w+)*)[ \t]+import[ \t]+\(?([\w, \t]*)"
    r"|import[ \t]+((?:loaders|graph)(?:\.\w+)*))",
    re.M,
)
_HERE = Path(__file__).resolve().parent.parent


def _module_file(name: str, base: Path) -> Path | None:
    path = base.joinpath(*name.split("."))
    for file in (path / "__init__.py", path.with_suffix(".py")):
        if file.is_file():
            return file
    return None


def _imports(text: str) -> set[str]:
    names: set[str] = set()
    for module, imported, plain in _IMPORT.findall(text):
        names.add(module or plain)
        # "from graph import names" may name a module of the package.
        names.update(f"{module}.{n.strip()}" for n in imported.split(",") if module and n.strip())
    return names


def parser_modules(base: Path = _HERE) -> list[Path]:
    """The source files of the parser and graph builder: :data:`PARSER_ROOTS` and, followed
    through their imports, each ``graph`` module they use, sorted.

    >>> names = [p.name for p in parser_modules()]
    >>> "pipeline.py" in names and "names.py" in names and "sqlite_store.py" not in names
    True
    """
    seen: set[Path] = set()
    todo = [
        f
        for root in PARSER_ROOTS
        for f in ([base / root] if root.endswith(".py") else sorted((base / root).glob("*.py")))
    ]
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        for name in _imports(file.read_text(encoding="utf-8")):
            found = _module_file(name, base)
            if found is not None:
                todo.append(found)
    return sorted(seen)


@cache
def parser_version(base: Path = _HERE) -> int:
    """The record version of the parser under ``base`` (see the module text).

    Without its sources (a build that ships only bytecode) it is :data:`RECORD_SHAPE`.
    """
    files = parser_modules(base)
    if not files:
        return RECORD_SHAPE
    digest = hashlib.sha256(f"shape {RECORD_SHAPE}\n".encode())
    for file in files:
        digest.update(f"{file.relative_to(base).as_posix()}\n".encode())
        digest.update(file.read_bytes())
    for dist in _DATA_PACKAGES:
        digest.update(f"{dist} {_installed(dist)}\n".encode())
    return int.from_bytes(digest.digest()[:8], "big") >> 12 or 1


def _installed(dist: str) -> str:
    """The installed release of ``dist`` from its dist-info folder's name (importlib.metadata
    would cost tens of milliseconds at every start)."""
    spec = find_spec(dist)
    if spec is None or spec.origin is None:
        return "none"
    site = Path(spec.origin).parent.parent
    return " ".join(sorted(p.name for p in site.glob(f"{dist}-*.dist-info"))) or "unknown"
