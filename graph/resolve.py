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
   (:func:`same_number`).  Keys learned from a tie by number (rule 2) are
   held *fitted* (:func:`learned_aliases`): they count when numbers are
   compared, never as names, so the next such citation is a tie by number
   again.
2. *Numbers cited without issuer or year* (or documents loaded without
   them).  A numbered citation no alias settles may still name one document
   of its number that none of its keys contradicts, a part being unknown
   (``?`` or empty) on one side (:func:`number_fits`): any loaded document,
   or a document only cited whose key knows more than the citation's.  Such
   a tie carries confidence 0.8.  "56-CV/TU" of Nam Định and of Hà Nam never
   fit each other; a document loaded without its issuer line fits both, and
   once tied to one it carries that one's key and no longer fits the other.
3. *Vague citations* (neither number nor date) go to the best document of the
   same issuer dated at most :data:`graph.identity.VAGUE_WINDOW_DAYS` before
   the citing document, scored by subject similarity
   (:func:`graph.identity.best_vague_match`), never the citing document
   itself; failing one, to a placeholder of their own with confidence 0.5.
   Such a tie is tentative (rule 6), so the citation's keys do not become
   aliases of the document it meets.  Unresolved citations (ambiguous, or too
   little to name anything) always keep their own placeholder.
4. *Edge confidence* is the least of the edge's own and its ends' resolution
   confidences; an edge whose ends resolve to one node is dropped
   (:func:`edge_ends`).
5. *Placeholders.*  A cited-only document becomes a node with
   ``loaded=False`` under its best key.  When a loaded document arrives it
   absorbs (:func:`absorbed`) every cited-only node one of its keys names,
   unless its number differs or it is an unresolved citation's, and every one
   of its number that rule 2 would tie to it alone; the edges of one met by
   number alone then carry at most 0.8 and its keys become fitted aliases --
   so neither the merge nor the confidence depends on which came first.  A
   citation tied by alias to a loaded document makes it absorb the
   placeholders its other keys name (:func:`named_too`).
6. *Re-resolution.*  Vague citations (:func:`vague_facts`) are kept with
   their issuer, subject and citing date, and tried again whenever a document
   of that issuer arrives dated up to the window before them; an edge moves
   only when a single best match exists and differs from where it points
   (:func:`better_vague_target`).

Both stores call these functions with the facts they look up (the SQLite
alias table, the Neo4j batch's :class:`graph.neo4j_batch.DocIndex`); neither
keeps a rule of its own, and tests/test_resolve.py loads the same documents
in both orders into both and compares the graphs.

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
    "alias_target",
    "resolve_citation",
    "Numbered",
    "compatible",
    "number_fits",
    "absorbed",
    "FITTED",
    "fitted",
    "plain",
    "learned_aliases",
    "named_too",
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
    #: A numbered citation tied by number alone (rule 2).
    by_number: bool = False


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
    citing: str | None = None,
) -> Resolution:
    """Where a citation points (rules 1-3); a key no document holds yet means a new placeholder.

    ``aliases`` maps an identity key to the documents it names,
    ``vague_candidates`` lists the documents of the citation's issuer, and
    ``by_number`` lists the documents a numbered key fits (:func:`number_fits`).
    ``citing``, the citing document's key, is never a vague citation's target.

    >>> from graph.build import CitedDoc
    >>> c = CitedDoc(["56-CV/TU@?@2021"], {"number": "56-CV/TU"})
    >>> r = resolve_citation(c, aliases=lambda k: [], vague_candidates=list,
    ...     by_number=lambda k: ["56-CV/TU@tinh uy nam dinh@2021"])
    >>> r.key, r.confidence, r.by_number
    ('56-CV/TU@tinh uy nam dinh@2021', 0.8, True)
    """
    key = cited.keys[0]
    if cited.unresolved:
        return Resolution(key)
    if cited.vague:
        cands = [c for c in vague_candidates() if c.key != citing]
        hit = best_vague_match(cited.issuer, cited.attrs.get("subject"), cited.citing_date, cands)
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
            return Resolution(fits[0], BY_NUMBER_CONFIDENCE, by_number=True)
    return Resolution(key)


