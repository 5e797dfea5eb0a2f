"""Word lists of the domain: document types, number codes, titles, organ heads.

Kept in one place so the header, citation and task stages agree.

>>> [doc_type_of_number(n) for n in ("56-CV/TU", "16/CT-TTg", "2279/UBND-VX")]
['Công văn', 'Chỉ thị', 'Công văn']
>>> issuer_code("253/TB-VPCP"), issuer_code("201-CV/TU"), issuer_code("30/2020/NĐ-CP")
('VPCP', 'TU', 'CP')
>>> proper_case("PHÓ BÍ THƯ"), proper_case("TỈNH ỦY NAM ĐỊNH")
('Phó Bí thư', 'Tỉnh ủy Nam Định')
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.names import fold, modern_tones

__all__ = [
    "DOC_TYPES",
    "TYPE_CODES",
    "NUMBER_RE",
    "doc_type_of_word",
    "doc_type_of_number",
    "issuer_code",
    "normalise_number",
    "proper_case",
    "CODE_ISSUERS",
    "level_of_code",
]

#: Document type names, longest first so "Thông báo kết luận" wins over "Thông báo".
DOC_TYPES: tuple[str, ...] = (
    "Thông báo kết luận",
    "Lời kêu gọi",
    "Công điện",
    "Công văn",
    "Chỉ thị",
    "Nghị quyết",
    "Nghị định",
    "Kết luận",
    "Quyết định",
    "Thông báo",
    "Thông tri",
    "Thông tư",
    "Thông điệp",
    "Hướng dẫn",
    "Kế hoạch",
    "Chương trình hành động",
    "Chương trình",
    "Báo cáo",
    "Tờ trình",
    "Quy định",
    "Quy chế",
    "Đề án",
    "Điện",
    "Luật",
    "Pháp lệnh",
    "Văn bản",
)
_TYPE_BY_FOLD = {fold(t).replace(" ", ""): t for t in DOC_TYPES}

#: Type codes in numbers ("56-CV/TU", "16/CT-TTg") -> type name.
TYPE_CODES: dict[str, str] = {
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "QĐI": "Quy định",
    "QC": "Quy chế",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CTR": "Chương trình",
    "BC": "Báo cáo",
    "CĐ": "Công điện",
    "CV": "Công văn",
    "TTR": "Tờ trình",
    "TT": "Thông tư",
    "ĐA": "Đề án",
    "L": "Luật",
}

#: Issuer codes of central bodies -> the body.
CODE_ISSUERS: dict[str, str] = {
    "TTG": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "TW": "Ban Chấp hành Trung ương Đảng",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BYT": "Bộ Y tế",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "BCĐ": "Ban Chỉ đạo",
}

_LEVEL_OF_CODE = {
    "TW": "central",
    "VPTW": "central",
    "BTGTW": "central",
    "BTCTW": "central",
    "BDVTW": "central",
    "TTG": "central",
    "CP": "central",
    "VPCP": "central",
    "QH": "central",
    "UBTVQH": "central",
    "BYT": "central",
    "TU": "province",
    "HU": "district",
    "QU": "district",
    "TXU": "district",
    "ĐU": None,
    "UBND": None,
}

# NUMBER-TYPE/ISSUER (party) or NUMBER/TYPE-ISSUER (state), spaces allowed
# around the separators as OCR leaves them; every repeat is bounded.
_PART = r"[0-9A-Za-zĐđƯưƠơ&]{1,12}"
NUMBER_RE = re.compile(
    r"(?P<num>\d{1,6}[a-zA-Z]?)?\s{0,3}(?P<sep>[-/])\s{0,3}"
    # A dot joins parts only unspaced ("KH.UBND"): "05-CT/TW. 2. Nâng" is a sentence end.
    r"(?P<rest>" + _PART + r"(?:\s{0,2}[-/]\s{0,2}" + _PART + r"|\." + _PART + r"){0,5})"
)


def normalise_number(raw: str) -> str:
    """One spelling of a number: no spaces, OCR "TƯ" read as "TU".

    >>> normalise_number("2644 - CV/TƯ")
    '2644-CV/TU'
    """
    text = re.sub(r"\s+", "", raw).strip(".,;:")
    return re.sub(r"(?<=/)T[Ưư](?![A-Za-z])", "TU", text)


def _split(number: str) -> tuple[str | None, str | None]:
    """(type code, issuer code) of a number, upper-cased and folded of Đ."""
    body = re.sub(r"^\d+[a-zA-Z]?", "", number)
    body = re.sub(r"^[-/]\d{4}(?=/)", "", body)  # legal acts: 30/2020/NĐ-CP
    if body.startswith("-"):  # party: -TYPE/ISSUER
        m = re.match(r"-([^/]+)/(.+)", body)
        return (m.group(1).upper(), m.group(2).upper()) if m else (None, None)
    if body.startswith("/"):  # state: /TYPE-ISSUER or /ISSUER-UNIT
        m = re.match(r"/([^-]+)-?(.*)", body)
        if m:
            return m.group(1).upper(), (m.group(2) or "").upper() or None
    return None, None


def doc_type_of_number(number: str) -> str | None:
    """The document type a number's code implies, or None."""
    code, issuer = _split(number)
    if code is None:
        return None
    if code in TYPE_CODES:
        return TYPE_CODES[code]
    if code in ("UBND", "SYT", "VP", "BCĐ") or issuer:
        # State công văn carry the issuer and its unit instead: 2279/UBND-VX.
        return "Công văn"
    return None


