"""Coverage: which units a document reached, and which of them have answered.

A document addresses units ("Kính gửi", often a collective such as "Các huyện
ủy, thành ủy ... trực thuộc tỉnh" that ``includes`` edges expand into concrete
units) and assigns tasks to units.  A unit has *responded* when it issued a
document that implements this one (or a report, Báo cáo, that cites it).  The
responder's issuer answers for an addressed unit when it is the same unit, a
part of it (``part_of``), or the same body under a collective organ ("Ban
Thường vụ Huyện ủy Ý Yên" for "Huyện ủy Ý Yên").

>>> g = nx.MultiDiGraph()
>>> g.add_node("doc:nd", key="nd", date="2021-01-06", subject="phòng, chống dịch Covid-19")
>>> g.add_node("unit:all", key="all", name="Các huyện ủy", collective=True)
>>> for k, n in (("yy", "Huyện ủy Ý Yên"), ("tp", "Thành ủy Nam Định")):
...     g.add_node("unit:" + k, key=k, name=n)
...     _ = g.add_edge("unit:all", "unit:" + k, rel="includes")
>>> _ = g.add_edge("doc:nd", "unit:all", rel="addressed_to")
>>> g.add_node("doc:r", key="r", date="2021-01-08", doc_type="Công văn", loaded=True)
>>> _ = g.add_edge("doc:r", "doc:nd", rel="implements")
>>> _ = g.add_edge("doc:r", "unit:yy", rel="issued_by")
>>> c = coverage(g, "nd")
>>> [(e.unit.name, e.responses[0].lag_days) for e in c.responded]
[('Huyện ủy Ý Yên', 2)]
>>> [e.unit.name for e in c.not_responded]
['Thành ủy Nam Định']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx

from graph.jurisdiction import issuer_level
from graph.model import LEVELS
from graph.names import fold
from graph.schema import COPIED_TO, HAS_TASK, INCLUDES, PART_OF, REFERENCES, node_key, node_kind
from graph.store import Store
from graph.views import (
    DocRef,
    UnitRef,
    addressees,
    ancestors_by_part_of,
    days_between,
    doc_id,
    doc_ref,
    expand_units,
    implementers,
    in_nodes,
    issuer_of,
    merge_graphs,
    out_nodes,
    task_assignments,
    unit_names,
    unit_ref,
)

__all__ = [
    "coverage",
    "Coverage",
    "CoverageEntry",
    "Response",
    "response_kind",
    "coverage_slice",
    "IMPLEMENTING",
    "FORWARD",
    "REPORT",
]

IMPLEMENTING = "implementing"  # a letter, plan, directive ... of its own
FORWARD = "forward"  # passes the document on: same subject, no tasks of its own
REPORT = "report"  # reports back up (Báo cáo)


@dataclass(slots=True)
class Response:
    """A document by which a unit answered."""

    doc: DocRef
    kind: str  # implementing | forward | report
    lag_days: int | None  # days after the document it answers
    due: str | None  # the deadline it was held to, if any
    on_time: bool | None  # None without a deadline or a date
    matched_by: str  # same unit | part of | same body


@dataclass(slots=True)
class CoverageEntry:
    """One concrete unit the document reached."""

    unit: UnitRef
    addressed: bool  # named (or included) in "Kính gửi"
    copied: bool = False  # a unit below the issuer sent a copy ("Nơi nhận") to carry out
    tasks: list[str] = field(default_factory=list)  # numbers of the tasks it was given
    roles: list[str] = field(default_factory=list)  # lead / coordinate
    via: list[UnitRef] = field(default_factory=list)  # collectives it was expanded from
    due: str | None = None  # the earliest deadline of its tasks
    responses: list[Response] = field(default_factory=list)
    overdue: bool | None = None  # no response and ``as_of`` is past ``due``

    @property
    def responded(self) -> bool:
        return bool(self.responses)


@dataclass(slots=True)
class Coverage:
    document: DocRef
    as_of: str | None
    responded: list[CoverageEntry]
    not_responded: list[CoverageEntry]
    unmatched: list[Response]  # answers from units the document did not reach
    kinds: dict[str, int]  # response kind -> count


def _similar(a: str | None, b: str | None) -> bool:
    """Whether two subjects read the same (folded words mostly shared)."""
    if not a or not b:
        return False
    wa, wb = set(fold(a).split()), set(fold(b).split())
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8


def response_kind(g: nx.MultiDiGraph, responder: str, answered: str) -> str:
    """How a document answers another: a report, a forward, or a document of its own.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("doc:a", subject="tăng cường phòng, chống dịch")
    >>> g.add_node("doc:b", subject="Tăng cường phòng chống dịch", doc_type="Công văn")
    >>> g.add_node("doc:c", doc_type="Báo cáo")
    >>> response_kind(g, "doc:b", "doc:a"), response_kind(g, "doc:c", "doc:a")
    ('forward', 'report')
    """
    a = g.nodes[responder]
    if fold(a.get("doc_type") or "").startswith("bao cao"):
        return REPORT
    if not out_nodes(g, responder, HAS_TASK) and _similar(
        a.get("subject"), g.nodes[answered].get("subject")
    ):
        return FORWARD
    return IMPLEMENTING


def _responders(g: nx.MultiDiGraph, doc: str) -> list[str]:
    reports = [
        u
        for u in in_nodes(g, doc, REFERENCES)
        if node_kind(u) == "document" and response_kind(g, u, doc) == REPORT
    ]
    return sorted({*implementers(g, doc), *reports})


class _Matcher:
    """Which reached units a responder's issuer answers for (see the module doc)."""

    def __init__(self, g: nx.MultiDiGraph, units: list[str]) -> None:
        self.g = g
        self.by_name: dict[str, set[str]] = defaultdict(set)
        for unit in units:
            for name in unit_names(g, unit):
                self.by_name[name].add(unit)

    def __call__(self, issuer: str | None) -> dict[str, str]:
        if issuer is None:
            return {}
        found: dict[str, str] = {}
        for name in unit_names(self.g, issuer):
            found.update(dict.fromkeys(self.by_name.get(name, ()), "same body"))
        found.update(dict.fromkeys(ancestors_by_part_of(self.g, issuer), "part of"))
        found[issuer] = "same unit"
        return found


