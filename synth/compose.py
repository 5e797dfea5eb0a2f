"""One document's content: header, addressees, opening, tasks, copies, signature.

Every choice is drawn from a :class:`random.Random` seeded by the corpus seed
and the document's id, so a document is the same whatever else is generated.

>>> from datetime import date
>>> from synth.themes import ROOTS
>>> from synth.units import load_tree
>>> tree = load_tree(["Nam Định"], ("province",))
>>> root = compose_root("r000-c", 0, ROOTS[0], date(2021, 1, 5), seed=0)
>>> doc = compose_local("r000-p36", 0, ROOTS[0], Office("party", tree.provinces[0]),
...                    Parent(root, None), date(2021, 1, 6), tree, seed=0, lag=1)
>>> doc.issuer, doc.implements[0].doc_id, doc.date
('Tỉnh ủy Nam Định', 'r000-c', '2021-01-06')
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from synth.body import Ctx, cap, make_tasks, monitor_paragraph
from synth.cite import CITE_FORMS, cite_doc, long_date
from synth.spec import Cite, DocSpec
from synth.templates import (
    AGENCIES,
    ARCHIVES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    LEGAL_BASES,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    PARTY_RECIPIENTS,
    SIDE_COPIES,
    STATE_RECIPIENTS,
    SURNAMES,
    UPWARD_COPIES,
    fill,
)
from synth.themes import THEMES, Root
from synth.units import Office, Tree

__all__ = ["Parent", "compose_root", "compose_local", "person"]

# (doc_type, number code, weight) by side and level.
_TYPES: dict[tuple[str, str], tuple[tuple[str, str, int], ...]] = {
    ("party", "province"): (("Công văn", "CV", 55), ("Kế hoạch", "KH", 15),
                            ("Thông báo kết luận", "TB", 15), ("Chỉ thị", "CT", 15)),
    ("party", "district"): (("Công văn", "CV", 70), ("Kế hoạch", "KH", 20),
                            ("Thông báo kết luận", "TB", 10)),
    ("party", "commune"): (("Công văn", "CV", 75), ("Kế hoạch", "KH", 25)),
    ("state", "province"): (("Công văn", "CV", 40), ("Công điện", "CĐ", 25),
                            ("Kế hoạch", "KH", 15), ("Chỉ thị", "CT", 10),
                            ("Thông báo kết luận", "TB", 10)),
    ("state", "district"): (("Công văn", "CV", 70), ("Kế hoạch", "KH", 30)),
    ("state", "commune"): (("Công văn", "CV", 75), ("Kế hoạch", "KH", 25)),
}
# Highest number an issuer reaches by the end of a year, by level.
_YEAR_MAX = {"province": 3500, "district": 900, "commune": 150}
_STATE_DEPTS = ("VX", "KGVX", "NC", "TH", "KT", "VP", "NN")
_TASK_COUNT = {"central": (4, 7), "province": (3, 8), "district": (3, 6), "commune": (2, 4)}


@dataclass(slots=True)
class Parent:
    """The document a new one carries out, and its issuer (``None``: central)."""

    spec: DocSpec
    office: Office | None


def person(rng: random.Random) -> str:
    """A plausible Vietnamese full name."""
    if rng.random() < 0.3:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"


def _people(seed: int, side: str, code: str) -> list[str]:
    """The head and two deputies of a unit: the same people sign all its letters."""
    rng = random.Random(f"{seed}:people:{side}:{code}")
    return [person(rng) for _ in range(3)]


def _weighted(rng: random.Random, items: tuple[tuple[str, str, int], ...]) -> tuple[str, str]:
    doc_type, code, _w = rng.choices(items, weights=[w for *_x, w in items])[0]
    return doc_type, code


def _number(rng: random.Random, side: str, level: str, code: str, office: Office,
            when: date) -> tuple[str | None, str]:
    """Gold number and the "Số" line; a blank number (a draft) now and then."""
    top = _YEAR_MAX[level] if code == "CV" else max(20, _YEAR_MAX[level] // 10)
    n = max(1, int(top * when.timetuple().tm_yday / 366 * rng.uniform(0.6, 1.0)))
    blank = rng.random() < 0.04
    if side == "party":
        tail = f"{code}/{office.party_code}"
        if blank:
            return None, f"Số     -{tail}"
        number = f"{n}-{tail}"
        return number, rng.choice((f"Số {number}", f"Số {number}", f"Số: {number}",
                                   f"Số {n} - {tail}"))
    tail = f"UBND-{rng.choice(_STATE_DEPTS)}" if code == "CV" else f"{code}-UBND"
    if level == "commune" and code == "CV":
        tail = "UBND"
    if blank:
        return None, f"Số:      /{tail}"
    number = f"{n}/{tail}"
    return number, rng.choice((f"Số: {number}", f"Số: {number}", f"Số {number}"))


def _wrap(text: str, width: int) -> list[str]:
    """Break a subject over lines the way a narrow header column does."""
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    return [*lines, cur] if cur else lines


def _issuer_as_cited(rng: random.Random, parent: Parent) -> tuple[str, str]:
    """How a child letter names its parent's issuer, and the qualified gold name."""
    spec, office = parent.spec, parent.office
    if office is None:
        written = rng.choice((spec.issuer, f"{spec.issuer} Trung ương Đảng")) \
            if spec.side == "party" else spec.issuer
        return written, written
    if office.side == "party":
        rel = office.committee
        options = [(office.name, office.name), (f"Ban Thường vụ {office.name}",) * 2,
                   (rel, office.name), (f"Ban Thường vụ {rel}", f"Ban Thường vụ {office.name}")]
    else:
        word = office.word
        options = [(office.short, office.short), (office.name, office.name),
                   (f"UBND {word}", office.short), (f"Ủy ban nhân dân {word}", office.name),
                   (f"Chủ tịch UBND {word}", f"Chủ tịch {office.short}")]
    return rng.choice(options)


