"""Who a unit name in a letter refers to: jurisdiction-qualified unit names.

Letters name units relative to their issuer: "Ban Tuyên giáo Tỉnh ủy" in a Nam
Định letter is the Ban Tuyên giáo of Tỉnh ủy Nam Định; "UBND thành phố" in a
Thành ủy Bắc Kạn letter is Ủy ban nhân dân thành phố Bắc Kạn.  This module
works out the issuer's :class:`Jurisdiction` (against the administrative map
of the document's date), gives every unit name one canonical display form and
one identity key, links a unit to its parent and expands collective addressees
("Các huyện ủy, thành ủy ...") into the units they stand for.

>>> j = jurisdiction_of("TỈNH ỦY NAM ĐỊNH", date="2021-01-06")
>>> j.level, j.province
('province', 'Nam Định')
>>> canonical_unit("Ban Tuyên giáo Tỉnh uỷ", j)[0]
'Ban Tuyên giáo Tỉnh ủy Nam Định'
>>> parent_unit("Ban Tuyên giáo Tỉnh ủy Nam Định", j)
'Tỉnh ủy Nam Định'

Decisions, kept everywhere in the module:

- Central organs are never qualified; "Ban Bí thư", "Ban Bí thư TW" and
  "Ban Bí thư Trung ương Đảng" all read "Ban Bí thư Trung ương Đảng".
- The Mặt trận at any level reads "Ủy ban Mặt trận Tổ quốc Việt Nam <place>".
- The party tree is rooted at "Ban Chấp hành Trung ương Đảng" (parent of a
  Tỉnh ủy), the state tree at "Chính phủ" (parent of a provincial UBND).
- A district or commune name that recurs on the map in force ends in the
  places that tell it apart (see :func:`graph.unitplaces.namesake_suffix`):
  "Huyện ủy Châu Thành, tỉnh Tiền Giang", "Ủy ban nhân dân xã Yên Thọ, huyện
  Ý Yên, tỉnh Nam Định".  Unique names stay short ("Huyện ủy Ý Yên").  Every
  function here writes the same suffix for the same unit, and reads it back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from graph.adminmap import map_for
from graph.jurisdiction import (
    PARTY_WORDS,
    Jurisdiction,
    issuer_level,
    jurisdiction_of,
    resolve_phrase,
    split_qualifier,
)
from graph.names import fold, name_key, tidy
from graph.organs import (
    ORGAN_NAMES,
    PARTY_DEPARTMENTS,
    canonical_organ,
    find_organs,
    organ_level,
    organ_pattern,
)
from graph.unitplaces import (
    Phrase,
    committee_name,
    commune_suffix,
    expand_display_abbreviations,
    is_collective,
    listed_committee_kinds,
    namesake_suffix,
    place_phrases,
    title_words,
)

__all__ = [
    "Jurisdiction",
    "jurisdiction_of",
    "issuer_level",
    "canonical_unit",
    "unit_key",
    "parent_unit",
    "parent_of",
    "expand_collective",
    "is_collective",
    "ORGAN_NAMES",
    "organ_pattern",
    "find_organs",
]


# -- canonical names --------------------------------------------------------

_BULLET = re.compile(r"^[-+•*>#\s]{1,8}")
_NOTE = re.compile(
    r"\s{0,3}\((?:để|đề|de|t/h|c/đ|b/c|p/h|đ/b)[^()]{0,40}\)[\s,.;:]{0,5}$", re.IGNORECASE
)
_TRAILING = re.compile(r"[\s,.;:*_/]{1,10}$")
_MARKS = re.compile(r"[*_#`]{1,3}")
_OF = ("của", "cấp", "ở", "trong")
_MTTQ = frozenset({"Mặt trận Tổ quốc", "Mặt trận Tổ quốc Việt Nam"})
_MTTQ_FULL = "Ủy ban Mặt trận Tổ quốc Việt Nam"


def _clean(text: str) -> str:
    s = _MARKS.sub("", tidy(text))
    s = _BULLET.sub("", s)
    for _ in range(2):
        s = _TRAILING.sub("", _NOTE.sub("", s))
    return s.strip()


def _normalise_head(display: str) -> str:
    """Spell the organ that opens the name as the gazetteer does."""
    hits = find_organs(display)
    if not hits or hits[0][0] != 0:
        return display
    _start, end, canonical = hits[0]
    rest = display[end:]
    # The Mặt trận alone (or with its place) is its Ủy ban; in a list it stays as written.
    if canonical in _MTTQ and not re.search(r",|;| và | các ", rest):
        canonical = _MTTQ_FULL
    return canonical + rest


def unit_key(display: str) -> str:
    """The identity key of a canonical unit name (see :func:`graph.names.name_key`).

    >>> unit_key("Ủy ban nhân dân tỉnh Sơn La") == unit_key("UBND TỈNH SƠN LA")
    True
    """
    return name_key(display)


@lru_cache(maxsize=65536)
def canonical_unit(text: str, jurisdiction: Jurisdiction | None = None) -> tuple[str, str]:
    """(canonical display name, identity key) of a unit named in a letter of ``jurisdiction``.

    Abbreviations are spelled out, the organ's spelling normalised, and a
    relative name qualified by the issuer's place.  Leading "Các", "các đồng
    chí", "đ/c" stay in the display and drop out of the key.

    >>> nd = jurisdiction_of("TỈNH ỦY NAM ĐỊNH", date="2021-01-06")
    >>> canonical_unit("Sở Y tế", nd)[0]
    'Sở Y tế tỉnh Nam Định'
    >>> canonical_unit("Ban Chỉ đạo phòng, chống dịch Covid-19 của tỉnh", nd)[0]
    'Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh Nam Định'
    >>> canonical_unit("MTTQ", nd)[0]
    'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Nam Định'
    >>> bk = jurisdiction_of("THÀNH ỦY BẮC KẠN", "ĐẢNG BỘ TỈNH BẮC KẠN", date="2021-04-29")
    >>> canonical_unit("UBND thành phố", bk)[0]
    'Ủy ban nhân dân thành phố Bắc Kạn'
    >>> canonical_unit("Ban Bí thư", None) == canonical_unit("Ban Bí thư TW Đảng (để b/c)", nd)
    True
    """
    display = _display(text)
    if not display:
        return "", ""
    if organ_level(display) != "central" and jurisdiction is not None:
        base, where = split_qualifier(display, jurisdiction.date)
        if where is not None:  # the written suffix places the name, whoever wrote it
            display = _qualify(base, replace(where, side=jurisdiction.side))
        else:
            display = _qualify(display, jurisdiction)
    display = display[:1].upper() + display[1:]
    return display, unit_key(display)


# The spelling of a name does not depend on who wrote it: the same addressees
# recur under every issuer, worked out once.
@lru_cache(maxsize=65536)
def _display(text: str) -> str:
    return _normalise_head(expand_display_abbreviations(_clean(text)))


def _phrase_text(ph: Phrase, name: str) -> str:
    if ph.committee and ph.level == "commune":
        return f"Đảng ủy {ph.kind} {name}"
    if ph.committee and ph.level == "province":
        return f"Tỉnh ủy {name}"
    if ph.committee:
        return committee_name("district", ph.kind, name)
    return f"{ph.kind} {name}"


def _qualify(display: str, j: Jurisdiction) -> str:
    words = display.split()
    phrases = place_phrases(display)
    collective = is_collective(display)
    last = phrases[-1] if phrases else None
    if last is not None and last.end == len(words):
        prefix = words[: last.start]
        if last.name:
            place = resolve_phrase(last, map_for(j.date), j if j.province else None, j.date)
            name = _name_at(place, last) if place else None
            text = _phrase_text(last, name or title_words(last.name))
            suffix = _suffix(last, name, place) if place and name else ""
            return " ".join([*prefix, text]) + suffix
        filled = _fill(last, j, collective)
        if filled is None:
            return display
        if prefix and prefix[-1].lower() in _OF:
            prefix = prefix[:-1]
        return " ".join([*prefix, _phrase_text(last, filled)]) + _suffix(last, filled, j)
    if collective or phrases:
        return display
    for own_level, own in (("district", j.district), ("province", j.province)):
        # "Sở Y tế Nam Định": the place is there, only its kind is missing.
        if own and fold(display).endswith(" " + fold(own)):
            cut = len(display.split()) - len(own.split())
            return " ".join([*display.split()[:cut], j.phrase(own_level) or own])
    canonical = canonical_organ(display)
    level = organ_level(display)
    if canonical in PARTY_DEPARTMENTS:
        if canonical == "Văn phòng" and j.side == "state":
            return _state_office(j) or display
        if canonical == "Thường trực" and j.side != "party":
            return display
        return f"{display} {j.committee}" if j.committee else display
    if level in ("province", "district"):
        where = j.phrase(level)
    elif canonical is not None or fold(display).startswith(("so ", "phong ")):
        where = j.phrase()
    else:
        return display
    return f"{display} {where}" if where else display


def _suffix(ph: Phrase, name: str, place: Jurisdiction) -> str:
    """The namesake suffix of the place ``ph`` names (``name``), inside ``place``."""
    amap = map_for(place.date)
    if ph.level == "commune":
        return namesake_suffix(amap, place.province, place.district, place.district_kind,
                               name, ph.kind)
    if ph.level in ("city", "district"):
        return namesake_suffix(amap, place.province, name, ph.kind)
    return ""


def _state_office(j: Jurisdiction) -> str | None:
    """The office of a people's committee ("Văn phòng" in a UBND letter)."""
    where = j.phrase()
    if j.level == "province" and where:
        return f"Văn phòng Ủy ban nhân dân {where}"
    if j.level == "district" and where:
        return f"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {where}"
    return None


