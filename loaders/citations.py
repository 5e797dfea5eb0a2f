"""Citations: the documents a document carries out and the ones it cites.

A citation reads [type] [số NUMBER] [ngày DATE] [của ISSUER] [về SUBJECT], any
part missing.  Anchors (a type word, "số N/...", "ý kiến chỉ đạo của") are found
first; each is then read part by part by a small scanner up to the next anchor,
so nothing backtracks.  A citation in a sentence that opens with "Thực hiện"
(before the tasks, or in the subject) is *implemented*; others are references.

>>> text = ("Thực hiện Công văn số 201-CV/TU ngày 27 tháng 4 năm 2021 của "
...     "Tỉnh ủy Bắc Kạn về tiếp tục tăng cường công tác phòng, chống dịch Covid-19, ...")
>>> cs = find_citations(text, len(text))
>>> c = cs[0]
>>> (c.doc_type, c.number, c.date, c.issuer.text, c.relation)
('Công văn', '201-CV/TU', '2021-04-27', 'Tỉnh ủy Bắc Kạn', 'implements')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from graph.model import Citation, Entity, Span
from graph.names import fold, name_key
from loaders.assignees import mask_names
from loaders.dates import DATE_RE, match_date
from loaders.vocab import (
    CODE_ISSUERS,
    DOC_TYPES,
    NUMBER_RE,
    doc_type_of_number,
    issuer_code,
    level_of_code,
    normalise_number,
)
from loaders.words import PREDICATE_VERB_RE
from loaders.wordtrie import word_trie

__all__ = ["find_citations", "Mention", "citation_level"]

_TYPE_ALT = "|".join(re.escape(t) for t in DOC_TYPES)
_ANCHOR = re.compile(
    r"(?P<type>(?<![\w])(?:" + _TYPE_ALT + r")(?![\w]))"
    r"|(?P<directive>(?<![\w])(?:ý\s+kiến\s+chỉ\s+đạo|ý\s+kiến\s+kết\s+luận|sự\s+chỉ\s+đạo|"
    r"chỉ\s+đạo|ý\s+kiến)\s+của\s)"
    r"|(?P<bare>(?<![\w])số\s{1,3}(?=\d{1,6}\s{0,2}[-/]\s{0,2}[A-ZĐ]))",
    re.IGNORECASE,
)
# The letters every _ANCHOR branch opens with (a type's, "ý"/"sự"/"chỉ", "số").
_ANCHOR_LETTERS = "".join(sorted({t[0].lower() for t in DOC_TYPES} | set("ýsc")))
_TYPE_GROUP = r"(?P<type>(?<![\w])(?:" + _TYPE_ALT + r")(?![\w]))"
# _ANCHOR behind a one-letter lookahead, its types as a trie (loaders.wordtrie;
# no two types differ by case alone, and a type that another starts with comes
# after it): the same matches, but most offsets fail at one character test
# instead of a lookbehind and every alternative.
_ANCHOR_SCAN = re.compile(
    f"(?=[{_ANCHOR_LETTERS}])(?:"
    + _ANCHOR.pattern.replace(
        _TYPE_GROUP, r"(?P<type>" + word_trie(DOC_TYPES, not_after=[r"[\w]"]) + r"(?![\w]))"
    )
    + ")",
    re.IGNORECASE,
)
_IMPLEMENTS_OPENER = re.compile(
    r"^(?:Thực\s+hiện|Triển\s+khai(?:\s+thực\s+hiện)?|Tiếp\s+tục\s+thực\s+hiện|Để\s+(?:triển\s+"
    r"khai\s+)?thực\s+hiện|Quán\s+triệt\s+và\s+thực\s+hiện|Thi\s+hành)\b",
    re.IGNORECASE,
)
_OPENER_ONLY = re.compile(
    r"(?:tiếp\s+tục\s+)?(?:thực\s+hiện|triển\s+khai(?:\s+thực\s+hiện)?)", re.IGNORECASE
)
_SPACE = re.compile(r"[ \t\n]{0,4}")
_SO = re.compile(r"số\s{0,3}:?\s{0,3}", re.IGNORECASE)
_NGAY = re.compile(r",?\s{0,3}(?:ban\s+hành\s+)?ngày\s{0,3}", re.IGNORECASE)
_CUA = re.compile(r",?\s{0,3}của\s{1,3}", re.IGNORECASE)
# "ý kiến chỉ đạo của X tại phiên họp ngày D": spoken instructions take the meeting's date.
_MEETING = re.compile(
    r",?\s{0,3}tại\s{1,3}(?:phiên\s+họp|cuộc\s+họp|buổi\s+làm\s+việc|kỳ\s+họp|hội\s+nghị)"
    r"(?:\s{1,3}(?:thường\s+kỳ|chuyên\s+đề|trực\s+tuyến))?\s{0,3},?\s{1,3}ngày\s{0,3}",
    re.IGNORECASE,
)
_VE = re.compile(r",?\s{0,3}(?:về\s+việc|về|V/v|v/v)\s{1,3}", re.IGNORECASE)
_TAI = re.compile(r",?\s{0,3}tại\s{1,3}", re.IGNORECASE)
_SHORT = re.compile(
    r"\s{1,3}(?:số\s{1,3})?(?P<n>\d{1,4})(?!\s{0,3}[-/\d])|\s{1,3}(?P<above>nêu\s+trên|trên)\b"
)
_PLACE_AFTER = re.compile(r"\s[A-ZĐ][a-zà-ỹđ]")
#: Acts cited by their title before their number and date.
_TITLED_TYPES = {"Luật", "Pháp lệnh"}
_LAW_TITLE = re.compile(r"(?:[A-ZĐ][^\n;.()]{0,100}?)\s(?=(?:số|ngày)\s)")
# "Luật Phòng, chống tham nhũng năm 2018": a law cited by its title and year
# (read on the masked text, so the comma inside "Phòng, chống" does not stop it).
_LAW_YEAR_TITLE = re.compile(r"[A-ZĐ][^\n;.()]{0,120}?\snăm\s\d{4}(?![\d/])")
# "Nghị quyết Trung ương 4 khóa XII", "Nghị quyết Hội nghị lần thứ tám Ban Chấp hành
# Trung ương khóa XIII": a plenum's resolution, named by the plenum and the term.
_PLENUM = re.compile(
    r"(?:Hội\s+nghị\s+)?(?:lần\s+thứ\s+\w+\s+)?(?:Ban\s+Chấp\s+hành\s+)?Trung\s+ương\s+"
    r"(?:\d{1,2}\s+|lần\s+thứ\s+\w+\s+)?,?\s{0,2}(?:khóa|khoá)\s+[IVXL]{1,6}(?![\w])"
)
_SELF = re.compile(r"\s{1,3}này\b")
_GENERIC_BEFORE = re.compile(r"(?:các|những|mọi|từng|của|và\s+các)\s{1,3}$", re.IGNORECASE)
_NOT_A_TYPE_BEFORE = re.compile(r"(?:Sở|Bộ|Ban|Phòng|Vụ|Cục|Trung\s+tâm)\s{1,3}$")
# A subject or an issuer stops at a clause break or before another anchor.
_STOP = re.compile(r"[;:()\n]|\.(?:\s|$)|,\s{1,3}(?=[A-ZĐ][^\s]*\s+(?:[A-ZĐ]|ủy|uỷ))")
_MAX_ISSUER = 120
_MAX_SUBJECT = 300
#: Types whose dateless, numberless mention of one issuer is still one document.
_DISTINCT_TYPES = {"Lời kêu gọi", "Điện", "Công điện"}
_BASIS = re.compile(r"^Căn\s+cứ\b", re.IGNORECASE)
#: Types a lower level carries out; laws, decrees and rules are only a basis.
_DIRECTIVE_TYPES = {
    "Chỉ thị",
    "Nghị quyết",
    "Kết luận",
    "Thông báo",
    "Thông báo kết luận",
    "Công văn",
    "Điện",
    "Công điện",
    "Kế hoạch",
    "Hướng dẫn",
    "Chương trình",
}
#: What a lower level submits upward: a basis of the decision, never carried out.
_PROPOSALS = {"Tờ trình", "Báo cáo"}
# A decision that issues a plan or programme is how a state body hands it down.
_ISSUES_PLAN = re.compile(
    r"\bban\s+hành\s+(?:kèm\s+theo\s+)?(?:Kế\s+hoạch|Chương\s+trình|Đề\s+án)", re.IGNORECASE
)
# Between a citation and one nested in it: "Kế hoạch số 45 ... thực hiện Công văn số 56".
_BREAK = re.compile(r"[.;!?](?:\s|$)")
_NESTING = re.compile(
    r"(?:để\s+)?(?:thực hiện|triển khai(?: thực hiện)?|theo|về việc thực hiện|"
    r"về triển khai thực hiện|thi hành|hướng dẫn thực hiện)"
)


@dataclass(slots=True)
class Mention:
    """A short form ("Chỉ thị 16", "văn bản nêu trên") and what it points back at."""

    text: str
    span: Span
    antecedent: int | None
    candidates: list[int]


def citation_level(issuer: str | None, number: str | None) -> str | None:
    """The level of a cited document's issuer, from its name or its number code.

    >>> citation_level("Thường trực Ban Bí thư Trung ương Đảng", None)
    'central'
    >>> citation_level(None, "201-CV/TU")
    'province'
    """
    if issuer:
        f = fold(issuer)
        if re.search(
            r"trung uong|\bbo chinh tri|ban bi thu|chinh phu|thu tuong|quoc hoi|"
            r"chu tich nuoc|tong bi thu|\bbo [a-z]|quoc gia",
            f,
        ):
            return "central"
        if re.search(r"\btinh\b|tinh uy|\bso [a-z]", f):
            return "province"
        if re.search(r"huyen|quan uy|thi uy|thi xa|\bquan\b", f):
            return "district"
        if re.search(r"\bxa\b|phuong|thi tran", f):
            return "commune"
    if number:
        return level_of_code(issuer_code(number))
    return None


# A sentence, for telling what a citation's sentence opens with: ";" does not
# end it ("Thực hiện Chỉ thị số 11 ...; Công điện số 156 ..., UBND tỉnh yêu cầu").
_BOUNDARY = re.compile(r"\n|\.(?=[ \n])|:")


class _SentenceStarts:
    """Where the sentence holding a position starts, found by bisection.

    Boundaries are found once per document, so a sentence with thousands of
    citations costs no more than one with a few.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [m.end() for m in _BOUNDARY.finditer(text)]

    def start_of(self, pos: int) -> int:
        k = bisect_right(self.ends, pos) - 1
        i = self.ends[k] if k >= 0 else 0
        while i < pos and self.text[i] in " \n-":
            i += 1
        return i

    def boundary_after(self, pos: int) -> str | None:
        """The first boundary at or after ``pos`` ("\\n", "." or ":"), None at the end."""
        k = bisect_right(self.ends, pos)
        return self.text[self.ends[k] - 1] if k < len(self.ends) else None


