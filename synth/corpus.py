"""The cascade plan and the corpus on disk: who issues what, when, and who never answers.

One central directive per root; each province answers it after a lognormal
lag (most within 1-10 days, a long tail), each district answers its province,
each commune its district; a share of units never answer, and nothing below
a silent unit is issued.  Every draw comes from a generator seeded by the
corpus seed and the document or unit, so the same seed writes the same bytes
and limiting the provinces does not change the documents of those kept.

Layout of ``out_dir``: ``docs/`` (the documents), ``gold/`` (one scorer gold
file per document), ``truth.json`` (the cascade truth).

>>> import tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> s = generate_corpus(tmp / "c", provinces=["Bắc Kạn"], levels=("province",), silent=0.0)
>>> s.documents, s.by_level["province"], (tmp / "c" / "truth.json").is_file()
(2, 1, True)
>>> shutil.rmtree(tmp)
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph.errors import DirectiveGraphError
from synth.compose import Parent, compose_local, compose_root
from synth.formats import docx_bytes, html_page, site_for, web_text
from synth.gold import gold_record, truth_entry
from synth.noise import ocr_blocks, ocr_text
from synth.render import Block, blocks, retone, to_text
from synth.spec import DocSpec, Style
from synth.themes import ROOTS, Root
from synth.units import LEVEL_ORDER, Office, Tree, Unit, load_tree

__all__ = ["CorpusSummary", "generate_corpus", "NOISE_KINDS", "lag_days", "check_levels"]

NOISE_KINDS = ("none", "ocr", "web", "mixed")
# Lognormal (mu, sigma) of the response lag in days, after 1 day of paperwork.
_LAG = {"province": (0.9, 0.7), "district": (0.6, 0.7), "commune": (0.5, 0.75)}
_MAX_LAG = 90
# File-name prefix of a unit's document: r000-p01 (province 01), -d001, -w00001 (ward/xã).
_PREFIX = {"province": "p", "district": "d", "commune": "w"}
# Repeated roots move forward by this many days per round, wrapping so every
# date stays on the pre-2025 map.
_ROUND_SHIFT, _SHIFT_WRAP = 41, 1000


@dataclass(slots=True)
class CorpusSummary:
    out_dir: Path
    documents: int
    roots: int
    by_level: dict[str, int] = field(default_factory=dict)
    formats: dict[str, int] = field(default_factory=dict)
    silent: int = 0
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # this process's CPU: the rate a free core would give

    def line(self) -> str:
        levels = ", ".join(f"{k} {v}" for k, v in self.by_level.items())
        fmts = ", ".join(f"{k} {v}" for k, v in sorted(self.formats.items()))
        rate = self.documents / self.cpu_seconds if self.cpu_seconds else 0.0
        return (f"{self.out_dir}: {self.documents} documents ({levels}; {fmts}); "
                f"{self.silent} units silent; {self.seconds:.2f} s "
                f"({self.cpu_seconds:.2f} s CPU, {rate:.0f} documents per CPU second)")


def check_levels(levels: Sequence[str]) -> tuple[str, ...]:
    """Levels must run down from the province without a gap.

    >>> check_levels(["province", "district"])
    ('province', 'district')
    >>> check_levels(["district"])
    Traceback (most recent call last):
    ...
    graph.errors.DirectiveGraphError: levels 'district': expected province[,district[,commune]]
    """
    chosen = tuple(levels)
    if not chosen or chosen != LEVEL_ORDER[: len(chosen)]:
        raise DirectiveGraphError(
            f"levels {','.join(chosen)!r}: expected province[,district[,commune]]")
    return chosen


def lag_days(rng: random.Random, level: str) -> int:
    """Days from the parent document to a unit's response (at least 1)."""
    mu, sigma = _LAG[level]
    return min(_MAX_LAG, 1 + int(rng.lognormvariate(mu, sigma)))


def _root_for(r: int) -> tuple[Root, date]:
    base = ROOTS[r % len(ROOTS)]
    rnd = r // len(ROOTS)
    when = date.fromisoformat(base.date) + timedelta(days=(rnd * _ROUND_SHIFT) % _SHIFT_WRAP)
    if rnd and base.number:
        # A repeated root is another directive: give it another number.
        m = re.match(r"\d+", base.number)
        if m:
            base = Root(base.theme, base.side, base.doc_type, base.issuer, base.issuer_lines,
                        f"{int(m.group(0)) + rnd * 7}{base.number[m.end():]}", when.isoformat(),
                        base.subject)
    return base, when


