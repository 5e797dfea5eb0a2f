"""The jurisdiction of an issuer: its level and the places that make it up.

A letter names units relative to its issuer, so everything that qualifies a
name starts here: :func:`jurisdiction_of` reads an issuer line (and the parent
line above it, and the date line's place) against the administrative map of
the document's date.

>>> j = jurisdiction_of("ĐẢNG ỦY PHƯỜNG SÔNG CẦU", "ĐẢNG BỘ THÀNH PHỐ BẮC KẠN", date="2021-05-01")
>>> j.level, j.commune, j.district, j.province
('commune', 'Sông Cầu', 'Bắc Kạn', 'Bắc Kạn')
>>> after = jurisdiction_of("ĐẢNG ỦY PHƯỜNG BA ĐÌNH", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", date="2025-08-01")
>>> after.level, after.district, after.province
('commune', None, 'Hà Nội')
>>> issuer_level("UBND TỈNH NINH BÌNH", date="2025-08-01")
'province'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from graph.adminmap import AdminMap, District, map_for
from graph.names import fold, tidy
from graph.organs import organ_level
from graph.unitplaces import (
    Phrase,
    committee_name,
    expand_display_abbreviations,
    namesake_suffix,
    place_phrases,
    resolve_commune,
    resolve_district,
    resolve_province,
    title_words,
)

__all__ = [
    "Jurisdiction",
    "jurisdiction_of",
    "issuer_level",
    "resolve_phrase",
    "split_qualifier",
    "PARTY_WORDS",
]


@dataclass(frozen=True)
class Jurisdiction:
    """Where an issuer sits: its level and the places that make it up.

    Place names are the map's short names ("Nam Định", "Ý Yên"); kinds are
    lower-case words ("tỉnh", "thành phố", "huyện", "xã").  ``level`` is
    ``None`` when the issuer could not be placed.

    >>> Jurisdiction("district", "Bắc Kạn", "Bắc Kạn", "thành phố").committee
    'Thành ủy Bắc Kạn'
    """

    level: str | None
    province: str | None = None
    district: str | None = None
    district_kind: str | None = None
    commune: str | None = None
    commune_kind: str | None = None
    province_kind: str | None = None
    side: str | None = None  # "party" | "state"
    date: str | None = None

    def phrase(self, level: str | None = None) -> str | None:
        """The place phrase of ``level`` (default: own level): "tỉnh Nam Định".

        A district or commune name that is not unique on the map carries its
        :meth:`suffix`.

        >>> Jurisdiction("district", "Nam Định", "Ý Yên", "huyện").phrase("province")
        'tỉnh Nam Định'
        >>> Jurisdiction("district", "Long An", "Châu Thành", "huyện").phrase()
        'huyện Châu Thành, tỉnh Long An'
        """
        level = level or self.level
        if level == "province" and self.province:
            return f"{self.province_kind or 'tỉnh'} {self.province}"
        if level == "district" and self.district:
            return f"{self.district_kind or 'huyện'} {self.district}{self.suffix(level)}"
        if level == "commune" and self.commune:
            return f"{self.commune_kind or 'xã'} {self.commune}{self.suffix(level)}"
        return None

    def suffix(self, level: str | None = None) -> str:
        """What tells the place of ``level`` from its namesakes: ", tỉnh Tiền Giang".

        >>> Jurisdiction("district", "Tiền Giang", "Châu Thành", "huyện").suffix()
        ', tỉnh Tiền Giang'
        >>> Jurisdiction("district", "Nam Định", "Ý Yên", "huyện").suffix()
        ''
        """
        level = level or self.level
        amap = map_for(self.date)
        if level == "district" and self.district:
            return namesake_suffix(amap, self.province, self.district, self.district_kind)
        if level == "commune" and self.commune:
            return namesake_suffix(amap, self.province, self.district, self.district_kind,
                                   self.commune, self.commune_kind)
        return ""

    @property
    def committee(self) -> str | None:
        """The party committee of the issuer's own level ("Huyện ủy Ý Yên").

        >>> Jurisdiction("district", "Tiền Giang", "Châu Thành", "huyện").committee
        'Huyện ủy Châu Thành, tỉnh Tiền Giang'
        """
        if self.level == "province" and self.province:
            return committee_name("province", self.province_kind, self.province)
        if self.level == "district" and self.district:
            name = committee_name("district", self.district_kind, self.district)
            return name + self.suffix()
        if self.level == "commune" and self.commune:
            return committee_name("commune", self.commune_kind, self.commune) + self.suffix()
        return None

    def at(self, level: str) -> Jurisdiction:
        """The jurisdiction one or more levels up (same province)."""
        if level == "province":
            return replace(self, level="province", district=None, district_kind=None,
                           commune=None, commune_kind=None)
        if level == "district":
            return replace(self, level="district", commune=None, commune_kind=None)
        return replace(self, level=level)


_CENTRAL_WORDS = re.compile(
    r"\b(?:trung uong|chinh phu|quoc hoi|bo chinh tri|ban bi thu|chu tich nuoc|quoc gia"
    r"|thu tuong)\b"
)
PARTY_WORDS = re.compile(
    r"\b(?:tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy|dang bo|dang doan|ban can su dang"
    r"|ban bi thu|bo chinh tri|ban chap hanh|ban thuong vu|ban tuyen giao|ban to chuc"
    r"|ban dan van|uy ban kiem tra|ban noi chinh|van phong trung uong)\b"
)


def _side(folded: str) -> str:
    return "party" if PARTY_WORDS.search(folded) else "state"


@lru_cache(maxsize=4096)
def jurisdiction_of(
    issuer: str, parent: str | None = None, place: str | None = None, date: str | None = None
) -> Jurisdiction:
    """The jurisdiction of an issuer line, read against the map of ``date``.

    ``parent`` is the line above the issuer ("ĐẢNG BỘ TỈNH BẮC KẠN"),
    ``place`` the place of the date line ("TP. Bắc Kạn").  A Thành ủy inside
    a province is district level; the Thành ủy of a centrally run city is
    province level.

    >>> jurisdiction_of("THÀNH ỦY BẮC KẠN", "ĐẢNG BỘ TỈNH BẮC KẠN").committee
    'Thành ủy Bắc Kạn'
    >>> jurisdiction_of("THÀNH ỦY BẮC KẠN", "ĐẢNG BỘ TỈNH BẮC KẠN").level
    'district'
    >>> jurisdiction_of("THÀNH ỦY HÀ NỘI").level
    'province'
    >>> jurisdiction_of("HUYỆN ỦY Ý YÊN", "ĐẢNG BỘ TỈNH NAM ĐỊNH").province
    'Nam Định'
    >>> jurisdiction_of("BAN BÍ THƯ").level, jurisdiction_of("BỘ Y TẾ").side
    ('central', 'state')
    """
    amap = map_for(date)
    text = expand_display_abbreviations(tidy(issuer))
    folded = fold(text)
    side = _side(folded + " " + fold(parent or ""))
    # "Huyện ủy Châu Thành, tỉnh Tiền Giang" carries its own context.
    text, context = split_qualifier(text, date)
    if context is None and parent and fold(parent) != folded:
        context = jurisdiction_of(parent, None, place, date)
        if context.level is None:
            context = None
    if context is None and place:
        context = _from_place(place, amap, date)
    phrases = place_phrases(text)
    if phrases:
        found = _resolve(phrases, amap, context, date)
        if found is not None:
            return replace(found, side=side, date=date)
    if (organ_level(text) == "central" or _CENTRAL_WORDS.search(folded)) and not phrases:
        return Jurisdiction("central", side=side, date=date)
    if context is not None and context.level == "central" and not phrases:
        # "VĂN PHÒNG" under "BAN CHẤP HÀNH TRUNG ƯƠNG": a department of a central organ.
        return Jurisdiction("central", side=side, date=date)
    if context is not None and context.level not in (None, "central"):
        level = organ_level(text)
        j = context.at(level) if level in ("province",) else context
        return replace(j, side=side, date=date)
    return Jurisdiction(None, side=side, date=date)


def _from_place(place: str, amap: AdminMap, date: str | None) -> Jurisdiction | None:
    """A province-level hint from the date line's place ("Nam Định", "TP. Bắc Kạn")."""
    text = expand_display_abbreviations(tidy(place))
    phrases = place_phrases(text)
    if phrases:
        return _resolve(phrases, amap, None, date)
    head, comma, tail = text.rpartition(",")
    if comma:  # "Châu Thành, Tiền Giang": a district of a province, or the province
        outer = resolve_province(tail, amap)
        d = amap.district(outer, head) if outer is not None and head.strip() else None
        if d is not None:
            return _of_district(d, amap, date)
        text = tail
    p = resolve_province(text, amap)
    if p is not None:
        return Jurisdiction("province", p.name, province_kind=p.kind, date=date)
    hits = [x for x in amap.find_place(text) if isinstance(x, District)]
    if len(hits) == 1:
        return _of_district(hits[0], amap, date)
    return None