def _read_until_stop(text: str, pos: int, limit: int, cap: int) -> tuple[str, int]:
    end = min(limit, pos + cap)
    m = _STOP.search(text, pos, end)
    stop = m.start() if m else end
    return text[pos:stop], stop


_ISSUER_CUT = re.compile(
    r"[;:()\n&]|\.(?:\s|$)|\s(?:ngày|về|V/v|tại|số|thực\s+hiện|để|nhằm|trong|theo|đã|đến|cho|với|nêu|"
    r"quy\s+định|phê\s+duyệt|ban\s+hành)\b"
    r"|,\s{0,3}(?:ngày|[a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ])"
    # A number ends an issuer, except a numbered district or ward's ("Quận 1", "Phường 5").
    r"|\s(?<![qQ]uận\s)(?<![pP]hường\s)\d"
)


def _scan_issuer(text: str, masked: str, pos: int, limit: int) -> tuple[str, int]:
    """The issuer after "của": stops at ngày/về/tại/số, a clause break or a verb.

    Names with commas inside ("Ban Chỉ đạo Quốc gia phòng, chống dịch") are
    masked first, so the comma in them does not end the issuer.
    """
    segment = masked[pos : min(limit, pos + _MAX_ISSUER)]
    cut = _ISSUER_CUT.search(segment)
    stop = cut.start() if cut else len(segment)
    verb = PREDICATE_VERB_RE.search(segment, 0, stop)
    if verb:
        # "của Thủ tướng Chính phủ, Thường trực Tỉnh ủy yêu cầu": the part after
        # the last comma is the sentence's subject, not the issuer.
        comma = segment.rfind(",", 0, verb.start())
        stop = comma if comma > 0 else verb.start()
    raw = text[pos : pos + stop].rstrip(" ,.-")
    # "của Ban Thường vụ Tỉnh ủy và Kế hoạch số ...": the next citation's anchor
    # ended the issuer, the word joining the two is not part of it.
    raw = _TRAILING_JOIN.sub("", raw).rstrip(" ,")
    return raw, pos + len(raw)


