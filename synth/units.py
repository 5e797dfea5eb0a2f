"""Who can issue: the units of the pre-2025 map and how each names itself.

The map comes from :func:`graph.adminmap.map_for` (the legacy map, in force
on every date this generator uses).  An :class:`Office` is a unit seen from
one side, party or state: it knows its committee word, header lines, number
codes and the collective name of the units below it.

>>> tree = load_tree(["Bắc Kạn"], ("province", "district"))
>>> p = tree.provinces[0]
>>> Office("party", p).name, Office("state", p).name
('Tỉnh ủy Bắc Kạn', 'Ủy ban nhân dân tỉnh Bắc Kạn')
>>> d = tree.children[p.code][0]
>>> Office("party", d).name, Office("party", d).header
('Thành ủy Bắc Kạn', ('ĐẢNG BỘ TỈNH BẮC KẠN', 'THÀNH ỦY BẮC KẠN'))
>>> Office("party", p).kids(tree)
'Các huyện ủy, thành ủy, đảng ủy trực thuộc tỉnh'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.adminmap import map_for
from graph.errors import NotFound

__all__ = ["Unit", "Tree", "Office", "load_tree", "LEVEL_ORDER"]

#: Issuing levels below the centre, top down.
LEVEL_ORDER = ("province", "district", "commune")

# Huế is a centrally run city on the dataset's map (January 2025), but the
# documents generated here date from 2020-2024, when it was Thừa Thiên Huế.
_RENAMED = {"Huế": ("Thừa Thiên Huế", "tỉnh")}

_COMMITTEE = {"tỉnh": "Tỉnh ủy", "huyện": "Huyện ủy", "quận": "Quận ủy",
              "thị xã": "Thị ủy", "thành phố": "Thành ủy"}
# Party number codes by committee: a Thành ủy or Thị ủy writes "TU" like a Tỉnh ủy.
_PARTY_CODE = {"Tỉnh ủy": "TU", "Thành ủy": "TU", "Thị ủy": "TU", "Huyện ủy": "HU",
               "Quận ủy": "QU", "Đảng ủy": "ĐU"}


@dataclass(frozen=True, slots=True)
class Unit:
    """An administrative unit: ``code`` is the official code, unique per level."""

    level: str
    code: str
    name: str
    kind: str
    province: str
    parent: str | None = None
    parent_name: str = ""
    parent_kind: str = ""


@dataclass(slots=True)
class Tree:
    provinces: list[Unit]
    children: dict[str, list[Unit]] = field(default_factory=dict)
    # Kinds of the units one level down, also where that level is not generated.
    kid_kinds: dict[str, list[str]] = field(default_factory=dict)

    def count(self, level: str) -> int:
        if level == "province":
            return len(self.provinces)
        parents = self.provinces if level == "district" else [
            d for p in self.provinces for d in self.children.get(p.code, ())
        ]
        return sum(len(self.children.get(u.code, ())) for u in parents)


def load_tree(provinces: Sequence[str] | int | None, levels: Sequence[str]) -> Tree:
    """The units of the chosen provinces (all, the first N, or by name), down to ``levels``.

    >>> len(load_tree(None, ("province",)).provinces)
    63
    >>> [u.name for u in load_tree(2, ("province",)).provinces]
    ['Hà Nội', 'Hà Giang']
    """
    amap = map_for("2021-01-01")
    all_p = amap.provinces()
    if provinces is None:
        chosen = all_p
    elif isinstance(provinces, int):
        if provinces < 1:
            raise NotFound(f"--provinces {provinces}: expected at least 1")
        chosen = all_p[:provinces]
    else:
        chosen = []
        for raw in provinces:
            found = amap.province(raw)
            if found is None:
                raise NotFound(f"province {raw!r}: not on the pre-2025 map")
            chosen.append(found)
    tree = Tree([])
    for p in chosen:
        name, kind = _RENAMED.get(p.name, (p.name, p.kind))
        pu = Unit("province", p.code, name, kind, name)
        tree.provinces.append(pu)
        if "district" not in levels:
            continue
        kids: list[Unit] = []
        for d in amap.districts(p):
            du = Unit("district", d.code, d.name, d.kind, name, p.code, name, kind)
            kids.append(du)
            communes = amap.communes(d)
            tree.kid_kinds[d.code] = _kinds(c.kind for c in communes)
            if "commune" in levels:
                tree.children[d.code] = [
                    Unit("commune", c.code, c.name, c.kind, name, d.code, d.name, d.kind)
                    for c in communes
                ]
        tree.children[p.code] = kids
        tree.kid_kinds[p.code] = _kinds(k.kind for k in kids)
    return tree


_KIND_ORDER = ("quận", "huyện", "thị xã", "thành phố", "xã", "phường", "thị trấn")


def _kinds(kinds: Iterable[str]) -> list[str]:
    return sorted(set(kinds), key=_KIND_ORDER.index)


@dataclass(frozen=True, slots=True)
class Office:
    """A unit as an issuer on one side ("party" or "state")."""

    side: str
    unit: Unit

    @property
    def word(self) -> str:
        """The level word used inside names: "tỉnh", "thành phố", "huyện", "xã" ..."""
        return self.unit.kind

    @property
    def committee(self) -> str:
        """The party committee word ("Tỉnh ủy", "Quận ủy", "Đảng ủy")."""
        if self.unit.level == "commune":
            return "Đảng ủy"
        return _COMMITTEE[self.unit.kind]

    @property
    def name(self) -> str:
        u = self.unit
        if self.side == "party":
            if u.level == "commune":
                return f"Đảng ủy {u.kind} {u.name}"
            return f"{self.committee} {u.name}"
        return f"Ủy ban nhân dân {u.kind} {u.name}"

    @property
    def short(self) -> str:
        """The abbreviated name ("UBND tỉnh Sơn La"); party names have none."""
        if self.side == "party":
            return self.name
        return f"UBND {self.unit.kind} {self.unit.name}"

    @property
    def names(self) -> list[str]:
        """Every name gold accepts for this issuer."""
        if self.side == "party":
            return [self.name, f"Ban Thường vụ {self.name}", f"Thường trực {self.name}"]
        return [self.short, self.name, f"Chủ tịch {self.short}"]

    @property
    def header(self) -> tuple[str, ...]:
        """Issuer block lines (upper case) before the lone ``*`` of party letters."""
        u = self.unit
        if self.side == "state":
            return ("ỦY BAN NHÂN DÂN", f"{u.kind} {u.name}".upper())
        if u.level == "province":
            return (self.name.upper(),)
        parent = f"ĐẢNG BỘ {u.parent_kind} {u.parent_name}".upper()
        return (parent, self.name.upper())

    @property
    def party_code(self) -> str:
        return _PARTY_CODE[self.committee]

    @property
    def place(self) -> str:
        """The place of the date line, as written ("TP. Bắc Kạn" for a city)."""
        u = self.unit
        if u.level == "district" and u.kind == "thành phố":
            return f"TP. {u.name}"
        if u.name == "Hồ Chí Minh":
            return "TP. Hồ Chí Minh"
        return u.name

    def kids(self, tree: Tree) -> str:
        """The collective name of the units one level down ("UBND các huyện, thành phố")."""
        kinds = tree.kid_kinds.get(self.unit.code) or (
            ["huyện", "thành phố"] if self.unit.level == "province" else ["xã", "thị trấn"])
        if self.side == "state":
            return "UBND các " + ", ".join(kinds)
        if self.unit.level == "province":
            words = [_COMMITTEE[k].split()[0].lower() + " ủy" for k in kinds]
            return "Các " + ", ".join(words) + f", đảng ủy trực thuộc {self.word}"
        return "Đảng ủy các " + ", ".join(kinds)