def _unit_level(g: nx.MultiDiGraph, unit: str) -> str | None:
    """A unit's level as stored, else as its name tells ("Huyện ủy Ý Yên": district)."""
    a = g.nodes[unit]
    return a.get("level") or issuer_level(a.get("name") or a.get("label") or "")


def _copied_below(
    g: nx.MultiDiGraph,
    doc: str,
    issuer: str | None,
    entry: Callable[[str, str | None], CoverageEntry | None],
) -> list[CoverageEntry]:
    """Units of a level below the issuer's among the document's copies ("Nơi nhận").

    A plan, conclusion or directive often has no "Kính gửi": the units that must
    carry it out are reached through its distribution list ("- Các huyện ủy,
    thành ủy trực thuộc,").  Copies sent up ("để báo cáo") or across (the
    issuer's own office, its committee members) are not asked to answer, so
    only units ranked below the issuer count.
    """
    level = _unit_level(g, issuer) if issuer is not None else None
    if level not in LEVELS:
        return []
    below = set(LEVELS[LEVELS.index(level) + 1 :])
    found: list[CoverageEntry] = []
    for unit in out_nodes(g, doc, COPIED_TO):
        members = expand_units(g, unit)
        via = unit if members != [unit] else None
        for m in members:
            if _unit_level(g, m) in below and (e := entry(m, via)) is not None:
                found.append(e)
    return found


