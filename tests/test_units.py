"""Unit names: jurisdictions, canonical names, parents, collectives, the organ finder.

The phrases come from the seed letters (tests/fixtures/seeds) and from letters
of other provinces and levels written for these tests.
"""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from graph.adminmap import map_for
from graph.names import fold
from graph.units import (
    ORGAN_NAMES,
    Jurisdiction,
    canonical_unit,
    expand_collective,
    find_organs,
    is_collective,
    issuer_level,
    jurisdiction_of,
    organ_pattern,
    parent_of,
    parent_unit,
)
from loaders import parse_text

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def _line(text: str, start: str) -> str:
    """The first line of a seed that starts (after markdown marks) with ``start``."""
    for line in text.splitlines():
        bare = line.strip().strip("*").strip()
        if bare.startswith(start):
            return bare
    raise AssertionError(f"no line starting {start!r}")


@pytest.fixture(scope="module")
def nam_dinh() -> Jurisdiction:
    return jurisdiction_of(_line(_seed("000"), "TỈNH ỦY"), place="Nam Định", date="2021-01-06")


@pytest.fixture(scope="module")
def ninh_binh() -> Jurisdiction:
    return jurisdiction_of(_line(_seed("002"), "TỈNH ỦY"), place="Ninh Bình", date="2020-07-29")


@pytest.fixture(scope="module")
def bac_kan() -> Jurisdiction:
    seed = _seed("004")
    return jurisdiction_of(
        _line(seed, "THÀNH ỦY"), _line(seed, "ĐẢNG BỘ"), place="TP. Bắc Kạn", date="2021-04-29"
    )


@pytest.fixture(scope="module")
def y_yen() -> Jurisdiction:
    return jurisdiction_of("HUYỆN ỦY Ý YÊN", "ĐẢNG BỘ TỈNH NAM ĐỊNH", date="2021-02-01")


@pytest.fixture(scope="module")
def yen_loi() -> Jurisdiction:
    return jurisdiction_of("ỦY BAN NHÂN DÂN XÃ YÊN LỢI", "UBND HUYỆN Ý YÊN", date="2021-03-01")


