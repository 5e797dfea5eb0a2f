"""Phrase banks: people's names, units of each level, addressees, distribution lists.

Placeholders, filled per issuer by :func:`fill`:
``{T}`` the issuer's own level word ("tỉnh", "thành phố", "huyện", "xã" ...),
``{U}`` its party committee ("Tỉnh ủy", "Huyện ủy", "Thị ủy", "Đảng ủy" ...),
``{P}`` its place name ("Nam Định"); ``{PU}`` and ``{PT}`` the committee and
level word of the issuer's parent unit ("Tỉnh ủy", "tỉnh").

Everything here is invented in the manner of real letters (the seeds in
``tests/fixtures/seeds``); no line quotes a real person.

>>> fill("Ban Tuyên giáo {U}", T="tỉnh", U="Tỉnh ủy", P="Nam Định")
'Ban Tuyên giáo Tỉnh ủy'
"""

from __future__ import annotations

import re

__all__ = [
    "fill",
    "SURNAMES",
    "MIDDLE_MALE",
    "MIDDLE_FEMALE",
    "GIVEN_MALE",
    "GIVEN_FEMALE",
    "PARTY_UNITS",
    "STATE_UNITS",
    "COLLECTIVE_ASSIGNEES",
    "AGENCIES",
    "PARTY_RECIPIENTS",
    "STATE_RECIPIENTS",
    "UPWARD_COPIES",
    "SIDE_COPIES",
    "ARCHIVES",
    "MONITORS",
    "LEGAL_BASES",
]


_SLOT = re.compile(r"\{([A-Za-z]{1,8})\}")


def fill(template: str, **values: str) -> str:
    """Fill ``{T}``, ``{U}``, ``{P}`` (and any other ``{KEY}``) placeholders of a phrase."""
    if "{" not in template:
        return template
    return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), template)


SURNAMES = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh",
    "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đoàn", "Đinh",
    "Triệu", "Lương", "Hà", "Lò", "Mai", "Trịnh", "Cao", "Lã", "Vi", "Nông",
)
MIDDLE_MALE = (
    "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Hồng", "Xuân", "Công", "Đình",
    "Anh", "Trọng", "Mạnh", "Quang", "Ngọc", "Tiến", "Duy", "Bá", "Khắc",
)
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Thị Thu", "Thị Hồng", "Thu", "Ngọc", "Thanh", "Kim")
GIVEN_MALE = (
    "Hùng", "Dũng", "Phong", "Quảng", "Tuấn", "Hải", "Sơn", "Bình", "Thắng", "Cường",
    "Long", "Nam", "Thành", "Trung", "Việt", "Khoa", "Hiếu", "Tâm", "Hòa", "Thủy", "Lộc",
    "Kiên", "Toàn", "Vinh", "Hưng", "Đạt", "Quý", "Tú", "Chiến", "Thưởng", "Lâm", "Khoái",
)
GIVEN_FEMALE = (
    "Lan", "Hoa", "Lụa", "Hoài", "Hương", "Hà", "Hạnh", "Nga", "Thủy", "Hằng", "Yến",
    "Mai", "Thoa", "Dung", "Liên", "Thảo", "Hòa", "Vân", "Oanh",
)

#: Units a party committee's letter assigns tasks to, by level.  Party letters
#: name state bodies too (seed 000: "Sở Thông tin và Truyền thông").
PARTY_UNITS: dict[str, tuple[str, ...]] = {
    "central": (
        "Ban Tuyên giáo Trung ương", "Ban Dân vận Trung ương", "Ban Tổ chức Trung ương",
        "Ban cán sự đảng Chính phủ", "Đảng đoàn Quốc hội", "Đảng ủy Quân sự Trung ương",
        "Đảng ủy Công an Trung ương", "Đảng đoàn Mặt trận Tổ quốc Việt Nam",
    ),
    "province": (
        "Ban Tuyên giáo {U}", "Ban Dân vận {U}", "Ban Tổ chức {U}", "Ủy ban Kiểm tra {U}",
        "Ban Nội chính {U}", "Văn phòng {U}", "Đảng ủy Quân sự {T}", "Đảng ủy Công an {T}",
        "Ban cán sự đảng UBND {T}", "Ban cán sự đảng Ủy ban nhân dân {T}",
        "Đảng đoàn Hội đồng nhân dân {T}", "Đảng đoàn MTTQ {T}",
        "Đảng ủy Bộ Chỉ huy Bộ đội Biên phòng {T}", "Sở Y tế",
        "Sở Thông tin và Truyền thông", "Sở Văn hóa, Thể thao và Du lịch", "Báo {P}",
        "Đài Phát thanh và Truyền hình {T}", "Ủy ban Mặt trận Tổ quốc Việt Nam {T}",
    ),
    "district": (
        "Ban Tuyên giáo {U}", "Ban Dân vận {U}", "Ban Tổ chức {U}", "Ủy ban Kiểm tra {U}",
        "Văn phòng {U}", "Đảng ủy Quân sự {T}", "Đảng ủy Công an {T}", "UBND {T}",
        "Ủy ban nhân dân {T}", "Ủy ban MTTQ Việt Nam {T}", "Trung tâm Y tế {T}",
        "Trung tâm Văn hóa - Thể thao & Truyền thông {T}", "Phòng Văn hóa và Thông tin",
    ),
    "commune": (
        "Ủy ban nhân dân {T}", "UBND {T}", "Ủy ban MTTQ Việt Nam {T}", "Văn phòng Đảng ủy",
        "Ban Chỉ huy Quân sự {T}", "Công an {T}", "Đoàn Thanh niên {T}",
        "Hội Liên hiệp Phụ nữ {T}", "Hội Cựu chiến binh {T}", "Trạm Y tế {T}",
    ),
}

