"""The header: issuer block, motto, number, place and date, type, subject, Kính gửi.

PDF and scan conversions flatten the header's two columns into one stream of
lines in any order, so each line is classified on its own rather than read by
position.  The header ends where the body starts: the first opening sentence
("Thực hiện ...", "Căn cứ ..."), a long paragraph, or a numbered task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.names import fold, modern_tones
from loaders.clean import Line
from loaders.dates import DATE_RE, match_date
from loaders.vocab import (
    NUMBER_RE,
    doc_type_of_number,
    doc_type_of_word,
    normalise_number,
)
from loaders.words import PERSON_HEAD_RE, UNIT_HEAD_RE

__all__ = ["Header", "parse_header", "is_upper", "is_motto", "BODY_OPENERS"]

_MOTTOS = (
    "dang cong san viet nam",
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
)
_MOTTO_RE = re.compile(
    r"ĐẢNG\s{1,3}CỘNG\s{1,3}SẢN\s{1,3}VIỆT\s{1,3}NAM|CỘNG\s{1,3}HÒA\s{1,3}XÃ\s{1,3}HỘI\s{1,3}CHỦ"
    r"\s{1,3}NGHĨA\s{1,3}VIỆT\s{1,3}NAM|CỘNG\s{1,3}HOÀ\s{1,3}XÃ\s{1,3}HỘI\s{1,3}CHỦ\s{1,3}NGHĨA"
    r"\s{1,3}VIỆT\s{1,3}NAM|Độc\s{1,3}lập\s{0,3}-\s{0,3}Tự\s{1,3}do\s{0,3}-\s{0,3}Hạnh\s{1,3}phúc|"
    # The Youth Union's own motto heads its letters as the Party's heads theirs.
    r"ĐOÀN\s{1,3}(?:TNCS|THANH\s{1,3}NIÊN\s{1,3}CỘNG\s{1,3}SẢN)\s{1,3}HỒ\s{1,3}CHÍ\s{1,3}MINH",
    re.IGNORECASE,
)
# "Số", and its OCR misreadings ("Sô", "Sổ", "Só", "SÔ"); a number must follow.
_NUMBER_LINE = re.compile(r"^(?:S[ốôổóồỗo]|S[ỐÔỔÓỒỖO])\s{0,3}(?::|\s)\s{0,20}")
# "Kính gửi:", or a telegram's "THỦ TƯỚNG CHÍNH PHỦ điện:" before its addressees.
_KINH_GUI = re.compile(
    r"^(?:(?:Kính|KÍNH)\s{0,3}(?:gửi|GỬI)\s{0,3}:?|[A-ZĐ][^:\n]{2,60}?\s(?:điện|ĐIỆN)\s{0,3}:)\s*"
)
_PLACE_DATE = re.compile(
    r"(?P<place>[^\s,:;()][^,:;()\n]{0,40}?)\s{0,3},\s{0,3}ngày\s{0,3}(?P<date>"
    + DATE_RE.pattern
    + r"|\.{1,20}|\s{1,10}tháng)",
    re.IGNORECASE,
)
# "Sơn La ngày 15 tháng 8 năm 2021": no comma; then the place must be a short
# capitalised name at the line's start, so no sentence reads as a date line.
_PLACE_DATE_BARE = re.compile(
    r"^(?P<place>(?:TP\.\s?)?[^\W\d_]+(?:\s[^\W\d_]+){0,4})\s{1,3}ngày\s{0,3}(?P<date>"
    + DATE_RE.pattern
    + r")"
)
_BARE_COLLECTIVES = frozenset({"ban chap hanh", "ban thuong vu", "thuong truc", "bch", "btv"})
_SUBJECT_VV = re.compile(r"^(?:V/v|V/V|v/v|Về\s+việc|VỀ\s+VIỆC)\s*:?\s*")
_SUBJECT_VE = re.compile(r"^(?:về|Về|VỀ)\s+")
# An incoming-mail stamp: "ĐẾN Số: ...", "Ngày: 12/10/2020", "Chuyển: ....."; a
# date line reads "Place, ngày ...", never "Ngày:" with a colon.
_STAMP = re.compile(
    r"^(?:ĐẾN|Đến)\b|^(?:Số|Ngày|Chuyển|Chuyên)\s*:?\s*[.…]{2,}|[.…]{4,}\s*$|"
    r"^(?:Ngày|NGÀY)\s{0,2}:\s{0,3}\d{1,2}\s{0,2}[/.-]\s{0,2}\d{1,2}\s{0,2}[/.-]\s{0,2}\d{2,4}\W*$"
)

#: Words that open the body: the header is over once one starts a line.
BODY_OPENERS = re.compile(
    r"^(?:Thực\s+hiện|Căn\s+cứ|Triển\s+khai|Thời\s+gian\s+qua|Trong\s+(?:thời\s+gian|những|tuần|"
    r"ngày|bối\s+cảnh)|Để\s|Nhằm\s|Sau\s+khi|Qua\s|Vừa\s+qua|Theo\s|Ngày\s+\d|Hiện\s+nay|"
    r"Tiếp\s+theo|Nhận\s+được|Từ\s+ngày|Ban\s+Thường\s+vụ\s+\S+\s+(?:ủy|uỷ)\s+(?:yêu|đề|chỉ)|"
    r"Thường\s+trực\s+\S+\s+(?:ủy|uỷ)\s+(?:yêu|đề|chỉ)|I\.\s|1\.\s|Điều\s+1\s{0,2}[.:])"
)

# Organ words as written (upper case, tones in the new style): folded words
# like "phong" or "so" would also match place names ("XÃ TIỀN PHONG").
_ORGAN_RE = re.compile(
    r"(?<![^\W\d_])(?:TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|QUẬN ỦY|THỊ ỦY|ĐẢNG ỦY|ĐẢNG BỘ|ỦY BAN|UBND|"
    r"BAN|BỘ|SỞ|PHÒNG(?!,?\s(?:CHỐNG|NGỪA|TRÁNH))|VĂN PHÒNG|HỘI ĐỒNG|HĐND|MẶT TRẬN|MTTQ|"
    r"ĐẢNG ĐOÀN|CHI BỘ|QUỐC HỘI|"
    r"CÔNG AN|TRUNG TÂM|CHỦ TỊCH|TỔNG BÍ THƯ|CHÍNH PHỦ|THỦ TƯỚNG|BCH|VP|CỤC|CHI CỤC|TỔNG CỤC|"
    r"BỆNH VIỆN|TRƯỜNG|HỌC VIỆN|VIỆN|TỔNG LIÊN ĐOÀN|LIÊN ĐOÀN|ĐOÀN|HỘI|TÒA ÁN|VIỆN KIỂM SÁT)"
    r"(?![^\W\d_])"
)
#: Lines of a site's chrome before the document: menus, breadcrumbs, lead-ins.
_DOC_START_LIMIT = 60


def is_upper(text: str) -> bool:
    """Mostly upper-case letters (the issuer block, titles, the type line)."""
    letters = "".join(filter(str.isalpha, text))  # filter/map: C loops, no Python frame
    if len(letters) < 2:
        return False
    return sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def is_motto(text: str) -> bool:
    """Whether a line carries a motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" ...)."""
    return bool(_MOTTO_RE.search(text))