@pytest.fixture(scope="module")
def after_reform() -> Jurisdiction:
    return jurisdiction_of("ĐẢNG ỦY PHƯỜNG BA ĐÌNH", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", date="2025-09-01")


# -- jurisdictions ------------------------------------------------------------


def test_seed_issuers(
    nam_dinh: Jurisdiction, ninh_binh: Jurisdiction, bac_kan: Jurisdiction
) -> None:
    assert (nam_dinh.level, nam_dinh.province, nam_dinh.side) == ("province", "Nam Định", "party")
    assert nam_dinh.committee == "Tỉnh ủy Nam Định"
    assert (ninh_binh.level, ninh_binh.province) == ("province", "Ninh Bình")
    # A Thành ủy inside a province is district level.
    assert (bac_kan.level, bac_kan.province, bac_kan.district) == ("district", "Bắc Kạn", "Bắc Kạn")
    assert bac_kan.district_kind == "thành phố"
    assert bac_kan.committee == "Thành ủy Bắc Kạn"


def test_thanh_uy_of_centrally_run_cities_is_province_level() -> None:
    for city in ("HÀ NỘI", "HỒ CHÍ MINH", "HẢI PHÒNG", "ĐÀ NẴNG", "CẦN THƠ"):
        j = jurisdiction_of(f"THÀNH ỦY {city}", date="2021-01-01")
        assert (j.level, j.province_kind) == ("province", "thành phố"), city
    # Without a parent line the map still knows Bắc Kạn is a tỉnh with a city inside.
    assert jurisdiction_of("THÀNH ỦY BẮC KẠN", date="2021-01-01").level == "district"


def test_other_levels_and_sides(y_yen: Jurisdiction, yen_loi: Jurisdiction) -> None:
    assert (y_yen.level, y_yen.province, y_yen.district, y_yen.district_kind) == (
        "district", "Nam Định", "Ý Yên", "huyện",
    )
    # The map places a district without the parent line too.
    assert jurisdiction_of("HUYỆN ỦY Ý YÊN").province == "Nam Định"
    assert (yen_loi.level, yen_loi.commune, yen_loi.district, yen_loi.side) == (
        "commune", "Yên Lợi", "Ý Yên", "state",
    )
    son_la = jurisdiction_of("ỦY BAN NHÂN DÂN TỈNH SƠN LA", date="2021-05-01")
    assert (son_la.level, son_la.province, son_la.side) == ("province", "Sơn La", "state")
    assert canonical_unit("Văn phòng", son_la)[0] == "Văn phòng Ủy ban nhân dân tỉnh Sơn La"
    quan = jurisdiction_of("QUẬN ỦY BA ĐÌNH", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI")
    assert (quan.level, quan.district_kind, quan.province) == ("district", "quận", "Hà Nội")


@pytest.mark.parametrize(
    "issuer",
    ["BAN BÍ THƯ", "THỦ TƯỚNG CHÍNH PHỦ", "BỘ Y TẾ", "BAN CHẤP HÀNH TRUNG ƯƠNG",
     "VĂN PHÒNG CHÍNH PHỦ", "BAN CHỈ ĐẠO QUỐC GIA PHÒNG, CHỐNG DỊCH COVID-19"],
)
def test_central_issuers(issuer: str) -> None:
    assert issuer_level(issuer) == "central"


def test_department_issuers_take_level_from_parent_or_place() -> None:
    assert jurisdiction_of("SỞ Y TẾ", "UBND TỈNH NAM ĐỊNH").province == "Nam Định"
    assert jurisdiction_of("SỞ Y TẾ", place="Nam Định").level == "province"
    assert issuer_level("BAN TUYÊN GIÁO", "TỈNH ỦY BẮC NINH") == "province"
    assert issuer_level("Văn bản không rõ nơi ban hành") is None


def test_numbered_districts_of_ho_chi_minh_city() -> None:
    q1 = jurisdiction_of("ỦY BAN NHÂN DÂN QUẬN 1", place="TP. Hồ Chí Minh", date="2021-06-01")
    assert (q1.level, q1.province, q1.district, q1.district_kind) == (
        "district", "Hồ Chí Minh", "1", "quận",
    )
    assert q1.committee == "Quận ủy Quận 1"
    assert canonical_unit("UBND Quận 1", q1) == canonical_unit("UBND quận", q1)
    assert canonical_unit("Ban Tuyên giáo Quận ủy", q1)[0] == "Ban Tuyên giáo Quận ủy Quận 1"
    assert parent_unit("Quận ủy Quận 1", q1) == "Thành ủy Hồ Chí Minh"


def test_after_the_2025_reform(after_reform: Jurisdiction) -> None:
    assert (after_reform.level, after_reform.province, after_reform.district) == (
        "commune", "Hà Nội", None,
    )
    assert issuer_level("UBND TỈNH NINH BÌNH", date="2025-08-01") == "province"


def test_spellings_of_an_issuer_agree() -> None:
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy Nam Định")
    variants = ["TỈNH ỦY NAM ĐỊNH", "Tỉnh uỷ Nam Định", nfd]
    assert len({jurisdiction_of(v) for v in variants}) == 1
    assert jurisdiction_of("Tỉnh ủy Bắc Cạn").province == "Bắc Kạn"


# -- canonical names -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy Nam Định"),
        ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông tỉnh Nam Định"),
        ("Ban Dân vận Tỉnh ủy", "Ban Dân vận Tỉnh ủy Nam Định"),
        ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Nam Định"),
        ("Ban Chỉ đạo phòng, chống dịch Covid-19 của tỉnh",
         "Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh Nam Định"),
        ("Sở Y tế", "Sở Y tế tỉnh Nam Định"),
        ("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy Nam Định"),
        ("VPTU", "Văn phòng Tỉnh ủy Nam Định"),
        ("Ban Thường vụ Tỉnh uỷ", "Ban Thường vụ Tỉnh ủy Nam Định"),
        ("- Ban Bí thư Trung ương Đảng (để báo cáo),", "Ban Bí thư Trung ương Đảng"),
        ("Các huyện uỷ, thành uỷ, đảng uỷ trực thuộc tỉnh.",
         "Các huyện ủy, thành ủy, đảng ủy trực thuộc tỉnh Nam Định"),
        ("Sở Văn hoá - Thể thao & Du lịch", "Sở Văn hóa, Thể thao và Du lịch tỉnh Nam Định"),
        ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội tỉnh Nam Định"),
        ("Thành ủy", "Thành ủy Nam Định"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh Nam Định"),
        ("Bộ Y tế", "Bộ Y tế"),
        ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ],
)
def test_nam_dinh_letter(nam_dinh: Jurisdiction, written: str, canonical: str) -> None:
    assert canonical_unit(written, nam_dinh)[0] == canonical


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("UBND thành phố", "Ủy ban nhân dân thành phố Bắc Kạn"),
        ("Ủy ban nhân dân thành phố,", "Ủy ban nhân dân thành phố Bắc Kạn"),
        ("Ban Tuyên giáo Thành ủy", "Ban Tuyên giáo Thành ủy Bắc Kạn"),
        ("Trung tâm Văn hóa - Thể thao & Truyền thông thành phố",
         "Trung tâm Văn hóa - Thể thao và Truyền thông thành phố Bắc Kạn"),
        ("Mặt trận Tổ quốc", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Bắc Kạn"),
        ("Văn phòng Thành ủy", "Văn phòng Thành ủy Bắc Kạn"),
        ("Phòng Y tế", "Phòng Y tế thành phố Bắc Kạn"),
        ("Sở Y tế", "Sở Y tế tỉnh Bắc Kạn"),
        ("Tỉnh ủy Bắc Kạn", "Tỉnh ủy Bắc Kạn"),
        ("Các đ/c UV BTV Thành ủy (c/đ),", "Các đồng chí Ủy viên Ban Thường vụ Thành ủy Bắc Kạn"),
    ],
)
def test_bac_kan_city_letter(bac_kan: Jurisdiction, written: str, canonical: str) -> None:
    assert canonical_unit(written, bac_kan)[0] == canonical


