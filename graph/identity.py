"""Document identity: one stable key per document, whether loaded or only cited.

A key is built from the best identity the text gives:

* a number: ``NUMBER@ISSUER@YEAR``.  Party numbers repeat in every province
  ("56-CV/TU" exists in each Tỉnh ủy), so the issuer is part of the key; a
  central number ("16/CT-TTg", "12-CT/TW") is unique by number and year, so
  its issuer part stays empty and a citation that leaves the issuer out still
  meets the document;
* no number: ``TYPE@ISSUER@DATE`` ("Điện của Thường trực Ban Bí thư ngày
  05/01/2021" cited by thirty provinces is one telegram);
* neither number nor date: ``TYPE@ISSUER@~SUBJECT`` -- a vague citation
  ("ý kiến chỉ đạo của ... về ...") that :func:`best_vague_match` may later
  tie to a real document.

A loaded document is *the same* as a new record of its key when both come
from the same source bytes read by the same record version
(:func:`is_unchanged`).  The record version is derived from the parser's own
source (:func:`graph.record_version.parser_version`), so after any change to
the parser the next load of an unchanged file parses it again and replaces what
the old parser stored.

Every document and citation also gets *alternate* keys (the numberless form of
a numbered document) so that a citation that leaves the number out finds the
document that has one.  A part that is unknown reads ``?``; a key holding
``?`` is *incomplete* and the store looks it up by number instead.

>>> number_key("2644 - CV/TU") == number_key("2644-CV/TU")
True
>>> is_central_number("16/CT-TTg"), is_central_number("56-CV/TU")
(True, False)
>>> document_keys("Công văn", "56-CV/TU", "2021-01-06", "tinh uy nam dinh")[0]
'56-CV/TU@tinh uy nam dinh@2021'
>>> document_keys("Chỉ thị", "16/CT-TTg", "2020-03-31", None)[0]
'16/CT-TTG@@2020'
>>> document_keys("Điện", None, "2021-01-05", series_key("Thường trực Ban Bí thư TW Đảng"))
['dien@ban bi thu trung uong@2021-01-05']
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graph.model import Citation, Entity, Record
from graph.names import fold, name_key, nfc

__all__ = [
    "UNKNOWN",
    "number_key",
    "number_codes",
    "number_year",
    "is_central_number",
    "series_key",
    "type_key",
    "document_keys",
    "record_keys",
    "citation_keys",
    "is_complete",
    "is_vague",
    "key_number",
    "subject_similarity",
    "VagueCandidate",
    "best_vague_match",
    "VAGUE_WINDOW_DAYS",
    "content_sha",
    "is_unchanged",
]

UNKNOWN = "?"
#: How far before the citing document a vague citation's target may lie.
VAGUE_WINDOW_DAYS = 60
#: Below this subject similarity a vague citation stays its own node.
VAGUE_MIN_SIMILARITY = 0.5

_SPACE_AROUND = re.compile(r"\s*([-/.])\s*")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def number_key(number: str) -> str:
    """The comparison form of a number: plain dashes, no spaces, no diacritics, upper case.

    >>> number_key("30/2020/NĐ-CP"), number_key(" 201 – CV / TU ")
    ('30/2020/ND-CP', '201-CV/TU')
    """
    text = _WS.sub(" ", nfc(number)).strip()
    text = _SPACE_AROUND.sub(r"\1", text).replace(" ", "")
    text = text.replace("Đ", "D").replace("đ", "d")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.upper()


_PARTY = re.compile(r"^\d{1,6}[A-Z]?-([A-Z]{1,12})/([A-Z0-9]{1,16}(?:-[A-Z0-9]{1,12})?)$")
_STATE = re.compile(r"^\d{1,6}/(?:(\d{4})/)?([A-Z0-9]{1,16}(?:-[A-Z0-9]{1,16}){0,3})$")
_YEAR_IN_NUMBER = re.compile(r"/((?:19|20)\d\d)/")

#: State issuer codes of central bodies (government, ministries, national committees).
_CENTRAL_STATE = frozenset(
    {
        "TTG", "CP", "VPCP", "QH", "UBTVQH", "CTN", "BYT", "BCA", "BQP", "BNG", "BTC", "BNV", "BTP",
        "BCT", "BXD", "BGTVT", "BGDDT", "BKHDT", "BLDTBXH", "BNNPTNT", "BTNMT", "BTTTT", "BVHTTDL",
        "BKHCN", "BCDQG", "NHNN", "TTCP", "KTNN", "TANDTC", "VKSNDTC",
    }
)


def number_codes(number: str) -> tuple[str | None, str | None]:
    """(type code, issuer code) of a number, when it has a recognised form.

    >>> number_codes("56-CV/TU"), number_codes("2279/UBND-VX"), number_codes("21/NQ-CP")
    (('CV', 'TU'), ('UBND', 'VX'), ('NQ', 'CP'))
    """
    n = number_key(number)
    if m := _PARTY.match(n):
        return m.group(1), m.group(2)
    if m := _STATE.match(n):
        codes = m.group(2).split("-")
        return codes[0], codes[-1] if len(codes) > 1 else None
    return None, None


def number_year(number: str) -> str | None:
    """The year a legal act's number carries ("30/2020/NĐ-CP" -> "2020")."""
    m = _YEAR_IN_NUMBER.search(number_key(number))
    return m.group(1) if m else None


