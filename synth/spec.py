"""The document spec: everything a generated document says, before it is written out.

:mod:`synth.compose` fills a :class:`DocSpec`; :mod:`synth.render` writes it as
text, HTML or Word; :mod:`synth.gold` reads the truth off it.  Text pieces are
kept as written (tone style aside, which the renderer applies), gold values as
the scorer wants them.

>>> Cite("Điện", None, "2021-01-05", "Thường trực Ban Bí thư", "central").gold()["date"]
'2021-01-05'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Cite", "TaskSpec", "Style", "DocSpec"]


@dataclass(slots=True)
class Cite:
    """A document cited by another: the parts the citation gives (``None`` when left out)."""

    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    issuer_level: str | None
    subject: str | None = None
    doc_id: str | None = None  # the generated document it points at, when there is one

    def gold(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "issuer_level": self.issuer_level,
        }
        if self.doc_id is not None:
            out["id"] = self.doc_id
        return out


@dataclass(slots=True)
class TaskSpec:
    no: str
    paragraphs: list[str]
    assignees: list[str]
    deadline: str | None = None  # ISO date or "yyyy-mm" for "trong tháng 9"


@dataclass(slots=True)
class Style:
    """How a document is written out; none of it changes what the document says."""

    fmt: str = "txt"  # txt | html | docx
    noise: str = "none"  # none | ocr | web
    tone: str = "new"  # new | old | mixed
    markdown: bool = False
    layout: int = 0  # header line order, see render.LAYOUTS
    sign_first: bool = False  # signature block before "Nơi nhận"
    nfd: bool = False  # decomposed Unicode


@dataclass(slots=True)
class DocSpec:
    id: str
    root: int
    level: str  # central | province | district | commune
    side: str  # party | state
    unit_code: str
    issuer: str  # canonical issuer name
    issuer_names: list[str]
    doc_type: str
    doc_type_alt: list[str]
    number: str | None  # gold number; None for a blank or absent one
    number_line: str | None  # as shown ("Số 56-CV/TU"), None when there is no number line
    date: str  # ISO
    date_line: str
    place: str | None
    issuer_lines: list[str]
    subject: str
    subject_lines: list[str]  # under the number (công văn) or the title's last lines
    title_lines: list[str]  # "KẾ HOẠCH", "CHỈ THỊ" ...; empty for a công văn
    recipients: list[str] | None
    recipients_lead: str = "Kính gửi:"
    paragraphs: list[str] = field(default_factory=list)  # opening and body before the tasks
    tasks: list[TaskSpec] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    implements: list[Cite] = field(default_factory=list)
    references: list[Cite] = field(default_factory=list)
    monitor: list[str] = field(default_factory=list)
    copied_lines: list[str] = field(default_factory=list)
    copied_to: list[str] = field(default_factory=list)
    sign_lines: list[str] = field(default_factory=list)
    signer: dict[str, str | None] = field(default_factory=dict)
    party_motto: bool = True
    # The subject others cite it by, when its own title embeds a citation (a kết luận's
    # "việc thực hiện chỉ đạo của ... về X" is cited as "về X").
    cite_subject: str | None = None
    stamp_offices: list[str] = field(default_factory=list)  # who may stamp a received copy
    jurisdiction: str = "Trung ương"  # "tỉnh Nam Định", "quận Tây Hồ": where it rules
    parent: str | None = None
    lag_days: int | None = None
    style: Style = field(default_factory=Style)

    @property
    def file(self) -> str:
        return f"{self.id}.{self.style.fmt}"