@dataclass(slots=True)
class Header:
    doc_type: str | None = None
    doc_type_span: tuple[int, int] | None = None
    number: str | None = None
    number_span: tuple[int, int] | None = None
    number_code: str | None = None  # "/KH-UBND" of a blank number
    date: str | None = None
    date_span: tuple[int, int] | None = None
    place: str | None = None
    place_span: tuple[int, int] | None = None
    issuer: str | None = None  # as written, lines joined
    issuer_span: tuple[int, int] | None = None
    parent: str | None = None
    party: bool | None = None  # the motto says which side
    subject: str | None = None
    subject_span: tuple[int, int] | None = None
    recipients: list[tuple[str, tuple[int, int]]] | None = None
    stamp_dates: list[str] = field(default_factory=list)
    body_start: int = 0  # offset in the cleaned text
    body_line: int = 0


def _is_organ(text: str) -> bool:
    return bool(_ORGAN_RE.search(modern_tones(text).upper()))


def _doc_start(lines: list[Line]) -> int:
    """The first line of the document proper: an issuer, motto, number or type line.

    Web copies put a site's menu, breadcrumbs and a news lead-in ("Ngày 13/1,
    Huyện ủy ... ban hành Công văn số 23-CV/HU ...") above the letter; that is
    not the header, and a long lead-in must not be taken for the body.
    """
    for i, ln in enumerate(lines[:_DOC_START_LIMIT]):
        t = ln.text
        if not t:
            continue
        if (
            _MOTTO_RE.search(t)
            or _NUMBER_LINE.match(t)
            or (is_upper(t) and (_is_organ(t) or _type_line(t)))
        ):
            return i
    return 0


