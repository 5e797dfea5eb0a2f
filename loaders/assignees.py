"""Responsible units: the noun phrase that opens a clause, cut into unit names.

"Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông chỉ đạo ..." names two
units; "Sở Văn hóa, Thể thao và Du lịch" is one.  Names are cut on commas,
semicolons, "và" and "cùng" only where the next piece opens a new unit; known
names with commas inside are masked first, so they are never cut.

>>> def names(clause):
...     return [u.text for u in clause_units(mask_names(clause), 0)]
>>> names("Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông chỉ đạo")
['Ban Tuyên giáo Tỉnh ủy', 'Sở Thông tin và Truyền thông']
>>> names("Bí thư các huyện ủy, thành ủy, người đứng đầu cấp ủy đảng trực tiếp")
['Bí thư các huyện ủy, thành ủy', 'người đứng đầu cấp ủy đảng']
>>> names("Tăng cường kiểm soát đường biên giới")
[]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from loaders.words import (
    DELEGATING_VERB_RE,
    FOLDED_VERB_RE,
    KIND_NOUN_RE,
    PERSON_HEAD_RE,
    PREDICATE_VERB_RE,
    PROTECTED_SCAN,
    UNIT_HEAD_RE,
    fold_keep_case,
)

__all__ = [
    "FoundUnit",
    "clause_units",
    "coordinating_units",
    "first_label",
    "units_in_charge",
    "labelled_units",
    "mask_names",
    "set_organ_finder",
]

_MAX_NP = 260
_CONDITIONAL = re.compile(r"(?<![\w])(?:nếu|khi|trường\s+hợp)(?![\w])")
_PIECE_SPLIT = re.compile(r"\s{0,2}[,;]\s{0,2}|\s+(?:và|cùng|cùng\s+với|với)\s+")
_SCOPE_TAIL = re.compile(
    r"\s+(?:từ\s+\S+(?:\s+\S+){0,3}\s+đến\s+\S+(?:\s+\S+){0,2}|trên\s+địa\s+bàn.*|"
    r"theo\s+chức\s+năng.*|trong\s+phạm\s+vi.*)$"
)
_PAREN = re.compile(r"\([^()\n]{0,300}\)?")
_PAREN_SEP = re.compile(r"[,;]|\s(?:và|cùng|với)\s")
_PAREN_TAIL = re.compile(r"\s*\([^()]*\)?$")


def _hide_sep(m: re.Match[str]) -> str:
    sep = m.group(0)
    return "\x00" if sep in ",;" else "\x01" + sep[1:-1] + "\x01"


_COORD = re.compile(r"[Pp]hối\s+hợp(?:\s+chặt\s+chẽ)?\s+với\s+|[Cc]ùng\s+với\s+")
# A sub-item's mark ("a) Sở Tư pháp chủ trì ...") or a bullet before its subject, and
# a plan's "Đối với Sở Y tế: ..." heading.
_LEAD = re.compile(r"[ \-+•]*(?:[a-zđ]\)[ ]{0,3})?(?:Đối\s+với\s+)?")
# A plan's task names its units under a label ("- Đơn vị chủ trì: Sở Y tế."), in
# prose or in a table's columns; "phối hợp" labels the coordinating units.
_LABEL = re.compile(
    r"(?:^|(?<=[;.\n]))[ \t]{0,3}[-+•]?[ \t]{0,2}"
    r"(?:(?:[Đđ]ơn\s+vị|[Cc]ơ\s+quan)\s+(?P<kind>chủ\s+trì|thực\s+hiện|phụ\s+trách|"
    r"phối\s+hợp|được\s+giao|chịu\s+trách\s+nhiệm)(?:\s+thực\s+hiện)?"
    r"|(?P<bare>[Cc]hủ\s+trì|[Pp]hối\s+hợp|[Tt]rách\s+nhiệm\s+thực\s+hiện))"
    r"[ \t]{0,2}:[ \t]*"
)
_LABEL_VALUE_END = re.compile(r";|\.(?=\s|$)|\n")

OrganFinder = Callable[[str], list[tuple[int, int, str]]]
_organ_finder: OrganFinder | None = None


def set_organ_finder(finder: OrganFinder | None) -> None:
    """Use a gazetteer (``graph.units.find_organs``) to mask known organ names."""
    global _organ_finder
    _organ_finder = finder


@dataclass(slots=True)
class FoundUnit:
    text: str
    start: int
    end: int
    role: str = "lead"


def mask_names(text: str) -> str:
    """``text`` with the separators inside known names replaced (same length).

    >>> mask_names("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế")
    'Sở Văn hóa\\x00 Thể thao\\x01và\\x01Du lịch, Sở Y tế'
    """
    spans = [(m.start(), m.end()) for m in PROTECTED_SCAN.finditer(fold_keep_case(text))]
    if _organ_finder is not None:
        spans.extend((a, b) for a, b, _ in _organ_finder(text))
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        separators, verb_spaces = _name_marks(text[a:b])
        for k, mark in separators:
            chars[a + k] = mark
        for k in verb_spaces:
            if chars[a + k] == " ":
                chars[a + k] = "\x02"
    return "".join(chars)


_NAME_SEPARATOR = re.compile(r"[,;]|(?<=\s)(?:và|cùng|với)(?=\s)")


# The same names recur in letter after letter ("Ủy ban nhân dân tỉnh", "Sở Y tế"):
# their marks are worked out once.
@lru_cache(maxsize=8192)
def _name_marks(seg: str) -> tuple[tuple[tuple[int, str], ...], tuple[int, ...]]:
    """The separators inside a known name, each with its mark, and its verbs' spaces."""
    separators: list[tuple[int, str]] = []
    for m in _NAME_SEPARATOR.finditer(seg):
        if m.group(0) in ",;":
            separators.append((m.start(), "\x00"))
        else:
            separators += [(m.start() - 1, "\x01"), (m.end(), "\x01")]
    # Verbs inside a known name are not the clause's verb either.
    verbs = [*PREDICATE_VERB_RE.finditer(seg), *FOLDED_VERB_RE.finditer(fold_keep_case(seg))]
    spaces = tuple(k for m in verbs for k in range(m.start(), m.end()) if seg[k] == " ")
    return tuple(separators), spaces


