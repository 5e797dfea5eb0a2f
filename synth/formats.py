"""Writing a laid-out document as an HTML page or a Word file, byte for byte reproducibly.

The web copy wraps the letter in a site's page (menu, breadcrumbs, view
counter, a "Văn bản liên quan" list that is not part of the letter); the
plain page is the letter alone.  The Word file puts the header in a
two-column table, as party and state letters are typed, and the copies and
signature in another.  Its package skeleton (styles, settings) is made once
by python-docx; each document only adds its ``word/document.xml``, and every
zip entry carries a fixed timestamp so the same seed gives the same bytes.

>>> import io, random, zipfile
>>> data = docx_bytes([("issuer", ["TỈNH ỦY NAM ĐỊNH"]), ("motto", ["ĐẢNG CỘNG SẢN VIỆT NAM"]),
...                    ("para", ["1. Nội dung & việc <a>."])])
>>> "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
True
>>> "&lt;a&gt;" in html_page([("para", ["<a>"])], title="t", web=None)
True
"""

from __future__ import annotations

import html
import io
import random
import struct
import zipfile
import zlib
from functools import lru_cache

from synth.render import Block
from synth.spec import DocSpec

__all__ = ["html_page", "web_text", "docx_bytes", "Site", "site_for"]

_BOLD = frozenset({"issuer", "motto", "title", "sign", "name"})
_CENTER = frozenset({"issuer", "star", "motto", "title", "sign", "name", "number", "subject"})


class Site:
    """The web site a copy was taken from: its name, a news lead-in, related documents."""

    def __init__(self, name: str, related: list[str], stamp: str, views: int,
                 lead: str) -> None:
        self.name = name
        self.related = related
        self.stamp = stamp
        self.views = views
        self.lead = lead


def site_for(spec: DocSpec, rng: random.Random) -> Site:
    where = spec.jurisdiction
    if spec.level == "central":
        name = rng.choice(("Báo điện tử Đảng Cộng sản Việt Nam",
                           "Cổng Thông tin điện tử Chính phủ"))
    else:
        name = rng.choice((f"Cổng Thông tin điện tử {where}", f"Báo điện tử Đảng bộ {where}",
                           f"Trang thông tin điện tử Đảng bộ {where}"))
    related = []
    for _ in range(rng.randint(2, 4)):
        n = rng.randint(10, 900)
        kind = rng.choice(("Công văn", "Kế hoạch", "Thông báo", "Quyết định"))
        code = {"Công văn": "UBND-VP", "Kế hoạch": "KH-UBND", "Thông báo": "TB-UBND",
                "Quyết định": "QĐ-UBND"}[kind]
        d, m = rng.randint(1, 28), rng.randint(1, 12)
        related.append(f"{kind} số {n}/{code} ngày {d}/{m}/{spec.date[:4]} về việc "
                       + rng.choice(("tổ chức các hoạt động kỷ niệm", "tăng cường quản lý",
                                     "triển khai nhiệm vụ năm", "báo cáo kết quả công tác")))
    hour, minute = rng.randint(7, 17), rng.randint(0, 59)
    y, mo, da = spec.date.split("-")
    stamp = f"{hour:02d}:{minute:02d} {da}/{mo}/{y}"
    # News sites open with a lead-in that cites the letter itself.
    number = f" số {spec.number}" if spec.number else ""
    lead = (f"(Tin tức) - Ngày {int(da)}/{int(mo)}, {spec.issuer} ban hành {spec.doc_type}"
            f"{number} về {spec.subject}." if rng.random() < 0.6 else "")
    return Site(name, related, stamp, rng.randint(120, 9000), lead)


def _entities(text: str, letters: str) -> str:
    """Escape, then write some letters as numeric entities, as old CMSs do."""
    out = html.escape(text, quote=False)
    for ch in letters:
        out = out.replace(ch, f"&#{ord(ch)};")
    return out


