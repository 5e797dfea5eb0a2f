"""The administrative map of Vietnam, as it stood on a document's date.

Two maps ship with the PyPI package ``vietnamadminunits``: the *legacy* map
(63 provinces, ~696 districts, ~10,000 communes), in force until 30 June 2025,
and the *current* map from 1 July 2025 (34 provinces, no district level,
~3,300 communes).  A document is read against the map of its own date:
:func:`map_for` picks it.  Each map is loaded once, lazily, from the package's
SQLite file opened read-only.

The legacy table records the map as it stood just before the reform, so it
already carries the mergers of 2019-2025: a 2021 letter's "huyện Mỹ Lộc" is
found (by its former name) as part of "Thành phố Nam Định".

Names are looked up across spelling styles: case, NFC/NFD, tone placement,
kind prefixes ("tỉnh", "TP.", "huyện"), spaces ("Daklak") and a few
historical spellings ("Bắc Cạn").

>>> m = map_for("2021-01-06")
>>> m.province("TỈNH NAM ĐỊNH").full
'Tỉnh Nam Định'
>>> m.province("Tỉnh Bắc Cạn").name
'Bắc Kạn'
>>> [d.full for d in m.districts("Nam Định")][:2]
['Thành phố Nam Định', 'Huyện Vụ Bản']
>>> m.district("Nam Định", "Ý Yên").kind
'huyện'
>>> len(map_for("2025-07-01").provinces()), map_for("2025-07-01").districts("Nam Định")
(34, [])
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from graph.errors import DirectiveGraphError
from graph.names import fold, tidy

__all__ = [
    "AdminMap",
    "Province",
    "District",
    "Commune",
    "Place",
    "map_for",
    "era_of",
    "place_key",
    "short_key",
    "REFORM_DATE",
    "PROVINCE_KINDS",
    "DISTRICT_KINDS",
    "COMMUNE_KINDS",
]

#: The day the 2025 reform took effect (Nghị quyết 202/2025/QH15).
REFORM_DATE = "2025-07-01"

Era = Literal["legacy", "current"]

#: Kind words, lower case, longest first where one is a prefix of another.
PROVINCE_KINDS = ("thành phố", "tỉnh")
DISTRICT_KINDS = ("thành phố", "thị xã", "quận", "huyện")
COMMUNE_KINDS = ("thị trấn", "phường", "đặc khu", "xã")


@dataclass(frozen=True)
class Province:
    """A province or centrally run city.

    >>> Province("Hà Nội", "Thành phố Hà Nội", "thành phố", "01").name
    'Hà Nội'
    """

    name: str
    full: str
    kind: str  # "tỉnh" | "thành phố"
    code: str


@dataclass(frozen=True)
class District:
    """A district-level unit (legacy map only); ``province`` is the province's short name."""

    name: str
    full: str
    kind: str  # "huyện" | "quận" | "thị xã" | "thành phố"
    code: str
    province: str


@dataclass(frozen=True)
class Commune:
    """A commune-level unit; ``district`` is ``None`` on the current map."""

    name: str
    full: str
    kind: str  # "xã" | "phường" | "thị trấn" | "đặc khu"
    code: str
    province: str
    district: str | None = None


Place = Province | District | Commune

# Kind prefixes as they read after folding, abbreviations included.
_KIND_PREFIX = re.compile(
    r"^(?:tinh|thanh pho|tp|t p|thu do|huyen|quan|thi xa|tx|thi tran|tt|phuong|xa|dac khu) "
)
_KIND_OF_PREFIX = {
    "tinh": "tỉnh",
    "thanh pho": "thành phố",
    "tp": "thành phố",
    "t p": "thành phố",
    "thu do": "thành phố",
    "huyen": "huyện",
    "quan": "quận",
    "thi xa": "thị xã",
    "tx": "thị xã",
    "thi tran": "thị trấn",
    "tt": "thị trấn",
    "phuong": "phường",
    "xa": "xã",
    "dac khu": "đặc khu",
}

# Historical or common spellings the dataset's keywords do not carry, as
# compact keys.  "Bắc Cạn" was the official spelling until 2000s usage settled.
_ALIASES = {
    "baccan": "backan",
    "daclac": "daklak",
    "daklac": "daklak",
    "daclak": "daklak",
    "dacnong": "daknong",
    "saigon": "hochiminh",
    "tphcm": "hochiminh",
    "thuathienhue": "hue",  # see _PROVINCE_RENAMES
}

#: Province renames the legacy table already carries: code -> (took effect,
#: former name, former kind).  Thừa Thiên Huế became the city of Huế in 2025.
_PROVINCE_RENAMES = {"46": ("2025-01-01", "Thừa Thiên Huế", "tỉnh")}


