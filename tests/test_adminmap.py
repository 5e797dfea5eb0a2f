"""The administrative map: both eras, lookups across spelling styles."""

from __future__ import annotations

import time
import unicodedata

import pytest

from graph.adminmap import AdminMap, Commune, District, Province, era_of, map_for


def test_legacy_map_scale() -> None:
    m = map_for("2021-01-06")
    provinces = m.provinces()
    assert len(provinces) == 63
    districts = [d for p in provinces for d in m.districts(p)]
    assert 690 <= len(districts) <= 710
    communes = [c for p in provinces for c in m.communes(p)]
    assert 9_900 <= len(communes) <= 10_700
    assert {d.kind for d in districts} == {"huyện", "quận", "thị xã", "thành phố"}
    assert {c.kind for c in communes} == {"xã", "phường", "thị trấn"}


def test_current_map_has_no_districts() -> None:
    m = map_for("2025-07-01")
    assert len(m.provinces()) == 34
    assert not m.has_districts
    assert m.districts("Hà Nội") == []
    total = sum(len(m.communes(p)) for p in m.provinces())
    assert 3_200 <= total <= 3_400
    assert all(c.district is None for c in m.communes("Ninh Bình"))
    # Nam Định was merged into Ninh Bình by the reform.
    assert m.province("Nam Định") is None
    assert map_for("2025-06-30").province("Nam Định") is not None


@pytest.mark.parametrize(
    "written",
    [
        "Nam Định",
        "tỉnh Nam Định",
        "TỈNH NAM ĐỊNH",
        "Tỉnh  Nam Định",
        unicodedata.normalize("NFD", "Tỉnh Nam Định"),
        "nam dinh",
    ],
)
def test_province_spellings(written: str) -> None:
    p = map_for(None).province(written)
    assert p == Province("Nam Định", "Tỉnh Nam Định", "tỉnh", "36")


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Tỉnh Bắc Cạn", "Bắc Kạn"),
        ("Bắc Kạn", "Bắc Kạn"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("Hà Nội", "Hà Nội"),
        ("Tỉnh Hoà Bình", "Hòa Bình"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ],
)
def test_province_variants(written: str, name: str) -> None:
    p = map_for("2020-07-29").province(written)
    assert p is not None and p.name == name


def test_province_kinds_and_full_names() -> None:
    m = map_for(None)
    hn = m.province("Hà Nội")
    assert hn is not None and hn.kind == "thành phố" and hn.full == "Thành phố Hà Nội"
    assert m.province("Atlantis") is None
    assert m.province("") is None


def test_districts_of_nam_dinh_and_bac_kan() -> None:
    m = map_for("2021-01-06")
    names = [d.full for d in m.districts("Nam Định")]
    assert "Huyện Ý Yên" in names and "Huyện Giao Thủy" in names
    bk = m.district("Bắc Kạn", "Thành phố Bắc Kạn")
    # The dataset writes "Thành Phố Bắc Kạn"; kinds are normalised.
    assert bk == District("Bắc Kạn", "Thành phố Bắc Kạn", "thành phố", "058", "Bắc Kạn")
    assert m.district("Bắc Kạn", "TP Bắc Kạn") == bk
    assert m.district("Nam Định", "huyện Ý Yên") is not None
    assert m.district("Nam Định", "quận Ý Yên") is None
    assert m.district("Nam Định", "Ba Bể") is None


def test_namesake_districts_told_apart_by_kind() -> None:
    m = map_for(None)
    assert [d.full for d in m.districts_named("Hậu Giang", "Long Mỹ")] == [
        "Huyện Long Mỹ",
        "Thị xã Long Mỹ",
    ]
    town = m.district("Hậu Giang", "Thị xã Long Mỹ")
    assert town is not None and town.kind == "thị xã"


def test_communes_of_a_district() -> None:
    m = map_for("2021-04-29")
    bk = m.district("Bắc Kạn", "thành phố Bắc Kạn")
    assert bk is not None
    wards = m.communes(bk)
    assert Commune(
        "Sông Cầu", "Phường Sông Cầu", "phường", "01837", "Bắc Kạn", "Thành phố Bắc Kạn"
    ) in wards
    assert all(c.district == "Thành phố Bắc Kạn" for c in wards)
    assert 6 <= len(wards) <= 10
    assert m.commune("Bắc Kạn", "phường Sông Cầu") == wards[1]


def test_find_place_across_levels() -> None:
    m = map_for("2021-01-06")
    found = m.find_place("Nam Định")
    assert [type(p) for p in found[:2]] == [Province, District]
    assert [p.full for p in m.find_place("huyện Ý Yên")] == ["Huyện Ý Yên"]
    assert m.find_place("") == []


def test_era_of_dates() -> None:
    assert era_of("2025-06-30") == "legacy"
    assert era_of("2025-07-01") == "current"
    assert era_of("2026-01-01T08:00:00") == "current"
    assert era_of(None) == "legacy"
    with pytest.raises(ValueError, match="not a date"):
        era_of("yesterday")


def test_bad_era_rejected() -> None:
    with pytest.raises(ValueError, match="unknown map era"):
        AdminMap("future")  # type: ignore[arg-type]


def test_loads_fast_and_once() -> None:
    start = time.perf_counter()
    m = AdminMap("legacy")
    m.provinces()
    assert time.perf_counter() - start < 2.0
    assert map_for("2021-01-01") is map_for("2020-01-01")


def test_former_district_names_lead_to_their_successor() -> None:
    # Huyện Mỹ Lộc joined Thành phố Nam Định in 2025; 2021 letters still name it.
    m = map_for("2021-01-06")
    successor = m.district("Nam Định", "huyện Mỹ Lộc")
    assert successor is not None and successor.full == "Thành phố Nam Định"
    assert m.district("Nam Định", "huyện Không Có") is None


def test_hue_was_a_province_before_2025() -> None:
    before = map_for("2021-01-06").province("Huế")
    assert before is not None and (before.full, before.kind) == ("Tỉnh Thừa Thiên Huế", "tỉnh")
    after = map_for("2025-03-01").province("Thừa Thiên Huế")
    assert after is not None and (after.full, after.kind) == ("Thành phố Huế", "thành phố")
    assert before.code == after.code == map_for("2025-08-01").province("Huế").code  # type: ignore[union-attr]
