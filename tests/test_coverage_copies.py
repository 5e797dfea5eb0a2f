"""Coverage of a plan that has no "Kính gửi": its distribution list reaches the units below.

A Kế hoạch, a Thông báo kết luận or a Chỉ thị usually names no addressees; the
units that must carry it out are listed under "Nơi nhận" beside the copies sent
up for information and the issuer's own archive.  Coverage must count the units
below the issuer and only those.
"""

from __future__ import annotations

from pathlib import Path

from graph.coverage import coverage, coverage_slice
from graph.sqlite_store import SqliteStore
from loaders import parse_text

PLAN = """ĐẢNG BỘ TỈNH NAM ĐỊNH
TỈNH ỦY NAM ĐỊNH
*
Số 12-KH/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Nam Định, ngày 08 tháng 01 năm 2021

KẾ HOẠCH
thực hiện Điện của Thường trực Ban Bí thư ngày 05/01/2021
về tăng cường công tác phòng, chống dịch Covid-19

Thực hiện Điện của Thường trực Ban Bí thư Trung ương Đảng ngày 05/01/2021 về tăng cường
công tác phòng, chống dịch Covid-19, Ban Thường vụ Tỉnh ủy ban hành kế hoạch thực hiện như sau:

1. Các cấp ủy, tổ chức đảng quán triệt, triển khai thực hiện nghiêm các biện pháp phòng, chống dịch.

2. Ban Tuyên giáo Tỉnh ủy chỉ đạo công tác tuyên truyền về phòng, chống dịch Covid-19.

Nơi nhận:
- Ban Bí thư Trung ương Đảng (để báo cáo),
- Các huyện ủy, thành ủy trực thuộc tỉnh,
- Các đồng chí Tỉnh ủy viên,
- Lưu Văn phòng Tỉnh ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Nguyễn Văn A
"""

ANSWER = """ĐẢNG BỘ TỈNH NAM ĐỊNH
HUYỆN ỦY Ý YÊN
*
Số 45-CV/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Ý Yên, ngày 12 tháng 01 năm 2021
V/v thực hiện Kế hoạch số 12-KH/TU của Tỉnh ủy

Kính gửi: Các chi bộ, đảng bộ cơ sở.

Thực hiện Kế hoạch số 12-KH/TU ngày 08/01/2021 của Tỉnh ủy Nam Định về tăng cường công tác
phòng, chống dịch Covid-19, Ban Thường vụ Huyện ủy yêu cầu:

1. Các chi bộ, đảng bộ cơ sở triển khai thực hiện nghiêm các biện pháp phòng, chống dịch.

Nơi nhận:
- Thường trực Tỉnh ủy (để báo cáo),
- Như kính gửi,
- Lưu Văn phòng Huyện ủy.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Trần Văn B
"""


def test_a_plan_reaches_the_units_below_through_its_distribution_list(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "store")
    try:
        plan, answer = parse_text(PLAN, "plan.txt"), parse_text(ANSWER, "answer.txt")
        assert plan.recipients is None  # the premise: no "Kính gửi"
        store.add_records([plan, answer])
        [key] = store.resolve_document("12-KH/TU")
        cov = coverage(coverage_slice(store, key), key)
    finally:
        store.close()
    responded = {e.unit.name: e for e in cov.responded}
    silent = {e.unit.name for e in cov.not_responded}
    assert list(responded) == ["Huyện ủy Ý Yên"]
    assert responded["Huyện ủy Ý Yên"].copied and not responded["Huyện ủy Ý Yên"].addressed
    assert responded["Huyện ủy Ý Yên"].responses[0].lag_days == 4
    # Every other district committee of Nam Định is reached and has not answered yet.
    assert {"Huyện ủy Vụ Bản", "Huyện ủy Hải Hậu", "Thành ủy Nam Định"} <= silent
    # Copies sent up or across are not asked to answer.
    everyone = set(responded) | silent
    sent_up_or_across = ("Bí thư", "Văn phòng", "Tỉnh ủy viên")
    assert not any(w in n for w in sent_up_or_across for n in everyone), everyone
