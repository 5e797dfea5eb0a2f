"""Document files -> typed records.

Two public verbs: :func:`parse_text` (pure: text in, record out) and
:func:`parse_file` (reads the file, then parses).

>>> text = "TỈNH ỦY NAM ĐỊNH\\nSố 56-CV/TU\\nNam Định, ngày 06 tháng 01 năm 2021\\n"
>>> rec = parse_text(text, "x.txt")
>>> rec.number, rec.date
('56-CV/TU', '2021-01-06')
"""

from __future__ import annotations

from pathlib import Path

from graph.model import Record
from loaders.pipeline import parse_text
from loaders.read import read_document

__all__ = ["parse_text", "parse_file"]


def parse_file(path: str | Path) -> Record:
    """Read and parse one file; raises :class:`graph.errors.LoaderError` on bad input."""
    src = read_document(path)
    record = parse_text(src.text, str(path), sha256=src.sha256)
    record.format = src.format
    return record
