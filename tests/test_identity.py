"""Document identity: keys of loaded and cited documents meet; vague citations resolve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph import identity, schema
from graph.build import contribution
from graph.identity import VagueCandidate, best_vague_match
from graph.model import Citation, Entity, Record, Task
from loaders import parse_file

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
BAN_BI_THU = "Thường trực Ban Bí thư Trung ương Đảng"


def cited_key(citing: Record, c: Citation) -> str:
    """The node a citation lands on, as the builder names it."""
    citing.implements = [c]
    out = contribution(citing)
    (nid,) = out.cited
    return schema.node_key(nid)


def letter(number: str | None, date: str | None, issuer: str, **kw: Any) -> Record:
    return Record(
        source=f"{issuer}-{number}.txt",
        doc_type=str(kw.pop("doc_type", "Công văn")),
        number=number,
        date=date,
        issuer=Entity(issuer),
        **kw,
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2644 - CV/TU", "2644-CV/TU"),
        ("16/CT-TTg", "16 / CT – TTg"),
        ("30/2020/NĐ-CP", "30/2020/ND-CP"),
    ],
)
def test_number_spelling_folds(a: str, b: str) -> None:
    assert identity.number_key(a) == identity.number_key(b)


def test_party_numbers_repeat_across_provinces_but_keys_do_not() -> None:
    nam_dinh = contribution(letter("56-CV/TU", "2021-01-06", "TỈNH ỦY NAM ĐỊNH")).key
    ninh_binh = contribution(letter("56-CV/TU", "2021-01-06", "TỈNH ỦY NINH BÌNH")).key
    assert nam_dinh != ninh_binh
    assert nam_dinh.startswith("56-CV/TU@")


def test_central_number_is_found_without_its_issuer() -> None:
    loaded = contribution(
        letter("16/CT-TTg", "2020-03-31", "THỦ TƯỚNG CHÍNH PHỦ", doc_type="Chỉ thị")
    )
    citing = letter("1-CV/TU", "2021-07-24", "Tỉnh ủy Hà Nam")
    bare = Citation(
        "Chỉ thị số 16/CT-TTg ngày 31/3/2020",
        doc_type="Chỉ thị",
        number="16/CT-TTg",
        date="2020-03-31",
    )
    assert cited_key(citing, bare) == loaded.key


def test_cited_and_loaded_document_share_a_key() -> None:
    loaded = contribution(letter("201-CV/TU", "2021-04-27", "TỈNH ỦY BẮC KẠN")).key
    citing = letter("183-CV/TU", "2021-04-29", "THÀNH ỦY BẮC KẠN")
    c = Citation(
        "Công văn số 201-CV/TU ngày 27 tháng 4 năm 2021 của Tỉnh ủy Bắc Kạn",
        doc_type="Công văn",
        number="201 - CV/TU",
        date="2021-04-27",
        issuer=Entity("Tỉnh ủy Bắc Kạn"),
        relation="implements",
    )
    assert cited_key(citing, c) == loaded


def test_one_telegram_from_differently_worded_citations() -> None:
    ha_nam = letter(None, "2021-07-24", "Tỉnh ủy Hà Nam", doc_type="Thông báo kết luận")
    nam_dinh = letter("99-CV/TU", "2021-07-23", "TỈNH ỦY NAM ĐỊNH")
    a = Citation(
        "tại Điện ngày 21/7/2021",
        doc_type="Điện",
        date="2021-07-21",
        issuer=Entity(BAN_BI_THU),
        relation="implements",
    )
    b = Citation(
        "Điện của Thường trực Ban Bí thư ngày 21/7/2021",
        doc_type="Công điện",
        date="2021-07-21",
        issuer=Entity("Thường trực Ban Bí thư"),
        relation="implements",
    )
    assert cited_key(ha_nam, a) == cited_key(nam_dinh, b)
    other_day = Citation(
        "Điện ngày 05/01/2021", doc_type="Điện", date="2021-01-05", issuer=Entity(BAN_BI_THU)
    )
    assert cited_key(nam_dinh, other_day) != cited_key(ha_nam, a)


def test_local_number_without_issuer_takes_the_citing_series() -> None:
    citing = letter("60-CV/TU", "2021-02-01", "TỈNH ỦY NAM ĐỊNH")
    earlier = contribution(letter("56-CV/TU", "2021-01-06", "TỈNH ỦY NAM ĐỊNH")).key
    c = Citation(
        "Công văn số 56-CV/TU ngày 06/01/2021",
        doc_type="Công văn",
        number="56-CV/TU",
        date="2021-01-06",
    )
    assert cited_key(citing, c) == earlier


def test_vague_citation_needs_issuer_window_and_subject() -> None:
    subject = "tăng cường công tác phòng, chống dịch Covid-19 trong tình hình mới"
    issuer = identity.series_key(BAN_BI_THU)
    good = VagueCandidate("dien@bbt@2020-07-27", issuer, "2020-07-27", subject)
    assert best_vague_match(issuer, subject, "2020-07-29", [good]) is not None
    key, conf = best_vague_match(issuer, subject, "2020-07-29", [good]) or ("", 0.0)
    assert key == good.key and 0.5 < conf < 1.0
    # After the citing document, or more than 60 days before it: not this one.
    assert best_vague_match(issuer, subject, "2020-07-20", [good]) is None
    assert best_vague_match(issuer, subject, "2020-10-20", [good]) is None
    other_issuer = VagueCandidate("x", "tinh uy nam dinh", "2020-07-27", subject)
    assert best_vague_match(issuer, subject, "2020-07-29", [other_issuer]) is None
    unrelated = VagueCandidate("y", issuer, "2020-07-27", "công tác cán bộ nhiệm kỳ 2020-2025")
    assert best_vague_match(issuer, subject, "2020-07-29", [unrelated]) is None
    twin = VagueCandidate("z", issuer, "2020-07-27", subject)
    assert best_vague_match(issuer, subject, "2020-07-29", [good, twin]) is None


def test_ambiguous_citation_stays_unresolved_with_candidates() -> None:
    rec = letter("5-KH/TU", "2021-03-01", "TỈNH ỦY NAM ĐỊNH")
    rec.references = [
        Citation("Chỉ thị số 05-CT/TW", doc_type="Chỉ thị", number="05-CT/TW", date="2016-05-15"),
        Citation("Chỉ thị số 16/CT-TTg", doc_type="Chỉ thị", number="16/CT-TTg", date="2020-03-31"),
        Citation("Chỉ thị nêu trên", doc_type="Chỉ thị", ambiguous=True, candidates=[0, 1]),
    ]
    out = contribution(rec)
    unresolved = [c for c in out.cited.values() if c.unresolved]
    assert len(unresolved) == 1
    assert unresolved[0].attrs["candidates"] == [
        "05-CT/TW@@2016",
        "16/CT-TTG@@2020",
    ]
    edge = next(e for e in out.edges if e.dst == schema.doc_node(unresolved[0].keys[0]))
    assert edge.attrs["confidence"] < 0.5


def test_every_edge_keeps_provenance() -> None:
    rec = letter("56-CV/TU", "2021-01-06", "TỈNH ỦY NAM ĐỊNH", recipients=[Entity("Sở Y tế")])
    rec.tasks = [Task("1", "Sở Y tế chỉ đạo ...", [Entity("Sở Y tế", role="lead")])]
    rec.implements = [
        Citation(
            "Điện ... ngày 05/01/2021",
            doc_type="Điện",
            date="2021-01-05",
            issuer=Entity(BAN_BI_THU),
            relation="implements",
        )
    ]
    out = contribution(rec)
    assert {e.rel for e in out.edges} >= {
        "issued_by",
        "addressed_to",
        "has_task",
        "assigns_to",
        "implements",
    }
    for e in out.edges:
        assert e.attrs["doc"] == out.key
        assert e.attrs["source"] == rec.source
        assert {"evidence", "span", "inferred", "confidence"} <= e.attrs.keys()
    assign = next(e for e in out.edges if e.rel == "assigns_to")
    assert assign.attrs["role"] == "lead"


def test_seed_records_get_stable_distinct_keys() -> None:
    keys = [contribution(parse_file(p)).key for p in sorted(SEEDS.glob("*.txt"))]
    assert len(set(keys)) == len(keys) == 4
    assert keys == [contribution(parse_file(p)).key for p in sorted(SEEDS.glob("*.txt"))]


def test_upstream_number_without_issuer_belongs_to_the_parent_committee() -> None:
    province = contribution(letter("201-CV/TU", "2021-04-27", "TỈNH ỦY NAM ĐỊNH")).key
    district = letter("9-CV/HU", "2021-05-01", "HUYỆN ỦY Ý YÊN", place=Entity("Ý Yên"))
    c = Citation(
        "Công văn số 201-CV/TU ngày 27/4/2021",
        doc_type="Công văn",
        number="201-CV/TU",
        date="2021-04-27",
        relation="implements",
    )
    assert cited_key(district, c) == province
