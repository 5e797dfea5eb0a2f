"""The benchmark corpus: one generated archive, parsed once, and its truth.

The suite generates ``scale`` national cascades (``synth.generate_corpus``
with ``scale``); the first cascade (root ``r000``) is the "1x" corpus most
areas measure, and the whole archive feeds the growth table.  The same seed
writes the same bytes for root 0 whatever the scale, so root 0 of a 10x
archive *is* the 1x corpus.

Records are parsed once, on both cores, and shared by every area (the parse
area times parsing on its own): the 1x corpus at the start, the other
cascades only when the growth area asks for them.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import LoaderError
from graph.model import Record

__all__ = ["Corpus", "build_corpus", "parse_many", "ROOT_PREFIX"]

#: File-name prefix of the first cascade's documents (the 1x corpus).
ROOT_PREFIX = "r000-"


def _parse_one(path: str) -> tuple[str, Record | None, str | None]:
    from loaders import parse_file

    try:
        return path, parse_file(path), None
    except LoaderError as exc:
        return path, None, str(exc)
    except (OSError, ValueError) as exc:
        return path, None, f"{path}: cannot parse ({exc})"


def parse_many(paths: list[Path], workers: int = 2) -> tuple[dict[str, Record], list[str]]:
    """Parse ``paths`` on ``workers`` processes; records by path, and error lines."""
    records: dict[str, Record] = {}
    errors: list[str] = []
    names = [str(p) for p in paths]
    if workers <= 1 or len(names) < 50:
        results = map(_parse_one, names)
        for path, rec, err in results:
            _keep(records, errors, path, rec, err)
        return records, errors
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for path, rec, err in pool.imap(_parse_one, names, chunksize=16):
            _keep(records, errors, path, rec, err)
    return records, errors


def _keep(records: dict[str, Record], errors: list[str], path: str, rec: Record | None,
          err: str | None) -> None:
    if rec is not None:
        records[path] = rec
    elif err:
        errors.append(err)


@dataclass(slots=True)
class Corpus:
    """A generated archive on disk with its parsed records and truth."""

    out_dir: Path
    scale: int
    paths: list[Path]  # every document, sorted (root by root)
    records: dict[str, Record]  # by path
    errors: list[str]
    truth: dict[str, Any]
    generate_seconds: float
    parse_seconds: float
    summary: str
    by_root: dict[str, list[Path]] = field(default_factory=dict)

    @property
    def base(self) -> list[Path]:
        """The 1x corpus: the documents of the first cascade."""
        return self.by_root.get(ROOT_PREFIX, [])

    def base_records(self) -> list[Record]:
        return [self.records[str(p)] for p in self.base if str(p) in self.records]

    def records_of(self, paths: list[Path]) -> list[Record]:
        return [self.records[str(p)] for p in paths if str(p) in self.records]

    def parse_root(self, prefix: str) -> None:
        """Parse one cascade's documents (once)."""
        todo = [p for p in self.by_root.get(prefix, []) if str(p) not in self.records]
        records, errors = parse_many(todo)
        self.records.update(records)
        self.errors.extend(errors)

    def truth_docs(self, prefix: str = ROOT_PREFIX) -> list[dict[str, Any]]:
        return [d for d in self.truth.get("documents", []) if str(d["id"]).startswith(prefix)]

    def bytes_of(self, paths: list[Path]) -> int:
        return sum(p.stat().st_size for p in paths)


def build_corpus(out_dir: Path, *, scale: int, seed: int, provinces: int | None) -> Corpus:
    """Generate the archive into ``out_dir`` and parse its first cascade."""
    from synth import generate_corpus

    started = time.perf_counter()
    summary = generate_corpus(out_dir, seed=seed, levels=("province", "district"), roots=1,
                              noise="mixed", scale=scale, provinces=provinces)
    generated = time.perf_counter() - started
    docs = sorted((out_dir / "docs").iterdir())
    by_root: dict[str, list[Path]] = {}
    for p in docs:
        by_root.setdefault(p.name[:5], []).append(p)
    started = time.perf_counter()
    records, errors = parse_many(by_root.get(ROOT_PREFIX, []))
    parsed = time.perf_counter() - started
    truth = json.loads((out_dir / "truth.json").read_text(encoding="utf-8"))
    return Corpus(out_dir, scale, docs, records, errors, truth, generated, parsed,
                  summary.line(), by_root)
