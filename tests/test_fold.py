"""The fast same-length folds give exactly what folding character by character gives.

:func:`graph.names.ascii_letters` takes NFD and an ASCII encode instead of a
per-character table; these tests hold it to the tables over every character the
argument depends on, and to the Unicode data of the running Python.
"""

from __future__ import annotations

import unicodedata

import pytest

from graph.names import _DECOMPOSE_TO_ASCII_ABOVE_1F00, ascii_letters
from graph.organs import _FOLD_TABLE as ORGAN_TABLE
from graph.organs import _fold_same_length
from loaders.words import _FOLD_TABLE as KEEP_CASE_TABLE
from loaders.words import fold_keep_case

SAMPLES = [
    "",
    "Ủy ban nhân dân tỉnh Điện Biên, Ủy ban nhân dân tỉnh Lai Châu, Sở Y tế",
    "Ủy ban nhân dân tỉnh Điện Biên",
    "“Tỉnh ủy” ≠ Kelvin \u212a, Å, ø, ª",
    "a\u0301 NFD left over, and \u1fef",
    "TỈNH ỦY NAM ĐỊNH\nSố 56-CV/TU",
    "Sở Văn hoá - Thể thao & Du lịch; 😀 a, b",
]


def test_the_list_of_characters_above_1f00_that_decompose_to_ascii_is_complete() -> None:
    found = "".join(
        chr(c)
        for c in range(0x1F00, 0x110000)
        if any(ch.isascii() for ch in unicodedata.normalize("NFD", chr(c)))
    )
    assert found == _DECOMPOSE_TO_ASCII_ABOVE_1F00


def test_below_1f00_a_character_gives_one_ascii_character_or_none() -> None:
    pad = "a" * 40  # short texts skip the fast path
    for code in range(0x1F00):
        c = chr(code)
        letters = ascii_letters(pad + c)
        if letters is None:
            continue
        assert letters.decode()[40:] == c.translate(KEEP_CASE_TABLE), hex(code)


@pytest.mark.parametrize("text", SAMPLES)
def test_both_folds_equal_their_tables(text: str) -> None:
    for t in (text, text * 4):  # short texts take the table, longer ones the fast path
        assert fold_keep_case(t) == t.translate(KEEP_CASE_TABLE)
        assert _fold_same_length(t) == t.translate(ORGAN_TABLE)


def test_every_single_character_folds_as_its_table_says() -> None:
    for code in [*range(0x2000), *map(ord, _DECOMPOSE_TO_ASCII_ABOVE_1F00)]:
        c = "Thường vụ Đảng ủy " * 3 + chr(code)
        assert fold_keep_case(c) == c.translate(KEEP_CASE_TABLE), hex(code)
        assert _fold_same_length(c) == c.translate(ORGAN_TABLE), hex(code)


def test_the_fast_path_is_taken_for_plain_vietnamese() -> None:
    assert ascii_letters("Đảng ủy xã Vĩnh Thạnh Trung, huyện Thới Lai") == (
        b"Dang uy xa Vinh Thanh Trung, huyen Thoi Lai"
    )
    assert ascii_letters("“Đảng ủy xã Vĩnh Thạnh Trung, huyện Thới Lai”") is None
