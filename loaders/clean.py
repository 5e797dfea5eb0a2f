"""Cleaning: raw document text -> the text every later stage and every span uses.

OCR and PDF conversions leave markdown marks (``**``, ``\\*``, bullets), HTML
entities, odd spaces and both Unicode forms.  Cleaning removes the marks but
keeps the line structure (the header's flattened columns are lines), so the
cleaned text still reads like the document.

>>> clean("**TỈNH ỦY NAM ĐỊNH**\\n\\n\\\\*\\n- Kính gửi:*\\n  - Các sở, ban, ngành;")
'TỈNH ỦY NAM ĐỊNH\\n\\n\\nKính gửi:\\nCác sở, ban, ngành;'
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from graph.names import nfc
from loaders.tables import untable
from loaders.words import PREDICATE_VERB_RE

__all__ = ["clean", "Line", "split_lines", "fix_ocr", "soften"]

_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});")
# "\\?\*+" written as two branches: each branch opens with a literal, so the
# regex engine skips to the next "\\", "*" or "_" instead of trying every offset.
_EMPHASIS = re.compile(r"\\\*+|\*+|__+|\\(?=[-.\[\]()#+!_])")
_BULLET = re.compile(r"^[ \t]*(?:[-+•·▪●◦‐–][ \t]+|>[ \t]*|#{1,6}[ \t]+)")
_LONE_BULLET = re.compile(r"^[ \t]*[-+•·▪●◦][ \t]*$")


_RULE = re.compile(r"^[ \t]*[-_=~*.·]{3,}[ \t]*$")


_RULE_M = re.compile(_RULE.pattern, re.MULTILINE)
_BULLET_M = re.compile(_BULLET.pattern, re.MULTILINE)
_LONE_BULLET_M = re.compile(_LONE_BULLET.pattern, re.MULTILINE)
# A rule line needs three rule marks in a row; most letters have none.
_RULE_RUN = re.compile(r"[-_=~*.·]{3}")
# Runs of spaces, once tabs are spaces: the literal "  " is found by a fast scan
# where "[ \t]{2,}" stops at every single space.
_SPACE_RUN = re.compile("  +")
# Each line-start pattern again, entered at its "\n": a "^" pattern is tried at
# every offset of the text, a literal "\n" is found by a fast scan.
_AFTER_NEWLINE = {
    p: re.compile("\n" + p.pattern[1:], p.flags) for p in (_RULE_M, _BULLET_M, _LONE_BULLET_M)
}


def clean(text: str) -> str:
    """Normalise and strip markup, one output line per input line.

    Markdown tables are written out as lines first (:mod:`loaders.tables`).
    Each pass runs over the whole text line by line (``re.MULTILINE``): a rule
    line ("-------") goes, then bullets, emphasis marks, bullets again ("- -
    Kính gửi", "** - item" both occur), lone bullets, runs of spaces.
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = untable(text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    text = text.replace("\t", " ")
    if _RULE_RUN.search(text):
        text = _drop_at_line_starts(_RULE_M, text)
    text = _drop_at_line_starts(_BULLET_M, text)
    if "*" in text or "_" in text or "\\" in text:
        text = _EMPHASIS.sub("", text)
    text = _drop_at_line_starts(_BULLET_M, text)
    text = _drop_at_line_starts(_LONE_BULLET_M, text)
    text = _SPACE_RUN.sub(" ", text)
    # Spaces off each line's ends ("^" and "$" of a regex see only "\n" as a line end).
    text = "\n".join(line.strip(" \t") for line in text.split("\n"))
    return _drop_running_heads(text).strip("\n")


def _drop_at_line_starts(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub("", text)`` for a ``^`` pattern whose matches stay within their line."""
    first = pattern.match(text)
    if first is not None:
        text = text[first.end() :]
    return _AFTER_NEWLINE[pattern].sub("\n", text)


# A page number alone on its line: "2", "- 2 -" (its bullet already gone), "Trang 2/5".
_PAGE_NO = re.compile(
    r"^[-–(\[]?\s{0,2}(?:Trang\s{1,3})?\d{1,3}(?:\s{0,2}/\s{0,2}\d{1,3})?\s{0,2}[-–)\]]?$"
)


def _drop_running_heads(text: str) -> str:
    """Text with a PDF's running head or footer blanked (the line stays, empty).

    A line that recurs on every page next to the page number ("Tỉnh ủy Tuyên
    Quang - Công văn số 112-CV/TU" over "2") is the page's furniture: left in, it
    reads as a task's text or a Nơi nhận entry.  Only lines whose every
    occurrence (two at least) stands beside a page number go.
    """
    lines = text.split("\n")
    pages = [i for i, ln in enumerate(lines) if _PAGE_NO.match(ln)]
    if len(pages) < 2:
        return text
    beside: dict[str, int] = {}
    for i in pages:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j]:
                j += step
            if 0 <= j < len(lines) and len(lines[j].split()) >= 3:
                beside[lines[j]] = beside.get(lines[j], 0) + 1
    heads = {ln for ln, n in beside.items() if n >= 2}
    if not heads:
        return text
    counts: dict[str, int] = {}
    for ln in lines:
        if ln in heads:
            counts[ln] = counts.get(ln, 0) + 1
    heads = {ln for ln in heads if counts[ln] == beside[ln]}
    return "\n".join("" if ln in heads else ln for ln in lines)


def _digits(m: re.Match[str]) -> str:
    return m.group(0).replace("O", "0")


# OCR confusions seen in scanned letters; applied only where a word is
# otherwise not Vietnamese, so real text is never rewritten.
_OCR_FIXES = (
    (re.compile(r"\bƯBND\b"), "UBND"),
    (re.compile(r"\bUBNID\b"), "UBND"),
    (re.compile(r"\bcơng\b"), "công"),
    (re.compile(r"\bCơng\b"), "Công"),
    (re.compile(r"\bK ÉT\b"), "KẾT"),
    (re.compile(r"\bKÉT\b"), "KẾT"),
    # The date line's words and digits: "ngảy l5 thảng 8 nãm 2O21".
    (re.compile(r"\bngảy\b"), "ngày"),
    (re.compile(r"\bth[ảà]ng\b"), "tháng"),
    (re.compile(r"\bn[ãằ]m(?=\s{1,3}[12][0-9O]{3}\b)"), "năm"),
    (re.compile(r"(?<=ngày )[lI](?=\d\b)"), "1"),
    (re.compile(r"(?<=ngày )(\d)[lI]\b"), r"\g<1>1"),
    (re.compile(r"(?<=năm )([12])[O0]([0-9O])([0-9O])\b"), _digits),
)


# What each fix needs in the text to change anything, checked before its regex:
# a regex that opens with \b or a lookbehind is tried at every offset, a
# substring test is not.  A fix without an entry always runs.
_OCR_NEEDS: dict[str, re.Pattern[str] | tuple[str, ...]] = {
    r"\bƯBND\b": ("ƯBND",),
    r"\bUBNID\b": ("UBNID",),
    r"\bcơng\b": ("cơng",),
    r"\bCơng\b": ("Cơng",),
    r"\bK ÉT\b": ("K ÉT",),
    r"\bKÉT\b": ("KÉT",),
    r"\bngảy\b": ("ngảy",),
    r"\bth[ảà]ng\b": ("thảng", "thàng"),
    r"\bn[ãằ]m(?=\s{1,3}[12][0-9O]{3}\b)": ("nãm", "nằm"),
    r"(?<=ngày )[lI](?=\d\b)": ("ngày l", "ngày I"),
    r"(?<=ngày )(\d)[lI]\b": re.compile(r"ngày \d[lI]"),
    # Only an "O" read for a zero changes the year.
    r"(?<=năm )([12])[O0]([0-9O])([0-9O])\b": re.compile(r"năm [12][0-9O]{0,2}O"),
}


def _may_apply(pattern: re.Pattern[str], text: str) -> bool:
    needs = _OCR_NEEDS.get(pattern.pattern)
    if needs is None:
        return True
    if isinstance(needs, re.Pattern):
        return needs.search(text) is not None
    return any(n in text for n in needs)


def fix_ocr(text: str) -> str:
    """Repair a few frequent OCR confusions (length may change: run before spans).

    >>> fix_ocr("ƯBND tỉnh, cơng văn")
    'UBND tỉnh, công văn'
    >>> fix_ocr("ngày l5 tháng 8 năm 2O21")
    'ngày 15 tháng 8 năm 2021'
    """
    for pattern, repl in _OCR_FIXES:
        if _may_apply(pattern, text):
            text = pattern.sub(repl, text)
    return text


@dataclass(slots=True, frozen=True)
class Line:
    """One line of the cleaned text and where it sits."""

    no: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets.

    >>> [(ln.start, ln.text) for ln in split_lines("ab\\n\\ncd")]
    [(0, 'ab'), (3, ''), (4, 'cd')]
    """
    lines = []
    pos = 0
    for no, raw in enumerate(text.split("\n")):
        lines.append(Line(no, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


# A line break inside a sentence, as PDF and scan conversions leave at every
# column edge: the line before does not end a sentence or an item, and the next
# does not open a task, a bullet or a section.
# The lookbehind stands after the "\n" it looks behind ("[^\n.:;!?]\n"), so the
# regex opens with a literal the engine scans for instead of trying every offset.
_SOFT_BREAK = re.compile(
    r"\n(?<=[^\n.:;!?]\n)(?=[ \t]*(?![0-9]{1,2}[.)/-][ \t]|[a-zđ][)][ \t]|[-+•][ \t]|"
    r"(?:X|IX|IV|V?I{1,3}|VI{1,3})[.)/][ \t]|Nơi nhận|NƠI NHẬN|T/M|TM\.|KT\.|TL\.|"
    r"Căn cứ|Thực hiện)[^\n])"
)


def soften(text: str) -> str:
    """``text`` with soft line breaks turned into spaces (same length, same offsets).

    >>> soften("Điện ngày 05/01/2021 của Thường\\ntrực Ban Bí thư.\\n2. Sở Y tế")
    'Điện ngày 05/01/2021 của Thường trực Ban Bí thư.\\n2. Sở Y tế'
    """
    return _SOFT_BREAK.sub(lambda m: _join(text, m.start()), text)


_FOR_UNIT = re.compile(r"[ \t]*Đối\s+với\s")
_ITEM_HEAD = re.compile(r"[ \t]*(?:[0-9]{1,2}[.)/-]|[a-zđ]\)|[IVX]{1,4}\.)[ \t]")


def _join(text: str, at: int) -> str:
    """A space for the soft break at ``at``, or the break kept after an item's heading.

    "4. UBND các huyện, thị xã, thành phố" over "Chỉ đạo Trung tâm Y tế ...": a
    short numbered line followed by a capitalised verb is a heading, not a wrapped
    line (a line wrapped by a PDF runs the page's full width).
    """
    line_start = text.rfind("\n", 0, at) + 1
    head = _ITEM_HEAD.match(text, line_start)
    if head is None:
        return " "
    nxt = text[at + 1 : at + 40].lstrip()
    if _FOR_UNIT.match(text, head.end()) and nxt[:1].isupper():
        # "3. Đối với Ủy ban MTTQ huyện và các đoàn thể ..." over "Vận động ...": a
        # plan's unit heading, however long, ends at its line.
        return "\n"
    if at - line_start >= 60:
        return " "
    if nxt[:1].isupper() and PREDICATE_VERB_RE.match(nxt[:1].lower() + nxt[1:]):
        return "\n"
    return " "