def _name_at(place: Jurisdiction, ph: Phrase) -> str | None:
    if ph.level == "province" or (ph.level == "city" and place.level == "province"):
        return place.province
    if ph.level in ("city", "district"):
        return place.district
    return place.commune


def _fill(ph: Phrase, j: Jurisdiction, collective: bool) -> str | None:
    """The place a bare kind word ("tỉnh", "Thành ủy") stands for in a letter of ``j``."""
    # "các huyện ủy, thành ủy": plural committees, lower case, are not the issuer's own.
    if ph.committee and collective and ph.kind_text[:1].islower():
        return None
    if ph.level == "province":
        return j.province
    if ph.level == "city":
        if j.district and j.district_kind == "thành phố":
            return j.district
        if j.province_kind == "thành phố":
            return j.province
        if collective or j.level != "province" or not j.province:
            return None
        cities = [d for d in map_for(j.date).districts(j.province) if d.kind == "thành phố"]
        return cities[0].name if len(cities) == 1 else None
    if ph.level == "district":
        return j.district if j.district_kind == ph.kind else None
    return j.commune if j.commune_kind == ph.kind else None



# -- the unit tree ------------------------------------------------------------

_CENTRAL_PARENT = {
    "Thường trực Ban Bí thư Trung ương Đảng": "Ban Bí thư Trung ương Đảng",
    "Ủy ban Thường vụ Quốc hội": "Quốc hội",
    "Bộ Tư lệnh Bộ đội Biên phòng": "Bộ Quốc phòng",
    "Thủ tướng Chính phủ": "Chính phủ",
}
_CENTRAL_ROOTS = frozenset({
    "Ban Chấp hành Trung ương Đảng", "Quốc hội", "Chính phủ", "Chủ tịch nước",
    "Tòa án nhân dân tối cao", "Viện Kiểm sát nhân dân tối cao", "Kiểm toán Nhà nước",
})
_PARTY_ROOT = "Ban Chấp hành Trung ương Đảng"
_STATE_ROOT = "Chính phủ"
#: Mass organisations: a branch's parent is the same body one level up.
_MASS_CENTRAL = {
    _MTTQ_FULL: "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Liên đoàn Lao động": "Tổng Liên đoàn Lao động Việt Nam",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh": "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Hội Liên hiệp Phụ nữ": "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
    "Hội Nông dân": "Trung ương Hội Nông dân Việt Nam",
    "Hội Cựu chiến binh": "Trung ương Hội Cựu chiến binh Việt Nam",
    "Hội Chữ thập đỏ": None,
    "Hội Người cao tuổi": None,
}
# Heads of state bodies that answer to the people's committee of their place.
_UNDER_UBND = ("so ", "phong ", "van phong", "ban chi dao", "trung tam", "thanh tra",
               "ban dan toc", "ban quan ly", "dai phat thanh", "bao hiem xa hoi")