#: Marks an alias a document holds by fit (rule 2) rather than by name: it counts when
#: numbers are compared, never when a key is looked up.
FITTED = "\u2248"


def fitted(key: str) -> str:
    """``key`` as an alias held by fit."""
    return key if key.startswith(FITTED) else FITTED + key


def plain(alias: str) -> str:
    """The key an alias stands for, fitted or not.

    >>> plain(fitted("5-CV/TU@a@?")), plain("5-CV/TU@a@?")
    ('5-CV/TU@a@?', '5-CV/TU@a@?')
    """
    return alias.removeprefix(FITTED)


def learned_aliases(res: Resolution, cited: CitedDoc) -> list[str]:
    """The aliases a citation adds to the document it resolved to.

    A tie by name adds its keys; a tie by number adds them *fitted*, so that
    the next citation of the same key is again a tie by number, with the same
    confidence, whichever came first; a vague tie (tentative) and an
    unresolved citation add none.
    """
    if cited.unresolved or res.vague_match:
        return []
    return [fitted(k) for k in cited.keys] if res.by_number else list(cited.keys)


class Numbered(NamedTuple):
    """A document as the number rules see it: its key, whether loaded, its keys of one number.

    ``keys`` are its aliases of that number (its own numbered key, the keys of
    citations tied to it, those of placeholders it absorbed).
    """

    key: str
    loaded: bool
    keys: tuple[str, ...]
    unresolved: bool = False


def _fit(a: str, b: str) -> bool:
    """Two numbered keys of one number whose issuer and year agree where both are known."""
    pa, pb = _parts(a), _parts(b)
    return (
        len(pa) == len(pb) == 3
        and pa[0] == pb[0]
        and all(parts_fit(x, y) for x, y in zip(pa[1:], pb[1:], strict=True))
    )


def compatible(mine: Iterable[str], theirs: Iterable[str]) -> bool:
    """No key of one side contradicts a key of the other (same number, parts fit).

    >>> compatible(["5-CV/TU@?@2021"], ["5-CV/TU@a@2021", "5-CV/TU@?@?"])
    True
    >>> compatible(["5-CV/TU@?@2021", "5-CV/TU@a@2021"], ["5-CV/TU@b@2021"])
    False
    """
    theirs = list(theirs)
    return all(_fit(a, b) for a in mine for b in theirs)


def number_fits(key: str, docs: Iterable[Numbered]) -> list[str]:
    """Documents a numbered citation key may mean by its number (rule 2).

    A document fits when none of its keys of that number contradicts ``key``
    (a part unknown on one side fits).  Every loaded document is a candidate;
    a document only cited is one only when ``key`` knows less than it does,
    never the other way round (that would fold a full citation into a guess).
    The caller ties the citation only to a single fit.

    >>> loaded = Numbered("file@a.txt", True, ("5-CV/TU@?@2021",))
    >>> number_fits("5-CV/TU@a@2021", [loaded]), number_fits("5-CV/TU@?@2021", [loaded])
    (['file@a.txt'], ['file@a.txt'])
    >>> cited = Numbered("5-CV/TU@?@2021", False, ("5-CV/TU@?@2021",))
    >>> number_fits("5-CV/TU@a@2021", [cited])
    []
    """
    incomplete = not is_complete(key)
    return sorted(
        {
            d.key
            for d in docs
            if d.keys
            and not d.unresolved
            and (d.loaded or (incomplete and is_complete(d.key)))
            and compatible([key], d.keys)
        }
    )


def _named(d: Numbered) -> str:
    """The numbered key a placeholder stands under (its own, or its most specific alias)."""
    if key_number(d.key):
        return d.key
    return min(d.keys, key=lambda k: (not is_complete(k), k))