def _style(seed: int, doc_id: str, noise: str) -> Style:
    rng = random.Random(f"{seed}:style:{doc_id}")
    fmt_weights = {"none": (88, 6, 6), "ocr": (94, 0, 6), "web": (54, 40, 6),
                   "mixed": (80, 12, 8)}[noise]
    fmt = rng.choices(("txt", "html", "docx"), weights=fmt_weights)[0]
    kind = "none"
    roll = rng.random()
    if fmt == "txt" and (noise == "ocr" or (noise == "mixed" and roll < 0.25)):
        kind = "ocr"
    elif fmt == "txt" and noise in ("web", "mixed") and roll > 0.93:
        kind = "web"  # a web page pasted into a text file, menu and all
    elif fmt == "html" and (noise == "web" or (noise == "mixed" and roll < 0.7)):
        kind = "web"
    return Style(
        fmt=fmt, noise=kind,
        tone=rng.choices(("new", "old", "mixed"), weights=(55, 20, 25))[0],
        markdown=fmt == "txt" and rng.random() < 0.4,
        layout=rng.randrange(4),
        sign_first=rng.random() < 0.25,
        nfd=fmt == "txt" and noise in ("ocr", "mixed") and rng.random() < 0.04,
    )


def _retoned(parts: list[Block], tone: str, rng: random.Random) -> list[Block]:
    return [(role, [retone(ln, tone, rng) for ln in lines]) for role, lines in parts]


def _save(path: str, data: str | bytes) -> None:
    with open(path, "wb") as fh:  # plain open: pathlib costs show at 100,000 files
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


def _write(spec: DocSpec, docs: str, gold: str, seed: int) -> None:
    rng = random.Random(f"{seed}:render:{spec.id}")
    style = spec.style
    parts = blocks(spec, rng)
    path = os.path.join(docs, spec.file)
    if style.fmt == "docx":
        _save(path, docx_bytes(_retoned(parts, style.tone, rng)))
    elif style.fmt == "html":
        site = site_for(spec, rng) if style.noise == "web" else None
        letters = rng.choice(("", "", "ệộư")) if site else ""
        title = f"{spec.doc_type} {spec.number or ''} {spec.subject}".replace("  ", " ")
        page = html_page(_retoned(parts, style.tone, rng), title=title, web=site,
                         letters=letters)
        _save(path, page)
    else:
        if style.noise == "ocr":
            parts = ocr_blocks(spec, parts, rng)
        text = to_text(spec, parts, rng)
        if style.noise == "ocr":
            text = ocr_text(text, rng, swaps=rng.randint(1, 5))
        if style.noise == "web":
            text = web_text(text, site_for(spec, rng))
        if style.nfd:
            text = unicodedata.normalize("NFD", text)
        _save(path, "\n\n" + text)
    _save(os.path.join(gold, f"{spec.id}.json"),
          json.dumps(gold_record(spec), ensure_ascii=False) + "\n")


def _write_truth(path: Path, params: dict[str, Any], docs: list[dict[str, Any]]) -> None:
    """truth.json, one document per line: readable, diffable, and quick to write."""
    head = json.dumps({"generator": "directive-graph generate", "params": params},
                      ensure_ascii=False)
    lines = ",\n".join(json.dumps(d, ensure_ascii=False) for d in docs)
    path.write_text(f'{head[:-1]}, "documents": [\n{lines}\n]}}\n', encoding="utf-8")