def _cite_parent(rng: random.Random, parent: Parent, pad: bool) -> tuple[str, Cite, str]:
    spec = parent.spec
    written, gold_issuer = _issuer_as_cited(rng, parent)
    form = rng.choice(CITE_FORMS)
    doc_type = spec.doc_type
    if doc_type == "Thông báo kết luận" and rng.random() < 0.5:
        doc_type = "Thông báo"
    text, cite = cite_doc(form, doc_type, spec.number, date.fromisoformat(spec.date), written,
                          gold_issuer, spec.level, spec.cite_subject or spec.subject, pad=pad,
                          long=rng.random() < 0.4, doc_id=spec.id)
    return text, cite, form


def _copies(rng: random.Random, side: str, level: str, values: dict[str, str],
            has_recipients: bool) -> tuple[list[str], list[str]]:
    end = "," if side == "party" else ";"
    lines: list[str] = ["Gửi bản điện tử:"] if rng.random() < 0.1 else []
    gold: list[str] = []
    ups = [fill(u, **values) for u in UPWARD_COPIES[(side, level)]]
    chosen_up = rng.sample(ups, k=min(len(ups), rng.choice((1, 2))))
    brace = len(chosen_up) == 2 and rng.random() < 0.3
    for i, u in enumerate(chosen_up):
        if brace:
            lines.append(f"- {u}, }} (để báo cáo)" if i == 0 else f"- {u}, }}")
        else:
            note = rng.choice(("(để báo cáo)", "(để b/c)", "(b/c)"))
            lines.append(f"- {u} {note}{end}")
        gold.append(u)
    if has_recipients:
        same = rng.choice(("Như trên", "Như trên", "Như kính gửi", "Như trên (t/h)"))
        lines.append(f"- {same}{end}")
    elif level != "central":
        # A plan or conclusion has no "Kính gửi": the units below that must carry it out
        # are reached through its distribution list, as on real plans.
        kids = values["kids"]
        lines.append(f"- {kids}{end}")
        gold.append(kids)
    sides = [fill(s, **values) for s in SIDE_COPIES[(side, level)]]
    for s in rng.sample(sides, k=min(len(sides), rng.choice((1, 2)))):
        note = " (c/đ)" if rng.random() < 0.1 else ""
        lines.append(f"- {s}{note}{end}")
        gold.append(s)
    written, kept = rng.choice(ARCHIVES[side])
    lines.append("- " + fill(written, **values))
    gold.append(fill(kept, **values))
    return lines, gold