_TRAILING_JOIN = re.compile(r"(?:[\s,]{1,3}(?:và|hoặc|cùng|cũng\s+như))+$")


_CAPITAL_AFTER_COMMA = re.compile(r",\s{1,3}(?=[A-ZĐ])")


def _cut_before_clause(subject: str) -> str:
    """A subject ends before ", Thường trực Quận ủy yêu cầu": a new clause's subject."""
    for m in _CAPITAL_AFTER_COMMA.finditer(subject):
        if PREDICATE_VERB_RE.search(subject, m.end()):
            return subject[: m.start()]
    return subject


def _parse_at(
    text: str,
    masked: str,
    start: int,
    limit: int,
    default_year: int | None,
    *,
    titled: bool = False,
) -> tuple[Citation, int]:
    """Read the parts of one citation from an anchor's end; returns it and its end."""
    c = Citation(text="")
    pos = start + len(_SPACE.match(text, start).group(0))  # type: ignore[union-attr]
    title = _LAW_TITLE.match(text, pos) if titled else None
    if title and title.end() > limit:  # ran into the next citation's "số"
        title = None
    if title:  # "Luật Tổ chức chính quyền địa phương ngày 19/6/2015"
        pos = title.end()
    elif titled and (named := _LAW_YEAR_TITLE.match(masked, pos)) and named.end() <= limit:
        c.subject = " ".join(text[pos : named.end()].split())
        return c, named.end()
    plenum = _PLENUM.match(text, pos) if not titled else None
    if plenum and plenum.end() <= limit:
        c.subject = " ".join(plenum.group(0).split())
        c.issuer = Entity(text="Ban Chấp hành Trung ương Đảng", span=Span(pos, plenum.end()))
        return c, plenum.end()
    m = _SO.match(text, pos)
    if m:
        pos = m.end()
    nm = NUMBER_RE.match(text, pos)
    if nm and nm.group("num") and nm.end() <= limit:
        c.number = normalise_number(nm.group(0))
        pos = nm.end()
    for _ in range(3):
        m = _NGAY.match(text, pos) or _MEETING.match(text, pos)
        if c.date is None and m:
            dm = DATE_RE.match(text, m.end())
            if dm and dm.end() <= limit:
                c.date = match_date(dm, default_year)
                pos = dm.end()
                continue
        m = _CUA.match(text, pos)
        if c.issuer is None and m:
            raw, end = _scan_issuer(text, masked, m.end(), limit)
            if raw:
                c.issuer = Entity(text=raw, span=Span(m.end(), end))
                pos = end
                continue
        break
    m = _VE.match(text, pos)
    if m and m.end() < limit:
        raw, _stop = _read_until_stop(text, m.end(), limit, _MAX_SUBJECT)
        raw = raw.rstrip(" ,.-")
        raw = re.sub(r"(?:^|\s+)(?:và|theo|tại|thực\s+hiện|,)\s*$", "", raw)
        raw = _cut_before_clause(raw)
        if raw:
            c.subject = " ".join(raw.split())
            pos = m.end() + len(raw)
    return c, pos


