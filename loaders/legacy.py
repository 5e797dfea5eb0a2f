"""Legacy 8-bit Vietnamese (TCVN3/ABC, VNI-Windows) -> Unicode, and telling them apart.

Before Unicode, Vietnamese offices typed in fonts whose glyphs sat on the
Windows-1252 code points: ``.VnTime`` fonts (TCVN 5712:1993, table VN3, known
as TCVN3 or ABC) and ``VNI-Times`` fonts (VNI-Windows: a base letter followed
by a byte that carries the tone and/or the vowel mark).  Read as Windows-1252
such text is garbage ("§¶ng", "Ñaûng"); it has to be converted with the font's
table, and which table applies is found by scoring each candidate decoding by
how Vietnamese the result reads (:func:`vietnamese_score`), never by guessing.

Both decoders work on the *Windows-1252 view* of the bytes (one character per
byte), so the same code converts a legacy .txt file and the legacy runs inside
a .docx or a web page, where the bytes already arrive as those characters.

>>> tcvn3_to_unicode(ansi_view("§¶ng céng s¶n ViÖt Nam".encode("cp1252")))
'Đảng cộng sản Việt Nam'
>>> vni_to_unicode("Ñaûng Coäng saûn Vieät Nam")
'Đảng Cộng sản Việt Nam'
>>> round(vietnamese_score("Thực hiện công văn của Tỉnh ủy"), 2)
1.0
>>> vietnamese_score("§¶ng céng s¶n ViÖt Nam") < 0.5
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ansi_view",
    "tcvn3_to_unicode",
    "vni_to_unicode",
    "recase_tcvn3",
    "vietnamese_score",
    "common_word_count",
    "looks_legacy",
    "fix_legacy_text",
    "LEGACY_DECODERS",
]

# --- TCVN 5712:1993, table VN3 (the 8-bit ".VnTime" set) -------------------
# Byte ranges by vowel; inside each vowel the tones run grave, hook, tilde,
# acute, dot below, as the standard orders them.
_TCVN3_TONED: dict[int, str] = {}
for _start, _letters in (
    (0xB5, "àảãáạ"),
    (0xBB, "ằẳẵắ"),  # ặ sits at 0xC6, after the box-drawing gap
    (0xC7, "ầẩẫấậ"),
    (0xCC, "è"),
    (0xCE, "ẻẽéẹ"),
    (0xD2, "ềểễếệ"),
    (0xD7, "ìỉ"),
    (0xDC, "ĩíịò"),
    (0xE1, "ỏõóọ"),
    (0xE5, "ồổỗốộ"),
    (0xEA, "ờởỡớợ"),
    (0xEF, "ù"),
    (0xF1, "ủũúụ"),
    (0xF5, "ừửữứự"),
    (0xFA, "ỳỷỹýỵ"),
):
    for _i, _ch in enumerate(_letters):
        _TCVN3_TONED[_start + _i] = _ch
_TCVN3_TONED[0xC6] = "ặ"
_TCVN3_BYTES: dict[int, str] = {
    **dict(zip(range(0xA1, 0xAF), "ĂÂÊÔƠƯĐăâêôơưđ", strict=True)),
    **_TCVN3_TONED,
}


def ansi_view(data: bytes) -> str:
    """Bytes as Windows-1252 characters, one per byte (undefined bytes as Latin-1).

    >>> ansi_view(bytes([0x41, 0x81, 0xA7]))
    'A\\x81§'
    """
    return "".join(_ANSI[b] for b in data)


def _ansi_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_ANSI = [_ansi_char(b) for b in range(256)]
#: A Windows-1252 character back to its byte (so both views meet on bytes).
_ANSI_BYTE = {ch: b for b, ch in enumerate(_ANSI)}
# Word stores the text of a non-Unicode "symbol" font at U+F000 + byte.
_ANSI_BYTE.update({chr(0xF000 + b): b for b in range(0x20, 0x100)})
#: Byte (as its Latin-1 character) -> TCVN3 letter; other bytes keep their
#: Windows-1252 character (the fonts kept its quotes and dashes).
_TCVN3_TABLE = {b: _TCVN3_BYTES.get(b, _ANSI[b]) for b in range(0x80, 0x100)}


def _byte_text(text: str) -> str:
    """Map each character to the Latin-1 character of its legacy byte, if it has one."""
    return "".join(chr(_ANSI_BYTE[c]) if c in _ANSI_BYTE else c for c in text)


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 text given as its Windows-1252 view; the case is left as typed.

    >>> tcvn3_to_unicode("Thùc hiÖn")
    'Thực hiện'
    """
    return _byte_text(text).translate(_TCVN3_TABLE)