def _type_line(text: str) -> tuple[str, str] | None:
    """(type, the rest) when a line opens with an upper-case type name."""
    if not is_upper(text):
        return None
    words = text.split()
    # Longest first ("CHƯƠNG TRÌNH HÀNH ĐỘNG"); OCR splits: "K ÉT LUẬN" is three tokens.
    for n in (4, 3, 2, 1):
        head = " ".join(words[:n])
        t = doc_type_of_word(head)
        if t and t not in ("Văn bản",):
            return t, " ".join(words[n:])
    return None


def _bare_type(text: str) -> bool:
    """Whether a line is a type name alone ("KẾ HOẠCH", "CHỈ THỊ"), a title's first line."""
    tl = _type_line(text)
    return tl is not None and not tl[1]


def _dated_opening(text: str) -> bool:
    """ "Ngày 02/12/2025, Ban Thường vụ ... họp": a sentence, not a stamp's "Ngày: ..."."""
    m = re.match(r"Ngày\s{1,3}", text)
    dm = DATE_RE.match(text, m.end()) if m else None
    return dm is not None and text[dm.end() : dm.end() + 3].lstrip().startswith(",")


def _span(line: Line, a: int = 0, b: int | None = None) -> tuple[int, int]:
    return (line.start + a, line.start + (len(line.text) if b is None else b))


def _header_end(lines: list[Line], first: int, limit: int) -> int:
    """Index of the first body line (opening sentence or long paragraph)."""
    kinh = None
    for i in range(first, limit):
        if _KINH_GUI.match(lines[i].text):
            kinh = i
            break
    start = first if kinh is None else kinh + 1
    seen_text = 0
    prev = ""
    for i in range(start, min(limit, len(lines))):
        t = lines[i].text
        if not t:
            continue
        seen_text += 1
        # The title under a bare type line ("KẾ HOẠCH" / "Triển khai chuyển đổi
        # số ...") opens with a verb a body could open with too; it is the subject.
        titled, prev = _bare_type(prev), t
        if kinh is not None and i > kinh and BODY_OPENERS.match(t):
            return i
        # A long title ("CHƯƠNG TRÌNH HÀNH ĐỘNG" / "thực hiện Nghị quyết số ... về
        # ...") still opens in lower case or "Về", which no body paragraph does.
        if titled and (len(t) <= 160 or (len(t) <= 400 and re.match(r"[*_]*(?:[a-zđ]|Về\s)", t))):
            continue
        if (
            BODY_OPENERS.match(t)
            and (not t.startswith(("Trong ", "Ngày ", "Theo ", "Để ")) or _dated_opening(t))
            and (seen_text > 2 or kinh is not None)
        ):
            return i
        if len(t) > 160 and not _SUBJECT_VV.match(t) and not _PLACE_DATE.search(t[:80]):
            return i
    return min(limit, len(lines))


