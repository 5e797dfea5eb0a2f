"""The benchmark suite runs end to end in its tiny mode and writes every section.

Not a timed test: it checks the report's shape and that its figures were
measured (a section that failed says "Not measured"), never how fast they are.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import bench
from bench.report import SECTION_TITLES

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "BENCH.md"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out), "--work", str(tmp / "w")],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out.read_text(encoding="utf-8")


def test_report_has_every_section_in_order(report: str) -> None:
    titles = re.findall(r"^## (.+)$", report, flags=re.MULTILINE)
    assert titles == list(SECTION_TITLES)
    assert "Not measured" not in report, report


def test_report_names_machine_corpus_and_aims(report: str) -> None:
    assert re.search(r"^\| CPU \| .+, \d+ cores", report, flags=re.MULTILINE)
    assert re.search(r"^\| Python \| CPython 3\.\d+", report, flags=re.MULTILINE)
    assert re.search(r"^\| 1x corpus \| \d+ documents", report, flags=re.MULTILINE)
    assert re.search(r"^\| date \| \d{4}-\d{2}-\d{2}", report, flags=re.MULTILINE)
    # Each aim is stated with its measured figure and a verdict.
    for aim in ("Aim: 1,000 five-kilobyte", "Aim: a trace of the whole national cascade",
                "Aim: p99 under 50 ms"):
        line = next(ln for ln in report.splitlines() if ln.startswith(aim))
        assert "Measured" in line and ("meets" in line or "misses" in line), line


def test_figures_have_floors_and_runs(report: str) -> None:
    parse = report.split("## Parse throughput")[1].split("\n## ")[0]
    row = next(ln for ln in parse.splitlines() if ln.startswith("| `parse_text` on generated"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert float(cells[1].replace(",", "")) > 0  # docs/s
    assert cells[5].endswith("×") and int(cells[6]) >= 1  # ratio to the floor, runs
    api = report.split("## API under")[1].split("\n## ")[0]
    assert re.search(r"^\| document \| \d[\d,]* \(0 failed\)", api, flags=re.MULTILINE), api


def test_accuracy_rows_for_all_three_sets(report: str) -> None:
    acc = report.split("## Accuracy")[1]
    for name in ("4 real seed letters", "hand-written set", "second set, annotated blind",
                 "third set, annotated blind", "generated 1x corpus"):
        assert re.search(rf"^\| {name} \| \d+ \| \d\.\d\d \|", acc, flags=re.MULTILINE), name
    assert "true parent links found" in acc


def _bench_modules() -> list[str]:
    return sorted(["bench", *(m.name for m in pkgutil.walk_packages(bench.__path__, "bench."))])


@pytest.mark.parametrize("name", _bench_modules())
def test_bench_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
