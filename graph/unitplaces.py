"""Place phrases inside unit names: "tỉnh Nam Định", "Huyện ủy Ý Yên", "thành phố".

A unit name ends, as a rule, in the place it serves, introduced by a kind word
("tỉnh", "huyện", "xã" ...) or by a party committee ("Tỉnh ủy", "Thành ủy" ...).
:func:`place_phrases` finds those phrases, named or bare; :mod:`graph.units`
decides what they refer to.  The resolvers look names up on an
:class:`~graph.adminmap.AdminMap`.

>>> [(p.level, p.kind, p.name, p.committee) for p in place_phrases("Ban Tuyên giáo Tỉnh ủy")]
[('province', 'tỉnh', '', True)]
>>> [(p.level, p.name) for p in place_phrases("ỦY BAN NHÂN DÂN TỈNH SƠN LA")]
[('province', 'SƠN LA')]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from graph.adminmap import AdminMap, Commune, District, Province, map_for, place_key, short_key
from graph.names import fold, tidy
from graph.organs import find_organs

__all__ = [
    "Phrase",
    "place_phrases",
    "title_words",
    "committee_name",
    "expand_display_abbreviations",
    "resolve_province",
    "resolve_district",
    "resolve_commune",
    "is_collective",
    "listed_committee_kinds",
    "namesake_suffix",
    "commune_suffix",
    "KIND_COMMITTEE",
    "COMMITTEE_KIND",
]

#: District kind -> the party committee of such a district.
KIND_COMMITTEE = {
    "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
    "huyện": "Huyện ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
}
#: Folded committee word -> (level, kind); "city" is a province or a district.
COMMITTEE_KIND = {
    "tinh uy": ("province", "tỉnh"),
    "thanh uy": ("city", "thành phố"),
    "huyen uy": ("district", "huyện"),
    "quan uy": ("district", "quận"),
    "thi uy": ("district", "thị xã"),
}
# Kind words in lower case with diacritics ("quận" is not "quân").
_KINDS2 = {
    "tỉnh ủy": ("province", "tỉnh", True),
    "thành ủy": ("city", "thành phố", True),
    "huyện ủy": ("district", "huyện", True),
    "quận ủy": ("district", "quận", True),
    "thị ủy": ("district", "thị xã", True),
    "thành phố": ("city", "thành phố", False),
    "thị xã": ("district", "thị xã", False),
    "thị trấn": ("commune", "thị trấn", False),
    "đặc khu": ("commune", "đặc khu", False),
}
_KINDS1 = {
    "tỉnh": ("province", "tỉnh", False),
    "huyện": ("district", "huyện", False),
    "quận": ("district", "quận", False),
    "xã": ("commune", "xã", False),
    "phường": ("commune", "phường", False),
}
_PUNCT = ",.;:()[]\"'“”*!?"
_MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class Phrase:
    """A kind word and the place name after it (``name`` empty when bare)."""

    start: int  # word index of the kind word (of "Đảng ủy" for a commune committee)
    end: int  # word index after the name
    level: str  # "province" | "city" | "district" | "commune"
    kind: str
    committee: bool
    name: str
    kind_text: str  # the kind word(s) as written


def _name_like(word: str) -> bool:
    core = word.strip(_PUNCT)
    return bool(core) and (core[0].isupper() or core[0].isdigit() or core == "-")


def place_phrases(text: str) -> list[Phrase]:
    """Every kind word in ``text`` with the capitalised words that follow it.

    >>> [(p.kind, p.name) for p in place_phrases("UBND thành phố, Huyện ủy Ý Yên")]
    [('thành phố', ''), ('huyện', 'Ý Yên')]
    >>> [(p.kind, p.name, p.committee) for p in place_phrases("Đảng ủy xã Yên Lợi")]
    [('xã', 'Yên Lợi', True)]
    >>> place_phrases("các đoàn thể chính trị - xã hội")
    []
    """
    return list(_phrases(text))


# Asked of the same names again and again (each unit, under each issuer).
@lru_cache(maxsize=65536)
def _phrases(text: str) -> tuple[Phrase, ...]:
    words = text.split()
    low = [w.lower().strip(_PUNCT) for w in words]
    out: list[Phrase] = []
    i = 0
    while i < len(words):
        two = f"{low[i]} {low[i + 1]}" if i + 1 < len(words) else ""
        if two in _KINDS2 and not words[i].endswith(tuple(_PUNCT)):
            level, kind, committee = _KINDS2[two]
            width = 2
        elif low[i] in _KINDS1:
            level, kind, committee = _KINDS1[low[i]]
            width = 1
        else:
            i += 1
            continue
        kind_end = i + width
        # "chính trị - xã hội" is not a commune called Hội.
        if kind == "xã" and kind_end < len(words) and fold(low[kind_end]) == "hoi":
            i = kind_end
            continue
        # "Tỉnh đoàn Quảng Ninh", "Huyện đoàn": the Youth Union's committee, not a place.
        if width == 1 and kind_end < len(words) and fold(low[kind_end]) == "doan":
            i = kind_end + 1
            continue
        start = i
        if level == "commune" and i >= 2 and f"{low[i - 2]} {low[i - 1]}" == "đảng ủy":
            committee, start = True, i - 2
        j = kind_end
        name: list[str] = []
        numbered = (
            committee
            and j + 1 < len(words)
            and low[j] in _KINDS1
            and words[j + 1].strip(_PUNCT)[:1].isdigit()
        )
        if numbered:  # "Quận ủy Quận 1"
            name = [words[j + 1].strip(_PUNCT)]
            j += 2
        elif not words[kind_end - 1].endswith(tuple(_PUNCT)):
            while j < len(words) and len(name) < _MAX_NAME_WORDS and _name_like(words[j]):
                nxt = f"{low[j]} {low[j + 1]}" if j + 1 < len(words) else ""
                if low[j] in _KINDS1 or nxt in _KINDS2:
                    break
                name.append(words[j].strip(_PUNCT))
                j += 1
                if words[j - 1].endswith((",", ";", ":", ")")):
                    break
        kind_text = " ".join(w.strip(_PUNCT) for w in words[i:kind_end])
        out.append(Phrase(start, j, level, kind, committee, " ".join(name), kind_text))
        i = j if name else kind_end
    return tuple(out)


def title_words(name: str) -> str:
    """Capitalise an upper-case place name word by word ("Ý YÊN" -> "Ý Yên").

    >>> title_words("NAM ĐỊNH"), title_words("Bà Rịa - Vũng Tàu")
    ('Nam Định', 'Bà Rịa - Vũng Tàu')
    """
    if name != name.upper():
        return name
    return " ".join(w[:1] + w[1:].lower() for w in name.split())


def committee_name(level: str, kind: str | None, name: str) -> str:
    """The party committee of a place.

    >>> committee_name("province", "thành phố", "Hà Nội")
    'Thành ủy Hà Nội'
    >>> committee_name("commune", "xã", "Yên Lợi")
    'Đảng ủy xã Yên Lợi'
    >>> committee_name("district", "quận", "1")
    'Quận ủy Quận 1'
    """
    if level == "commune":
        return f"Đảng ủy {kind or 'xã'} {name}"
    if level == "province":
        return f"{'Thành ủy' if kind == 'thành phố' else 'Tỉnh ủy'} {name}"
    kind = kind or "huyện"
    if name[:1].isdigit():  # "Quận ủy Quận 1", never "Quận ủy 1"
        name = f"{kind[:1].upper()}{kind[1:]} {name}"
    return f"{KIND_COMMITTEE.get(kind, 'Huyện ủy')} {name}"


_ABBR = {
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "UBND": "Ủy ban nhân dân",
    "ƯBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành",
    "BCĐ": "Ban Chỉ đạo",
    "BCS": "Ban cán sự",
    "UBKT": "Ủy ban Kiểm tra",
    "VPTU": "Văn phòng Tỉnh ủy",
    "VPCP": "Văn phòng Chính phủ",
    "LĐLĐ": "Liên đoàn Lao động",
    "TW": "Trung ương",
    "TƯ": "Trung ương",
    "UV": "Ủy viên",
    "đ/c": "đồng chí",
    "Đ/c": "Đồng chí",
    "đ/ c": "đồng chí",
}
_ABBR_RE = re.compile(
    r"(?<![\w/])(" + "|".join(sorted(map(re.escape, _ABBR), key=len, reverse=True)) + r")(?![\w/])"
)
_PLACE_ABBR = re.compile(r"(?<!\w)(TP|Tp|tp|TX|Tx|tx)(?:\.[ \t]{0,3}|[ \t]{1,3})(?=\w)")


def _place_abbr(m: re.Match[str]) -> str:
    after = m.string[m.end() : m.end() + 1]
    if not after.isupper():
        return m.group(0)
    return "thành phố " if m.group(1).lower() == "tp" else "thị xã "


def expand_display_abbreviations(text: str) -> str:
    """Spell out the abbreviations of unit names, for display.

    >>> expand_display_abbreviations("UBND TP. Bắc Kạn, MTTQ, BTV Tỉnh ủy")
    'Ủy ban nhân dân thành phố Bắc Kạn, Mặt trận Tổ quốc, Ban Thường vụ Tỉnh ủy'
    >>> expand_display_abbreviations("Ban Bí thư TW, Tp Hồ Chí Minh, tp xanh")
    'Ban Bí thư Trung ương, thành phố Hồ Chí Minh, tp xanh'
    """
    text = _ABBR_RE.sub(lambda m: _ABBR[m.group(1)], text)
    return _PLACE_ABBR.sub(_place_abbr, text)


def _shorter(name: str) -> list[str]:
    words = name.split()
    return [" ".join(words[:k]) for k in range(len(words), 0, -1)]


def resolve_province(name: str, amap: AdminMap) -> Province | None:
    """The province ``name`` names, trailing extra words ignored; the legacy map spells
    a province the current map has merged away.

    >>> resolve_province("NAM ĐỊNH", map_for("2026-01-01")).full
    'Tỉnh Nam Định'
    """
    for candidate in _shorter(name):
        for m in (amap, map_for(None)):
            p = m.province(candidate)
            if p is not None:
                return p
    return None


def resolve_district(
    name: str, kind: str | None, amap: AdminMap, province: str | None
) -> District | None:
    """The district ``kind name`` in ``province``, or anywhere on the map if unique.

    >>> resolve_district("Ý Yên", "huyện", map_for(None), None).province
    'Nam Định'
    >>> resolve_district("Châu Thành", "huyện", map_for(None), None) is None
    True
    """
    if not amap.has_districts:
        return None
    written = f"{kind} {name}" if kind else name
    if province is not None:
        # The map is that of mid-2025: a "thị xã" of 2020 may be a "thành phố" now.
        found = amap.districts_named(province, written) or amap.districts_named(province, name)
        if found:
            return found[0]
    hits = [x for x in amap.find_place(written) if isinstance(x, District)]
    return hits[0] if len(hits) == 1 else None


def resolve_commune(
    name: str, kind: str | None, amap: AdminMap, province: str | None, district: str | None
) -> Commune | None:
    """The commune ``kind name``, inside the given province/district when known.

    >>> resolve_commune("Sông Cầu", "phường", map_for(None), "Bắc Kạn", None).district
    'Thành phố Bắc Kạn'
    >>> resolve_commune("Tứ Hiệp", "xã", map_for(None), None, "Thanh Trì").province
    'Hà Nội'
    """
    written = f"{kind} {name}" if kind else name
    if province is not None:
        dist = None
        if district is not None and amap.has_districts:
            d = amap.district(province, district)
            dist = d.full if d else None
        c = amap.commune(province, written, dist)
        if c is not None:
            return c
    hits = [x for x in amap.find_place(written) if isinstance(x, Commune)]
    if len(hits) > 1 and district is not None:
        # "Đảng bộ huyện Thanh Trì" (two provinces) over "xã Vạn Phúc" (two districts):
        # together they are one place.
        dkey = short_key(district)
        hits = [c for c in hits if c.district and place_key(c.district)[0] == dkey]
    return hits[0] if len(hits) == 1 else None


# A pure function of the name, asked of the same addressees letter after letter.
@lru_cache(maxsize=65536)
def is_collective(text: str) -> bool:
    """Whether a name stands for many units ("Các ...", "UBND các xã", "huyện ủy, thành ủy").

    Words inside an organ's own name ("Ban Quản lý các khu công nghiệp") do not count.

    >>> is_collective("Các huyện uỷ, thành uỷ"), is_collective("UBND các xã, phường")
    (True, True)
    >>> is_collective("Huyện ủy, Thành ủy"), is_collective("Ban Quản lý các khu công nghiệp tỉnh")
    (True, False)
    >>> is_collective("Sở Y tế")
    False
    """
    display = expand_display_abbreviations(tidy(text))
    for start, end, _name in reversed(find_organs(display)):
        if " cac " in f" {fold(display[start:end])} ":
            display = display[:start] + " ORGAN " + display[end:]
    tokens = fold(display).split()
    if not tokens:
        return False
    if tokens[0] in ("cac", "nhung") or "cac" in tokens or "tat ca" in " ".join(tokens):
        return True
    return len(listed_committee_kinds(tokens)) >= 2


_KIND_TOKENS = {"huyen": "huyện", "quan": "quận", "thi": "thị xã", "thanh": "thành phố",
                "tinh": "tỉnh"}


def listed_committee_kinds(tokens: list[str]) -> list[str]:
    """Kinds of a committee list: "huyen uy thanh uy" / "huyen thi thanh uy"."""
    counted = [False] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i] in _KIND_TOKENS and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            counted[i] = nxt == "uy" and (i + 2 >= len(tokens) or tokens[i + 2] != "ban")
            counted[i] = counted[i] or (nxt in _KIND_TOKENS and counted[i + 1])
    kinds = (_KIND_TOKENS[t] for t, c in zip(tokens, counted[:-1], strict=True) if c)
    return list(dict.fromkeys(kinds))


# -- namesakes ------------------------------------------------------------------
#
# Names are keys: two units whose canonical names fold alike are one node.  A
# district-level name that recurs in several provinces ("huyện Châu Thành": 7)
# therefore takes its province ("Huyện ủy Châu Thành, tỉnh Tiền Giang"), and a
# commune-level name that recurs in the country ("xã Tân Phong") takes its
# district and province, the address form of official letters ("xã Tân Phong,
# huyện Quan Sơn, tỉnh Thanh Hóa"; the province alone on the 2025 map, which has
# no districts).  Names unique on the map in force stay short.


@dataclass(frozen=True)
class _Namesakes:
    districts: frozenset[tuple[str, str]]  # (kind, place key) found in 2+ provinces
    communes: frozenset[tuple[str, str]]  # (kind, place key) found 2+ times in the country


@lru_cache(maxsize=8)
def _namesakes(amap: AdminMap) -> _Namesakes:
    districts: Counter[tuple[str, str]] = Counter()
    communes: Counter[tuple[str, str]] = Counter()
    for p in amap.provinces():
        districts.update({(d.kind, short_key(d.name)) for d in amap.districts(p)})
        communes.update((c.kind, short_key(c.name)) for c in amap.communes(p))
    return _Namesakes(
        frozenset(k for k, n in districts.items() if n > 1),
        frozenset(k for k, n in communes.items() if n > 1),
    )


def _written(kind: str | None, name: str) -> str:
    return f"{kind} {name}" if kind else name


@lru_cache(maxsize=65536)
def namesake_suffix(
    amap: AdminMap,
    province: str | None,
    district: str | None = None,
    district_kind: str | None = None,
    commune: str | None = None,
    commune_kind: str | None = None,
) -> str:
    """What follows a district or commune name that is not unique on ``amap``.

    The place must be on the map inside ``province`` (and ``district``, if
    given): a guess is not written into a name.  ``""`` for unique names,
    provinces and places the map does not know.

    >>> m = map_for("2021-01-10")
    >>> namesake_suffix(m, "Tiền Giang", "Châu Thành", "huyện")
    ', tỉnh Tiền Giang'
    >>> namesake_suffix(m, "Nam Định", "Ý Yên", "huyện"), namesake_suffix(m, "Nam Định")
    ('', '')
    >>> namesake_suffix(m, "Nam Định", "Ý Yên", "huyện", "Yên Thọ", "xã")
    ', huyện Ý Yên, tỉnh Nam Định'
    >>> namesake_suffix(map_for("2025-08-01"), "Hà Nội", None, None, "Ba Đình", "phường")
    ''
    """
    p = amap.province(province) if province else None
    if p is None:
        return ""
    tail = f", {p.kind} {p.name}"
    sakes = _namesakes(amap)
    if commune:
        if (commune_kind or "xã", short_key(commune)) not in sakes.communes:
            return ""
        d = amap.district(p, _written(district_kind, district)) if district else None
        if district and amap.has_districts and d is None:
            return ""
        c = amap.commune(p, _written(commune_kind or "xã", commune), d.full if d else None)
        if c is None:
            return ""
        if d is None and c.district:
            d = amap.district(p, c.district)
        return f", {d.kind} {d.name}{tail}" if d is not None else tail
    if district:
        kind = district_kind or "huyện"
        if (kind, short_key(district)) not in sakes.districts:
            return ""
        return tail if amap.districts_named(p, _written(kind, district)) else ""
    return ""


def commune_suffix(amap: AdminMap, c: Commune) -> str:
    """:func:`namesake_suffix` of a commune of the map.

    >>> m = map_for(None)
    >>> commune_suffix(m, m.commune("Nam Định", "xã Yên Thọ", "huyện Ý Yên"))
    ', huyện Ý Yên, tỉnh Nam Định'
    """
    d = amap.district(c.province, c.district) if c.district else None
    return namesake_suffix(amap, c.province, d.name if d else None, d.kind if d else None,
                           c.name, c.kind)
