"""Load document files into a store: parse each, keep going past bad ones.

>>> import tempfile, pathlib
>>> from graph.sqlite_store import SqliteStore
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("TỈNH ỦY NAM ĐỊNH\\nSố 56-CV/TU\\nngày 06 tháng 01 năm 2021\\n")
>>> _ = (d / "b.txt").write_bytes(b"")
>>> _ = (d / "c.txt").write_text("hello world")
>>> report = load_paths(SqliteStore(d / "store"), [d / "a.txt", d / "b.txt", d / "c.txt"])
>>> report.added, report.errors
(1, ['.../b.txt: empty file', '.../c.txt: no directive found (no type, number, date or issuer)'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from graph.errors import LoaderError
from graph.model import Record
from graph.store import LoadReport, Store
from loaders import parse_file
from loaders.read import iter_document_paths

__all__ = ["load_paths", "require_directive", "BATCH"]

#: Records handed to the store at once (each still commits on its own).
BATCH = 64


def require_directive(record: Record) -> Record:
    """``record``, unless the text held no directive at all (then :class:`LoaderError`).

    A note, a README, a page of something else has no type, number, date or
    issuer: a node with nothing to link would only clutter the graph.
    """
    if record.doc_type or record.number or record.date or record.issuer:
        return record
    raise LoaderError(record.source, "no directive found (no type, number, date or issuer)")


def load_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    progress: Callable[[str, LoadReport], None] | None = None,
) -> LoadReport:
    """Parse every file under ``paths`` (folders expand to their documents) and add them.

    A file that cannot be read or parsed becomes one line in
    ``report.errors``; the rest of the batch proceeds.  ``progress`` is called
    after each file with its path and the report so far.
    """
    report = LoadReport()
    batch: list[Record] = []

    def flush() -> None:
        if batch:
            report.merge(store.add_records(batch))
            batch.clear()

    for path in iter_document_paths(paths):
        try:
            batch.append(require_directive(parse_file(path)))
        except LoaderError as exc:
            report.errors.append(str(exc))
        except (OSError, ValueError) as exc:
            report.errors.append(f"{path}: cannot parse ({exc})")
        if len(batch) >= BATCH:
            flush()
        if progress is not None:
            progress(str(path), report)
    flush()
    return report