def _signature(rng: random.Random, side: str, level: str, doc_type: str,
               people: list[str]) -> tuple[list[str], dict[str, str | None]]:
    head = rng.random() < 0.35
    name = people[0] if head else rng.choice(people[1:])
    if doc_type == "Công văn" and level != "commune" and rng.random() < 0.06:
        # Signed by order ("TL.") by the head of the office, not a committee member.
        on = "T/L BAN THƯỜNG VỤ" if side == "party" else "TL. CHỦ TỊCH"
        return [on, "CHÁNH VĂN PHÒNG"], {
            "name": person(rng), "title": "Chánh Văn phòng",
            "on_behalf_of": "Ban Thường vụ" if side == "party" else "Chủ tịch"}
    if side == "party":
        on = "T/M ĐẢNG ỦY" if level == "commune" else rng.choice(
            ("T/M BAN THƯỜNG VỤ",) * 5 + ("T/M THƯỜNG TRỰC",))
        title = "BÍ THƯ" if head else "PHÓ BÍ THƯ"
        behalf = {"T/M ĐẢNG ỦY": "Đảng ủy", "T/M BAN THƯỜNG VỤ": "Ban Thường vụ",
                  "T/M THƯỜNG TRỰC": "Thường trực"}[on]
        gold_title = "Bí thư" if head else "Phó Bí thư"
        return [on, title], {"name": name, "title": gold_title, "on_behalf_of": behalf}
    if head:
        lines = ["CHỦ TỊCH"] if doc_type == "Công điện" else ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        return lines, {"name": name, "title": "Chủ tịch",
                       "on_behalf_of": None if doc_type == "Công điện" else "Ủy ban nhân dân"}
    tm = doc_type != "Công điện" and rng.random() < 0.7
    lines = (["TM. ỦY BAN NHÂN DÂN"] if tm else []) + ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    return lines, {"name": name, "title": "Phó Chủ tịch",
                   "on_behalf_of": "Ủy ban nhân dân" if tm else "Chủ tịch"}


def _titles(doc_type: str, side: str, values: dict[str, str], subject: str,
            parent_issuer: str) -> tuple[list[str], str, str | None]:
    """Title lines of a non-letter type, its gold subject, and the Công điện lead line."""
    if doc_type == "Kế hoạch":
        return ["KẾ HOẠCH", cap(subject)], subject, None
    if doc_type == "Chỉ thị":
        return ["CHỈ THỊ", f"Về {subject}"], subject, None
    if doc_type == "Công điện":
        lead = f"CHỦ TỊCH ỦY BAN NHÂN DÂN {values['T'].upper()} điện:"
        return ["CÔNG ĐIỆN", f"Về việc {subject}"], subject, lead
    if side == "party":
        who = f"KẾT LUẬN CỦA BAN THƯỜNG VỤ {values['U'].upper()}"
        subject = f"việc thực hiện chỉ đạo của {parent_issuer} về {subject}"
    else:
        who = f"KẾT LUẬN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN {values['T'].upper()}"
    return ["THÔNG BÁO", who, f"về {subject}"], subject, None


def _values(office: Office, tree: Tree) -> dict[str, str]:
    u = office.unit
    if u.level == "province":
        pu, pt = "Trung ương", "Trung ương"
    elif u.level == "district":
        pu, pt = ("Thành ủy" if u.parent_kind == "thành phố" else "Tỉnh ủy"), u.parent_kind
    else:
        pu = {"huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy"}.get(
            u.parent_kind, "Thành ủy")
        pt = u.parent_kind
    return {"T": office.word, "U": office.committee, "P": u.name, "PU": pu, "PT": pt,
            "ABBR": office.party_code, "kids": office.kids(tree), "agencies": AGENCIES[u.level]}