def place_key(name: str) -> tuple[str, str | None]:
    """The lookup key of a place name and the kind its prefix names, if any.

    >>> place_key("TP. Hồ Chí Minh")
    ('hochiminh', 'thành phố')
    >>> place_key("Tỉnh Bắc Cạn")
    ('backan', 'tỉnh')
    >>> place_key("Đắk Lắk")
    ('daklak', None)
    """
    folded = fold(name)
    kind = None
    m = _KIND_PREFIX.match(folded)
    # A bare number ("Quận 1") keeps its prefix out of the key but the kind in.
    if m:
        kind = _KIND_OF_PREFIX[m.group(0).strip()]
        folded = folded[m.end() :]
    compact = folded.replace(" ", "")
    return _ALIASES.get(compact, compact), kind


@lru_cache(maxsize=65536)
def short_key(name: str) -> str:
    """The lookup key of a short name, which has no kind word to strip.

    >>> short_key("Phương Tiến"), place_key("Phương Tiến")[0], place_key("xã Phương Tiến")[0]
    ('phuongtien', 'tien', 'phuongtien')
    """
    compact = fold(name).replace(" ", "")
    return _ALIASES.get(compact, compact)


def _own_keys(short: str) -> set[str]:
    # "Quan Sơn", "Phương Tiến" open with a kind word once folded: found written with
    # their kind ("huyện Quan Sơn") by the first key, bare as before by the second.
    return {short_key(short), place_key(short)[0]}


# The dataset tells namesakes apart in the name itself: "Long Mỹ (Thị xã)".
_DISAMBIGUATOR = re.compile(r"\s*\([^()]{0,40}\)$")


# Numbered units carry their kind in the short name ("Quận 1", "Phường 12").
_NUMBERED = re.compile(r"^(?:Quận|Phường|Huyện|Xã)\s+(?=\d)")


def _short(raw: str) -> str:
    return _NUMBERED.sub("", tidy(_DISAMBIGUATOR.sub("", raw)))


def _kind(raw: str | None) -> str:
    return (raw or "").strip().lower()


def _full(kind: str, name: str) -> str:
    # The dataset writes "Thành Phố Bắc Kạn"; we write "Thành phố Bắc Kạn".
    return f"{kind[:1].upper()}{kind[1:]} {name}"


def _dataset_path() -> Path:
    try:
        root = resources.files("vietnamadminunits")
    except ModuleNotFoundError as exc:
        raise DirectiveGraphError(
            "vietnamadminunits: package not installed (pip install vietnamadminunits)"
        ) from exc
    path = Path(str(root)) / "data" / "dataset.db"
    if not path.is_file():
        raise DirectiveGraphError(f"{path}: administrative map dataset missing")
    return path


def _keywords(raw: str | None) -> list[str]:
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


@dataclass
class _Index:
    provinces: list[Province] = field(default_factory=list)
    province_by_key: dict[str, Province] = field(default_factory=dict)
    districts: dict[str, list[District]] = field(default_factory=dict)  # province code ->
    district_by_key: dict[tuple[str, str], list[District]] = field(default_factory=dict)
    # Former names of merged districts ("Mỹ Lộc" -> Thành phố Nam Định), kind-free.
    district_alias: dict[tuple[str, str], list[District]] = field(default_factory=dict)
    communes_by_district: dict[str, list[Commune]] = field(default_factory=dict)
    communes_by_province: dict[str, list[Commune]] = field(default_factory=dict)
    commune_by_key: dict[tuple[str, str], list[Commune]] = field(default_factory=dict)
    # Districts and communes by key alone, for lookups that do not know the province.
    below_by_key: dict[str, list[District | Commune]] = field(default_factory=dict)


