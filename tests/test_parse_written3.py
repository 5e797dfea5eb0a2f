"""A third written set, annotated blind: written before the parser was read.

Ten letters from levels and places the earlier sets lack: a xã and a phường
of the South, a district Phòng Văn hóa và Thông tin and Phòng Giáo dục, a Sở Y
tế letter to its districts, a Huyện ủy plan with "Đối với ..." blocks, a Tỉnh
ủy Chỉ thị with footnotes, a Thông báo kết luận of a Chủ tịch UBND tỉnh, a
Công điện of the Chủ tịch UBND of Cần Thơ and a 2025 letter on the 34-province
map (xã, phường, đặc khu under the province) - with converter hazards: page
numbers and running heads mid-text, hard line breaks, "+" sub-lists, a Nơi
nhận flattened beside the signature, NFD text and old tone placement.  Their
first score is in CHANGELOG.md; these tests hold today's figures and each rule
the set taught.
"""

from __future__ import annotations

import pytest

from loaders import parse_text
from tests.scoring import FIXTURES, figure, score_files

WRITTEN3 = FIXTURES / "written3"
DOCS = sorted((WRITTEN3 / "docs").iterdir())

#: Today's figures on the set; the first, blind score is in CHANGELOG.md.
FLOORS = {
    "header_accuracy": 1.0,
    "task_count_accuracy": 1.0,
    "links": 1.0,
    "implements": 1.0,
    "recipients": 1.0,
    "copied_to": 1.0,
    "assignees": 1.0,
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    result = score_files(DOCS, WRITTEN3 / "gold", tmp_path_factory.mktemp("pred"))
    assert len(DOCS) == 10 and result["missing"] == []
    return result


@pytest.mark.parametrize("name", FLOORS)
def test_written3_holds_its_figures(scores: dict, name: str) -> None:
    assert figure(scores, name) >= FLOORS[name], (name, scores[name], scores["fields"])


HEAD = """ỦY BAN NHÂN DÂN
TỈNH HẬU GIANG
Số: 77/UBND-VX
V/v phòng, chống dịch sốt xuất huyết
Hậu Giang, ngày 4 tháng 5 năm 2023
Kính gửi: Các sở, ban, ngành tỉnh.

"""

TASKS = """
1. Sở Y tế chủ trì giám sát ca bệnh.

2. Sở Giáo dục và Đào tạo tuyên truyền trong trường học.
"""


# Nơi nhận and the signature printed side by side, flattened into one stream.
@pytest.mark.parametrize(
    ("closing", "name", "title", "copied"),
    [
        (
            "Nơi nhận: TRƯỞNG PHÒNG\n- Như trên;\n- Sở Y tế (b/c); (Đã ký)\n"
            "- UBND huyện (b/c); Lê Thị Mỹ Xuyên\n- Lưu: VT.",
            "Lê Thị Mỹ Xuyên",
            "Trưởng phòng",
            ["Sở Y tế", "UBND huyện"],
        ),
        (
            "Nơi nhận: KT. CHỦ TỊCH\n- Như trên; PHÓ CHỦ TỊCH\n- TT. Đảng uỷ phường;\n"
            "- CT, PCT UBND phường; Huỳnh Thị Kim Thoa\n- Lưu: VT.",
            "Huỳnh Thị Kim Thoa",
            "Phó Chủ tịch",
            ["TT. Đảng uỷ phường", "CT, PCT UBND phường"],
        ),
        (  # columns printed apart: nothing to cut
            "Nơi nhận:\n- Như trên;\n- Bộ Y tế (b/c);\n- Lưu: VT, NVY.\n\nKT. GIÁM ĐỐC\n"
            "PHÓ GIÁM ĐỐC\n\nPhạm Thị Ngọc Diễm",
            "Phạm Thị Ngọc Diễm",
            "Phó Giám đốc",
            ["Bộ Y tế"],
        ),
    ],
)
def test_a_signature_beside_the_distribution_list(
    closing: str, name: str, title: str, copied: list[str]
) -> None:
    rec = parse_text(HEAD + "Thực hiện chỉ đạo của Bộ Y tế.\n" + TASKS + "\n" + closing, "c.txt")
    assert rec.signer is not None and (rec.signer.name, rec.signer.title) == (name, title)
    assert [e.text for e in rec.copied_to or []] == copied


# "thực hiện" right before a citation after a comma of the opening carries it out.
@pytest.mark.parametrize(
    ("opening", "relation"),
    [
        (
            "Để chủ động ứng phó, thực hiện Công điện số 562/CĐ-TTg ngày 21/6/2022 của "
            "Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh yêu cầu:",
            "implements",
        ),
        (
            "Để chủ động ứng phó, tiếp tục thực hiện Công điện số 562/CĐ-TTg ngày 21/6/2022 "
            "của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh yêu cầu:",
            "implements",
        ),
        (  # an opening the header must not swallow, cited for its content, not carried out
            "Tình hình sạt lở còn phức tạp, theo Công điện số 562/CĐ-TTg ngày 21/6/2022 "
            "của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh yêu cầu:",
            "references",
        ),
        (  # what others did, not this letter's lead-in to its tasks
            "Thời gian qua, thực hiện Công điện số 562/CĐ-TTg ngày 21/6/2022 của Thủ tướng "
            "Chính phủ, các địa phương đã di dời 58 hộ dân. Ủy ban nhân dân tỉnh yêu cầu:",
            "references",
        ),
        (  # the verb governs another object first
            "Để chủ động, thực hiện nghiêm các biện pháp tại Công điện số 562/CĐ-TTg ngày "
            "21/6/2022 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh yêu cầu:",
            "references",
        ),
    ],
)
def test_an_opener_after_a_comma_of_the_opening(opening: str, relation: str) -> None:
    rec = parse_text(HEAD + opening + "\n" + TASKS, "o.txt")
    cited = [c for c in rec.citations if c.number == "562/CĐ-TTg"]
    assert [c.relation for c in cited] == [relation]


def test_thuc_hien_inside_a_task_stays_a_reference() -> None:
    text = HEAD + "Thực hiện Công văn số 12/BYT-DP ngày 1/5/2023 của Bộ Y tế.\n\n1. Sở Y tế chủ "
    text += "trì, thực hiện Công văn số 45/BYT-DP ngày 2/5/2023 của Bộ Y tế.\n"
    rec = parse_text(text, "t.txt")
    relations = {c.number: c.relation for c in rec.citations}
    assert relations == {"12/BYT-DP": "implements", "45/BYT-DP": "references"}


PLAN = """HUYỆN UỶ KRÔNG NĂNG
*
Số 40-KH/HU
Krông Năng, ngày 2 tháng 3 năm 2022
KẾ HOẠCH
thực hiện Chỉ thị số 05-CT/TU

III. TỔ CHỨC THỰC HIỆN

1. Đối với Uỷ ban Mặt trận Tổ quốc Việt Nam huyện và các đoàn thể chính trị - xã hội huyện
Vận động Quỹ "Vì người nghèo" năm 2022.

2. Đối với Ban cán sự đảng Uỷ ban nhân dân huyện
Lãnh đạo Uỷ ban nhân dân huyện xây dựng kế hoạch; chỉ đạo rà soát hộ nghèo.

3. Đối với Ban Tuyên giáo Huyện uỷ
Chủ trì, phối hợp với các cơ quan liên quan hướng dẫn việc học tập.

4. Đối với Văn phòng Huyện uỷ
Văn phòng Huyện uỷ chuẩn bị tài liệu; Ban Tổ chức Huyện uỷ phối hợp kiểm tra.

5. Đối với các chi bộ, đảng bộ cơ sở
Ban hành nghị quyết chuyên đề.
"""


@pytest.mark.parametrize(
    ("no", "units"),
    [
        # A long heading keeps its line: the duty below is not part of the name.
        ("1", ["Uỷ ban Mặt trận Tổ quốc Việt Nam huyện", "các đoàn thể chính trị - xã hội huyện"]),
        # The verb opening the duty ("Lãnh đạo ...") is no subject.
        ("2", ["Ban cán sự đảng Uỷ ban nhân dân huyện"]),
        # Partners named in the duty still count.
        ("3", ["Ban Tuyên giáo Huyện uỷ", "các cơ quan liên quan"]),
        # A duty that opens with a unit names it.
        ("4", ["Văn phòng Huyện uỷ", "Ban Tổ chức Huyện uỷ"]),
    ],
)
def test_a_plans_for_unit_blocks(no: str, units: list[str]) -> None:
    rec = parse_text(PLAN, "kh.txt")
    task = next(t for t in rec.tasks if t.no == no)
    assert [a.text for a in task.assignees if not a.inferred] == units


@pytest.mark.parametrize(
    ("item", "units"),
    [
        # A parenthesis details the unit before it.
        (
            "Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu ven biển (đặc khu Phú Quốc, "
            "các phường Rạch Giá, Hà Tiên và các xã An Biên, Tây Yên) tổ chức kêu gọi tàu thuyền.",
            ["Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu ven biển"],
        ),
        (
            "Ủy ban Mặt trận Tổ quốc (MTTQ) tỉnh vận động Nhân dân.",
            ["Ủy ban Mặt trận Tổ quốc (MTTQ) tỉnh"],
        ),
        # "tăng" and "không" open a predicate; "tăng trưởng", "hàng không" are in names.
        ("Báo Cần Thơ tăng thời lượng đưa tin.", ["Báo Cần Thơ"]),
        (
            "Sở Xây dựng tạm dừng tàu khách; Cảng vụ Hàng hải Kiên Giang không cấp phép rời cảng.",
            ["Sở Xây dựng", "Cảng vụ Hàng hải Kiên Giang"],
        ),
        ("Ban Chỉ đạo tăng trưởng xanh tỉnh chủ trì.", ["Ban Chỉ đạo tăng trưởng xanh tỉnh"]),
        ("Cảng hàng không Phú Quốc bảo đảm an toàn bay.", []),
        # Heads of hamlets, quarters and schools are units.
        ("Trưởng các khu vực phổ biến đến từng hộ.", ["Trưởng các khu vực"]),
        ("Trưởng Ban nhân dân các ấp vận động từng hộ.", ["Trưởng Ban nhân dân các ấp"]),
        (
            "Hiệu trưởng các trường có điểm lẻ ở xã Hòa Tân, xã Định Bình chủ động bố trí.",
            ["Hiệu trưởng các trường có điểm lẻ ở xã Hòa Tân, xã Định Bình"],
        ),
    ],
)
def test_units_opening_a_task(item: str, units: list[str]) -> None:
    rec = parse_text(HEAD + "Thực hiện chỉ đạo của Bộ Y tế.\n\n1. " + item + "\n", "u.txt")
    assert [a.text for a in rec.tasks[0].assignees if not a.inferred] == units


def test_a_notices_last_line_is_not_the_last_tasks_unit() -> None:
    text = HEAD + "Chủ tịch Ủy ban nhân dân tỉnh kết luận:\n\n1. Sở Tài chính bố trí kinh phí.\n\n"
    text += "Văn phòng Ủy ban nhân dân tỉnh thông báo để các sở, ngành biết, thực hiện./.\n"
    rec = parse_text(text, "tb.txt")
    assert [a.text for a in rec.tasks[0].assignees] == ["Sở Tài chính"]


@pytest.mark.parametrize(
    ("entries", "recipients"),
    [
        (  # places under an entry detail it
            "- Chủ tịch Ủy ban nhân dân quận, huyện:\n+ Ninh Kiều, Cái Răng;\n"
            "+ Phong Điền, Cờ Đỏ;\n- Giám đốc Công an thành phố.",
            ["Chủ tịch Ủy ban nhân dân quận, huyện", "Giám đốc Công an thành phố"],
        ),
        (  # units under an entry are the entries
            "- Trung tâm Y tế các huyện, thành phố:\n+ Trung tâm Y tế thành phố Sa Đéc;\n"
            "+ Trung tâm Y tế huyện Lai Vung;\n- Bệnh viện Đa khoa Đồng Tháp.",
            [
                "Trung tâm Y tế thành phố Sa Đéc",
                "Trung tâm Y tế huyện Lai Vung",
                "Bệnh viện Đa khoa Đồng Tháp",
            ],
        ),
    ],
)
def test_recipient_sub_lists(entries: str, recipients: list[str]) -> None:
    text = HEAD.replace("Kính gửi: Các sở, ban, ngành tỉnh.\n", "Kính gửi:\n" + entries + "\n")
    rec = parse_text(text + "Thực hiện chỉ đạo của Bộ Y tế.\n" + TASKS, "r.txt")
    assert [e.text for e in rec.recipients or []] == recipients
