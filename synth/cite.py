"""Dates and citations as Vietnamese letters write them, with the gold reading of each.

>>> from datetime import date
>>> long_date(date(2021, 1, 6), pad=True)
'ngày 06 tháng 01 năm 2021'
>>> short_date(date(2021, 1, 5), pad=False)
'5/1/2021'
>>> text, c = cite_doc("full", "Công văn", "201-CV/TU", date(2021, 4, 27), "Tỉnh ủy Bắc Kạn",
...                    "Tỉnh ủy Bắc Kạn", "province", "phòng, chống dịch", pad=False, long=True)
>>> text
'Công văn số 201-CV/TU ngày 27 tháng 4 năm 2021 của Tỉnh ủy Bắc Kạn về phòng, chống dịch'
>>> c.number, c.date, c.issuer
('201-CV/TU', '2021-04-27', 'Tỉnh ủy Bắc Kạn')
"""

from __future__ import annotations

from datetime import date

from synth.spec import Cite

__all__ = ["long_date", "short_date", "cite_doc", "CITE_FORMS"]

#: How a citation may read: every part, no date, no number, no type/number/date, "tại".
CITE_FORMS = ("full", "full", "full", "nodate", "nonum", "vague", "at")


def long_date(d: date, *, pad: bool) -> str:
    """"ngày 06 tháng 01 năm 2021"; unpadded state style "ngày 6 tháng 1 năm 2021"."""
    if pad:
        # Decree 30/2020: days below 10 and months below 3 take a leading zero.
        day = f"{d.day:02d}"
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        return f"ngày {day} tháng {month} năm {d.year}"
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def short_date(d: date, *, pad: bool) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if pad else f"{d.day}/{d.month}/{d.year}"


def cite_doc(
    form: str,
    doc_type: str,
    number: str | None,
    when: date,
    issuer_written: str,
    issuer_gold: str,
    level: str,
    subject: str,
    *,
    pad: bool,
    long: bool,
    doc_id: str | None = None,
) -> tuple[str, Cite]:
    """The citation text of a document in one of :data:`CITE_FORMS`, and what it gives."""
    when_text = long_date(when, pad=pad) if long else "ngày " + short_date(when, pad=pad)
    iso = when.isoformat()
    num = f" số {number}" if number else ""
    if form == "vague":
        text = f"ý kiến chỉ đạo của {issuer_written} về {subject}"
        return text, Cite(None, None, None, issuer_gold, level, subject, doc_id)
    if form == "at":
        text = f"chỉ đạo của {issuer_written} tại {doc_type}{num} {when_text}"
        return text, Cite(doc_type, number, iso, issuer_gold, level, None, doc_id)
    if form == "nodate" and number:
        text = f"{doc_type}{num} của {issuer_written} về {subject}"
        return text, Cite(doc_type, number, None, issuer_gold, level, subject, doc_id)
    if form == "nonum":
        text = f"{doc_type} của {issuer_written} {when_text} về {subject}"
        return text, Cite(doc_type, None, iso, issuer_gold, level, subject, doc_id)
    text = f"{doc_type}{num} {when_text} của {issuer_written} về {subject}"
    return text, Cite(doc_type, number, iso, issuer_gold, level, subject, doc_id)
