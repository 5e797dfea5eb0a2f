"""Words that tell a unit from an action in running text.

A task reads "UNITS VERB ...": its responsible units are the noun phrase before
the first predicate verb.  Verbs are matched in lower case only, so the capital
in a unit name ("Ban Chỉ đạo", "Bộ Chỉ huy") keeps it from being read as a verb.

>>> PREDICATE_VERB_RE.search("Ban Chỉ đạo phòng, chống dịch tỉnh chỉ đạo toàn ngành").start()
35
>>> bool(UNIT_HEAD_RE.match("Sở Y tế")), bool(UNIT_HEAD_RE.match("Tăng cường"))
(True, False)
"""

from __future__ import annotations

import re
import unicodedata

from graph.names import ascii_letter_runs, ascii_letters
from loaders.wordtrie import word_trie

__all__ = [
    "PREDICATE_VERBS",
    "PREDICATE_VERB_RE",
    "FOLDED_VERB_RE",
    "fold_keep_case",
    "UNIT_HEADS",
    "UNIT_HEAD_RE",
    "KIND_NOUN_RE",
    "PERSON_HEAD_RE",
    "DELEGATING_VERB_RE",
    "PROTECTED_PHRASES",
    "PROTECTED_FOLDED",
    "PROTECTED_SCAN",
]

PREDICATE_VERBS: tuple[str, ...] = (
    "chỉ đạo",
    "tiếp tục",
    "tăng cường",
    "thực hiện",
    "tổ chức",
    "triển khai",
    "chủ trì",
    "phối hợp",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "định hướng",
    "đẩy mạnh",
    "căn cứ",
    "quán triệt",
    "nắm",
    "theo dõi",
    "xây dựng",
    "rà soát",
    "kiểm tra",
    "tham mưu",
    "hướng dẫn",
    "trực tiếp",
    "phát huy",
    "cụ thể hóa",
    "cụ thể hoá",
    "lãnh đạo",
    "chủ động",
    "bảo đảm",
    "đảm bảo",
    "nâng cao",
    "quản lý",
    "khẩn trương",
    "thường xuyên",
    "kịp thời",
    "nghiên cứu",
    "đôn đốc",
    "giám sát",
    "cần",
    "phải",
    "ban hành",
    "tập trung",
    "vận động",
    "tuyên truyền",
    "huy động",
    "sẵn sàng",
    "làm tốt",
    "ủy quyền",
    "uỷ quyền",
    "giao",
    "yêu cầu",
    "đề nghị",
    "cung cấp",
    "hỗ trợ",
    "bố trí",
    "báo cáo",
    "đề xuất",
    "xử lý",
    "kiểm soát",
    "duy trì",
    "tiến hành",
    "phân công",
    "gương mẫu",
    "quyết liệt",
    "thống nhất",
    "tham gia",
    "được giao",
    "nghiêm túc",
    "khẩn",
    "ưu tiên",
    "hoàn thành",
    "thực hiện tốt",
    "tích cực",
    "rà",
    "chuẩn bị",
    "nâng cấp",
    "đề cao",
    "tổng hợp",
    "phổ biến",
    "bám sát",
    "dự báo",
    "cập nhật",
    "tuyệt đối",
    "chú trọng",
    "quan tâm",
    "tạo điều kiện",
    "khẩn cấp",
    "áp dụng",
    "chấp hành",
    "điều hành",
    "thẩm định",
    "đánh giá",
    "hoàn thiện",
    "tổ chức thực hiện",
    "căn cứ chức năng",
    "đã",
    "đưa tin",
    "đưa",
    "phản ánh",
    "thông báo",
    "phát động",
    "tập huấn",
    "vận hành",
    "cử",
    "thông tin",
    "lập",
    "lựa chọn",
    "đang",
    # Verbs of plans and guidance (a unit "mở chuyên mục", "kiện toàn" its board ...).
    "mở",
    "đăng tải",
    "biên soạn",
    "bồi dưỡng",
    "thành lập",
    "kiện toàn",
    "củng cố",
    "số hóa",
    "số hoá",
    "xác định",
    "khảo sát",
    "thống kê",
    "tiếp nhận",
    "thu thập",
    "sơ kết",
    "tuần tra",
    "sơ tán",
    "di dời",
    "tổng kết",
    "phát hiện",
    "ngăn chặn",
    "xử phạt",
    "giải quyết",
    "xem xét",
    "rút kinh nghiệm",
    "đẩy nhanh",
    "tạm dừng",
    # Negation opens a predicate ("Cảng vụ Hàng hải Kiên Giang không cấp phép");
    # "Cảng hàng không" is excluded below.
    "không",
    # A copula or a wish ends a subject too: "Ban Tuyên giáo Tỉnh đoàn là đơn vị
    # thường trực", "Ban Thường trực ... rất mong nhận được".
    "là",
    "rất mong",
)
# Not after a determiner: "các tổ chức" is a noun, "tổ chức" alone a verb.
_VERB_NOT_AFTER = (
    r"[\w]", "[cC]ác ", "[nN]hững ", "và ", "cho ", "thành ", "độc ", "thiết ", "nhất ",
    "hàng ", "Hàng ", "phòng ", "Phòng ",
)
# The verbs longest first, as a trie (loaders.wordtrie: same matches, faster).
PREDICATE_VERB_RE = re.compile(
    word_trie(
        PREDICATE_VERBS,
        not_after=_VERB_NOT_AFTER,
        # "Báo Cần Thơ tăng thời lượng", but "Ban Chỉ đạo tăng trưởng xanh" is a name.
        then=[("t", r"ăng(?!\s+trưởng)")],
    )
    + r"(?![\w])"
)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x1F00):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_FOLD_TABLE = _fold_table()


