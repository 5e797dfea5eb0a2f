"""The fast citation-anchor scan finds exactly the anchors of the plain pattern."""

from __future__ import annotations

from loaders.citations import _ANCHOR, _ANCHOR_SCAN
from loaders.vocab import DOC_TYPES
from tests.scoring import FIXTURES

PHRASES = [
    *DOC_TYPES,
    "ý kiến chỉ đạo của ",
    "ý kiến kết luận của ",
    "sự chỉ đạo của ",
    "chỉ đạo của ",
    "ý kiến của ",
    "số 12/UBND-VX",
    "số 56 - CV/TU",
]


def _texts() -> list[str]:
    texts = [
        p.read_text(encoding="utf-8")
        for folder in ("seeds", "written/docs", "written2/docs", "written3/docs")
        for p in sorted((FIXTURES / folder).iterdir())
        if p.suffix in {".txt", ".md"}
    ]
    for phrase in PHRASES:
        for form in (phrase, phrase.lower(), phrase.upper()):
            texts.append(f"Thực hiện {form} số 12-CV/TU, x{form}, {form}x; ({form})")
    return texts


def test_the_scan_finds_what_the_anchor_pattern_finds() -> None:
    for text in _texts():
        want = [(m.span(), m.lastgroup) for m in _ANCHOR.finditer(text)]
        got = [(m.span(), m.lastgroup) for m in _ANCHOR_SCAN.finditer(text)]
        assert got == want, text[:80]
        assert want or "Thực hiện" not in text[:10]  # each phrase line has anchors