def test_ninh_binh_letter(ninh_binh: Jurisdiction) -> None:
    assert canonical_unit("Đảng ủy Quân sự tỉnh", ninh_binh)[0] == "Đảng ủy Quân sự tỉnh Ninh Bình"
    assert canonical_unit("UBND tỉnh Ninh Bình", ninh_binh)[0] == "Ủy ban nhân dân tỉnh Ninh Bình"
    assert canonical_unit("Ban Bí thư Trung ương (để b/c),", ninh_binh)[0] == (
        "Ban Bí thư Trung ương Đảng"
    )
    assert canonical_unit("Văn phòng Trung ương (để b/c),", ninh_binh)[0] == (
        "Văn phòng Trung ương Đảng"
    )


def test_district_commune_and_reform_letters(
    y_yen: Jurisdiction, yen_loi: Jurisdiction, after_reform: Jurisdiction
) -> None:
    assert canonical_unit("UBND huyện", y_yen)[0] == "Ủy ban nhân dân huyện Ý Yên"
    assert canonical_unit("Phòng Y tế", y_yen)[0] == "Phòng Y tế huyện Ý Yên"
    assert canonical_unit("Huyện uỷ", y_yen)[0] == "Huyện ủy Ý Yên"
    assert canonical_unit("Ban Tuyên giáo Tỉnh ủy", y_yen)[0] == "Ban Tuyên giáo Tỉnh ủy Nam Định"
    assert canonical_unit("UBND xã", yen_loi)[0] == "Ủy ban nhân dân xã Yên Lợi"
    assert canonical_unit("Đảng ủy xã", yen_loi)[0] == "Đảng ủy xã Yên Lợi"
    assert canonical_unit("UBND phường", after_reform)[0] == "Ủy ban nhân dân phường Ba Đình"
    assert canonical_unit("UBND thành phố", after_reform)[0] == "Ủy ban nhân dân thành phố Hà Nội"


def test_keys_agree_across_spellings(nam_dinh: Jurisdiction) -> None:
    spellings = [
        "Ban Tuyên giáo Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh uỷ",
        "BAN TUYÊN GIÁO TỈNH ỦY",
        unicodedata.normalize("NFD", "Ban Tuyên giáo Tỉnh ủy"),
        "Ban Tuyên giáo Tỉnh ủy Nam Định",
        "các Ban Tuyên giáo Tỉnh ủy",
    ]
    assert len({canonical_unit(s, nam_dinh)[1] for s in spellings}) == 1
    secretariat = {
        canonical_unit(s, j)[1]
        for s in ("Ban Bí thư", "Ban Bí thư TW Đảng", "Ban Bí thư Trung ương Đảng", "BAN BÍ THƯ")
        for j in (nam_dinh, None)
    }
    assert len(secretariat) == 1
    assert canonical_unit("UBND TỈNH NAM ĐỊNH", None)[1] == canonical_unit("UBND tỉnh", nam_dinh)[1]
    assert canonical_unit("Sở Y tế Nam Định", nam_dinh)[1] == canonical_unit("Sở Y tế", nam_dinh)[1]


def test_canonical_is_stable(nam_dinh: Jurisdiction, bac_kan: Jurisdiction) -> None:
    for j, text in [(nam_dinh, "Ban Chỉ đạo phòng, chống dịch Covid-19 của tỉnh"),
                    (bac_kan, "UBND thành phố"), (nam_dinh, "MTTQ")]:
        once = canonical_unit(text, j)
        assert canonical_unit(once[0], j) == once
    assert canonical_unit("  ", nam_dinh) == ("", "")