def _unmask(text: str) -> str:
    return text.replace("\x00", ",").replace("\x01", " ").replace("\x02", " ")


def _opens_unit(piece: str) -> bool:
    return bool(UNIT_HEAD_RE.match(piece) or PERSON_HEAD_RE.match(piece))


_MEMBER_SPLIT = re.compile(r",\s*|\s+và\s+")
# A place under a collective ("đặc khu Phú Quốc", "phường Rạch Giá") details it.
_PLACE_NAMED = re.compile(
    r"(?:[Xx]ã|[Pp]hường|[Đđ]ặc\s+khu|[Tt]hị\s+trấn|[Hh]uyện|[Qq]uận|[Tt]hị\s+xã|[Tt]ỉnh|"
    r"[Tt]hành\s+phố)\s+[A-ZĐ0-9]|các\s"
)


def _lists_members(paren: str) -> bool:
    """Whether a parenthesis names the members of the collective before it.

    "các tổ chức chính trị - xã hội tỉnh (Hội Liên hiệp Phụ nữ tỉnh, Hội Nông dân
    tỉnh, Tỉnh đoàn)": each item a unit by its own name, so the items are the
    units meant; a list of places ("(đặc khu Phú Quốc, các phường ...)") is not.
    """
    parts = [p.strip() for p in _MEMBER_SPLIT.split(paren.strip("()"))]
    return len(parts) >= 2 and all(
        p[:1].isupper() and UNIT_HEAD_RE.match(_unmask(p)) and not _PLACE_NAMED.match(p)
        for p in parts
    )