def _central_parent(name: str) -> str | None:
    canonical = canonical_organ(name) or name
    if canonical in _CENTRAL_PARENT:
        return _CENTRAL_PARENT[canonical]
    if canonical in _CENTRAL_ROOTS or organ_level(canonical) != "central":
        return None
    key = fold(canonical)
    if PARTY_WORDS.search(key) or key.endswith("trung uong"):
        return _PARTY_ROOT
    if key.startswith("trung uong") or key.startswith(("uy ban trung uong", "tong lien doan")):
        return None
    return _STATE_ROOT


def _up(place: Jurisdiction) -> Jurisdiction | None:
    """The place one level up; the current map has no districts, so a commune goes to
    its province."""
    if place.level == "commune":
        return place.at("district" if place.district else "province")
    if place.level == "district" and place.province:
        return place.at("province")
    return None


@lru_cache(maxsize=65536)
def parent_unit(canonical_name: str, jurisdiction: Jurisdiction | None = None) -> str | None:
    """The canonical name of the unit ``canonical_name`` belongs to, or ``None``.

    Departments belong to their committee or people's committee; a committee
    to the committee one level up; a Tỉnh ủy to "Ban Chấp hành Trung ương
    Đảng", a provincial UBND to "Chính phủ".  Councils (HĐND) and military
    commands have no parent here.  Read against the map of the jurisdiction's date.

    >>> nd = jurisdiction_of("TỈNH ỦY NAM ĐỊNH", date="2021-01-06")
    >>> parent_unit("Sở Y tế tỉnh Nam Định", nd)
    'Ủy ban nhân dân tỉnh Nam Định'
    >>> parent_unit("Huyện ủy Ý Yên", nd), parent_unit("Tỉnh ủy Nam Định", nd)
    ('Tỉnh ủy Nam Định', 'Ban Chấp hành Trung ương Đảng')
    >>> parent_unit("Ủy ban nhân dân phường Sông Cầu", None)
    'Ủy ban nhân dân thành phố Bắc Kạn'
    >>> parent_unit("Thường trực Ban Bí thư", None)
    'Ban Bí thư Trung ương Đảng'
    """
    j = jurisdiction or Jurisdiction(None)
    name, named_in = split_qualifier(canonical_unit(canonical_name, j)[0], j.date)
    words = name.split()
    phrases = place_phrases(name)
    last = phrases[-1] if phrases else None
    if last is None or last.end != len(words) or not last.name:
        return _central_parent(name)
    context = named_in or (j if j.province else None)
    place = resolve_phrase(last, map_for(j.date), context, j.date)
    if place is None:
        return None
    head = " ".join(words[: last.start])
    hk = fold(head)
    up = _up(place)
    if last.committee:
        if head:
            return place.committee
        return up.committee if up is not None else _PARTY_ROOT
    if not head or hk.startswith(("hoi dong nhan dan", "bo chi huy", "ban chi huy")):
        return None
    if hk == "uy ban nhan dan":
        where = up.phrase() if up is not None else None
        return f"Ủy ban nhân dân {where}" if where else _STATE_ROOT
    if hk.startswith(("dang uy", "ban can su dang", "dang doan")):
        return place.committee
    if hk.startswith("thuong truc hoi dong nhan dan"):
        return f"Hội đồng nhân dân {place.phrase()}"
    if hk == "cong an":
        where = up.phrase() if up is not None else None
        return f"Công an {where}" if where else "Bộ Công an"
    if head in _MASS_CENTRAL:
        where = up.phrase() if up is not None else None
        return f"{head} {where}" if where else _MASS_CENTRAL[head]
    if hk.startswith(_UNDER_UBND):
        return f"Ủy ban nhân dân {place.phrase()}"
    return None


