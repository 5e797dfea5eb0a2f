"""The reading stage on real files: every format and encoding, every kind of bad input."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from graph.errors import LoaderError
from loaders.html import html_to_text
from loaders.read import decode_text, iter_document_paths, read_document
from tests.fixtures.formats import make_fixtures as LETTERS  # the letters the fixtures hold

FORMATS = Path(__file__).parent / "fixtures" / "formats"
GOOD, BAD = FORMATS / "good", FORMATS / "bad"


HUYEN_UY_LINES = [
    "ĐẢNG BỘ TỈNH NAM ĐỊNH",
    "HUYỆN ỦY GIAO THỦY",
    "Số 12-CV/HU",
    "Kính gửi:",
    "- Ủy ban nhân dân huyện;",
    "T/M BAN THƯỜNG VỤ",
    "Trần Văn Hùng",
]
THANH_UY_LINES = [
    "THÀNH ỦY BẮC KẠN",
    "Số 118-CV/TU",
    "V/v đẩy mạnh chuyển đổi số trong các cơ quan đảng",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "TP. Bắc Kạn, ngày 03 tháng 5 năm 2021",
    "Kính gửi:",
    "T/M BAN THƯỜNG VỤ",
    "Hoàng Thị Mai",
]
UBND_LINES = [
    "ỦY BAN NHÂN DÂN",
    "Số: 215/UBND-VX",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Kính gửi:",
    "- Sở Công Thương;",
    "Thực hiện Chỉ thị số 02/CT-TTg ngày 05/01/2021 của Thủ tướng Chính phủ, "
    "Ủy ban nhân dân tỉnh yêu cầu:",
    "KT. CHỦ TỊCH",
    "Nguyễn Thị Lan",
]

# file, Source.format, lines that must be there, the whole letter if it must round-trip
GOOD_CASES = [
    ("huyen_uy_utf8_bom.txt", "text/utf-8-sig", HUYEN_UY_LINES, LETTERS.HUYEN_UY),
    ("huyen_uy_utf16le.txt", "text/utf-16le", HUYEN_UY_LINES, LETTERS.HUYEN_UY),
    ("huyen_uy_tcvn3.txt", "text/tcvn3", HUYEN_UY_LINES, LETTERS.HUYEN_UY),
    ("thanh_uy_utf16be_bom.md", "text/utf-16be", THANH_UY_LINES, LETTERS.thanh_uy_text()),
    ("thanh_uy_cp1258.txt", "text/windows-1258", THANH_UY_LINES, LETTERS.thanh_uy_text()),
    ("thanh_uy_vni.txt", "text/vni", THANH_UY_LINES, LETTERS.thanh_uy_text()),
    ("thanh_uy_header_table.docx", "docx", THANH_UY_LINES, LETTERS.thanh_uy_text()),
    ("huyen_uy_vntime.docx", "docx+tcvn3", HUYEN_UY_LINES, LETTERS.HUYEN_UY),
    ("ubnd_web_copy.html", "html/utf-8", UBND_LINES, None),
    ("ubnd_text_layer.pdf", "pdf", UBND_LINES, None),
]


@pytest.mark.parametrize(("name", "fmt", "lines", "whole"), GOOD_CASES)
def test_good_fixture_decodes(name: str, fmt: str, lines: list[str], whole: str | None) -> None:
    src = read_document(GOOD / name)
    assert src.format == fmt
    assert src.text == unicodedata.normalize("NFC", src.text)
    got = src.text.splitlines()
    for line in lines:
        assert line in got, f"{name}: missing line {line!r}"
    if whole is not None:
        assert src.text.strip("\n") == whole.strip("\n")


def test_docx_header_table_comes_row_by_row_before_the_body() -> None:
    lines = read_document(GOOD / "thanh_uy_header_table.docx").text.splitlines()
    assert (
        lines.index("Số 118-CV/TU")
        < lines.index("ĐẢNG CỘNG SẢN VIỆT NAM")
        < lines.index("Kính gửi:")
    )
    assert lines.index("- Lưu VPTU.") < lines.index("T/M BAN THƯỜNG VỤ")


def test_web_copy_drops_site_chrome() -> None:
    text = read_document(GOOD / "ubnd_web_copy.html").text
    for chrome in (
        "Trang chủ",  # menu and breadcrumb
        "CỔNG THÔNG TIN",  # site header
        "(HNP)",  # news lead-in
        "Nội dung văn bản như sau",
        "Văn bản liên quan",
        "56-CV/TU",  # an entry of the related-documents list
        "Chia sẻ",
        "Hội nghị tổng kết",  # sidebar
        "©",  # footer
        "var ga",  # script
        "Số 999",
        "color:red",  # style
    ):
        assert chrome not in text, f"chrome left in: {chrome!r}"
    assert text.splitlines()[0] == "ỦY BAN NHÂN DÂN"
    assert "thực phẩm & dịch vụ ăn uống" in text  # &amp;
    assert "Chỉ thị số 02/CT-TTg" in text  # &#7881; and &#x1ecb;


def test_docx_with_legacy_text_in_an_unnamed_font_is_converted(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    for line in LETTERS.HUYEN_UY.strip().split("\n"):
        doc.add_paragraph(LETTERS.tcvn3_chars(line))  # no .VnTime font named
    doc.save(str(tmp_path / "old.docx"))
    src = read_document(tmp_path / "old.docx")
    assert src.format == "docx+tcvn3"
    assert "Thực hiện Công văn số 56-CV/TU" in src.text
    assert "HUYỆN ỦY GIAO THỦY" in src.text.splitlines()


def test_legacy_web_page_and_vni_docx(tmp_path: Path) -> None:
    import docx

    page = LETTERS.html_page().replace('charset="utf-8"', 'charset="windows-1252"')
    (tmp_path / "old.html").write_bytes(LETTERS.tcvn3_chars(page).encode("cp1252", "replace"))
    src = read_document(tmp_path / "old.html")
    assert src.format == "html/tcvn3"
    assert src.text.splitlines()[:3] == ["ỦY BAN NHÂN DÂN", "", "TỈNH HÀ NAM"]
    assert "Trang chủ" not in src.text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in src.text

    doc = docx.Document()
    for line in LETTERS.thanh_uy_text().strip().split("\n"):
        doc.add_paragraph().add_run(LETTERS.vni_chars(line)).font.name = "VNI-Times"
    doc.save(str(tmp_path / "vni.docx"))
    src = read_document(tmp_path / "vni.docx")
    assert src.format == "docx+vni"
    assert src.text.strip("\n") == LETTERS.thanh_uy_text().strip("\n")


SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "windows-1258"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_every_seed_letter_in_every_legacy_encoding_is_told_and_converted(
    seed: Path, encoding: str
) -> None:
    text = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    encode = {
        "tcvn3": lambda t: LETTERS.tcvn3_chars(t).encode("cp1252"),
        "vni": lambda t: LETTERS.vni_chars(t).encode("cp1252"),
        "windows-1258": LETTERS.cp1258_bytes,
    }[encoding]
    got, used = decode_text(encode(text), seed.name)
    assert used == encoding
    if encoding == "tcvn3":  # no capitals with tones: only the letters must match
        assert got.lower() == text.lower()
        assert got.count("\n") == text.count("\n")
    else:
        assert got == text
    assert read_document(seed).text == text.replace("\r\n", "\n")  # UTF-8 left alone


# Real-world legacy strings (the motto as old files carry it), independent of our encoders.
@pytest.mark.parametrize(
    ("raw", "encoding", "expected"),
    [
        (
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
            "Thùc hiÖn c«ng v¨n cña TØnh ñy",
            "tcvn3",
            "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"
            "Thực hiện công văn của Tỉnh ủy",
        ),
        (
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n"
            "Thöïc hieän coâng vaên cuûa Tænh uûy",
            "vni",
            "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"
            "Thực hiện công văn của Tỉnh ủy",
        ),
    ],
)
def test_known_legacy_strings(raw: str, encoding: str, expected: str) -> None:
    assert decode_text(raw.encode("cp1252"), "x.txt") == (expected, encoding)


BAD_CASES = [
    ("empty.txt", "empty file"),
    ("blank.md", "empty file (white space only)"),
    ("random_binary.txt", "binary file (NUL bytes), not text"),
    ("picture_named.txt", "binary file (a PNG image), not text"),
    ("latin1_french.txt", "undecodable text (not UTF-8/UTF-16/Windows-1258/TCVN3/VNI)"),
    ("scan_image_only.pdf", "no text layer (image-only PDF); OCR it first"),
    ("truncated.docx", "corrupt .docx (BadZipFile: File is not a zip file)"),
    ("text_named.pdf", "not a PDF file (no %PDF header)"),
    ("garbage.pdf", "corrupt PDF"),
]


@pytest.mark.parametrize(("name", "reason"), BAD_CASES)
def test_bad_fixture_gives_one_line_reason(name: str, reason: str) -> None:
    path = BAD / name
    with pytest.raises(LoaderError) as err:
        read_document(path)
    message = str(err.value)
    assert message.startswith(f"{path}: {reason}")
    assert "\n" not in message and len(message) < 300


def test_missing_folder_and_oversize(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    cases = [
        (tmp_path / "nope.txt", {}, "no such file"),
        (fifo, {}, "not a regular file"),
        (GOOD / "huyen_uy_tcvn3.txt" / "x.txt", {}, "cannot read: Not a directory"),
        (tmp_path, {}, "is a folder, not a document file"),
        (GOOD / "huyen_uy_tcvn3.txt", {"max_bytes": 100}, "over the 100-byte limit"),
    ]
    for path, kwargs, reason in cases:
        with pytest.raises(LoaderError) as err:
            read_document(path, **kwargs)
        assert str(err.value).startswith(f"{path}: ") and reason in str(err.value)


def test_a_file_in_another_format_than_its_suffix(tmp_path: Path) -> None:
    (tmp_path / "letter.docx").write_text("Số 12-CV/HU", encoding="utf-8")
    (tmp_path / "page.html").write_bytes((GOOD / "ubnd_text_layer.pdf").read_bytes())
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    expected = {
        "letter.docx": "not a .docx file (not a ZIP package)",
        "page.html": "binary file (PDF data), not text",
        "old.docx": "not a .docx file (not a ZIP package); it is an old Word .doc",
    }
    for name, reason in expected.items():
        with pytest.raises(LoaderError, match=r"^.*" + name) as err:
            read_document(tmp_path / name)
        assert err.value.reason.startswith(reason)


def test_utf8_cut_in_the_middle_of_the_last_letter_still_reads() -> None:
    data = "Kính gửi: các huyện ủ".encode()  # ủ is three bytes
    assert decode_text(data[:-1], "x.txt")[0] == "Kính gửi: các huyện "


def test_iter_document_paths_expands_folders(tmp_path: Path) -> None:
    for name in ("b.txt", "a.pdf", "notes.odt", ".hidden.txt", "~$lock.docx", "sub/c.html"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_document_paths([tmp_path])]
    assert got == ["a.pdf", "b.txt", "sub/c.html"]
    assert list(iter_document_paths(["given.odt"])) == [Path("given.odt")]


def test_html_deep_nesting_and_no_landmarks() -> None:
    deep = "<div>" * 5000 + "Số 3-CV/HU Kính gửi các chi bộ" + "</div>" * 5000
    assert html_to_text(deep) == "Số 3-CV/HU Kính gửi các chi bộ"
    page = "<html><nav><a>Menu</a></nav><main><p>Một</p><p>Hai</p></main></html>"
    assert html_to_text(page) == "Một\n\nHai"


def test_parse_command_on_a_mixed_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for src in [*GOOD.iterdir(), *BAD.iterdir()]:
        shutil.copy(src, folder / src.name)
    exe = Path(sys.executable).with_name("directive-graph")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "api.cli"]
    proc = subprocess.run(
        [*cmd, "parse", str(folder)], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 1, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert sorted(Path(r["source"]).name for r in records) == sorted(p.name for p in GOOD.iterdir())
    errors = proc.stderr.splitlines()
    assert len(errors) == len(BAD_CASES), proc.stderr
    for name, reason in BAD_CASES:
        line = f"directive-graph: {folder / name}: {reason}"
        assert any(e.startswith(line) for e in errors), f"no stderr line for {name}"
    numbers = {Path(r["source"]).name: r.get("number") for r in records}
    assert numbers["huyen_uy_tcvn3.txt"] == "12-CV/HU"


def test_docx_table_cells_merged_across_a_row_appear_once(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "HUYỆN ỦY GIAO THỦY"
    table.cell(1, 0).text = "Số 12-CV/HU"
    table.cell(1, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    buf = io.BytesIO()
    doc.save(buf)
    (tmp_path / "m.docx").write_bytes(buf.getvalue())
    text = read_document(tmp_path / "m.docx").text
    assert text.splitlines() == ["HUYỆN ỦY GIAO THỦY", "Số 12-CV/HU", "ĐẢNG CỘNG SẢN VIỆT NAM"]


def test_docx_text_boxes_are_read_once(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = (
        f'<w:txbxContent xmlns:w="{w}"><w:p><w:r><w:t>Số 7-CV/HU</w:t></w:r></w:p></w:txbxContent>'
    )
    # As Word writes it: the box as a drawing, and again as a VML fallback.
    xml = (
        f'<mc:AlternateContent xmlns:mc="{mc}" xmlns:w="{w}"><mc:Choice Requires="wps">'
        f"<w:drawing>{box}</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict>"
        "</mc:Fallback></mc:AlternateContent>"
    )
    doc = docx.Document()
    para = doc.add_paragraph("HUYỆN ỦY GIAO THỦY")
    para.add_run()._r.append(parse_xml(xml))
    doc.add_paragraph("Kính gửi: các chi bộ")
    doc.save(str(tmp_path / "box.docx"))
    lines = read_document(tmp_path / "box.docx").text.splitlines()
    assert lines == ["HUYỆN ỦY GIAO THỦY", "Số 7-CV/HU", "Kính gửi: các chi bộ"]


def test_web_copy_related_list_with_titles_is_dropped_but_a_header_block_is_kept() -> None:
    page = (
        "<body><div class='header'><p>HUYỆN ỦY GIAO THỦY</p><p>ĐẢNG CỘNG SẢN VIỆT NAM</p>"
        "<p>Giao Thủy, ngày 11 tháng 01 năm 2021</p></div>"
        "<div class='content'><p>Số 12-CV/HU</p><p>Kính gửi: các chi bộ</p>"
        "<p>Thực hiện Công văn số 56-CV/TU.</p><p>Nơi nhận:</p></div>"
        "<div class='vanban-lienquan'><p>Số: 56-CV/TU V/v phòng, chống dịch</p>"
        "<p>Số: 44-CV/TU V/v tăng cường</p></div></body>"
    )
    lines = html_to_text(page).splitlines()
    assert lines[0] == "HUYỆN ỦY GIAO THỦY" and "Nơi nhận:" in lines
    assert not any("44-CV/TU" in line for line in lines)


def test_docx_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from loaders import office

    monkeypatch.setattr(office, "MAX_UNPACKED", 10_000)
    path = GOOD / "thanh_uy_header_table.docx"
    with pytest.raises(LoaderError, match=r"\.docx unpacks to \d+ bytes, over the limit"):
        read_document(path)


def test_docx_content_controls_links_and_tracked_changes(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def el(xml: str) -> Any:
        return parse_xml(xml.replace("XMLNS", f'xmlns:w="{w}"'))

    doc = docx.Document()
    body = doc.element.body
    sect = body[-1]  # paragraphs go before the section properties
    sect.addprevious(
        el("<w:sdt XMLNS><w:sdtContent><w:p><w:r><w:t>HUYỆN ỦY GIAO THỦY</w:t></w:r></w:p>"
           "</w:sdtContent></w:sdt>")
    )  # fmt: skip
    sect.addprevious(
        el('<w:p XMLNS><w:r><w:t xml:space="preserve">Số </w:t></w:r>'
           "<w:sdt><w:sdtContent><w:r><w:t>12</w:t></w:r></w:sdtContent></w:sdt>"
           '<w:hyperlink><w:r><w:t>-CV/HU</w:t></w:r></w:hyperlink>'
           "<w:del><w:r><w:delText>-CV/TU</w:delText></w:r></w:del>"
           "<w:ins><w:r><w:t> (bản chính)</w:t></w:r></w:ins></w:p>")
    )  # fmt: skip
    doc.save(str(tmp_path / "sdt.docx"))
    lines = read_document(tmp_path / "sdt.docx").text.splitlines()
    assert lines == ["HUYỆN ỦY GIAO THỦY", "Số 12-CV/HU (bản chính)"]


def test_web_page_bytes_decide_before_a_declared_charset(tmp_path: Path) -> None:
    letter = "<p>Số 12-CV/HU</p><p>Kính gửi: các chi bộ</p><p>Nơi nhận:</p>"
    cases = [
        # declared windows-1258 but saved as UTF-8: the bytes win
        ("lying.html", ('<meta charset="windows-1258">' + letter).encode(), "html/utf-8"),
        # French in Latin-1 reads as no Vietnamese encoding: only the declaration can
        ("french.html", '<meta charset="iso-8859-1"><p>Le comité</p>'.encode("latin-1"),
         "html/iso-8859-1"),
    ]  # fmt: skip
    for name, data, fmt in cases:
        (tmp_path / name).write_bytes(data)
        assert read_document(tmp_path / name).format == fmt
    assert read_document(tmp_path / "lying.html").text.startswith("Số 12-CV/HU")
    assert read_document(tmp_path / "french.html").text == "Le comité"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Thùc hiÖn c«ng v¨n cña TØnh ñy".encode(), "utf-8+tcvn3"),
        ("Thöïc hieän coâng vaên cuûa Tænh uûy".encode("utf-16"), "utf-16le+vni"),
        (b"\xef\xbb\xbf" + "Thùc hiÖn c«ng v¨n cña TØnh ñy".encode(), "utf-8-sig+tcvn3"),
        ("Thực hiện công văn của Tỉnh ủy".encode(), "utf-8"),
    ],
)
def test_legacy_text_saved_as_unicode_is_converted(data: bytes, encoding: str) -> None:
    assert decode_text(data, "x.txt") == ("Thực hiện công văn của Tỉnh ủy", encoding)


def test_web_copy_header_element_of_the_letter_is_kept_and_site_footer_dropped() -> None:
    page = (
        "<body><nav><a>Trang chủ</a></nav><article>"
        "<header><p>HUYỆN ỦY GIAO THỦY</p><p>Số 12-CV/HU</p></header>"
        "<p>ĐẢNG CỘNG SẢN VIỆT NAM</p><p>Kính gửi: các chi bộ</p><p>Nơi nhận:</p></article>"
        "<footer>Địa chỉ: Số 1 đường Trần Phú, ngày 1 tháng 1 năm 2021</footer></body>"
    )
    lines = [line for line in html_to_text(page).splitlines() if line]
    assert lines == [
        "HUYỆN ỦY GIAO THỦY",
        "Số 12-CV/HU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Kính gửi: các chi bộ",
        "Nơi nhận:",
    ]


def test_pdf_blank_encrypted_and_owner_locked(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(200, 200)
    blank.write(tmp_path / "blank.pdf")
    pages = PdfReader(GOOD / "ubnd_text_layer.pdf").pages
    for name, user in (("locked.pdf", "secret"), ("owner_only.pdf", "")):
        writer = PdfWriter()
        for page in pages:
            writer.add_page(page)
        writer.encrypt(user, "owner", algorithm="RC4-128")
        writer.write(tmp_path / name)
    for name, reason in (
        ("blank.pdf", "no text in the PDF (blank pages)"),
        ("locked.pdf", "encrypted PDF (needs a password)"),
    ):
        with pytest.raises(LoaderError) as err:
            read_document(tmp_path / name)
        assert str(err.value) == f"{tmp_path / name}: {reason}"
    # Only an owner password (printing/copy limits): the text is still there.
    assert "Số: 215/UBND-VX" in read_document(tmp_path / "owner_only.pdf").text.splitlines()
