"""Text normalisation for Vietnamese names: one spelling, one comparison key.

Documents mix NFC and NFD, old and new tone placement ("uỷ"/"ủy",
"hoà"/"hòa") and abbreviations ("UBND", "MTTQ", "TW"/"TƯ").  Everything that
compares names goes through :func:`name_key`; everything that shows a name goes
through :func:`tidy`.

>>> tidy("Tỉnh  uỷ   Nam Định") == tidy("Tỉnh ủy Nam Định")
True
>>> name_key("UBND tỉnh Sơn La") == name_key("Ủy ban nhân dân tỉnh Sơn La")
True
>>> fold("Phòng, chống dịch")
'phong chong dich'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "nfc",
    "modern_tones",
    "tidy",
    "fold",
    "ascii_letters",
    "ascii_letter_runs",
    "expand_abbreviations",
    "name_key",
    "same_name",
    "ABBREVIATIONS",
]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2009\u200a\u202f\u3000"), " ")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)


_ODD_CHARS = dict(_DASHES) | dict(_SPACES) | dict(_ZERO_WIDTH)
_ODD_RE = re.compile("[" + "".join(map(chr, _ODD_CHARS)) + "]")


def nfc(text: str) -> str:
    """NFC with dashes, odd spaces and zero-width marks made plain."""
    text = unicodedata.normalize("NFC", text)
    # translate() walks every character; most texts have none of these.
    return text.translate(_ODD_CHARS) if _ODD_RE.search(text) else text


# Old style puts the tone on the second vowel of an open "oa", "oe", "uy"
# syllable (hoà, khoẻ, thuỷ); the new style on the first (hòa, khỏe, thủy).
# Only open syllables move: "hoàn", "thuyền" keep the mark where it is.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot
_OLD_STYLE = re.compile(
    r"(?<![qQ])([oO])([aAeE])([" + _TONES + r"])(?![a-zA-Z\u00c0-\u1ef9])"
    r"|(?<![qQ])([uU])([yY])([" + _TONES + r"])(?![a-zA-Z\u00c0-\u1ef9])"
)


def _move_tone(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + m.group(3) + m.group(2)
    return m.group(4) + m.group(6) + m.group(5)


@lru_cache(maxsize=65536)
def modern_tones(text: str) -> str:
    """Rewrite old-style tone placement to the new style ("uỷ" -> "ủy").

    >>> modern_tones("Huyện uỷ, hoà bình, khoá XV, thuyền, quý")
    'Huyện ủy, hòa bình, khóa XV, thuyền, quý'
    """
    decomposed = unicodedata.normalize("NFD", text)
    if not any(t in decomposed for t in _TONES):
        return text
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(_move_tone, decomposed))


_WS = re.compile(r"[ \t]+")


@lru_cache(maxsize=65536)
def tidy(text: str) -> str:
    """The display form: NFC, new-style tones, single spaces, trimmed."""
    return _WS.sub(" ", modern_tones(nfc(text))).strip()


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no diacritics ("đ" -> "d"), words joined by single spaces."""
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", bare).strip()


# The only characters from U+1F00 up whose NFD holds an ASCII character (Unicode
# 14; tests/test_fold.py checks the list against unicodedata).
_DECOMPOSE_TO_ASCII_ABOVE_1F00 = "\u1fef\u212a\u212b\u2260\u226e\u226f"


# Both same-length folds read the same document text in turn.
@lru_cache(maxsize=8)
def ascii_letters(text: str) -> bytes | None:
    """Each character's base as one ASCII byte ("Tổ chức" -> b"To chuc", "đ" -> b"d").

    ``None`` when a character has no single ASCII base ("“", "ø", a combining
    mark), or the text is so short that a table is faster: the caller then
    folds character by character.  This is the fast path of the same-length
    folds: NFD and an ASCII encode run in C, where ``str.translate`` looks every
    character up in a dict.  Below U+1F00 a character decomposes into one ASCII
    character or into none, so one byte per character means each had exactly one.

    >>> ascii_letters("Ban Thường vụ Đảng ủy tỉnh Điện Biên, Sở Y tế")
    b'Ban Thuong vu Dang uy tinh Dien Bien, So Y te'
    >>> ascii_letters("“Ban Thường vụ Đảng ủy tỉnh Điện Biên”, Sở Y tế") is None
    True
    """
    if len(text) < 40:
        return None
    bare = unicodedata.normalize("NFD", _plain_d(text))
    letters = bare.encode("ascii", "ignore")
    if len(letters) != len(text) or any(c in text for c in _DECOMPOSE_TO_ASCII_ABOVE_1F00):
        return None
    return letters


