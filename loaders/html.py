"""A web copy of a document (HTML markup) -> the document's text, one block per line.

Official portals wrap a letter in site chrome: menus, headers, footers, a
news lead-in, a "Văn bản liên quan" list.  The markup is parsed with the
standard library's :class:`html.parser.HTMLParser` into a small tree; chrome
is recognised by tag (``nav``, ``header``, ``footer``, ``aside``), by class or
id words (menu, breadcrumb, related, lienquan ...) and by link density, and
is dropped unless it holds the document itself.  The document block is the
smallest element that holds the most document landmarks ("Số ...", "Kính
gửi", the motto, "Nơi nhận", "V/v" ...), else ``<article>``/``<main>``, else
the element with the most non-link text.

>>> page = ('<html><body><nav><a href="/">Trang chủ</a></nav><article>'
...         '<p>HUYỆN ỦY GIAO THỦY</p><p>Số 12-CV/HU</p><p>Kính gửi: Các chi bộ</p>'
...         '</article><footer>&copy; Cổng thông tin</footer></body></html>')
>>> print(html_to_text(page))
HUYỆN ỦY GIAO THỦY
Số 12-CV/HU
Kính gửi: Các chi bộ
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["html_to_text", "declared_charset", "MAX_ELEMENTS"]

#: Pages with more elements are refused (ValueError): real ones have a few
#: thousand, and the cost grows with the count.
MAX_ELEMENTS = 100_000


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_VOID = _words("area base br col embed hr img input link meta param source track wbr")
_SKIP = _words("script style noscript template svg head iframe object select button textarea")
_BLOCK = _words(
    "address article aside blockquote body center dd div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody "
    "td th thead tfoot tr ul caption"
)
_PARAGRAPH = _words("p h1 h2 h3 h4 h5 h6 table blockquote pre ul ol")
_CLOSES_P = _BLOCK - _words("li td th tr dd dt tbody thead tfoot caption")
_CHROME_TAGS = _words("nav header footer aside")
_CHROME_WORDS = _words(
    "menu mainmenu submenu nav navbar navigation breadcrumb breadcrumbs footer header "
    "sidebar banner social share sharing comment comments cookie topbar toolbar "
    "pagination tags tag ads advert advertisement related lienquan vblq search login "
    "sapo lead summary chapeau intro description tomtat"
)
_RELATED_HEADING = re.compile(
    r"^\W{0,3}(?:(?:các\s)?(?:văn bản|tin|bài viết|bài|tài liệu)\s(?:liên quan|khác|cùng)"
    r"|related|xem thêm|tin mới)",
    re.IGNORECASE,
)
_MARKERS = {
    # "Số 12-CV/HU", "Số: 215/UBND-VX", a blank "Số:     /KH-UBND"; not "Số 1 đường".
    "number": re.compile(r"\bSố\s{0,3}:?[\s.]{0,12}\d{0,6}\s{0,2}[-/]\s{0,2}[A-ZĐ\d]"),
    "to": re.compile(r"Kính\s{1,3}gửi", re.IGNORECASE),
    "motto": re.compile(
        r"ĐẢNG\s{1,3}CỘNG\s{1,3}SẢN\s{1,3}VIỆT\s{1,3}NAM|CỘNG\s{1,3}H(?:ÒA|OÀ)\s{1,3}XÃ\s{1,3}HỘI",
        re.IGNORECASE,
    ),
    "copies": re.compile(r"Nơi\s{1,3}nhận", re.IGNORECASE),
    "subject": re.compile(r"\bV/v\b"),
    "basis": re.compile(r"\b(?:Thực hiện|Căn cứ)\b"),
    "date": re.compile(r"ngày\s{1,3}\d{1,2}\s{1,3}tháng\s{1,3}\d{1,2}\s{1,3}năm\s{1,3}\d{4}"),
}
_SPACE = re.compile(r"[ \t\n\r\f\v\xa0\u200b]+")
_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s{0,3}=\s{0,3}[\"']?\s{0,3}([A-Za-z0-9_.:-]{1,40})", re.I
)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top, lower-cased.

    >>> declared_charset(b'<head><meta charset="UTF-8"></head>')
    'utf-8'
    >>> declared_charset(b'<meta content="text/html; charset=windows-1258">')
    'windows-1258'
    """
    m = _CHARSET.search(data[:8192])
    return m.group(1).decode("ascii").lower() if m else None