def find_citations(
    text: str,
    opening_end: int,
    *,
    subject_span: tuple[int, int] | None = None,
    default_year: int | None = None,
) -> list[Citation]:
    """Every citation in ``text`` (the cleaned document), implements first in order.

    ``opening_end`` is the offset where the numbered tasks begin: a "Thực hiện"
    sentence before it names what the document carries out.
    """
    cites, _ = find_citations_and_mentions(
        text, opening_end, subject_span=subject_span, default_year=default_year
    )
    return cites


def find_citations_and_mentions(
    text: str,
    opening_end: int,
    *,
    subject_span: tuple[int, int] | None = None,
    default_year: int | None = None,
    regions: list[tuple[int, int]] | None = None,
    masked: str | None = None,
) -> tuple[list[Citation], list[Mention]]:
    """Citations and short forms; only anchors inside ``regions`` count (None: all).

    ``masked`` is ``text`` through :func:`loaders.assignees.mask_names`, when the
    caller has it already.
    """
    if masked is None:
        masked = mask_names(text)
    spans = sorted(regions) if regions is not None else [(0, len(text))]
    anchors = [a for lo, hi in spans for a in _ANCHOR_SCAN.finditer(text, lo, hi)]
    # "Điện Biên", "Điện Bàn" are places, not telegrams.
    anchors = [
        a for a in anchors if not (a.group(0) == "Điện" and _PLACE_AFTER.match(text, a.end()))
    ]
    # "Công văn số 201-CV/TU": the number belongs to the type before it.
    anchors = [
        a
        for k, a in enumerate(anchors)
        if not (
            a.lastgroup == "bare"
            and k
            and anchors[k - 1].lastgroup == "type"
            and not text[anchors[k - 1].end() : a.start()].strip()
        )
    ]
    # A type word in lower case with no number after it is prose ("báo cáo kết quả",
    # "kế hoạch triển khai"): no citation starts there, so none may end there either.
    anchors = [a for a in anchors if not _prose_type_word(text, a)]
    raw: list[tuple[Citation, str, int, int]] = []  # citation, anchor kind, start, end
    mentions: list[tuple[str, int, int, str | None, str | None]] = []
    for k, a in enumerate(anchors):
        limit = anchors[k + 1].start() if k + 1 < len(anchors) else len(text)
        kind = a.lastgroup or ""
        word = a.group(0)
        if kind == "type":
            if _NOT_A_TYPE_BEFORE.search(text[max(0, a.start() - 12) : a.start()]):
                continue
            if _SELF.match(text, a.end()):
                continue  # "văn bản này": the document itself
            sm = _SHORT.match(text, a.end())
            if sm:
                mentions.append(
                    (text[a.start() : sm.end()], a.start(), sm.end(), word, sm.group("n"))
                )
                continue
            generic = bool(_GENERIC_BEFORE.search(text[max(0, a.start() - 12) : a.start()]))
            c, end = _parse_at(
                text, masked, a.end(), limit, default_year, titled=word in _TITLED_TYPES
            )
            c.doc_type = next((t for t in DOC_TYPES if fold(t) == fold(word)), word)
            if c.doc_type == "Văn bản" and c.number:
                c.doc_type = doc_type_of_number(c.number) or "Văn bản"
            if generic and not c.number and not c.date and not _titled_act(c):
                continue
        elif kind == "directive":
            c, end = _parse_at(text, masked, a.end() - 4, limit, default_year)
            c.doc_type = None
        else:  # "số 123/UBND-VX" with no type word before it
            c, end = _parse_at(text, masked, a.start(), limit, default_year)
            if not c.number:
                continue
            c.doc_type = doc_type_of_number(c.number)
        c.text = " ".join(text[a.start() : end].split())
        c.span = Span(a.start(), end)
        raw.append((c, kind, a.start(), end))
    return _assemble(text, raw, mentions, opening_end, subject_span)


