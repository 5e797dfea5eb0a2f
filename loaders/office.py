"""Text out of office files: Word .docx (python-docx) and PDF with a text layer (pypdf).

Both return ``(text, legacy)``: the text in reading order, one paragraph (or
table cell) per line, and the legacy table ("tcvn3", "vni") that had to be
applied to part of it, if any.  Old letters typeset in ``.VnTime`` or
``VNI-Times`` fonts keep their 8-bit text inside the Unicode runs of a .docx;
the run's font says which table converts it, and text in an unnamed font is
converted when a table makes the whole document read clearly more Vietnamese.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph.errors import LoaderError
from loaders.legacy import LEGACY_DECODERS, fix_legacy_text, looks_legacy, recase_tcvn3

__all__ = ["docx_text", "pdf_text", "legacy_font"]

#: A .docx whose parts unpack to more than this is refused (a "zip bomb").
MAX_UNPACKED = 200 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def legacy_font(name: str | None) -> str | None:
    """The legacy table a font's name implies: ``.VnTime`` -> tcvn3, ``VNI-Times`` -> vni.

    >>> legacy_font(".VnTimeH"), legacy_font("VNI-Helve"), legacy_font("Times New Roman")
    ('tcvn3', 'vni', None)
    """
    if not name:
        return None
    low = name.strip().lower()
    if low.startswith(".vn"):
        return "tcvn3"
    if low.startswith("vni"):
        return "vni"
    return None


def _why(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


# --- .docx ------------------------------------------------------------------


def _rfonts(rpr: Any) -> list[str]:
    """Font names set in an ``rPr``; hAnsi first, as it renders the bytes 0x80-0xFF."""
    if rpr is None:
        return []
    rf = rpr.find(f"{_W}rFonts")
    if rf is None:
        return []
    names = [rf.get(f"{_W}{a}") for a in ("hAnsi", "ascii", "cs")]
    return [n for n in names if n]


class _DocxFonts:
    """Resolves the font a run is shown in: run, its style, paragraph style chain, defaults."""

    def __init__(self, doc: Any) -> None:
        self.default: list[str] = []
        defaults = doc.styles.element.find(f"{_W}docDefaults")
        if defaults is not None:
            rpr_default = defaults.find(f"{_W}rPrDefault")
            if rpr_default is not None:
                self.default = _rfonts(rpr_default.find(f"{_W}rPr"))
        self._style_cache: dict[str, list[str]] = {}

    def _style_fonts(self, style: Any) -> list[str]:
        seen = 0
        while style is not None and seen < 20:  # a style chain could loop
            names = _rfonts(style.element.rPr)
            if names:
                return names
            style = style.base_style
            seen += 1
        return []

    def run_font(self, run: Any, paragraph: Any) -> str | None:
        names = _rfonts(run._r.rPr)
        if not names:
            try:
                names = self._style_fonts(run.style) if run.style is not None else []
            except (KeyError, ValueError):
                names = []
        if not names:
            key = getattr(paragraph.style, "style_id", None) or ""
            if key not in self._style_cache:
                try:
                    self._style_cache[key] = self._style_fonts(paragraph.style)
                except (KeyError, ValueError):
                    self._style_cache[key] = []
            names = self._style_cache[key]
        names = names or self.default
        return names[0] if names else None


def _runs(paragraph: Any) -> Iterator[Any]:
    """The paragraph's runs in order, also those inside hyperlinks, content controls and
    tracked insertions; not those of text boxes, which are read as paragraphs of their own."""
    from docx.text.run import Run

    p = paragraph._p
    for r in p.iter(f"{_W}r"):
        node = r.getparent()
        while node is not None and node is not p:
            if node.tag in (f"{_W}txbxContent", _MC_FALLBACK, f"{_W}del", f"{_W}moveFrom"):
                break
            node = node.getparent()
        else:
            yield Run(r, paragraph)


def _paragraph_text(paragraph: Any, fonts: _DocxFonts, used: set[str]) -> str:
    """The paragraph's text; runs in a legacy font converted by that font's table."""
    pieces: list[tuple[str | None, bool, str]] = []
    for run in _runs(paragraph):
        text = run.text
        if not text:
            continue
        font = fonts.run_font(run, paragraph)
        table = legacy_font(font)
        upper = table == "tcvn3" and font is not None and font.rstrip().endswith("H")
        if pieces and pieces[-1][:2] == (table, upper):
            pieces[-1] = (table, upper, pieces[-1][2] + text)
        else:
            pieces.append((table, upper, text))
    out = []
    for table, upper, text in pieces:
        if table is not None and looks_legacy(text):
            used.add(table)
            text = LEGACY_DECODERS[table](text)
            # ".VnTimeH" and the like draw every letter as a capital.
            text = text.upper() if upper else recase_tcvn3(text) if table == "tcvn3" else text
        out.append(text)
    return "".join(out)


def _block_lines(
    element: Any, parent: Any, fonts: _DocxFonts, used: set[str], depth: int = 0
) -> list[str]:
    """Paragraphs as lines; a table's cells row by row, each cell's paragraphs as lines.

    Walks the XML itself so that paragraphs inside content controls
    (``w:sdt``) and custom XML, which python-docx's own iteration skips, count.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            para = Paragraph(child, parent)
            lines.append(_paragraph_text(para, fonts, used))
            lines.extend(_textbox_lines(para, fonts, used))
        elif tag == f"{_W}tbl":
            if depth > 8:  # nested tables deeper than any letter; guard the recursion
                continue
            for row in Table(child, parent).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats across the row
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(_block_lines(cell._tc, cell, fonts, used, depth + 1))
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml") and depth <= 8:
            lines.extend(_block_lines(child, parent, fonts, used, depth + 1))
    return lines


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _textbox_lines(paragraph: Any, fonts: _DocxFonts, used: set[str]) -> list[str]:
    """Paragraphs of text boxes anchored in a paragraph (some letters box the number)."""
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for box in paragraph._p.iter(f"{_W}txbxContent"):
        ancestors = list(box.iterancestors())
        # Word stores each box twice: the drawing and a VML fallback copy.
        if any(a.tag == _MC_FALLBACK or a.tag == f"{_W}txbxContent" for a in ancestors):
            continue
        for p in box.iterchildren(f"{_W}p"):
            lines.append(_paragraph_text(Paragraph(p, paragraph), fonts, used))
    return lines