def _members(masked: str, paren: tuple[int, int], base: int) -> list[FoundUnit]:
    a, b = paren
    inner_end = b - 1 if masked[b - 1] == ")" else b
    out = []
    pos = a + 1
    for m in [*_MEMBER_SPLIT.finditer(masked, a + 1, inner_end), None]:
        stop = m.start() if m else inner_end
        raw = masked[pos:stop]
        lead = len(raw) - len(raw.lstrip())
        text = _unmask(raw.strip())
        if text:
            out.append(FoundUnit(text, base + pos + lead, base + pos + lead + len(text)))
        pos = m.end() if m else stop
    return out


def _split_np(masked: str, base: int) -> list[FoundUnit]:
    """Cut a masked noun phrase into units, keeping plural lists of kinds whole.

    Units are kept as ranges of the phrase, so each unit's text is exactly as
    written and its span points at it.
    """
    return [FoundUnit(text, base + start, base + end) for text, start, end in _np_units(masked)]


# The same phrases recur in letter after letter ("Các sở, ban, ngành", "UBND các
# huyện, thành phố"): each is cut once, its units kept by their offsets in it.
@lru_cache(maxsize=8192)
def _np_units(masked: str) -> tuple[tuple[str, int, int], ...]:
    ranges: list[list[int]] = []  # [start, end] in the phrase
    listing = masked  # the parentheses' own separators, before they are hidden
    members = [(m.start(), m.end()) for m in _PAREN.finditer(masked) if _lists_members(m.group(0))]
    # A parenthesis details the unit before it ("các xã ven biển (đặc khu Phú
    # Quốc, các phường Rạch Giá ...)"): its commas cut nothing.
    masked = _PAREN.sub(lambda m: _PAREN_SEP.sub(_hide_sep, m.group(0)), masked)
    pos = 0
    pieces: list[tuple[int, int, str]] = []  # start, end, the separator before it
    sep = ""
    for m in [*_PIECE_SPLIT.finditer(masked), None]:
        stop = m.start() if m else len(masked)
        pieces.append((pos, stop, sep))
        if m:
            sep = m.group(0).strip() or ","
            pos = m.end()

    def plural_before() -> bool:
        prev = _unmask(masked[ranges[-1][0] : ranges[-1][1]]).lower()
        return bool(re.search(r"(?<![\w])các(?![\w])", prev))

    for start, stop, sep in pieces:
        raw = masked[start:stop]
        start += len(raw) - len(raw.lstrip())
        stop -= len(raw) - len(raw.rstrip())
        if start >= stop:
            continue
        piece = _unmask(masked[start:stop])
        opens = _opens_unit(piece)
        if sep in ("và", "cùng", "với", "cùng với") and ranges and not opens:
            ranges[-1][1] = stop  # "Thông tin và Truyền thông": "và" inside a name
        elif piece[0].isupper():
            if opens or not ranges:
                ranges.append([start, stop])
            else:  # "Sở Văn hóa, Thể thao ...": a name running on after a comma
                ranges[-1][1] = stop
        elif KIND_NOUN_RE.match(piece) and ranges and plural_before():
            ranges[-1][1] = stop  # "các huyện ủy, thành ủy, đảng ủy trực thuộc"
        elif PERSON_HEAD_RE.match(piece) or KIND_NOUN_RE.match(piece):
            ranges.append([start, stop])
        # anything else ("đặc biệt tại cơ sở", "nhất là ...") qualifies, not names
    out: list[tuple[str, int, int]] = []
    for start, stop in ranges:
        listed = next(((a, b) for a, b in members if start <= a < stop), None)
        if listed is not None:
            out.extend((u.text, u.start, u.end) for u in _members(listing, listed, 0))
            continue
        text = _SCOPE_TAIL.sub("", _unmask(masked[start:stop]))
        text = _PAREN_TAIL.sub("", text).rstrip(" ,.;:-")
        if text and any(c.isalpha() for c in text):
            out.append((text, start, start + len(text)))
    return tuple(out)


class _VerbAt:
    """Where a predicate verb starts (a match on the text or its folded copy)."""

    def __init__(self, start: int) -> None:
        self._start = start

    def start(self) -> int:
        return self._start