def _of_district(d: District, amap: AdminMap, date: str | None) -> Jurisdiction:
    p = amap.province(d.province)
    return Jurisdiction(
        "district", d.province, d.name, d.kind, province_kind=p.kind if p else None, date=date
    )


def _resolve(
    phrases: list[Phrase], amap: AdminMap, context: Jurisdiction | None, date: str | None
) -> Jurisdiction | None:
    """The rightmost phrase that names a place; unknown names are kept as written."""
    for ph in reversed(phrases):
        if not ph.name:
            continue
        j = resolve_phrase(ph, amap, context, date)
        if j is not None:
            return j
    return None


def resolve_phrase(
    ph: Phrase, amap: AdminMap, context: Jurisdiction | None, date: str | None
) -> Jurisdiction | None:
    """The place a named phrase refers to, ``context`` giving the province.

    A name the map does not know is kept as written.
    """
    hint = context.province if context else None
    hint_kind = context.province_kind if context else None
    name = title_words(ph.name)
    if ph.level == "province":
        p = resolve_province(ph.name, amap)
        if p is not None:
            return Jurisdiction("province", p.name, province_kind=p.kind, date=date)
        return Jurisdiction("province", name, province_kind="tỉnh", date=date)
    if ph.level == "city":  # "thành phố X" / "Thành ủy X": a province or a district
        p = resolve_province(ph.name, amap)
        inside = hint is not None and (p is None or p.name != hint)
        if p is not None and p.kind == "thành phố" and not inside:
            return Jurisdiction("province", p.name, province_kind=p.kind, date=date)
        d = resolve_district(ph.name, "thành phố", amap, hint or (p.name if p else None))
        if d is not None:
            return _of_district(d, amap, date)
        if p is not None and p.kind == "thành phố":
            return Jurisdiction("province", p.name, province_kind=p.kind, date=date)
        return Jurisdiction("district", hint, name, "thành phố", province_kind=hint_kind, date=date)
    if ph.level == "district":
        d = resolve_district(ph.name, ph.kind, amap, hint)
        if d is not None:
            return _of_district(d, amap, date)
        return Jurisdiction("district", hint, name, ph.kind, province_kind=hint_kind, date=date)
    if ph.level == "commune":
        district = context.district if context else None
        c = resolve_commune(ph.name, ph.kind, amap, hint, district)
        if c is not None:
            d = amap.district(c.province, c.district) if c.district else None
            p = amap.province(c.province)
            return Jurisdiction(
                "commune", c.province, d.name if d else None, d.kind if d else None,
                c.name, c.kind, province_kind=p.kind if p else None, date=date,
            )
        base = context or Jurisdiction(None)
        return replace(base, level="commune", commune=name, commune_kind=ph.kind, date=date)
    return None


