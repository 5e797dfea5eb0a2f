"""Markdown tables -> lines, before any other cleaning.

Converters that turn a PDF or a Word file into markdown often render the
letter's two-column header (issuer and number on the left, motto and date on
the right) and its signature block as a table, with ``<br>`` for the line
breaks inside a cell; plans carry their tasks as a table (STT | Nội dung |
Đơn vị chủ trì | Thời gian).  Later stages read lines, so a table becomes:

- a layout table (one or two columns): each cell's lines, row by row and
  left to right, as the flattened columns of a scanned header read;
- a data table (three columns or more): one line per row, a numbered row
  as a numbered item ("1. Nội dung; Đơn vị chủ trì: Sở Y tế"), each other
  cell after the label its column's heading gives.

>>> print(untable("| TỈNH ỦY ĐỒNG NAI<br>* | ĐẢNG CỘNG SẢN VIỆT NAM |\\n|---|---|\\n"
...               "| Số 512-CV/TU | Đồng Nai, ngày 12 tháng 10 năm 2022 |"))
TỈNH ỦY ĐỒNG NAI
*
ĐẢNG CỘNG SẢN VIỆT NAM
Số 512-CV/TU
Đồng Nai, ngày 12 tháng 10 năm 2022
>>> print(untable("| STT | Nội dung | Đơn vị chủ trì |\\n|:-:|---|---|\\n"
...               "| 1 | Kiểm tra hồ đập | Sở Nông nghiệp |"))
1. Kiểm tra hồ đập; Đơn vị chủ trì: Sở Nông nghiệp
"""

from __future__ import annotations

import re

__all__ = ["untable"]

_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s{0,3}/?>", re.IGNORECASE)
# The first cell of a numbered row: "1", "1.", "2)", "II", "a)".
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[IVX]{1,6}|[a-zđ])[.)]?$")


# A column of responsible units keeps its heading even first in the row:
# "1. Đơn vị thực hiện: Hội Nông dân tỉnh; Nội dung: ...".
_UNIT_COLUMN = re.compile(r"(?:[Đđ]ơn\s+vị|[Cc]ơ\s+quan)\s")


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [_BREAK.sub("\n", c).replace("\\|", "|").strip() for c in _CELL_SPLIT.split(inner)]


def _cell_lines(cell: str) -> list[str]:
    return [ln.strip() for ln in cell.split("\n") if ln.strip()]


def _layout(rows: list[list[str]]) -> list[str]:
    out: list[str] = []
    for row in rows:
        for cell in row:
            out.extend(_cell_lines(cell))
    return out


def _data(heading: list[str] | None, rows: list[list[str]]) -> list[str]:
    out: list[str] = []
    labels = [" ".join(_cell_lines(h)) for h in heading] if heading else []
    for row in rows:
        texts = [" ".join(_cell_lines(c)) for c in row]
        if not any(texts):
            continue
        number = texts[0].rstrip(".)") if _ROW_NUMBER.match(texts[0]) else None
        cells = list(enumerate(texts))[1:] if number else list(enumerate(texts))
        parts: list[str] = []
        for i, text in cells:
            if not text:
                continue
            label = labels[i] if i < len(labels) else ""
            if not parts and not _UNIT_COLUMN.match(label):
                label = ""  # the first cell is the item itself, unless it names units
            parts.append(f"{label}: {text}" if label else text)
        line = "; ".join(parts)
        out.append(f"{number}. {line}" if number else line)
    return out


def _render(block: list[str]) -> list[str]:
    heading: list[str] | None = None
    rows: list[list[str]] = []
    for i, line in enumerate(block):
        if _SEPARATOR.match(line):
            if i == 1 and rows:
                heading = rows.pop()
            continue
        rows.append(_cells(line))
    width = max((len(r) for r in [*rows, heading or []]), default=0)
    if width <= 2:
        return _layout([*([heading] if heading else []), *rows])
    return _data(heading, rows)


def untable(text: str) -> str:
    """``text`` with each markdown table written out as lines (see the module doc)."""
    if "|" not in text and "<" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _ROW.match(lines[i]):
            out.append(_BREAK.sub("\n", lines[i]) if "<" in lines[i] else lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (_ROW.match(lines[j]) or _SEPARATOR.match(lines[j])):
            j += 1
        block = lines[i:j]
        if j - i == 1 and not _SEPARATOR.match(lines[i]):
            # A lone line between pipes is prose, not a table ("| Ghi chú |" aside).
            out.append(" ".join(_cell_lines(" ".join(_cells(lines[i])))))
        else:
            out.extend(_render(block))
        i = j
    return "\n".join(out)
