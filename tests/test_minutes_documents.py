"""The minutes read back: .docx with python-docx, .pdf with pypdf (issue #5)."""

import io
import re
import unicodedata

import pytest

from tests.minutes_data import make_inspection

HEADER_TEXTS = (
    "UBND HUYỆN TỨ KỲ",
    "UBND XÃ NGỌC KỲ",
    "/BB-",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Ngọc Kỳ, ngày 15 tháng 11 năm 2022",
)
SIGNATURES = ("THƯ KÝ", "TRƯỞNG ĐOÀN", "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA")
MM = 72 / 25.4


@pytest.fixture
def made(app):
    with app.app_context():
        return make_inspection({})


def _minutes(app, inspection_id):
    with app.app_context():
        from minutes.model import build_minutes

        return build_minutes(inspection_id)


def _render(app, inspection_id, fmt):
    with app.app_context():
        from minutes.model import build_minutes
        from minutes.render import render

        return render(build_minutes(inspection_id), fmt)


def _finalise(app, inspection_id):
    with app.app_context():
        from core.units import get_unit_by_code
        from inspections.store import finalise

        assert finalise(inspection_id, None, get_unit_by_code("ngoc-ky").id)


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return unicodedata.normalize("NFC", "\n".join(parts))


def _pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def _placed_texts(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of each text run on a PDF page, in points from the bottom left."""
    found = []

    def visit(text, cm, tm, *_):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((unicodedata.normalize("NFC", text.strip()), x, y))

    page.extract_text(visitor_text=visit)
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _check_diacritics(text: str) -> None:
    assert "\ufffd" not in text
    assert "?" not in text
    for word in ("ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", "Kết quả khảo sát sự hài lòng", "HẠN CHẾ"):
        assert word in text


def test_docx_layout_tallies_survey_and_draft(app, made):
    from docx import Document

    inspection_id, expected = made
    document = Document(io.BytesIO(_render(app, inspection_id, "docx")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= document.styles["Normal"].font.size.pt <= 14

    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    for text in HEADER_TEXTS[:3]:
        assert text in left
    for text in HEADER_TEXTS[3:]:
        assert text in right
    assert any(r.bold for r in header.rows[0].cells[0].paragraphs[1].runs)  # issuing body

    text = _docx_text(document)
    _check_diacritics(text)
    assert "BIÊN BẢN" in text and "Nơi nhận:" in text
    paragraphs = [p.text for p in document.paragraphs]
    for i, (title, tally, points) in enumerate(expected.areas, 1):
        at = paragraphs.index(f"2.{i}. {title}")
        assert paragraphs[at + 1] == f"Kết quả: {tally} tiêu chí; điểm: {points}."
    for label, _ in expected.failed:
        assert label in text.split("III. HẠN CHẾ")[1]
    total = sum(expected.levels.values())
    assert f"{total:,}".replace(",", ".") + " phiếu" in text
    for signature in SIGNATURES:
        assert signature in text
    assert "Nguyễn Thị Hương" in text and "Nguyễn Xuân Thoảng" in text
    # Each person addressed as chosen when the inspection was created (issue #14, item 9).
    assert "- Ông Nguyễn Xuân Thoảng, Chủ tịch UBND xã - Trưởng đoàn;" in paragraphs
    assert "- Bà Đỗ Thị Lụa, Công chức Tư pháp - Hộ tịch - Thành viên;" in paragraphs
    assert "- Ông/bà Nguyễn Thị Hương, Công chức Văn phòng - Thống kê - Thư ký;" in paragraphs
    assert "- Ông Phạm Văn Ước, Phó Chủ tịch UBND xã;" in paragraphs

    assert len(document.inline_shapes) == 2  # chart per level, chart per counter
    for table in document.tables[1:]:
        for row in table.rows:
            assert (
                row._tr.trPr.find(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit"
                )
                is not None
            )
    assert section.different_first_page_header_footer
    assert "DỰ THẢO" in section.header.paragraphs[0].text
    assert "DỰ THẢO" in section.first_page_header.paragraphs[0].text

    _finalise(app, inspection_id)
    final = Document(io.BytesIO(_render(app, inspection_id, "docx")))
    headers = final.sections[0].header.paragraphs + final.sections[0].first_page_header.paragraphs
    assert all("DỰ THẢO" not in p.text for p in headers)
    assert "DỰ THẢO" not in _docx_text(final)
    # Finalised days after the inspection: the hour is left blank, the day is the inspection's.
    assert "Biên bản kết thúc vào hồi ... giờ ... phút, ngày 15 tháng 11 năm 2022" in _docx_text(
        final
    )


def test_pdf_layout_font_charts_and_draft(app, made):
    from pypdf import PdfReader

    inspection_id, expected = made
    data = _render(app, inspection_id, "pdf")
    reader = PdfReader(io.BytesIO(data))
    pages = _pdf_pages(data)
    assert len(pages) >= 3
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    top_margin = 842 - 20 * MM
    for number, page in enumerate(reader.pages, 1):
        placed = _placed_texts(page)
        # Margins: nothing left of 30 mm or right of 195 mm.
        assert min(x for _, x, _ in placed) >= 30 * MM - 1
        in_margin = [t for t, _, y in placed if y > top_margin]
        # "DỰ THẢO" on every page; the page number centred at the top from page 2.
        assert "DỰ THẢO" in in_margin, f"page {number} lacks the draft mark"
        numbers = [t for t, x, _ in [p for p in placed if p[2] > top_margin] if t.isdigit()]
        assert numbers == ([] if number == 1 else [str(number)])
        assert all(y <= top_margin for t, _, y in placed if t not in ("DỰ THẢO", str(number)))

    text = _squash("\n".join(pages))
    for header_text in HEADER_TEXTS + SIGNATURES + ("BIÊN BẢN", "Nơi nhận:"):
        assert header_text in text
    _check_diacritics(text)
    for title, tally, points in expected.areas:
        assert f"Kết quả: {tally} tiêu chí; điểm: {points}." in text, title
    total = sum(expected.levels.values())
    assert f"{total:,}".replace(",", ".") + " phiếu" in text

    # Charts as images, and the font embedded.
    # (A PDF may share image objects between pages' resources: count distinct ones.)
    images = {image.data: image for page in reader.pages for image in page.images}
    assert len(images) == 2
    assert all(image.image.width >= 1000 for image in images.values())  # 200 dpi, not 72
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            # A composite font keeps its descriptor in the descendant; ReportLab writes
            # simple TrueType subsets that keep it themselves. Either way: embedded.
            if "/DescendantFonts" in font:
                described = font["/DescendantFonts"][0].get_object()
            else:
                assert font["/Subtype"] == "/TrueType"
                described = font
            assert "/FontFile2" in described["/FontDescriptor"]
            assert "/ToUnicode" in font  # the text can be searched and copied
            fonts.add(str(font["/BaseFont"]))
    assert fonts

    _finalise(app, inspection_id)
    final_pages = _pdf_pages(_render(app, inspection_id, "pdf"))
    assert all("DỰ THẢO" not in page for page in final_pages)


def test_survey_counts_exclude_withdrawn_other_units_and_other_periods(app, made):
    inspection_id, expected = made
    minutes = _minutes(app, inspection_id)
    level_table = next(
        b for b in minutes.body if getattr(b, "columns", None) == ["Mức độ", "Số phiếu", "Tỷ lệ"]
    )
    total = sum(expected.levels.values())
    labels = {
        "rat-hai-long": "Rất hài lòng",
        "hai-long": "Hài lòng",
        "khong-hai-long": "Không hài lòng",
    }
    for key, label in labels.items():
        row = next(r for r in level_table.rows if r[0] == label)
        share = (
            f"{100 * expected.levels[key] / total:.2f}".replace(".", ",").rstrip("0").rstrip(",")
        )
        assert row[1:] == [str(expected.levels[key]), share + "%"]
    channel_table = next(
        b for b in minutes.body if getattr(b, "columns", None) == ["Hình thức", "Số phiếu", "Tỷ lệ"]
    )
    assert [r[1] for r in channel_table.rows] == [
        str(expected.channels["qr"]),
        str(expected.channels["paper"]),
    ]
    counter_table = next(b for b in minutes.body if getattr(b, "columns", [""])[0] == "Quầy")
    assert sum(int(r[-1]) for r in counter_table.rows) == total
    assert counter_table.rows[-1][0] == "Không ghi quầy" and counter_table.rows[-1][-1] == "4"


def test_closing_line_takes_the_end_time_when_finalised_on_the_day(app, made):
    inspection_id, _ = made
    _finalise(app, inspection_id)
    with app.app_context():
        from core.db import get_db
        from minutes.sections import closing

        # 04:30 UTC is 11:30 in Hà Nội, on the inspection day.
        get_db().execute(
            "UPDATE inspections SET finalised_at = '2022-11-15T04:30:00+00:00' WHERE id = ?",
            [inspection_id],
        )
        from inspections.model import load_inspection

        text = closing(load_inspection(inspection_id), 3)[0].text
    assert text.startswith("Biên bản kết thúc vào hồi 11 giờ 30 phút, ngày 15 tháng 11 năm 2022")
    assert "được lập thành 03 bản" in text


def test_pdf_holds_the_longest_notes_the_store_accepts(app, made):
    # A failed item's evidence (500) and note (2,000 characters, lines and one unbroken
    # word) fill a table cell taller than a page: the PDF must still come out whole.
    from inspections.checklist import load_checklists
    from inspections.store import EVIDENCE_MAX, NOTE_MAX, clean_change, save_item

    inspection_id, _ = made
    word = "x" * 300
    note = ("Hồ sơ lưu trữ chưa đầy đủ <b>&amp; ghi chú\n" * 60)[: NOTE_MAX - len(word) - 1]
    note = note + " " + word
    evidence = ("Kế hoạch số 12/KH-UBND; " * 30)[:EVIDENCE_MAX]
    with app.app_context():
        checklist = load_checklists()["cchc-cong-vu"]
        item = next(i for a in checklist.areas for i in a.items if i.kind == "document")
        values = clean_change(item, {"result": "fail", "note": note, "evidence": evidence})
        assert len(values["note"]) == NOTE_MAX and len(values["evidence"]) == EVIDENCE_MAX
        save_item(inspection_id, item.key, 1, values, None)  # make_inspection ticked it once
    pages = _pdf_pages(_render(app, inspection_id, "pdf"))
    flat = re.sub(r"\s+", "", "".join(pages))
    assert re.sub(r"\s+", "", "Hồ sơ lưu trữ chưa đầy đủ <b>&amp; ghi chú") in flat
    assert word in flat