# --- VNI-Windows --------------------------------------------------------------
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
# Tone bytes (lower-case font / upper-case font), then the vowel-mark bytes
# that also carry a tone.  A tone byte follows the base letter it marks.
# Keys: no tone, acute, grave, hook above, tilde, dot below.
_TONE = dict(zip(_TONES, ("", "ùÙ", "øØ", "ûÛ", "õÕ", "ïÏ"), strict=True))
_CIRCUMFLEX = dict(zip(_TONES, ("âÂ", "áÁ", "àÀ", "åÅ", "ãÃ", "äÄ"), strict=True))
_BREVE = dict(zip(_TONES, ("êÊ", "éÉ", "èÈ", "úÚ", "üÜ", "ëË"), strict=True))
# Letters that are a single byte in VNI.
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ",
    "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị",
}  # fmt: skip


def _build_vni() -> dict[str, str]:
    table = dict(_VNI_SINGLE)

    def put(base: str, key_base: str, marks: dict[str, str], quality: str) -> None:
        for tone, pair in marks.items():
            if not pair:
                continue
            for mark in pair:  # either font case may follow either letter case
                table[key_base + mark] = unicodedata.normalize("NFC", base + quality + tone)

    for low in "aeouy":
        for base in (low, low.upper()):
            put(base, base, _TONE, "")
    for low, uni in (("ô", "ơ"), ("ö", "ư")):
        for key, base in ((low, uni), (low.upper(), uni.upper())):
            put(base, key, _TONE, "")
    for low in "aeo":
        for base in (low, low.upper()):
            put(base, base, _CIRCUMFLEX, "\u0302")
    for base in "aA":
        put(base, base, _BREVE, "\u0306")
    table.update({"yî": "ỵ", "yÎ": "ỵ", "Yî": "Ỵ", "YÎ": "Ỵ"})
    return table


