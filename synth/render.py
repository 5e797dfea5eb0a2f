"""A document spec -> the lines of the document, then text as PDF/scan converters leave it.

:func:`blocks` lays the parts out in one of the header orders seen in the
seeds (the two header columns flattened into one stream); :func:`to_text`
joins them with blank lines and, on request, the markdown marks converters
add (``**``, ``*``, ``- ``).  Tone style (uỷ/ủy) is applied to every line.

>>> import random
>>> retone("Tỉnh ủy Khánh Hòa, văn hóa", "old", random.Random(0))
'Tỉnh uỷ Khánh Hoà, văn hoá'
"""

from __future__ import annotations

import random
import re

from synth.spec import DocSpec

__all__ = ["Block", "blocks", "to_text", "retone", "LAYOUTS", "STATE_MOTTO", "PARTY_MOTTO"]

#: (role, lines).  Roles: issuer star number subject motto date title kg para copies sign
#: name stamp.
Block = tuple[str, list[str]]

PARTY_MOTTO = ["ĐẢNG CỘNG SẢN VIỆT NAM"]
STATE_MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

#: Header orders: the left column (issuer, number, subject) and the right
#: column (motto, place-date) flattened column-wise or row-wise.
LAYOUTS: tuple[tuple[str, ...], ...] = (
    ("issuer", "star", "number", "subject", "motto", "date"),
    ("issuer", "star", "motto", "number", "date", "subject"),
    ("motto", "issuer", "star", "number", "subject", "date"),
    ("issuer", "star", "number", "motto", "date", "subject"),
)

# New-style syllables and their old-style spelling (tone on the second vowel).
_OLD = {
    "ủy": "uỷ", "Ủy": "Uỷ", "ỦY": "UỶ", "hòa": "hoà", "Hòa": "Hoà", "HÒA": "HOÀ",
    "hóa": "hoá", "Hóa": "Hoá", "HÓA": "HOÁ", "khóa": "khoá", "thủy": "thuỷ",
    "Thủy": "Thuỷ", "khỏe": "khoẻ", "lũy": "luỹ", "tòa": "toà", "xóa": "xoá",
}
_OLD_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(_OLD, key=len, reverse=True)) + r")(?!\w)")


def retone(text: str, mode: str, rng: random.Random) -> str:
    """Rewrite tone placement: "new" leaves it, "old" moves all, "mixed" some."""
    if mode == "new":
        return text
    if mode == "old":
        return _OLD_RE.sub(lambda m: _OLD[m.group(1)], text)
    return _OLD_RE.sub(lambda m: _OLD[m.group(1)] if rng.random() < 0.5 else m.group(1), text)


def _kg_lines(lead: str, items: list[str], rng: random.Random) -> list[str]:
    """The addressee block: one line when there is one addressee, else a dashed list."""
    if len(items) == 1 and rng.random() < 0.5:
        return [f"{lead} {items[0]}."]
    sep = ";" if rng.random() < 0.5 else ","
    return [lead, *(f"- {it}{sep if i < len(items) - 1 else '.'}" for i, it in enumerate(items))]


def blocks(spec: DocSpec, rng: random.Random) -> list[Block]:
    """The document's parts in reading order, as lines without markup."""
    header: dict[str, list[str]] = {
        "issuer": list(spec.issuer_lines),
        "star": ["*"] if spec.party_motto else [],
        "number": [spec.number_line] if spec.number_line else [],
        "subject": list(spec.subject_lines),
        "motto": PARTY_MOTTO if spec.party_motto else STATE_MOTTO,
        "date": [spec.date_line],
    }
    out: list[Block] = [(role, header[role]) for role in LAYOUTS[spec.style.layout]
                        if header[role]]
    if spec.title_lines:
        out.append(("title", list(spec.title_lines)))
    if spec.recipients is not None:
        out.append(("kg", _kg_lines(spec.recipients_lead, spec.recipients, rng)))
    out.extend(("para", [p]) for p in spec.paragraphs)
    for task in spec.tasks:
        out.append(("para", [f"{task.no}. {task.paragraphs[0]}"]))
        out.extend(("para", [p]) for p in task.paragraphs[1:])
    out.extend(("para", [p]) for p in spec.closing)
    copies: Block = ("copies", ["Nơi nhận:", *spec.copied_lines])
    sign: list[Block] = [("sign", list(spec.sign_lines)), ("name", [str(spec.signer["name"])])]
    out.extend([*sign, copies] if spec.style.sign_first else [copies, *sign])
    return out


def _md_kg(lines: list[str], rng: random.Random) -> list[str]:
    """Converters' rendering of the addressee list: "- Kính gửi:*" then indented items."""
    if len(lines) == 1 or rng.random() < 0.5:
        return lines
    return [f"- {lines[0]}*", lines[1], *("  " + ln for ln in lines[2:])]


def to_text(spec: DocSpec, parts: list[Block], rng: random.Random) -> str:
    """Plain text in the converters' manner: blank lines between parts, optional markdown."""
    md = spec.style.markdown
    chunks: list[str] = []
    for role, lines in parts:
        if role == "star":
            chunks.append("\\*" if md and rng.random() < 0.5 else "*")
        elif role in ("issuer", "motto", "sign") and md:
            chunks.append("**" + "\n".join(lines) + "**" if rng.random() < 0.5
                          else "  \n".join(f"**{ln}**" for ln in lines))
        elif role == "name" and md:
            chunks.append(f"**{lines[0]}**")
        elif role == "subject" and md and not lines[0].startswith("V/v"):
            chunks.append("*" + "\n".join(lines) + "*")
        elif role == "subject":
            chunks.append("  \n".join(lines) if md else "\n".join(lines))
        elif role == "kg":
            kg = _md_kg(lines, rng) if md else lines
            gap = "\n\n" if not md and len(kg) > 1 and rng.random() < 0.5 else "\n"
            chunks.append(kg[0] + gap + "\n".join(kg[1:]) if len(kg) > 1 else kg[0])
        elif role == "title" and md:
            chunks.append("\n".join(lines[:-1]) + f"\n\n**{lines[-1]}**")
        elif role == "name":
            chunks.append("\n\n" + lines[0])
        elif role == "copies" and rng.random() < 0.5:
            chunks.append(lines[0] + "\n\n" + "\n".join(lines[1:]))  # as in seeds 000-002
        elif role == "para" and rng.random() < 0.03:
            chunks.append(" \n" + "\n".join(lines))  # a stray blank-looking line, seed 000
        else:
            chunks.append("\n".join(lines))
    text = "\n\n".join(chunks)
    return retone(text, spec.style.tone, rng)
