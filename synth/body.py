"""The body of a letter: numbered tasks with their assignees, and the monitoring paragraph.

Assignees are real unit names of the issuer's level, filled for its
jurisdiction; they contain commas and "và" themselves ("Sở Văn hóa, Thể thao
và Du lịch"), which is the point.  Gold keeps each name as written.

>>> import random
>>> from synth.themes import THEMES
>>> ctx = Ctx(random.Random(1), "party", "province", THEMES["covid"],
...           {"T": "tỉnh", "U": "Tỉnh ủy", "P": "Nam Định", "kids": "Các huyện ủy"},
...           __import__("datetime").date(2021, 1, 6), True)
>>> tasks = make_tasks(ctx, 5, extra=[])
>>> [t.no for t in tasks]
['1', '2', '3', '4', '5']
>>> all(a in " ".join(t.paragraphs) for t in tasks for a in t.assignees)
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from graph.names import name_key
from synth.cite import short_date
from synth.spec import TaskSpec
from synth.templates import (
    COLLECTIVE_ASSIGNEES,
    MONITORS,
    PARTY_UNITS,
    STATE_UNITS,
    fill,
)
from synth.themes import COMMON_ACTIONS, Theme

__all__ = ["Ctx", "make_tasks", "monitor_paragraph", "join_units", "cap"]


@dataclass(slots=True)
class Ctx:
    """What the body of one document is written from."""

    rng: random.Random
    side: str
    level: str
    theme: Theme
    values: dict[str, str]  # placeholder values: T, U, P, kids, ...
    when: date
    pad: bool
    _units: list[str] | None = None

    def f(self, template: str) -> str:
        return fill(template, **self.values)

    def units(self) -> list[str]:
        """The unit names of the issuer's level, filled for its jurisdiction."""
        if self._units is None:
            groups = _spellings(self.side, self.level, self.theme.body_unit)
            self._units = [self.f(self.rng.choice(names)) for names in groups]
        return self._units


@lru_cache(maxsize=64)
def _spellings(side: str, level: str, body_unit: str) -> tuple[tuple[str, ...], ...]:
    """Unit templates of a level grouped by unit: one spelling of each goes in a letter
    ("UBND {T}" or "Ủy ban nhân dân {T}"), never both."""
    pool = list((PARTY_UNITS if side == "party" else STATE_UNITS)[level])
    if level != "central":
        pool.append(body_unit)
    groups: dict[str, list[str]] = {}
    for template in pool:
        groups.setdefault(name_key(template), []).append(template)
    return tuple(tuple(g) for g in groups.values())


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_units(names: list[str], rng: random.Random) -> str:
    """"A", "A và B" or "A, B", "A, B và C"."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} và {names[1]}" if rng.random() < 0.4 else f"{names[0]}, {names[1]}"
    return ", ".join(names[:-1]) + " và " + names[-1]


def _deadline(ctx: Ctx) -> tuple[str, str]:
    """A deadline clause and its gold value (ISO date, or "yyyy-mm" for a month)."""
    rng = ctx.rng
    if rng.random() < 0.3:
        month = ctx.when.month % 12 + 1
        year = ctx.when.year + (1 if month == 1 else 0)
        return f" Thời gian hoàn thành: trong tháng {month}.", f"{year}-{month:02d}"
    due = ctx.when + timedelta(days=rng.randint(7, 45))
    receiver = ctx.f(rng.choice(("Ban Thường vụ {U}", "Văn phòng {U}"))
                     if ctx.side == "party" else rng.choice(("UBND {T}", "Văn phòng UBND {T}")))
    if ctx.level == "central":
        receiver = "Ban Bí thư" if ctx.side == "party" else "Thủ tướng Chính phủ"
    text = f" Báo cáo kết quả thực hiện về {receiver} trước ngày {short_date(due, pad=ctx.pad)}."
    return text, due.isoformat()


def _actions(ctx: Ctx) -> list[str]:
    return [*ctx.theme.actions, *COMMON_ACTIONS]


def _one_task(ctx: Ctx, no: int, general: list[str]) -> TaskSpec:
    rng = ctx.rng
    units = ctx.units()
    action = rng.choice(_actions(ctx))
    roll = rng.random()
    if roll < 0.22 and general:
        return TaskSpec(str(no), [ctx.f(general.pop(0))], [])
    if roll < 0.6:
        chosen = rng.sample(units, k=min(len(units), rng.choice((1, 1, 2, 2, 3))))
        text = f"{join_units(chosen, rng)} {action}."
        return TaskSpec(str(no), [cap(text)], chosen)
    if roll < 0.78:
        lead, helper = rng.sample(units, k=2)
        if rng.random() < 0.6:
            text = f"Giao {lead} chủ trì, phối hợp với {helper} {action}."
            return TaskSpec(str(no), [text], [lead, helper])
        return TaskSpec(str(no), [f"Giao {lead} {action}."], [lead])
    if roll < 0.9:
        verb = "Đề nghị" if ctx.side == "party" or rng.random() < 0.5 else "Yêu cầu"
        chosen = rng.sample(units, k=rng.choice((1, 2)))
        text = f"{verb} {join_units(chosen, rng)} {action}."
        return TaskSpec(str(no), [text], chosen)
    pool = COLLECTIVE_ASSIGNEES[ctx.side]
    who = cap(ctx.f(rng.choice(pool)))
    return TaskSpec(str(no), [f"{who} {action}."], [who])


def make_tasks(ctx: Ctx, n: int, extra: list[str]) -> list[TaskSpec]:
    """``n`` numbered tasks; ``extra`` are whole-task sentences (citing acts) to place first."""
    rng = ctx.rng
    general = rng.sample(ctx.theme.general, k=len(ctx.theme.general))
    tasks = [TaskSpec(str(i), [sentence], []) for i, sentence in enumerate(extra, 1)]
    for i in range(len(tasks) + 1, n + 1):
        task = _one_task(ctx, i, general)
        if rng.random() < 0.25:
            clause, due = _deadline(ctx)
            task.paragraphs[0] += clause
            task.deadline = due
        if rng.random() < 0.15:
            marks = ("a) ", "b) ", "c) ") if rng.random() < 0.5 else ("- ", "- ", "- ")
            subs = rng.sample(_actions(ctx), k=2)
            task.paragraphs.extend(m + cap(s) + ";" for m, s in zip(marks, subs, strict=False))
        elif rng.random() < 0.1:
            task.paragraphs.append(cap(rng.choice(_actions(ctx))) + ".")
        tasks.append(task)
    return tasks


def monitor_paragraph(ctx: Ctx) -> tuple[str, list[str]]:
    """The closing paragraph naming who watches over the implementation, and gold monitors."""
    rng = ctx.rng
    if ctx.side == "party":
        unit = ctx.f(rng.choice(("Văn phòng {U}", "Văn phòng {U}", "Ban Tuyên giáo {U}")))
        body = ctx.f(rng.choice(("Ban Thường vụ {U}", "Thường trực {U}")))
    else:
        unit = ctx.f(rng.choice(("Văn phòng UBND {T}", "Văn phòng Ủy ban nhân dân {T}",
                                 ctx.theme.body_unit)))
        body = ctx.f(rng.choice(("Chủ tịch UBND {T}", "Ủy ban nhân dân {T}")))
    if ctx.level == "commune":
        unit = "Văn phòng Đảng ủy" if ctx.side == "party" else "Công chức Văn phòng - Thống kê"
    text = rng.choice(MONITORS[ctx.side]).replace("{M}", unit).replace("{B}", body)
    return cap(text), [unit]
