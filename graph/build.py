"""Record -> the nodes and edges it contributes to the graph (see :mod:`graph.schema`).

:func:`contribution` is pure: it reads one record and says what the document
asserts.  Cited documents are named by their identity keys (:mod:`graph.identity`)
and left for the store to resolve against what it already holds (aliases,
numbers cited without a year, vague citations).

Edges a document asserts carry its key in ``doc``.  ``part_of`` and
``includes`` edges come from the administrative map, not from any document:
their ``doc`` is empty and a store keeps one copy of each.

>>> from graph.model import Entity, Record, Task
>>> rec = Record(source="a.txt", doc_type="Công văn", number="56-CV/TU", date="2021-01-06",
...     issuer=Entity("TỈNH ỦY NAM ĐỊNH"), tasks=[Task("1", "Sở Y tế ...", [Entity("Sở Y tế")])])
>>> c = contribution(rec)
>>> c.key
'56-CV/TU@tinh uy nam dinh@2021'
>>> sorted({e.rel for e in c.edges})
['assigns_to', 'has_task', 'issued_by']
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Any

from graph import identity, schema
from graph.model import Citation, Entity, Record, Span
from graph.names import fold, name_key, tidy

__all__ = [
    "EdgeSpec",
    "CitedDoc",
    "Contribution",
    "contribution",
    "doc_label",
    "task_label",
    "unit_of",
]


@dataclass(slots=True)
class EdgeSpec:
    src: str
    dst: str
    rel: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class CitedDoc:
    """A document named by a citation, before the store resolves it."""

    keys: list[str]  # identity keys, best first
    attrs: dict[str, Any]  # what the citation says about it (loaded=False)
    vague: bool = False  # neither number nor date: resolve by issuer, subject and time
    citing_date: str | None = None
    issuer: str | None = None  # series key, for vague resolution
    unresolved: bool = False  # ambiguous, or too little to name it: never merged


@dataclass(slots=True)
class Contribution:
    key: str
    keys: list[str]  # every identity key of the document, ``key`` first
    doc_attrs: dict[str, Any]
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # units, persons, tasks
    owned: set[str] = field(default_factory=set)  # node ids that live and die with the doc
    edges: list[EdgeSpec] = field(default_factory=list)
    structural: list[EdgeSpec] = field(default_factory=list)  # part_of, includes
    cited: dict[str, CitedDoc] = field(default_factory=dict)  # placeholder node id -> citation


def _units() -> Any:
    """:mod:`graph.units` when it is importable (it canonicalises unit names)."""
    try:
        return importlib.import_module("graph.units")
    except Exception:  # absent or broken: names stay as written, folded
        return None


def _jurisdiction(rec: Record) -> Any:
    mod = _units()
    if mod is None or rec.issuer is None:
        return None
    try:
        return mod.jurisdiction_of(
            rec.issuer.text or rec.issuer.name,
            place=rec.place.name or rec.place.text if rec.place else None,
            date=rec.date,
        )
    except Exception:  # an unknown issuer has no jurisdiction; names stay unqualified
        return None


def unit_of(entity: Entity, jurisdiction: Any = None) -> tuple[str, str]:
    """(canonical name, key) of a unit entity: its own key, else :mod:`graph.units`, else folded.

    >>> unit_of(Entity("Sở  Y tế", key="so y te tinh son la"))
    ('Sở Y tế', 'so y te tinh son la')
    """
    written = entity.name or entity.text
    if entity.key:
        return tidy(written), entity.key
    mod = _units()
    if mod is not None:
        try:
            name, key = mod.canonical_unit(written, jurisdiction)
            if key:
                return str(name), str(key)
        except Exception:  # fall back to the written name, never lose the unit
            pass
    return tidy(written), name_key(written)


# A task's text usually starts with its own marker ("1.", "a)", "II."): the label
# gives the number once.
_MARKER = re.compile(r"(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3}){0,3}|[a-zđ])[.)]?[ \t]+")


def task_label(no: str, text: str) -> str:
    """A short display label of task ``no``.

    >>> task_label("1", "1. Tiếp tục tăng cường lãnh đạo")
    '1. Tiếp tục tăng cường lãnh đạo'
    >>> task_label("II.2", "Sở Y tế chủ trì")
    'II.2. Sở Y tế chủ trì'
    """
    body = tidy(text)
    m = _MARKER.match(body)
    if m and m.group().rstrip(" \t.)") == no.rsplit(".", 1)[-1]:
        body = body[m.end() :]
    return f"{no}. {body[:60]}"


def doc_label(
    doc_type: str | None, number: str | None, date: str | None, issuer: str | None
) -> str:
    """A short display label.

    >>> doc_label("Công văn", "56-CV/TU", "2021-01-06", "Tỉnh ủy Nam Định")
    'Công văn 56-CV/TU (2021-01-06)'
    >>> doc_label("Điện", None, "2021-01-05", "Thường trực Ban Bí thư")
    'Điện Thường trực Ban Bí thư (2021-01-05)'
    """
    head = " ".join(p for p in (doc_type or "Văn bản", number or issuer) if p)
    return f"{head} ({date})" if date else head


def _span(span: Span | None) -> list[int] | None:
    return span.to_list() if span else None


def _prov(
    rec_key: str, rec: Record, evidence: str | None, span: Span | None, **more: Any
) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "doc": rec_key,
        "source": rec.source,
        "evidence": evidence,
        "span": _span(span),
        "inferred": False,
        "confidence": 1.0,
    }
    attrs.update({k: v for k, v in more.items() if v is not None})
    return attrs


# Issuer codes of local number series -> the folded organ names that keep them.
_SERIES_ORGANS = {
    "TU": ("tinh uy", "thanh uy"),
    "HU": ("huyen uy", "quan uy", "thi uy", "thanh uy"),
    "QU": ("quan uy",),
    "DU": ("dang uy",),
    "UBND": ("uy ban nhan dan",),
}

_SKIP_RECIPIENT = ("nhu tren", "nhu kinh gui", "nhu ben", "luu")


class _Builder:
    def __init__(self, rec: Record) -> None:
        self.rec = rec
        self.jur = _jurisdiction(rec)
        issuer_name = unit_of(rec.issuer, self.jur)[0] if rec.issuer else None
        self.issuer_key = identity.series_key(issuer_name)
        keys = identity.record_keys(rec, issuer_name)
        self.key = keys[0]
        self.doc_id = schema.doc_node(self.key)
        level = rec.issuer.level if rec.issuer else None
        self.out = Contribution(
            key=self.key,
            keys=keys,
            doc_attrs={
                "key": self.key,
                "label": doc_label(rec.doc_type, rec.number, rec.date, issuer_name),
                "doc_type": rec.doc_type,
                "number": rec.number,
                "date": rec.date,
                "subject": rec.subject,
                "issuer": issuer_name,
                "issuer_key": self.issuer_key,
                "level": level,
                "place": (rec.place.name or rec.place.text) if rec.place else None,
                "source": rec.source,
                "loaded": True,
                "sha256": rec.sha256,
            },
        )

    def unit(self, e: Entity) -> str:
        name, key = unit_of(e, self.jur)
        if e.collective and self.issuer_key and not self._qualified(key):
            # "Các huyện ủy, thành ủy" means other units in every province: the
            # key carries the issuer, so the includes edges of two provinces never mix.
            key = f"{key} @ {self.issuer_key}"
        nid = schema.unit_node(key)
        if nid not in self.out.nodes:
            self.out.nodes[nid] = {
                "key": key,
                "label": name,
                "name": name,
                "level": e.level or self._level(name),
                "province": None,
                "district": None,
                "collective": bool(e.collective),
            }
            self._structure(nid, name, e)
        return nid

    def _level(self, name: str) -> str | None:
        """The level a unit's canonical name tells, on the map of the document's date."""
        mod = _units()
        try:
            return mod.issuer_level(name, date=self.rec.date) if mod is not None else None
        except Exception:  # a name the map cannot place has no level
            return None

    def _qualified(self, key: str) -> bool:
        """Whether a unit key already names the issuer's place."""
        try:
            phrase = self.jur.phrase() if self.jur is not None else None
        except Exception:  # a jurisdiction without a place
            phrase = None
        return bool(phrase) and fold(phrase) in key

    def _structure(self, nid: str, name: str, e: Entity) -> None:
        mod = _units()
        if mod is None:
            return
        try:
            parent = mod.parent_unit(name, self.jur)
            if isinstance(parent, str):
                parent = mod.canonical_unit(parent, self.jur)
            members = (
                mod.expand_collective(e.text, self.jur, self.rec.date) if e.collective else None
            )
        except Exception:  # the map does not know the unit: it stands alone
            return
        attrs = {"doc": "", "source": "adminmap", "evidence": None, "span": None}
        if parent and parent[1] and parent[1] != self.out.nodes[nid]["key"]:
            pname, pkey = parent
            pid = self.unit(Entity(text=pname, name=pname, key=pkey))
            self.out.structural.append(
                EdgeSpec(nid, pid, schema.PART_OF, {**attrs, "inferred": True, "confidence": 1.0})
            )
        for mname, mkey in members or []:
            mid = self.unit(Entity(text=mname, name=mname, key=mkey))
            self.out.structural.append(
                EdgeSpec(nid, mid, schema.INCLUDES, {**attrs, "inferred": True, "confidence": 0.9})
            )

    def edge(self, src: str, dst: str, rel: str, attrs: dict[str, Any]) -> None:
        self.out.edges.append(EdgeSpec(src, dst, rel, attrs))

    def entity_edges(self, rel: str, entities: list[Entity] | None, src: str | None = None) -> None:
        for e in entities or []:
            if name_key(e.name or e.text).startswith(_SKIP_RECIPIENT) or not (e.name or e.text):
                continue
            attrs = _prov(self.key, self.rec, e.text, e.span, note=e.note, role=e.role)
            if e.inferred:
                attrs.update(inferred=True, confidence=0.6)
            self.edge(src or self.doc_id, self.unit(e), rel, attrs)

    def citations(self) -> None:
        cites = self.rec.citations
        targets: dict[int, str | None] = {}
        done: set[tuple[str, str, str]] = set()

        def target(i: int, seen: frozenset[int] = frozenset()) -> str | None:
            if i in targets:
                return targets[i]
            c = cites[i]
            if c.antecedent is not None and not c.ambiguous and 0 <= c.antecedent < len(cites):
                tid = target(c.antecedent, seen | {i}) if c.antecedent not in seen else None
            else:
                tid = self.cited(i, c)
            targets[i] = tid
            return tid

        for i, c in enumerate(cites):
            dst = target(i)
            if dst is None or dst == self.doc_id:
                continue
            src = self.doc_id
            if c.parent is not None and 0 <= c.parent < len(cites) and c.parent != i:
                src = target(c.parent) or self.doc_id
            if src == dst:
                continue
            rel = schema.IMPLEMENTS if c.relation == "implements" else schema.REFERENCES
            attrs = _prov(self.key, self.rec, c.text, c.span)
            if (src, dst, rel) in done:
                continue  # the same document cited twice ("Điện ... ; tại Điện nêu trên")
            done.add((src, dst, rel))
            info = self.out.cited.get(dst)
            if info is not None and info.unresolved:
                attrs["confidence"] = 0.3
            if src != self.doc_id:
                attrs["inferred"] = True  # said of the cited document, not by this one
            self.edge(src, dst, rel, attrs)

    def cited(self, i: int, c: Citation) -> str | None:
        issuer = self._issuer_of(c)
        keys = [] if c.ambiguous else identity.citation_keys(c, self.rec, issuer)
        attrs: dict[str, Any] = {
            "label": doc_label(c.doc_type, c.number, c.date, issuer),
            "doc_type": c.doc_type,
            "number": c.number,
            "date": c.date,
            "subject": c.subject,
            "issuer": issuer,
            "issuer_key": identity.series_key(issuer),
            "level": c.issuer_level or (c.issuer.level if c.issuer else None),
            "place": None,
            "source": None,
            "loaded": False,
            "sha256": None,
        }
        if not keys:
            if not c.ambiguous and not c.text:
                return None
            # Too little to name it, or it fits several: its own node, never merged.
            key = f"?{self.key}#{i}"
            attrs["key"] = key
            attrs["unresolved"] = True
            attrs["candidates"] = [self._keys(o)[0] for o in self._cands(c)]
            attrs["label"] = attrs["label"] if c.doc_type or issuer else tidy(c.text)[:80]
            nid = schema.doc_node(key)
            self.out.cited[nid] = CitedDoc([key], attrs, unresolved=True)
            return nid
        attrs["key"] = keys[0]
        nid = schema.doc_node(keys[0])
        vague = identity.is_vague(keys[0])
        if vague and (same := self._dated_sibling(i, attrs["issuer_key"])) is not None:
            # "chỉ đạo của Thường trực Ban Bí thư" in the title, "tại Điện ngày 21/7/2021" in
            # the body: a document's vague mention of an issuer is its dated one.
            return self.cited(same, self.rec.citations[same])
        known = self.out.cited.get(nid)
        if known is None:
            self.out.cited[nid] = CitedDoc(
                keys, attrs, vague=vague, citing_date=self.rec.date, issuer=attrs["issuer_key"]
            )
        else:  # cited twice: keep what either citation says
            for k, v in attrs.items():
                if known.attrs.get(k) is None:
                    known.attrs[k] = v
        return nid

    def _dated_sibling(self, i: int, issuer: str | None) -> int | None:
        """The one other citation of this record with the same issuer and a firm key."""
        found: dict[str, int] = {}
        for j, other in enumerate(self.rec.citations):
            keys = self._keys(other) if j != i and not other.ambiguous else []
            if (
                keys
                and not identity.is_vague(keys[0])
                and other.issuer is not None
                and identity.series_key(unit_of(other.issuer, self.jur)[0]) == issuer
            ):
                found.setdefault(keys[0], j)
        return next(iter(found.values())) if len(found) == 1 else None

    def _keys(self, c: Citation) -> list[str]:
        return identity.citation_keys(c, self.rec, self._issuer_of(c))

    def _issuer_of(self, c: Citation) -> str | None:
        """The canonical issuer of a citation; for a local number cited without one, the
        upstream committee whose series the number's code names ("201-CV/TU" in a
        Huyện ủy letter is its Tỉnh ủy's)."""
        if c.issuer is not None:
            return unit_of(c.issuer, self.jur)[0]
        if not c.number or identity.is_central_number(c.number) or self.rec.issuer is None:
            return None
        codes = {code for code in identity.number_codes(c.number) if code}
        own = identity.number_codes(self.rec.number)[1] if self.rec.number else None
        if own is not None and own == identity.number_codes(c.number)[1]:
            return None  # its own series: graph.identity takes the citing issuer
        organs = tuple(o for code in codes for o in _SERIES_ORGANS.get(code, ()))
        mod, name = _units(), unit_of(self.rec.issuer, self.jur)[0]
        for _ in range(3):  # issuer -> district -> province is as far as series go
            try:
                parent = mod.parent_unit(name, self.jur) if mod is not None else None
            except Exception:  # the map does not know the issuer
                return None
            if isinstance(parent, tuple):
                parent = parent[0]
            if not parent:
                return None
            if organs and name_key(str(parent)).startswith(organs):
                return str(parent)
            name = str(parent)
        return None

    def _cands(self, c: Citation) -> list[Citation]:
        cites = self.rec.citations
        return [cites[j] for j in c.candidates if 0 <= j < len(cites) and self._keys(cites[j])]

    def tasks(self) -> None:
        for t in self.rec.tasks:
            # Under Roman sections a restarted numbering comes qualified already ("II.1").
            qualified = not t.section or t.no.startswith(f"{t.section}.")
            no = t.no if qualified else f"{t.section}.{t.no}"
            tid = schema.task_node(self.key, no)
            self.out.nodes[tid] = {
                "key": f"{self.key}#{no}",
                "label": task_label(no, t.text),
                "no": no,
                "text": t.text,
                "deadline": t.deadline.date if t.deadline else None,
                "doc": self.key,
            }
            self.out.owned.add(tid)
            self.edge(self.doc_id, tid, schema.HAS_TASK, _prov(self.key, self.rec, None, t.span))
            self.entity_edges(schema.ASSIGNS_TO, t.assignees, src=tid)

    def signer(self) -> None:
        s = self.rec.signer
        if s is None or not s.name:
            return
        key = f"{name_key(s.name)}@{self.issuer_key or identity.UNKNOWN}"
        pid = schema.person_node(key)
        self.out.nodes[pid] = {
            "key": key,
            "label": tidy(s.name),
            "name": tidy(s.name),
            "title": s.title,
        }
        attrs = _prov(self.key, self.rec, s.name, s.span)
        attrs.update(title=s.title, authority=s.authority, on_behalf_of=s.on_behalf_of)
        self.edge(self.doc_id, pid, schema.SIGNED_BY, attrs)

    def run(self) -> Contribution:
        rec = self.rec
        if rec.issuer is not None:
            issuer_evidence = rec.issuer.text
            self.edge(
                self.doc_id,
                self.unit(rec.issuer),
                schema.ISSUED_BY,
                _prov(self.key, rec, issuer_evidence, rec.spans.get("issuer") or rec.issuer.span),
            )
        self.entity_edges(schema.ADDRESSED_TO, rec.recipients)
        self.entity_edges(schema.COPIED_TO, rec.copied_to)
        self.entity_edges(schema.MONITORED_BY, rec.monitor)
        self.tasks()
        self.signer()
        self.citations()
        return self.out


def contribution(rec: Record) -> Contribution:
    """The nodes and edges one record contributes."""
    return _Builder(rec).run()