def is_central_number(number: str) -> bool:
    """Whether a number belongs to a central series (unique nationwide by number + year)."""
    n = number_key(number)
    if m := _PARTY.match(n):
        return m.group(2).endswith("TW")
    if m := _STATE.match(n):
        return any(code in _CENTRAL_STATE for code in m.group(2).split("-"))
    return False


# The organ that numbers a Tỉnh ủy's letters is the Tỉnh ủy, whichever of its
# bodies signs: "Ban Thường vụ Tỉnh ủy" and "Thường trực Tỉnh ủy" share the series.
_SERIES_PREFIX = re.compile(r"^(?:tap the )?(?:thuong truc|ban thuong vu|ban chap hanh dang bo) ")
_CENTRAL_ORGAN = re.compile(
    r"^(ban bi thu|bo chinh tri|van phong|ban to chuc|ban tuyen giao|ban dan van|ban noi chinh"
    r"|ban kinh te|uy ban kiem tra|ban chap hanh)(?: trung uong)?(?: dang(?: cong san viet nam)?)?$"
)
_CENTRAL_ONLY = frozenset({"ban bi thu", "bo chinh tri", "ban chap hanh"})


def series_key(issuer: str | None) -> str | None:
    """The key of the organ whose series a document belongs to.

    >>> series_key("Ban Thường vụ Tỉnh uỷ Nam Định")
    'tinh uy nam dinh'
    >>> series_key("Ban Bí thư") == series_key("Thường trực Ban Bí thư Trung ương Đảng")
    True
    """
    if not issuer:
        return None
    key = name_key(issuer)
    key = _SERIES_PREFIX.sub("", key)
    m = _CENTRAL_ORGAN.match(key)
    if m and (m.group(1) in _CENTRAL_ONLY or key != m.group(1)):
        key = m.group(1) + " trung uong"
    return key or None


_TYPE_ALIASES = {"cong dien": "dien", "dien khan": "dien", "cong dien khan": "dien"}


def type_key(doc_type: str | None) -> str:
    """The folded type ("Công điện" and "Điện" are one kind of telegram)."""
    t = fold(doc_type or "") or "van ban"
    return _TYPE_ALIASES.get(t, t)


def document_keys(
    doc_type: str | None,
    number: str | None,
    date: str | None,
    issuer: str | None,
    *,
    central: bool = False,
    subject: str | None = None,
) -> list[str]:
    """Every key of a document, best first; ``issuer`` is already a :func:`series_key`."""
    keys: list[str] = []
    year = (date or "")[:4] or None
    if number:
        n = number_key(number)
        year = number_year(n) or year
        if central or is_central_number(n):
            keys.append(f"{n}@@{year or UNKNOWN}")
        else:
            keys.append(f"{n}@{issuer or UNKNOWN}@{year or UNKNOWN}")
    if issuer and date:
        keys.append(f"{type_key(doc_type)}@{issuer}@{date}")
    elif issuer and not number and subject:
        keys.append(f"{type_key(doc_type)}@{issuer}@~{' '.join(fold(subject).split()[:14])}")
    return keys


def _entity_issuer(entity: Entity | None) -> str | None:
    if entity is None:
        return None
    return series_key(entity.name or entity.text) if (entity.name or entity.text) else None


def record_keys(rec: Record, issuer_name: str | None = None) -> list[str]:
    """The keys of a loaded document; falls back to its source when it has no identity.

    >>> record_keys(Record(source="a.txt", number="56-CV/TU", date="2021-01-06",
    ...     issuer=Entity("TỈNH ỦY NAM ĐỊNH")))[0]
    '56-CV/TU@tinh uy nam dinh@2021'
    >>> record_keys(Record(source="dir/x.txt"))
    ['file@dir/x.txt']

    ``issuer_name`` is the issuer's canonical (jurisdiction-qualified) name
    when the caller knows it; the written name serves otherwise.
    """
    issuer = series_key(issuer_name) if issuer_name else _entity_issuer(rec.issuer)
    central = bool(rec.issuer and rec.issuer.level == "central")
    keys = document_keys(rec.doc_type, rec.number, rec.date, issuer, central=central)
    if not keys or not is_complete(keys[0]):
        keys.insert(0, f"file@{rec.source}")
    return keys