def _clause_head(text: str, sentences: _SentenceStarts, s0: int, start: int) -> str:
    """The head of the clause a citation sits in: "Thực hiện X; căn cứ Y" gives Y
    the basis's head, "Căn cứ Y; thực hiện X" gives X the opener's.
    """
    semi = text.rfind(";", s0, start)
    if semi >= 0:
        head = text[semi + 1 : semi + 61].lstrip()
        if _BASIS.match(head) or _IMPLEMENTS_OPENER.match(head):
            return head
    # "Để chủ động ứng phó ..., thực hiện Công điện số 562/CĐ-TTg ..., Chủ tịch
    # UBND tỉnh yêu cầu:": the opener stands right before the citation, in the
    # sentence that leads into the tasks ("Trong thời gian qua, thực hiện Chỉ thị
    # ..., các địa phương đã triển khai ..." tells what others did).
    comma = text.rfind(",", s0, start)
    if (
        comma >= 0
        and _OPENER_ONLY.fullmatch(text[comma + 1 : start].strip())
        and sentences.boundary_after(start) == ":"
    ):
        return text[comma + 1 : comma + 61].lstrip()
    return text[s0 : s0 + 60]


def _prose_type_word(text: str, a: re.Match[str]) -> bool:
    if a.lastgroup != "type" or a.group(0)[0].isupper():
        return False
    after = a.end() + len(_SPACE.match(text, a.end()).group(0))  # type: ignore[union-attr]
    return not _SO.match(text, after)


