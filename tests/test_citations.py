"""Citations in opening sentences, table-driven: relation, number, issuer as written."""

from __future__ import annotations

import pytest

from loaders import parse_text

HEAD = (
    "HUYỆN ỦY PHÚ GIÁO\n*\nSố 120-CV/HU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
    "Phú Giáo, ngày 03 tháng 8 năm 2021\nV/v phòng, chống dịch\n\n"
    "Kính gửi: Các chi bộ, đảng bộ cơ sở.\n\n"
)
TAIL = "\n\n1. Các chi bộ, đảng bộ cơ sở lãnh đạo thực hiện nghiêm.\n"

CASES = [
    (
        "Thực hiện Chỉ thị số 05-CT/TU ngày 20/7/2021 của Ban Thường vụ Tỉnh ủy Bình Dương và "
        "Kế hoạch số 12-KH/BCĐ ngày 22/7/2021 của Ban Chỉ đạo phòng, chống dịch tỉnh về giãn "
        "cách xã hội, Ban Thường vụ Huyện ủy yêu cầu:",
        [("implements", "05-CT/TU", "Ban Thường vụ Tỉnh ủy Bình Dương"),
         ("implements", "12-KH/BCĐ", "Ban Chỉ đạo phòng, chống dịch tỉnh")],
    ),
    (
        "Thực hiện Công văn số 201-CV/TU ngày 27/4/2021 của Tỉnh ủy cũng như Công văn số "
        "1520/UBND-VX ngày 28/4/2021 của UBND tỉnh, Ban Thường vụ Huyện ủy yêu cầu:",
        [("implements", "201-CV/TU", "Tỉnh ủy"),
         ("implements", "1520/UBND-VX", "UBND tỉnh")],
    ),
    (
        "Thực hiện Điện của Thường trực Ban Bí thư ngày 05/01/2021; căn cứ Quy định số "
        "29-QĐ/TW ngày 25/7/2016 của Ban Chấp hành Trung ương, Ban Thường vụ Huyện ủy yêu cầu:",
        [("implements", None, "Thường trực Ban Bí thư"),
         ("references", "29-QĐ/TW", "Ban Chấp hành Trung ương")],
    ),
    (
        "Căn cứ Quyết định số 447/QĐ-TTg ngày 01/4/2020 của Thủ tướng Chính phủ; thực hiện "
        "Kế hoạch số 45-KH/TU ngày 20/01/2021 của Tỉnh ủy Bình Dương, Ban Thường vụ Huyện ủy "
        "yêu cầu:",
        [("implements", "45-KH/TU", "Tỉnh ủy Bình Dương"),
         ("references", "447/QĐ-TTg", "Thủ tướng Chính phủ")],
    ),
    (
        "Thực hiện Công văn số 1520-CV/TU ngày 15/9/2021 của Văn phòng Tỉnh ủy về việc báo "
        "cáo kết quả thực hiện Chỉ thị số 12-CT/TU ngày 05/8/2021 của Ban Thường vụ Tỉnh ủy, "
        "Ban Thường vụ Huyện ủy báo cáo như sau:",
        [("implements", "1520-CV/TU", "Văn phòng Tỉnh ủy"),
         ("references", "12-CT/TU", "Ban Thường vụ Tỉnh ủy")],
    ),
]


def test_a_title_citation_does_not_adopt_the_opening_as_its_subject() -> None:
    head = HEAD.replace("V/v phòng, chống dịch\n", "").replace("Số 120-CV/HU", "Số 215-BC/HU")
    text = (head.replace("Kính gửi: Các chi bộ, đảng bộ cơ sở.\n\n", "")
            + "BÁO CÁO\nkết quả thực hiện Chỉ thị số 12-CT/TU của Ban Thường vụ Tỉnh ủy\n\n"
            + "Thực hiện Công văn số 1520-CV/TU ngày 15/9/2021 của Văn phòng Tỉnh ủy, Ban "
            + "Thường vụ Huyện ủy báo cáo như sau:" + TAIL)
    rec = parse_text(text, "report.txt")
    assert rec.doc_type == "Báo cáo"
    assert sorted(c.number or "" for c in rec.implements) == ["12-CT/TU", "1520-CV/TU"]


@pytest.mark.parametrize(("opening", "expected"), CASES)
def test_opening_citations(opening: str, expected: list[tuple[str, str | None, str]]) -> None:
    rec = parse_text(HEAD + opening + TAIL, "letter.txt")
    got = [("implements", c.number, c.issuer.text if c.issuer else None) for c in rec.implements]
    got += [("references", c.number, c.issuer.text if c.issuer else None) for c in rec.references]
    assert got == expected


@pytest.mark.parametrize(
    ("line", "number"),
    [("Số: 2279/UBND-VX", "2279/UBND-VX"), ("Sô: 2279/UBND-VX", "2279/UBND-VX"),
     ("Sổ 56-CV/TU", "56-CV/TU"), ("Số : 2279 /UBND - VX", "2279/UBND-VX"),
     ("Số:     /UBND-VX", None)],
)
def test_number_line_and_its_ocr_misreadings(line: str, number: str | None) -> None:
    rec = parse_text(HEAD.replace("Số 120-CV/HU", line) + TAIL, "letter.txt")
    assert rec.number == number


@pytest.mark.parametrize(
    ("line", "date", "place"),
    [("Phú Giáo, ngày 03 tháng 8 năm 2021", "2021-08-03", "Phú Giáo"),
     ("Phú Giáo ngày 03 tháng 8 năm 2021", "2021-08-03", "Phú Giáo"),
     ("TP. Thủ Dầu Một ngày 03/8/2021", "2021-08-03", "TP. Thủ Dầu Một"),
     ("Phú Giáo, ngảy 03 thảng 8 nãm 2021", "2021-08-03", "Phú Giáo"),
     ("Phú Giáo, ngày l3 tháng 8 năm 2O21", "2021-08-13", "Phú Giáo")],
)
def test_date_line_and_its_ocr_misreadings(line: str, date: str, place: str) -> None:
    rec = parse_text(HEAD.replace("Phú Giáo, ngày 03 tháng 8 năm 2021", line) + TAIL, "l.txt")
    assert (rec.date, rec.place.text if rec.place else None) == (date, place)