def parse_header(lines: list[Line]) -> Header:
    """Read the header lines; ``body_line`` says where the body begins."""
    h = Header()
    first = _doc_start(lines)
    end = _header_end(lines, first, min(len(lines), first + 80))
    kinh_at = next((i for i in range(first, end) if _KINH_GUI.match(lines[i].text)), None)
    organ_lines: list[tuple[int, str, tuple[int, int]]] = []
    subject_parts: list[Line] = []
    collecting_subject = False
    after_type = False
    type_rest: str | None = None
    stop = kinh_at if kinh_at is not None else end
    last_text = -1  # index of the last non-blank line before this one
    for i in range(first, stop):
        ln = lines[i]
        t = ln.text
        if not t:
            collecting_subject = False
            continue
        prev_text, last_text = last_text, i
        if t in ("*", "***"):
            continue
        motto = _MOTTO_RE.search(t)
        if motto:
            h.party = h.party if h.party is not None else fold(motto.group(0)).startswith("dang")
            t = (t[: motto.start()] + " " + t[motto.end() :]).strip(" -")
            if not t:
                continue
        if fold(t) in _MOTTOS:
            continue
        if _STAMP.search(t):
            m = DATE_RE.search(t)
            if m and (d := match_date(m)):
                h.stamp_dates.append(d)
            # The line before "ĐẾN" is the stamp's owner, not an issuer.
            if organ_lines and organ_lines[-1][0] == prev_text and t.upper().startswith("ĐẾN"):
                organ_lines.pop()
            collecting_subject = False
            continue
        nm = _NUMBER_LINE.match(t)
        if nm and h.number is None and h.number_code is None:
            rest = t[nm.end() :]
            m = NUMBER_RE.match(rest)
            if m and (m.group("num") or m.group("rest")):
                raw = m.group(0)
                if m.group("num"):
                    h.number = normalise_number(raw)
                    h.number_span = _span(ln, nm.end() + m.start(), nm.end() + m.end())
                else:
                    h.number_code = normalise_number(raw)
                t = rest[m.end() :].strip(" ,;")
                collecting_subject = True
                if not t:
                    continue
            else:
                continue
        pd = _PLACE_DATE.search(t) or (_PLACE_DATE_BARE.match(t) if t[:1].isupper() else None)
        if pd and h.date is None and not _SUBJECT_VV.match(t):
            place = pd.group("place").strip(" -*")
            col = ln.text.find(place) if place else -1
            if col >= 0:
                h.place = place
                h.place_span = _span(ln, col, col + len(place))
            dm = DATE_RE.search(t, pd.start("date"))
            if dm and dm.start() == pd.start("date"):
                h.date = match_date(dm)
                col = ln.text.find(dm.group(0))
                h.date_span = _span(ln, col, col + len(dm.group(0)))
            collecting_subject = False
            continue
        vv = _SUBJECT_VV.match(t)
        if vv and h.subject is None and not subject_parts:
            subject_parts.append(Line(ln.no, ln.start + vv.end(), ln.end, t[vv.end() :]))
            collecting_subject = True
            continue
        tl = _type_line(t)
        if tl and not subject_parts and (h.doc_type is None or after_type):
            found, rest = tl
            if after_type and h.doc_type == "Thông báo" and found == "Kết luận":
                h.doc_type = "Thông báo kết luận"
            elif h.doc_type is None:
                h.doc_type = found
                h.doc_type_span = _span(ln)
            type_rest = rest or type_rest
            after_type = True
            collecting_subject = True
            continue
        if after_type and is_upper(t) and re.search(r"(?:^|\s)CỦA\s", t.upper()):
            # "CHỈ THỊ / CỦA BỘ CHÍNH TRỊ", "THÔNG BÁO / Ý KIẾN CHỈ ĐẠO CỦA THƯỜNG TRỰC
            # TỈNH ỦY": a title naming its issuer, not an issuer line.
            type_rest = (type_rest + " " + t) if type_rest else t
            continue
        if is_upper(t) and _is_organ(t) and not subject_parts:
            organ_lines.append((i, t, _span(ln)))
            after_type = False
            continue
        if is_upper(t) and organ_lines and organ_lines[-1][0] == i - 1 and not subject_parts:
            # "ỦY BAN NHÂN DÂN" / "TỈNH SƠN LA": the issuer runs over two lines.
            _j, prev, sp = organ_lines[-1]
            organ_lines[-1] = (i, prev + " " + t, (sp[0], ln.end))
            continue
        # A mixed-case line nothing else claims is the subject, wherever the
        # flattened columns put it (after the date line, below a stamp ...).
        starts_subject = not subject_parts and not is_upper(t) and h.subject is None
        if subject_parts and is_upper(t) and _is_organ(t):
            collecting_subject = False  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" under a title
            continue
        if collecting_subject or (after_type and not subject_parts) or starts_subject:
            if is_upper(t) and not subject_parts and after_type:
                type_rest = (type_rest + " " + t) if type_rest else t
                continue
            if not subject_parts:
                ve = _SUBJECT_VE.match(t)
                cut = ve.end() if ve else 0
                subject_parts.append(Line(ln.no, ln.start + cut, ln.end, t[cut:]))
            else:
                subject_parts.append(ln)
            collecting_subject = True
            continue
    if subject_parts:
        h.subject = " ".join(p.text.strip() for p in subject_parts).strip(" .;:")
        h.subject_span = (subject_parts[0].start, subject_parts[-1].end)
    elif type_rest:
        h.subject = type_rest
    if organ_lines:
        parts = [o[1] for o in organ_lines]
        h.issuer = parts[-1]
        h.issuer_span = organ_lines[-1][2]
        if len(parts) > 1 and fold(parts[-1]) in _BARE_COLLECTIVES:
            # "TỈNH ĐOÀN QUẢNG NINH" over "BAN CHẤP HÀNH": the collective of that body.
            h.issuer = f"{parts[-1]} {parts[-2]}"
            h.issuer_span = (organ_lines[-2][2][0], organ_lines[-1][2][1])
            parts = parts[:-1]
        if len(parts) > 1:
            h.parent = parts[-2]
    elif type_rest and " CỦA " in f" {type_rest.upper()} ":
        # "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY": the title names the issuer.
        h.issuer = re.split(r"\bCỦA\b", type_rest.upper(), maxsplit=1)[1].strip()
    if h.doc_type is None:
        source = h.number or h.number_code
        if source:
            h.doc_type = doc_type_of_number(source)
        if h.doc_type is None and subject_parts and h.subject and _has_vv(lines, stop):
            h.doc_type = "Công văn"
    if kinh_at is not None:
        h.recipients, end = _recipients(lines, kinh_at, end)
    h.body_line = end
    h.body_start = lines[end].start if end < len(lines) else (lines[-1].end if lines else 0)
    return h