def coverage(g: nx.MultiDiGraph, key: str, *, as_of: str | None = None) -> Coverage:
    """The units ``key`` addressed or assigned, split into responded and not yet.

    Collective addressees are expanded to the concrete units they include.
    Each response carries its lag in days and, when the unit's tasks set a
    deadline, whether it came on time.  With ``as_of`` (an ISO date, usually
    today) a unit that has not answered by a passed deadline is ``overdue``.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("doc:a", key="a", date="2021-01-06")
    >>> g.add_node("task:a#1", key="a#1", no="1", deadline="2021-01-10")
    >>> g.add_node("unit:s", key="s", name="Sở Y tế")
    >>> _ = g.add_edge("doc:a", "task:a#1", rel="has_task")
    >>> _ = g.add_edge("task:a#1", "unit:s", rel="assigns_to", role="lead")
    >>> e = coverage(g, "a", as_of="2021-02-01").not_responded[0]
    >>> (e.unit.name, e.tasks, e.roles, e.due, e.overdue)
    ('Sở Y tế', ['1'], ['lead'], '2021-01-10', True)
    """
    node = doc_id(g, key)
    own_issuer = issuer_of(g, node)
    entries: dict[str, CoverageEntry] = {}

    def entry(unit: str, via: str | None) -> CoverageEntry | None:
        if unit == own_issuer:
            return None
        e = entries.get(unit)
        if e is None:
            e = entries[unit] = CoverageEntry(unit=unit_ref(g, unit), addressed=False)
        if via is not None and node_key(via) not in {v.key for v in e.via}:
            e.via.append(unit_ref(g, via))
        return e

    def reach(unit: str) -> list[CoverageEntry]:
        members = expand_units(g, unit)
        via = unit if members != [unit] else None
        return [e for m in members if (e := entry(m, via)) is not None]

    for unit in addressees(g, node):
        for e in reach(unit):
            e.addressed = True
    for e in _copied_below(g, node, own_issuer, entry):
        e.copied = True
    deadlines: dict[str, list[str]] = defaultdict(list)
    assigned_tasks: set[str] = set()
    for task, unit, role in task_assignments(g, node):
        assigned_tasks.add(task)
        t = g.nodes[task]
        no = str(t.get("no") or node_key(task).rsplit("#", 1)[-1])
        for e in reach(unit):
            if no not in e.tasks:
                e.tasks.append(no)
            if role and role not in e.roles:
                e.roles.append(role)
            if t.get("deadline"):
                deadlines[e.unit.key].append(t["deadline"])
    # A task that names no unit falls to the addressees.
    open_deadlines = [
        d
        for task in out_nodes(g, node, HAS_TASK)
        if task not in assigned_tasks and (d := g.nodes[task].get("deadline"))
    ]
    for e in entries.values():
        due = deadlines.get(e.unit.key) or (open_deadlines if e.addressed else [])
        e.due = min(due) if due else None

    answered_date = g.nodes[node].get("date")
    unmatched: list[Response] = []
    kinds: dict[str, int] = defaultdict(int)
    matcher = _Matcher(g, list(entries))
    for responder in _responders(g, node):
        ref = doc_ref(g, responder)
        kind = response_kind(g, responder, node)
        kinds[kind] += 1
        lag = days_between(answered_date, ref.date)
        matched = False
        for unit, how in sorted(matcher(issuer_of(g, responder)).items()):
            reached = entries.get(unit)
            if reached is None:
                continue
            late = days_between(reached.due, ref.date)
            on_time = None if late is None else late <= 0
            reached.responses.append(Response(ref, kind, lag, reached.due, on_time, how))
            matched = True
        if not matched:
            unmatched.append(Response(ref, kind, lag, None, None, "unmatched"))
    for e in entries.values():
        if not e.responses and e.due and as_of:
            e.overdue = as_of[:10] > e.due
    ordered = sorted(entries.values(), key=lambda e: (fold(e.unit.name), e.unit.key))
    return Coverage(
        document=doc_ref(g, node),
        as_of=as_of,
        responded=[e for e in ordered if e.responded],
        not_responded=[e for e in ordered if not e.responded],
        unmatched=unmatched,
        kinds=dict(sorted(kinds.items())),
    )


def coverage_slice(store: Store, key: str) -> nx.MultiDiGraph:
    """The part of a store's graph :func:`coverage` reads for document ``key``.

    The one-level downstream cascade (addressees, their expansions, tasks,
    the implementing documents and their issuers), plus where each issuer
    sits (``part_of``), so that a district's answer counts for its committee.
    """
    g = store.cascade(key, direction="down", max_depth=1)
    node = doc_id(g, key)
    issuers = {u for d in implementers(g, node) if (u := issuer_of(g, d)) is not None}
    units = (store.unit_graph(node_key(unit)) for unit in sorted(issuers))
    merge_graphs(g, units, (PART_OF, INCLUDES))
    return g
