"""The shared citation resolution rules (graph.resolve), on real records and citations."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import pytest

from graph import resolve, schema
from graph.build import CitedDoc, contribution
from graph.identity import VagueCandidate
from graph.model import Citation, Entity, Record
from graph.neo4j_batch import DocIndex, build_batch

ND = "tinh uy nam dinh"
# The documents the tables below pretend a store already holds.
KNOWN_56 = "56-CV/TU@tinh uy nam dinh@2021"
KNOWN_56_OTHER = "56-CV/TU@tinh uy ha nam@2021"
KNOWN_16 = "16/CT-TTG@@2020"
ALIASES: dict[str, list[str]] = {
    KNOWN_16: [KNOWN_16],
    KNOWN_56: [KNOWN_56],
    # A numberless alias shared with a document of another number.
    "cong van@tinh uy nam dinh@2021-01-06": ["57-CV/TU@tinh uy nam dinh@2021", KNOWN_56],
}
BY_NUMBER: dict[str, list[str]] = {"56-CV/TU": [KNOWN_56], "57-CV/TU": [KNOWN_56, KNOWN_56_OTHER]}


def _citing(*cites: Citation, date: str = "2021-02-01") -> Record:
    return Record(
        source="b.txt", doc_type="Kế hoạch", number="60-KH/TU", date=date,
        issuer=Entity("Tỉnh ủy Nam Định"), subject="triển khai", references=list(cites),
    )


def _cited(cite: Citation, date: str = "2021-02-01") -> CitedDoc:
    (cited,) = contribution(_citing(cite, date=date)).cited.values()
    return cited


SUBJECT = "tăng cường phòng, chống dịch Covid-19"
VAGUE = Citation(
    "ý kiến chỉ đạo của Thường trực Tỉnh ủy về tăng cường phòng, chống dịch Covid-19",
    doc_type="Kết luận", issuer=Entity("Thường trực Tỉnh ủy Nam Định"), subject=SUBJECT,
)
CANDIDATES = [
    VagueCandidate("12-KL/TU@tinh uy nam dinh@2021", ND, "2021-01-20", SUBJECT + " trong tỉnh"),
    VagueCandidate("13-KL/TU@tinh uy nam dinh@2021", ND, "2021-01-25", "công tác cán bộ"),
]


@pytest.mark.parametrize(
    ("cite", "date", "by_number", "want"),
    [
        # A full citation whose key is an alias of one known document.
        (Citation("Chỉ thị 16/CT-TTg", doc_type="Chỉ thị", number="16/CT-TTg",
                  date="2020-03-31"), "2021-02-01", BY_NUMBER,
         resolve.Resolution(KNOWN_16)),
        # A number without a date: no alias; one document of that number fits.
        (Citation("Công văn số 56-CV/TU", doc_type="Công văn", number="56-CV/TU"),
         "2021-02-01", BY_NUMBER, resolve.Resolution(KNOWN_56, 0.8, by_number=True)),
        # Two documents fit the number: the citation keeps its own placeholder.
        (Citation("Công văn số 57-CV/TU", doc_type="Công văn", number="57-CV/TU"),
         "2021-02-01", BY_NUMBER, resolve.Resolution("57-CV/TU@tinh uy nam dinh@?")),
        # Nothing known of that number.
        (Citation("Công văn số 58-CV/TU", doc_type="Công văn", number="58-CV/TU"),
         "2021-02-01", BY_NUMBER, resolve.Resolution("58-CV/TU@tinh uy nam dinh@?")),
        # Vague: the issuer's document of a like subject, 12 days before.
        (VAGUE, "2021-02-01", {}, resolve.Resolution(CANDIDATES[0].key, 0.88, vague_match=True)),
        # Vague, but every candidate is over 60 days before: its own placeholder at 0.5.
        (VAGUE, "2021-06-01", {},
         resolve.Resolution("ket luan@tinh uy nam dinh@~tang cuong phong chong dich covid 19",
                            0.5)),
    ],
)
def test_resolve_citation(
    cite: Citation, date: str, by_number: dict[str, list[str]], want: resolve.Resolution
) -> None:
    cited = _cited(cite, date)
    got = resolve.resolve_citation(
        cited,
        aliases=lambda k: ALIASES.get(k, []),
        vague_candidates=lambda: CANDIDATES,
        by_number=lambda k: by_number.get(k.split("@")[0], []),
    )
    assert got == want


def test_an_unresolved_citation_keeps_its_own_key() -> None:
    # Two earlier citations fit "Chỉ thị 16": the short form is ambiguous.
    rec = _citing(
        Citation("Chỉ thị số 16/CT-TTg ngày 31/3/2020", doc_type="Chỉ thị", number="16/CT-TTg",
                 date="2020-03-31"),
        Citation("Chỉ thị số 16-CT/TU ngày 2/4/2020", doc_type="Chỉ thị", number="16-CT/TU",
                 date="2020-04-02", issuer=Entity("Tỉnh ủy Nam Định")),
        Citation("Chỉ thị 16", doc_type="Chỉ thị", candidates=[0, 1], ambiguous=True),
    )
    (cited,) = [c for c in contribution(rec).cited.values() if c.unresolved]
    got = resolve.resolve_citation(
        cited, aliases=lambda k: [KNOWN_16], vague_candidates=lambda: CANDIDATES,
        by_number=lambda k: [KNOWN_16],
    )
    assert got == resolve.Resolution(cited.keys[0])


@pytest.mark.parametrize(
    ("keys", "number", "want"),
    [
        (["cong van@tinh uy nam dinh@2021-01-06"], "56-CV/TU", KNOWN_56),  # other number skipped
        (["cong van@tinh uy nam dinh@2021-01-06"], None, None),  # two documents: no decision
        (["cong van@tinh uy nam dinh@2021-01-06", KNOWN_56], None, None),  # hits add up
        ([KNOWN_56, "cong van@tinh uy nam dinh@2021-01-06"], None, KNOWN_56),  # first one decides
        (["nothing@here@2021"], None, None),
    ],
)
def test_alias_target(keys: list[str], number: str | None, want: str | None) -> None:
    assert resolve.alias_target(keys, number, lambda k: ALIASES.get(k, [])) == want


def _numbered(key: str, loaded: bool, *keys: str) -> resolve.Numbered:
    return resolve.Numbered(key, loaded, keys or (key,))


LOADED_56 = _numbered(KNOWN_56, True)
LOADED_56_OTHER = _numbered(KNOWN_56_OTHER, True)
# Loaded without its issuer line: its file key first, its numbered key an alias.
LOADED_NO_ISSUER = _numbered("file@b.txt", True, "56-CV/TU@?@2021")


@pytest.mark.parametrize(
    ("key", "docs", "want"),
    [
        # A citation that leaves the issuer out: every loaded document of that year fits.
        ("56-CV/TU@?@2021", [LOADED_56, LOADED_56_OTHER], [KNOWN_56_OTHER, KNOWN_56]),
        ("56-CV/TU@tinh uy nam dinh@?", [LOADED_56, LOADED_56_OTHER], [KNOWN_56]),
        ("56-CV/TU@?@2020", [LOADED_56], []),  # the year contradicts
        # A complete citation meets a document loaded without its issuer ...
        (KNOWN_56, [LOADED_NO_ISSUER], ["file@b.txt"]),
        # ... unless a citation of another province was tied to it before.
        (KNOWN_56, [_numbered("file@b.txt", True, "56-CV/TU@?@2021", KNOWN_56_OTHER)], []),
        # A cited-only document fits only a citation that knows less than it does:
        ("56-CV/TU@tinh uy nam dinh@?", [_numbered(KNOWN_56, False)], [KNOWN_56]),
        (KNOWN_56, [_numbered("56-CV/TU@?@2021", False)], []),  # a guess never takes a full one
        ("56-CV/TU@?@?", [_numbered("56-CV/TU@?@2021", False)], []),  # nor another guess
        # Unresolved citations are never met.
        ("56-CV/TU@?@2021", [resolve.Numbered(KNOWN_56, True, (KNOWN_56,), True)], []),
    ],
)
def test_number_fits(key: str, docs: list[resolve.Numbered], want: list[str]) -> None:
    assert resolve.number_fits(key, docs) == want


@pytest.mark.parametrize(
    ("own", "by_alias", "numbered", "want"),
    [
        # Named by one of its keys; an unresolved citation's node and other numbers stay.
        (LOADED_56, [KNOWN_56, "cong van@tinh uy nam dinh@2021-01-06", "57-CV/TU@?@2021",
                     "chi thi@?@~16"], [], [("cong van@tinh uy nam dinh@2021-01-06", False)]),
        # By number: placeholders whose keys fit and that would be tied to it alone.
        (LOADED_56, [], [_numbered("56-CV/TU@?@2021", False),
                         _numbered("56-CV/TU@tinh uy nam dinh@?", False)],
         [("56-CV/TU@?@2021", True), ("56-CV/TU@tinh uy nam dinh@?", True)]),
        (LOADED_56, [], [_numbered(KNOWN_56_OTHER, False)], []),  # another province's
        (LOADED_56, [], [_numbered("56-CV/TU@?@2020", False)], []),  # another year's
        # Another loaded document fits the guess too: it is not taken.
        (LOADED_56, [], [_numbered("56-CV/TU@?@2021", False), LOADED_56_OTHER], []),
        # Loaded without its issuer: the one province that cited it is taken ...
        (LOADED_NO_ISSUER, [], [_numbered(KNOWN_56, False)], [(KNOWN_56, True)]),
        # ... two provinces' namesakes contradict each other: neither is.
        (LOADED_NO_ISSUER, [], [_numbered(KNOWN_56, False), _numbered(KNOWN_56_OTHER, False)],
         []),
        # A guess beside a full citation both fit: both are taken.
        (LOADED_NO_ISSUER, ["56-CV/TU@?@2021"],
         [_numbered("56-CV/TU@?@2021", False), _numbered(KNOWN_56, False)],
         [("56-CV/TU@?@2021", False), (KNOWN_56, True)]),
    ],
)
def test_absorbed(
    own: resolve.Numbered,
    by_alias: list[str],
    numbered: list[resolve.Numbered],
    want: list[tuple[str, bool]],
) -> None:
    got = resolve.absorbed(
        own.key, [own.key, *own.keys], "56-CV/TU", by_alias, [own, *numbered],
        lambda k: k == "chi thi@?@~16",
    )
    assert got == want


def test_edge_ends_take_the_least_confidence_and_drop_self_loops() -> None:
    c = contribution(_citing(VAGUE, Citation("Công văn số 56-CV/TU", doc_type="Công văn",
                                             number="56-CV/TU")))
    vague_id, number_id = list(c.cited)
    me = schema.doc_node(c.key)
    where = {vague_id: (schema.doc_node(CANDIDATES[0].key), 0.82), number_id: (me, None)}
    got = {e.dst: resolve.edge_ends(e, where) for e in c.edges}
    assert got[vague_id] == (me, schema.doc_node(CANDIDATES[0].key), 0.82)
    assert got[number_id] is None  # resolved to the citing document itself
    assert got[schema.unit_node(ND)] == (me, schema.unit_node(ND), 1.0)
    assert resolve.vague_facts(c.cited[vague_id]) == (ND, "2021-02-01", SUBJECT)
    assert resolve.vague_facts(c.cited[number_id]) is None


@pytest.mark.parametrize(
    ("citing_date", "current", "citing", "want"),
    [
        ("2021-02-01", "ket luan@tinh uy nam dinh@~x", "60-KH/TU", (CANDIDATES[0].key, 0.88)),
        ("2021-02-01", CANDIDATES[0].key, "60-KH/TU", None),  # already there
        # Never the citing document itself: the next best, by a clear margin, or nothing.
        ("2021-02-01", "ket luan@tinh uy nam dinh@~x", CANDIDATES[0].key, None),
        ("2021-01-10", "ket luan@tinh uy nam dinh@~x", "60-KH/TU", None),  # candidates come later
    ],
)
def test_better_vague_target(
    citing_date: str, current: str, citing: str, want: tuple[str, float] | None
) -> None:
    got = resolve.better_vague_target(ND, SUBJECT, citing_date, current, CANDIDATES, citing=citing)
    assert got == want


# ---- both stores, both load orders -------------------------------------------------------
# The same documents go into the embedded store and through the Neo4j batch code (the rows
# a fresh database would hold); the graphs must be equal, and whether a citation and a
# document merge must not depend on which of them was loaded first.

ND_ = Entity("Tỉnh ủy Nam Định")
HN_ = Entity("Tỉnh ủy Hà Nam")


def _letter(source: str, number: str, issuer: Entity, *cites: Citation) -> Record:
    return Record(source=source, doc_type="Kế hoạch", number=number, date="2021-02-01",
                  issuer=issuer, subject="triển khai", references=list(cites))


def _cv56(issuer: Entity | None = None, date: str | None = "2021-01-06") -> Citation:
    return Citation("Công văn số 56-CV/TU", doc_type="Công văn", number="56-CV/TU", date=date,
                    issuer=issuer)


def _doc56(source: str, issuer: Entity | None, date: str = "2021-01-06") -> Record:
    return Record(source=source, doc_type="Công văn", number="56-CV/TU", date=date,
                  issuer=issuer, subject="phòng, chống dịch")


NO_ISSUER = _doc56("b.txt", None)
CITES_ND = _letter("nd.txt", "60-KH/TU", ND_, _cv56(ND_))
CITES_HN = _letter("hn.txt", "61-KH/TU", HN_, _cv56(HN_))
# A state office's letter: "56-CV/TU" does not share its codes, so its issuer is unknown.
CITES_BARE = _letter("ub.txt", "12/UBND-VX", Entity("UBND tỉnh Nam Định"), _cv56())
CITES_ND_NO_YEAR = _letter("nd.txt", "60-KH/TU", ND_, _cv56(date=None))


def _graphs(records: list[Record]) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    from tests.test_neo4j_store import _embedded, _fresh_load, _same_graph

    emb, neo = _embedded(records), _fresh_load(records)
    _same_graph(neo, emb)
    return emb, neo


def _target(g: nx.MultiDiGraph, citing: Record) -> str:
    """The node the (one) reference of ``citing`` points at."""
    src = schema.doc_node(contribution(citing).key)
    (dst,) = [v for u, v, d in g.edges(data=True) if u == src and d["rel"] == schema.REFERENCES]
    return str(dst)


@pytest.mark.parametrize(
    ("citing", "loaded", "merge"),
    [
        # Cited with its issuer, loaded without the issuer line: number and date agree.
        (CITES_ND, NO_ISSUER, True),
        # Cited without issuer (another series' letter), loaded with it.
        (CITES_BARE, _doc56("a.txt", ND_), True),
        (CITES_ND_NO_YEAR, _doc56("a.txt", ND_), True),  # cited without date
        (CITES_ND, _doc56("a.txt", ND_), True),  # the same key
        (CITES_ND, _doc56("a.txt", HN_), False),  # another province's 56-CV/TU
        (CITES_ND, _doc56("a.txt", ND_, date="2020-03-02"), False),  # another year's
        (CITES_ND, _doc56("a.txt", None, date="2020-03-02"), False),  # no issuer, another year
    ],
)
@pytest.mark.parametrize("cited_first", [True, False], ids=["cited-first", "loaded-first"])
def test_a_cited_document_and_the_loaded_one(
    citing: Record, loaded: Record, merge: bool, cited_first: bool
) -> None:
    emb, _ = _graphs([citing, loaded] if cited_first else [loaded, citing])
    own = schema.doc_node(contribution(loaded).key)
    assert (_target(emb, citing) == own) is merge
    assert emb.nodes[own]["loaded"] is True


@pytest.mark.parametrize(
    "order",
    [
        [CITES_ND, CITES_HN, NO_ISSUER],
        [NO_ISSUER, CITES_ND, CITES_HN],
        [CITES_ND, NO_ISSUER, CITES_HN],
        [CITES_HN, NO_ISSUER, CITES_ND],
    ],
)
def test_two_provinces_namesakes_never_meet_in_one_node(order: list[Record]) -> None:
    emb, _ = _graphs(order)
    assert _target(emb, CITES_ND) != _target(emb, CITES_HN)


def test_a_vague_citation_never_lands_on_its_own_citing_document() -> None:
    # The letter's own subject is what its vague citation names; the Tỉnh ủy's earlier
    # conclusion on it is what the letter means.
    earlier = Record(source="kl.txt", doc_type="Kết luận", number="12-KL/TU", date="2021-01-20",
                     issuer=ND_, subject=SUBJECT)
    letter = Record(source="cv.txt", doc_type="Công văn", number="70-CV/TU", date="2021-02-01",
                    issuer=ND_, subject=SUBJECT, references=[VAGUE])
    for order in ([earlier, letter], [letter, earlier]):
        emb, _ = _graphs(order)
        assert _target(emb, letter) == schema.doc_node(contribution(earlier).key)


@pytest.mark.parametrize("loaded_first", [True, False])
def test_a_numberless_document_is_found_by_the_number_a_citation_gave_it(
    loaded_first: bool,
) -> None:
    # Loaded without its number: a dated citation of its issuer meets it by type, issuer and
    # date and so gives it its number, by which a citation without issuer finds it later.
    numberless = Record(source="a.txt", doc_type="Công văn", date="2021-01-06", issuer=ND_,
                        subject="phòng, chống dịch")
    cites_full = _letter("nd.txt", "60-KH/TU", ND_, _cv56(ND_))
    order = [numberless, cites_full, CITES_BARE] if loaded_first else [
        cites_full, CITES_BARE, numberless]
    emb, _ = _graphs(order)
    own = schema.doc_node(contribution(numberless).key)
    assert _target(emb, cites_full) == own
    assert _target(emb, CITES_BARE) == own


def test_a_later_transaction_absorbs_the_placeholder_a_document_without_issuer_meets() -> None:
    # The Neo4j store in two transactions: the citation first, then the document without its
    # issuer, looked up among the rows the first one wrote.
    from tests.test_neo4j_store import _as_stored

    first = build_batch([(CITES_ND, contribution(CITES_ND))], DocIndex())
    later = build_batch([(NO_ISSUER, contribution(NO_ISSUER))], DocIndex(_as_stored(first)[0]))
    # Met by number alone: the moved edges carry at most 0.8, as had the citation come later.
    assert later.absorb == [{"old": KNOWN_56, "new": "file@b.txt", "cap": 0.8}]
    (row,) = [r for r in later.aliases if r["key"] == "file@b.txt"]
    # Held by fit: a citation of Hà Nam's 56-CV/TU no longer fits it, Nam Định's still only
    # by number.
    assert resolve.fitted(KNOWN_56) in row["aliases"] and KNOWN_56 not in row["aliases"]


def _tb(text: str, **kw: object) -> Citation:
    return Citation(text, doc_type="Thông báo", date="2021-01-08",
                    issuer=Entity("Ban Thường vụ Tỉnh ủy Nam Định"), **kw)  # type: ignore[arg-type]


# A conclusion notice loaded as "Thông báo kết luận"; one letter cites it by type and date
# only ("Thông báo ... ngày 8/1/2021"), another by number and date: only the second names
# both the document and the node the first made.
TB_LOADED = Record(source="tb.txt", doc_type="Thông báo kết luận", number="4-TB/TU",
                   date="2021-01-08", issuer=ND_, subject="phòng, chống dịch")
TB_BY_DATE = _letter("hh.txt", "1-KH/HU", Entity("Huyện ủy Hải Hậu"),
                     _tb("Thông báo của Ban Thường vụ Tỉnh ủy ngày 8/1/2021"))
TB_BY_NUMBER = _letter("gt.txt", "2-KH/HU", Entity("Huyện ủy Giao Thủy"),
                       _tb("Thông báo số 4-TB/TU ngày 8/1/2021", number="4-TB/TU"))


@pytest.mark.parametrize("order", list(itertools.permutations([TB_LOADED, TB_BY_DATE,
                                                               TB_BY_NUMBER])))
def test_a_citation_naming_a_document_and_a_placeholder_joins_them(
    order: tuple[Record, ...],
) -> None:
    emb, _ = _graphs(list(order))
    own = schema.doc_node(contribution(TB_LOADED).key)
    assert _target(emb, TB_BY_DATE) == own
    assert _target(emb, TB_BY_NUMBER) == own
    assert [n for n in emb if n.startswith("doc:thong bao@")] == []


def test_a_generated_corpus_in_any_order_is_one_graph_in_both_stores(tmp_path: Path) -> None:
    import random

    from loaders import parse_file
    from synth import generate_corpus

    generate_corpus(tmp_path / "corpus", seed=7, provinces=4)
    paths = sorted((tmp_path / "corpus" / "docs").iterdir())
    shapes = set()
    for seed in (0, 2, 5):  # 2 and 5 left a notice cited by date apart from itself
        order = paths[:]
        random.Random(seed).shuffle(order)
        emb, _ = _graphs([parse_file(p) for p in order])
        shapes.add((tuple(sorted(emb.nodes)), tuple(sorted(
            (u, v, d["rel"], d["confidence"]) for u, v, d in emb.edges(data=True)))))
    assert len(shapes) == 1


def _confidence(g: nx.MultiDiGraph, citing: Record) -> float:
    src = schema.doc_node(contribution(citing).key)
    (conf,) = [d["confidence"] for u, _, d in g.edges(data=True)
               if u == src and d["rel"] == schema.REFERENCES]
    return float(conf)


@pytest.mark.parametrize(
    ("citations", "loaded", "want"),
    [
        ([CITES_ND], NO_ISSUER, 0.8),  # the issuer known on one side only
        ([CITES_BARE], _doc56("a.txt", ND_), 0.8),
        ([CITES_ND], _doc56("a.txt", ND_), 1.0),  # the same key: a tie by name
        # Two letters citing it without a year: both by number, whichever came first.
        ([CITES_ND_NO_YEAR, _letter("nd2.txt", "61-KH/TU", ND_, _cv56(ND_, date=None))],
         _doc56("a.txt", ND_), 0.8),
    ],
)
def test_a_tie_has_one_confidence_in_any_load_order(
    citations: list[Record], loaded: Record, want: float
) -> None:
    for order in itertools.permutations([*citations, loaded]):
        emb, _ = _graphs(list(order))
        assert [_confidence(emb, c) for c in citations] == [want] * len(citations), order