def _has_vv(lines: list[Line], stop: int) -> bool:
    return any(_SUBJECT_VV.match(ln.text) for ln in lines[:stop])


def _recipients(
    lines: list[Line], at: int, end: int
) -> tuple[list[tuple[str, tuple[int, int]]], int]:
    """The Kính gửi entries and the index of the first body line after them."""
    out: list[tuple[str, tuple[int, int]]] = []
    first = lines[at]
    m = _KINH_GUI.match(first.text)
    assert m is not None
    candidates: list[Line] = []
    if first.text[m.end() :].strip():
        candidates.append(Line(first.no, first.start + m.end(), first.end, first.text[m.end() :]))
    i = at + 1
    while i < len(lines):
        t = lines[i].text
        if not t:
            if out or candidates:
                # A blank after entries ends the list unless another entry follows.
                nxt = next((ln for ln in lines[i + 1 : i + 3] if ln.text), None)
                if nxt is None or BODY_OPENERS.match(nxt.text) or len(nxt.text) > 160:
                    break
                if not (
                    nxt.text[:1].isupper()
                    and len(nxt.text) < 120
                    and nxt.text.rstrip()[-1:] in ",;."
                ):
                    break
            i += 1
            continue
        if BODY_OPENERS.match(t) or len(t) > 200 or _MOTTO_RE.search(t):
            break
        if candidates and candidates[-1].text.rstrip().endswith(".") and not _names_a_unit(t):
            # The list ended with its full stop and the body runs on with no blank
            # line ("Tình hình dịch bệnh ... diễn biến phức tạp."), as Word files do.
            break
        candidates.append(lines[i])
        i += 1
    single = len(candidates) == 1
    for ln in _sub_lists(_rejoin_wrapped(candidates)):
        # One entry a line is the norm; only a list run into one line is split.
        pieces = _split_entries(ln.text) if single else _whole_entry(ln.text)
        for piece, a in pieces:
            out.append((piece, (ln.start + a, ln.start + a + len(piece))))
    if not out:
        return out, end
    for j in range(i, end):
        t = lines[j].text
        if t and not is_upper(t) and not _PLACE_DATE.search(t[:80]) and not _SUBJECT_VV.match(t):
            # A short opening that no opener word announces ("Tình hình sạt lở còn
            # phức tạp, ...") begins the body; the header was read above the list.
            return out, j
    return out, max(i, end)