def fold_keep_case(text: str) -> str:
    """Diacritics off, case and length kept ("Tổ chức" -> "To chuc"), for NFC text.

    >>> fold_keep_case("tỗ chức, chủ đợng")
    'to chuc, chu dong'
    >>> fold_keep_case("“Tỉnh ủy” ≠ K")
    '“Tinh uy” ≠ K'
    """
    if text.isascii():
        return text
    letters = ascii_letters(text)
    if letters is not None:
        return letters.decode("ascii")
    if len(text) < 40:
        return text.translate(_FOLD_TABLE)
    return "".join(
        run.decode("ascii") if isinstance(run, bytes) else run.translate(_FOLD_TABLE)
        for run in ascii_letter_runs(text)
    )


# OCR misspells vowels ("tỗ chức", "chủ đợng"); verbs of two syllables or more
# are distinctive enough to match without their diacritics.
FOLDED_VERB_RE = re.compile(
    word_trie(
        {fold_keep_case(v) for v in PREDICATE_VERBS if " " in v},
        not_after=(r"[\w]", "[cC]ac ", "[nN]hung ", "va ", "cho "),
    )
    + r"(?![\w])"
)

#: Words that open a unit's name (capitalised) or a collective (lower case "các").
UNIT_HEADS: tuple[str, ...] = (
    "Ban",
    "Sở",
    "Bộ",
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "HĐND",
    "Hội đồng",
    "Văn phòng",
    "Mặt trận",
    "MTTQ",
    "Đảng ủy",
    "Đảng uỷ",
    "Đảng đoàn",
    "Đảng bộ",
    "Huyện ủy",
    "Huyện uỷ",
    "Thành ủy",
    "Thành uỷ",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thị ủy",
    "Thị uỷ",
    "Quận ủy",
    "Quận uỷ",
    "Thường trực",
    "Thường vụ",
    "Bí thư",
    "Phó Bí thư",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Thủ trưởng",
    "Các",
    "Cấp ủy",
    "Cấp uỷ",
    "Hội",
    "Đoàn",
    "Liên đoàn",
    "Công an",
    "Bộ Chỉ huy",
    "Ban Chỉ huy",
    "Trạm",
    "Công chức",
    "Cán bộ",
    "Ban Quản lý",
    "Nhà văn hóa",
    "Hợp tác xã",
    "Trưởng thôn",
    "Trưởng các thôn",
    # The head of a hamlet, quarter or school: "Trưởng các khu vực", "Trưởng Ban
    # nhân dân các ấp", "Hiệu trưởng các trường".
    "Trưởng",
    "Hiệu trưởng",
    "Bí thư chi bộ",
    "Bộ đội",
    "Trung tâm",
    "Phòng",
    "Chi bộ",
    "Chi cục",
    "Cục",
    "Tổng cục",
    "Viện",
    "Trường",
    "Báo",
    "Đài",
    "Cơ quan",
    "Ủy viên",
    "Uỷ viên",
    "Tổ",
    "Lãnh đạo",
    "Người đứng đầu",
    "Đồng chí",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Huyện đoàn",
    "Quân khu",
    "Bộ Tư lệnh",
    "Kho bạc",
    "Ngân hàng",
    "Tòa án",
    "Toà án",
    "Viện kiểm sát",
    "Thanh tra",
    "Khối",
    "BCĐ",
    "BTV",
    "BCH",
    "BCS",
    "Ủy ban Kiểm tra",
    "UBKT",
    "Chính phủ",
    "Thủ tướng",
    "Công ty",
    "Bệnh viện",
    "Đ/c",
    "Đồn",
    "Chỉ huy",
    "Hạt",
    "Bưu điện",
    "Điện lực",
    "Cảng vụ",
    "Quỹ",
    "Liên minh",
    "Tập đoàn",
    "Viễn thông",
    "Đội",
    "Thành đoàn",
    "Thị đoàn",
    # Central organs and services every level names as partners.
    "Quân ủy",
    "Quân uỷ",
    "Thông tấn xã",
    "Bảo hiểm xã hội",
    "BHXH",
    "Tổng công ty",
    "Học viện",
)
# Heads that are also the first word of a verb or a common noun are excluded
# there: "Tổ chức" (organise), "Hội nghị" (conference), "Báo cáo" (report).
UNIT_HEAD_RE = re.compile(
    r"(?!Tổ\s+chức|Hội\s+nghị|Báo\s+cáo|Đoàn\s+kết|Bộ\s+phận|Ban\s+hành|Phòng\s+(?:,\s*)?chống|"
    r"Phòng\s+ngừa|Trường\s+hợp|Khối\s+lượng|Đội\s+ngũ|Đội\s+hình)"
    r"(?:"
    + "|".join(re.escape(h) for h in sorted(UNIT_HEADS, key=len, reverse=True))
    + r")(?![\w])"
)

