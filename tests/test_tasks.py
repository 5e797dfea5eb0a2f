"""Numbered tasks in plans and letters, table-driven: which items are tasks, how numbered."""

from __future__ import annotations

import pytest

from loaders import parse_text

HEAD = (
    "TỈNH ỦY KHÁNH HÒA\nBAN TUYÊN GIÁO\n*\nSố 45-HD/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
    "Khánh Hòa, ngày 15 tháng 3 năm 2024\n\nHƯỚNG DẪN\ntuyên truyền kỷ niệm Ngày giải phóng\n\n"
    "Thực hiện Kế hoạch số 120-KH/TU ngày 01/3/2024 của Ban Thường vụ Tỉnh ủy, Ban Tuyên "
    "giáo Tỉnh ủy hướng dẫn như sau:\n\n"
)

CASES = [
    # Plain numbered items.
    ("1. Sở Y tế chủ trì.\n\n2. Sở Tài chính bố trí kinh phí.\n", ["1", "2"]),
    # Aims under "MỤC ĐÍCH, YÊU CẦU" are not tasks; one task section keeps plain numbers.
    ("I. MỤC ĐÍCH, YÊU CẦU\n\n1. Tuyên truyền sâu rộng.\n\n2. Bảo đảm tiết kiệm.\n\n"
     "II. NHIỆM VỤ\n\n1. Sở Y tế chủ trì.\n\n2. Sở Tài chính bố trí kinh phí.\n", ["1", "2"]),
    # Numbering restarting in two task sections is kept apart by the section.
    ("I. MỤC TIÊU\n\n1. Tiêm đủ liều.\n\nII. NHIỆM VỤ\n\n1. Tuyên truyền.\n\n"
     "III. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế chủ trì.\n\n2. Sở Tài chính bố trí kinh phí.\n",
     ["II.1", "III.1", "III.2"]),
    # A report's findings are not tasks.
    ("I. KẾT QUẢ THỰC HIỆN\n\n1. Đã tổ chức 12 hội nghị.\n\n2. Đã tiêm 120.000 liều.\n", []),
]


@pytest.mark.parametrize(("body", "numbers"), CASES)
def test_task_numbers(body: str, numbers: list[str]) -> None:
    assert [t.no for t in parse_text(HEAD + body, "plan.txt").tasks] == numbers