def parent_of(
    canonical_name: str, jurisdiction: Jurisdiction | None = None
) -> tuple[str, str] | None:
    """:func:`parent_unit` as ``(canonical name, key)``, for the graph builder.

    >>> parent_of("Ban Tuyên giáo Tỉnh ủy Nam Định")
    ('Tỉnh ủy Nam Định', 'tinh uy nam dinh')
    """
    parent = parent_unit(canonical_name, jurisdiction)
    return (parent, unit_key(parent)) if parent else None


# -- collectives --------------------------------------------------------------

# A listed kind: two-word kinds first; "thị"/"thành" alone abbreviate a list
# ("các huyện, thị, thành ủy").
_LIST_KINDS = (
    ("thi xa", "thị xã"), ("thanh pho", "thành phố"), ("thi tran", "thị trấn"),
    ("dac khu", "đặc khu"), ("huyen", "huyện"), ("quan", "quận"), ("xa", "xã"),
    ("phuong", "phường"), ("tinh", "tỉnh"), ("thi", "thị xã"), ("thanh", "thành phố"),
)
_DISTRICT_KINDS = frozenset({"huyện", "quận", "thị xã", "thành phố"})
_COMMUNE_KINDS = frozenset({"xã", "phường", "thị trấn", "đặc khu"})


def _listed_kinds(body: str) -> list[str]:
    """The kinds a folded list opens with: "huyen thi xa thanh pho tren dia ban"."""
    kinds: list[str] = []
    rest = body.split()
    while rest:
        if rest[0] == "va":
            rest = rest[1:]
            continue
        for folded, kind in _LIST_KINDS:
            n = folded.count(" ") + 1
            if " ".join(rest[:n]) == folded:
                kinds.append(kind)
                rest = rest[n:]
                break
        else:
            break
    return list(dict.fromkeys(kinds))