#: Lower-case heads that start a unit in the middle of a list.
PERSON_HEAD_RE = re.compile(
    r"(?:các|người\s+đứng\s+đầu|đồng\s+chí|đ/c|bí\s+thư|lãnh\s+đạo|thủ\s+trưởng|chủ\s+tịch|"
    r"cấp\s+ủy|cấp\s+uỷ|ban\s+cán\s+sự|ban\s+thường\s+vụ|mặt\s+trận|ủy\s+ban|uỷ\s+ban)(?![\w])"
)

#: Bare kinds of unit that continue a plural list: "các huyện ủy, thành ủy, đảng ủy".
KIND_NOUN_RE = re.compile(
    r"(?:huyện|thành|thị|quận|tỉnh|đảng|cấp)\s+(?:ủy|uỷ)|ban|ngành|sở|đảng\s+đoàn|đảng\s+bộ|"
    r"ban\s+cán\s+sự(?:\s+đảng)?|đoàn\s+thể|thị\s+xã|thành\s+phố|quận|huyện|phường|xã|"
    r"thị\s+trấn|đặc\s+khu|cơ\s+quan|đơn\s+vị|chính\s+quyền|địa\s+phương|doanh\s+nghiệp|chi\s+bộ|tổ\s+chức|"
    r"mặt\s+trận|phòng|hội|trường|trạm|(?:huyện|thị|thành|tỉnh)\s+đoàn|đoàn\s+trực\s+thuộc|"
    r"(?:huyện|thị|thành)(?=\s*,|\s*$)"
)

