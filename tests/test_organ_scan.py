"""The organ scan entered at spaces finds the names organ_pattern finds, at the same offsets."""

from __future__ import annotations

from graph.organs import _fold_same_length, _organ_scan, organ_pattern
from tests.scoring import FIXTURES


def test_the_scan_at_spaces_equals_the_pattern() -> None:
    texts = [
        p.read_text(encoding="utf-8")
        for folder in ("seeds", "written/docs", "written2/docs", "written3/docs")
        for p in sorted((FIXTURES / folder).iterdir())
        if p.suffix in {".txt", ".md"}
    ]
    texts += ["Ủy ban nhân dân tỉnh", "xUBND tỉnh, Sở Y tế và Sở Tài chính;Ban Tuyên giáo"]
    found = 0
    for text in texts:
        folded = _fold_same_length(text)
        for cut in (folded, folded[1:], folded[:-7]):
            want = [(m.span(), m.group()) for m in organ_pattern().finditer(cut)]
            scan = _organ_scan().finditer(" " + cut)
            got = [((m.start(), m.end() - 1), m.group()[1:]) for m in scan]
            assert got == want
            found += len(want)
    assert found > 100
