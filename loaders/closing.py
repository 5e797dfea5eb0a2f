"""The end of a document: the Nơi nhận distribution list and the signature block.

Converted documents may print the two side by side, so their lines interleave;
signature lines (authority, upper-case title, the signer's name, scan marks)
are recognised on their own and kept out of the distribution list.

>>> tail = "Nơi nhận:\\n- Như trên,\\n\\nT/M BAN THƯỜNG VỤ\\nPHÓ BÍ THƯ\\n\\nĐinh Thị Lụa"
>>> sig = find_signature(split_lines(tail))
>>> (sig.name, sig.title, sig.on_behalf_of, sig.authority)
('Đinh Thị Lụa', 'Phó Bí thư', 'Ban Thường vụ', 'T/M')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.model import Signer, Span
from loaders.clean import Line, split_lines
from loaders.header import is_motto, is_upper
from loaders.vocab import proper_case

__all__ = [
    "find_signature",
    "find_copied_to",
    "closing_start",
    "attachment_start",
    "split_columns",
    "split_lines",
    "CopyEntry",
]

_NOI_NHAN = re.compile(r"^(?:Nơi|NƠI)\s{0,3}(?:nhận|NHẬN)\s{0,3}:?\s*")
_AUTHORITY = re.compile(
    r"^(?P<a>T/M|T\.M\.?|TM\.?|KT\.?|K/T|TL\.?|TUQ\.?|Q\.|PP\.?)\s{0,3}(?P<rest>\S.*)?$"
)
_TITLES = re.compile(
    r"^(?:PHÓ\s+)?(?:BÍ\s+THƯ|CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|CHÁNH\s+VĂN\s+PHÒNG|THỦ\s+TƯỚNG|"
    r"BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG|TRƯỞNG\s+PHÒNG|TỔNG\s+BÍ\s+THƯ|CHỦ\s+NHIỆM|VIỆN\s+TRƯỞNG|"
    r"CHÁNH\s+ÁN|TRƯỞNG\s+ĐOÀN|THƯỜNG\s+TRỰC|ỦY\s+VIÊN|UỶ\s+VIÊN|PHÓ\s+THỦ\s+TƯỚNG|TỔNG\s+GIÁM\s+ĐỐC|"
    r"BÍ\s+THƯ\s+THƯỜNG\s+TRỰC|PHÓ\s+BÍ\s+THƯ\s+THƯỜNG\s+TRỰC|TRƯỞNG\s+BAN\s+CHỈ\s+ĐẠO)\b"
)
_SCAN_MARK = re.compile(
    r"^\[.{0,40}\]$|^\(?(?:đã\s+ký|Đã\s+ký|ký\s+tên|Ký\s+tên|ĐÃ\s+KÝ)[^)]{0,40}\)?$|^\(?(?:Chữ\s+ký|Dấu)\b",
)
_PERSON = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)\s+|TS\.?\s+|ThS\.?\s+|PGS\.?\s*TS\.?\s+|GS\.?\s*TS\.?\s+)?"
    r"(?P<n>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
    r"[^\s\d,;:()]{0,10}(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
    r"[^\s\d,;:()]{0,10}){1,5})$"
)
_ORGAN_START = re.compile(
    r"^(?:Ban|Sở|Bộ|Văn|Ủy|Uỷ|Hội|Đảng|Tỉnh|Thành|Huyện|Các|Lưu|Như|Trang|Phòng|Cổng|Báo|Đài)\b"
)
_NOTE = re.compile(
    r"\}?\s*\((?P<note>[^()]{1,30})\)\s*$|\}\s*$",
)
_ARCHIVE = re.compile(r"(?:VT|Văn\s+thư|HS)(?:\s{0,2}[,;]\s{0,2}[\w.&-]{1,12}){0,4}\.?|VP")
_LUU = re.compile(r"^(?:Lưu|LƯU)\s{0,3}:?\s*")
_AS_ABOVE = re.compile(r"^(?:Như\s+(?:trên|Kính\s+gửi|kính\s+gửi|Điều|điều)|Như\s+k/g|NT)\b")
_CODE = re.compile(r"^[A-ZĐ0-9./\-]{2,}$")


@dataclass(slots=True)
class CopyEntry:
    text: str
    start: int
    end: int
    note: str | None


def closing_start(lines: list[Line], after: int) -> int | None:
    """Index of the "Nơi nhận:" line (searched from line ``after``), or None."""
    for i in range(len(lines) - 1, after - 1, -1):
        if _NOI_NHAN.match(lines[i].text):
            return i
    return None


_ATTACHED = re.compile(r"^\(?\s*(?:Ban\s+hành\s+)?(?:kèm|Kèm)\s+theo\s")


def attachment_start(lines: list[Line], after: int | None) -> int | None:
    """Index of the first line of a document attached after the closing, or None.

    A decision that issues a plan ("Ban hành kèm theo Quyết định số ...") prints
    the plan after its own signature, under its own header: the issuer lines
    over a motto, or the "(Ban hành kèm theo ...)" line under the plan's title.
    """
    if after is None:
        return None
    for i in range(after + 1, len(lines)):
        t = lines[i].text
        if is_motto(t) or _ATTACHED.match(t):
            j = i
            # The attached document's own issuer lines stand over its motto.
            while j - 1 > after and _issuer_line(lines[j - 1].text):
                j -= 1
            return j
    return None


def _issuer_line(text: str) -> bool:
    return bool(text) and is_upper(text) and not _is_signature_line(text) and not _is_person(text)


# A Nơi nhận entry and the signature column flattened onto one line: "- UBND
# huyện (b/c); Lê Thị Mỹ Xuyên", "Nơi nhận: TRƯỞNG PHÒNG".  The cut falls after
# the entry's own end mark; what follows must read as a signature line.
_COLUMN_CUT = re.compile(r"(?:[;:]|\)|,)[ \t]+(?=\S)")


def split_columns(lines: list[Line]) -> list[Line]:
    """The closing's lines with a signature part printed beside an entry cut off.

    >>> tail = split_lines("Nơi nhận: KT. CHỦ TỊCH\\n- Như trên; PHÓ CHỦ TỊCH")
    >>> [ln.text for ln in split_columns(tail)]
    ['Nơi nhận:', 'KT. CHỦ TỊCH', '- Như trên;', 'PHÓ CHỦ TỊCH']
    """
    out: list[Line] = []
    for ln in lines:
        t = ln.text
        for m in _COLUMN_CUT.finditer(t):
            right = t[m.end() :].rstrip()
            signature = _is_signature_line(right) and (is_upper(right) or _SCAN_MARK.match(right))
            if signature or (_is_person(right) and not is_upper(right)):
                left = t[: m.end()].rstrip()
                out.append(Line(ln.no, ln.start, ln.start + len(left), left))
                out.append(Line(ln.no, ln.start + m.end(), ln.start + m.end() + len(right), right))
                break
        else:
            out.append(ln)
    return out


def _person(text: str) -> str | None:
    """The name on a line that holds only a person's name, else None."""
    m = _PERSON.match(text)
    if m is None:
        return None
    if is_upper(text):  # "ĐOÀN HỒNG PHONG", but not a title line
        return m.group("n") if 2 <= len(text.split()) <= 5 and not _TITLES.match(text) else None
    return None if _ORGAN_START.match(text) else m.group("n")