@dataclass(eq=False)
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)
    parent: _Node | None = None
    dropped: bool = False  # chrome: skipped from then on (no list rebuilding)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack = [self.root]
        self.skip: list[str] = []
        # How many of each tag are open, so a stray end tag costs nothing.
        self.open: dict[str, int] = {}
        self.elements = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[-1] and tag not in _VOID:
                self.skip.append(tag)
            return
        if tag == "body":  # a <head> left open ends here
            self.skip.clear()
        if tag in _SKIP:
            self.skip.append(tag)
            return
        if tag in _CLOSES_P or tag == "p":
            self._close_open("p")
        if tag in ("li", "dt", "dd", "tr", "td", "th", "option"):
            self._close_open(tag)
        self._count()
        node = _Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)
            self.open[tag] = self.open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip or tag in _SKIP:
            return
        self._count()
        self.stack[-1].children.append(
            _Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        )

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            elif tag == "head":
                self.skip.clear()
            return
        if not self.open.get(tag):
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i)
                return

    def _count(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise ValueError(f"web page has over {MAX_ELEMENTS} HTML elements")

    def _pop_to(self, i: int) -> None:
        for node in self.stack[i:]:
            self.open[node.tag] -= 1
        del self.stack[i:]

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.stack[-1].children.append(data)

    def _close_open(self, tag: str) -> None:
        # Only an element open right here (under a few inline elements) is closed.
        if not self.open.get(tag):
            return
        for i in range(len(self.stack) - 1, max(0, len(self.stack) - 64), -1):
            node = self.stack[i]
            if node.tag == tag:
                self._pop_to(i)
                return
            if node.tag in _BLOCK:
                return


class _Layout:
    """The rendered text of a tree, with each element's span in it (rendered once)."""

    def __init__(self, root: _Node) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.trail = 2  # newlines at the end so far; breaks collapse into them
        self.spans: dict[int, tuple[int, int]] = {}
        self.hits: dict[str, tuple[list[int], list[int]]]
        # Iterative: adversarial pages nest deeper than Python's recursion limit.
        todo: list[tuple[str, _Node | str, bool]] = [("node", root, False)]
        while todo:
            kind, item, pre = todo.pop()
            if isinstance(item, str):
                if kind == "break":
                    self._break(len(item))
                else:
                    self._text(item, pre)
                continue
            if kind == "end":
                self.spans[id(item)] = (self.spans[id(item)][0], self.pos)
                continue
            tag = item.tag
            if tag == "br":
                self._text("\n", True)
                continue
            brk = "\n\n" if tag in _PARAGRAPH else "\n" if tag in _BLOCK else ""
            self._break(len(brk))
            if tag == "li":
                self._text("- ", False)
            self.spans[id(item)] = (self.pos, self.pos)
            pre = pre or tag == "pre"
            todo.append(("break", brk, pre))
            todo.append(("end", item, pre))
            for child in reversed(item.children):
                if isinstance(child, str):
                    todo.append(("text", child if pre else _SPACE.sub(" ", child), pre))
                elif not child.dropped:
                    todo.append(("node", child, pre))
        self.raw = "".join(self.parts)
        # Where each landmark occurs, found once over the whole text: asking an
        # element is then a binary search, not a scan of its (nested) text.
        self.hits = {}
        for name, rx in _MARKERS.items():
            found = [(m.start(), m.end()) for m in rx.finditer(self.raw)]
            self.hits[name] = ([a for a, _ in found], [b for _, b in found])

    def _text(self, text: str, pre: bool) -> None:
        if not text or (not pre and text == " " and self.trail):
            return  # white space between blocks
        self.parts.append(text)
        self.pos += len(text)
        stripped = text.rstrip("\n")
        self.trail = len(text) - len(stripped) + (self.trail if not stripped else 0)

    def _break(self, newlines: int) -> None:
        if newlines > self.trail:
            self.parts.append("\n" * (newlines - self.trail))
            self.pos += newlines - self.trail
            self.trail = newlines

    def raw_text(self, node: _Node) -> str:
        start, end = self.spans.get(id(node), (0, 0))
        return self.raw[start:end]

    def size(self, node: _Node) -> int:
        start, end = self.spans.get(id(node), (0, 0))
        return end - start

    def markers(self, node: _Node) -> frozenset[str]:
        """The landmarks that occur inside the element."""
        start, end = self.spans.get(id(node), (0, 0))
        found = []
        for name, (starts, ends) in self.hits.items():
            i = bisect.bisect_left(starts, start)
            if i < len(starts) and ends[i] <= end:
                found.append(name)
        return frozenset(found)

    def text(self, node: _Node) -> str:
        return _tidy(self.raw_text(node))


def _tidy(raw: str) -> str:
    """Collapse spaces, one block per line, at most one blank line between blocks."""
    lines: list[str] = []
    blank = False
    for part in raw.split("\n"):
        line = _SPACE.sub(" ", part).strip()
        if line and line != "-":
            if blank and lines:
                lines.append("")
            lines.append(line)
            blank = False
        else:
            blank = True
    return "\n".join(lines)


def _walk(node: _Node) -> list[_Node]:
    nodes, todo = [], [node]
    while todo:
        n = todo.pop()
        nodes.append(n)
        todo.extend(c for c in reversed(n.children) if isinstance(c, _Node) and not c.dropped)
    return nodes


# Landmarks a list of document titles does not have, but a letter's own header
# (motto and date) or body (Kính gửi, Nơi nhận) does.
_OWN_PARTS = frozenset({"to", "motto", "copies", "date"})


def _holds_document(found: frozenset[str], tagged: bool = False) -> bool:
    """True if a block looks like (part of) the letter itself, so it is never chrome.

    A ``<header>``/``<footer>`` element (``tagged``) that carries a document
    number or the motto is the letter's own header or signature block: site
    banners carry neither.  A block only *classed* "header" or "related"
    needs two of the letter's own parts, as lists of related titles carry numbers.
    """
    if tagged and found & {"number", "motto"}:
        return True
    return len(found & _OWN_PARTS) >= 2


def _is_chrome(node: _Node) -> bool:
    if node.tag in _CHROME_TAGS:
        return True
    for attr in ("class", "id", "role"):
        value = node.attrs.get(attr, "").lower()
        if not value:
            continue
        words = set(re.split(r"[-_\s]+", value))
        squashed = re.sub(r"[-_\s]+", "", value)
        if words & _CHROME_WORDS or "lienquan" in squashed or "related" in squashed:
            return True
    return False


def _detach(node: _Node) -> None:
    node.dropped = True


def _is_related_heading(node: _Node, layout: _Layout) -> bool:
    if node.tag not in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "strong", "b", "span"):
        return False
    if layout.size(node) > 200:
        return False
    return _RELATED_HEADING.match(_tidy(layout.raw_text(node))) is not None


