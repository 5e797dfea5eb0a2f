"""The shared citation resolution rules (graph.resolve), on real records and citations."""

from __future__ import annotations

import pytest

from graph import resolve, schema
from graph.build import CitedDoc, contribution
from graph.identity import VagueCandidate, record_keys
from graph.model import Citation, Entity, Record

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
         "2021-02-01", BY_NUMBER, resolve.Resolution(KNOWN_56, 0.8)),
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


@pytest.mark.parametrize(
    ("key", "rows", "want"),
    [
        ("56-CV/TU@?@2021", [(KNOWN_56, KNOWN_56, True), (KNOWN_56_OTHER, KNOWN_56_OTHER, True)],
         [KNOWN_56_OTHER, KNOWN_56]),
        ("56-CV/TU@tinh uy nam dinh@?", [(KNOWN_56, KNOWN_56, False)], [KNOWN_56]),
        # A cited-only guess never takes in a full citation ...
        (KNOWN_56, [("56-CV/TU@?@2021", "56-CV/TU@?@2021", False)], []),
        # ... but a loaded document that left its issuer out may be it.
        (KNOWN_56, [("56-CV/TU@?@2021", "file@a.txt", True)], ["file@a.txt"]),
        ("56-CV/TU@?@2020", [(KNOWN_56, KNOWN_56, True)], []),
    ],
)
def test_number_fits_sqlite(key: str, rows: list[tuple[str, str, bool]], want: list[str]) -> None:
    assert resolve.number_fits_sqlite(key, rows) == want


@pytest.mark.parametrize(
    ("key", "docs", "want"),
    [
        ("56-CV/TU@?@2021", [KNOWN_56, KNOWN_56_OTHER], [KNOWN_56_OTHER, KNOWN_56]),
        ("56-CV/TU@tinh uy nam dinh@?", [KNOWN_56, KNOWN_56_OTHER], [KNOWN_56]),
        ("56-CV/TU@?@2020", [KNOWN_56], []),
        (KNOWN_56, [KNOWN_56], []),  # a complete key is never guessed at
        ("56-CV/TU@?@2021", ["56-CV/TU@?@2021"], []),  # only complete keys are candidates
    ],
)
def test_number_fits_index(key: str, docs: list[str], want: list[str]) -> None:
    assert resolve.number_fits_index(key, docs) == want


def _loaded(**kw: object) -> tuple[list[str], str]:
    rec = Record(source="a.txt", doc_type="Công văn", number="56-CV/TU",
                 issuer=Entity("Tỉnh ủy Nam Định"), **kw)  # type: ignore[arg-type]
    keys = record_keys(rec)
    return keys, keys[0]


@pytest.mark.parametrize(
    ("loaded", "candidate", "sqlite", "index"),
    [
        ({"date": "2021-01-06"}, "56-CV/TU@tinh uy nam dinh@?", True, True),
        ({"date": "2021-01-06"}, "56-CV/TU@?@2021", True, True),
        ({"date": "2021-01-06"}, "56-CV/TU@tinh uy ha nam@2021", False, False),
        # Dated nowhere: its file key comes first; only the SQLite rule reads its numbered key.
        ({}, KNOWN_56, True, False),
    ],
)
def test_placeholder_fits(
    loaded: dict[str, str], candidate: str, sqlite: bool, index: bool
) -> None:
    keys, key = _loaded(**loaded)
    assert resolve.placeholder_fits_sqlite(keys, key, candidate) is sqlite
    assert resolve.placeholder_fits_index(key, candidate) is index


def test_absorbed_skips_itself_other_numbers_and_unresolved_placeholders() -> None:
    found = [KNOWN_56, "56-CV/TU@?@2021", "57-CV/TU@?@2021", "cong van@tinh uy nam dinh@2021-01-06",
             "chi thi@?@~16"]
    got = resolve.absorbed(KNOWN_56, "56-CV/TU", found, lambda k: k == "chi thi@?@~16")
    assert got == ["56-CV/TU@?@2021", "cong van@tinh uy nam dinh@2021-01-06"]


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
        ("2021-02-01", "ket luan@tinh uy nam dinh@~x", None, (CANDIDATES[0].key, 0.88)),
        ("2021-02-01", CANDIDATES[0].key, None, None),  # already there
        ("2021-02-01", "ket luan@tinh uy nam dinh@~x", CANDIDATES[0].key, None),  # never itself
        ("2021-01-10", "ket luan@tinh uy nam dinh@~x", None, None),  # candidates come later
    ],
)
def test_better_vague_target(
    citing_date: str, current: str, citing: str | None, want: tuple[str, float] | None
) -> None:
    got = resolve.better_vague_target(ND, SUBJECT, citing_date, current, CANDIDATES, citing=citing)
    assert got == want


# ---- where the two stores' rules still differ ------------------------------------------
# The refactor kept each store's variant (behaviour unchanged); these cases show the
# drift, and turn into failures (strict) the day one rule serves both stores.

_CITING_56 = Record(
    source="a.txt", doc_type="Kế hoạch", number="60-KH/TU", date="2021-02-01",
    issuer=Entity("Tỉnh ủy Nam Định"), subject="triển khai",
    references=[Citation("Công văn số 56-CV/TU ngày 6/1/2021 của Tỉnh ủy", doc_type="Công văn",
                         number="56-CV/TU", date="2021-01-06", issuer=Entity("Tỉnh ủy Nam Định"))],
)


def _cites(records: list[Record]) -> dict[str, list[tuple[str, str, float]]]:
    from tests.test_neo4j_store import _embedded, _fresh_load

    def rows(g: object) -> list[tuple[str, str, float]]:
        return sorted(
            (u, v, d["confidence"]) for u, v, d in g.edges(data=True)  # type: ignore[attr-defined]
            if d["rel"] == schema.REFERENCES
        )

    return {"embedded": rows(_embedded(records)), "neo4j": rows(_fresh_load(records))}


@pytest.mark.xfail(strict=True, reason="stores differ: number_fits_*/placeholder_fits_* drift")
@pytest.mark.parametrize("cited_first", [True, False])
def test_the_stores_agree_on_a_cited_document_loaded_without_its_issuer(cited_first: bool) -> None:
    loaded = Record(source="b.txt", doc_type="Công văn", number="56-CV/TU", date="2021-01-06",
                    subject="phòng, chống dịch")
    got = _cites([_CITING_56, loaded] if cited_first else [loaded, _CITING_56])
    assert got["embedded"] == got["neo4j"]