def issuer_level(issuer: str, parent: str | None = None, date: str | None = None) -> str | None:
    """The level of an issuer: "central", "province", "district", "commune" or ``None``.

    >>> issuer_level("ỦY BAN NHÂN DÂN TỈNH SƠN LA"), issuer_level("THỦ TƯỚNG CHÍNH PHỦ")
    ('province', 'central')
    >>> issuer_level("UBND XÃ YÊN LỢI", "UBND HUYỆN Ý YÊN", date="2021-03-01")
    'commune'
    """
    return jurisdiction_of(issuer, parent, None, date).level


def _bare_place(text: str, levels: tuple[str, ...]) -> Phrase | None:
    """The one named place phrase ``text`` is made of ("tỉnh Tiền Giang"), if it is one."""
    phrases = place_phrases(text)
    if len(phrases) != 1:
        return None
    ph = phrases[0]
    whole = ph.start == 0 and ph.end == len(text.split())
    return ph if whole and ph.name and not ph.committee and ph.level in levels else None


def split_qualifier(text: str, date: str | None = None) -> tuple[str, Jurisdiction | None]:
    """A name without its namesake suffix, and the place the suffix names.

    The suffix is what :meth:`Jurisdiction.suffix` writes: ", <province>" or
    ", <district>, <province>", after a name that ends in a named place.

    >>> name, where = split_qualifier("Huyện ủy Châu Thành, tỉnh Tiền Giang", "2021-01-10")
    >>> name, where.level, where.province
    ('Huyện ủy Châu Thành', 'province', 'Tiền Giang')
    >>> name, where = split_qualifier("UBND xã Tân Phong, huyện Ý Yên, tỉnh Nam Định")
    >>> name, where.level, where.district
    ('UBND xã Tân Phong', 'district', 'Ý Yên')
    >>> split_qualifier("Sở Văn hóa, Thể thao và Du lịch tỉnh Nam Định")[1] is None
    True
    """
    head, comma, last = text.rpartition(",")
    ph = _bare_place(last, ("province", "city")) if comma else None
    amap = map_for(date)
    p = amap.province(ph.name) if ph is not None else None
    if p is None or ph is None or p.kind != ph.kind:
        return text, None
    where = Jurisdiction("province", p.name, province_kind=p.kind, date=date)
    rest, comma, mid = head.rpartition(",")
    dph = _bare_place(mid, ("district", "city")) if comma and amap.has_districts else None
    d = amap.district(p, f"{dph.kind} {dph.name}") if dph is not None else None
    if d is not None:
        where, head = _of_district(d, amap, date), rest
    head = head.strip()
    phrases = place_phrases(head)
    if not phrases or not phrases[-1].name or phrases[-1].end != len(head.split()):
        return text, None
    return head, where