def issuer_code(number: str) -> str | None:
    """The issuing body's code in a number ("TU", "TTg" upper-cased, "CP" ...)."""
    code, issuer = _split(number)
    if code is None:
        return None
    if code in TYPE_CODES:
        return issuer
    return code  # 2279/UBND-VX: the issuer comes first


def level_of_code(code: str | None) -> str | None:
    """The level of an issuer code, when the code alone tells it."""
    return _LEVEL_OF_CODE.get(code or "")


def doc_type_of_word(word: str) -> str | None:
    """A type name from a written type word, in any case, OCR letter splits allowed.

    >>> doc_type_of_word("K ÉT LUẬN")
    'Kết luận'
    >>> doc_type_of_word("THÔNG BÁO KẾT LUẬN")
    'Thông báo kết luận'
    """
    key = fold(word).replace(" ", "")
    return _TYPE_BY_FOLD.get(key)


_ORGAN_PHRASES = (
    # Organs of the 2025 structure and the forces, longest first.
    ("ban tuyên giáo và dân vận", "Ban Tuyên giáo và Dân vận"),
    ("đảng ủy các cơ quan đảng", "Đảng ủy các cơ quan Đảng"),
    ("đảng ủy quân sự", "Đảng ủy Quân sự"),
    ("đảng ủy công an", "Đảng ủy Công an"),
    ("bộ chỉ huy bộ đội biên phòng", "Bộ Chỉ huy Bộ đội Biên phòng"),
    ("bộ chỉ huy quân sự", "Bộ Chỉ huy Quân sự"),
    ("liên đoàn lao động", "Liên đoàn Lao động"),
    ("hội nông dân", "Hội Nông dân"),
    ("hội cựu chiến binh", "Hội Cựu chiến binh"),
    ("công an", "Công an"),
    ("thành đoàn", "Thành đoàn"),
    ("bch đoàn", "BCH Đoàn"),
    ("ban chấp hành hội", "Ban Chấp hành Hội"),
    ("ban chấp hành đoàn", "Ban Chấp hành Đoàn"),
    ("hội liên hiệp phụ nữ", "Hội Liên hiệp Phụ nữ"),
    ("tỉnh đoàn", "Tỉnh đoàn"),
    ("ủy ban mttq", "Ủy ban MTTQ"),
    ("mttq", "MTTQ"),
    ("ubnd", "UBND"),
    ("hđnd", "HĐND"),
    ("việt nam", "Việt Nam"),
    ("ban thường trực", "Ban Thường trực"),
    ("đảng ủy khối", "Đảng ủy Khối"),
    ("ban chấp hành trung ương", "Ban Chấp hành Trung ương"),
    ("ban thường vụ", "Ban Thường vụ"),
    ("ban bí thư", "Ban Bí thư"),
    ("bộ chính trị", "Bộ Chính trị"),
    ("thường trực", "Thường trực"),
    ("ủy ban nhân dân", "Ủy ban nhân dân"),
    ("hội đồng nhân dân", "Hội đồng nhân dân"),
    ("ủy ban mặt trận tổ quốc", "Ủy ban Mặt trận Tổ quốc"),
    ("mặt trận tổ quốc", "Mặt trận Tổ quốc"),
    ("văn phòng", "Văn phòng"),
    ("phó bí thư thường trực", "Phó Bí thư Thường trực"),
    ("phó bí thư", "Phó Bí thư"),
    ("bí thư", "Bí thư"),
    ("phó chủ nhiệm", "Phó Chủ nhiệm"),
    ("chủ nhiệm", "Chủ nhiệm"),
    ("phó chủ tịch", "Phó Chủ tịch"),
    ("chủ tịch", "Chủ tịch"),
    ("thủ tướng chính phủ", "Thủ tướng Chính phủ"),
    ("phó thủ tướng", "Phó Thủ tướng"),
    ("thủ tướng", "Thủ tướng"),
    ("chính phủ", "Chính phủ"),
    ("trung ương", "Trung ương"),
    ("tỉnh ủy", "Tỉnh ủy"),
    ("thành ủy", "Thành ủy"),
    ("huyện ủy", "Huyện ủy"),
    ("quận ủy", "Quận ủy"),
    ("thị ủy", "Thị ủy"),
    ("đảng ủy", "Đảng ủy"),
    ("đảng bộ", "Đảng bộ"),
    ("ban chỉ đạo", "Ban Chỉ đạo"),
    ("ban tuyên giáo", "Ban Tuyên giáo"),
    ("ban dân vận", "Ban Dân vận"),
    ("ban tổ chức", "Ban Tổ chức"),
    ("ban nội chính", "Ban Nội chính"),
    ("ủy ban kiểm tra", "Ủy ban Kiểm tra"),
    ("ban cán sự đảng", "Ban cán sự đảng"),
    ("đảng đoàn", "Đảng đoàn"),
    ("giám đốc", "Giám đốc"),
    ("phó giám đốc", "Phó Giám đốc"),
    ("chánh văn phòng", "Chánh Văn phòng"),
    ("phó chánh văn phòng", "Phó Chánh Văn phòng"),
    ("bộ trưởng", "Bộ trưởng"),
    ("thứ trưởng", "Thứ trưởng"),
    ("trưởng ban", "Trưởng ban"),
    ("phó trưởng ban", "Phó Trưởng ban"),
)
_VOWEL = re.compile("[aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ]")
_KIND_WORDS = {"tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn"}


