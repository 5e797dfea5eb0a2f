"""The analyses over graphs shaped exactly as graph/schema.py describes.

The graph below is the Nam Định cascade of January 2021 as a store would hold
it: the Secretariat telegram (known only from the citation), the province
letter 56-CV/TU addressed to a collective that the map expands to the district
committees, tasks with deadlines, and the district answers of several kinds.
"""

from __future__ import annotations

import faulthandler
import json
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from graph.analyses import lineage, stats, timeline, trace, unit_profile
from graph.coverage import FORWARD, IMPLEMENTING, REPORT, coverage
from graph.errors import NotFound
from graph.views import to_dict

ND = "56-CV/TU@tinh uy nam dinh@2021"
TW = "dien@ban bi thu trung uong@2021-01-05"
COLLECTIVE = "cac huyen uy thanh uy dang uy truc thuoc tinh @ tinh uy nam dinh"
DISTRICTS = {
    "huyen uy y yen": "Huyện ủy Ý Yên",
    "thanh uy nam dinh": "Thành ủy Nam Định",
    "huyen uy vu ban": "Huyện ủy Vụ Bản",
    "huyen uy hai hau": "Huyện ủy Hải Hậu",
}


def _prov(doc: str, **more: Any) -> dict[str, Any]:
    attrs = {
        "doc": doc,
        "source": f"{doc}.txt",
        "evidence": None,
        "span": [0, 10],
        "inferred": False,
        "confidence": 1.0,
    }
    attrs.update(more)
    return attrs


