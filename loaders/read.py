"""Reading and decoding: a file on disk -> its text.  The only stage that does I/O.

Formats: ``.txt``/``.md`` (markdown kept; later stages clean it), ``.html``/
``.htm`` (the document block of a web copy, see :mod:`loaders.html`),
``.docx`` and ``.pdf`` with a text layer (see :mod:`loaders.office`).
Encodings of text and HTML: UTF-8 with or without BOM, UTF-16 (BOM, or LE/BE
told by where the NUL bytes fall), Windows-1258, and the legacy 8-bit TCVN3
(ABC) and VNI, which are told apart by scoring each candidate decoding (see
:mod:`loaders.legacy`) and refused when none reads as Vietnamese.

Everything after this stage is a pure function of the text; every problem
here is a one-line :class:`graph.errors.LoaderError` naming the file.

>>> decode_text("Thực hiện công văn".encode("utf-16-le"), "a.txt")
('Thực hiện công văn', 'utf-16le')
>>> decode_text("Thùc hiÖn c«ng v¨n cña TØnh ñy".encode("cp1252"), "a.txt")
('Thực hiện công văn của Tỉnh ủy', 'tcvn3')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LoaderError
from loaders.legacy import (
    ansi_view,
    common_word_count,
    fix_legacy_text,
    recase_tcvn3,
    tcvn3_to_unicode,
    vietnamese_score,
    vni_to_unicode,
)

__all__ = [
    "Source",
    "read_document",
    "iter_document_paths",
    "decode_text",
    "DOCUMENT_SUFFIXES",
    "MAX_BYTES",
]

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"})
#: Larger files are refused: no directive runs to 20 MB of text.
MAX_BYTES = 20 * 1024 * 1024

#: Below this share of Vietnamese words no legacy decoding is trusted.
MIN_VIETNAMESE = 0.8
# Scoring a sample is enough to tell encodings apart, and bounds the cost.
_SAMPLE = 256 * 1024
_UNDECODABLE = "undecodable text (not UTF-8/UTF-16/Windows-1258/TCVN3/VNI)"

_MAGIC = (
    (b"%PDF-", "PDF data"),
    (b"PK\x03\x04", "a ZIP package such as .docx"),
    (b"\xd0\xcf\x11\xe0", "an old Office .doc/.xls file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "RIFF media data"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
# C0 controls other than tab, line feed, vertical tab, form feed, carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x1B)) + bytes(range(0x1C, 0x20))


@dataclass(slots=True)
class Source:
    """One document's text and where it came from.

    ``format`` names the container and the encoding or table used:
    ``text/utf-8``, ``text/utf-8-sig``, ``text/utf-16le``, ``text/utf-16be``,
    ``text/windows-1258``, ``text/tcvn3``, ``text/vni``, ``html/<same>``,
    ``docx``, ``pdf``; ``+tcvn3``/``+vni`` is appended when legacy text found
    inside Unicode (old Word fonts) was converted.
    """

    path: str
    text: str
    sha256: str
    format: str


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _is_control_heavy(sample: bytes) -> bool:
    controls = sum(sample.count(b) for b in _CONTROL_BYTES)
    return controls > max(2, len(sample) // 100)


def _utf16_order(data: bytes) -> str | None:
    """Tell UTF-16 without a BOM by its NULs: ASCII letters have a NUL high byte."""
    sample = data[:8192]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.2 * half and even < 0.02 * half:
        return "utf-16le"
    if even > 0.2 * half and odd < 0.02 * half:
        return "utf-16be"
    return None


def _legacy_candidates() -> dict[str, Callable[[bytes], str]]:
    return {
        "windows-1258": lambda b: b.decode("cp1258"),
        "tcvn3": lambda b: tcvn3_to_unicode(ansi_view(b)),
        "vni": lambda b: vni_to_unicode(ansi_view(b)),
    }


def _pick_legacy(data: bytes, path: str, recase: bool) -> tuple[str, str]:
    """Decode 8-bit text with the table whose result reads most Vietnamese."""
    sample = data[:_SAMPLE]
    best: tuple[float, int, str] | None = None
    for name, decode in _legacy_candidates().items():
        try:
            text = unicodedata.normalize("NFC", decode(sample))
        except UnicodeDecodeError:
            continue  # Windows-1258 leaves a few bytes undefined
        key = (vietnamese_score(text), common_word_count(text), name)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < MIN_VIETNAMESE:
        raise LoaderError(path, _UNDECODABLE)
    name = best[2]
    try:
        text = _legacy_candidates()[name](data)
        return (recase_tcvn3(text) if recase and name == "tcvn3" else text), name
    except UnicodeDecodeError:  # a byte past the sample that the table lacks
        raise LoaderError(path, _UNDECODABLE) from None


def decode_text(data: bytes, path: str, *, recase: bool = True) -> tuple[str, str]:
    """Bytes of a text file -> (text in NFC, the encoding used); LoaderError if not text.

    ``recase=False`` leaves TCVN3's lost capitals alone (for markup, recased
    once its text is extracted).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict(data[3:], "utf-8", path), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16le" if data.startswith(b"\xff\xfe") else "utf-16be"
        text = _strict(data[2:], enc, path)
    elif (order := _utf16_order(data)) is not None:
        text, enc = _strict(data, order, path), order
    elif b"\x00" in data:
        raise LoaderError(path, "binary file (NUL bytes), not text")
    elif _is_control_heavy(data[:_SAMPLE]):
        raise LoaderError(path, "binary file (control bytes), not text")
    else:
        try:
            text, enc = _utf8(data), "utf-8"
        except UnicodeDecodeError:
            text, enc = _pick_legacy(data, path, recase)
    if enc.startswith("utf"):  # legacy text once pasted or saved as Unicode
        text, table = fix_legacy_text(text, recase=recase)
        if table:
            enc = f"{enc}+{table}"
    text = unicodedata.normalize("NFC", text)
    if "\x00" in text or len(_CONTROL.findall(text[:_SAMPLE])) > max(2, len(text[:_SAMPLE]) // 100):
        raise LoaderError(path, "binary file (control characters), not text")
    return text, enc


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A file cut off in the middle of its last character is still UTF-8.
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8")
        raise


def _strict(data: bytes, encoding: str, path: str) -> str:
    if encoding.startswith("utf-16") and len(data) % 2:
        data = data[:-1]  # a stray last byte
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise LoaderError(path, f"invalid {encoding.upper()} text") from None


def _decode_html(data: bytes, path: str) -> tuple[str, str]:
    """Like text; a page's declared charset is used only when detection finds nothing.

    Declarations lie often (UTF-8 pages saying windows-1252, legacy pages
    saying nothing), so the bytes decide first.
    """
    from loaders.html import declared_charset

    try:
        return decode_text(data, path, recase=False)
    except LoaderError as exc:
        charset = declared_charset(data)
        if charset and exc.reason == _UNDECODABLE:
            try:
                return data.decode(charset), charset
            except (LookupError, UnicodeDecodeError):
                pass
        raise


def _finish(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.lstrip("\ufeff")


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Source:
    """Read one document file and return its text; LoaderError (one line) on bad input."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise LoaderError(name, "is a folder, not a document file")
        if p.exists() and not p.is_file():  # a pipe or device would block the read
            raise LoaderError(name, "not a regular file")
        size = p.stat().st_size
        if size > max_bytes:
            raise LoaderError(name, f"file is {size} bytes, over the {max_bytes}-byte limit")
        data = p.read_bytes()
    except FileNotFoundError:
        raise LoaderError(name, "no such file") from None
    except OSError as exc:
        raise LoaderError(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew while we looked
        raise LoaderError(name, f"file is {len(data)} bytes, over the {max_bytes}-byte limit")
    if not data.strip():
        raise LoaderError(name, "empty file" if not data else "empty file (white space only)")
    suffix = p.suffix.lower()
    if suffix in (".docx", ".pdf"):
        from loaders.office import docx_text, pdf_text

        reader = docx_text if suffix == ".docx" else pdf_text
        text, table = reader(data, name)
        fmt = suffix[1:] + (f"+{table}" if table else "")
    else:
        if kind := _binary_kind(data):
            raise LoaderError(name, f"binary file ({kind}), not text")
        if suffix in (".html", ".htm"):
            from loaders.html import html_to_text

            markup, enc = _decode_html(data, name)
            try:
                block = html_to_text(markup, recase_tcvn3 if enc.endswith("tcvn3") else None)
            except ValueError as exc:
                raise LoaderError(name, str(exc)) from None
            text, table = fix_legacy_text(block)
            fmt = f"html/{enc}" + (f"+{table}" if table and "+" not in enc else "")
        else:
            text, enc = decode_text(data, name)
            fmt = f"text/{enc}"
    text = _finish(text)
    if not text.strip():
        what = "no text in the document" if suffix in (".docx", ".html", ".htm") else None
        raise LoaderError(name, what or "empty file (white space only)")
    return Source(name, text, hashlib.sha256(data).hexdigest(), fmt)


def iter_document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path as given; a folder stands for its document files, sorted.

    Hidden files and folders and Word's ``~$`` lock files are left out.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for f in p.rglob("*"):
                rel = f.relative_to(p).parts
                if any(part.startswith((".", "~$")) for part in rel):
                    continue
                if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES:
                    found.append(f)
            yield from sorted(found)
        else:
            yield p