def citation_keys(
    c: Citation, citing: Record | None = None, issuer_name: str | None = None
) -> list[str]:
    """The keys a citation names, best first.

    A local number cited without its issuer ("Công văn số 12-CV/TU") is taken
    to be of the citing document's own series when the codes agree.

    >>> c = Citation("Điện ... ngày 05/01/2021", doc_type="Điện", date="2021-01-05",
    ...     issuer=Entity("Thường trực Ban Bí thư Trung ương Đảng"))
    >>> citation_keys(c)
    ['dien@ban bi thu trung uong@2021-01-05']
    """
    issuer = series_key(issuer_name) if issuer_name else _entity_issuer(c.issuer)
    if (
        issuer is None
        and c.number
        and citing is not None
        and citing.number
        and number_codes(c.number)[1] == number_codes(citing.number)[1]
    ):
        issuer = _entity_issuer(citing.issuer)
    central = c.issuer_level == "central" or bool(c.issuer and c.issuer.level == "central")
    return document_keys(c.doc_type, c.number, c.date, issuer, central=central, subject=c.subject)


def is_complete(key: str) -> bool:
    """Whether a key names one document by itself (no unknown part, not vague)."""
    return UNKNOWN not in key.split("@") and "@~" not in key


def is_vague(key: str) -> bool:
    """Whether a key stands for a citation with neither number nor date."""
    return "@~" in key


def key_number(key: str) -> str | None:
    """The number part of a numbered key ("56-CV/TU@tinh uy nam dinh@2021" -> "56-CV/TU")."""
    head = key.split("@", 1)[0]
    return head if head[:1].isdigit() else None


_STOP = frozenset(
    {"ve", "viec", "cua", "va", "cac", "trong", "tai", "theo", "de", "voi", "cho", "v"}
)


def _words(text: str) -> set[str]:
    return {w for w in fold(text).split() if w not in _STOP}


def subject_similarity(a: str | None, b: str | None) -> float:
    """Overlap of two subjects' content words, 0..1 (containment of the shorter).

    >>> s = "tăng cường công tác phòng, chống dịch Covid-19 trong tình hình mới"
    >>> subject_similarity(s, "Về tăng cường công tác phòng, chống dịch COVID-19")
    1.0
    >>> subject_similarity(s, "mua và sử dụng vaccine") < 0.2
    True
    """
    wa, wb = _words(a or ""), _words(b or "")
    if not wa or not wb:
        return 0.0
    return round(len(wa & wb) / min(len(wa), len(wb)), 3)


@dataclass(slots=True, frozen=True)
class VagueCandidate:
    key: str
    issuer: str | None  # series key
    date: str | None
    subject: str | None


def best_vague_match(
    issuer: str | None,
    subject: str | None,
    citing_date: str | None,
    candidates: Iterable[VagueCandidate],
    *,
    window_days: int = VAGUE_WINDOW_DAYS,
) -> tuple[str, float] | None:
    """The known document a dateless, numberless citation most likely means, with a confidence.

    It must share the issuer, be dated on or before the citing document and
    no more than ``window_days`` earlier, and its subject must resemble the
    citation's; a tie between the best two leaves the citation unresolved.

    >>> cands = [VagueCandidate("k1", "ban bi thu trung uong", "2020-07-27",
    ...     "tăng cường công tác phòng, chống dịch Covid-19 trong tình hình mới")]
    >>> best_vague_match("ban bi thu trung uong", "tăng cường phòng, chống dịch Covid-19",
    ...     "2020-07-29", cands)
    ('k1', 0.9)
    """
    from datetime import date as _date

    if not issuer or not citing_date:
        return None
    try:
        end = _date.fromisoformat(citing_date)
    except ValueError:
        return None
    scored: list[tuple[float, str]] = []
    for cand in candidates:
        if cand.issuer != issuer or not cand.date:
            continue
        try:
            days = (end - _date.fromisoformat(cand.date)).days
        except ValueError:
            continue
        if not 0 <= days <= window_days:
            continue
        sim = subject_similarity(subject, cand.subject) if subject else 0.0
        if subject and sim < VAGUE_MIN_SIMILARITY:
            continue
        # Closer in time is likelier; the subject counts most.
        score = (0.8 * sim if subject else 0.4) + 0.1 * (1 - days / (window_days + 1))
        scored.append((round(min(score, 0.95), 3), cand.key))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] - scored[1][0] < 0.05:
        return None
    conf, key = scored[0]
    return key, round(conf, 2)


def content_sha(rec: Record) -> str:
    """The hash of the record's source bytes; for records made in code, their JSON stands in."""
    if rec.sha256:
        return rec.sha256
    body = json.dumps(rec.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def is_unchanged(stored_sha: str | None, stored_version: int | None, rec: Record) -> bool:
    """Whether a stored document is ``rec`` as this program reads it: the same source bytes
    (:func:`content_sha`), parsed by the same record version.

    >>> rec = Record(source="a.txt", sha256="ab")
    >>> is_unchanged("ab", rec.version, rec), is_unchanged("ab", rec.version - 1, rec)
    (True, False)
    """
    return stored_sha == content_sha(rec) and stored_version == rec.version