def _drop_chrome(root: _Node) -> None:
    layout = _Layout(root)
    nodes = _walk(root)
    # Links and their text per subtree, summed bottom-up in one pass.
    links: dict[int, tuple[int, int]] = {}
    following: dict[int, _Node] = {}
    for node in reversed(nodes):
        count, length = (1, layout.size(node)) if node.tag == "a" else (0, 0)
        elements = [c for c in node.children if isinstance(c, _Node)]
        for child, after in itertools.pairwise(elements):
            following[id(child)] = after
        for child in elements:
            c, n = links[id(child)]
            count, length = count + c, length + n
        links[id(node)] = (count, length)
    # Top-down, so a dropped subtree is never looked into.
    todo = [c for c in reversed(root.children) if isinstance(c, _Node)]
    while todo:
        node = todo.pop()
        if node.dropped:
            continue  # went along with a "related" heading
        if node.tag not in ("body", "html"):
            if _is_related_heading(node, layout):
                _detach(node)
                nxt = following.get(id(node))
                if nxt is not None and nxt.tag in ("ul", "ol", "div", "table"):
                    _detach(nxt)  # the list of related documents under it
                continue
            if _is_chrome(node) and not _holds_document(
                layout.markers(node), node.tag in _CHROME_TAGS
            ):
                _detach(node)
                continue
            count, linked = links[id(node)]
            size = layout.size(node)
            dense = count >= 3 and size and linked / size > 0.7
            if dense and node.tag in _LISTY and not _holds_document(layout.markers(node)):
                _detach(node)
                continue
        todo.extend(c for c in reversed(node.children) if isinstance(c, _Node))