STATE_UNITS: dict[str, tuple[str, ...]] = {
    "central": (
        "Bộ Y tế", "Bộ Công an", "Bộ Quốc phòng", "Bộ Thông tin và Truyền thông",
        "Bộ Lao động - Thương binh và Xã hội", "Bộ Nông nghiệp và Phát triển nông thôn",
        "Bộ Tài nguyên và Môi trường", "Bộ Giao thông vận tải", "Bộ Công Thương",
        "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Giáo dục và Đào tạo", "Bộ Tài chính",
    ),
    "province": (
        "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội",
        "Sở Thông tin và Truyền thông", "Sở Giáo dục và Đào tạo",
        "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường",
        "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Giao thông vận tải", "Sở Công Thương",
        "Sở Nội vụ", "Công an {T}", "Bộ Chỉ huy Quân sự {T}",
        "Bộ Chỉ huy Bộ đội Biên phòng {T}", "Đài Phát thanh và Truyền hình {T}", "Báo {P}",
        "Văn phòng UBND {T}", "Ủy ban Mặt trận Tổ quốc Việt Nam {T}",
    ),
    "district": (
        "Phòng Y tế", "Phòng Văn hóa và Thông tin", "Phòng Lao động - Thương binh và Xã hội",
        "Phòng Giáo dục và Đào tạo", "Phòng Tài chính - Kế hoạch",
        "Phòng Tài nguyên và Môi trường", "Phòng Nội vụ", "Phòng Kinh tế và Hạ tầng",
        "Công an {T}", "Ban Chỉ huy Quân sự {T}", "Trung tâm Y tế {T}",
        "Trung tâm Văn hóa - Thể thao & Truyền thông {T}", "Văn phòng HĐND và UBND {T}",
    ),
    "commune": (
        "Công an {T}", "Ban Chỉ huy Quân sự {T}", "Trạm Y tế {T}", "Công chức Văn hóa - Xã hội",
        "Công chức Địa chính - Xây dựng", "Đoàn Thanh niên {T}", "Hội Liên hiệp Phụ nữ {T}",
        "Hội Nông dân {T}", "Ủy ban MTTQ Việt Nam {T}",
    ),
}

#: Collective subjects of a task, one entity each: "{kids}" is the collective
#: name of the issuer's child units ("UBND các huyện, thị xã, thành phố"),
#: "{agencies}" its own level's agencies (see :data:`AGENCIES`).
COLLECTIVE_ASSIGNEES: dict[str, tuple[str, ...]] = {
    "party": ("{kids}", "{agencies}", "Bí thư các cấp ủy", "Các cấp ủy, tổ chức đảng"),
    "state": ("{agencies}", "{kids}", "Các cơ quan, đơn vị", "Thủ trưởng các cơ quan, đơn vị"),
}
AGENCIES = {"central": "Các bộ, ngành", "province": "Các sở, ban, ngành",
            "district": "Các phòng, ban, ngành", "commune": "Các ban, ngành, đoàn thể"}

#: "Kính gửi" entries; "{kids}" as above.
PARTY_RECIPIENTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "province": (
        ("Các đảng đoàn, ban cán sự đảng", "Các sở, ban, ngành, MTTQ, các đoàn thể {T}", "{kids}"),
        ("Các ban cán sự đảng, đảng đoàn ở {T}",
         "Các sở, ban, ngành, MTTQ Việt Nam và đoàn thể cấp {T}", "{kids}"),
        ("Các ban đảng {U}", "{kids}", "Các đảng đoàn, ban cán sự đảng trực thuộc {U}"),
    ),
    "district": (
        ("{kids}", "Các chi, đảng bộ cơ sở", "Ủy ban nhân dân {T}"),
        ("Các chi, đảng bộ cơ sở", "Hội đồng nhân dân, Ủy ban nhân dân {T}",
         "Các phòng, ban, ngành; MTTQ và các đoàn thể {T}", "{kids}"),
    ),
    "commune": (
        ("Các chi bộ trực thuộc", "Ủy ban nhân dân {T}", "MTTQ và các đoàn thể {T}"),
    ),
}
STATE_RECIPIENTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "province": (
        ("Các sở, ban, ngành {T}", "{kids}"),
        ("Các sở, ban, ngành, đoàn thể {T}", "Chủ tịch {kids}"),
        ("Giám đốc các sở, Thủ trưởng các ban, ngành {T}", "Chủ tịch {kids}",
         "Ủy ban Mặt trận Tổ quốc Việt Nam {T}"),
    ),
    "district": (
        ("Các phòng, ban, ngành {T}", "{kids}"),
        ("Thủ trưởng các cơ quan, đơn vị {T}", "Chủ tịch {kids}"),
    ),
    "commune": (
        ("Các ban, ngành, đoàn thể {T}", "Trưởng các thôn, khu dân cư"),
    ),
}

