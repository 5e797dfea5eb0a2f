"""Ground truth read off a document spec: the scorer's gold record and the cascade truth.

The gold record has the keys of ``tests/fixtures/gold/*.json`` (see the shared
scorer's README), with a few extra keys the scorer ignores: ``id`` on a cited
document that was generated, ``deadline`` on a task.

>>> from synth.spec import DocSpec
>>> spec = DocSpec(id="r000-p01", root=0, level="province", side="party", unit_code="01",
...     issuer="Thành ủy Hà Nội", issuer_names=["Thành ủy Hà Nội"], doc_type="Công văn",
...     doc_type_alt=[], number="5-CV/TU", number_line="Số 5-CV/TU", date="2021-01-07",
...     date_line="Hà Nội, ngày 07 tháng 01 năm 2021", place="Hà Nội", issuer_lines=[],
...     subject="s", subject_lines=[], title_lines=[], recipients=None)
>>> sorted(gold_record(spec)) == sorted(GOLD_KEYS)
True
"""

from __future__ import annotations

from typing import Any

from synth.spec import DocSpec

__all__ = ["gold_record", "truth_entry", "GOLD_KEYS"]

#: Keys every gold file carries (the shared scorer's gold format).
GOLD_KEYS = (
    "file", "doc_type", "number", "date", "place", "issuer", "issuer_level", "subject",
    "recipients", "implements", "references", "tasks", "monitor", "copied_to", "signer",
)


def gold_record(spec: DocSpec) -> dict[str, Any]:
    """The gold annotation of one generated document."""
    tasks: list[dict[str, Any]] = []
    for t in spec.tasks:
        entry: dict[str, Any] = {"no": t.no, "assignees": list(t.assignees)}
        if t.deadline:
            entry["deadline"] = t.deadline
        tasks.append(entry)
    return {
        "file": spec.file,
        "doc_type": [spec.doc_type, *spec.doc_type_alt] if spec.doc_type_alt else spec.doc_type,
        "number": spec.number,
        "date": spec.date,
        "place": spec.place,
        "issuer": list(spec.issuer_names),
        "issuer_level": spec.level,
        "subject": spec.subject,
        "recipients": list(spec.recipients) if spec.recipients is not None else None,
        "implements": [c.gold() for c in spec.implements],
        "references": [c.gold() for c in spec.references],
        "tasks": tasks,
        "monitor": list(spec.monitor),
        "copied_to": list(spec.copied_to),
        "signer": dict(spec.signer),
    }


def truth_entry(spec: DocSpec) -> dict[str, Any]:
    """The document's key fields in the cascade truth (``truth.json``)."""
    return {
        "id": spec.id,
        "file": f"docs/{spec.file}",
        "root": spec.root,
        "level": spec.level,
        "side": spec.side,
        "unit_code": spec.unit_code,
        "issuer": spec.issuer,
        "doc_type": spec.doc_type,
        "number": spec.number,
        "date": spec.date,
        "parent": spec.parent,
        "lag_days": spec.lag_days,
        "format": spec.style.fmt,
        "noise": spec.style.noise,
        "addressed": [],
    }
