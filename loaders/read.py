"""Reading and decoding: a file on disk -> its text.  The only stage that does I/O.

The formats and encodings listed in the README are handled here; everything
after this stage is a pure function of the text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LoaderError

__all__ = ["Source", "read_document", "iter_document_paths", "DOCUMENT_SUFFIXES", "MAX_BYTES"]

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"})
#: Larger files are refused: no directive runs to 20 MB of text.
MAX_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class Source:
    path: str
    text: str
    sha256: str
    format: str


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Source:
    """Read one document file and return its text (UTF-8 only, for now)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoaderError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise LoaderError(str(path), f"file is {len(data)} bytes, over the {max_bytes}-byte limit")
    if not data.strip():
        raise LoaderError(str(path), "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoaderError(str(path), "not valid UTF-8") from None
    return Source(str(path), text, hashlib.sha256(data).hexdigest(), "text")


def iter_document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path as given; a folder stands for its document files, sorted."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
            )
        else:
            yield p
