"""Every fixture letter parses to exactly the record it parsed to when this file was written.

The scores (test_parse_seeds, test_parse_written*) hold the annotated fields; this
holds everything else too (spans, canonical names, keys, warnings, the cleaned
text), so a change made for speed alone cannot change a single output.  The
record version is left out: it hashes the parser's source, so it moves with any
edit.

When a rule changes an output on purpose, look at the difference the failure
names, then rewrite the expected file and commit it with the rule:

    .venv/bin/python -m tests.test_parse_outputs --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.errors import LoaderError
from loaders import parse_file
from tests.scoring import FIXTURES

EXPECTED = FIXTURES / "expected_parse.jsonl"
_SETS = (
    "seeds",
    "written/docs",
    "written2/docs",
    "written3/docs",
    "written4/docs",
    "written5/docs",
    "formats/good",
)
_SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}
_REGENERATE = ".venv/bin/python -m tests.test_parse_outputs --write"


def fixture_letters() -> list[Path]:
    return [
        p
        for folder in _SETS
        for p in sorted((FIXTURES / folder).iterdir())
        if p.suffix in _SUFFIXES
    ]


def parsed(path: Path) -> dict[str, Any]:
    """The record as compared: the cleaned text by its hash, the source relative."""
    rel = path.relative_to(FIXTURES).as_posix()
    try:
        record = parse_file(path)
    except LoaderError as exc:
        return {"source": rel, "error": str(exc)}
    d = record.to_dict(with_text=False)
    del d["version"]  # a hash of the parser's source: any edit changes it, outputs or not
    d["source"] = rel
    d["text_sha256"] = hashlib.sha256((record.text or "").encode("utf-8")).hexdigest()
    return d


def _expected() -> dict[str, dict[str, Any]]:
    lines = EXPECTED.read_text(encoding="utf-8").splitlines()
    return {d["source"]: d for d in map(json.loads, lines)}


def _first_difference(want: Any, got: Any, where: str = "") -> str:
    if isinstance(want, dict) and isinstance(got, dict):
        for k in sorted(want.keys() | got.keys()):
            if want.get(k) != got.get(k):
                return _first_difference(want.get(k), got.get(k), f"{where}.{k}")
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (w, g) in enumerate(zip(want, got, strict=True)):
            if w != g:
                return _first_difference(w, g, f"{where}[{i}]")
    return f"{where or 'record'}: expected {want!r}, got {got!r}"


def test_the_expected_file_lists_every_fixture_letter() -> None:
    names = {p.relative_to(FIXTURES).as_posix() for p in fixture_letters()}
    assert set(_expected()) == names, f"fixture letters changed; regenerate: {_REGENERATE}"


@pytest.mark.parametrize("path", fixture_letters(), ids=lambda p: p.name)
def test_the_parse_is_unchanged(path: Path) -> None:
    want = _expected().get(path.relative_to(FIXTURES).as_posix())
    assert want is not None, f"{path.name} has no expected record; regenerate: {_REGENERATE}"
    got = parsed(path)
    assert got == want, (
        f"{path.name}: {_first_difference(want, got)}. If a rule changed this on purpose, "
        f"regenerate with: {_REGENERATE}"
    )


def write_expected() -> None:
    with EXPECTED.open("w", encoding="utf-8") as out:
        for path in fixture_letters():
            out.write(json.dumps(parsed(path), ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {EXPECTED}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {_REGENERATE}")
    write_expected()