def _is_person(text: str) -> bool:
    return _person(text) is not None


def _is_signature_line(text: str) -> bool:
    return bool(_AUTHORITY.match(text) or _TITLES.match(text) or _SCAN_MARK.match(text))


def _marker(raw: str) -> str:
    """One spelling of an authority marker: "T/M", "TM.", "KT.", "TL.", "TUQ." ..."""
    bare = raw.replace("T.M", "T/M").rstrip(".").upper()
    if bare == "K/T":  # the party's spelling of "KT."
        bare = "KT"
    return "T/M" if bare == "T/M" else bare + "."


def find_signature(lines: list[Line], *, start: int = 0) -> Signer | None:
    """The signature block: authority, title and name, read down from its first line.

    "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / (Đã ký) / Name": the
    collective signed for is "Ủy ban nhân dân", the marker that says how is
    "KT.", and the title is the last one before the name, "Phó Chủ tịch".
    """
    tail = [ln for ln in lines[max(start, len(lines) - 40) :] if ln.text]
    begin = next(
        (
            i
            for i, ln in enumerate(tail)
            if ((m := _AUTHORITY.match(ln.text)) and is_upper(m.group("rest") or ""))
            or (_TITLES.match(ln.text) and is_upper(ln.text))
        ),
        None,
    )
    if begin is None:
        return None
    sig = Signer()
    title: str | None = None
    last = tail[begin]
    for ln in tail[begin:]:
        t = ln.text
        m = _AUTHORITY.match(t)
        if m and is_upper(m.group("rest") or "x"):
            sig.authority = _marker(m.group("a"))
            rest = (m.group("rest") or "").strip()
            if sig.authority in ("T/M", "TM.") and rest and sig.on_behalf_of is None:
                sig.on_behalf_of = proper_case(rest)  # "T/M THƯỜNG TRỰC TỈNH ỦY": a collective
            elif _TITLES.match(rest):
                title = rest  # "KT. CHỦ TỊCH": the head signed for, unless a title follows
            elif rest and sig.on_behalf_of is None:
                sig.on_behalf_of = proper_case(rest)
            continue
        if _TITLES.match(t) and is_upper(t):
            title = t
            continue
        if _SCAN_MARK.match(t):
            continue
        name = _person(t)
        if name is not None:
            sig.name = proper_case_name(name) if is_upper(name) else name
            last = ln
            break
        # Anything else (Nơi nhận entries printed beside the block) is passed over.
    sig.title = proper_case(title) if title else None
    sig.span = Span(tail[begin].start, last.end)
    return sig


