"""Numbered tasks, their responsible units and deadlines, and the closing monitor.

Tasks are the numbered items "1.", "2." ... of the body, in sequence (a number
out of sequence is text, not a task).  Under Roman sections ("I.", "II.") a
numbering that starts again is qualified by its section ("II.1"); a decision's
or resolution's articles ("Điều 3.") are sections too ("3.1").  The paragraph
after the last task that hands the follow-up to a unit ("Văn phòng Tỉnh ủy ...
nắm tình hình ... báo cáo") is the monitoring assignment, not part of the task.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from graph.model import Deadline, Span
from graph.names import name_key
from loaders.assignees import (
    FoundUnit,
    clause_units,
    coordinating_units,
    first_label,
    labelled_units,
    units_in_charge,
)
from loaders.dates import DATE_RE, match_date, month_end
from loaders.words import PREDICATE_VERB_RE

__all__ = ["FoundTask", "find_tasks", "find_deadline"]

# "1.", "1)" and, in older party letters, "1-" and "1/" before a capital.
_ITEM = re.compile(
    r"^(?P<no>\d{1,2})(?:\s{0,2}[.)]\s{0,4}(?=\S)(?!\d)|\s{0,2}[-/]\s{1,4}(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝ]))"
)
_ROMAN = re.compile(r"^(?P<no>X{0,1}(?:IX|IV|V?I{0,3}))\s{0,2}[.)/]\s{1,4}(?=\S)")
# Sections whose numbered items state aims or findings, not work for a unit.
_AIMS = re.compile(
    r"(?:MỤC\s+ĐÍCH|YÊU\s+CẦU|MỤC\s+TIÊU|QUAN\s+ĐIỂM|SỰ\s+CẦN\s+THIẾT|CĂN\s+CỨ|"
    r"ĐẶC\s+ĐIỂM|TÌNH\s+HÌNH|KẾT\s+QUẢ|ĐÁNH\s+GIÁ|HẠN\s+CHẾ|NGUYÊN\s+NHÂN|ƯU\s+ĐIỂM|BÀI\s+HỌC|"
    # A guide's topics, forms and slogans are what to say, not work for a unit.
    r"NỘI\s+DUNG\s+(?:TUYÊN\s+TRUYỀN|HỌC\s+TẬP|QUÁN\s+TRIỆT|SINH\s+HOẠT)|HÌNH\s+THỨC|KHẨU\s+HIỆU|"
    # An act's articles on its scope and terms define, they do not assign.
    r"PHẠM\s+VI|ĐỐI\s+TƯỢNG|GIẢI\s+THÍCH\s+TỪ\s+NGỮ|NGUYÊN\s+TẮC|HIỆU\s+LỰC|"
    # Nor do those that fix amounts and conditions ("Điều 2. Mức hỗ trợ").
    r"(?:NỘI\s+DUNG\s+VÀ\s+)?(?:ĐỊNH\s+)?MỨC\s)",
    re.IGNORECASE,
)
# An article of a decision or resolution: its items number from 1 again.
_ARTICLE = re.compile(r"^Điều\s{1,3}(?P<no>\d{1,3})\s{0,2}[.:]\s*")
# A Roman heading, or a decision's next article ("Điều 3."), closes the item before it.
_NEXT_SECTION = re.compile(
    r"\n[ \t]*(?:(?:X|IX|IV|V?I{1,3}|VI{1,3})\s{0,2}[.)/]\s|Điều\s{1,3}\d{1,3}\s{0,2}[.:])"
)
_MONITOR = re.compile(
    r"nắm\s+(?:chắc\s+)?tình\s+hình|theo\s+dõi|đôn\s+đốc|tổng\s+hợp(?:,)?\s+(?:tình\s+hình|kết\s+quả|"
    r"báo\s+cáo)|kiểm\s+tra\s+việc\s+thực\s+hiện|giám\s+sát\s+việc",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:(?:Yêu\s+cầu|Đề\s+nghị)\s.{0,160}(?:triển\s+khai|tổ\s+chức)\s+thực\s+hiện|"
    r"Yêu\s+cầu\s+các|Đề\s+nghị\s+các|Trên\s+đây|Nhận\s+được|Ban\s+Thường\s+vụ\s+\S+\s+(?:ủy|uỷ)"
    r"\s+(?:yêu|đề)|Thường\s+trực\s+\S+\s+(?:ủy|uỷ)\s+(?:yêu|đề)|Quá\s+trình\s+(?:thực|triển)|"
    r"Trong\s+quá\s+trình|"
    # A notice's last line: "Văn phòng UBND tỉnh thông báo để các sở, ngành biết".
    r"[^\n]{1,120}?\sthông\s+báo\s+(?:để|cho)\s)",
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])|\n+")
_CLAUSE_BREAK = re.compile(r";\s*|,\s+(?=(?:các\s+)?(?:đồng\s+chí|đ/c)\s)")
_DEADLINE = re.compile(
    # The first letters of the branches, looked at first: most offsets fail at
    # one test instead of trying each branch (keep in step with the branches).
    r"(?=[tchx])"
    r"(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|hạn\s+chót|xong\s+trước|hoàn\s+thành\s+trước|"
    r"trong\s+thời\s+hạn\s+đến|hạn)\s{1,3}(?:\d{1,2}\s{0,2}(?:giờ|h)(?:\s{0,2}\d{1,2}(?:\s{0,2}phút)?)?"
    r"\s{1,3})?(?:,\s{0,2})?(?:ngày\s{1,3})?(?=\d)",
    re.IGNORECASE,
)
_DEADLINE_MONTH = re.compile(
    r"trong\s+tháng\s+(?P<m>\d{1,2})(?:\s{0,2}/\s{0,2}(?P<y1>\d{4})|\s+năm\s+(?P<y2>\d{4}))?",
    re.IGNORECASE,
)
_DEADLINE_QUARTER = re.compile(
    r"trong\s+quý\s+(?P<q>IV|I{1,3}|[1-4])(?:\s{0,2}/\s{0,2}(?P<y1>\d{4})|\s+năm\s+(?P<y2>\d{4}))?",
    re.IGNORECASE,
)
_QUARTERS = {"I": 3, "II": 6, "III": 9, "IV": 12, "1": 3, "2": 6, "3": 9, "4": 12}


@dataclass(slots=True)
class FoundTask:
    no: str
    start: int
    end: int
    text: str
    units: list[FoundUnit] = field(default_factory=list)
    deadline: Deadline | None = None
    section: str | None = None


def find_deadline(text: str, base: int, year: int | None) -> Deadline | None:
    """The first deadline a task sets, with its ISO date when one can be told.

    >>> find_deadline("báo cáo kết quả trước ngày 15/8/2021.", 0, 2021).date
    '2021-08-15'
    >>> find_deadline("hoàn thành trong tháng 9", 0, 2021).date
    '2021-09-30'
    """
    m = _DEADLINE.search(text)
    if m:
        dm = DATE_RE.match(text, m.end())
        if dm:
            return Deadline(
                text[m.start() : dm.end()],
                match_date(dm, year),
                Span(base + m.start(), base + dm.end()),
            )
    m = _DEADLINE_MONTH.search(text)
    if m:
        y = int(m.group("y1") or m.group("y2") or year or 0)
        return Deadline(
            m.group(0),
            month_end(y, int(m.group("m"))) if y else None,
            Span(base + m.start(), base + m.end()),
        )
    m = _DEADLINE_QUARTER.search(text)
    if m:
        y = int(m.group("y1") or m.group("y2") or year or 0)
        month = _QUARTERS[m.group("q").upper()]
        return Deadline(
            m.group(0), month_end(y, month) if y else None, Span(base + m.start(), base + m.end())
        )
    return None


def _items(text: str, start: int, end: int) -> list[tuple[str, str | None, int]]:
    """(number, section, offset) of each task opening, in sequence."""
    out: list[tuple[str, str | None, int]] = []
    section: str | None = None
    expected = 1
    pos = start
    restarts = False
    aims = False  # inside "I. MỤC ĐÍCH, YÊU CẦU": its items are aims, not tasks
    for line in text[start:end].split("\n"):
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        rm = _ROMAN.match(stripped) or _ARTICLE.match(stripped)
        if rm and rm.group("no"):
            section = rm.group("no")
            expected = 1
            aims = bool(_AIMS.match(stripped, rm.end()))
        m = _ITEM.match(stripped)
        if m and not aims:
            n = int(m.group("no"))
            if n == expected or (n == 1 and out):
                if n == 1 and out:
                    restarts = True
                out.append((str(n), section, pos + lead))
                expected = n + 1
        pos += len(line) + 1
    if restarts:
        out = [(f"{s}.{n}" if s else n, s, p) for n, s, p in out]
    return out


def _paragraphs(text: str, base: int) -> list[tuple[str, int]]:
    out = []
    pos = 0
    for para in text.split("\n"):
        if para.strip():
            out.append((para, base + pos))
        pos += len(para) + 1
    return out


_FOR_UNITS_LINE = re.compile(r"\s*Đối\s+với\s[^\n.;]{3,200}$")


def _opens_with_verb(para: str) -> bool:
    head = para.lstrip(" -+•")
    return bool(head[:1].isupper() and PREDICATE_VERB_RE.match(head[:1].lower() + head[1:]))


def _units_of(text: str, base: int, issuer_like: Callable[[str], bool]) -> list[FoundUnit]:
    found: list[FoundUnit] = []
    headed = False  # the item opened with "Đối với <units>" alone on its line
    for idx, (para, pbase) in enumerate(_paragraphs(text, base)):
        found.extend(labelled_units(para, pbase))
        found.extend(units_in_charge(para, pbase))
        # Once a paragraph labels its units ("...; Cơ quan chủ trì: X; Cơ quan phối hợp:
        # Y; Thời gian hoàn thành: ..."), what follows the first label gives no subjects.
        label_at = first_label(para)
        if idx == 0:
            headed = bool(_FOR_UNITS_LINE.match(para))
        # Under such a heading a paragraph that opens with a verb ("Lãnh đạo Ủy
        # ban nhân dân huyện xây dựng ...") states the duty: its object is no subject.
        duty = headed and idx > 0 and _opens_with_verb(para)
        sentences = _SENTENCE.split(para)
        spos = 0
        for n, sent in enumerate(sentences):
            at = para.find(sent, spos)
            spos = at + len(sent)
            sbase = pbase + at
            # The clause that opens the sentence, then each clause after ";" or
            # ", đồng chí ..." that opens with its own subject.
            cpos = 0
            for m in [*_CLAUSE_BREAK.finditer(sent), None]:
                stop = m.start() if m else len(sent)
                if label_at is not None and at + cpos >= label_at:
                    # No subjects there, but a content cell's "phối hợp với X" still names X.
                    found.extend(coordinating_units(sent[cpos:stop], sbase + cpos))
                    if m:
                        cpos = max(cpos, m.end())
                    continue
                clause = sent[cpos:]
                if duty and n == 0 and cpos == 0:
                    units = []
                else:
                    units = clause_units(clause, sbase + cpos, issuer_like=issuer_like)
                if units:
                    found.extend(units)
                    found.extend(coordinating_units(sent[cpos:stop], sbase + cpos))
                    # Skip the breaks that fell inside this clause's subject.
                    last_end = units[-1].end - sbase
                    if m is not None and m.start() < last_end:
                        cpos = max(cpos, last_end)
                        continue
                elif cpos == 0:
                    found.extend(coordinating_units(sent[:stop], sbase))
                else:
                    # "...; phối hợp với Công an tỉnh tuần tra ...": a later clause
                    # without its own subject still names the task's partners.
                    found.extend(
                        coordinating_units(sent[cpos:stop], sbase + cpos, bounded=True)
                    )
                if m:
                    cpos = max(cpos, m.end())
    seen: set[str] = set()
    out = []
    for u in found:
        k = name_key(u.text)
        if k and k not in seen:
            seen.add(k)
            out.append(u)
    return out


def find_tasks(
    text: str,
    start: int,
    end: int,
    *,
    year: int | None,
    issuer_like: Callable[[str], bool],
) -> tuple[list[FoundTask], list[FoundUnit], int | None]:
    """Tasks in ``text[start:end]``, the monitoring units, and where the tasks begin."""
    items = _items(text, start, end)
    if not items:
        return [], _monitor_after(text, start, end, issuer_like), None
    tasks: list[FoundTask] = []
    for k, (no, section, pos) in enumerate(items):
        stop = items[k + 1][2] if k + 1 < len(items) else end
        heading = _NEXT_SECTION.search(text, pos, stop)
        if heading:  # "III. TỔ CHỨC THỰC HIỆN" closes the section's last task
            stop = heading.start() + 1
        tasks.append(FoundTask(no, pos, stop, text[pos:stop], section=section))
    monitor: list[FoundUnit] = []
    last = tasks[-1]
    paras = _paragraphs(last.text, last.start)
    for para, pbase in paras[1:]:
        if _CLOSING.match(para) or _MONITOR.search(para):
            cut = pbase
            monitor = _monitor_after(text, cut, end, issuer_like)
            last.end = cut
            last.text = text[last.start : cut].rstrip()
            break
    for t in tasks:
        body = re.sub(r"^\s*\d{1,2}\s{0,2}[.)/-]\s*", "", t.text)
        offset = t.start + (len(t.text) - len(body))
        t.units = _units_of(body, offset, issuer_like)
        t.deadline = find_deadline(t.text, t.start, year)
    if not monitor and _MONITOR.search(last.text):
        monitor = list(last.units)
    if not monitor and last.end < end:
        # "III. TỔ CHỨC THỰC HIỆN" closed the tasks: the follow-up is given there.
        monitor = _monitor_after(text, last.end, end, issuer_like)
    return tasks, monitor, items[0][2]


def _monitor_after(
    text: str, start: int, end: int, issuer_like: Callable[[str], bool]
) -> list[FoundUnit]:
    out: list[FoundUnit] = []
    for para, pbase in _paragraphs(text[start:end], start):
        if _MONITOR.search(para):
            out.extend(_units_of(para, pbase, issuer_like))
    return out