def _np_end(masked: str, start: int) -> _VerbAt | None:
    """The first predicate verb after ``start``: exact, or OCR-misspelt."""
    stop = min(len(masked), start + _MAX_NP)
    exact = PREDICATE_VERB_RE.search(masked, start, stop)
    stop = exact.start() if exact else stop
    loose = FOLDED_VERB_RE.search(fold_keep_case(masked[start:stop]))
    if loose:
        return _VerbAt(start + loose.start())
    return _VerbAt(exact.start()) if exact else None


# "UBND các huyện, nhất là các huyện ven biển": what follows singles out some of the
# units named; it is no part of the name (the units singled out are among them).
_SINGLED_OUT = re.compile(
    r",?[ \t]+(?:nhất[ \t]+là|đặc[ \t]+biệt[ \t]+là|trước[ \t]+hết[ \t]+là)[ \t]", re.I
)


def _name_part(np: str) -> str:
    m = _SINGLED_OUT.search(np)
    return np[: m.start()] if m else np


def clause_units(
    clause: str, base: int, *, issuer_like: Callable[[str], bool] | None = None
) -> list[FoundUnit]:
    """The units a clause names as its subject (or after "Giao", "Đề nghị" ...).

    ``base`` is the clause's offset in the document, for spans.  ``issuer_like``
    tells whether a subject is the issuer itself ("Ban Thường vụ Tỉnh ủy ủy quyền
    cho Thường trực Tỉnh ủy ..."): then the units after its verb are meant.
    """
    masked = clause
    lead = _LEAD.match(masked).end()  # type: ignore[union-attr]
    if _LABEL.match(masked, lead):
        return []  # "Cơ quan chủ trì: Sở Y tế": the label is no subject (labelled_units)
    start = lead
    dm = DELEGATING_VERB_RE.match(masked, start)
    delegated = False
    if dm:
        start = dm.end()
        delegated = True
    elif not _opens_unit(masked[start:]):
        return []
    verb = _np_end(masked, start)
    colon = masked.find(":", start, start + _MAX_NP)
    if (
        not delegated
        and colon > start
        and (verb is None or verb.start() > colon)
        and not _LABEL.match(masked, lead)
    ):
        # A plan's item headed by its units: "2. Sở Tài chính: Bố trí kinh phí ...".
        return _split_np(_name_part(masked[start:colon]), base + start)
    head = masked[start:].rstrip()
    if verb is None and len(head) < 120 and head[-1:].isalpha():
        # ... or by its units alone on the line, its duties below ("4. UBND các huyện").
        return _split_np(_name_part(head), base + start)
    if verb is None:
        return []
    np = _name_part(masked[start : verb.start()])
    if _CONDITIONAL.search(np) or not np.strip():
        return []
    units = _split_np(np, base + start)
    if (
        not delegated
        and issuer_like is not None
        and units
        and all(issuer_like(u.text) for u in units)
    ):
        vm = re.match(
            r"(?:ủy|uỷ)\s+quyền\s+cho\s+|giao\s+cho\s+|giao\s+|đề\s+nghị\s+|yêu\s+cầu\s+",
            masked[verb.start() :],
        )
        if not vm:
            return []
        obj_start = verb.start() + vm.end()
        nxt = _np_end(masked, obj_start)
        if nxt is None:
            return []
        units = _split_np(masked[obj_start : nxt.start()], base + obj_start)
    return units


# "Việc bảo đảm nước sinh hoạt do Sở Xây dựng chủ trì": the unit named after "do"
# leads when a verb of taking charge ends its name ("thiệt hại do bão gây ra" names none).
_BY = re.compile(r"(?<!\w)do[ \t\n]+")
_IN_CHARGE = re.compile(
    r"[ \t\n,]+(?:chủ[ \t\n]+trì|phụ[ \t\n]+trách|đảm[ \t\n]+nhiệm|đảm[ \t\n]+nhận|"
    r"chịu[ \t\n]+trách[ \t\n]+nhiệm)(?!\w)"
)