def test_mat_tran_in_a_list_is_not_renamed(nam_dinh: Jurisdiction) -> None:
    listed = "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội các cấp"
    assert canonical_unit(listed, nam_dinh)[0] == listed
    assert canonical_unit("Ủy ban MTTQ Việt Nam tỉnh", nam_dinh)[1] == (
        canonical_unit("MTTQ", nam_dinh)[1]
    )


def test_unplaced_names_stay_as_written() -> None:
    unknown = Jurisdiction(None)
    assert canonical_unit("Sở Y tế", unknown)[0] == "Sở Y tế"
    assert canonical_unit("UBND tỉnh", None)[0] == "Ủy ban nhân dân tỉnh"


# -- parents ------------------------------------------------------------------


def test_parent_chains(nam_dinh: Jurisdiction, yen_loi: Jurisdiction) -> None:
    assert parent_unit("Ban Tuyên giáo Tỉnh ủy Nam Định", nam_dinh) == "Tỉnh ủy Nam Định"
    assert parent_unit("Sở Y tế tỉnh Nam Định", nam_dinh) == "Ủy ban nhân dân tỉnh Nam Định"
    assert parent_unit("Huyện ủy Ý Yên", nam_dinh) == "Tỉnh ủy Nam Định"
    assert parent_unit("Tỉnh ủy Nam Định", nam_dinh) == "Ban Chấp hành Trung ương Đảng"
    chain = ["Ủy ban nhân dân xã Yên Lợi"]
    while (up := parent_unit(chain[-1], yen_loi)) is not None:
        chain.append(up)
    assert chain == [
        "Ủy ban nhân dân xã Yên Lợi",
        "Ủy ban nhân dân huyện Ý Yên",
        "Ủy ban nhân dân tỉnh Nam Định",
        "Chính phủ",
    ]
    assert parent_unit("Đảng ủy xã Yên Lợi", yen_loi) == "Huyện ủy Ý Yên"


def test_parents_of_city_and_central_units(bac_kan: Jurisdiction) -> None:
    assert parent_unit("Thành ủy Bắc Kạn", bac_kan) == "Tỉnh ủy Bắc Kạn"
    assert parent_unit("Ban Dân vận Thành ủy Bắc Kạn", bac_kan) == "Thành ủy Bắc Kạn"
    assert parent_unit("Ủy ban nhân dân thành phố Bắc Kạn", bac_kan) == (
        "Ủy ban nhân dân tỉnh Bắc Kạn"
    )
    assert parent_unit("Thành ủy Hà Nội", None) == "Ban Chấp hành Trung ương Đảng"
    assert parent_unit("Thường trực Ban Bí thư Trung ương Đảng", None) == (
        "Ban Bí thư Trung ương Đảng"
    )
    assert parent_unit("Bộ Y tế", None) == "Chính phủ"
    assert parent_unit("Ban Chấp hành Trung ương Đảng", None) is None
    assert parent_of("Sở Y tế tỉnh Sơn La") == ("Ủy ban nhân dân tỉnh Sơn La",
                                                 "uy ban nhan dan tinh son la")


def test_parents_after_the_reform(after_reform: Jurisdiction) -> None:
    # No districts any more: a commune answers to its province.
    assert parent_unit("Ủy ban nhân dân phường Ba Đình", after_reform) == (
        "Ủy ban nhân dân thành phố Hà Nội"
    )
    assert parent_unit("Đảng ủy phường Ba Đình", after_reform) == "Thành ủy Hà Nội"


# -- collectives ----------------------------------------------------------------


def test_collective_detection() -> None:
    assert is_collective("Các huyện uỷ, thành uỷ, đảng uỷ trực thuộc tỉnh.")
    assert is_collective("Ủy ban nhân dân các xã, phường.")
    assert is_collective("Các sở, ban, ngành, MTTQ, các đoàn thể tỉnh;")
    assert is_collective("huyện ủy, thành ủy")
    assert not is_collective("Ban Quản lý các khu công nghiệp tỉnh")
    assert not is_collective("Ban Tuyên giáo Tỉnh ủy")
    assert not is_collective("")