class Builder:
    """Adds nodes and edges with every attribute the schema names."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()

    def unit(self, key: str, name: str, level: str | None = None, collective: bool = False) -> str:
        self.g.add_node(
            f"unit:{key}",
            key=key,
            label=name,
            name=name,
            level=level,
            province="Nam Định",
            district=None,
            collective=collective,
        )
        return f"unit:{key}"

    def doc(
        self,
        key: str,
        number: str | None,
        date: str | None,
        issuer: str | None,
        *,
        doc_type: str = "Công văn",
        level: str = "district",
        subject: str | None = None,
        loaded: bool = True,
    ) -> str:
        name = DISTRICTS.get(issuer or "", issuer)
        self.g.add_node(
            f"doc:{key}",
            key=key,
            label=f"{doc_type} {number or name} ({date})",
            doc_type=doc_type,
            number=number,
            date=date,
            subject=subject,
            issuer=name,
            issuer_key=issuer,
            level=level,
            place=None,
            source=f"{key}.txt" if loaded else None,
            loaded=loaded,
            sha256=None,
        )
        if issuer and loaded:
            self.g.add_edge(f"doc:{key}", f"unit:{issuer}", rel="issued_by", **_prov(key))
        return f"doc:{key}"

    def reply(
        self,
        number: str,
        date: str | None,
        issuer: str,
        to: str,
        rel: str = "implements",
        **attrs: Any,
    ) -> str:
        """A document by ``issuer`` that implements (or cites) ``to``."""
        key = f"{number}@{issuer}@{date[:4] if date else '?'}"
        node = self.doc(key, number, date, issuer, **attrs)
        self.link(node, to, rel, key)
        return node

    def link(self, src: str, dst: str, rel: str, doc: str, **more: Any) -> None:
        self.g.add_edge(src, dst, rel=rel, **_prov(doc, **more))

    def task(
        self, doc_key: str, no: str, deadline: str | None, *assignees: tuple[str, str]
    ) -> None:
        tid = f"task:{doc_key}#{no}"
        self.g.add_node(
            tid,
            key=f"{doc_key}#{no}",
            label=f"{no}. ...",
            no=no,
            text="...",
            deadline=deadline,
            doc=doc_key,
        )
        self.link(f"doc:{doc_key}", tid, "has_task", doc_key)
        for unit, role in assignees:
            self.link(tid, unit, "assigns_to", doc_key, role=role)


@pytest.fixture
def nam_dinh() -> nx.MultiDiGraph:
    b = Builder()
    province = b.unit("tinh uy nam dinh", "Tỉnh ủy Nam Định", "province")
    for key, name in DISTRICTS.items():
        b.unit(key, name, "district")
        b.link(f"unit:{key}", province, "part_of", "")
    b.unit(COLLECTIVE, "Các huyện ủy, thành ủy, đảng ủy trực thuộc tỉnh", collective=True)
    for key in DISTRICTS:
        b.link(f"unit:{COLLECTIVE}", f"unit:{key}", "includes", "", confidence=0.9)
    syt = b.unit("so y te tinh nam dinh", "Sở Y tế tỉnh Nam Định", "province")
    btg = b.unit("ban tuyen giao tinh uy nam dinh", "Ban Tuyên giáo Tỉnh ủy Nam Định", "province")
    b.unit("ban thuong vu huyen uy vu ban", "Ban Thường vụ Huyện ủy Vụ Bản", "district")
    b.unit("dang uy xa yen phong", "Đảng ủy xã Yên Phong", "commune")
    b.link("unit:dang uy xa yen phong", "unit:huyen uy y yen", "part_of", "")
    b.unit("dang uy thi tran lam", "Đảng ủy thị trấn Lâm", "commune")
    b.link("unit:dang uy thi tran lam", "unit:huyen uy y yen", "part_of", "")
    b.unit("uy ban nhan dan tinh ha nam", "UBND tỉnh Hà Nam", "province")

    subject = "tăng cường công tác phòng, chống dịch Covid-19"
    tw = b.doc(
        TW,
        None,
        "2021-01-05",
        "Thường trực Ban Bí thư",
        doc_type="Điện",
        level="central",
        subject=subject,
        loaded=False,
    )
    nd = b.doc(ND, "56-CV/TU", "2021-01-06", "tinh uy nam dinh", level="province", subject=subject)
    b.link(nd, tw, "implements", ND)
    b.link(nd, f"unit:{COLLECTIVE}", "addressed_to", ND)
    b.task(ND, "6", None, (btg, "lead"))
    b.task(ND, "8", "2021-01-15", (syt, "lead"))
    b.task(ND, "5", "2021-01-12", ("unit:huyen uy hai hau", "lead"))

    yy = b.reply("12-CV/HU", "2021-01-08", "huyen uy y yen", nd, subject="biện pháp cấp bách")
    b.task(yy[4:], "1", None)
    b.reply(
        "7-CV/HU",
        "2021-01-07",
        "ban thuong vu huyen uy vu ban",
        nd,
        subject="Tăng cường công tác phòng chống dịch Covid-19",
    )
    b.reply("3-CV/ĐU", "2021-01-10", "dang uy xa yen phong", yy, level="commune")
    b.reply("9-CV/ĐU", None, "dang uy thi tran lam", yy, level="commune")
    b.reply(
        "20-BC/SYT",
        "2021-01-20",
        "so y te tinh nam dinh",
        nd,
        rel="references",
        doc_type="Báo cáo",
        level="province",
    )
    b.reply("5-CV/UBND", "2021-01-09", "uy ban nhan dan tinh ha nam", nd, level="province")
    return b.g


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    # A walk that loops on a cycle would hang the suite; fail loudly instead.
    faulthandler.dump_traceback_later(20, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def test_trace_walks_down_level_by_level_with_lags(nam_dinh: nx.MultiDiGraph) -> None:
    t = trace(nam_dinh, TW)
    assert t.root.key == TW and not t.root.loaded
    rows = [(s.doc.number, s.depth, s.lag_after_root, s.lag_after_parent) for s in t.steps]
    assert rows[0] == ("56-CV/TU", 1, 1, 1)
    level2 = {r[0]: r for r in rows if r[1] == 2}
    assert level2["7-CV/HU"] == ("7-CV/HU", 2, 2, 1)
    assert level2["12-CV/HU"] == ("12-CV/HU", 2, 3, 2)
    level3 = {r[0]: r for r in rows if r[1] == 3}
    assert level3["3-CV/ĐU"] == ("3-CV/ĐU", 3, 5, 2)
    assert level3["9-CV/ĐU"] == ("9-CV/ĐU", 3, None, None)  # undated: lag unknown, not 0
    assert [s.depth for s in t.steps] == sorted(s.depth for s in t.steps)
    assert "20-BC/SYT" not in {r[0] for r in rows}  # a reference is not a step of the cascade
    assert t.depth == 3 and t.cycles == [] and not t.truncated
    parents = {s.doc.number: s.parent for s in t.steps}
    assert parents["3-CV/ĐU"] == "12-CV/HU@huyen uy y yen@2021"


def test_trace_depth_limit_is_reported(nam_dinh: nx.MultiDiGraph) -> None:
    t = trace(nam_dinh, TW, max_depth=1)
    assert [s.doc.number for s in t.steps] == ["56-CV/TU"]
    assert t.truncated


def test_lineage_reaches_the_root(nam_dinh: nx.MultiDiGraph) -> None:
    lin = lineage(nam_dinh, "3-CV/ĐU@dang uy xa yen phong@2021")
    assert [(s.doc.key, s.depth) for s in lin.steps] == [
        ("12-CV/HU@huyen uy y yen@2021", 1),
        (ND, 2),
        (TW, 3),
    ]
    assert lin.roots == [TW]
    assert [s.lag_before_start for s in lin.steps] == [2, 4, 5]
    assert lin.steps[1].child == "12-CV/HU@huyen uy y yen@2021"


def test_lineage_with_two_roots() -> None:
    b = Builder()
    for key, date in (("a", "2021-01-01"), ("b", "2021-01-02"), ("c", "2021-01-05")):
        b.doc(key, key.upper(), date, None)
    b.link("doc:c", "doc:a", "implements", "c")
    b.link("doc:c", "doc:b", "implements", "c")
    lin = lineage(b.g, "c")
    assert lin.roots == ["a", "b"]
    assert [s.lag_before_start for s in lin.steps] == [4, 3]


def test_a_document_citing_two_levels_sits_under_the_nearer() -> None:
    b = Builder()
    b.doc("t", None, "2021-01-05", None, doc_type="Điện", level="central")
    b.doc("p", "8-TB/TU", "2021-01-07", None, level="province")
    b.doc("d", "31-CV/HU", "2021-01-10", None)
    b.link("doc:p", "doc:t", "implements", "p")
    b.link("doc:d", "doc:t", "implements", "d")  # "Thực hiện Điện ... và Thông báo ..."
    b.link("doc:d", "doc:p", "implements", "d")
    t = trace(b.g, "t")
    assert [
        (s.doc.key, s.depth, s.parent, s.other_parents, s.lag_after_parent) for s in t.steps
    ] == [
        ("p", 1, "t", [], 2),
        ("d", 2, "p", ["t"], 3),
    ]
    lin = lineage(b.g, "d")
    assert [(s.doc.key, s.depth, s.child, s.other_children) for s in lin.steps] == [
        ("p", 1, "d", []),
        ("t", 2, "p", ["d"]),
    ]


@pytest.mark.parametrize("walk", [trace, lineage])
def test_citation_cycle_ends_and_is_reported(walk: Any) -> None:
    b = Builder()
    for key in "abcd":
        b.doc(key, key, "2021-01-01", None)
    for src, dst in ("ba", "cb", "ac", "dd"):
        b.link(f"doc:{src}", f"doc:{dst}", "implements", src)
    result = walk(b.g, "a")
    assert sorted(s.doc.key for s in result.steps) == ["b", "c"]
    assert result.cycles == [["a", "b", "c"]]
    assert walk(b.g, "d").cycles == [["d"]]  # a document citing itself


def test_coverage_expands_collectives_and_splits_responded(nam_dinh: nx.MultiDiGraph) -> None:
    c = coverage(nam_dinh, ND, as_of="2021-02-01")
    responded = {e.unit.key: e for e in c.responded}
    pending = {e.unit.key: e for e in c.not_responded}
    # The collective addressee stands for the concrete district committees.
    assert COLLECTIVE not in responded and COLLECTIVE not in pending
    assert {"thanh uy nam dinh", "huyen uy hai hau"} <= set(pending)
    assert [u.key for u in pending["thanh uy nam dinh"].via] == [COLLECTIVE]
    assert pending["thanh uy nam dinh"].addressed
    # Huyện ủy Ý Yên answered with a letter of its own, two days later.
    yy = responded["huyen uy y yen"].responses
    assert [(r.doc.number, r.kind, r.lag_days, r.matched_by) for r in yy] == [
        ("12-CV/HU", IMPLEMENTING, 2, "same unit")
    ]
    # Its Ban Thường vụ forwarded the letter for Vụ Bản: same subject, no tasks.
    vb = responded["huyen uy vu ban"].responses
    assert [(r.doc.number, r.kind, r.matched_by) for r in vb] == [("7-CV/HU", FORWARD, "same body")]
    # The issuer itself is never listed as a unit it reached.
    assert "tinh uy nam dinh" not in responded | pending


def test_coverage_deadlines_reports_and_strangers(nam_dinh: nx.MultiDiGraph) -> None:
    c = coverage(nam_dinh, ND, as_of="2021-02-01")
    everyone = {e.unit.key: e for e in c.responded + c.not_responded}
    syt = everyone["so y te tinh nam dinh"]
    assert (syt.addressed, syt.tasks, syt.roles, syt.due) == (False, ["8"], ["lead"], "2021-01-15")
    [report] = syt.responses
    assert (report.kind, report.on_time, report.lag_days) == (REPORT, False, 14)
    btg = everyone["ban tuyen giao tinh uy nam dinh"]
    assert not btg.responded and btg.due is None and btg.overdue is None
    # A unit the letter never addressed answered anyway: kept apart, not lost.
    assert [r.doc.number for r in c.unmatched] == ["5-CV/UBND"]
    assert c.kinds == {FORWARD: 1, IMPLEMENTING: 2, REPORT: 1}
    assert everyone["huyen uy hai hau"].overdue is True
    early = coverage(nam_dinh, ND, as_of="2021-01-10")
    assert [e.overdue for e in early.not_responded if e.unit.key == "huyen uy hai hau"] == [False]


def test_coverage_part_of_answers_for_the_parent() -> None:
    b = Builder()
    b.unit("p", "Huyện ủy P", "district")
    b.unit("c", "Đảng ủy xã C", "commune")
    b.link("unit:c", "unit:p", "part_of", "")
    b.doc("top", "1-CV/TU", "2021-03-01", None, level="province")
    b.link("doc:top", "unit:p", "addressed_to", "top")
    b.task("top", "1", "2021-03-10")  # no assignee: falls to the addressees
    b.doc("low", "2-CV/ĐU", "2021-03-04", "c", subject="x")
    b.link("doc:low", "doc:top", "implements", "low")
    [entry] = coverage(b.g, "top").responded
    assert entry.unit.key == "p" and entry.due == "2021-03-10"
    assert [(r.matched_by, r.on_time) for r in entry.responses] == [("part of", True)]


def test_unit_profile(nam_dinh: nx.MultiDiGraph) -> None:
    p = unit_profile(nam_dinh, "huyen uy y yen")
    assert [u.key for u in p.parents] == ["tinh uy nam dinh"]
    assert sorted(u.key for u in p.children) == ["dang uy thi tran lam", "dang uy xa yen phong"]
    assert [u.key for u in p.member_of] == [COLLECTIVE]
    assert [d.number for d in p.issued] == ["12-CV/HU"]
    assert [(r.doc.number, r.how) for r in p.received] == [
        ("56-CV/TU", ["addressed_to via Các huyện ủy, thành ủy, đảng ủy trực thuộc tỉnh"])
    ]
    syt = unit_profile(nam_dinh, "so y te tinh nam dinh")
    assert [(t.doc, t.no, t.role, t.deadline) for t in syt.tasks] == [
        (ND, "8", "lead", "2021-01-15")
    ]
    with pytest.raises(NotFound, match="unit 'nobody'"):
        unit_profile(nam_dinh, "nobody")


def test_stats_and_timeline(nam_dinh: nx.MultiDiGraph) -> None:
    s = stats(nam_dinh)
    assert s["documents"]["total"] == 8
    assert (s["documents"]["loaded"], s["documents"]["cited_only"]) == (7, 1)
    assert (s["documents"]["date_from"], s["documents"]["date_to"]) == ("2021-01-05", "2021-01-20")
    assert s["documents"]["undated"] == 1
    assert s["edges"]["implements"] == 6 and s["edges"]["includes"] == 4
    assert s["documents"]["by_doc_type"]["Công văn"] == 6
    top = s["largest_cascades"][0]
    assert (top["root"]["key"], top["size"], top["depth"]) == (TW, 6, 3)
    t = timeline(nam_dinh, TW)
    assert [(d["date"], d["count"]) for d in t["days"]][:3] == [
        ("2021-01-05", 1),
        ("2021-01-06", 1),
        ("2021-01-07", 1),
    ]
    assert t["undated"] == 1
    assert sum(d["count"] for d in timeline(nam_dinh)["days"]) == 7


def test_unknown_document_is_named(nam_dinh: nx.MultiDiGraph) -> None:
    with pytest.raises(NotFound, match="document '99-CV/TU'"):
        trace(nam_dinh, "99-CV/TU")


def test_every_result_serialises_to_json(nam_dinh: nx.MultiDiGraph) -> None:
    results = [
        to_dict(trace(nam_dinh, TW)),
        to_dict(lineage(nam_dinh, ND)),
        to_dict(coverage(nam_dinh, ND, as_of="2021-02-01")),
        to_dict(unit_profile(nam_dinh, "huyen uy y yen")),
        stats(nam_dinh),
        timeline(nam_dinh, TW),
    ]
    back = json.loads(json.dumps(results, ensure_ascii=False))
    assert back[0]["steps"][0]["doc"]["number"] == "56-CV/TU"
    assert back[2]["responded"][0]["responses"][0]["doc"]["key"]
