"""Parse throughput: documents per second on one core, beside a read-and-regex floor.

The floor is the least any parser must do: read each file, decode it, and run
one compiled regex (the number line) over the text.  ``parse_text`` is timed
on texts already read (the parser alone); ``parse_file`` on the files (reading,
format detection, .docx/.html extraction, legacy-encoding repair, then
parsing).  The 5-KB figure parses real letters of about five kilobytes (the
seed letters between 4 and 6 KB) to compare with the aim of 1,000 five-kilobyte
documents per second.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from pathlib import Path

from bench.common import (
    REPO,
    Section,
    fmt_rate,
    fmt_x,
    measure,
    ratio,
)
from bench.context import Context
from bench.profile import HOTSPOT_HEADER, hotspot_rows, hotspots

__all__ = ["run", "NUMBER_LINE", "AIM_5KB"]

#: The floor's one regex: a document's number line ("Số 56-CV/TU", "Số: 2279/UBND-VX").
NUMBER_LINE = re.compile(r"^[ \t*#-]{0,4}S[ốô][: \t]{0,3}[^\n]{0,60}", re.MULTILINE)
AIM_5KB = 1000.0  # five-kilobyte documents per second, one core
SEEDS = REPO / "tests" / "fixtures" / "seeds"


def _floor_text(texts: list[str]) -> None:
    for t in texts:
        NUMBER_LINE.findall(t)


def _floor_files(paths: list[Path]) -> None:
    for p in paths:
        NUMBER_LINE.findall(p.read_bytes().decode("utf-8", errors="replace"))


def five_kb_letters() -> list[str]:
    """The real letters of 4-6 KB (UTF-8 bytes) among the seeds."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))
            if 4096 <= p.stat().st_size <= 6144]


def run(ctx: Context) -> Section:
    from loaders import parse_file, parse_text
    from loaders.read import read_document

    sec = Section("Parse throughput (one core)")
    base = ctx.corpus.base
    step = 1 if ctx.quick else 3
    sample = base[::step]
    sources = [read_document(p) for p in sample]
    texts = [s.text for s in sources]
    n, n_bytes = len(sample), ctx.corpus.bytes_of(sample)
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    parse_text(texts[0], "warm-up.txt")  # first call loads the maps and name tables

    def parse_texts() -> None:
        for t, p in zip(texts, sample, strict=True):
            parse_text(t, str(p))

    m_text = measure(parse_texts, ctx.runs, limit=30)
    f_text = measure(lambda: _floor_text(texts), ctx.runs)

    by_format: dict[str, list[float]] = defaultdict(list)

    def parse_files() -> None:
        for p in sample:
            t = time.perf_counter()
            parse_file(p)
            by_format[p.suffix.lstrip(".")].append(time.perf_counter() - t)

    m_file = measure(parse_files, ctx.runs, limit=45)
    f_file = measure(lambda: _floor_files(sample), ctx.runs)

    letters = five_kb_letters()
    repeat = 20 if ctx.quick else 100
    batch = letters * repeat
    kb = sum(len(t.encode("utf-8")) for t in letters) / max(1, len(letters)) / 1024

    def parse_letters() -> None:
        for i, t in enumerate(batch):
            parse_text(t, f"letter-{i}.txt")

    m_5kb = measure(parse_letters, ctx.runs, limit=30)
    f_5kb = measure(lambda: _floor_text(batch), ctx.runs)

    rate_5kb = len(batch) / m_5kb.median
    sec.text(
        f"Sample: {n} of the {len(base)} documents of the 1x corpus "
        f"({'every file' if step == 1 else f'one file in {step}'}: "
        f"{_formats(sample)}; {n_bytes / n / 1024:.1f} KiB per file on disk, "
        f"{text_bytes / n / 1024:.1f} KiB of text after reading). "
        f"5-KB set: the {len(letters)} seed letters of 4-6 KB ({kb:.1f} KiB on average), "
        f"each parsed {repeat} times.",
        "Floor: read each file (or take the text), decode it, run one compiled regex "
        "(the number line) over it. Ratio = the figure's time ÷ the floor's time.",
    )
    rows = [
        _row("`parse_text` on generated documents (text in memory)", n, m_text.median,
             m_text.cpu_median, f_text.median, m_text.runs, text_bytes),
        _row("`parse_file` on generated files (read + parse)", n, m_file.median,
             m_file.cpu_median, f_file.median, m_file.runs, n_bytes),
        _row(f"`parse_text` on 5-KB real letters ({len(batch)} parses)", len(batch),
             m_5kb.median, m_5kb.cpu_median, f_5kb.median, m_5kb.runs,
             int(kb * 1024 * len(batch))),
    ]
    sec.table(["what", "docs/s (wall)", "docs/s (CPU)", "KiB/s", "floor docs/s", "× floor",
               "runs"], rows)
    verdict = "meets" if rate_5kb >= AIM_5KB else "**misses**"
    sec.text(
        f"Aim: {AIM_5KB:,.0f} five-kilobyte documents per second on one core. Measured "
        f"{rate_5kb:,.0f}/s wall ({len(batch) / m_5kb.cpu_median:,.0f}/s of CPU time): "
        f"{verdict} the aim" + ("." if rate_5kb >= AIM_5KB else
                                f", by a factor of {AIM_5KB / rate_5kb:.1f}."))
    per_doc = {fmt: sum(v) / len(v) for fmt, v in sorted(by_format.items()) if v}
    sec.table(["format", "files", "ms per file (`parse_file`, mean of all runs)"],
              [[fmt, str(len(by_format[fmt]) // max(1, m_file.runs)), f"{ms * 1000:.1f}"]
               for fmt, ms in per_doc.items()])
    if rate_5kb < AIM_5KB:
        top = hotspots(lambda: [parse_text(t, f"p-{i}.txt") for i, t in enumerate(letters * 5)])
        sec.text("Where `parse_text` spends its time on the 5-KB letters (cProfile):")
        sec.table(HOTSPOT_HEADER, hotspot_rows(top))
    return sec


def _formats(paths: list[Path]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for p in paths:
        counts[p.suffix.lstrip(".")] += 1
    return ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))


def _row(what: str, n: int, wall: float, cpu: float, floor: float, runs: int,
         n_bytes: int) -> list[str]:
    return [what, fmt_rate(n / wall, ""), fmt_rate(n / cpu, "") if cpu else "n/a",
            f"{n_bytes / 1024 / wall:,.0f}", fmt_rate(n / floor, "") if floor else "n/a",
            fmt_x(ratio(wall, floor)), str(runs)]