def absorbed(
    own_key: str,
    own_keys: Iterable[str],
    number: str | None,
    by_alias: Iterable[str],
    numbered: Iterable[Numbered],
    unresolved: Callable[[str], bool],
) -> list[tuple[str, bool]]:
    """The placeholders the loaded document ``own_key`` absorbs (rule 5), in key order,
    each with whether it was met by number alone (its edges then carry at most
    :data:`BY_NUMBER_CONFIDENCE` and its aliases become fitted, as had its
    citations come after the document).

    ``by_alias`` are the cited-only documents one of ``own_keys`` names;
    ``numbered`` every document known by a key of ``number``.  A placeholder
    named by alias is absorbed unless its number differs or it is an
    unresolved citation's.  One met only by number is absorbed when its keys
    and the document's contradict nothing and, were it a citation, the number
    rule would tie it to this document alone (:func:`number_fits`) -- the
    graph is then the same in whichever order the two arrive.  Placeholders
    that contradict each other (two provinces' "56-CV/TU" reaching one
    document loaded without an issuer) are a guess: none of them is taken.
    """
    exact = {k for k in set(by_alias) - {own_key} if same_number(number, k) and not unresolved(k)}
    docs = {d.key: d for d in numbered}
    if not number or not docs:
        return sorted((k, False) for k in exact)
    mine = [k for k in own_keys if key_number(k)]
    for k in (own_key, *exact):
        mine.extend(docs[k].keys if k in docs else ())
    cands = [
        d for d in docs.values()
        if d.key != own_key and d.key not in exact and not d.loaded and not d.unresolved
        and d.keys and compatible(d.keys, mine)
    ]
    cands = [d for d in cands if all(compatible(d.keys, e.keys) for e in cands)]
    taken = {own_key, *exact, *(d.key for d in cands)}
    others = [d for d in docs.values() if d.key not in taken]
    me = Numbered(own_key, True, tuple(mine))
    by_number = {d.key for d in cands if number_fits(_named(d), [me, *others]) == [own_key]}
    return sorted([(k, False) for k in exact] + [(k, True) for k in by_number])


def named_too(
    res: Resolution,
    cited: CitedDoc,
    target_loaded: bool,
    named: Iterable[str],
    unresolved: Callable[[str], bool],
) -> list[str]:
    """Placeholders that a citation tied by alias to a loaded document also names (rule 5).

    "Thông báo số 4-TB/TU ngày 8/1/2021" names the loaded 4-TB/TU by its
    number and, by type, issuer and date, the node an earlier "Thông báo
    ngày 8/1/2021" made: that node is the document, and it absorbs it, as it
    would have had the two citations come the other way round.  ``named`` are
    the cited-only documents one of the citation's keys names.

    >>> c = CitedDoc(["4-TB/TU@a@2021", "thong bao@a@2021-01-08"], {"number": "4-TB/TU"})
    >>> named_too(Resolution("4-TB/TU@a@2021"), c, True, ["thong bao@a@2021-01-08"],
    ...     lambda k: False)
    ['thong bao@a@2021-01-08']
    >>> named_too(Resolution("4-TB/TU@a@2021", 0.8), c, True, ["thong bao@a@2021-01-08"],
    ...     lambda k: False)
    []
    """
    if cited.unresolved or res.vague_match or res.confidence is not None or not target_loaded:
        return []
    return [k for k, _ in absorbed(res.key, cited.keys, cited.attrs.get("number"), named, [],
                                   unresolved)]


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
    citing: str,
) -> tuple[str, float] | None:
    """Where a kept vague citation should now point, when that is not ``current``.

    ``citing`` (the citing document's key) is never a target, as in
    :func:`resolve_citation`.

    >>> cands = [VagueCandidate("k1", "a", "2021-01-01", "phòng chống dịch")]
    >>> better_vague_target("a", "phòng chống dịch", "2021-01-05", "ph", cands, citing="k2")
    ('k1', 0.89)
    >>> better_vague_target("a", "phòng chống dịch", "2021-01-05", "k1", cands, citing="k2")
    >>> better_vague_target("a", "phòng chống dịch", "2021-01-05", "ph", cands, citing="k1")
    """
    cands = [c for c in candidates if c.key != citing]
    hit = best_vague_match(issuer, subject, citing_date, cands)
    if hit is None or hit[0] == current:
        return None
    return hit