def _by_first_word() -> dict[str, list[tuple[str, str, int]]]:
    table: dict[str, list[tuple[str, str, int]]] = {}
    for phrase, form in _ORGAN_PHRASES:  # in order: the first phrase that fits wins
        table.setdefault(phrase.split(" ")[0], []).append((phrase, form, phrase.count(" ") + 1))
    return table


# Only the phrases that open with the word at hand are worth comparing.
_PHRASES_BY_FIRST_WORD = _by_first_word()


@lru_cache(maxsize=4096)
def proper_case(upper: str) -> str:
    """An upper-case organ name, title or place as it is written in running text.

    Known organ words take their usual form ("Ban Thường vụ", "Phó Bí thư");
    what follows a unit kind ("tỉnh", "huyện" ...) or an organ ending in "ủy"
    is a place name and gets a capital on every syllable.

    >>> proper_case("ỦY BAN NHÂN DÂN TỈNH SƠN LA")
    'Ủy ban nhân dân tỉnh Sơn La'
    >>> proper_case("BAN THƯỜNG VỤ")
    'Ban Thường vụ'
    """
    text = modern_tones(" ".join(upper.split())).lower()
    out: list[str] = []
    words = text.split(" ")
    i = 0
    place_mode = False
    field = False  # inside the field of a "Bộ" or "Sở" name
    while i < len(words):
        matched = False
        for phrase, form, n in _PHRASES_BY_FIRST_WORD.get(words[i], ()):
            if " ".join(words[i : i + n]) == phrase:
                out.append(form)
                i += n
                matched = True
                place_mode = form.endswith(("ủy", "Đảng bộ", "Chính phủ", " đoàn"))
                break
        if matched:
            continue
        word = words[i]
        two = " ".join(words[i : i + 2])
        if two in _KIND_WORDS:
            out.append(two)
            i += 2
            place_mode = True
            continue
        if word in _KIND_WORDS:
            out.append(word)
            i += 1
            place_mode = True
            continue
        field_start = bool(out) and not place_mode and (
            out[-1] in ("Bộ", "Sở") or (field and (out[-1] == "và" or out[-1].endswith(",")))
        )
        field = field or field_start
        if not _VOWEL.search(word) and word.isalpha():
            out.append(word.upper())  # "LHPN", "TNCS": no syllable lacks a vowel
        elif place_mode or not out or field_start:
            # A ministry's or department's field opens in capitals: "Sở Giáo dục và Đào tạo".
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
        i += 1
    result = " ".join(out)
    return result[:1].upper() + result[1:]