def test_expand_province_committees(nam_dinh: Jurisdiction, ninh_binh: Jurisdiction) -> None:
    units = expand_collective("Các huyện uỷ, thành uỷ, đảng uỷ trực thuộc tỉnh.", nam_dinh)
    assert units is not None
    names = [n for n, _k in units]
    assert "Thành ủy Nam Định" in names and "Huyện ủy Ý Yên" in names
    assert all(n.startswith(("Huyện ủy ", "Thành ủy ")) for n in names)
    assert len(names) >= 9
    # Keys are the canonical keys of the same names written in a letter.
    assert dict(units)["Huyện ủy Ý Yên"] == canonical_unit("huyện uỷ Ý Yên", nam_dinh)[1]
    assert expand_collective("Các huyện, thị, thành ủy", nam_dinh) == units
    nb = expand_collective("Các huyện ủy, thành ủy, đảng ủy trực thuộc.", ninh_binh)
    assert nb is not None
    assert {parent_unit(n, ninh_binh) for n, _ in nb} == {"Tỉnh ủy Ninh Bình"}


def test_expand_people_committees(bac_kan: Jurisdiction, y_yen: Jurisdiction) -> None:
    wards = expand_collective("Ủy ban nhân dân các xã, phường.", bac_kan)
    assert wards is not None
    assert "Ủy ban nhân dân phường Sông Cầu" in [n for n, _ in wards]
    assert all(parent_unit(n, bac_kan) == "Ủy ban nhân dân thành phố Bắc Kạn" for n, _ in wards)
    communes = expand_collective("UBND các xã, thị trấn", y_yen)
    assert communes is not None and len(communes) > 20
    assert {n.split()[4] for n, _ in communes} <= {"xã", "thị"}
    son_la = jurisdiction_of("ỦY BAN NHÂN DÂN TỈNH SƠN LA", date="2021-05-01")
    districts = expand_collective("UBND các huyện, thành phố", son_la)
    assert districts is not None
    assert "Ủy ban nhân dân thành phố Sơn La" in [n for n, _ in districts]


def test_expand_central_and_refusals(nam_dinh: Jurisdiction, after_reform: Jurisdiction) -> None:
    central = jurisdiction_of("BAN BÍ THƯ", date="2021-01-05")
    provinces = expand_collective("Các tỉnh ủy, thành ủy trực thuộc Trung ương", central)
    assert provinces is not None and len(provinces) == 63
    assert ("Thành ủy Hà Nội", "thanh uy ha noi") in provinces
    assert expand_collective("Bí thư các huyện ủy, thành ủy", nam_dinh) is None
    assert expand_collective("Các sở, ban, ngành", nam_dinh) is None
    assert expand_collective("Ban Tuyên giáo Tỉnh ủy", nam_dinh) is None
    assert expand_collective("Các huyện ủy", None) is None
    # The 2025 map has no districts to expand to; communes it has.
    reform_province = jurisdiction_of("TỈNH ỦY NINH BÌNH", date="2025-08-01")
    assert expand_collective("Các huyện ủy, thành ủy", reform_province) is None
    wards = expand_collective("UBND các xã, phường", reform_province)
    assert wards is not None and len(wards) > 100


# -- the organ finder -------------------------------------------------------------


def test_finder_keeps_names_with_commas_whole() -> None:
    text = "Giao Sở Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội chủ trì"
    found = find_organs(text)
    assert [(text[s:e], n) for s, e, n in found] == [
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
    ]


def test_finder_on_seed_tasks() -> None:
    seed = _seed("000")
    task6 = _line(seed, "6.")
    names = [n for _s, _e, n in find_organs(task6)]
    assert names[:2] == ["Ban Tuyên giáo Tỉnh ủy", "Sở Thông tin và Truyền thông"]
    task8 = _line(seed, "8.")
    assert [n for _s, _e, n in find_organs(task8)][:2] == [
        "Ban Chỉ đạo phòng, chống dịch Covid-19",
        "Sở Y tế",
    ]
    bk = [n for _s, _e, n in find_organs(_line(_seed("004"), "3."))]
    assert "Trung tâm Văn hóa - Thể thao và Truyền thông" in bk


def test_finder_across_styles_and_offsets() -> None:
    text = "BAN TUYÊN GIÁO TỈNH UỶ, sở y tế và " + unicodedata.normalize("NFD", "Bộ Y tế")
    found = find_organs(text)
    nfc = unicodedata.normalize("NFC", text)
    assert [n for _s, _e, n in found] == ["Ban Tuyên giáo Tỉnh ủy", "Sở Y tế", "Bộ Y tế"]
    assert [nfc[s:e] for s, e, _n in found][-1] == "Bộ Y tế"
    assert find_organs("lực lượng công an và văn phòng") == []


