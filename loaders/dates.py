"""Dates as Vietnamese documents write them.

"05/01/2021", "5/1/2021", "5-1-2021", "ngày 27 tháng 4 năm 2021", "ngày 26 tháng 02
năm 2021", and partial "ngày 24/7" that take the year from the document.

>>> parse_date("ngày 27 tháng 4 năm 2021")
'2021-04-27'
>>> parse_date("24/7", default_year=2021)
'2021-07-24'
>>> parse_date("31/2/2021") is None
True
"""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = [
    "DATE_RE",
    "DATE_PATTERN",
    "parse_date",
    "match_date",
    "iso",
    "days_between",
    "month_end",
]

# Bounded repeats only: "ngày" may be split by OCR ("n gày") but not by much.
DATE_PATTERN = (
    r"(?:(?P<d1>\d{1,2})\s{0,3}tháng\s{0,3}(?P<m1>\d{1,2})\s{0,3}năm\s{0,3}(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s{0,2}[/.\-]\s{0,2}(?P<m2>\d{1,2})(?:\s{0,2}[/.\-]\s{0,2}(?P<y2>\d{4}|\d{2}))?"
    r"(?![\d/]))"
)
DATE_RE = re.compile(DATE_PATTERN)


def iso(y: int, m: int, d: int) -> str | None:
    """An ISO date, or None when the parts do not make one."""
    if y < 100:
        y += 2000
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _from_match(m: re.Match[str], default_year: int | None) -> str | None:
    if m.group("d1"):
        return iso(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
    year = m.group("y2")
    if year is None:
        if default_year is None:
            return None
        return iso(default_year, int(m.group("m2")), int(m.group("d2")))
    return iso(int(year), int(m.group("m2")), int(m.group("d2")))


def parse_date(text: str, *, default_year: int | None = None) -> str | None:
    """The first date in ``text`` as ISO, or None."""
    m = DATE_RE.search(text)
    return _from_match(m, default_year) if m else None


def match_date(m: re.Match[str], default_year: int | None = None) -> str | None:
    """The ISO date of a :data:`DATE_RE` match."""
    return _from_match(m, default_year)


def days_between(a: str | None, b: str | None) -> int | None:
    """Days from ISO date ``a`` to ``b``; None if either is unknown.

    >>> days_between("2021-01-05", "2021-01-06")
    1
    """
    if not a or not b:
        return None
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def month_end(year: int, month: int) -> str | None:
    """The last day of a month, for deadlines like "trong tháng 9".

    >>> month_end(2021, 2)
    '2021-02-28'
    """
    if not 1 <= month <= 12:
        return None
    return iso(year, month, calendar.monthrange(year, month)[1])
