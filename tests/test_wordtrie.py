"""A word trie matches exactly what the plain alternation of its words matches."""

from __future__ import annotations

import random
import re

from loaders.words import PREDICATE_VERBS
from loaders.wordtrie import word_trie
from tests.scoring import FIXTURES

NOT_AFTER = (r"[\w]", "[cC]ác ", "và ")


def _plain(words: list[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![\w])(?<![cC]ác )(?<!và )(?:" + body + r"|tăng(?!\s+trưởng))(?![\w])")


def _trie(words: list[str]) -> re.Pattern[str]:
    body = word_trie(words, not_after=NOT_AFTER, then=[("t", r"ăng(?!\s+trưởng)")])
    return re.compile(body + r"(?![\w])")


def _texts() -> list[str]:
    docs = sorted((FIXTURES / "written" / "docs").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in docs]
    rng = random.Random(7)
    pieces = [*PREDICATE_VERBS, "các ", "và ", "tăng trưởng", "tăng", "x", " ", ", ", "Sở Y tế"]
    texts += ["".join(rng.choice(pieces) for _ in range(12)) for _ in range(2000)]
    return texts


def test_the_trie_finds_what_the_alternation_finds() -> None:
    words = list(PREDICATE_VERBS)
    plain, trie = _plain(words), _trie(words)
    for text in _texts():
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert bool(trie.match(text)) == bool(plain.match(text))


def test_nested_words_take_the_longest_that_fits() -> None:
    p = re.compile(word_trie(["tổ chức", "tổ chức thực hiện", "tổ"]) + r"(?![\w])")
    assert [m.group() for m in p.finditer("tổ chức thực hiện; tổ chức thực; tổ")] == [
        "tổ chức thực hiện",
        "tổ chức",
        "tổ",
    ]