def test_finder_is_linear_on_long_text() -> None:
    assert len(ORGAN_NAMES) > 150 and organ_pattern().pattern
    text = (_seed("000") + _seed("002") + _seed("004")) * 40
    start = time.perf_counter()
    found = find_organs(text)
    assert time.perf_counter() - start < 3.0
    assert len(found) > 1000
    hostile = "Sở " * 20_000 + "Văn hóa, " * 5_000
    start = time.perf_counter()
    find_organs(hostile)
    assert time.perf_counter() - start < 3.0


# -- namesakes: names that recur on the map take the places that tell them apart ----


@pytest.fixture(scope="module")
def chau_thanh_tg() -> Jurisdiction:
    return jurisdiction_of("HUYỆN ỦY CHÂU THÀNH", "ĐẢNG BỘ TỈNH TIỀN GIANG", date="2021-01-10")


def test_namesake_district_issuer_takes_its_province(chau_thanh_tg: Jurisdiction) -> None:
    j = chau_thanh_tg
    assert (j.level, j.province, j.district) == ("district", "Tiền Giang", "Châu Thành")
    assert j.committee == "Huyện ủy Châu Thành, tỉnh Tiền Giang"
    # Without the parent line, the date line's place says the province, however written.
    for place in ("Tiền Giang", "Châu Thành, Tiền Giang", "huyện Châu Thành, tỉnh Tiền Giang"):
        assert jurisdiction_of("HUYỆN ỦY CHÂU THÀNH", place=place, date="2021-01-10").committee == (
            "Huyện ủy Châu Thành, tỉnh Tiền Giang"
        ), place
    # The issuer line written with its suffix is the same issuer.
    assert jurisdiction_of("HUYỆN ỦY CHÂU THÀNH, TỈNH TIỀN GIANG", date="2021-01-10") == j
    # Nothing says which Châu Thành: the name stays short rather than guess.
    alone = jurisdiction_of("HUYỆN ỦY CHÂU THÀNH", place="Châu Thành", date="2021-01-10")
    assert (alone.province, alone.committee) == (None, "Huyện ủy Châu Thành")
    long_an = jurisdiction_of("HUYỆN UỶ CHÂU THÀNH", "ĐẢNG BỘ TỈNH LONG AN", date="2021-01-19")
    assert long_an.committee == "Huyện ủy Châu Thành, tỉnh Long An"
    assert canonical_unit("UBND huyện", long_an)[0] == (
        "Ủy ban nhân dân huyện Châu Thành, tỉnh Long An"
    )
    assert canonical_unit("Huyện ủy", long_an)[1] != canonical_unit("Huyện ủy", j)[1]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Huyện uỷ", "Huyện ủy Châu Thành, tỉnh Tiền Giang"),
        ("Huyện ủy Châu Thành", "Huyện ủy Châu Thành, tỉnh Tiền Giang"),
        ("Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo Huyện ủy Châu Thành, tỉnh Tiền Giang"),
        ("UBND huyện", "Ủy ban nhân dân huyện Châu Thành, tỉnh Tiền Giang"),
        ("Phòng Y tế", "Phòng Y tế huyện Châu Thành, tỉnh Tiền Giang"),
        ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Châu Thành, tỉnh Tiền Giang"),
        ("Hội đồng nhân dân, Ủy ban nhân dân huyện Châu Thành",
         "Hội đồng nhân dân, Ủy ban nhân dân huyện Châu Thành, tỉnh Tiền Giang"),
        ("Đảng ủy xã Long Hưng", "Đảng ủy xã Long Hưng, huyện Châu Thành, tỉnh Tiền Giang"),
        ("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy Tiền Giang"),
        ("Huyện ủy Cái Bè", "Huyện ủy Cái Bè"),
        # A suffix written by someone else wins over the issuer's province ...
        ("Huyện ủy Châu Thành, tỉnh Long An", "Huyện ủy Châu Thành, tỉnh Long An"),
        # ... and one a unique name does not need is dropped.
        ("Huyện ủy Ý Yên, tỉnh Nam Định", "Huyện ủy Ý Yên"),
    ],
)
def test_namesakes_in_a_chau_thanh_letter(
    chau_thanh_tg: Jurisdiction, written: str, canonical: str
) -> None:
    name, key = canonical_unit(written, chau_thanh_tg)
    assert name == canonical
    # The graph builder canonicalises again, with or without a jurisdiction.
    for j in (chau_thanh_tg, None, Jurisdiction(None), jurisdiction_of("TỈNH ỦY NAM ĐỊNH")):
        assert canonical_unit(name, j) == (name, key), j