_LISTY = _words("ul ol div table section td")


_ROW_NO = re.compile(r"^(?:\d{1,3}|[IVX]{1,6}|[a-zđ])[.)]?$")


def _cell_text(node: _Node) -> str:
    parts: list[str] = []
    todo: list[_Node | str] = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, str):
            parts.append(n)
        elif not n.dropped:
            parts.append(" " if n.tag in _VOID or n.tag in _BLOCK else "")
            todo.extend(reversed(n.children))
    return _SPACE.sub(" ", "".join(parts)).strip().replace("|", "/")


def _pipe_tables(root: _Node) -> None:
    """Each data table (three columns or more) as markdown rows, one line a row.

    A page lays a task table (TT | Đơn vị | Nội dung) out cell by cell; as rows
    between pipes it reads as a converted Word table does (:mod:`loaders.tables`):
    one numbered item a row, each cell after its column's heading.
    """
    for table in [n for n in _walk(root) if n.tag == "table"]:
        inner = _walk(table)[1:]
        if any(n.tag == "table" for n in inner):
            continue  # a layout table holding others
        rows = [n for n in inner if n.tag == "tr"]
        cells = [
            [c for c in r.children if isinstance(c, _Node) and c.tag in ("td", "th")] for r in rows
        ]
        texts_of = [[_cell_text(c) for c in cs] for cs in cells]
        if not any(
            len([t for t in texts if t]) >= 3 and _ROW_NO.match(texts[0]) for texts in texts_of
        ):
            continue  # a layout table (header, signature), even with a spacer column
        for k, (row, cs, texts) in enumerate(zip(rows, cells, texts_of, strict=True)):
            row.children = ["| " + " | ".join(texts) + " |"]
            if k == 0 and texts and not _ROW_NO.match(texts[0]) and row.parent is not None:
                # The heading row: a separator under it, as markdown marks one.
                sep = _Node("tr", children=["|" + "---|" * len(cs)], parent=row.parent)
                siblings = row.parent.children
                siblings.insert(siblings.index(row) + 1, sep)


def _main_block(root: _Node) -> tuple[_Node, _Layout]:
    layout = _Layout(root)
    nodes = [n for n in _walk(root) if n.tag in _BLOCK or n is root]
    best: tuple[int, int, _Node] = (-1, 0, root)
    for n in nodes:
        key = (len(layout.markers(n)), -layout.size(n))
        if key > best[:2]:
            best = (key[0], key[1], n)
    if best[0] >= 2:
        return best[2], layout
    for tag in ("article", "main"):
        found = [n for n in nodes if n.tag == tag]
        if found:
            return max(found, key=layout.size), layout
    return root, layout


_HEADER_LINE = re.compile(r"^(?:Số\s{0,3}:?\s{0,3}\d|Kính\s{1,3}gửi|V/v\b)")


def _is_header_line(line: str) -> bool:
    if _HEADER_LINE.match(line) or _MARKERS["motto"].search(line):
        return True
    letters = [c for c in line if c.isalpha()]
    return len(line.split()) >= 2 and len(letters) >= 4 and all(c.isupper() for c in letters)


def _drop_lead_in(text: str) -> str:
    """Drop a news lead-in: prose lines before the document's first header line."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:12]):
        if _is_header_line(line):
            return "\n".join(lines[i:])
    return text


def html_to_text(markup: str, fix: Callable[[str], str] | None = None) -> str:
    """The text of the document a web page carries, site chrome removed.

    Raises ValueError for a page of more than :data:`MAX_ELEMENTS` elements.

    ``fix`` corrects the document block's text before the lead-in is looked
    for (legacy pages get their capitals back there).
    """
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    root = builder.root
    _drop_chrome(root)
    _pipe_tables(root)
    block, layout = _main_block(root)
    text = layout.text(block)
    return _drop_lead_in(fix(text) if fix else text)
