"""The report: Markdown, machine and corpus first, then one section per area.

>>> from bench.common import Section
>>> s = Section("T"); s.text("a | b"); s.table(["x", "y"], [["1", "2|3"]])
>>> print(render_section(s))
## T
<BLANKLINE>
a | b
<BLANKLINE>
| x | y |
| --- | --- |
| 1 | 2\\|3 |
<BLANKLINE>
"""

from __future__ import annotations

from pathlib import Path

from bench.common import Section

__all__ = ["render", "render_section", "write", "SECTION_TITLES"]

#: Every report has these sections, in this order (the smoke test checks them).
SECTION_TITLES = (
    "Machine and corpus",
    "Parse throughput (one core)",
    "Load and reopen (embedded store)",
    "trace, lineage and coverage latency",
    "API under 32 concurrent clients",
    "Explorer page",
    "Peak memory per stage",
    "Growth from 1x to 10x",
    "Accuracy",
    "Neo4j",
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_section(sec: Section) -> str:
    lines = [f"## {sec.title}", ""]
    for block in sec.blocks:
        if isinstance(block, str):
            lines += [block, ""]
            continue
        header, rows = block
        lines.append("| " + " | ".join(_cell(h) for h in header) + " |")
        lines.append("| " + " | ".join("---" for _ in header) + " |")
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def render(head: list[str], sections: list[Section]) -> str:
    body = "\n".join(render_section(s) for s in sections)
    return "\n".join(head) + "\n\n" + body.rstrip("\n") + "\n"


def write(path: Path, text: str) -> None:
    """Whole or not at all: a report is never left half-written."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
