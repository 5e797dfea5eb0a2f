"""A gazetteer of party and state organ names, and a finder for them in running text.

Unit names carry commas and "và" of their own ("Sở Văn hóa, Thể thao và Du
lịch", "Ban Chỉ đạo phòng, chống dịch Covid-19"), so a parser that splits a
list of addressees on punctuation needs to know where a name ends.
:func:`find_organs` marks every gazetteer name in a text, matching across
case, tone style, diacritics, punctuation between words and "và"/"&".

>>> [name for _s, _e, name in find_organs("Sở Văn hoá, Thể thao và Du lịch, Sở Y tế")]
['Sở Văn hóa, Thể thao và Du lịch', 'Sở Y tế']
>>> canonical_organ("UBND")
'Ủy ban nhân dân'
>>> organ_level("Bộ Y tế"), organ_level("Sở Y tế"), organ_level("Phòng Y tế")
('central', 'province', 'district')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TypeAlias

from graph.names import ascii_letter_runs, ascii_letters

__all__ = [
    "ORGAN_NAMES",
    "CENTRAL_ORGANS",
    "ORGAN_ALIASES",
    "PARTY_DEPARTMENTS",
    "COMMITTEES",
    "organ_pattern",
    "find_organs",
    "canonical_organ",
    "organ_level",
    "organ_key",
]

#: Central organs: never qualified by a place.
CENTRAL_ORGANS: tuple[str, ...] = (
    "Ban Chấp hành Trung ương Đảng",
    "Bộ Chính trị",
    "Ban Bí thư Trung ương Đảng",
    "Thường trực Ban Bí thư Trung ương Đảng",
    "Văn phòng Trung ương Đảng",
    "Ban Tổ chức Trung ương",
    "Ban Tuyên giáo Trung ương",
    "Ban Dân vận Trung ương",
    "Ban Tuyên giáo và Dân vận Trung ương",
    "Ban Nội chính Trung ương",
    "Ban Kinh tế Trung ương",
    "Ban Đối ngoại Trung ương",
    "Ban Chính sách, chiến lược Trung ương",
    "Ủy ban Kiểm tra Trung ương",
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Chủ tịch nước",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Văn phòng Chính phủ",
    "Thanh tra Chính phủ",
    "Ban Chỉ đạo Quốc gia phòng, chống dịch Covid-19",
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Giao thông vận tải",
    "Bộ Xây dựng",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Thông tin và Truyền thông",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Ủy ban Dân tộc",
    "Ngân hàng Nhà nước Việt Nam",
    "Kiểm toán Nhà nước",
    "Tòa án nhân dân tối cao",
    "Viện Kiểm sát nhân dân tối cao",
    "Bảo hiểm xã hội Việt Nam",
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
    "Trung ương Hội Nông dân Việt Nam",
    "Trung ương Hội Cựu chiến binh Việt Nam",
    "Bộ Tư lệnh Bộ đội Biên phòng",
)

#: The departments and standing bodies of a party committee ("... Tỉnh ủy X").
PARTY_DEPARTMENTS: tuple[str, ...] = (
    "Ban Chấp hành Đảng bộ",
    "Ban Chấp hành",
    "Ban Thường vụ",
    "Thường trực",
    "Ban Tổ chức",
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Ban Tuyên giáo và Dân vận",
    "Ủy ban Kiểm tra",
    "Ban Nội chính",
    "Ban Kinh tế",
    "Ban Chính sách, chiến lược",
    "Văn phòng",
    "Trung tâm Chính trị",
    "Trường Chính trị",
)

_PROVINCE_STATE: tuple[str, ...] = (
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân",
    "Văn phòng Ủy ban nhân dân",
    "Đài Phát thanh và Truyền hình",
    "Bảo hiểm xã hội",
    "Trung tâm Kiểm soát bệnh tật",
    "Bộ Chỉ huy Quân sự",
    "Bộ Chỉ huy Bộ đội Biên phòng",
)

_DISTRICT_STATE: tuple[str, ...] = (
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Văn hóa, Khoa học và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Kinh tế",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Quản lý đô thị",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Phòng Dân tộc",
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
    "Trung tâm Y tế",
    "Trung tâm Văn hóa - Thể thao và Truyền thông",
    "Trung tâm Văn hóa, Thông tin và Thể thao",
    "Ban Chỉ huy Quân sự",
)

#: Organs found at every level below the centre; the place says which.
_ANY_LEVEL: tuple[str, ...] = (
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Thường trực Hội đồng nhân dân",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc",
    "Hội Liên hiệp Phụ nữ",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Hội Chữ thập đỏ",
    "Hội Người cao tuổi",
    "Liên đoàn Lao động",
    "Liên hiệp các Hội Khoa học và Kỹ thuật",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Ban Chỉ đạo phòng, chống dịch Covid-19",
    "Ban Chỉ đạo",
    "Công an",
    "Thanh tra",
    "Ban cán sự đảng",
    "Đảng đoàn",
    "Đảng ủy Quân sự",
    "Đảng ủy Công an",
    "Đảng ủy Bộ đội Biên phòng",
    "Đảng ủy Bộ Chỉ huy Bộ đội Biên phòng",
    "Đảng ủy Khối các cơ quan",
    "Đảng ủy Khối Doanh nghiệp",
    "Bộ đội Biên phòng",
)

#: Party committees below the centre, as they head or close a unit name.
COMMITTEES: tuple[str, ...] = ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy")

# "Ban Tuyên giáo Tỉnh ủy" is one name: without the committee a finder would
# stop at "Ban Tuyên giáo" and leave "Tỉnh ủy" to be read as a second unit.
_DEPARTMENTS_OF_COMMITTEES = tuple(f"{d} {c}" for c in COMMITTEES for d in PARTY_DEPARTMENTS)

#: Every organ name the finder knows, canonical spelling.
ORGAN_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(
        CENTRAL_ORGANS
        + PARTY_DEPARTMENTS
        + _PROVINCE_STATE
        + _DISTRICT_STATE
        + _ANY_LEVEL
        + COMMITTEES
        + _DEPARTMENTS_OF_COMMITTEES
    )
)

#: Short or variant spellings -> canonical organ name.
ORGAN_ALIASES: dict[str, str] = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "MTTQ Việt Nam": "Mặt trận Tổ quốc Việt Nam",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban MTTQ": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "BCĐ": "Ban Chỉ đạo",
    "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành",
    "UBKT": "Ủy ban Kiểm tra",
    "VPTU": "Văn phòng Tỉnh ủy",
    "VPCP": "Văn phòng Chính phủ",
    "Ban Bí thư": "Ban Bí thư Trung ương Đảng",
    "Ban Bí thư Trung ương": "Ban Bí thư Trung ương Đảng",
    "Ban Bí thư TW": "Ban Bí thư Trung ương Đảng",
    "Ban Bí thư TW Đảng": "Ban Bí thư Trung ương Đảng",
    "Thường trực Ban Bí thư": "Thường trực Ban Bí thư Trung ương Đảng",
    "Thường trực Ban Bí thư Trung ương": "Thường trực Ban Bí thư Trung ương Đảng",
    "Thường trực Ban Bí thư TW": "Thường trực Ban Bí thư Trung ương Đảng",
    "Thường trực Ban Bí thư TW Đảng": "Thường trực Ban Bí thư Trung ương Đảng",
    "Ban Chấp hành Trung ương": "Ban Chấp hành Trung ương Đảng",
    "BCH Trung ương": "Ban Chấp hành Trung ương Đảng",
    "BCH TW": "Ban Chấp hành Trung ương Đảng",
    "Văn phòng Trung ương": "Văn phòng Trung ương Đảng",
    "Văn phòng TW": "Văn phòng Trung ương Đảng",
    "Văn phòng TW Đảng": "Văn phòng Trung ương Đảng",
    "Thủ tướng": "Thủ tướng Chính phủ",
    "BCĐ Quốc gia phòng, chống dịch Covid-19": "Ban Chỉ đạo Quốc gia phòng, chống dịch Covid-19",
    "BCĐ phòng, chống dịch Covid-19": "Ban Chỉ đạo phòng, chống dịch Covid-19",
    "Ban Chỉ đạo phòng chống dịch Covid": "Ban Chỉ đạo phòng, chống dịch Covid-19",
    "Ban Chỉ đạo phòng chống Covid-19": "Ban Chỉ đạo phòng, chống dịch Covid-19",
    "Ban Chỉ đạo phòng, chống dịch bệnh Covid-19": "Ban Chỉ đạo phòng, chống dịch Covid-19",
    "Sở TT&TT": "Sở Thông tin và Truyền thông",
    "Sở TTTT": "Sở Thông tin và Truyền thông",
    "Sở VHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "Sở VH-TT&DL": "Sở Văn hóa, Thể thao và Du lịch",
    "Sở GD&ĐT": "Sở Giáo dục và Đào tạo",
    "Sở GDĐT": "Sở Giáo dục và Đào tạo",
    "Sở KH&ĐT": "Sở Kế hoạch và Đầu tư",
    "Sở KHĐT": "Sở Kế hoạch và Đầu tư",
    "Sở TN&MT": "Sở Tài nguyên và Môi trường",
    "Sở TNMT": "Sở Tài nguyên và Môi trường",
    "Sở NN&PTNT": "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở NNPTNT": "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở LĐ-TB&XH": "Sở Lao động - Thương binh và Xã hội",
    "Sở LĐTBXH": "Sở Lao động - Thương binh và Xã hội",
    "Sở GTVT": "Sở Giao thông vận tải",
    "Sở KH&CN": "Sở Khoa học và Công nghệ",
    "Sở KHCN": "Sở Khoa học và Công nghệ",
    "Hội LHPN": "Hội Liên hiệp Phụ nữ",
    "Hội CCB": "Hội Cựu chiến binh",
    "LĐLĐ": "Liên đoàn Lao động",
    "Đoàn TNCS Hồ Chí Minh": "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Tỉnh đoàn": "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Trung tâm Văn hóa - Thể thao & Truyền thông": "Trung tâm Văn hóa - Thể thao và Truyền thông",
    "Bộ CHQS": "Bộ Chỉ huy Quân sự",
    "BĐBP": "Bộ đội Biên phòng",
}

# Common words that name an organ only when written with a capital.
_NEEDS_CAPITAL = frozenset({"Thường trực", "Văn phòng", "Thanh tra", "Công an", "Ban Chỉ đạo"})

_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding one character to one: filled on first sight."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if c in "đĐ":
            folded = "d"
        else:
            base = unicodedata.normalize("NFD", c)[:1].lower()
            folded = base if base in _ASCII_ALNUM else " "
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


# ASCII bytes as _FOLD_TABLE folds them: letters and digits lower case, the rest a space.
_ASCII_FOLD = bytes(
    ord(chr(b).lower()) if chr(b).lower() in _ASCII_ALNUM else ord(" ") for b in range(256)
)


def _fold_same_length(text: str) -> str:
    """Fold char by char so offsets in the result are offsets in ``text``."""
    letters = ascii_letters(text)
    if letters is not None:
        return letters.translate(_ASCII_FOLD).decode("ascii")
    if len(text) < 40:
        return text.translate(_FOLD_TABLE)
    return "".join(
        run.translate(_ASCII_FOLD).decode("ascii")
        if isinstance(run, bytes)
        else run.translate(_FOLD_TABLE)
        for run in ascii_letter_runs(text)
    )


def _words(name: str) -> tuple[str, ...]:
    # "và" and "&" are optional between any two words (see _SEP), so drop them.
    return tuple(w for w in _fold_same_length(name).split() if w != "va")


def organ_key(name: str) -> str:
    """The comparison key of an organ name: folded, punctuation and "và" dropped.

    >>> organ_key("Sở Văn hoá - Thể thao & Du lịch") == organ_key("Sở Văn hóa, Thể thao và Du lịch")
    True
    """
    return " ".join(_words(unicodedata.normalize("NFC", name)))


@lru_cache(maxsize=1)
def _canonical_by_key() -> dict[str, str]:
    table = {organ_key(n): n for n in ORGAN_NAMES}
    for alias, canonical in ORGAN_ALIASES.items():
        table.setdefault(organ_key(alias), canonical)
    return table


def canonical_organ(name: str) -> str | None:
    """The gazetteer spelling of an organ name, or ``None`` if it is not one.

    >>> canonical_organ("sở lao động, thương binh và xã hội")
    'Sở Lao động - Thương binh và Xã hội'
    >>> canonical_organ("Ban Bí thư")
    'Ban Bí thư Trung ương Đảng'
    >>> canonical_organ("Tỉnh ủy Nam Định") is None
    True
    """
    return _canonical_by_key().get(organ_key(name))


_LEVEL_BY_NAME: dict[str, str] = {
    **{organ_key(n): "central" for n in CENTRAL_ORGANS},
    **{organ_key(n): "province" for n in _PROVINCE_STATE},
    **{organ_key(n): "district" for n in _DISTRICT_STATE},
}


@lru_cache(maxsize=65536)
def organ_level(name: str) -> str | None:
    """The level an organ name implies by itself (``None`` if the place decides).

    >>> organ_level("Ban Bí thư"), organ_level("Ủy ban nhân dân"), organ_level("Sở TT&TT")
    ('central', None, 'province')
    """
    canonical = canonical_organ(name)
    if canonical is None:
        key = organ_key(name)
        if key.startswith("so "):
            return "province"
        if key.startswith("phong "):
            return "district"
        if key.startswith("bo ") and not key.startswith(("bo chi huy", "bo doi")):
            return "central"
        return None
    return _LEVEL_BY_NAME.get(organ_key(canonical))


# Between two words of a name: punctuation/space, then an optional "và".
# The bounded repeats keep the scan linear.
_SEP = r" {1,6}(?:va {1,6})?"


_Trie: TypeAlias = "dict[str, _Trie]"


def _trie_regex(names: list[tuple[str, ...]]) -> str:
    trie: _Trie = {}
    for words in names:
        node = trie
        for w in words:
            node = node.setdefault(w, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        parts = []
        for w, child in sorted(node.items(), key=lambda kv: (-len(kv[0]), kv[0])):
            if not w:
                continue
            head = re.escape(w) + r"(?![a-z0-9])"
            if not child.keys() - {""}:
                parts.append(head)
            elif "" in child:
                # Ends a name and also continues: take the longer name when it fits.
                parts.append(f"{head}(?:{_SEP}{emit(child)})?")
            else:
                parts.append(f"{head}{_SEP}{emit(child)}")
        return "(?:" + "|".join(parts) + ")"

    return emit(trie)


@lru_cache(maxsize=1)
def organ_pattern() -> re.Pattern[str]:
    """The compiled finder: matches organ names in a *folded* text (see :func:`find_organs`).

    Built as a word trie, so at each position the regex follows one branch per
    word instead of trying every name in turn.
    """
    return re.compile(r"(?<![a-z0-9])" + _organ_trie())


@lru_cache(maxsize=1)
def _organ_trie() -> str:
    names = {_words(n) for n in ORGAN_NAMES} | {_words(a) for a in ORGAN_ALIASES}
    return _trie_regex(sorted(n for n in names if n))


@lru_cache(maxsize=1)
def _organ_scan() -> re.Pattern[str]:
    """:func:`organ_pattern` entered at the space before a name, on ``" " + folded``.

    A folded text holds only ``[a-z0-9 ]``, so "no letter or digit before" is
    "a space before" (the leading space stands in for the start): the regex then
    opens with a literal and is tried at word starts only, not at every offset.
    A name ends with a letter or digit, so the space that opens the next name
    is never inside the last match.
    """
    return re.compile(" " + _organ_trie())


def find_organs(text: str) -> list[tuple[int, int, str]]:
    """Every organ name in ``text``: ``(start, end, canonical name)``, left to right.

    Offsets index the NFC form of ``text`` (the text itself when it is NFC).
    The longest name wins where names overlap ("Văn phòng Tỉnh ủy" over
    "Văn phòng"); plain words such as "công an" count only when capitalised.

    >>> find_organs("Giao UBND tỉnh, Ban Chỉ đạo phòng, chống dịch Covid-19 của tỉnh")
    [(5, 9, 'Ủy ban nhân dân'), (16, 54, 'Ban Chỉ đạo phòng, chống dịch Covid-19')]
    >>> find_organs("lực lượng công an, đồng chí Tỉnh ủy viên")
    []
    """
    if len(text) <= _CACHED_LENGTH:  # a unit's name, met again in letter after letter
        return list(_organs_in_name(text))
    return _find_organs(text)


_CACHED_LENGTH = 200


@lru_cache(maxsize=65536)
def _organs_in_name(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(_find_organs(text))


def _find_organs(text: str) -> list[tuple[int, int, str]]:
    text = unicodedata.normalize("NFC", text)
    folded = _fold_same_length(text)
    table = _canonical_by_key()
    found: list[tuple[int, int, str]] = []
    for m in _organ_scan().finditer(" " + folded):
        start, end = m.start(), m.end() - 1  # offsets in folded: one space less
        canonical = table.get(" ".join(w for w in m.group().split() if w != "va"))
        if canonical is None:
            continue
        if canonical in _NEEDS_CAPITAL and not text[start].isupper():
            continue
        # "Tỉnh ủy viên" is a person, a member of the Tỉnh ủy.
        if canonical in COMMITTEES and folded[end : end + 6].lstrip().startswith("vien"):
            continue
        found.append((start, end, canonical))
    return found