class AdminMap:
    """One administrative map (``era`` "legacy" or "current"), loaded on first use.

    Prefer :func:`map_for`, which shares one instance per era.

    >>> AdminMap("legacy").province("Hà Nội").kind
    'thành phố'
    """

    def __init__(self, era: Era, path: Path | None = None, *, as_of: str | None = None) -> None:
        if era not in ("legacy", "current"):
            raise ValueError(f"unknown map era {era!r} (expected 'legacy' or 'current')")
        self.era: Era = era
        self._path = path
        # None: before every rename in _PROVINCE_RENAMES (the usual 2020-2024 letter).
        self._as_of = as_of
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"AdminMap({self.era!r})"

    @property
    def has_districts(self) -> bool:
        """Whether this map has a district level (only the legacy map does)."""
        return self.era == "legacy"

    # -- loading ---------------------------------------------------------
    def _idx(self) -> _Index:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._load()
        return self._index

    def _load(self) -> _Index:
        path = self._path or _dataset_path()
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise DirectiveGraphError(f"{path}: cannot open administrative map: {exc}") from exc
        try:
            if self.era == "legacy":
                rows = con.execute(
                    "SELECT province, provinceShort, provinceCode, provinceKeywords,"
                    " district, districtShort, districtType, districtCode, districtKeywords,"
                    " ward, wardShort, wardType, wardCode"
                    " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
                ).fetchall()
            else:
                rows = con.execute(
                    "SELECT province, provinceShort, provinceCode, provinceKeywords,"
                    " NULL, NULL, NULL, NULL, NULL, ward, wardShort, wardType, wardCode"
                    " FROM admin_units ORDER BY provinceCode, wardCode"
                ).fetchall()
        except sqlite3.Error as exc:
            raise DirectiveGraphError(f"{path}: unreadable administrative map: {exc}") from exc
        finally:
            con.close()
        renames = {} if self.era == "current" else {
            code: (old_name, kind)
            for code, (since, old_name, kind) in _PROVINCE_RENAMES.items()
            if self._as_of is None or self._as_of < since
        }
        return _build(rows, renames)

    # -- provinces -------------------------------------------------------
    def provinces(self) -> list[Province]:
        """All provinces, in official code order."""
        return list(self._idx().provinces)

    def province(self, name: str | Province) -> Province | None:
        """The province a name refers to, or ``None``.

        >>> map_for(None).province("TP. Hồ Chí Minh").full
        'Thành phố Hồ Chí Minh'
        >>> map_for(None).province("Atlantis") is None
        True
        """
        if isinstance(name, Province):
            return name
        key, _kind = place_key(name)
        return self._idx().province_by_key.get(key)

    # -- districts -------------------------------------------------------
    def districts(self, province: str | Province) -> list[District]:
        """The districts of a province, in code order; ``[]`` on the current map."""
        p = self.province(province)
        if p is None:
            return []
        return list(self._idx().districts.get(p.code, ()))

    def district(self, province: str | Province, name: str) -> District | None:
        """The district ``name`` of ``province``; a kind prefix picks among namesakes.

        Hậu Giang had both "Huyện Long Mỹ" and "Thị xã Long Mỹ": without a kind
        the first in code order is returned.

        >>> map_for(None).district("Hậu Giang", "thị xã Long Mỹ").full
        'Thị xã Long Mỹ'
        >>> map_for(None).district("Bắc Kạn", "TP. Bắc Kạn").kind
        'thành phố'
        """
        found = self.districts_named(province, name)
        return found[0] if found else None

    def districts_named(self, province: str | Province, name: str) -> list[District]:
        """Every district of ``province`` the name fits (kind prefix respected)."""
        p = self.province(province)
        if p is None:
            return []
        key, kind = place_key(name)
        found = self._idx().district_by_key.get((p.code, key), [])
        if kind is not None:
            found = [d for d in found if d.kind == kind]
        if not found:
            found = self._idx().district_alias.get((p.code, key), [])
        return list(found)

    # -- communes --------------------------------------------------------
    def communes(self, parent: str | Province | District) -> list[Commune]:
        """The communes of a district, or of a whole province (a ``str`` names a province).

        >>> m = map_for("2021-04-29")
        >>> [c.full for c in m.communes(m.district("Bắc Kạn", "thành phố Bắc Kạn"))][:2]
        ['Phường Nguyễn Thị Minh Khai', 'Phường Sông Cầu']
        >>> len(map_for("2025-08-01").communes("Hà Nội")) > 100
        True
        """
        idx = self._idx()
        if isinstance(parent, District):
            return list(idx.communes_by_district.get(parent.code, ()))
        p = self.province(parent)
        if p is None:
            return []
        return list(idx.communes_by_province.get(p.code, ()))

    def commune(
        self, province: str | Province, name: str, district: str | None = None
    ) -> Commune | None:
        """A commune of ``province`` (and of ``district`` on the legacy map, if given)."""
        p = self.province(province)
        if p is None:
            return None
        key, kind = place_key(name)
        found = self._idx().commune_by_key.get((p.code, key), [])
        if kind is not None:
            found = [c for c in found if c.kind == kind]
        if district is not None:
            dkey, dkind = place_key(district)
            found = [
                c
                for c in found
                if c.district is not None
                and place_key(c.district)[0] == dkey
                and (dkind is None or place_key(c.district)[1] == dkind)
            ]
        return found[0] if found else None

    # -- any level ---------------------------------------------------------
    def find_place(self, name: str) -> list[Place]:
        """Every province, district and commune the name fits, largest first.

        >>> [p.full for p in map_for("2021-01-01").find_place("Nam Định")]
        ['Tỉnh Nam Định', 'Thành phố Nam Định']
        >>> [p.full for p in map_for("2021-01-01").find_place("huyện Ý Yên")]
        ['Huyện Ý Yên']
        """
        key, kind = place_key(name)
        if not key:
            return []
        idx = self._idx()
        out: list[Place] = []
        p = idx.province_by_key.get(key)
        if p is not None and kind in (None, p.kind):
            out.append(p)
        below = [x for x in idx.below_by_key.get(key, ()) if kind in (None, x.kind)]
        out.extend(sorted(below, key=lambda x: isinstance(x, Commune)))
        return out


