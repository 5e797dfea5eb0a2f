"""Readable terminal output for the analyses: aligned tables and trees.

Every function takes an analysis result (see :mod:`graph.analyses`,
:mod:`graph.coverage`) and returns text; the command line prints it, ``--json``
prints the result's dict instead.  Widths count what a terminal shows: a
combining accent takes no column, a wide character two.

>>> print(table(["Số", "Ngày"], [["56-CV/TU", "2021-01-06"], ["183-CV/TU", None]]))
Số         Ngày
---------  ----------
56-CV/TU   2021-01-06
183-CV/TU  -
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from graph.analyses import Lineage, Trace, UnitProfile
from graph.coverage import Coverage, CoverageEntry
from graph.store import LoadReport, SearchHit
from graph.views import DocRef

__all__ = [
    "width",
    "clip",
    "table",
    "doc_line",
    "render_trace",
    "render_lineage",
    "render_coverage",
    "render_unit",
    "render_stats",
    "render_timeline",
    "render_search",
    "render_load",
]

MISSING = "-"


def width(text: str) -> int:
    """Terminal columns ``text`` takes.

    >>> width("Tỉnh uỷ"), width("Tỉnh uỷ".encode().decode())
    (7, 7)
    """
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return total


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` columns with an ellipsis.

    >>> clip("tăng cường công tác phòng, chống dịch", 12)
    'tăng cường …'
    """
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


def _cell(value: Any) -> str:
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    return unicodedata.normalize("NFC", str(value))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 60) -> str:
    """Left-aligned columns under a ruled header; long cells clipped."""
    cells = [[clip(_cell(v), max_width) for v in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], width(c))

    def line(values: Sequence[str]) -> str:
        padded = [v + " " * (widths[i] - width(v)) for i, v in enumerate(values)]
        return "  ".join(padded).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(out)


def _days(n: int | None, suffix: str = "") -> str:
    if n is None:
        return "?"
    return f"{n:+d} d{suffix}"


def doc_line(doc: DocRef) -> str:
    """One document on one line: label, issuer, level, and a mark if only cited.

    >>> d = DocRef("k", "Công văn 56-CV/TU (2021-01-06)", "Công văn", "56-CV/TU", "2021-01-06",
    ...     "Tỉnh ủy Nam Định", "province", None, True)
    >>> doc_line(d)
    'Công văn 56-CV/TU (2021-01-06) — Tỉnh ủy Nam Định [province]'
    """
    parts = [doc.label]
    if doc.issuer and doc.issuer not in doc.label:
        parts.append(f"— {doc.issuer}")
    if doc.date and doc.date not in doc.label:
        parts.append(doc.date)
    if doc.level:
        parts.append(f"[{doc.level}]")
    if not doc.loaded:
        parts.append("(cited only)")
    return " ".join(parts)


def _tree(
    top: str,
    items: Sequence[Any],
    link: Callable[[Any], str | None],
    key: Callable[[Any], str],
    line: Callable[[Any], str],
    top_key: str,
) -> list[str]:
    children: dict[str | None, list[Any]] = defaultdict(list)
    for item in items:
        children[link(item)].append(item)
    out = [top]

    def walk(parent: str, prefix: str) -> None:
        kids = children.get(parent, [])
        for i, item in enumerate(kids):
            last = i == len(kids) - 1
            out.append(prefix + ("└── " if last else "├── ") + line(item))
            walk(key(item), prefix + ("    " if last else "│   "))

    walk(top_key, "")
    return out


def _cycle_lines(cycles: list[list[str]], truncated: bool) -> list[str]:
    out = [f"! citation cycle (bad data): {' -> '.join(c)}" for c in cycles]
    if truncated:
        out.append("! stopped at the depth limit; deeper documents not shown")
    return out


def render_trace(t: Trace) -> str:
    """The cascade as a tree: each document under the one it implements."""

    def line(s: Any) -> str:
        extra = f"  (also implements {', '.join(s.other_parents)})" if s.other_parents else ""
        lags = f"{_days(s.lag_after_parent)} after parent, {_days(s.lag_after_root)} after root"
        return f"{doc_line(s.doc)}  {lags}{extra}"

    out = _tree(
        doc_line(t.root), t.steps, lambda s: s.parent, lambda s: s.doc.key, line, t.root.key
    )
    levels: dict[int, int] = defaultdict(int)
    for s in t.steps:
        levels[s.depth] += 1
    summary = ", ".join(f"level {d}: {n}" for d, n in sorted(levels.items())) or "none"
    out.append(f"{len(t.steps)} implementing documents ({summary})")
    return "\n".join(out + _cycle_lines(t.cycles, t.truncated))


def render_lineage(lin: Lineage) -> str:
    """The upstream chain as a tree: each document under the one that implements it."""

    def line(s: Any) -> str:
        lag = "?" if s.lag_before_child is None else f"{s.lag_before_child} d earlier"
        return f"implements {doc_line(s.doc)}  ({lag})"

    top = doc_line(lin.start)
    out = _tree(top, lin.steps, lambda s: s.child, lambda s: s.doc.key, line, lin.start.key)
    if not lin.steps:
        out.append("(implements no known document)")
    else:
        out.append(f"root(s): {', '.join(lin.roots)}")
    return "\n".join(out + _cycle_lines(lin.cycles, lin.truncated))


