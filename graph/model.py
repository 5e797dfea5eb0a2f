"""The record model: one typed description of a parsed directive document.

Loaders produce a :class:`Record`; stores persist it; the API and the explorer
serve it.  Its JSON form (:meth:`Record.to_dict`) is the record format scored by
the shared evaluator, plus extra keys (spans, roles, keys) that the scorer
ignores.

Every extracted value may carry a :class:`Span`: character offsets into the
record's cleaned ``text``, so a user can be shown the evidence.

>>> rec = Record(source="a.txt", doc_type="Công văn", number="56-CV/TU")
>>> Record.from_dict(rec.to_dict()) == rec
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from graph.record_version import parser_version

__all__ = [
    "LEVELS",
    "Level",
    "Span",
    "Entity",
    "Citation",
    "Deadline",
    "Task",
    "Signer",
    "Record",
]

Level = Literal["central", "province", "district", "commune"]
#: Administrative levels from the top down.
LEVELS: tuple[str, ...] = ("central", "province", "district", "commune")

T = TypeVar("T")


def _drop_none(d: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None or k in keep}


@dataclass(slots=True, frozen=True)
class Span:
    """Half-open character range ``[start, end)`` in the record's cleaned text."""

    start: int
    end: int

    def to_list(self) -> list[int]:
        return [self.start, self.end]

    @classmethod
    def from_any(cls, value: Any) -> Span | None:
        if value is None:
            return None
        if isinstance(value, Span):
            return value
        if isinstance(value, dict):
            return cls(int(value["start"]), int(value["end"]))
        start, end = value
        return cls(int(start), int(end))


@dataclass(slots=True)
class Entity:
    """A unit, place or person named in a document.

    ``text`` is the name as written (markup removed); ``name`` is canonical and
    jurisdiction-qualified ("Ban Tuyên giáo Tỉnh ủy Nam Định"); ``key`` is the
    folded identity used to merge the same unit across documents.
    """

    text: str
    name: str | None = None
    key: str | None = None
    kind: str = "unit"  # unit | place | person | collective
    level: str | None = None
    role: str | None = None  # lead | coordinate | monitor (tasks only)
    inferred: bool = False  # taken from the addressees, not named in the text
    collective: bool = False  # "Các huyện ủy, thành ủy ..." stands for many units
    note: str | None = None  # "để báo cáo", "t/h" ...
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "name": self.name,
            "key": self.key,
            "kind": self.kind,
            "level": self.level,
            "role": self.role,
            "note": self.note,
            "span": self.span.to_list() if self.span else None,
        }
        if self.inferred:
            d["inferred"] = True
        if self.collective:
            d["collective"] = True
        return _drop_none(d, keep=("name",))

    @classmethod
    def from_dict(cls, d: dict[str, Any] | str) -> Entity:
        if isinstance(d, str):
            return cls(text=d, name=d)
        return cls(
            text=d.get("text") or d.get("name") or "",
            name=d.get("name"),
            key=d.get("key"),
            kind=d.get("kind", "unit"),
            level=d.get("level"),
            role=d.get("role"),
            inferred=bool(d.get("inferred", False)),
            collective=bool(d.get("collective", False)),
            note=d.get("note"),
            span=Span.from_any(d.get("span")),
        )


@dataclass(slots=True)
class Citation:
    """A document cited in the text: [type] [số N] [ngày D] [của ISSUER] [về SUBJECT].

    ``relation`` is ``implements`` (the document carries it out: "Thực hiện ...")
    or ``references``.  ``parent`` is the index, in the record's combined
    ``implements + references`` list, of a citation this one is nested in
    ("Kế hoạch số 185-KH/TU ... thực hiện Chỉ thị số 37-CT/TW").  A short form
    ("Chỉ thị 16", "văn bản nêu trên") that points back at an earlier citation
    sets ``antecedent`` to that citation's index; one that fits several keeps
    them in ``candidates`` and is marked ``ambiguous``.
    """

    text: str
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    issuer: Entity | None = None
    subject: str | None = None
    relation: str = "references"
    issuer_level: str | None = None
    key: str | None = None  # document identity, when enough is known
    parent: int | None = None
    antecedent: int | None = None
    ambiguous: bool = False
    candidates: list[int] = field(default_factory=list)
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer.to_dict() if self.issuer else None,
            "issuer_level": self.issuer_level,
            "subject": self.subject,
            "relation": self.relation,
            "key": self.key,
            "parent": self.parent,
            "antecedent": self.antecedent,
            "span": self.span.to_list() if self.span else None,
        }
        if self.ambiguous:
            d["ambiguous"] = True
            d["candidates"] = list(self.candidates)
        return _drop_none(d, keep=("text", "doc_type", "number", "date", "issuer", "subject"))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Citation:
        issuer = d.get("issuer")
        return cls(
            text=d.get("text") or "",
            doc_type=d.get("doc_type"),
            number=d.get("number"),
            date=d.get("date"),
            issuer=Entity.from_dict(issuer) if issuer else None,
            subject=d.get("subject"),
            relation=d.get("relation", "references"),
            issuer_level=d.get("issuer_level"),
            key=d.get("key"),
            parent=d.get("parent"),
            antecedent=d.get("antecedent"),
            ambiguous=bool(d.get("ambiguous", False)),
            candidates=list(d.get("candidates") or []),
            span=Span.from_any(d.get("span")),
        )