def _opening(rng: random.Random, doc_type: str, side: str, values: dict[str, str],
             cite_text: str, form: str, theme_context: str,
             when: date) -> tuple[list[str], list[Cite]]:
    """Paragraphs before the tasks (the parent's citation is in one), and legal bases cited."""
    f = lambda t: fill(t, **values)  # noqa: E731 - a local shorthand
    actor = f(rng.choice(("Ban Thường vụ {U}", "Thường trực {U}"))) if side == "party" \
        else f(rng.choice(("Chủ tịch UBND {T}", "Ủy ban nhân dân {T}", "UBND {T}")))
    paras: list[str] = []
    if rng.random() < 0.3 and doc_type != "Kế hoạch":
        paras.append(theme_context)
    if doc_type == "Thông báo kết luận":
        meeting = "Kỳ họp chuyên đề" if rng.random() < 0.5 else "cuộc họp"
        who = f("Ban Thường vụ {U}") if side == "party" else f("Chủ tịch UBND {T}")
        # A partial date ("ngày 24/7"): the year comes from the document's own date.
        held = f" ngày {when.day}/{when.month}" if rng.random() < 0.5 else ""
        paras.append(f"Thực hiện {cite_text}, {who} đã tổ chức {meeting}{held} về công tác "
                     f"triển khai thực hiện. Sau khi nghe báo cáo và ý kiến thảo luận, {who} "
                     "thống nhất kết luận:")
        return paras, []
    if doc_type == "Kế hoạch":
        bases: list[Cite] = []
        if side == "state" and rng.random() < 0.5:
            written, ref = rng.choice(LEGAL_BASES)
            paras.append(written)
            bases.append(Cite(ref["doc_type"], ref["number"], ref["date"], ref["issuer"],
                              ref["issuer_level"]))
        if form != "vague" and rng.random() < 0.35:
            paras.append(f"Căn cứ {cite_text};")
        else:
            paras.append(f"Thực hiện {cite_text};")
        paras.append(f"{actor} ban hành Kế hoạch triển khai thực hiện như sau:")
        return paras, bases
    purpose = rng.choice(("", "Để chủ động triển khai có hiệu quả, kịp thời các giải pháp, ",
                          "Để tiếp tục tăng cường sự lãnh đạo, chỉ đạo, " if side == "party"
                          else "Để kịp thời ứng phó, bảo đảm an toàn cho Nhân dân, "))
    asks = ("yêu cầu các cấp ủy, tổ chức đảng, cơ quan, đơn vị thực hiện tốt các nội dung sau:"
            if side == "party" else "yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương "
            "thực hiện tốt các nội dung sau:", "yêu cầu:",
            "đề nghị các cơ quan, đơn vị, địa phương tập trung thực hiện một số nhiệm vụ "
            "trọng tâm sau:")
    ask = rng.choice(asks)
    if doc_type == "Chỉ thị":
        ask = "chỉ thị:" if side == "state" else "yêu cầu:"
    sep = ". " if purpose else ", "
    paras.append(f"Thực hiện {cite_text}{sep}{purpose}{actor} {ask}")
    return paras, []


def _extras(rng: random.Random, ctx: Ctx, spec_when: date, root_cite: tuple[str, Cite] | None,
            level: str) -> tuple[list[str], list[Cite]]:
    """Whole-task sentences that cite other documents (gold references)."""
    sentences: list[str] = []
    refs: list[Cite] = []
    acts = [a for a in ctx.theme.acts if a.date <= spec_when.isoformat()]
    if acts and rng.random() < 0.35:
        act = rng.choice(acts)
        sentences.append(f"Tiếp tục thực hiện nghiêm {act.text}.")
        refs.append(Cite(act.doc_type, act.number, act.date, act.issuer, "central"))
    if root_cite is not None and level != "province" and rng.random() < 0.25:
        sentences.append(f"Quán triệt, triển khai thực hiện nghiêm {root_cite[0]}.")
        refs.append(root_cite[1])
    return sentences, refs