def test_one_unit_one_name_from_every_path(chau_thanh_tg: Jurisdiction) -> None:
    tien_giang = jurisdiction_of("TỈNH ỦY TIỀN GIANG", date="2021-01-08")
    expanded = expand_collective("Các huyện ủy, thị ủy, thành ủy", tien_giang)
    assert expanded is not None
    issuer = canonical_unit(chau_thanh_tg.committee or "", chau_thanh_tg)
    parent = parent_of("Ban Tuyên giáo Huyện ủy", chau_thanh_tg)
    written = canonical_unit("Huyện ủy Châu Thành", tien_giang)
    assert issuer == parent == written == (
        "Huyện ủy Châu Thành, tỉnh Tiền Giang", "huyen uy chau thanh tinh tien giang"
    )
    assert issuer in expanded
    # The rest of the province's committees keep their short names.
    assert ("Huyện ủy Cái Bè", "huyen uy cai be") in expanded
    assert parent_unit(issuer[0], chau_thanh_tg) == "Tỉnh ủy Tiền Giang"
    people = expand_collective("UBND các huyện, thị xã, thành phố", tien_giang)
    assert people is not None
    assert canonical_unit("UBND huyện", chau_thanh_tg) in people


def test_suffixed_names_are_read_back_without_the_issuer(chau_thanh_tg: Jurisdiction) -> None:
    # The builder's jurisdiction may know the district but not its province.
    unplaced = jurisdiction_of("Huyện ủy Châu Thành", place="Châu Thành", date="2021-01-10")
    for j in (unplaced, None):
        assert parent_unit("Ban Tuyên giáo Huyện ủy Châu Thành, tỉnh Tiền Giang", j) == (
            "Huyện ủy Châu Thành, tỉnh Tiền Giang"
        )
        assert parent_unit("Phòng Y tế huyện Châu Thành, tỉnh Long An", j) == (
            "Ủy ban nhân dân huyện Châu Thành, tỉnh Long An"
        )
        assert parent_unit("Ủy ban nhân dân huyện Phú Tân, tỉnh Cà Mau", j) == (
            "Ủy ban nhân dân tỉnh Cà Mau"
        )
    chain = ["Ủy ban nhân dân xã Long Hưng, huyện Châu Thành, tỉnh Tiền Giang"]
    while (up := parent_unit(chain[-1], None)) is not None:
        chain.append(up)
    assert chain[1:] == [
        "Ủy ban nhân dân huyện Châu Thành, tỉnh Tiền Giang", "Ủy ban nhân dân tỉnh Tiền Giang",
        "Chính phủ",
    ]


def test_namesake_communes_take_district_and_province(y_yen: Jurisdiction) -> None:
    # "xã Yên Thọ" is in Ý Yên and elsewhere; "xã Yên Tiến" only in Ý Yên.
    assert canonical_unit("UBND xã Yên Thọ", y_yen)[0] == (
        "Ủy ban nhân dân xã Yên Thọ, huyện Ý Yên, tỉnh Nam Định"
    )
    assert canonical_unit("UBND xã Yên Tiến", y_yen)[0] == "Ủy ban nhân dân xã Yên Tiến"
    commune = jurisdiction_of("ĐẢNG ỦY XÃ YÊN THỌ", "ĐẢNG BỘ HUYỆN Ý YÊN", date="2021-01-15")
    assert commune.committee == "Đảng ủy xã Yên Thọ, huyện Ý Yên, tỉnh Nam Định"
    assert canonical_unit("UBND xã", commune)[0] == (
        "Ủy ban nhân dân xã Yên Thọ, huyện Ý Yên, tỉnh Nam Định"
    )
    assert parent_unit(commune.committee or "", commune) == "Huyện ủy Ý Yên"
    communes = expand_collective("UBND các xã, thị trấn", y_yen)
    assert communes is not None
    assert canonical_unit("UBND xã Yên Thọ", y_yen) in communes
    assert ("Ủy ban nhân dân xã Yên Tiến", "uy ban nhan dan xa yen tien") in communes


def test_namesake_commune_under_namesake_district() -> None:
    # Thanh Trì (Hà Nội) folds like Thạnh Trị (Sóc Trăng); xã Vạn Phúc recurs too.
    j = jurisdiction_of("ĐẢNG ỦY XÃ VẠN PHÚC", "ĐẢNG BỘ HUYỆN THANH TRÌ", "Vạn Phúc", "2021-01-11")
    assert (j.province, j.district) == ("Hà Nội", "Thanh Trì")
    assert j.committee == "Đảng ủy xã Vạn Phúc, huyện Thanh Trì, thành phố Hà Nội"
    assert canonical_unit("Huyện ủy", j)[0] == "Huyện ủy Thanh Trì, thành phố Hà Nội"