def _rejoin_wrapped(candidates: list[Line]) -> list[Line]:
    """Entries a PDF wrapped over two lines, one line again: a line that opens in
    lower case ("và Công nghệ;"), or, where the entries end with their "," or ";",
    any line after one that ends with neither ("Bệnh viện Đa khoa tỉnh" / "Quảng Nam;").
    """
    ends = sum(c.text.rstrip()[-1:] in ",;.:" for c in candidates)
    marked = len(candidates) >= 3 and ends >= 2 and ends * 3 >= len(candidates) * 2
    out: list[Line] = []
    for ln in candidates:
        prev = out[-1] if out else None
        if prev and prev.text.rstrip()[-1:] not in ",;.:" and (marked or ln.text[:1].islower()):
            out[-1] = Line(prev.no, prev.start, ln.end, f"{prev.text} {ln.text}")
        else:
            out.append(ln)
    return out


def _sub_lists(candidates: list[Line]) -> list[Line]:
    """Entries with each sub-list ("- Chủ tịch UBND quận, huyện:" over "+ ..." lines) read once.

    Sub-items that are places ("+ Ninh Kiều, Cái Răng") detail the entry above
    them and are not entries; sub-items that are units ("+ Trung tâm Y tế thành
    phố Sa Đéc") are the entries, and the line that announced them is not.
    """
    out: list[Line] = []
    i = 0
    while i < len(candidates):
        ln = candidates[i]
        if ln.text.rstrip().endswith(":") and i + 1 < len(candidates):
            j = i + 1
            while j < len(candidates) and not _names_a_unit(candidates[j].text):
                j += 1
            if j > i + 1:
                out.append(ln)
            i = j
            continue
        out.append(ln)
        i += 1
    return out


def _names_a_unit(text: str) -> bool:
    """Whether a line opens with a unit or a person's office, as an addressee does."""
    head = text.lstrip(" -+•*")
    return bool(UNIT_HEAD_RE.match(head) or PERSON_HEAD_RE.match(head[:1].lower() + head[1:]))


def _whole_entry(text: str) -> list[tuple[str, int]]:
    lead = len(text) - len(text.lstrip(" -"))
    piece = text.strip(" -").rstrip(" ,.;:")
    return [(piece, lead)] if piece and any(c.isalpha() for c in piece) else []


_ENTRY_SPLIT = re.compile(r";\s*|\s+-\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])")


def _split_entries(text: str) -> list[tuple[str, int]]:
    """Entries of one Kính gửi line: split on ";" and on " - " before a capital."""
    out = []
    pos = 0
    for m in [*_ENTRY_SPLIT.finditer(text), None]:
        stop = m.start() if m else len(text)
        piece = text[pos:stop]
        lead = len(piece) - len(piece.lstrip(" -"))
        piece = piece.strip(" -").rstrip(" ,.;:")
        if piece and any(c.isalpha() for c in piece):
            out.append((piece, pos + lead))
        if m:
            pos = m.end()
    return out