#: Verbs by which the issuer hands a task to the units after them.
DELEGATING_VERB_RE = re.compile(
    r"(?:giao\s+cho|giao|ủy\s+quyền\s+cho|uỷ\s+quyền\s+cho|đề\s+nghị|yêu\s+cầu)\s+",
    re.IGNORECASE,
)

#: Phrases whose commas and "và" belong to one name (a split would break it).
PROTECTED_PHRASES = re.compile(
    r"Văn\s+phòng\s+(?:HĐND|Hội\s+đồng\s+nhân\s+dân)\s{0,2}(?:và|-)\s{0,2}(?:UBND|Ủy\s+ban\s+nhân\s+dân)|"
    r"phòng,\s{0,2}chống|xây\s+dựng\s+[Đđ]ảng|tổ\s+chức\s+(?:cơ\s+sở\s+)?đảng|tổ\s+chức\s+chính\s+trị|"
    r"tổ\s+chức\s+đoàn\s+thể|tổ\s+chức\s+hội|Văn\s+h(?:óa|oá),\s{0,2}Thể\s+thao(?:\s+và\s+Du\s+lịch)?|"
    r"chính\s+trị\s{0,2}-\s{0,2}xã\s+hội|Lao\s+động\s{0,2}-\s{0,2}Thương\s+binh\s+và\s+Xã\s+hội|"
    r"Mặt\s+trận\s+Tổ\s+quốc(?:\s+Việt\s+Nam)?\s+và\s+các\s+tổ\s+chức\s+chính\s+trị\s{0,2}-\s{0,2}"
    r"xã\s+hội|Khoa\s+học\s+và\s+Công\s+nghệ|Kế\s+hoạch\s+và\s+Đầu\s+tư|Tài\s+nguyên\s+và\s+Môi"
    r"\s+trường|Nông\s+nghiệp\s+và\s+Phát\s+triển\s+nông\s+thôn|Giáo\s+dục\s+và\s+Đào\s+tạo|"
    r"Thông\s+tin\s+và\s+Truyền\s+thông|[Cc]ông\s+nghệ\s+thông\s+tin|Giao\s+thông\s+(?:và\s+)?vận\s+tải|Tư\s+pháp|"
    r"Công\s+Thương|Xây\s+dựng|Ngoại\s+vụ|Dân\s+tộc|Tôn\s+giáo|Thể\s+thao\s+và\s+Du\s+lịch|"
    r"Thể\s+thao\s{0,2}&\s{0,2}Truyền\s+thông|Phát\s+thanh\s*(?:-|và|,)\s*Truyền\s+hình|"
    r"Đảng\s+(?:ủy|uỷ)\s+Mặt\s+trận\s+Tổ\s+quốc,\s{0,2}các\s+đoàn\s+thể|"
    r"phòng\s+chống|an\s+ninh,\s{0,2}trật\s+tự|quốc\s+phòng,\s{0,2}an\s+ninh|"
    r"thị\s+xã,\s{0,2}thành\s+phố|huyện,\s{0,2}thị\s+xã|xã,\s{0,2}phường(?:,\s{0,2}thị\s+trấn)?"
)

#: The same phrases without diacritics, matched on :func:`fold_keep_case` text so
#: an OCR-misspelt vowel ("tỗ chức đảng") does not unmask a name.
PROTECTED_FOLDED = re.compile(fold_keep_case(PROTECTED_PHRASES.pattern))
# The letters the phrases open with (tests/test_first_letters.py holds the list to
# the pattern): the scan behind them drops most offsets at one character test.
_PROTECTED_LETTERS = "CDGKLMNPTVXachpqtx"
PROTECTED_SCAN = re.compile(f"(?=[{_PROTECTED_LETTERS}])(?:{PROTECTED_FOLDED.pattern})")