def test_namesakes_after_the_reform(after_reform: Jurisdiction) -> None:
    # No districts: a recurring commune name takes its province only.
    j = jurisdiction_of("ỦY BAN NHÂN DÂN PHƯỜNG AN BÌNH", "UBND THÀNH PHỐ CẦN THƠ",
                        date="2025-08-01")
    assert canonical_unit("UBND phường", j)[0] == (
        "Ủy ban nhân dân phường An Bình, thành phố Cần Thơ"
    )
    assert parent_unit("Ủy ban nhân dân phường An Bình, thành phố Cần Thơ", j) == (
        "Ủy ban nhân dân thành phố Cần Thơ"
    )
    # Ba Đình is unique on the 2025 map, as Huyện ủy Ý Yên was on the old one.
    assert after_reform.committee == "Đảng ủy phường Ba Đình"


def test_every_unit_on_the_map_has_its_own_key() -> None:
    """Committees and people's committees of all districts and communes, country-wide."""
    keys: dict[str, str] = {}
    clashes = []
    for province in map_for("2021-01-01").provinces():
        j = Jurisdiction("province", province.name, province_kind=province.kind,
                         date="2021-01-01")
        for text in ("Các huyện ủy, thị ủy, thành ủy, quận ủy",
                     "UBND các xã, phường, thị trấn"):
            for name, key in expand_collective(text, j) or []:
                if keys.setdefault(key, name) != name:
                    clashes.append((keys[key], name))
    assert len(keys) > 10_000
    # What is left: two communes of one district whose names differ only in tone marks
    # ("xã Trực Hưng", "xã Trực Hùng"), which keys fold away (graph.names.name_key).
    assert 0 < len(clashes) < 30
    for first, second in clashes:
        assert first != second and first.split(",")[1:] == second.split(",")[1:]
        assert fold(first) == fold(second)


_CHAU_THANH_LETTER = """ĐẢNG BỘ TỈNH {province}
HUYỆN ỦY CHÂU THÀNH
*
Số 21-CV/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Châu Thành, ngày 13 tháng 1 năm 2021

V/v tăng cường công tác phòng, chống dịch Covid-19

Kính gửi: Các chi, đảng bộ cơ sở.

Thực hiện Công văn số 56-CV/TU ngày 06/01/2021 của Tỉnh ủy về tăng cường công tác phòng,
chống dịch Covid-19, Ban Thường vụ Huyện ủy yêu cầu:

1. Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền.

2. UBND huyện chỉ đạo Phòng Y tế thực hiện.

T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn A
"""


def test_same_number_from_two_chau_thanh_committees_is_two_documents() -> None:
    records = [parse_text(_CHAU_THANH_LETTER.format(province=p), f"{p}.txt")
               for p in ("TIỀN GIANG", "LONG AN")]
    assert records[0].key != records[1].key
    for rec, province in zip(records, ("Tiền Giang", "Long An"), strict=True):
        assert rec.issuer is not None
        assert rec.issuer.name == f"Huyện ủy Châu Thành, tỉnh {province}"
        assert [[e.name for e in t.assignees] for t in rec.tasks] == [
            [f"Ban Tuyên giáo Huyện ủy Châu Thành, tỉnh {province}"],
            [f"Ủy ban nhân dân huyện Châu Thành, tỉnh {province}"],
        ]


def test_places_whose_names_open_with_a_kind_word() -> None:
    # Folded, "Phương Tiến" opens like "phường" and "Quan Sơn" like "quận".
    m = map_for("2021-01-01")
    commune = m.commune("Hà Giang", "xã Phương Tiến")
    assert commune is not None and commune.district == "Huyện Vị Xuyên"
    district = m.district("Thanh Hóa", "huyện Quan Sơn")
    assert district is not None and district.name == "Quan Sơn"
    j = jurisdiction_of("ĐẢNG ỦY XÃ PHƯƠNG TIẾN", "ĐẢNG BỘ HUYỆN VỊ XUYÊN", date="2021-01-11")
    # Phượng Tiến (Thái Nguyên) folds alike: the district and province tell them apart.
    assert j.committee == "Đảng ủy xã Phương Tiến, huyện Vị Xuyên, tỉnh Hà Giang"
