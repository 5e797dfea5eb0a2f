"""What a cascade is about: themes (subjects, task phrases, cited acts) and central roots.

A theme's task phrases come in two kinds: ``actions`` follow a named subject
("Sở Y tế *chỉ đạo ...*"), ``general`` stand alone and fall to the addressees.
``{T}`` is the issuer's level word, as in :mod:`synth.templates`.

>>> ROOTS[0].doc_type, ROOTS[0].side, ROOTS[0].number is None
('Điện', 'party', True)
>>> sorted({r.theme for r in ROOTS}) == sorted(THEMES)
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Theme", "Act", "Root", "THEMES", "ROOTS", "COMMON_ACTIONS"]


@dataclass(frozen=True, slots=True)
class Act:
    """A document cited in bodies: how it is written, and its gold reference."""

    text: str
    doc_type: str
    number: str | None
    date: str
    issuer: str


@dataclass(frozen=True, slots=True)
class Theme:
    key: str
    subjects: tuple[str, ...]
    body_unit: str  # the theme's steering body, "{T}" filled per issuer
    actions: tuple[str, ...]
    general: tuple[str, ...]
    acts: tuple[Act, ...]
    context: str  # a sentence of background the preface may use


@dataclass(frozen=True, slots=True)
class Root:
    """A central directive at the top of a cascade."""

    theme: str
    side: str  # "party" | "state"
    doc_type: str
    issuer: str
    issuer_lines: tuple[str, ...]
    number: str | None
    date: str
    subject: str


_COMMON_ACTIONS = (
    "chủ động tham mưu, đề xuất các giải pháp phù hợp với tình hình thực tế của địa phương, "
    "đơn vị",
    "tăng cường công tác tuyên truyền, vận động cán bộ, đảng viên và Nhân dân đồng thuận, "
    "chấp hành nghiêm các chủ trương, biện pháp của cấp trên",
    "kiểm tra, đôn đốc việc thực hiện ở cơ sở; kịp thời chấn chỉnh những nơi còn lơ là, "
    "chủ quan",
)

_COVID = Theme(
    key="covid",
    subjects=(
        "tăng cường công tác phòng, chống dịch Covid-19",
        "tiếp tục tăng cường công tác phòng, chống dịch Covid-19",
        "tăng cường công tác phòng, chống dịch Covid-19 trong tình hình mới",
    ),
    body_unit="Ban Chỉ đạo phòng, chống dịch Covid-19 {T}",
    actions=(
        "chỉ đạo các cơ quan báo chí tăng cường tuyên truyền về công tác phòng, chống dịch "
        "bệnh, cung cấp thông tin đầy đủ, chính xác, kịp thời",
        "quản lý chặt chẽ các trường hợp nhập cảnh, tuyệt đối không để lây lan dịch bệnh "
        "trong khu cách ly và từ khu cách ly ra cộng đồng",
        "chuẩn bị đầy đủ phương tiện, sinh phẩm xét nghiệm, thuốc men cho tình huống dịch "
        "bệnh lây lan trong cộng đồng",
        "tổ chức tiêm chủng vắc-xin phòng Covid-19 bảo đảm an toàn, đúng đối tượng",
        "đẩy mạnh phổ biến, tuyên truyền, vận động nâng cao nhận thức của Nhân dân trong việc "
        "thực hiện yêu cầu 5K của Bộ Y tế",
        "kiểm soát chặt chẽ việc dừng, đỗ, đón, trả khách của các phương tiện giao thông "
        "đến và đi qua địa bàn",
        "rà soát, quản lý công dân từ các vùng có dịch trở về địa phương",
    ),
    general=(
        "Tiếp tục tăng cường lãnh đạo, chỉ đạo, quán triệt và tổ chức thực hiện nghiêm các "
        "văn bản chỉ đạo của Trung ương và của {T} về công tác phòng, chống dịch Covid-19.",
        "Hạn chế tổ chức các sự kiện đông người; quản lý chặt chẽ các khu vực chợ, siêu thị, "
        "trung tâm thương mại; xử phạt các trường hợp không đeo khẩu trang theo quy định.",
        "Thực hiện nghiêm phương châm bốn tại chỗ; tuyệt đối không được lơ là, chủ quan, "
        "mất cảnh giác trong công tác phòng, chống dịch.",
    ),
    acts=(
        Act("Chỉ thị số 16/CT-TTg ngày 31/3/2020 của Thủ tướng Chính phủ về thực hiện các "
            "biện pháp cấp bách phòng, chống dịch Covid-19", "Chỉ thị", "16/CT-TTg",
            "2020-03-31", "Thủ tướng Chính phủ"),
        Act("Nghị quyết số 21/NQ-CP ngày 26 tháng 02 năm 2021 của Chính phủ về mua và sử dụng "
            "vắc-xin phòng Covid-19", "Nghị quyết", "21/NQ-CP", "2021-02-26", "Chính phủ"),
        Act("Thông báo số 253/TB-VPCP ngày 27/7/2020 của Văn phòng Chính phủ", "Thông báo",
            "253/TB-VPCP", "2020-07-27", "Văn phòng Chính phủ"),
    ),
    context="Tình hình dịch bệnh Covid-19 trên thế giới và trong nước tiếp tục diễn biến "
    "phức tạp, khó lường, nguy cơ lây nhiễm trong cộng đồng là rất lớn.",
)

_STORM = Theme(
    key="storm",
    subjects=(
        "chủ động ứng phó với mưa lũ, bão",
        "tập trung ứng phó, khắc phục hậu quả mưa lũ",
        "tăng cường công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
    ),
    body_unit="Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn {T}",
    actions=(
        "tổ chức kiểm tra, rà soát các khu dân cư ven sông, suối, vùng trũng thấp, có nguy cơ "
        "sạt lở đất, lũ quét để chủ động sơ tán người dân đến nơi an toàn",
        "bố trí lực lượng, phương tiện kiểm soát, hướng dẫn giao thông tại các ngầm, tràn, "
        "khu vực bị ngập sâu",
        "vận hành an toàn hồ chứa thủy lợi, thủy điện; bảo đảm an toàn đê điều",
        "sẵn sàng lực lượng, phương tiện để ứng cứu, cứu hộ, cứu nạn khi có yêu cầu",
        "thông tin kịp thời diễn biến mưa lũ, bão để người dân chủ động phòng tránh",
        "hỗ trợ lương thực, nhu yếu phẩm cho các hộ dân bị ảnh hưởng",
    ),
    general=(
        "Theo dõi chặt chẽ diễn biến thời tiết, mưa lũ; triển khai kịp thời các biện pháp "
        "ứng phó theo phương châm bốn tại chỗ.",
        "Tổ chức trực ban nghiêm túc 24/24 giờ, thường xuyên báo cáo tình hình.",
    ),
    acts=(
        Act("Chỉ thị số 42-CT/TW ngày 24/3/2020 của Ban Bí thư về tăng cường sự lãnh đạo của "
            "Đảng đối với công tác phòng ngừa, ứng phó, khắc phục hậu quả thiên tai",
            "Chỉ thị", "42-CT/TW", "2020-03-24", "Ban Bí thư"),
        Act("Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013", "Luật", None, "2013-06-19",
            "Quốc hội"),
    ),
    context="Do ảnh hưởng của hoàn lưu bão, trên địa bàn có mưa to đến rất to, nguy cơ "
    "xảy ra lũ quét, sạt lở đất ở vùng núi và ngập úng ở vùng trũng thấp.",
)

_FOREST = Theme(
    key="forest",
    subjects=(
        "tăng cường công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng",
        "tăng cường các biện pháp cấp bách phòng cháy, chữa cháy rừng",
    ),
    body_unit="Ban Chỉ đạo Chương trình phát triển lâm nghiệp bền vững {T}",
    actions=(
        "tổ chức trực cháy rừng 24/24 giờ trong những ngày nắng nóng cao điểm",
        "kiểm tra, xử lý nghiêm các hành vi vi phạm pháp luật về bảo vệ và phát triển rừng",
        "rà soát, bổ sung phương án phòng cháy, chữa cháy rừng theo phương châm bốn tại chỗ",
        "tuyên truyền, vận động Nhân dân không đốt nương, đốt thực bì trong thời kỳ khô hanh",
    ),
    general=(
        "Nâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền và người dân trong công tác "
        "quản lý, bảo vệ rừng.",
        "Huy động lực lượng tại chỗ kịp thời dập tắt các điểm cháy ngay từ khi mới phát sinh.",
    ),
    acts=(
        Act("Chỉ thị số 13-CT/TW ngày 12/01/2017 của Ban Chấp hành Trung ương về tăng cường sự "
            "lãnh đạo của Đảng đối với công tác quản lý, bảo vệ và phát triển rừng",
            "Chỉ thị", "13-CT/TW", "2017-01-12", "Ban Chấp hành Trung ương"),
    ),
    context="Thời tiết khô hanh kéo dài, nhiều diện tích rừng có nguy cơ cháy ở cấp cực kỳ "
    "nguy hiểm.",
)

_TET = Theme(
    key="tet",
    subjects=(
        "tổ chức đón Tết Nguyên đán vui tươi, lành mạnh, an toàn, tiết kiệm",
        "chăm lo Tết cho Nhân dân và bảo đảm an ninh, trật tự dịp Tết Nguyên đán",
    ),
    body_unit="Ban Chỉ đạo 389 {T}",
    actions=(
        "thăm hỏi, tặng quà các gia đình chính sách, hộ nghèo, người có hoàn cảnh khó khăn",
        "bảo đảm cung ứng đủ hàng hóa thiết yếu, bình ổn giá cả thị trường",
        "đấu tranh với buôn lậu, gian lận thương mại và hàng giả",
        "bảo đảm an ninh chính trị, trật tự an toàn xã hội và an toàn giao thông",
        "tổ chức các hoạt động văn hóa, văn nghệ, thể dục, thể thao mừng Đảng, mừng Xuân",
    ),
    general=(
        "Không tổ chức đi chúc Tết cấp trên; nghiêm cấm sử dụng ngân sách nhà nước, phương tiện "
        "công vào việc lễ hội, vui chơi không đúng quy định.",
        "Bố trí lực lượng trực bảo đảm hoạt động bình thường của cơ quan, đơn vị trong và sau "
        "Tết.",
    ),
    acts=(
        Act("Chỉ thị số 17/CT-TTg ngày 09/6/2014 của Thủ tướng Chính phủ về một số biện pháp "
            "chấn chỉnh tình trạng lạm dụng rượu, bia", "Chỉ thị", "17/CT-TTg", "2014-06-09",
            "Thủ tướng Chính phủ"),
    ),
    context="Tết Nguyên đán là dịp cả nước đón Xuân, nhu cầu đi lại, mua sắm của Nhân dân "
    "tăng cao.",
)

_DROUGHT = Theme(
    key="drought",
    subjects=(
        "chủ động phòng, chống hạn hán, thiếu nước, xâm nhập mặn",
        "triển khai các giải pháp cấp bách phòng, chống hạn hán, xâm nhập mặn",
    ),
    body_unit="Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn {T}",
    actions=(
        "rà soát, cập nhật kế hoạch ứng phó hạn hán, xâm nhập mặn, bảo đảm nước sinh hoạt "
        "cho Nhân dân",
        "vận hành hợp lý các công trình thủy lợi, tích trữ nước ngọt",
        "hướng dẫn chuyển đổi cơ cấu cây trồng, mùa vụ phù hợp",
        "quan trắc, cập nhật thông tin độ mặn để người dân chủ động lấy nước",
    ),
    general=(
        "Sử dụng nước tiết kiệm, hiệu quả; ưu tiên nước cho sinh hoạt của Nhân dân.",
    ),
    acts=(
        Act("Nghị quyết số 120/NQ-CP ngày 17/11/2017 của Chính phủ về phát triển bền vững đồng "
            "bằng sông Cửu Long thích ứng với biến đổi khí hậu", "Nghị quyết", "120/NQ-CP",
            "2017-11-17", "Chính phủ"),
    ),
    context="Hạn hán, thiếu nước, xâm nhập mặn có khả năng diễn ra gay gắt, ảnh hưởng đến "
    "sản xuất và đời sống của Nhân dân.",
)

THEMES: dict[str, Theme] = {t.key: t for t in (_COVID, _STORM, _FOREST, _TET, _DROUGHT)}
COMMON_ACTIONS = _COMMON_ACTIONS

_TTBBT = ("BAN CHẤP HÀNH TRUNG ƯƠNG", "THƯỜNG TRỰC BAN BÍ THƯ")
_BBT = ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN BÍ THƯ")
_TTG = ("THỦ TƯỚNG CHÍNH PHỦ",)

#: Central roots, party and state alternating; ``--roots``/``--scale`` cycle them.
ROOTS: tuple[Root, ...] = (
    Root("covid", "party", "Điện", "Thường trực Ban Bí thư", _TTBBT, None, "2021-01-05",
         "tăng cường công tác phòng, chống dịch Covid-19"),
    Root("storm", "state", "Công điện", "Thủ tướng Chính phủ", _TTG, "1423/CĐ-TTg",
         "2020-10-16", "tập trung ứng phó mưa lũ và bão"),
    Root("forest", "party", "Chỉ thị", "Ban Bí thư", _BBT, "08-CT/TW", "2021-03-12",
         "tăng cường sự lãnh đạo của Đảng đối với công tác phòng cháy, chữa cháy rừng"),
    Root("covid", "state", "Công điện", "Thủ tướng Chính phủ", _TTG, "969/CĐ-TTg",
         "2021-07-20", "tăng cường các biện pháp cấp bách phòng, chống dịch Covid-19"),
    Root("tet", "party", "Điện", "Thường trực Ban Bí thư", _TTBBT, None, "2021-12-20",
         "tổ chức tốt Tết Nguyên đán Nhâm Dần năm 2022"),
    Root("drought", "state", "Công điện", "Thủ tướng Chính phủ", _TTG, "312/CĐ-TTg",
         "2020-03-10", "triển khai các biện pháp cấp bách phòng, chống hạn hán, xâm nhập mặn"),
)
