"""The parsing pipeline: cleaned text through each stage into one record."""

from __future__ import annotations

import re

from graph.model import Record

__all__ = ["parse_text"]

_NUMBER = re.compile(r"Số:?\s*(\d+\s*[-/]\s*[\w/-]+)")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def parse_text(text: str, source: str = "<text>", *, sha256: str | None = None) -> Record:
    """Parse one document's text into a :class:`Record` (placeholder stages)."""
    rec = Record(source=source, sha256=sha256, text=text)
    if m := _NUMBER.search(text):
        rec.number = re.sub(r"\s+", "", m.group(1))
    if m := _DATE.search(text):
        d, mo, y = m.groups()
        rec.date = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    return rec