def expand_collective(
    text: str, jurisdiction: Jurisdiction | None, date: str | None = None
) -> list[tuple[str, str]] | None:
    """The concrete units a collective addressee stands for, as (name, key) pairs.

    Party committees of districts ("Các huyện ủy, thành ủy, đảng ủy trực
    thuộc tỉnh", "Các huyện, thị, thành ủy") expand to the Huyện/Quận/Thị/Thành
    ủy of each district of the issuer's province, by district kind.  Đảng ủy
    trực thuộc (Quân sự, Công an, Khối ...) are not on the map and are left
    out.  "UBND các huyện, thành phố", "Ủy ban nhân dân các xã, phường" expand
    to the people's committee of each listed kind below the issuer.  ``None``
    when the text is not a collective the map can expand (including district
    lists on the 2025 map, which has no districts).

    >>> nd = jurisdiction_of("TỈNH ỦY NAM ĐỊNH", date="2021-01-06")
    >>> units = expand_collective("Các huyện uỷ, thành uỷ, đảng uỷ trực thuộc tỉnh", nd)
    >>> [name for name, _key in units][:3]
    ['Thành ủy Nam Định', 'Huyện ủy Vụ Bản', 'Huyện ủy Ý Yên']
    >>> bk = jurisdiction_of("THÀNH ỦY BẮC KẠN", "ĐẢNG BỘ TỈNH BẮC KẠN", date="2021-04-29")
    >>> expand_collective("Ủy ban nhân dân các xã, phường", bk)[0][0]
    'Ủy ban nhân dân phường Nguyễn Thị Minh Khai'
    >>> expand_collective("Bí thư các huyện ủy, thành ủy", nd) is None
    True
    """
    j = jurisdiction
    if j is None or j.level is None or not is_collective(text):
        return None
    amap = map_for(date or j.date)
    display = _normalise_head(expand_display_abbreviations(_clean(text)))
    words = display.split()
    folded_words = [fold(w) for w in words]
    k = folded_words.index("cac") if "cac" in folded_words else 0
    head = " ".join(words[:k]).strip(" ,;")
    body = " ".join(folded_words[k + 1 if folded_words[k:k + 1] == ["cac"] else k :])
    head_canonical = canonical_organ(head) if head else None
    if head_canonical in _MTTQ:
        head_canonical = _MTTQ_FULL
    committee_kinds = listed_committee_kinds(body.split())
    names: list[str] = []
    if committee_kinds:
        if head and head_canonical not in PARTY_DEPARTMENTS:
            return None
        prefix = f"{head_canonical} " if head_canonical else ""
        if j.level == "central":
            names = [prefix + committee_name("province", p.kind, p.name)
                     for p in amap.provinces()
                     if ("tỉnh" if p.kind == "tỉnh" else "thành phố") in committee_kinds]
        elif j.level == "province" and j.province and amap.has_districts:
            names = [prefix + committee_name("district", d.kind, d.name)
                     + namesake_suffix(amap, d.province, d.name, d.kind)
                     for d in amap.districts(j.province) if d.kind in committee_kinds]
        return [(n, unit_key(n)) for n in names] if names else None
    kinds = _listed_kinds(body)
    if not kinds or not head:
        return None
    if fold(head) == "dang uy":
        organ = "Đảng ủy"
    elif head_canonical is not None and organ_level(head_canonical) != "central":
        organ = head_canonical
    else:
        return None
    if _COMMUNE_KINDS & set(kinds):
        if j.level == "district" and j.province and j.district and amap.has_districts:
            d = amap.district(j.province, f"{j.district_kind} {j.district}")
            pool = amap.communes(d) if d else []
        elif j.level == "province" and j.province:
            pool = amap.communes(j.province)
        else:
            return None
        names = [f"{organ} {c.kind} {c.name}" + commune_suffix(amap, c)
                 for c in pool if c.kind in kinds]
    elif _DISTRICT_KINDS & set(kinds) and j.level == "province" and j.province:
        names = [f"{organ} {d.kind} {d.name}" + namesake_suffix(amap, d.province, d.name, d.kind)
                 for d in amap.districts(j.province) if d.kind in kinds]
    elif "tỉnh" in kinds and j.level == "central":
        names = [f"{organ} {p.kind} {p.name}" for p in amap.provinces()
                 if p.kind in kinds]
    return [(n, unit_key(n)) for n in names] if names else None