def _connector(text: str, prev_end: int, start: int) -> str:
    return " ".join(text[prev_end:start].split()).lower().strip(" ,")


def _assemble(
    text: str,
    raw: list[tuple[Citation, str, int, int]],
    mentions_raw: list[tuple[str, int, int, str | None, str | None]],
    opening_end: int,
    subject_span: tuple[int, int] | None,
) -> tuple[list[Citation], list[Mention]]:
    sentences = _SentenceStarts(text)
    # "chỉ đạo của X tại Điện ngày D", "Kết luận của X tại Thông báo số N": the
    # document is the one after "tại"; it takes the issuer from before.
    merged: list[tuple[Citation, str, int, int]] = []
    for item in raw:
        c, kind, start, end = item
        if merged:
            pc, _pkind, pstart, pend = merged[-1]
            conn = _connector(text, pend, start)
            if conn == "tại" and not pc.number and not pc.date:
                coded = c.number and (issuer_code(c.number) or "").upper() in CODE_ISSUERS
                if c.issuer is None and pc.issuer is not None and not coded:
                    c.issuer = pc.issuer
                c.text = " ".join(text[pstart:end].split())
                c.span = Span(pstart, end)
                merged[-1] = (c, kind, pstart, end)
                continue
        merged.append(item)
    out: list[Citation] = []
    positions: list[int] = []
    bases: list[Citation] = []  # cited in a "Căn cứ" sentence of the opening
    for c, kind, start, _end in merged:
        if not (c.number or c.date or c.issuer or _titled_act(c)):
            continue
        s0 = sentences.start_of(start)
        sentence_head = _clause_head(text, sentences, s0, start)
        in_subject = subject_span is not None and subject_span[0] <= start < subject_span[1]
        opens = bool(_IMPLEMENTS_OPENER.match(sentence_head))
        if in_subject and subject_span is not None:
            before = text[subject_span[0] : start]
            opens = opens or bool(re.search(r"thực\s+hiện|triển\s+khai", before, re.I))
        if start < opening_end and _BASIS.match(sentence_head):
            bases.append(c)
        if (start < opening_end or in_subject) and opens and c.doc_type not in _PROPOSALS:
            c.relation = "implements"
        if kind == "directive" and c.relation != "implements":
            continue
        if not c.number and not c.date and c.relation != "implements":
            # "theo Hướng dẫn của Bộ Y tế", "các văn bản của ...": guidance in
            # general, not one document; only a one-off act of one issuer
            # ("Lời kêu gọi của Tổng Bí thư") names a document without number or date.
            iss = c.issuer.text if c.issuer else ""
            if _titled_act(c):
                pass  # "Luật Phòng, chống tham nhũng năm 2018": one act, by title and year
            elif c.doc_type not in _DISTINCT_TYPES or re.search(r"\bcác\b|\bnhững\b", iss):
                continue
        out.append(c)
        positions.append(start)
    out, positions = _nest_and_dedupe(text, out, positions)
    if not any(c.relation == "implements" for c in out):
        # A plan that only says "Căn cứ X ...; ... ban hành Kế hoạch thực hiện":
        # the directives among its bases are what it carries out.
        for c in bases:
            after = text[c.span.end : c.span.end + 60] if c.span else ""
            directive = c.doc_type in _DIRECTIVE_TYPES or bool(
                c.doc_type == "Quyết định" and _ISSUES_PLAN.search(f"{c.text} {after}")
            )
            if c in out and directive and c.parent is None:
                c.relation = "implements"
    for c in out:
        if c.issuer is None and c.number:
            code = (issuer_code(c.number) or "").upper()
            if code in CODE_ISSUERS:
                c.issuer = Entity(text=CODE_ISSUERS[code])
        if c.issuer is None and c.doc_type in _TITLED_TYPES:
            c.issuer = Entity(
                text="Quốc hội" if c.doc_type == "Luật" else "Ủy ban Thường vụ Quốc hội"
            )
        c.issuer_level = citation_level(c.issuer.text if c.issuer else None, c.number)
    implements = [c for c in out if c.relation == "implements"]
    references = [c for c in out if c.relation != "implements"]
    ordered = implements + references
    index = {id(c): i for i, c in enumerate(ordered)}
    for c in ordered:
        if c.parent is not None:
            c.parent = index.get(c.parent)
    mentions = _resolve_mentions(mentions_raw, ordered)
    return ordered, mentions


