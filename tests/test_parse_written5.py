"""The fifth written set: written and annotated blind as a held-out set, then fixed on.

Fourteen letters of every level and region (tests/fixtures/written5/README.md).  Its first
score, and its score after the fourth set's rules, are in CHANGELOG.md; these tests hold
today's figures and each rule the set taught.
"""

from __future__ import annotations

import pytest

from loaders import parse_text
from tests.scoring import FIXTURES, figure, score_files

WRITTEN5 = FIXTURES / "written5"
DOCS = sorted(p for p in (WRITTEN5 / "docs").iterdir() if p.is_file())

#: Today's figures on the set; the first, blind score is in CHANGELOG.md.
FLOORS = {
    "header_accuracy": 0.96,
    "task_count_accuracy": 0.92,
    "links": 1.0,
    "implements": 0.93,
    "recipients": 0.97,
    "assignees": 0.90,
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    result = score_files(DOCS, WRITTEN5 / "gold", tmp_path_factory.mktemp("pred"))
    assert len(DOCS) == 14 and result["missing"] == []
    return result


@pytest.mark.parametrize("name", FLOORS)
def test_written5_holds_its_figures(scores: dict, name: str) -> None:
    assert figure(scores, name) >= FLOORS[name], (name, scores[name], scores["fields"])


HEAD = """ỦY BAN NHÂN DÂN
TỈNH KIÊN GIANG
Số: 77/UBND-KT
V/v ứng phó hạn hán, xâm nhập mặn
Kiên Giang, ngày 4 tháng 3 năm 2024
Kính gửi: Các sở, ban, ngành tỉnh.

Thực hiện Công điện số 12/CĐ-TTg ngày 1/3/2024 của Thủ tướng Chính phủ.

"""


def _units(item: str) -> list[str]:
    rec = parse_text(HEAD + "1. " + item + "\n", "t.txt")
    return [a.text for a in rec.tasks[0].assignees if not a.inferred]


@pytest.mark.parametrize(
    ("item", "units"),
    [
        # "nhất là ..." singles out some of the units named; it is no part of the name.
        (
            "Ủy ban nhân dân các huyện, thành phố, nhất là các huyện An Biên, An Minh: rà "
            "soát phương án ứng phó.",
            ["Ủy ban nhân dân các huyện, thành phố"],
        ),
        (
            "Chủ tịch Ủy ban nhân dân các xã, đặc biệt là các xã ven biển chỉ đạo trữ nước.",
            ["Chủ tịch Ủy ban nhân dân các xã"],
        ),
        # A unit put in charge after "do" leads; a cause after "do" names nobody.
        (
            "Việc bảo đảm nước sinh hoạt do Sở Xây dựng chủ trì, phối hợp với Công ty Cổ "
            "phần Cấp thoát nước Kiên Giang thực hiện.",
            ["Sở Xây dựng", "Công ty Cổ phần Cấp thoát nước Kiên Giang"],
        ),
        ("Công tác phòng, chống dịch bệnh mùa khô do Sở Y tế chủ trì.", ["Sở Y tế"]),
        ("Khắc phục thiệt hại do bão số 3 gây ra trên địa bàn.", []),
        # Central organs and services open a unit, so a comma between two of them splits.
        (
            "Đảng ủy Công an Trung ương, Quân ủy Trung ương lãnh đạo bảo đảm an ninh.",
            ["Đảng ủy Công an Trung ương", "Quân ủy Trung ương"],
        ),
        (
            "Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam, Bảo hiểm xã hội tỉnh tăng cường "
            "thông tin.",
            ["Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam", "Bảo hiểm xã hội tỉnh"],
        ),
        # A flattened table row: the columns after the first label give no subjects,
        # and a cell may list several units.
        (
            "Kết nối cơ sở dữ liệu dân cư; Cơ quan chủ trì: Sở Thông tin và Truyền thông; "
            "Cơ quan phối hợp: Công an tỉnh; Văn phòng UBND tỉnh; Thời gian hoàn thành: "
            "Quý II/2024",
            ["Sở Thông tin và Truyền thông", "Công an tỉnh", "Văn phòng UBND tỉnh"],
        ),
    ],
)
def test_units_of_a_task(item: str, units: list[str]) -> None:
    assert _units(item) == units
