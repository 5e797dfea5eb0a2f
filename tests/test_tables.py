"""Markdown tables from PDF/Word converters, written out as the lines later stages read."""

from __future__ import annotations

import time

import pytest

from loaders import parse_text
from loaders.tables import untable

CASES = [
    # A two-column header: each cell's lines, row by row, left to right.
    (
        "| TỈNH ỦY ĐỒNG NAI<br>* | ĐẢNG CỘNG SẢN VIỆT NAM |\n|---|---|\n"
        "| Số 512-CV/TU | Đồng Nai, ngày 12 tháng 10 năm 2022 |",
        "TỈNH ỦY ĐỒNG NAI\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 512-CV/TU\n"
        "Đồng Nai, ngày 12 tháng 10 năm 2022",
    ),
    # A header table with no separator row (some converters omit it).
    ("| UBND TỈNH LONG AN | CỘNG HÒA |\n| Số: 5/KH-UBND | Long An |",
     "UBND TỈNH LONG AN\nCỘNG HÒA\nSố: 5/KH-UBND\nLong An"),
    # A task table: numbered rows become numbered items, cells labelled by heading.
    (
        "| STT | Nhiệm vụ | Đơn vị chủ trì | Thời gian |\n|:-:|:--|--:|---|\n"
        "| 1. | Số hóa hồ sơ | Văn phòng UBND tỉnh | Năm 2023 |\n"
        "| 2 | Phổ cập kỹ năng số |  | Thường xuyên |",
        "1. Số hóa hồ sơ; Đơn vị chủ trì: Văn phòng UBND tỉnh; Thời gian: Năm 2023\n"
        "2. Phổ cập kỹ năng số; Thời gian: Thường xuyên",
    ),
    # An escaped pipe stays in its cell; a lone line between pipes is prose.
    ("| a \\| b | c |\n|---|---|", "a | b\nc"),
    ("| Ghi chú: bản điện tử |", "Ghi chú: bản điện tử"),
    # Text with no table, and a <br> outside one.
    ("Kính gửi: Sở Y tế<br>Sở Tài chính", "Kính gửi: Sở Y tế\nSở Tài chính"),
    ("Số 12-CV/TU | trang 2", "Số 12-CV/TU | trang 2"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_untable(text: str, expected: str) -> None:
    assert untable(text) == expected


def test_a_plan_whose_tasks_are_a_table_assigns_each_row() -> None:
    text = (
        "| ỦY BAN NHÂN DÂN<br>TỈNH LONG AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
        "| Số: 215/KH-UBND | Long An, ngày 15 tháng 3 năm 2023 |\n\n# KẾ HOẠCH\n\n"
        "**Triển khai chuyển đổi số năm 2023**\n\n"
        "Thực hiện Nghị quyết số 09-NQ/TU ngày 10/01/2023 của Tỉnh ủy Long An, UBND tỉnh "
        "ban hành Kế hoạch như sau:\n\n"
        "| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp |\n|---|---|---|---|\n"
        "| 1 | Xây dựng kho dữ liệu | Sở Thông tin và Truyền thông | Các sở, ban, ngành |\n"
        "| 2 | Số hóa hồ sơ | Văn phòng UBND tỉnh | UBND các huyện, thị xã, thành phố |\n"
    )
    rec = parse_text(text, "plan.md")
    assert (rec.doc_type, rec.number, rec.date) == ("Kế hoạch", "215/KH-UBND", "2023-03-15")
    assert rec.subject == "Triển khai chuyển đổi số năm 2023"
    assert rec.issuer is not None and rec.issuer.name == "Ủy ban nhân dân tỉnh Long An"
    assert [c.number for c in rec.implements] == ["09-NQ/TU"]
    got = [[(a.text, a.role) for a in t.assignees] for t in rec.tasks]
    assert got == [
        [("Sở Thông tin và Truyền thông", "lead"), ("Các sở, ban, ngành", "coordinate")],
        [("Văn phòng UBND tỉnh", "lead"), ("UBND các huyện, thị xã, thành phố", "coordinate")],
    ]


def test_a_huge_table_is_linear() -> None:
    row = "| " + " | ".join(["Sở Y tế"] * 6) + " |\n"
    text = "| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n" + row * 20000
    started = time.perf_counter()
    out = untable(text)
    assert len(out.strip().split("\n")) == 20000
    assert time.perf_counter() - started < 5