def _vague(c: Citation) -> bool:
    return not c.number and not c.date


_COLLECTIVE_ORGAN = re.compile(r"^(?:ban thuong vu|thuong truc|ban chap hanh) ")


def _issuer_stem(c: Citation) -> str:
    """An issuer's key without "Ban Thường vụ"/"Thường trực": the committee speaks."""
    return _COLLECTIVE_ORGAN.sub("", name_key(c.issuer.text)) if c.issuer else ""


_YEAR_END = re.compile(r"\snăm\s\d{4}$")


def _titled_act(c: Citation) -> bool:
    """A law by its title and year, or a plenum's resolution: one act with no number."""
    if c.doc_type == "Nghị quyết" and c.subject and _PLENUM.fullmatch(c.subject):
        return True
    return c.doc_type in _TITLED_TYPES and bool(c.subject and _YEAR_END.search(c.subject))


def _same(a: Citation, b: Citation) -> bool:
    """Whether two citations in one letter name the same document."""
    if _titled_act(a) and _titled_act(b):
        return a.doc_type == b.doc_type and fold(a.subject or "") == fold(b.subject or "")
    if _vague(a) or _vague(b):
        # "chỉ đạo của X" and "Điện của X ngày D" in one letter: one document.
        same_type = not a.doc_type or not b.doc_type or a.doc_type == b.doc_type
        ka, kb = _issuer_stem(a), _issuer_stem(b)
        return bool(ka and kb) and same_type and (ka.startswith(kb) or kb.startswith(ka))
    if a.number or b.number:
        return bool(a.number and b.number) and fold(a.number or "") == fold(b.number or "")
    same_type = not a.doc_type or not b.doc_type or a.doc_type == b.doc_type
    return a.date == b.date and same_type


