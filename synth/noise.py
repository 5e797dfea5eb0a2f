"""Scan and web damage: what OCR and copy-paste from a web page do to a letter.

OCR (:func:`ocr_blocks`, :func:`ocr_text`): a receiving stamp dropped into
the header ("VPU BND TỈNH HÀ NAM / ĐẾN Số:... Ngày: ..."), letters split in
title words ("K ÉT LUẬN"), "ƯBND" for "UBND", "TƯ" for "TU" in numbers, a few
wrong vowels ("cơng"), hard-wrapped paragraphs, a stray page number and
"[Handwritten Signature]".  None of it changes what the gold says.

>>> import random
>>> ocr_text("công tác không chủ quan, công việc", random.Random(3), swaps=3)
'cơng tác khơng chủ quan, cơng việc'
>>> split_word("KẾT LUẬN CỦA BAN")
'K ÉT LUẬN CỦA BAN'
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from synth.render import Block
from synth.spec import DocSpec

__all__ = ["ocr_blocks", "ocr_text", "split_word"]

_VOWEL_SWAPS = {
    "công": "cơng", "không": "khơng", "thông": "thơng", "Công": "Cơng", "động": "đợng",
    "những": "nhửng", "được": "đuợc", "người": "nguời", "tổ chức": "tỗ chức",
}
_SWAP_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(_VOWEL_SWAPS, key=len, reverse=True))
                      + r")(?!\w)")


def ocr_text(text: str, rng: random.Random, *, swaps: int) -> str:
    """Replace up to ``swaps`` common words by their OCR misreadings."""
    hits = list(_SWAP_RE.finditer(text))
    if not hits:
        return text
    chosen = sorted(rng.sample(range(len(hits)), k=min(swaps, len(hits))))
    out, last = [], 0
    for i in chosen:
        m = hits[i]
        out.append(text[last:m.start()])
        out.append(_VOWEL_SWAPS[m.group(1)])
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def split_word(line: str) -> str:
    """Split the first upper-case word of three letters or more, as OCR does."""
    words = line.split(" ")
    for i, w in enumerate(words):
        if len(w) >= 3 and w.isupper():
            words[i] = "K ÉT" if w == "KẾT" else f"{w[0]} {w[1:]}"
            break
    return " ".join(words)


def _stamp(spec: DocSpec, rng: random.Random) -> list[str]:
    office = rng.choice(spec.stamp_offices)
    got = date.fromisoformat(spec.date) + timedelta(days=rng.randint(0, 3))
    return [office, "", "ĐẾN Số:.....", f"Ngày: {got.day}/{got.month}/{got.year}.....", "",
            "Chuyên:....."]


def _wrap(text: str, width: int) -> str:
    out, cur = [], ""
    for w in text.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    out.append(cur)
    return "\n".join(out)


def ocr_blocks(spec: DocSpec, parts: list[Block], rng: random.Random) -> list[Block]:
    """Scan damage at the level of parts (before the text is joined)."""
    out: list[Block] = []
    width = rng.choice((0, 0, 78, 95))  # 0: paragraphs left whole
    page_break = rng.randint(4, 12) if rng.random() < 0.3 else -1
    stamped = False
    for i, (role, lines) in enumerate(parts):
        if role == "title" and rng.random() < 0.5:
            at = 1 if len(lines) > 1 and lines[1].startswith("KẾT") else 0
            lines = [*lines[:at], split_word(lines[at]), *lines[at + 1:]]
        if role == "number" and rng.random() < 0.3:
            lines = [re.sub(r"/TU$", "/TƯ", ln) for ln in lines]
        if role in ("para", "kg", "copies", "issuer") and rng.random() < 0.3:
            lines = [ln.replace("UBND", "ƯBND", 1) for ln in lines]
        if role == "para" and width:
            lines = [_wrap(ln, width) for ln in lines]
        if role == "name" and rng.random() < 0.6:
            out.append(("stamp", ["[Handwritten Signature]"]))
        out.append((role, lines))
        if not stamped and spec.stamp_offices and role in ("title", "date") \
                and rng.random() < 0.5:
            out.append(("stamp", _stamp(spec, rng)))
            stamped = True
        if i == page_break and role == "para":
            out.append(("stamp", [str(rng.randint(2, 3))]))
    return out
