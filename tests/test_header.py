"""Issuer blocks of many bodies and levels, table-driven: who issued the letter."""

from __future__ import annotations

import pytest

from graph.names import fold
from loaders import parse_text

TEMPLATE = (
    "{block}\nSố: {number}\nV/v tăng cường công tác phòng, chống dịch\n"
    "{place}, ngày 15 tháng 8 năm 2021\n\nKính gửi: Các đơn vị trực thuộc.\n\n"
    "Thực hiện Công điện số 1068/CĐ-TTg ngày 14/8/2021 của Thủ tướng Chính phủ, yêu cầu:\n"
    "1. Các đơn vị triển khai.\n"
)

CASES = [
    ("BỘ Y TẾ", "5120/BYT-DP", "Hà Nội", "Bộ Y tế", "central"),
    ("VĂN PHÒNG CHÍNH PHỦ", "5678/VPCP-KGVX", "Hà Nội", "Văn phòng Chính phủ", "central"),
    ("BAN CHỈ ĐẠO QUỐC GIA\nPHÒNG, CHỐNG DỊCH COVID-19", "125/BCĐQG", "Hà Nội",
     "Ban Chỉ đạo Quốc gia phòng, chống dịch Covid-19", "central"),
    ("UBND TỈNH QUẢNG NINH\nBAN CHỈ ĐẠO PHÒNG, CHỐNG\nDỊCH COVID-19", "125/BCĐ", "Quảng Ninh",
     "Ban Chỉ đạo phòng, chống dịch Covid-19", "province"),
    ("TỈNH ĐOÀN QUẢNG NINH\nBAN CHẤP HÀNH", "45/CV-TĐTN", "Quảng Ninh",
     "Ban Chấp hành Tỉnh đoàn Quảng Ninh", "province"),
    ("HỘI LHPN TỈNH NGHỆ AN", "88/CV-HPN", "Nghệ An", "Hội LHPN tỉnh Nghệ An", "province"),
    ("UBND HUYỆN CHÂU THÀNH\nPHÒNG Y TẾ", "15/PYT", "Châu Thành", "Phòng Y tế", "district"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTỈNH ĐỒNG THÁP", "1200/SGDĐT-VP", "Đồng Tháp",
     "Sở Giáo dục và Đào tạo tỉnh Đồng Tháp", "province"),
    ("ĐẢNG BỘ TỈNH NAM ĐỊNH\nHUYỆN ỦY Ý YÊN", "45-CV/HU", "Ý Yên", "Huyện ủy Ý Yên", "district"),
    ("CÔNG AN TỈNH BÌNH DƯƠNG", "1550/CAT-PV01", "Bình Dương", "Công an tỉnh Bình Dương",
     "province"),
]


@pytest.mark.parametrize(("block", "number", "place", "issuer", "level"), CASES)
def test_issuer_block(block: str, number: str, place: str, issuer: str, level: str) -> None:
    rec = parse_text(TEMPLATE.format(block=block, number=number, place=place), "x.txt")
    assert rec.issuer is not None
    assert fold(issuer) in (fold(rec.issuer.text), fold(rec.issuer.name or ""))
    assert (rec.issuer.level, rec.number) == (level, number)
