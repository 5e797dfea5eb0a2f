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

        >>> Jurisdiction("district", "Nam Định", "Ý Yên", "huyện").phrase("province")
        'tỉnh Nam Định'
        """
        level = level or self.level
        if level == "province" and self.province:
            return f"{self.province_kind or 'tỉnh'} {self.province}"
        if level == "district" and self.district:
            return f"{self.district_kind or 'huyện'} {self.district}"
        if level == "commune" and self.commune:
            return f"{self.commune_kind or 'xã'} {self.commune}"
        return None

    @property
    def committee(self) -> str | None:
        """The party committee of the issuer's own level ("Huyện ủy Ý Yên")."""
        if self.level == "province" and self.province:
            return committee_name("province", self.province_kind, self.province)
        if self.level == "district" and self.district:
            return committee_name("district", self.district_kind, self.district)
        if self.level == "commune" and self.commune:
            return committee_name("commune", self.commune_kind, self.commune)
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
    context = None
    if parent and fold(parent) != folded:
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
