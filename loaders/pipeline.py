"""The parsing pipeline: cleaned text through each stage into one record.

Stages, each its own module: :mod:`loaders.clean` -> :mod:`loaders.header` ->
:mod:`loaders.tasks` (with :mod:`loaders.assignees`) -> :mod:`loaders.citations`
-> :mod:`loaders.closing`; then names are qualified by the issuer's
jurisdiction (:mod:`graph.units`) so "Ban Tuyên giáo Tỉnh ủy" in a Nam Định
letter becomes "Ban Tuyên giáo Tỉnh ủy Nam Định".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from graph.adminmap import map_for
from graph.identity import record_keys
from graph.model import Citation, Entity, Record, Span, Task
from graph.names import fold, name_key
from graph.units import Jurisdiction, canonical_unit, find_organs, is_collective, jurisdiction_of
from loaders.assignees import FoundUnit, mask_names, set_organ_finder
from loaders.citations import find_citations_and_mentions
from loaders.clean import clean, fix_ocr, soften, split_lines
from loaders.closing import (
    attachment_start,
    closing_start,
    find_copied_to,
    find_signature,
    split_columns,
)
from loaders.dates import DATE_RE, match_date
from loaders.header import Header, parse_header
from loaders.tasks import find_tasks
from loaders.vocab import doc_type_of_number, proper_case
from loaders.words import fold_keep_case

__all__ = ["parse_text"]


def _organs_as_written(text: str) -> list[tuple[int, int, str]]:
    """Gazetteer hits whose words are the organ's own words, in order.

    The gazetteer matches loosely (tone styles, abbreviations); a hit that
    spans a separator ("quận và Ủy" for "Quận ủy") would glue two units into
    one, so only hits that read as the name itself mask separators.
    """
    return [(a, b, n) for a, b, n in find_organs(text) if _as_written(text[a:b]) == _as_written(n)]


@lru_cache(maxsize=16384)
def _as_written(name: str) -> str:
    return " ".join(fold_keep_case(name).lower().split())


set_organ_finder(_organs_as_written)

_PARTY_WIDE = re.compile(r"ĐẢNG\s+BỘ|Đảng\s+bộ", re.IGNORECASE)
# An issuer line that names its own place or committee needs no parent line.
_PLACED = re.compile(
    r"(?<![\w])(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn|trung\s+ương|"
    r"ủy|uỷ|đoàn)(?![\w])",
    re.IGNORECASE,
)
_CENTRAL_PARENT = re.compile(r"(?:ban chap hanh )?trung uong(?: dang)?$")
_DEPARTMENT = re.compile(r"(?:Văn phòng|Ban|Ủy ban|Uỷ ban)(?![\w])", re.IGNORECASE)
_PROVINCE_WORD = re.compile(r"(?:tỉnh|TỈNH|Tỉnh|thành\s+phố|THÀNH\s+PHỐ)\s+$")


def _infer_province(text: str, date: str | None) -> str | None:
    """The province a letter with no place in its header speaks of most."""
    counts: Counter[str] = Counter()
    folded = fold(text)
    for prov in map_for(date).provinces():
        key = fold(prov.name)
        if len(key) < 4 or key not in folded:
            continue
        n = folded.count(" " + key + " ") + folded.count("tinh " + key)
        if n:
            counts[prov.name] = n
    if not counts:
        return None
    (best, n), *rest = [*counts.most_common(2), ("", 0)]
    return best if n > rest[0][1] else None


def _issuer(h: Header, text: str, date: str | None) -> tuple[Entity | None, Jurisdiction | None]:
    if not h.issuer:
        return None, None
    written = proper_case(h.issuer)
    j = jurisdiction_of(h.issuer, h.parent, h.place, date)
    if j.level is None or (j.level != "central" and not j.province):
        province = _infer_province(text, date)
        if province:
            j = jurisdiction_of(h.issuer, h.parent, province, date)
    name, key = canonical_unit(written, j)
    unqualified = fold(name) == fold(written) and not _PLACED.search(written)
    if h.parent and j.level != "central" and unqualified and not _PARTY_WIDE.match(h.parent):
        # A board named without its organ ("BAN THƯỜNG TRỰC" under "ỦY BAN MTTQ
        # VIỆT NAM TỈNH BÌNH ĐỊNH") is that organ's board.
        name, key = canonical_unit(f"{written} {proper_case(h.parent)}", j)
    if (
        h.parent
        and j.level == "central"
        and _CENTRAL_PARENT.match(fold(h.parent))
        and _DEPARTMENT.match(written)
        and "trung uong" not in fold(name)
    ):
        # "VĂN PHÒNG", "BAN TỔ CHỨC" under "BAN CHẤP HÀNH TRUNG ƯƠNG" are the
        # Central Committee's own departments: "Văn phòng Trung ương Đảng".
        name, key = canonical_unit(f"{written} Trung ương", j)
    # A letter of the Ban Thường vụ or Thường trực is the committee's letter.
    if j.committee and re.match(r"(?:Ban Thường vụ|Thường trực|BTV)\b", name):
        name, key = canonical_unit(j.committee, j)
    entity = Entity(text=written, name=name, key=key, level=j.level, span=_span(h.issuer_span))
    return entity, j


def _span(pair: tuple[int, int] | None) -> Span | None:
    return Span(*pair) if pair else None


@lru_cache(maxsize=32768)
def _unit_names(text: str, j: Jurisdiction | None) -> tuple[str, str, bool]:
    name, key = canonical_unit(text, j)
    return name or text, key or name_key(text), is_collective(text)


def _entity(text: str, start: int, end: int, j: Jurisdiction | None, **kw: object) -> Entity:
    name, key, collective = _unit_names(text, j)
    e = Entity(text=text, name=name, key=key, span=Span(start, end))
    e.collective = collective
    for k, v in kw.items():
        setattr(e, k, v)
    return e


def _fallback_date(h: Header, text: str, first_task: int | None) -> str | None:
    """A letter without a date line: the latest date its opening or stamp gives."""
    opening = text[h.body_start : first_task if first_task is not None else h.body_start + 800]
    dates = [d for m in DATE_RE.finditer(opening) if (d := match_date(m))]
    dates.extend(h.stamp_dates)
    return max(dates) if dates else None


def _issuer_like(issuer: Entity | None, j: Jurisdiction | None) -> Callable[[str], bool]:
    keys: set[str] = set()
    if issuer is not None:
        keys.add(issuer.key or "")
        for head in ("Ban Thường vụ ", "Thường trực "):
            keys.add(
                canonical_unit(head + (j.committee if j and j.committee else issuer.name or ""), j)[
                    1
                ]
            )

    def like(text: str) -> bool:
        return canonical_unit(text, j)[1] in keys

    return like


def parse_text(text: str, source: str = "<text>", *, sha256: str | None = None) -> Record:
    """Parse one document's text into a :class:`Record`.

    Pure: no I/O.  Fields the text does not give are ``None`` (or empty lists).
    """
    cleaned = clean(fix_ocr(text))
    lines = split_lines(cleaned)
    h = parse_header(lines)
    rec = Record(source=source, sha256=sha256, text=cleaned)
    rec.doc_type = h.doc_type
    rec.number = h.number
    rec.date = h.date
    rec.subject = h.subject
    for field_name, pair in (
        ("doc_type", h.doc_type_span),
        ("number", h.number_span),
        ("date", h.date_span),
        ("subject", h.subject_span),
        ("place", h.place_span),
        ("issuer", h.issuer_span),
    ):
        if pair:
            rec.spans[field_name] = Span(*pair)
    if h.place:
        rec.place = Entity(
            text=h.place,
            name=re.sub(r"^TP\.\s*", "thành phố ", h.place),
            kind="place",
            span=_span(h.place_span),
        )

    closing_idx = closing_start(lines, h.body_line)
    if closing_idx is not None:
        lines = lines[:closing_idx] + split_columns(lines[closing_idx:])
    # A plan issued by this decision follows its signature: its header is not
    # the decision's distribution list, but its tasks are the decision's.
    attached = attachment_start(lines, closing_idx)
    own_lines = lines if attached is None else lines[:attached]
    signer = find_signature(own_lines, start=h.body_line)
    body_end = (
        lines[closing_idx].start
        if closing_idx is not None
        else (signer.span.start if signer and signer.span else len(cleaned))
    )
    body_end = max(body_end, h.body_start)
    year = int(h.date[:4]) if h.date else None
    # Tasks first: where they start bounds the opening "Thực hiện" sentence.
    issuer, j = _issuer(h, cleaned, h.date)
    # Tasks and citations read sentences, so soft line breaks inside them go.
    flowing = cleaned[: h.body_start] + soften(cleaned[h.body_start :])
    if h.subject_span:  # a subject wrapped over lines reads as one line too
        a, b = h.subject_span
        flowing = flowing[:a] + soften(flowing[a:b]) + flowing[b:]
    masked = mask_names(flowing)  # separators inside known names hidden, same offsets
    found_tasks, monitor, first_task = find_tasks(
        masked, h.body_start, body_end, year=year, issuer_like=_issuer_like(issuer, j)
    )
    if not found_tasks and attached is not None:
        found_tasks, monitor, _ = find_tasks(
            masked,
            lines[attached].start,
            len(cleaned),
            year=year,
            issuer_like=_issuer_like(issuer, j),
        )
    if rec.date is None:
        rec.date = _fallback_date(h, cleaned, first_task)
        if rec.date:
            rec.warnings.append("date: no date line; taken from the opening or a stamp")
            year = int(rec.date[:4])
            issuer, j = _issuer(h, cleaned, rec.date)
    rec.issuer = issuer
    if rec.doc_type is None and rec.number:
        rec.doc_type = doc_type_of_number(rec.number)

    if h.recipients is not None:
        rec.recipients = [_entity(t, a, b, j) for t, (a, b) in h.recipients]
    cites, mentions = find_citations_and_mentions(
        flowing,
        first_task if first_task is not None else body_end,
        masked=masked,
        subject_span=h.subject_span,
        default_year=year,
        regions=[r for r in (h.subject_span, (h.body_start, body_end)) if r],
    )
    own = fold(rec.number or "")
    # A web page's lead-in or a "this letter" phrase may cite the letter itself.
    cites = [c for c in cites if not (own and c.number and fold(c.number) == own)]
    for c in cites:
        _qualify_citation(c, j)
    rec.implements = [c for c in cites if c.relation == "implements"]
    rec.references = [c for c in cites if c.relation != "implements"]
    rec.mentions = [
        Citation(
            text=m.text,
            relation="mention",
            antecedent=m.antecedent,
            ambiguous=m.antecedent is None and len(m.candidates) > 1,
            candidates=m.candidates if m.antecedent is None else [],
            span=m.span,
        )
        for m in mentions
    ]

    inferred = [
        Entity(e.text, e.name, e.key, kind=e.kind, inferred=True, collective=e.collective)
        for e in rec.recipients or []
    ]
    for t in found_tasks:
        if t.deadline and t.deadline.span:  # read back from the unmasked text
            t.deadline.text = flowing[t.deadline.span.start : t.deadline.span.end]
        assignees = [_unit(u, j) for u in t.units]
        if not assignees:
            assignees = [
                Entity(e.text, e.name, e.key, kind=e.kind, inferred=True, collective=e.collective)
                for e in inferred
            ]
        rec.tasks.append(
            Task(
                no=t.no,
                text=" ".join(flowing[t.start : t.end].split()),
                assignees=assignees,
                deadline=t.deadline,
                section=t.section,
                span=Span(t.start, t.end),
            )
        )
    rec.monitor = [_unit(u, j, role="monitor" if u.role == "lead" else u.role) for u in monitor]

    entries = find_copied_to(own_lines, closing_idx)
    if entries is not None:
        rec.copied_to = [_entity(e.text, e.start, e.end, j, note=e.note) for e in entries]
    rec.signer = signer
    if rec.signer and rec.signer.name is None and rec.signer.title is None:
        rec.signer = None
    rec.key = record_keys(rec, rec.issuer.name if rec.issuer else None)[0]
    return rec


def _unit(u: FoundUnit, j: Jurisdiction | None, role: str | None = None) -> Entity:
    return _entity(u.text, u.start, u.end, j, role=role or u.role)


def _qualify_citation(c: Citation, j: Jurisdiction | None) -> None:
    if c.issuer is None:
        return
    name, key = canonical_unit(c.issuer.text, j)
    c.issuer.name = name or c.issuer.text
    c.issuer.key = key or name_key(c.issuer.text)
    c.issuer.level = c.issuer_level