def docx_text(data: bytes, path: str) -> tuple[str, str | None]:
    """Text of a .docx: body paragraphs and table cells in document order."""
    if not data.startswith(b"PK"):
        raise LoaderError(path, "not a .docx file (not a ZIP package)" + _sniff_note(data))
    import docx

    try:
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unpacked > MAX_UNPACKED:
            raise LoaderError(path, f".docx unpacks to {unpacked} bytes, over the limit")
        doc = docx.Document(io.BytesIO(data))
        fonts = _DocxFonts(doc)
        used: set[str] = set()
        lines = _block_lines(doc.element.body, doc, fonts, used)
    except LoaderError:
        raise
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds
        raise LoaderError(path, f"corrupt .docx ({_why(exc)})") from None
    text = "\n".join(lines)
    if not used:
        text, table = fix_legacy_text(text)
        if table:
            used.add(table)
    return text, "+".join(sorted(used)) or None


def _sniff_note(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "; it is an old Word .doc: save it as .docx"
    if head.startswith(b"%PDF"):
        return "; it is a PDF"
    if head.startswith(b"{\\rtf"):
        return "; it is RTF: save it as .docx"
    return ""


# --- .pdf -------------------------------------------------------------------


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repair it makes; the caller reports one line per file instead."""
    logger = logging.getLogger("pypdf")
    old = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(old)


def _has_images(page: Any) -> bool:
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        xobjects = xobjects.get_object()
        return any(xobjects[k].get_object().get("/Subtype") == "/Image" for k in xobjects)
    except Exception:  # a damaged resource dictionary just means "unknown"
        return False


def pdf_text(data: bytes, path: str) -> tuple[str, str | None]:
    """Text layer of a PDF, page by page; raises LoaderError for scans and broken files."""
    if b"%PDF-" not in data[:1024]:
        raise LoaderError(path, "not a PDF file (no %PDF header)" + _sniff_note(data))
    from pypdf import PdfReader

    pages: list[str] = []
    images = False
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise LoaderError(path, "encrypted PDF (needs a password)")
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                images = images or _has_images(page)
        except LoaderError:
            raise
        except (Exception, RecursionError) as exc:  # pypdf raises many kinds on damage
            raise LoaderError(path, f"corrupt PDF ({_why(exc)})") from None
    text = unicodedata.normalize("NFC", "\n\n".join(p.strip("\n") for p in pages))
    if not pages:
        raise LoaderError(path, "PDF has no pages")
    if not text.strip():
        if images:
            raise LoaderError(path, "no text layer (image-only PDF); OCR it first")
        raise LoaderError(path, "no text in the PDF (blank pages)")
    text, table = fix_legacy_text(text)
    return text, table
