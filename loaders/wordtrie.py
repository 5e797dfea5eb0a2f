"""Long alternations of literal words as one character trie, for speed alone.

``(?<!A)(?<!B)(?:w1|w2|...)`` with hundreds of words makes the regex engine,
at every offset of the text, test each lookbehind and then each word in turn.
:func:`word_trie` writes the same regex as a trie over the words' characters,
so one character decides the branch; each lookbehind moves behind the first
character, where ``(?<!Ac)`` after ``c`` tests what ``(?<!A)`` before it
tested, and the engine can skip offsets whose character opens no word.

The match is the same: every word matching at an offset is a prefix of the
text there, and the trie tries them longest first, as the alternation with its
words sorted longest first does.

>>> import re
>>> p = re.compile(word_trie(["chỉ đạo", "chỉ", "chủ trì"], not_after=["các "]))
>>> [m.group() for m in p.finditer("chỉ đạo, các chủ trì, chủ trì, chỉ")]
['chỉ đạo', 'chủ trì', 'chỉ']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypeAlias

__all__ = ["word_trie"]

_Node: TypeAlias = "dict[str, _Node]"
_END = ""


def word_trie(
    words: Iterable[str],
    *,
    not_after: Sequence[str] = (),
    then: Sequence[tuple[str, str]] = (),
) -> str:
    """The regex ``(?<!n1)(?<!n2)...(?:w1|w2|...|c1r1|c2r2...)``, words longest first.

    ``not_after`` are fixed-width lookbehind bodies (regex); ``then`` are
    alternatives tried after every word, each as its first character (a literal)
    and the regex of the rest.  Case-sensitive patterns only: a branch is chosen
    by its exact first character.
    """
    root: _Node = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    branches = [
        _guarded(ch, not_after) + _children(child) for ch, child in sorted(root.items())
    ]
    branches += [_guarded(ch, not_after) + rest for ch, rest in then]
    return "(?:" + "|".join(branches) + ")"


def _guarded(ch: str, not_after: Sequence[str]) -> str:
    c = re.escape(ch)
    return c + "".join(f"(?<!{body}{c})" for body in not_after)


def _children(node: _Node) -> str:
    """What may follow a trie node: the longer words first, then the end of one."""
    alts = [re.escape(ch) + _children(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    # Greedy: the longer words are tried before the word that ends here.
    return "(?:" + body + ")?" if _END in node else body