def units_in_charge(text: str, base: int) -> list[FoundUnit]:
    """Units a task puts in charge after "do": "... do Sở Y tế chủ trì".

    >>> [(u.text, u.role) for u in units_in_charge(
    ...     "Công tác phòng, chống dịch mùa khô do Sở Y tế chủ trì.", 0)]
    [('Sở Y tế', 'lead')]
    >>> units_in_charge("Thiệt hại do bão số 3 gây ra, do Nhân dân tự khắc phục.", 0)
    []
    """
    out: list[FoundUnit] = []
    if "do" not in text:
        return out
    for m in _BY.finditer(text):
        start = m.end()
        if not _opens_unit(text[start:]):
            continue
        v = _IN_CHARGE.search(text, start, start + _MAX_NP)
        if v is None or any(c in text[start : v.start()] for c in ".;:"):
            continue
        out.extend(
            FoundUnit(u.text, u.start, u.end, "lead")
            for u in _split_np(mask_names(text[start : v.start()]), base + start)
        )
    return out


def coordinating_units(clause: str, base: int, *, bounded: bool = False) -> list[FoundUnit]:
    """Units after "phối hợp với" in a clause: they coordinate, not lead.

    ``bounded``: only names that a known verb ends ("phối hợp với Sở Y tế tổ
    chức ..."), for a clause with no subject of its own, where a name running
    on to the clause's end would swallow the duty.

    >>> clause = "Giao UBND thành phố chủ trì phối hợp với Văn phòng Thành ủy chủ động nắm"
    >>> [u.text for u in coordinating_units(mask_names(clause), 0)]
    ['Văn phòng Thành ủy']
    """
    masked = clause
    out: list[FoundUnit] = []
    for m in _COORD.finditer(masked):
        nxt = _np_end(masked, m.end())
        if nxt is None and bounded:
            continue
        stop = nxt.start() if nxt else min(len(masked), m.end() + 120)
        for u in _split_np(masked[m.end() : stop], base + m.end()):
            if _opens_unit(u.text):
                out.append(FoundUnit(u.text, u.start, u.end, "coordinate"))
    return out


def first_label(text: str) -> int | None:
    """Where the first unit label ("Cơ quan chủ trì:", "Phối hợp:") of ``text`` starts."""
    m = _LABEL.search(text) if ":" in text else None
    return m.start() if m else None


def _label_value_end(text: str, pos: int) -> int:
    """The end of a label's value: its first ";", full stop or line end, or, where a
    cell listed several units ("Công an tỉnh; Văn phòng UBND tỉnh; Thời gian hoàn thành:
    ..."), the end of the last ";" piece that opens a unit and holds no label of its own.
    """
    end = _LABEL_VALUE_END.search(text, pos)
    stop = end.start() if end else len(text)
    while end is not None and end.group() == ";":
        nxt = _LABEL_VALUE_END.search(text, end.end())
        piece_end = nxt.start() if nxt else len(text)
        piece = text[end.end() : piece_end].strip()
        if ":" in piece or not _opens_unit(piece):
            break
        stop, end = piece_end, nxt
    return stop


def labelled_units(text: str, base: int) -> list[FoundUnit]:
    """Units written after a label: "Đơn vị chủ trì: Sở Y tế", "Phối hợp: ...".

    >>> [(u.text, u.role) for u in labelled_units(
    ...     "Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch; Đơn vị phối hợp: "
    ...     "UBND các huyện, thị xã. Thời gian thực hiện: Quý II", 0)]
    [('Sở Văn hóa, Thể thao và Du lịch', 'lead'), ('UBND các huyện, thị xã', 'coordinate')]
    """
    out: list[FoundUnit] = []
    if ":" not in text:  # every label ends with its colon
        return out
    for m in _LABEL.finditer(text):
        label = (m.group("kind") or m.group("bare") or "").lower()
        role = "coordinate" if label.startswith("phối") else "lead"
        stop = _label_value_end(text, m.end())
        value = text[m.end() : stop]
        for u in _split_np(mask_names(value), base + m.end()):
            if _opens_unit(u.text):
                out.append(FoundUnit(u.text, u.start, u.end, role))
    return out
