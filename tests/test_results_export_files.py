"""What a secretary opens: the XLSX's title, layout, cells and row limit; the CSV's stream.

Issues #14 (title row, widths, frozen header, autofilter), #16 (version column,
integers as integers, formula-looking text shown as typed) and #18 (streaming, the
sheet's row limit). The limit is lowered through config rather than a million rows.
"""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from core import dates
from core.db import get_db
from core.units import get_counter, get_unit_by_code
from forms.registry import get_form
from forms.store import store_response
from results import export_csv
from tests.results_helpers import load_known

URL = "/staff/results/ngoc-ky/hai-long/export"
COMMENT = "Ý kiến góp ý (không bắt buộc)"
# What a citizen may type that a spreadsheet would otherwise run, and a phone number.
RISKY = ["=1+1", "+84912345678", "-5 điểm", "@SUM(A1)", "\tthụt lề", "\rđầu dòng"]


@pytest.fixture
def known(app, make_user):
    return load_known(app, make_user)


@pytest.fixture
def admin(login):
    return login("admin", "hai-duong")


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data))["Phiếu"]


def test_the_sheet_has_a_title_row_widths_a_frozen_header_and_a_filter(
    app, known, admin, monkeypatch
):
    # 01:05 UTC is 08:05 in Vietnam.
    monkeypatch.setattr(dates, "now", lambda: datetime(2026, 12, 3, 1, 5, tzinfo=UTC))
    answer = admin.get(f"{URL}.xlsx?period=year&year=2022&channel=paper&counter=tu-phap")
    assert answer.status_code == 200
    sheet = sheet_of(answer.data)
    title = sheet["A1"].value
    for part in (
        "Đánh giá mức độ hài lòng",
        "Đơn vị: Xã Ngọc Kỳ",
        "Kỳ: Năm 2022",
        "Kênh: Phiếu giấy",
        f"Quầy: {counter_name(app, 'tu-phap')}",
        "Xuất lúc 03/12/2026 08:05",
    ):
        assert part in title
    assert sheet["A1"].font.bold
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["Mã phiếu", "Ngày", "Thời điểm gửi (giờ Việt Nam)"]
    assert "Phiên bản phiếu" in header
    assert sheet.freeze_panes == "B3"
    last = sheet.max_row
    assert last > 3
    assert sheet.auto_filter.ref == f"A2:{sheet.cell(2, len(header)).column_letter}{last}"
    widths = {c: sheet.column_dimensions[sheet.cell(2, c).column_letter].width for c in (1, 4)}
    assert widths[4] > widths[1] > 8  # the unit's name gets more room than the id


def counter_name(app, code: str) -> str:
    with app.app_context():
        return get_counter(get_unit_by_code("ngoc-ky"), code).name


def test_an_export_without_filters_says_all(app, known, admin):
    title = sheet_of(admin.get(f"{URL}.xlsx").data)["A1"].value
    assert "Kỳ: Toàn bộ thời gian" in title and "Kênh: Tất cả" in title
    assert "Quầy: Tất cả" in title


def store_comments(app, texts):
    with app.app_context():
        form, unit = get_form("hai-long"), get_unit_by_code("ngoc-ky")
        for n, text in enumerate(texts):
            store_response(
                get_db(),
                form,
                unit,
                {"muc-do": "hai-long", "gop-y": text},
                submission_id=f"risky-{n}",
                counter=get_counter(unit, "tu-phap"),
            )


def test_formula_looking_text_is_a_quote_prefixed_text_cell_without_an_apostrophe(app, admin):
    store_comments(app, [*RISKY, "Bình thường"])
    sheet = sheet_of(admin.get(f"{URL}.xlsx").data)
    column = [c.value for c in sheet[2]].index(COMMENT)
    cells = {c[column].value: c[column] for c in sheet.iter_rows(min_row=3)}
    # XML holds no CR: the file writes it _x000D_, which Excel shows as the CR typed.
    cells = {value.replace("_x000D_", "\r"): cell for value, cell in cells.items()}
    assert set(cells) == {*RISKY, "Bình thường"}
    for text in RISKY:
        cell = cells[text]
        assert cell.data_type == "s" and cell.quotePrefix, text
        assert not cell.value.startswith("'")
    assert not cells["Bình thường"].quotePrefix
    # The CSV keeps its promise (docs/SECURITY.md): a leading ' that spreadsheets show as text.
    text = admin.get(f"{URL}.csv").data.decode("utf-8-sig")
    shown = {r[COMMENT] for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert shown == {*("'" + t for t in RISKY), "Bình thường"}


@pytest.mark.parametrize("limit", [100, 695 + 2 - 1])
def test_an_xlsx_past_the_row_limit_is_refused_before_it_starts_pointing_to_the_csv(
    app, known, admin, limit
):
    # 695 paper slips, the title row and the column titles: 697 rows.
    app.config["XLSX_MAX_ROWS"] = limit
    answer = admin.get(f"{URL}.xlsx?channel=paper&period=year&year=2022")
    assert answer.status_code == 422
    assert answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    assert "Có 695 phiếu, vượt quá" in page
    assert "Hãy tải tệp CSV" in page
    assert 'href="/staff/results/ngoc-ky/hai-long/export.csv?' in page
    link = page.split('href="/staff/results/ngoc-ky/hai-long/export.csv?')[1].split('"')[0]
    assert sorted(link.replace("&amp;", "&").split("&")) == [
        "channel=paper",
        "period=year",
        "year=2022",
    ]


def test_an_xlsx_that_just_fits_is_written(app, known, admin):
    app.config["XLSX_MAX_ROWS"] = 695 + 2
    answer = admin.get(f"{URL}.xlsx?channel=paper")
    assert answer.status_code == 200
    assert sheet_of(answer.data).max_row == 697


def test_the_cli_refuses_an_xlsx_past_the_limit_and_leaves_no_file(app, known, runner, tmp_path):
    app.config["XLSX_MAX_ROWS"] = 100
    out = tmp_path / "ket-qua.xlsx"
    result = runner.invoke(
        args=["export-responses", "--unit", "ngoc-ky", "--form", "hai-long"]
        + ["--format", "xlsx", "--channel", "paper", "-o", str(out)]
    )
    assert result.exit_code != 0
    assert "Có 695 phiếu" in result.output and "--format csv" in result.output
    assert not out.exists()


def test_the_csv_streams_in_pieces_as_rows_come(app, known, admin, monkeypatch):
    monkeypatch.setattr(export_csv, "CSV_ROWS", 100)
    answer = admin.get(f"{URL}.csv?channel=paper", buffered=False)
    assert answer.is_streamed
    pieces = list(answer.response)
    answer.close()
    # The BOM, the titles and 100 rows, five more pieces of 100, and the last 95.
    lines = [piece.count(b"\r\n") for piece in pieces]
    assert lines == [101, 100, 100, 100, 100, 100, 95]
    assert pieces[0].startswith("\ufeff".encode())