def compose_local(doc_id: str, r: int, root: Root, office: Office, parent: Parent, when: date,
                  tree: Tree, *, seed: int, lag: int,
                  root_spec: DocSpec | None = None) -> DocSpec:
    """The document ``office`` issues to carry out ``parent`` on day ``when``."""
    rng = random.Random(f"{seed}:doc:{doc_id}")
    side, level, theme = office.side, office.unit.level, THEMES[root.theme]
    values = _values(office, tree)
    pad = rng.random() < 0.75
    doc_type, code = _weighted(rng, _TYPES[(side, level)])
    number, number_line = _number(rng, side, level, code, office, when)
    subject = rng.choice((root.subject, *theme.subjects))
    parent_issuer, _gold = _issuer_as_cited(rng, parent)
    cite_text, cite, form = _cite_parent(rng, parent, pad)
    recipients: list[str] | None = None
    title_lines: list[str] = []
    lead = "Kính gửi:"
    if doc_type in ("Công văn", "Công điện"):
        table = PARTY_RECIPIENTS if side == "party" else STATE_RECIPIENTS
        recipients = [cap(fill(x, **values)) for x in rng.choice(table[level])]
    if doc_type == "Công văn":
        subject_lines = _wrap(f"V/v {subject}", rng.choice((34, 44, 200))) \
            if rng.random() < 0.75 else _wrap(cap(subject), 40)
        gold_subject = subject
    else:
        title_lines, gold_subject, cd_lead = _titles(doc_type, side, values, subject,
                                                     parent_issuer)
        subject_lines = []
        if cd_lead:
            lead = cd_lead
    ctx = Ctx(rng, side, level, theme, values, when, pad)
    root_cite = None
    if root_spec is not None and parent.office is not None:
        written, gold_issuer = _issuer_as_cited(rng, Parent(root_spec, None))
        root_cite = cite_doc("full", root_spec.doc_type, root_spec.number,
                             date.fromisoformat(root_spec.date), written, gold_issuer,
                             "central", root_spec.subject, pad=pad, long=False,
                             doc_id=root_spec.id)
    extra, refs = _extras(rng, ctx, when, root_cite, level)
    lo, hi = _TASK_COUNT[level]
    tasks = make_tasks(ctx, max(lo, len(extra) + 1, rng.randint(lo, hi)), extra)
    closing: list[str] = []
    monitor: list[str] = []
    if rng.random() < 0.8:
        text, monitor = monitor_paragraph(ctx)
        closing.append(text)
    elif tasks[-1].paragraphs[-1].endswith(".") and rng.random() < 0.5:
        tasks[-1].paragraphs[-1] += "/."  # the letter ends with its last task
    if rng.random() < 0.35:
        closing.append("Yêu cầu các cấp ủy, chính quyền, cơ quan, đơn vị triển khai thực hiện "
                       "nghiêm các nội dung trên./." if side == "party" else
                       "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    copied_lines, copied = _copies(rng, side, level, values, recipients is not None)
    people = _people(seed, side, office.unit.code)
    paragraphs, bases = _opening(rng, doc_type, side, values, cite_text, form, theme.context,
                                 when)
    sign_lines, signer = _signature(rng, side, level, doc_type, people)
    return DocSpec(
        id=doc_id, root=r, level=level, side=side, unit_code=office.unit.code,
        issuer=office.name, issuer_names=office.names, doc_type=doc_type,
        doc_type_alt=["Thông báo"] if doc_type == "Thông báo kết luận" else [],
        number=number, number_line=number_line, date=when.isoformat(),
        date_line=f"{office.place}, {long_date(when, pad=pad)}", place=office.unit.name,
        issuer_lines=list(office.header), subject=gold_subject, subject_lines=subject_lines,
        title_lines=title_lines, recipients=recipients, recipients_lead=lead,
        paragraphs=paragraphs, tasks=tasks, closing=closing, implements=[cite],
        references=bases + refs, monitor=monitor,
        copied_lines=copied_lines, copied_to=copied, sign_lines=sign_lines, signer=signer,
        party_motto=side == "party", parent=parent.spec.id, lag_days=lag,
        cite_subject=subject if doc_type == "Thông báo kết luận" else None,
        stamp_offices=_stamp_offices(office),
        jurisdiction=f"{office.word} {office.unit.name}",
    )


def _stamp_offices(office: Office) -> list[str]:
    """Offices that receive (and stamp) a copy: the other side's office of the same unit."""
    u = office.unit
    where = f"{u.kind} {u.name}".upper()
    if office.side == "party":
        return [f"VPU BND {where}", f"VP HĐND-UBND {where}", f"VĂN PHÒNG UBND {where}"]
    if u.level == "commune":
        return [f"ĐẢNG ỦY {where}"]
    return [f"VĂN PHÒNG {office.committee.upper()} {u.name.upper()}"]


_CENTRAL_RECIPIENTS = {
    "party": ["Các tỉnh ủy, thành ủy trực thuộc Trung ương",
              "Các ban đảng, ban cán sự đảng, đảng đoàn, đảng ủy trực thuộc Trung ương"],
    "state": ["Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
              "Các Bộ: Y tế, Công an, Quốc phòng, Thông tin và Truyền thông"],
}


def compose_root(doc_id: str, r: int, root: Root, when: date, *, seed: int) -> DocSpec:
    """The central directive at the top of cascade ``r``."""
    rng = random.Random(f"{seed}:doc:{doc_id}")
    theme = THEMES[root.theme]
    side = root.side
    values = {"T": "", "U": "Trung ương", "P": "Hà Nội", "ABBR": "TW",
              "kids": _CENTRAL_RECIPIENTS[side][0], "agencies": AGENCIES["central"]}
    ctx = Ctx(rng, side, "central", theme, values, when, True)
    recipients = None if root.doc_type == "Chỉ thị" else list(_CENTRAL_RECIPIENTS[side])
    lead = "Kính gửi:"
    if root.doc_type == "Điện":
        titles = ["ĐIỆN", "CỦA THƯỜNG TRỰC BAN BÍ THƯ", f"về {root.subject}"]
    elif root.doc_type == "Chỉ thị":
        titles = ["CHỈ THỊ", "CỦA BAN BÍ THƯ", f"về {root.subject}"]
    else:
        titles = ["CÔNG ĐIỆN", f"Về việc {root.subject}"]
        lead = "THỦ TƯỚNG CHÍNH PHỦ điện:"
    acts = [a for a in theme.acts if a.date <= when.isoformat()]
    extra: list[str] = []
    refs: list[Cite] = []
    if acts:
        act = rng.choice(acts)
        extra.append(f"Tiếp tục thực hiện nghiêm {act.text}.")
        refs.append(Cite(act.doc_type, act.number, act.date, act.issuer, "central"))
    tasks = make_tasks(ctx, rng.randint(*_TASK_COUNT["central"]), extra)
    office_name = "Văn phòng Trung ương Đảng" if side == "party" else "Văn phòng Chính phủ"
    body = root.issuer if side == "party" else "Thủ tướng Chính phủ"
    closing = [f"{office_name} theo dõi, đôn đốc việc thực hiện, tổng hợp tình hình, báo cáo "
               f"{body}."]
    copied_lines, copied = _copies(rng, side, "central", values, recipients is not None)
    people = _people(seed, side, "central-" + root.issuer)
    if side == "party":
        sign_lines = ["T/M BAN BÍ THƯ"] + (["THƯỜNG TRỰC"] if root.doc_type == "Điện" else [])
        signer: dict[str, str | None] = {
            "name": people[0], "on_behalf_of": "Ban Bí thư",
            "title": "Thường trực" if root.doc_type == "Điện" else None}
    else:
        sign_lines = ["THỦ TƯỚNG"] if rng.random() < 0.5 else ["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG"]
        signer = {"name": people[0] if len(sign_lines) == 1 else people[1],
                  "title": "Thủ tướng" if len(sign_lines) == 1 else "Phó Thủ tướng",
                  "on_behalf_of": None}
    number_line = None
    if root.number:
        number_line = f"Số {root.number}" if side == "party" else f"Số: {root.number}"
    context = theme.context
    return DocSpec(
        id=doc_id, root=r, level="central", side=side, unit_code="central",
        issuer=root.issuer, issuer_names=[root.issuer, f"{root.issuer} Trung ương Đảng"]
        if side == "party" else [root.issuer],
        doc_type=root.doc_type, doc_type_alt=[], number=root.number, number_line=number_line,
        date=when.isoformat(), date_line=f"Hà Nội, {long_date(when, pad=True)}", place="Hà Nội",
        issuer_lines=list(root.issuer_lines), subject=root.subject, subject_lines=[],
        title_lines=titles, recipients=recipients, recipients_lead=lead,
        paragraphs=[context, "Để kịp thời triển khai các biện pháp, " + body
                    + " yêu cầu tập trung thực hiện tốt một số nội dung sau:"],
        tasks=tasks, closing=closing, implements=[], references=refs,
        monitor=[office_name], copied_lines=copied_lines, copied_to=copied,
        sign_lines=sign_lines, signer=signer, party_motto=side == "party",
    )