def _one_ascii_base(c: str) -> bool:
    return c in "đĐ" or len(unicodedata.normalize("NFD", c).encode("ascii", "ignore")) == 1


# Runs of characters without one ASCII base (quotes, "ø", combining marks, all
# from U+1F00 up): whatever is between them folds through NFD in one go.
_NO_ASCII_BASE_RUN = re.compile(
    "([^\x00-\x7f" + "".join(c for c in map(chr, range(0x80, 0x1F00)) if _one_ascii_base(c)) + "]+)"
)


def ascii_letter_runs(text: str) -> list[bytes | str]:
    """``text`` in runs: bytes (as :func:`ascii_letters`) where each character has
    one ASCII base, the characters as they are where none has.

    >>> ascii_letter_runs("“Sở Y tế”")
    [b'', '“', b'So Y te', '”', b'']
    """
    return [
        run if k % 2 else unicodedata.normalize("NFD", _plain_d(run)).encode("ascii", "ignore")
        for k, run in enumerate(_NO_ASCII_BASE_RUN.split(text))
    ]


def _plain_d(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


#: Folded abbreviation -> folded expansion.  Order matters only for readability.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "btv": "ban thuong vu",
    "bch": "ban chap hanh",
    "bcs": "ban can su",
    "bcd": "ban chi dao",
    "tw": "trung uong",
    "tu": "trung uong",  # only after folding "TƯ"; see expand_abbreviations
    "vptu": "van phong tinh uy",
    "vpcp": "van phong chinh phu",
    "ttg": "thu tuong chinh phu",
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thi tran",
    "dc": "dong chi",
    "d c": "dong chi",
    "uv": "uy vien",
    "ubkt": "uy ban kiem tra",
    "cand": "cong an nhan dan",
    "qdnd": "quan doi nhan dan",
    "vn": "viet nam",
    "ct": "chu tich",
}

# "TU" is the party code for a Tỉnh ủy in numbers, but "TƯ" (with horn) means
# Trung ương; after folding both read "tu", so only the written form decides.
_TU_HORN = re.compile(r"\bT[Ưư]\b")
_ABBR_WORDS = sorted((re.escape(k) for k in ABBREVIATIONS if k != "tu"), key=len, reverse=True)
_ABBR_RE = re.compile(r"\b(" + "|".join(_ABBR_WORDS) + r")\b")


def expand_abbreviations(folded: str) -> str:
    """Expand common abbreviations in an already folded string.

    >>> expand_abbreviations("ubnd tp bac kan")
    'uy ban nhan dan thanh pho bac kan'
    """
    return _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], folded)


_LEADING_PLURAL = re.compile(r"^(cac dong chi|cac|nhung|dong chi) ")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The comparison key of a name: folded, abbreviations expanded.

    Equal keys mean the same written name across NFC/NFD, tone style, case
    and common abbreviations.  Jurisdiction is not added here: qualifying a
    name ("Ban Tuyên giáo Tỉnh ủy" -> "... Tỉnh ủy Nam Định") is the work of
    :mod:`graph.units`.

    >>> name_key("Ban Bí thư TW Đảng") == name_key("Ban Bí thư Trung ương Đảng")
    True
    >>> name_key("Huyện uỷ") == name_key("HUYỆN ỦY")
    True
    """
    text = _TU_HORN.sub("Trung ương", nfc(text))
    text = text.replace("Đ/c", "đồng chí").replace("đ/c", "đồng chí")
    key = expand_abbreviations(fold(text))
    return _LEADING_PLURAL.sub("", key)


def same_name(a: str, b: str) -> bool:
    """Whether two written names are the same name.

    >>> same_name("Ủy ban nhân dân tỉnh", "UBND Tỉnh")
    True
    """
    return name_key(a) == name_key(b)