def proper_case_name(name: str) -> str:
    """A person's name with a capital on every syllable.

    >>> proper_case_name("ĐOÀN HỒNG PHONG")
    'Đoàn Hồng Phong'
    """
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def find_copied_to(lines: list[Line], at: int | None) -> list[CopyEntry] | None:
    """The Nơi nhận entries (without "Như trên", filing codes and signature lines)."""
    if at is None:
        return None
    out: list[CopyEntry] = []
    first = lines[at]
    m = _NOI_NHAN.match(first.text)
    assert m is not None
    candidates = []
    if first.text[m.end() :].strip():
        candidates.append(Line(first.no, first.start + m.end(), first.end, first.text[m.end() :]))
    candidates.extend(lines[at + 1 :])
    for ln in candidates:
        t = ln.text.strip()
        if not t or (t.endswith(":") and len(t) < 40 and not _LUU.match(t)):
            continue  # "Gửi bản điện tử:"
        if _is_signature_line(t) or (_is_person(t) and not t.startswith(("-", "Lưu"))):
            continue
        if _CODE.match(t) or _AS_ABOVE.match(t.lstrip("- ")):
            continue
        text = t.lstrip("- ").rstrip(" ,;.")
        note = None
        nm = _NOTE.search(text)
        if nm:
            note = nm.group("note")
            text = text[: nm.start()].rstrip(" ,;.}")
        lm = _LUU.match(text)
        if lm:
            text = text[lm.end() :].strip()
            # The archive and the drafting desk ("VT, P.KTN", "VT, KGVXbhp"), not a unit.
            if _ARCHIVE.fullmatch(text):
                text = {"VP": "Văn phòng"}.get(text, "")
        text = re.sub(r"\s*\(\d{1,3}\)\s*$", "", text).rstrip(" ,;.")
        if not text or not any(c.isalpha() for c in text):
            continue
        col = ln.text.find(text)
        start = ln.start + max(col, 0)
        if out and text[:1].islower() and not t.startswith("-"):
            # No entry opens in lower case: "trực thuộc Tỉnh ủy" is the wrapped
            # tail of "Các huyện ủy, thị ủy, thành ủy, đảng ủy" above it.
            prev = out[-1]
            prev.text, prev.end = f"{prev.text} {text}", start + len(text)
            prev.note = prev.note or note
            continue
        out.append(CopyEntry(text, start, start + len(text), note))
    return out