@dataclass(slots=True)
class Deadline:
    """When a task is due: an exact date, or a period ("trong tháng 9")."""

    text: str
    date: str | None = None  # ISO date: the last day it is due
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "date": self.date,
            "span": self.span.to_list() if self.span else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Deadline:
        return cls(d.get("text") or "", d.get("date"), Span.from_any(d.get("span")))


@dataclass(slots=True)
class Task:
    """A numbered task ("1.", "2." ...) and the units it names."""

    no: str
    text: str
    assignees: list[Entity] = field(default_factory=list)
    deadline: Deadline | None = None
    section: str | None = None  # "I", "II" when tasks sit under Roman sections
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "no": self.no,
            "text": self.text,
            "assignees": [a.to_dict() for a in self.assignees],
            "deadline": self.deadline.to_dict() if self.deadline else None,
            "section": self.section,
            "span": self.span.to_list() if self.span else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Task:
        dl = d.get("deadline")
        return cls(
            no=str(d.get("no")),
            text=d.get("text") or "",
            assignees=[Entity.from_dict(a) for a in d.get("assignees") or []],
            deadline=Deadline.from_dict(dl) if dl else None,
            section=d.get("section"),
            span=Span.from_any(d.get("span")),
        )


@dataclass(slots=True)
class Signer:
    """The signature block: "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / name"."""

    name: str | None = None
    title: str | None = None  # "Phó Bí thư"
    on_behalf_of: str | None = None  # "Ban Thường vụ"
    authority: str | None = None  # T/M, TM., KT., TL., TUQ.
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "on_behalf_of": self.on_behalf_of,
            "authority": self.authority,
            "span": self.span.to_list() if self.span else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Signer:
        return cls(
            name=d.get("name"),
            title=d.get("title"),
            on_behalf_of=d.get("on_behalf_of"),
            authority=d.get("authority"),
            span=Span.from_any(d.get("span")),
        )


def _list(items: list[Any] | None, cls: type[T]) -> list[T]:
    return [cls.from_dict(i) for i in items or []]  # type: ignore[attr-defined]


@dataclass(slots=True)
class Record:
    """One parsed document.  Fields the text lacks stay ``None``, never invented."""

    source: str
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    place: Entity | None = None
    issuer: Entity | None = None
    subject: str | None = None
    recipients: list[Entity] | None = None
    copied_to: list[Entity] | None = None
    implements: list[Citation] = field(default_factory=list)
    references: list[Citation] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    monitor: list[Entity] = field(default_factory=list)
    # Short forms ("Chỉ thị 16", "văn bản nêu trên"): each points back at a
    # citation (``antecedent``, an index into ``citations``) or, when several
    # fit, is ``ambiguous`` with their ``candidates``.
    mentions: list[Citation] = field(default_factory=list)
    signer: Signer | None = None
    key: str | None = None  # document identity (issuer + number + date)
    sha256: str | None = None  # of the source bytes
    format: str | None = None  # how the file was read: "text/utf-8", "docx+tcvn3", "pdf" ...
    text: str | None = None  # the cleaned text all spans point into
    warnings: list[str] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)  # header field -> span
    # Which parser made it (graph.record_version): a store re-parses files read by another.
    version: int = field(default_factory=parser_version)

    @property
    def citations(self) -> list[Citation]:
        """``implements`` then ``references``: the order ``parent`` indices use."""
        return [*self.implements, *self.references]

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source,
            "key": self.key,
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "place": self.place.to_dict() if self.place else None,
            "issuer": self.issuer.to_dict() if self.issuer else None,
            "subject": self.subject,
            "recipients": (
                [e.to_dict() for e in self.recipients] if self.recipients is not None else None
            ),
            "copied_to": (
                [e.to_dict() for e in self.copied_to] if self.copied_to is not None else None
            ),
            "implements": [c.to_dict() for c in self.implements],
            "references": [c.to_dict() for c in self.references],
            "tasks": [t.to_dict() for t in self.tasks],
            "monitor": [e.to_dict() for e in self.monitor],
            "mentions": [c.to_dict() for c in self.mentions],
            "signer": self.signer.to_dict() if self.signer else None,
            "spans": {k: v.to_list() for k, v in self.spans.items()},
            "warnings": list(self.warnings),
            "sha256": self.sha256,
            "format": self.format,
            "version": self.version,
        }
        if with_text:
            d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        place, issuer, signer = d.get("place"), d.get("issuer"), d.get("signer")
        rec = d.get("recipients")
        cop = d.get("copied_to")
        return cls(
            source=d.get("source") or "",
            doc_type=d.get("doc_type"),
            number=d.get("number"),
            date=d.get("date"),
            place=Entity.from_dict(place) if place else None,
            issuer=Entity.from_dict(issuer) if issuer else None,
            subject=d.get("subject"),
            recipients=_list(rec, Entity) if rec is not None else None,
            copied_to=_list(cop, Entity) if cop is not None else None,
            implements=_list(d.get("implements"), Citation),
            references=_list(d.get("references"), Citation),
            tasks=_list(d.get("tasks"), Task),
            monitor=_list(d.get("monitor"), Entity),
            mentions=_list(d.get("mentions"), Citation),
            signer=Signer.from_dict(signer) if signer else None,
            key=d.get("key"),
            sha256=d.get("sha256"),
            format=d.get("format"),
            text=d.get("text"),
            warnings=list(d.get("warnings") or []),
            spans={k: s for k, v in (d.get("spans") or {}).items() if (s := Span.from_any(v))},
            version=int(d.get("version") or parser_version()),
        )
