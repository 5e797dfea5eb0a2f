"""What both stores answer alike, whatever engine is behind them.

The embedded (SQLite) and the Neo4j store share these rules so an answer
does not depend on the store: the snippet a search hit shows, the weight of
a word found in the subject, the deepest a cascade walks, and what a bad
direction raises.

>>> snippet("Tỉnh ủy yêu cầu tăng cường phòng, chống dịch.", None, "PHONG chong", 24)
'…tăng cường phòng, chống dịch.'
>>> cascade_depth(500), cascade_depth(-1)
(50, 0)
"""

from __future__ import annotations

import re
import unicodedata

from graph.errors import StoreError
from graph.names import fold

__all__ = [
    "SUBJECT_WEIGHT", "CASCADE_MAX_DEPTH", "DIRECTIONS", "cascade_depth", "check_direction",
    "snippet",
]

#: A word found in the subject counts this many times one found in the body.
SUBJECT_WEIGHT = 4.0
#: Cascades stop this many implements hops from the root (Neo4j cannot take the bound
#: of a variable-length pattern as a parameter, so both stores stop here).
CASCADE_MAX_DEPTH = 50
DIRECTIONS = ("down", "up")


def cascade_depth(max_depth: int) -> int:
    """``max_depth`` within 0 .. :data:`CASCADE_MAX_DEPTH`."""
    return max(0, min(int(max_depth), CASCADE_MAX_DEPTH))


def check_direction(key: str, direction: str) -> None:
    """Refuse a cascade direction other than ``down`` or ``up``, with one error class.

    >>> check_direction("56-CV/TU", "sideways")
    Traceback (most recent call last):
    graph.errors.StoreError: cascade of '56-CV/TU': direction is 'down' or 'up', not 'sideways'
    """
    if direction not in DIRECTIONS:
        raise StoreError(f"cascade of {key!r}: direction is 'down' or 'up', not {direction!r}")


def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[:1].lower()
    return "d" if base in "đĐ" else base


def _fold_table() -> dict[int, str]:
    table = {}
    for cp in range(0x41, 0x2000):  # Latin letters, with every Vietnamese one
        folded = _fold_char(chr(cp))
        if folded != chr(cp) and len(folded) == 1:
            table[cp] = folded
    return table


_FOLD_TABLE = _fold_table()


def _hits(text: str, words: list[str]) -> list[tuple[int, int]]:
    flat = text.translate(_FOLD_TABLE)  # one char per char: offsets carry over
    return sorted(
        (m.start(), m.end())
        for w in words
        for m in re.finditer(r"(?<![0-9a-z])" + re.escape(w) + r"(?![0-9a-z])", flat)
    )


def snippet(text: str | None, subject: str | None, query: str, width: int = 160) -> str:
    """The stretch of a hit's ``text`` around the first word of ``query``, as written.

    Diacritics and case are ignored, as in the search itself.  A document whose
    body lacks the words (they are in its subject) shows its subject there.
    """
    words = [w for w in fold(query).split() if w][:32]
    body = text or ""
    hits = _hits(body, words)
    if not hits and subject and (_hits(subject, words) or not body):
        body, hits = subject, _hits(subject, words)
    at = hits[0][0] if hits else 0
    start = max(0, at - width // 3)
    end = min(len(body), start + width)
    # Whole words at both ends, looking no further than a long word.
    while start > 0 and not body[start - 1].isspace() and at - start < width // 3 + 20:
        start -= 1
    while end < len(body) and not body[end].isspace() and end - start < width + 20:
        end += 1
    piece = " ".join(body[start:end].split())
    return ("…" if start else "") + piece + ("…" if end < len(body) else "")
