"""The letter lookaheads in front of long patterns name every letter a match can open with.

Three scans sit behind a lookahead on the first letters of their branches (a
speed-up: most offsets fail at one character test).  A branch added with a new
first letter must add the letter too, or its matches would be lost; these tests
read the letters off the patterns themselves.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest

from loaders.citations import _ANCHOR, _ANCHOR_LETTERS
from loaders.tasks import _DEADLINE
from loaders.words import _PROTECTED_LETTERS, PROTECTED_FOLDED


def first_letters(items: Any) -> set[str]:
    """Every character a match of the parsed pattern ``items`` can start with."""
    out: set[str] = set()
    k = 0
    while True:
        op, av = items[k]
        if op is C.ASSERT_NOT or (op is C.ASSERT and av[0] < 0):
            k += 1  # a lookbehind consumes nothing: the next item opens the match
            continue
        if op is C.ASSERT:  # a lookahead: our own letter set, whatever follows must fit it
            return first_letters(av[1])
        break
    if op is C.LITERAL:
        out.add(chr(av))
    elif op is C.IN:
        for iop, iav in av:
            assert iop is C.LITERAL, f"cannot read {iop} in a first character class"
            out.add(chr(iav))
    elif op is C.BRANCH:
        for branch in av[1]:
            out |= first_letters(branch)
    elif op is C.SUBPATTERN:
        out |= first_letters(av[3])
    elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
        out |= first_letters(av[2])
    else:
        raise AssertionError(f"cannot read the first letter of {op}")
    return out


def _letters(pattern: re.Pattern[str]) -> set[str]:
    found = first_letters(_parser.parse(pattern.pattern, pattern.flags))
    if pattern.flags & re.IGNORECASE:
        return {c.lower() for c in found}
    return found


@pytest.mark.parametrize(
    ("pattern", "letters"),
    [
        (_ANCHOR, _ANCHOR_LETTERS),
        (PROTECTED_FOLDED, _PROTECTED_LETTERS),
    ],
    ids=["citation anchors", "protected phrases"],
)
def test_the_lookahead_letters_are_the_patterns_first_letters(
    pattern: re.Pattern[str], letters: str
) -> None:
    assert _letters(pattern) <= set(letters)


def test_the_deadline_lookahead_covers_its_branches() -> None:
    parsed = _parser.parse(_DEADLINE.pattern, _DEADLINE.flags)
    op, av = parsed[0]
    assert op is C.ASSERT, "the deadline pattern opens with its letter lookahead"
    lookahead = {c.lower() for c in first_letters(av[1])}
    branches = {c.lower() for c in first_letters(list(parsed)[1:])}
    assert branches <= lookahead