def _coverage_rows(entries: list[CoverageEntry], responded: bool) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for e in entries:
        name = e.unit.name + (" (group)" if e.unit.collective else "")
        how = "addressed" if e.addressed else "copied" if e.copied else "assigned"
        if e.tasks:
            how += f" tasks {','.join(e.tasks)}"
        if responded:
            for r in e.responses:
                on_time = {True: "on time", False: "late", None: MISSING}[r.on_time]
                rows.append([name, how, r.doc.label, _days(r.lag_days), r.kind, on_time])
        else:
            overdue = "OVERDUE" if e.overdue else MISSING
            rows.append([name, how, e.due, overdue, "; ".join(v.name for v in e.via)])
    return rows


def render_coverage(c: Coverage) -> str:
    """Who the document reached, who answered (how, how fast), who has not."""
    total = len(c.responded) + len(c.not_responded)
    out = [doc_line(c.document), f"{len(c.responded)} of {total} units responded", ""]
    if c.responded:
        out.append("Responded:")
        heads = ["Unit", "Reached as", "Response", "Lag", "Kind", "Deadline"]
        out += [table(heads, _coverage_rows(c.responded, True)), ""]
    if c.not_responded:
        out.append("Not responded yet" + (f" (as of {c.as_of})" if c.as_of else "") + ":")
        heads = ["Unit", "Reached as", "Due", "Overdue", "Via"]
        out += [table(heads, _coverage_rows(c.not_responded, False)), ""]
    if c.unmatched:
        out.append("Also implemented by (units not addressed):")
        out += [
            table(
                ["Document", "Issuer", "Lag", "Kind"],
                [[r.doc.label, r.doc.issuer, _days(r.lag_days), r.kind] for r in c.unmatched],
            ),
            "",
        ]
    return "\n".join(out).rstrip()


def _docs_table(docs: Sequence[DocRef]) -> str:
    return table(["Document", "Issuer", "Subject"], [[d.label, d.issuer, d.subject] for d in docs])


def render_unit(p: UnitProfile) -> str:
    u = p.unit
    out = [f"{u.name}  [{u.level or 'level unknown'}]" + ("  (collective)" if u.collective else "")]
    out.append(f"key: {u.key}")
    for title, units in (
        ("Part of", p.parents),
        ("Parts", p.children),
        ("Stands for", p.members),
        ("Included in", p.member_of),
    ):
        if units:
            out.append(f"{title}: " + "; ".join(x.name for x in units))
    out.append("")
    out.append(f"Issued ({len(p.issued)}):")
    out.append(_docs_table(p.issued) if p.issued else "  none")
    out.append("")
    out.append(f"Received ({len(p.received)}):")
    if p.received:
        out.append(
            table(
                ["Document", "Issuer", "How"],
                [[r.doc.label, r.doc.issuer, "; ".join(r.how)] for r in p.received],
            )
        )
    else:
        out.append("  none")
    out.append("")
    out.append(f"Tasks ({len(p.tasks)}):")
    if p.tasks:
        heads = ["Document", "No", "Role", "Deadline", "Given to", "Task"]
        rows = [[t.doc, t.no, t.role, t.deadline, t.via or "this unit", t.text] for t in p.tasks]
        out.append(table(heads, rows, max_width=40))
    else:
        out.append("  none")
    if p.monitors:
        out += ["", f"Follows up ({len(p.monitors)}):", _docs_table(p.monitors)]
    return "\n".join(out)


def _counts(title: str, counts: dict[str, int]) -> str:
    return f"{title}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "none")


def render_stats(s: dict[str, Any]) -> str:
    d = s["documents"]
    out = [
        f"Documents: {d['total']} ({d['loaded']} loaded, {d['cited_only']} known only from "
        f"citations), dated {d['date_from'] or '?'} to {d['date_to'] or '?'}, "
        f"{d['undated']} undated",
        _counts("  by level", d["by_level"]),
        _counts("  by type", d["by_doc_type"]),
        f"Units: {s['units']['total']}",
        _counts("  by level", s["units"]["by_level"]),
        _counts("Nodes", s["nodes"]),
        _counts("Links", s["edges"]),
    ]
    if s["largest_cascades"]:
        out += ["", "Largest cascades:"]
        rows = [
            [c["root"]["label"], c["root"]["issuer"], c["size"], c["depth"]]
            for c in s["largest_cascades"]
        ]
        out.append(table(["Root", "Issuer", "Documents", "Depth"], rows))
    return "\n".join(out)


def render_timeline(t: dict[str, Any]) -> str:
    rows = [[d["date"], d["count"], "#" * min(d["count"], 50)] for d in t["days"]]
    out = [table(["Date", "Documents", ""], rows)]
    if t["undated"]:
        out.append(f"{t['undated']} undated")
    return "\n".join(out)


def render_search(hits: Sequence[SearchHit]) -> str:
    if not hits:
        return "no documents match"
    return table(
        ["Score", "Document", "Key", "Snippet"],
        [[f"{h.score:.2f}", h.label, h.key, h.snippet] for h in hits],
    )


def render_load(r: LoadReport) -> str:
    """The load summary: counts, then each error on its own line.

    >>> print(render_load(LoadReport(added=3, links=40, errors=["x.pdf: no text layer"])))
    3 added, 0 replaced, 0 unchanged; 40 links; 1 error
    x.pdf: no text layer
    """
    plural = "error" if len(r.errors) == 1 else "errors"
    head = (
        f"{r.added} added, {r.replaced} replaced, {r.unchanged} unchanged; "
        f"{r.links} links; {len(r.errors)} {plural}"
    )
    return "\n".join([head, *r.errors])
