"""The four real seed letters, scored by the shared scorer against their gold.

These are the project's acceptance figures for the parser: a regression in
any of them fails CI.
"""

from __future__ import annotations

import pytest

from loaders import parse_file
from tests.scoring import FIXTURES, score_files

SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score_files(SEEDS, FIXTURES / "gold", tmp_path_factory.mktemp("pred"))


def test_every_seed_is_parsed(scores: dict) -> None:
    assert len(SEEDS) == 4
    assert scores["missing"] == []


@pytest.mark.parametrize(
    ("figure", "at_least"),
    [
        ("header_accuracy", 1.0),
        ("task_count_accuracy", 1.0),
    ],
)
def test_seed_figures(scores: dict, figure: str, at_least: float) -> None:
    assert scores[figure] >= at_least, (figure, scores["fields"])


@pytest.mark.parametrize(
    ("tally", "at_least"), [("links", 1.0), ("implements", 1.0), ("assignees", 0.9)]
)
def test_seed_f1(scores: dict, tally: str, at_least: float) -> None:
    assert scores[tally]["f1"] >= at_least, scores[tally]


def test_recipients_are_read_whole(scores: dict) -> None:
    # "Các sở, ban, ngành, MTTQ, các đoàn thể tỉnh" is one addressee, not four.
    assert scores["recipients"]["f1"] == 1.0, scores["recipients"]


def test_names_are_qualified_by_jurisdiction() -> None:
    nam_dinh = parse_file(FIXTURES / "seeds" / "000_668623d26e6809a1.txt")
    task6 = next(t for t in nam_dinh.tasks if t.no == "6")
    assert [a.name for a in task6.assignees] == [
        "Ban Tuyên giáo Tỉnh ủy Nam Định",
        "Sở Thông tin và Truyền thông tỉnh Nam Định",
    ]
    bac_kan = parse_file(FIXTURES / "seeds" / "004_d56ea9d68a9b9a32.txt")
    assert bac_kan.issuer is not None and bac_kan.issuer.level == "district"
    task2 = next(t for t in bac_kan.tasks if t.no == "2")
    assert task2.assignees[0].name == "Ủy ban nhân dân thành phố Bắc Kạn"


def test_spans_point_at_the_evidence() -> None:
    rec = parse_file(FIXTURES / "seeds" / "004_d56ea9d68a9b9a32.txt")
    assert rec.text is not None
    number = rec.spans["number"]
    assert rec.text[number.start : number.end] == "183-CV/TU"
    cited = rec.implements[0]
    assert cited.span is not None
    assert rec.text[cited.span.start : cited.span.end].startswith("Công văn số 201-CV/TU")
    for task in rec.tasks:
        for unit in task.assignees:
            if unit.span is not None:
                assert rec.text[unit.span.start : unit.span.end] == unit.text


def test_a_task_with_no_named_unit_falls_to_the_addressees_marked_inferred() -> None:
    rec = parse_file(FIXTURES / "seeds" / "000_668623d26e6809a1.txt")
    task1 = next(t for t in rec.tasks if t.no == "1")
    assert task1.assignees and all(a.inferred for a in task1.assignees)
    assert [a.text for a in task1.assignees] == [r.text for r in rec.recipients or []]
