"""The minutes tell the truth about figures and points (issue #15): .docx and .pdf read back."""

import io
import unicodedata

import pytest

from inspections import store
from tests.inspection_helpers import make_inspection

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE = "Kế hoạch ban hành chậm 10 ngày"


@pytest.fixture
def inspection(app):
    with app.app_context():
        inspection_id = make_inspection()
        for key, values in {
            # Met with reduced points, and a note saying why.
            "ke-hoach-cchc": {"result": "pass", "points": 1, "note": NOTE},
            # No dossiers received: the on-time ratio does not arise.
            "ho-so-tiep-nhan": {"figure": 0},
            # Stored past the entry checks: more satisfied slips than slips.
            "phieu-khao-sat": {"figure": 10},
            "phieu-hai-long": {"figure": 12},
        }.items():
            store.save_item(inspection_id, key, 0, values, None)
        return inspection_id


def _documents(app, inspection_id) -> dict[str, bytes]:
    with app.app_context():
        from minutes.model import build_minutes
        from minutes.render import render

        minutes = build_minutes(inspection_id, charts=False)
        return {fmt: render(minutes, fmt) for fmt in ("docx", "pdf")}


def _docx_rows(data: bytes) -> list[list[str]]:
    from docx import Document

    document = Document(io.BytesIO(data))
    return [
        [unicodedata.normalize("NFC", c.text) for c in row.cells]
        for table in document.tables
        for row in table.rows
    ]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    text = " ".join(unicodedata.normalize("NFC", p.extract_text()) for p in pages)
    return " ".join(text.split())


def _row(rows, label: str) -> list[str]:
    return next(r for r in rows if len(r) == 5 and r[1].startswith(label))


def test_reduced_points_note_not_arising_and_impossible_ratio(app, inspection):
    documents = _documents(app, inspection)
    rows = _docx_rows(documents["docx"])
    reduced = _row(rows, "Kế hoạch CCHC năm")
    assert reduced[2] == "Đạt" and reduced[4] == "1/2"
    assert f"Ghi chú: {NOTE}" in reduced[3]
    assert _row(rows, "Tỷ lệ hồ sơ giải quyết đúng hạn")[2] == "Không phát sinh"
    satisfied = _row(rows, "Tỷ lệ người dân hài lòng")
    assert satisfied[2] == "Số liệu không hợp lệ" and satisfied[4] == "0/2"
    text = _pdf_text(documents["pdf"])
    assert f"Ghi chú: {NOTE}" in text
    assert "Không phát sinh" in text and "Số liệu không hợp lệ" in text
    # The shortcomings list the reduced item with its note.
    assert f"Kế hoạch CCHC năm của UBND xã (đạt 1/2 điểm): {NOTE};" in text


def test_every_docx_table_has_fixed_agreeing_widths(app, inspection):
    from docx import Document

    document = Document(io.BytesIO(_documents(app, inspection)["docx"]))
    body = document.element.body
    tables = list(body.iter(f"{W}tbl"))
    assert len(tables) > 5
    for tbl in tables:
        properties = tbl.find(f"{W}tblPr")
        assert properties.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        assert properties.find(f"{W}tblInd").get(f"{W}w") == "0"
        grid = [int(c.get(f"{W}w")) for c in tbl.find(f"{W}tblGrid").iter(f"{W}gridCol")]
        width = properties.find(f"{W}tblW")
        assert (width.get(f"{W}type"), int(width.get(f"{W}w"))) == ("dxa", sum(grid))
        for tr in tbl.iter(f"{W}tr"):
            column = 0
            for tc in tr.iter(f"{W}tc"):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                count = int(span.get(f"{W}val")) if span is not None else 1
                tcw = tc.find(f"{W}tcPr/{W}tcW")
                assert tcw.get(f"{W}type") == "dxa"
                assert int(tcw.get(f"{W}w")) == sum(grid[column : column + count])
                column += count
            assert column == len(grid)
    # Word 2013+ table placement: the border edge, not the text, on the indent.
    modes = [
        s.get(f"{W}val")
        for s in document.settings.element.iter(f"{W}compatSetting")
        if s.get(f"{W}name") == "compatibilityMode"
    ]
    assert modes == ["15"]