def html_page(parts: list[Block], *, title: str, web: Site | None, letters: str = "") -> str:
    """The document as an HTML page; with a :class:`Site`, inside the site's chrome."""
    body: list[str] = []
    for role, lines in parts:
        inner = "<br>\n".join(_entities(ln, letters) for ln in lines if ln) or "&nbsp;"
        if role in _BOLD:
            inner = f"<strong>{inner}</strong>"
        align = ' style="text-align:center"' if role in _CENTER else ""
        body.append(f"<p{align}>{inner}</p>")
    doc = "\n".join(body)
    head = (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n")
    if web is None:
        return f'{head}</head>\n<body>\n<div class="document">\n{doc}\n</div>\n</body>\n</html>\n'
    e = html.escape
    menu = "".join(f'<li><a href="#">{m}</a></li>' for m in (
        "Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Văn bản chỉ đạo", "Liên hệ"))
    related = "\n".join(f'<li><a href="/van-ban/{i}">{e(r)}</a></li>'
                        for i, r in enumerate(web.related, 1))
    return (
        f'{head}<link rel="stylesheet" href="/static/site.css">\n'
        f'<script src="/static/menu.js"></script>\n</head>\n<body>\n'
        f'<div id="header"><div class="logo">{e(web.name)}</div>\n'
        f'<ul class="menu">{menu}</ul></div>\n'
        f'<div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; '
        f'<a href="/van-ban">Văn bản chỉ đạo</a> &raquo; {e(title)}</div>\n'
        f'<div class="meta">Cập nhật lúc {web.stamp} &nbsp;|&nbsp; Lượt xem: {web.views}</div>\n'
        + (f'<p class="sapo"><em>{e(web.lead)}</em></p>\n' if web.lead else "") +
        f'<div class="content">\n{doc}\n</div>\n'
        f'<div class="related"><h3>Văn bản liên quan</h3>\n<ul>\n{related}\n</ul></div>\n'
        f'<div id="footer">Bản quyền thuộc {e(web.name)}. Ghi rõ nguồn khi phát hành lại '
        f"thông tin từ trang này.</div>\n</body>\n</html>\n"
    )


def web_text(text: str, web: Site) -> str:
    """A web page copied as text: the site's menu and crumbs above, related documents below."""
    head = [web.name, "Trang chủ | Giới thiệu | Tin tức - Sự kiện | Văn bản chỉ đạo | Liên hệ",
            "Trang chủ » Văn bản chỉ đạo", f"Cập nhật lúc {web.stamp} | Lượt xem: {web.views}"]
    if web.lead:
        head.append(web.lead)
    tail = ["Văn bản liên quan", *(f"- {r}" for r in web.related),
            f"Bản quyền thuộc {web.name}."]
    return "\n".join(head) + "\n\n" + text.strip("\n") + "\n\n" + "\n".join(tail) + "\n"


# -- Word ----------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@lru_cache(maxsize=1)
def _skeleton() -> tuple[tuple[tuple[str, bytes], ...], str]:
    """The package parts of an empty python-docx document and its section properties."""
    import datetime as dt

    import docx

    d = docx.Document()
    props = d.core_properties
    fixed = dt.datetime(2021, 1, 1)
    props.created = props.modified = props.last_printed = fixed
    props.author = props.last_modified_by = ""
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(buf) as z:
        parts = tuple((n, z.read(n)) for n in z.namelist())
    xml = dict(parts)["word/document.xml"].decode("utf-8")
    start = xml.find("<w:sectPr")
    sect = xml[start:xml.find("</w:sectPr>") + len("</w:sectPr>")] if start >= 0 else ""
    return parts, sect


_Entry = tuple[bytes, int, bytes, int]  # name, crc32, deflated data, size


def _deflate(name: str, data: bytes) -> _Entry:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = comp.compress(data) + comp.flush()
    return name.encode("ascii"), zlib.crc32(data), packed, len(data)


@lru_cache(maxsize=1)
def _packed_skeleton() -> tuple[_Entry, ...]:
    """Skeleton parts deflated once: the styles alone are 800 kB, too much to redo per file."""
    return tuple(_deflate(n, d) for n, d in _skeleton()[0])


# 1980-01-01 00:00 in DOS time/date: every entry gets it, so the bytes never vary.
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1


def _zip(entries: list[_Entry]) -> bytes:
    """A zip archive of already deflated entries (what zipfile writes, minus the clock)."""
    out = bytearray()
    central = bytearray()
    for name, crc, data, size in entries:
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, _DOS_TIME, _DOS_DATE, crc,
                           len(data), size, len(name), 0) + name + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, _DOS_TIME,
                               _DOS_DATE, crc, len(data), size, len(name), 0, 0, 0, 0, 0,
                               offset) + name
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                                 len(central), len(out), 0)
    return bytes(out)


def _p(text: str, *, bold: bool = False, center: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    t = html.escape(text, quote=False)
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r></w:p>'


def _cell(paras: list[str]) -> str:
    inner = "".join(paras) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:w="4650" w:type="dxa"/></w:tcPr>{inner}</w:tc>'


def _table(left: list[str], right: list[str]) -> str:
    return ('<w:tbl><w:tblPr><w:tblW w:w="9300" w:type="dxa"/></w:tblPr><w:tblGrid>'
            '<w:gridCol w:w="4650"/><w:gridCol w:w="4650"/></w:tblGrid>'
            f"<w:tr>{_cell(left)}{_cell(right)}</w:tr></w:tbl>")


def _paras(block: Block) -> list[str]:
    role, lines = block
    return [_p(ln, bold=role in _BOLD, center=role in _CENTER) for ln in lines]


def docx_bytes(parts: list[Block]) -> bytes:
    """A .docx: header parts in a two-column table, copies and signature in another."""
    left_roles, right_roles = ("issuer", "star", "number", "subject"), ("motto", "date")
    header = [b for b in parts if b[0] in left_roles + right_roles]
    rest = [b for b in parts if b[0] not in left_roles + right_roles]
    left = [p for b in header if b[0] in left_roles for p in _paras(b)]
    right = [p for b in header if b[0] in right_roles for p in _paras(b)]
    body = [_table(left, right)] if header else []
    tail_roles = ("copies", "sign", "name")
    for b in rest:
        if b[0] not in tail_roles:
            body.extend(_paras(b))
    copies = [p for b in rest if b[0] == "copies" for p in _paras(b)]
    sign = [p for b in rest if b[0] in ("sign", "name") for p in _paras(b)]
    body.append(_table(copies, sign))
    sect = _skeleton()[1]
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{"".join(body)}{sect}'
                "</w:body></w:document>")
    main = _deflate("word/document.xml", document.encode("utf-8"))
    return _zip([main if e[0] == main[0] else e for e in _packed_skeleton()])
