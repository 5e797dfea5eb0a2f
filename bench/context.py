"""The state one benchmark run passes from area to area."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.common import Budget
from bench.corpus import Corpus

__all__ = ["Context"]


@dataclass(slots=True)
class Context:
    """Settings of the run and what earlier areas left for later ones."""

    work: Path  # git-ignored scratch folder (bench-out/)
    quick: bool
    runs: int  # runs per figure (the median is reported)
    budget: Budget
    corpus: Corpus
    store: Path | None = None  # the 1x store the load area built
    root_key: str = ""  # the central directive of the first cascade
    district_key: str = ""  # a district letter of it (for lineage)
    keys_by_file: dict[str, str] = field(default_factory=dict)  # file stem -> document key
