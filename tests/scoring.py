"""Run the shared scorer (vendored as tests/fixtures/score.py) over parsed files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from loaders import parse_file

FIXTURES = Path(__file__).parent / "fixtures"

__all__ = ["FIXTURES", "scorer", "score_files", "figure"]


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", FIXTURES / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_files(paths: list[Path], gold: Path, workdir: Path) -> dict[str, Any]:
    """Parse ``paths``, write JSON Lines, score them against the ``gold`` folder."""
    pred = workdir / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for path in paths:
            record = parse_file(path).to_dict(with_text=False)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    result: dict[str, Any] = scorer().score(gold, pred, verbose=False)
    return result


def figure(scores: dict[str, Any], name: str) -> float:
    """One figure of a score: a share as it is, a tally by its F1."""
    value = scores[name]
    return float(value["f1"] if isinstance(value, dict) else value)