class _TwinIndex:
    """Citations kept so far, by number and by date, so a repeat is found fast."""

    def __init__(self) -> None:
        self.by_number: dict[str, Citation] = {}
        self.by_date: dict[str, list[Citation]] = {}
        self.vague: list[Citation] = []
        self.all: list[Citation] = []

    def add(self, c: Citation) -> None:
        self.all.append(c)
        if c.number:
            self.by_number.setdefault(fold(c.number), c)
        elif c.date:
            self.by_date.setdefault(c.date, []).append(c)
        else:
            self.vague.append(c)


def _find_twin(index: _TwinIndex, c: Citation) -> Citation | None:
    """The kept citation ``c`` repeats (see :func:`_same`), or None."""
    if _vague(c):
        candidates = index.all  # vague mentions are few; any kept one may match
    elif c.number:
        hit = index.by_number.get(fold(c.number))
        candidates = ([hit] if hit else []) + index.vague
    else:
        candidates = index.by_date.get(c.date or "", []) + index.vague
    return next((k for k in candidates if _same(k, c)), None)


def _nest_and_dedupe(
    text: str, cites: list[Citation], positions: list[int]
) -> tuple[list[Citation], list[int]]:
    kept: list[Citation] = []
    kept_pos: list[int] = []
    index = _TwinIndex()
    last: Citation | None = None  # the citation read last, even when it was a repeat
    last_end = 0
    for c, pos in zip(cites, positions, strict=True):
        gap = _connector(text, last_end, pos) if last is not None else ""
        # Nesting stays inside one sentence: a title's citation does not adopt the
        # opening's "Thực hiện X" on the next line as its own subject.
        crosses = "\n" in text[last_end:pos] or bool(_BREAK.search(text, last_end, pos))
        nested = last is not None and not crosses and bool(_NESTING.fullmatch(gap))
        twin = _find_twin(index, c)
        if twin is not None:
            # A later, fuller mention fills what the first one left out.
            if _vague(twin) and not _vague(c):
                twin.number, twin.date, twin.text, twin.span = c.number, c.date, c.text, c.span
                twin.issuer = c.issuer or twin.issuer
            elif (
                _vague(twin)
                and twin.issuer
                and c.issuer
                and len(c.issuer.text) > len(twin.issuer.text)
            ):
                twin.issuer = c.issuer  # "Ban Thường vụ Tỉnh ủy Hà Giang" over "Tỉnh ủy"
            twin.date = twin.date or c.date
            twin.subject = twin.subject or c.subject
            twin.doc_type = twin.doc_type or c.doc_type
            if twin.issuer is None and c.issuer is not None:
                twin.issuer = c.issuer
            if twin.relation != "implements" and c.relation == "implements" and not nested:
                twin.relation = "implements"
            last, last_end = twin, c.span.end if c.span else pos
            continue
        if nested and last is not None:
            if _vague(c):
                continue  # "... về việc thực hiện chỉ đạo của X": the parent's subject
            c.parent = id(last)  # resolved to an index once the order is final
            if c.relation == "implements" and last.relation == "implements":
                c.relation = "references"
        kept.append(c)
        kept_pos.append(pos)
        index.add(c)
        last, last_end = c, c.span.end if c.span else pos
    return kept, kept_pos


def _resolve_mentions(
    raw: list[tuple[str, int, int, str | None, str | None]], cites: list[Citation]
) -> list[Mention]:
    out = []
    for text, start, end, word, n in raw:
        fits = []
        for i, c in enumerate(cites):
            if c.span and c.span.start > start:
                continue
            if word and c.doc_type and fold(word) != fold(c.doc_type) and fold(word) != "van ban":
                continue
            if n and not (c.number and re.match(rf"{n}\b", c.number)):
                continue
            fits.append(i)
        if n is None and word and fold(word) == "van ban" and fits:
            fits = [fits[-1]]  # "văn bản nêu trên": the nearest document above
        antecedent = fits[0] if len(fits) == 1 else None
        out.append(Mention(" ".join(text.split()), Span(start, end), antecedent, fits))
    return out