#: Upward copies, by the level of the issuer; the note is added by the renderer.
UPWARD_COPIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("party", "province"): ("Ban Bí thư Trung ương Đảng", "Văn phòng Trung ương Đảng",
                            "Ban Bí thư TW Đảng", "Văn phòng TW Đảng"),
    ("party", "district"): ("Thường trực {PU}", "Văn phòng {PU}", "Ban Tuyên giáo {PU}"),
    ("party", "commune"): ("Thường trực {PU}", "Văn phòng {PU}"),
    ("state", "province"): ("Thủ tướng Chính phủ", "Văn phòng Chính phủ", "Bộ Y tế",
                            "Thường trực {U}", "Thường trực HĐND {T}"),
    ("state", "district"): ("UBND {PT}", "Thường trực {U}", "Thường trực HĐND {T}"),
    ("state", "commune"): ("UBND {PT}", "Thường trực Đảng ủy {T}"),
    ("party", "central"): ("Các đồng chí Ủy viên Bộ Chính trị", "Các đồng chí Ủy viên Ban Bí thư"),
    ("state", "central"): ("Ban Bí thư Trung ương Đảng", "Các Phó Thủ tướng Chính phủ"),
}
SIDE_COPIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("party", "province"): ("Các đồng chí ủy viên BCH Đảng bộ {T}", "Các đ/c Ủy viên BTV {U}",
                            "Trang Thông tin điện tử Đảng bộ {T}", "Các ban đảng của {U}"),
    ("party", "district"): ("Các đ/c UV BTV {U}", "Các đồng chí ủy viên BCH Đảng bộ {T}"),
    ("party", "commune"): ("Các đồng chí ủy viên BCH Đảng bộ {T}",),
    ("state", "province"): ("Chủ tịch, các PCT UBND {T}", "LĐ VP UBND {T}",
                            "Cổng Thông tin điện tử {T}"),
    ("state", "district"): ("Chủ tịch, các PCT UBND {T}", "Cổng Thông tin điện tử {T}"),
    ("state", "commune"): ("Chủ tịch, các PCT UBND {T}",),
    ("party", "central"): ("Các tỉnh ủy, thành ủy trực thuộc Trung ương",),
    ("state", "central"): ("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ",),
}
#: Archive lines as written -> the copied_to entry gold keeps ("Lưu X" -> "X").
ARCHIVES: dict[str, tuple[tuple[str, str], ...]] = {
    "party": (("Lưu Văn phòng {U}.", "Văn phòng {U}"), ("Lưu VP{ABBR}.", "VP{ABBR}"),
              ("Lưu Văn phòng {U}", "Văn phòng {U}")),
    "state": (("Lưu: VT, VX.", "VT, VX"), ("Lưu: VT, KGVX.", "VT, KGVX"),
              ("Lưu VT.", "VT"), ("Lưu: VT, NC.", "VT, NC")),
}

#: Closing paragraphs naming the monitoring unit; ``{M}`` the unit, ``{B}`` the
#: body it reports to.  Units after "phối hợp với" are not monitors (seed 002).
MONITORS: dict[str, tuple[str, ...]] = {
    "party": (
        "{M} phối hợp với các cơ quan liên quan nắm tình hình triển khai thực hiện văn bản này "
        "và kịp thời báo cáo {B}.",
        "Giao {M} có trách nhiệm theo dõi, đôn đốc, hướng dẫn và thường xuyên báo cáo với {B}./.",
        "{M} theo dõi, đôn đốc việc thực hiện, tổng hợp tình hình, định kỳ báo cáo {B}.",
    ),
    "state": (
        "Giao {M} theo dõi, đôn đốc việc triển khai thực hiện, tổng hợp kết quả báo cáo {B}.",
        "{M} có trách nhiệm theo dõi, kiểm tra, đôn đốc và báo cáo {B} theo quy định./.",
    ),
}

#: Legal bases a state plan opens with ("Căn cứ ..."): (written, gold reference).
LEGAL_BASES: tuple[tuple[str, dict[str, str | None]], ...] = (
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
     {"doc_type": "Luật", "number": None, "date": "2015-06-19", "issuer": "Quốc hội",
      "issuer_level": "central"}),
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
     "chính quyền địa phương ngày 22 tháng 11 năm 2019;",
     {"doc_type": "Luật", "number": None, "date": "2019-11-22", "issuer": "Quốc hội",
      "issuer_level": "central"}),
)