def _build(
    rows: Iterable[tuple[str | None, ...]], renames: dict[str, tuple[str, str]]
) -> _Index:
    idx = _Index()
    seen_districts: set[tuple[str, str]] = set()
    for row in rows:
        p_full, p_short, p_code, p_keywords, d_full, d_short, d_type, d_code = row[:8]
        d_keywords, w_full, w_short, w_type, w_code = row[8:]
        if not (p_full and p_short and p_code):
            continue
        p_short = _short(p_short)
        if p_code in renames:
            p_short, p_full = renames[p_code][0], _full(renames[p_code][1], renames[p_code][0])
        province = idx.province_by_key.get(place_key(p_short)[0])
        if province is None:
            kind = "thành phố" if fold(p_full).startswith("thanh pho") else "tỉnh"
            province = Province(p_short, _full(kind, p_short), kind, p_code)
            idx.provinces.append(province)
            for key in {place_key(p_short)[0], place_key(p_full)[0], *_keywords(p_keywords)}:
                idx.province_by_key.setdefault(_ALIASES.get(key, key), province)
        district_name: str | None = None
        if d_full and d_short and d_code:
            dkind = _kind(d_type)
            d_short = _short(d_short)
            district_name = _full(dkind, d_short)
            if (p_code, d_code) not in seen_districts:
                seen_districts.add((p_code, d_code))
                district = District(d_short, district_name, dkind, d_code, p_short)
                idx.districts.setdefault(p_code, []).append(district)
                own = _own_keys(d_short)
                for key in own:
                    idx.district_by_key.setdefault((p_code, key), []).append(district)
                    idx.below_by_key.setdefault(key, []).append(district)
                for key in set(_keywords(d_keywords)) - own:
                    idx.district_alias.setdefault((p_code, key), []).append(district)
        if w_full and w_short and w_code:
            wkind = _kind(w_type)
            w_short = _short(w_short)
            commune = Commune(w_short, _full(wkind, w_short), wkind, w_code, p_short, district_name)
            idx.communes_by_province.setdefault(p_code, []).append(commune)
            if d_code:
                idx.communes_by_district.setdefault(d_code, []).append(commune)
            for key in _own_keys(w_short):
                idx.commune_by_key.setdefault((p_code, key), []).append(commune)
                idx.below_by_key.setdefault(key, []).append(commune)
    return idx


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


# Dates and short names are read again for every unit a letter names.
@lru_cache(maxsize=4096)
def _ymd(date: str) -> tuple[int, int, int]:
    text = date.strip()
    m = _ISO.match(text)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = _DMY.match(text)
    if m:
        return int(m.group(3)), int(m.group(2)), int(m.group(1))
    if re.fullmatch(r"\d{4}", text):
        return int(text), 1, 1
    raise ValueError(f"{date!r}: not a date (expected yyyy-mm-dd)")


def era_of(date: str | None) -> Era:
    """Which map a date reads against: "legacy" before 1 July 2025 (and for no date).

    >>> era_of("2021-01-06"), era_of("2025-06-30"), era_of("2025-07-01"), era_of(None)
    ('legacy', 'legacy', 'current', 'legacy')
    >>> era_of("15/8/2025")
    'current'
    """
    if not date:
        return "legacy"
    return "current" if _ymd(date) >= (2025, 7, 1) else "legacy"


@lru_cache(maxsize=4)
def _shared(era: Era, as_of: str | None) -> AdminMap:
    return AdminMap(era, as_of=as_of)


def map_for(date: str | None) -> AdminMap:
    """The map in force on ``date`` (ISO yyyy-mm-dd; ``None`` means the legacy map).

    Before 2025 the legacy map also undoes the renames the table carries
    (Thừa Thiên Huế, a tỉnh, became the city of Huế on 1 January 2025).

    >>> map_for("2021-01-06").era, map_for("2025-07-01").era
    ('legacy', 'current')
    >>> map_for("2020-01-01") is map_for("2021-01-01")
    True
    >>> map_for("2021-01-06").province("Huế").full, map_for("2025-03-01").province("Huế").full
    ('Tỉnh Thừa Thiên Huế', 'Thành phố Huế')
    """
    era = era_of(date)
    if era == "current":
        return _shared(era, None)
    late = date is not None and _ymd(date) >= (2025, 1, 1)
    return _shared(era, "2025-01-01" if late else None)