def _prepare(out_dir: Path) -> Path:
    """A fresh work folder beside ``out_dir``; refuses to replace anything not a corpus."""
    if out_dir.exists() and not out_dir.is_dir():
        raise DirectiveGraphError(f"{out_dir}: exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "truth.json").is_file():
        raise DirectiveGraphError(
            f"{out_dir}: folder is not empty and holds no generated corpus (no truth.json); "
            "refusing to overwrite it")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = out_dir.parent / f".{out_dir.name}.partial-{os.getpid()}"
    if work.exists():
        shutil.rmtree(work)
    (work / "docs").mkdir(parents=True)
    (work / "gold").mkdir()
    return work


class _Run:
    """One generation run: writes documents and keeps the truth as it goes."""

    def __init__(self, work: Path, seed: int, noise: str, silent: float, tree: Tree,
                 levels: tuple[str, ...]) -> None:
        self.work, self.seed, self.noise, self.silent = work, seed, noise, silent
        self.tree, self.levels = tree, levels
        self.truth: list[dict[str, Any]] = []
        self.by_level: Counter[str] = Counter()
        self.formats: Counter[str] = Counter()
        self.silent_units = 0

    def emit(self, spec: DocSpec) -> dict[str, Any]:
        spec.style = _style(self.seed, spec.id, self.noise)
        _write(spec, str(self.work / "docs"), str(self.work / "gold"), self.seed)
        entry = truth_entry(spec)
        self.truth.append(entry)
        self.by_level[spec.level] += 1
        self.formats[spec.style.fmt] += 1
        return entry

    def cascade(self, r: int, root: Root, parent: Parent, entry: dict[str, Any],
                units: list[Unit], root_spec: DocSpec) -> None:
        """Every unit of ``units`` answers ``parent`` (or stays silent), then its own units."""
        side = root.side
        for unit in units:
            office = Office(side, unit)
            urng = random.Random(f"{self.seed}:unit:{r}:{unit.level}:{unit.code}")
            addressed: dict[str, Any] = {"unit": office.name, "code": unit.code,
                                         "level": unit.level}
            entry["addressed"].append(addressed)
            if urng.random() < self.silent:
                addressed.update(responded=False, document=None, lag_days=None)
                self.silent_units += 1
                continue
            lag = lag_days(urng, unit.level)
            when = date.fromisoformat(parent.spec.date) + timedelta(days=lag)
            doc_id = f"r{r:03d}-{_PREFIX[unit.level]}{unit.code}"
            spec = compose_local(doc_id, r, root, office, parent, when, self.tree,
                                 seed=self.seed, lag=lag, root_spec=root_spec)
            child_entry = self.emit(spec)
            addressed.update(responded=True, document=doc_id, lag_days=lag)
            below = self.tree.children.get(unit.code, [])
            level_index = LEVEL_ORDER.index(unit.level)
            if below and level_index + 1 < len(self.levels):
                self.cascade(r, root, Parent(spec, office), child_entry, below, root_spec)


def generate_corpus(
    out_dir: str | Path,
    *,
    seed: int = 0,
    levels: Sequence[str] = ("province", "district"),
    roots: int = 1,
    noise: str = "mixed",
    scale: int = 1,
    provinces: Sequence[str] | int | None = None,
    silent: float = 0.08,
) -> CorpusSummary:
    """Write a generated national corpus to ``out_dir`` (replacing an earlier one there)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    chosen = check_levels(levels)
    if noise not in NOISE_KINDS:
        raise DirectiveGraphError(f"noise {noise!r}: expected one of {', '.join(NOISE_KINDS)}")
    if roots < 1 or scale < 1:
        raise DirectiveGraphError(f"roots {roots}, scale {scale}: both must be at least 1")
    if not 0.0 <= silent < 1.0:
        raise DirectiveGraphError(f"silent share {silent}: expected 0 <= share < 1")
    out = Path(out_dir)
    tree = load_tree(provinces, chosen)
    work = _prepare(out)
    try:
        run = _Run(work, seed, noise, silent, tree, chosen)
        for r in range(roots * scale):
            root, when = _root_for(r)
            root_spec = compose_root(f"r{r:03d}-c", r, root, when, seed=seed)
            entry = run.emit(root_spec)
            run.cascade(r, root, Parent(root_spec, None), entry, tree.provinces, root_spec)
        params = {"seed": seed, "levels": list(chosen), "roots": roots, "scale": scale,
                  "noise": noise, "silent": silent,
                  "provinces": [p.name for p in tree.provinces]}
        _write_truth(work / "truth.json", params, run.truth)
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return CorpusSummary(out, len(run.truth), roots * scale,
                         {lv: run.by_level[lv] for lv in ("central", *chosen)},
                         dict(run.formats), run.silent_units, time.perf_counter() - started,
                         time.process_time() - cpu_started)