_VNI_TABLE = _build_vni()
# Longest keys first, so a base letter takes its mark before standing alone.
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI_TABLE, key=len, reverse=True)))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text given as its Windows-1252 view.

    >>> vni_to_unicode("Ngöôøi ñöôïc giao, UÛY BAN NHAÂN DAÂN")
    'Người được giao, ỦY BAN NHÂN DÂN'
    """
    view = "".join(_ANSI[_ANSI_BYTE[c]] if c in _ANSI_BYTE else c for c in text)
    return _VNI_RE.sub(lambda m: _VNI_TABLE[m.group()], view)


# --- How Vietnamese does a text read? ---------------------------------------
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# The vowel groups Vietnamese spelling allows (tones removed); a wrong table
# yields groups such as "ieo" or "aơ" that no word has.
_NUCLEI_SPACED = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê "
    "ui uô uơ uy ưa ưi ươ ưu yê iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu"
)
_NUCLEI = _NUCLEI_SPACED.split()
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")"
    r"(?:ch|ng|nh|[cmnpt])?"
)
# Split on white space and ASCII punctuation; typographic quotes and dashes
# are Windows-1252 bytes no legacy table reuses for letters.
_TOKEN_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~“”‘’–—…]+")
_COMMON_WORDS = (
    "của và các thực hiện tỉnh ủy uỷ công văn ban được những trong với cho người này "
    "có không đã để theo về tại phòng chống dịch đảng nhân dân tác chỉ đạo huyện số "
    "ngày tháng năm kính gửi nơi nhận thường vụ bí thư lãnh tổ chức đồng chí"
)
_COMMON = frozenset(_COMMON_WORDS.split())


def _is_syllable(token: str) -> bool:
    nfd = unicodedata.normalize("NFD", token.lower())
    tones = sum(1 for c in nfd if c in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(text) if t and len(t) <= 12]


def vietnamese_score(text: str) -> float:
    """Share of the words with non-ASCII letters that are Vietnamese syllables (0..1).

    Plain ASCII words say nothing about the encoding and are left out; a text
    without non-ASCII words scores 0.

    >>> vietnamese_score("Kính gửi: các huyện ủy")
    1.0
    >>> vietnamese_score("Vieät Nam")
    0.0
    """
    words = [t for t in _tokens(text) if not t.isascii()]
    if not words:
        return 0.0
    good = sum(1 for t in words if _is_syllable(t))
    return good / len(words)


def common_word_count(text: str) -> int:
    """How many words are among the commonest words of Vietnamese official letters.

    >>> common_word_count("Thực hiện công văn của Tỉnh ủy")
    7
    """
    return sum(1 for t in _tokens(text) if t.lower() in _COMMON)


# Scoring a sample tells the tables apart and bounds the cost on big files.
_SAMPLE = 200_000

LEGACY_DECODERS = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}

# Characters whose presence in "Unicode" text hints at a legacy font underneath.
_LEGACY_HINT = re.compile(r"[\x80-\x9f\xa1-\xbf\xc0-\xff\uf000-\uf0ff]")


def looks_legacy(text: str) -> bool:
    """True if the text holds characters a legacy font's bytes show up as.

    >>> looks_legacy("Thùc hiÖn"), looks_legacy("plain ASCII")
    (True, False)
    """
    return _LEGACY_HINT.search(text) is not None


def recase_tcvn3(text: str) -> str:
    """Restore capitals lost to TCVN3, which has no upper-case toned letters.

    Headers were typed in the upper-case font (``.VnTimeH``) with the
    lower-case codes, so a converted line reads "TỉNH ủY". A word without a
    lower-case ASCII letter that has two capitals, or a capital after a
    lower-case toned letter, is upper-cased; so is a line without lower-case
    ASCII letters that has three words with toned letters (two, if a word has
    two ASCII capitals).  A toned letter that
    opens a line or list item after a line ending in punctuation is
    capitalised, as a typist would have done by switching fonts.

    >>> recase_tcvn3("TỉNH ủY NAM ĐịNH")
    'TỈNH ỦY NAM ĐỊNH'
    >>> recase_tcvn3("BAN THƯờNG Vụ"), recase_tcvn3("**Bí THƯ**"), recase_tcvn3("ĐếN Số:")
    ('BAN THƯỜNG VỤ', '**BÍ THƯ**', 'ĐẾN Số:')
    >>> recase_tcvn3("Số 2644 - CV/TU")
    'Số 2644 - CV/TU'
    >>> recase_tcvn3("Số 12-CV/HU, Uỷ ban")
    'Số 12-CV/HU, Uỷ ban'
    >>> print(recase_tcvn3("Kính gửi:\\n- ủy ban nhân dân huyện;\\nthị xã ủy ban"))
    Kính gửi:
    - Ủy ban nhân dân huyện;
    thị xã ủy ban
    """
    out: list[str] = []
    for line in text.split("\n"):
        words = line.split(" ")
        cores = [c for c in (re.sub(r"[\W_]", "", w) for w in words) if c.isalpha()]
        capped = any(sum(1 for ch in c if "A" <= ch <= "Z") >= 2 for c in cores)
        # Codes such as CV/TU are capitals in any line; only Vietnamese words count.
        toned = sum(1 for c in cores if not c.isascii())
        if not re.search(r"[a-z]", line) and (toned >= 3 or (toned == 2 and capped)):
            out.append(line.upper())
            continue
        line = " ".join(_recase_word(w) for w in words)
        before = out[-1].rstrip() if out else ""
        if not before or before[-1] in ".:;,":
            line = _LINE_START.sub(_capitalise, line, count=1)
        out.append(line)
    return "\n".join(out)


# The first letter of a line or list item, when TCVN3 has no capital for it.
_LINE_START = re.compile(r"^(\s{0,8}(?:[-+*•]\s{1,4}|\d{1,3}[.)]\s{1,4})?)([^\W\dA-Za-zăâêôơưđ_])")


def _capitalise(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2).upper()


def _recase_word(word: str) -> str:
    if re.search(r"[a-z]", word) or not any(c.islower() for c in word):
        return word
    upper = sum(1 for c in word if c.isupper())
    first = next((c for c in word if c.isalpha()), "")
    if upper >= 2 or (upper >= 1 and first.islower()):
        return word.upper()
    return word


def fix_legacy_text(
    text: str, hint: str | None = None, *, recase: bool = True
) -> tuple[str, str | None]:
    """Convert text that is really TCVN3/VNI in Windows-1252 clothing.

    ``hint`` names the table when the font told us ("tcvn3" for ``.Vn*``
    fonts, "vni" for ``VNI-*``); without it each table is tried and kept only
    if the result reads clearly more Vietnamese than the text as it is.
    Returns the text and the table used (None if left alone).  ``recase``
    restores TCVN3's lost capitals (:func:`recase_tcvn3`); markup is recased
    only after its text is extracted.

    >>> fix_legacy_text("Thùc hiÖn c«ng v¨n cña TØnh ñy")
    ('Thực hiện công văn của Tỉnh ủy', 'tcvn3')
    >>> fix_legacy_text("Thực hiện công văn")
    ('Thực hiện công văn', None)
    """
    if hint in LEGACY_DECODERS:
        out = LEGACY_DECODERS[hint](text)
        return (recase_tcvn3(out) if recase and hint == "tcvn3" else out), hint
    sample = text[:_SAMPLE]
    if not looks_legacy(sample):
        return text, None
    best: tuple[float, str | None] = (vietnamese_score(sample), None)
    for name, decode in LEGACY_DECODERS.items():
        score = vietnamese_score(unicodedata.normalize("NFC", decode(sample)))
        if score >= 0.75 and score > best[0] + 0.2:
            best = (score, name)
    chosen = best[1]
    if chosen is None:
        return text, None
    out = unicodedata.normalize("NFC", LEGACY_DECODERS[chosen](text))
    return (recase_tcvn3(out) if recase and chosen == "tcvn3" else out), chosen
