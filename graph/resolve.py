"""Citation resolution rules, written once for every store.

A store looks facts up (SQL rows, an in-memory index of a Neo4j database's
documents) and asks these pure functions what to do with them.  The rules:

1. *Aliases.*  Every document node is reachable by each of its identity keys
   (:func:`graph.identity.record_keys`, :func:`graph.identity.citation_keys`):
   its own keys, the keys of citations resolved to it and those of the
   placeholders it absorbed.  A citation's keys are tried best first; the
   first key after which exactly one document has been named decides
   (:func:`alias_target`).  A document whose number differs from the
   citation's is never a hit, even through a shared numberless alias
   (:func:`same_number`).
2. *Numbers cited without issuer or year.*  A numbered citation no alias
   settles may still name one document whose numbered key fits it, a part
   being unknown (``?`` or empty) on one side (:func:`parts_fit`).  Such a
   tie carries confidence 0.8.
3. *Vague citations* (neither number nor date) go to the best document of the
   same issuer dated at most :data:`graph.identity.VAGUE_WINDOW_DAYS` before
   the citing document, scored by subject similarity
   (:func:`graph.identity.best_vague_match`); failing one, to a placeholder of
   their own with confidence 0.5.  Unresolved citations (ambiguous, or too
   little to name anything) always keep their own placeholder.
4. *Edge confidence* is the least of the edge's own and its ends' resolution
   confidences; an edge whose ends resolve to one node is dropped
   (:func:`edge_ends`).
5. *Placeholders.*  A cited-only document becomes a node with
   ``loaded=False`` under its best key.  When a loaded document arrives, every
   cited-only node reached by one of its keys, or sharing its number with
   parts that fit, is absorbed into it (:func:`absorbed`), unless its number
   differs or it is an unresolved citation's.
6. *Re-resolution.*  Vague citations (:func:`vague_facts`) are kept with
   their issuer, subject and citing date, and tried again whenever a document
   of that issuer arrives dated up to the window before them; an edge moves
   only when a single best match exists and differs from where it points
   (:func:`better_vague_target`).

Where the two stores' copies of a rule had drifted apart, each variant is
kept here under its own name so that behaviour does not change:
:func:`number_fits_sqlite` / :func:`number_fits_index` (rule 2: the SQLite
store also ties a complete citation to a loaded document whose own key leaves
a part unknown) and :func:`placeholder_fits_sqlite` /
:func:`placeholder_fits_index` (rule 5: the SQLite store compares the loaded
document's numbered key, the Neo4j batch its primary key, and only one way
round).  The Neo4j batch also never re-points a vague edge at its citing
document (``citing`` in :func:`better_vague_target`) and records a matched
vague citation's key as an alias of the document it matched.  A document
loaded without issuer after being cited with one therefore ends up different
in the two stores (tests/test_resolve.py keeps that case, as an expected
failure, until one rule serves both).

>>> same_number("56-CV/TU", "57-CV/TU@tinh uy nam dinh@2021")
False
>>> parts_fit("2021", "?"), parts_fit("2021", "2020")
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any, NamedTuple

from graph.build import CitedDoc, EdgeSpec
from graph.identity import (
    UNKNOWN,
    VAGUE_WINDOW_DAYS,
    VagueCandidate,
    best_vague_match,
    is_complete,
    key_number,
    number_key,
)

__all__ = [
    "BY_NUMBER_CONFIDENCE",
    "UNMATCHED_VAGUE_CONFIDENCE",
    "Resolution",
    "same_number",
    "parts_fit",
    "numbered_key",
    "alias_target",
    "resolve_citation",
    "number_fits_sqlite",
    "number_fits_index",
    "placeholder_fits_sqlite",
    "placeholder_fits_index",
    "absorbed",
    "edge_ends",
    "vague_facts",
    "better_vague_target",
    "candidate_window",
    "revisit_window",
]

#: Confidence of a citation tied by number where it left the issuer or year out.
BY_NUMBER_CONFIDENCE = 0.8
#: Confidence of a vague citation that no known document matched.
UNMATCHED_VAGUE_CONFIDENCE = 0.5



class Resolution(NamedTuple):
    """Where a citation points: a document key and, when the tie is inexact, a confidence."""

    key: str
    confidence: float | None = None
    #: A vague citation tied to a known document by issuer, subject and date.
    vague_match: bool = False


def same_number(number: str | None, key: str) -> bool:
    """Whether a document key can be the document of ``number`` (a numberless key can).

    >>> same_number("56-CV/TU", "56-CV/TU@tinh uy nam dinh@2021"), same_number("5-CV/TU", "x@y@z")
    (True, True)
    """
    other = key_number(key)
    return number is None or other is None or other == number_key(number)


def parts_fit(a: str, b: str) -> bool:
    """Two parts of numbered keys agree, or one of them is not known."""
    return a == b or a in ("", UNKNOWN) or b in ("", UNKNOWN)


def _parts(key: str) -> list[str]:
    return key.split("@")


def numbered_key(keys: Iterable[str], default: str) -> str:
    """The first numbered key (a file key may stand first when issuer or date is missing).

    >>> numbered_key(["file@a.txt", "56-CV/TU@?@?"], "file@a.txt")
    '56-CV/TU@?@?'
    """
    return next((k for k in keys if key_number(k)), default)


def alias_target(
    keys: Iterable[str], number: str | None, lookup: Callable[[str], Iterable[str]]
) -> str | None:
    """The one document the keys name, through ``lookup`` (alias -> document keys).

    Keys are tried best first; hits add up, and the first key after which
    exactly one document is named decides.

    >>> table = {"a": ["k1", "k2"], "b": ["k1"]}
    >>> alias_target(["a", "b"], None, lambda k: table.get(k, []))
    >>> alias_target(["b", "a"], None, lambda k: table.get(k, []))
    'k1'
    """
    hits: set[str] = set()
    for k in keys:
        hits.update(h for h in lookup(k) if same_number(number, h))
        if len(hits) == 1:
            return next(iter(hits))
    return None


def resolve_citation(
    cited: CitedDoc,
    *,
    aliases: Callable[[str], Iterable[str]],
    vague_candidates: Callable[[], Iterable[VagueCandidate]],
    by_number: Callable[[str], list[str]],
) -> Resolution:
    """Where a citation points (rules 1-3); a key no document holds yet means a new placeholder.

    ``aliases`` maps an identity key to the documents it names,
    ``vague_candidates`` lists the documents of the citation's issuer, and
    ``by_number`` lists the documents a numbered key fits.

    >>> from graph.build import CitedDoc
    >>> c = CitedDoc(["56-CV/TU@?@2021"], {"number": "56-CV/TU"})
    >>> resolve_citation(c, aliases=lambda k: [], vague_candidates=list,
    ...     by_number=lambda k: ["56-CV/TU@tinh uy nam dinh@2021"])
    Resolution(key='56-CV/TU@tinh uy nam dinh@2021', confidence=0.8, vague_match=False)
    """
    key = cited.keys[0]
    if cited.unresolved:
        return Resolution(key)
    if cited.vague:
        hit = best_vague_match(
            cited.issuer, cited.attrs.get("subject"), cited.citing_date, vague_candidates()
        )
        if hit:
            return Resolution(hit[0], hit[1], vague_match=True)
        return Resolution(key, UNMATCHED_VAGUE_CONFIDENCE)
    number = cited.attrs.get("number")
    found = alias_target(cited.keys, number, aliases)
    if found is not None:
        return Resolution(found)
    if number:
        fits = by_number(key)
        if len(fits) == 1:
            return Resolution(fits[0], BY_NUMBER_CONFIDENCE)
    return Resolution(key)


def number_fits_sqlite(key: str, rows: Iterable[tuple[str, str, bool]]) -> list[str]:
    """Documents whose numbered aliases fit ``key``; ``rows`` are (alias, document key, loaded).

    A loaded document fits any such key; a document only cited fits only a
    key that knows less than it does (never the other way round, which would
    fold a full citation into a guess).

    >>> number_fits_sqlite("5-CV/TU@?@2021", [("5-CV/TU@a@2021", "k", False)])
    ['k']
    >>> number_fits_sqlite("5-CV/TU@a@2021", [("5-CV/TU@?@2021", "k", False)])
    []
    """
    parts = [*_parts(key), "", "", ""][:3]
    incomplete = not is_complete(key)
    found: set[str] = set()
    for alias, k, loaded in rows:
        other = _parts(alias)
        if len(other) != 3 or not (loaded or (incomplete and is_complete(alias))):
            continue
        if all(parts_fit(x, y) for x, y in zip(parts[1:], other[1:], strict=True)):
            found.add(k)
    return sorted(found)


def number_fits_index(key: str, doc_keys: Iterable[str]) -> list[str]:
    """Complete keys among ``doc_keys`` (documents of the same number) an incomplete key may mean.

    >>> number_fits_index("5-CV/TU@?@2021", ["5-CV/TU@a@2021", "5-CV/TU@a@2020"])
    ['5-CV/TU@a@2021']
    >>> number_fits_index("5-CV/TU@a@2021", ["5-CV/TU@a@2021"])
    []
    """
    if is_complete(key):
        return []
    _, issuer, year = [*_parts(key), "", "", ""][:3]
    found = []
    for k in sorted(doc_keys):
        parts = _parts(k)
        if len(parts) != 3 or not is_complete(k):
            continue
        if issuer not in ("", UNKNOWN, parts[1]) and parts[1]:
            continue
        if year not in (UNKNOWN, parts[2]):
            continue
        found.append(k)
    return found


def placeholder_fits_sqlite(own_keys: list[str], own_key: str, candidate: str) -> bool:
    """Whether a cited-only key of the loaded document's number stands for it (parts fit).

    >>> placeholder_fits_sqlite(["file@a", "5-CV/TU@?@?"], "file@a", "5-CV/TU@x@2021")
    True
    """
    mine, theirs = _parts(numbered_key(own_keys, own_key)), _parts(candidate)
    return (
        len(theirs) == 3
        and len(mine) == 3
        and all(parts_fit(x, y) for x, y in zip(theirs[1:], mine[1:], strict=True))
    )


def placeholder_fits_index(own_key: str, candidate: str) -> bool:
    """Whether a cited-only key knows no more than the loaded document's key.

    >>> placeholder_fits_index("5-CV/TU@x@2021", "5-CV/TU@?@2021")
    True
    >>> placeholder_fits_index("5-CV/TU@?@2021", "5-CV/TU@x@2021")
    False
    """
    mine, theirs = _parts(own_key), _parts(candidate)
    return (
        len(theirs) == 3
        and len(mine) == 3
        and all(x in (y, UNKNOWN, "") for x, y in zip(theirs[1:], mine[1:], strict=True))
    )


def absorbed(
    own_key: str, number: str | None, found: Iterable[str], unresolved: Callable[[str], bool]
) -> list[str]:
    """The placeholders among ``found`` the loaded document ``own_key`` absorbs (rule 5).

    >>> absorbed("5-CV/TU@x@2021", "5-CV/TU", ["5-CV/TU@?@2021", "6-CV/TU@?@2021", "cv@x@~a"],
    ...     lambda k: k.endswith("~a"))
    ['5-CV/TU@?@2021']
    """
    return sorted(
        k for k in set(found) - {own_key} if same_number(number, k) and not unresolved(k)
    )


def edge_ends(
    e: EdgeSpec, where: Mapping[str, tuple[str, float | None]]
) -> tuple[str, str, float] | None:
    """An edge's resolved ends and confidence (rule 4); None when both ends are one node.

    >>> e = EdgeSpec("doc:a", "doc:b", "cites", {"confidence": 0.9})
    >>> edge_ends(e, {"doc:b": ("doc:c", 0.5)})
    ('doc:a', 'doc:c', 0.5)
    >>> edge_ends(e, {"doc:b": ("doc:a", None)}) is None
    True
    """
    src, sconf = where.get(e.src, (e.src, None))
    dst, dconf = where.get(e.dst, (e.dst, None))
    if src == dst:
        return None
    conf = min(x for x in (sconf, dconf, e.attrs.get("confidence", 1.0)) if x is not None)
    return src, dst, conf


def vague_facts(cited: CitedDoc | None) -> tuple[str, str, Any] | None:
    """(issuer, citing date, subject) of a citation to try again later (rule 6), if it is one.

    >>> vague_facts(CitedDoc(["k"], {"subject": "s"}, vague=True, citing_date="2021-01-02",
    ...     issuer="tinh uy a"))
    ('tinh uy a', '2021-01-02', 's')
    """
    if cited is None or not (cited.vague and cited.issuer and cited.citing_date):
        return None
    return cited.issuer, cited.citing_date, cited.attrs.get("subject")


def _window(day: str | None, days: int) -> tuple[str, str] | None:
    """``day`` as given and the date ``days`` away, earlier first."""
    if not day:
        return None
    try:
        other = (date.fromisoformat(day) + timedelta(days=days)).isoformat()
    except ValueError:
        return None
    return (other, day) if days < 0 else (day, other)


def candidate_window(citing_date: str | None) -> tuple[str, str] | None:
    """The dates (first, last) a vague citation's target may bear; None for no valid date.

    >>> candidate_window("2021-03-01"), candidate_window("soon")
    (('2020-12-31', '2021-03-01'), None)
    """
    return _window(citing_date, -VAGUE_WINDOW_DAYS)


def revisit_window(day: str | None) -> tuple[str, str] | None:
    """The citing dates of the kept vague citations a document dated ``day`` may be meant by.

    >>> revisit_window("2021-01-01")
    ('2021-01-01', '2021-03-02')
    """
    return _window(day, VAGUE_WINDOW_DAYS)


def better_vague_target(
    issuer: str,
    subject: str | None,
    citing_date: str | None,
    current: str,
    candidates: Iterable[VagueCandidate],
    *,
    citing: str | None = None,
) -> tuple[str, float] | None:
    """Where a kept vague citation should now point, when that is not ``current``.

    ``citing`` (the citing document's key), when given, is never a target.

    >>> cands = [VagueCandidate("k1", "a", "2021-01-01", "phòng chống dịch")]
    >>> better_vague_target("a", "phòng chống dịch", "2021-01-05", "ph", cands)
    ('k1', 0.89)
    >>> better_vague_target("a", "phòng chống dịch", "2021-01-05", "k1", cands) is None
    True
    """
    hit = best_vague_match(issuer, subject, citing_date, candidates)
    if hit is None or hit[0] == current or hit[0] == citing:
        return None
    return hit
