"""CSV and XLSX exports: figures, Vietnamese text, formula injection, the CLI."""

import csv
import io
import re
from collections import Counter as Tally

import pytest
from openpyxl import load_workbook

from core.db import get_db
from core.units import get_counter, get_unit_by_code
from forms.registry import get_form
from forms.store import store_response
from tests.results_helpers import load_known, raw_answers

LABELS = {
    "rat-hai-long": "Rất hài lòng",
    "hai-long": "Hài lòng",
    "khong-hai-long": "Không hài lòng",
}
QUESTION = "Ông/bà hài lòng thế nào với việc giải quyết thủ tục hôm nay?"
EVIL = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def known(app, make_user):
    return load_known(app, make_user)


@pytest.fixture
def admin(login):
    return login("admin", "hai-duong")


def excel_text(value: str) -> str:
    """A cell's text as Excel shows it: XML cannot hold a CR, so XLSX writes it _x000D_.

    Excel and LibreOffice decode these escapes (ST_Xstring); openpyxl's reader does not.
    """
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode()), "UTF-8 BOM so that Excel reads Vietnamese"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_one_row_per_response_and_the_same_figures(app, known, admin):
    rows = [r for r in raw_answers(app, "hai-long") if r["unit"] == "ngoc-ky"]
    response = admin.get("/staff/results/ngoc-ky/hai-long/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    records = read_csv(response.data)
    assert len(records) == len({r["response"] for r in rows})
    assert sorted(int(r["Mã phiếu"]) for r in records) == sorted({r["response"] for r in rows})
    expected = Tally(LABELS[r["value"]] for r in rows if r["question"] == "muc-do")
    assert Tally(r[QUESTION] for r in records) == expected
    assert Tally(r["Kênh"] for r in records)["Phiếu giấy"] == 695
    paper = [r for r in records if r["Kênh"] == "Phiếu giấy"]
    assert {r[QUESTION] for r in paper} == {"Rất hài lòng"}
    assert {r["Đơn vị"] for r in records} == {"Xã Ngọc Kỳ"}
    reasons = Tally(
        part for r in records for part in r["Điều gì chưa làm ông/bà hài lòng?"].split("; ") if part
    )
    assert reasons == Tally(
        {
            "thai-do": "Thái độ của cán bộ",
            "thoi-gian-cho": "Thời gian chờ đợi",
            "thu-tuc": "Thủ tục chưa rõ ràng",
        }[r["value"]]
        for r in rows
        if r["question"] == "chua-hai-long"
    )
    comments = {r["Ý kiến góp ý (không bắt buộc)"] for r in records} - {""}
    assert comments == {"Chờ lâu, cần thêm ghế ngồi chờ."}


def test_xlsx_rows_and_tally_sheet(app, known, admin):
    rows = [r for r in raw_answers(app, "hai-long") if r["unit"] == "ngoc-ky"]
    response = admin.get("/staff/results/ngoc-ky/hai-long/export.xlsx?channel=paper")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["Phiếu", "Tổng hợp"]
    sheet = list(book["Phiếu"].iter_rows(values_only=True))
    # A title row with the filters, then the column titles (issue #14).
    header, body = sheet[1], sheet[2:]
    column = header.index(QUESTION)
    assert len(body) == 695 and {r[column] for r in body} == {"Rất hài lòng"}
    assert {r[header.index("Đơn vị")] for r in body} == {"Xã Ngọc Kỳ"}
    tallies = list(book["Tổng hợp"].iter_rows(values_only=True))
    levels = {row[1]: row[2:] for row in tallies if row[0] == QUESTION}
    assert levels == {
        "Rất hài lòng": (695, 100.0),
        "Hài lòng": (0, 0.0),
        "Không hài lòng": (0, 0.0),
        "Chỉ số hài lòng (%)": (None, 100.0),
    }
    by_counter = Tally()
    for r in rows:
        if r["channel"] == "paper" and r["question"] == "muc-do":
            by_counter[r["counter"]] += 1
    shown = {
        row[0]: row[2]
        for row in tallies
        if row[0].startswith("Theo quầy") and row[1] == "Rất hài lòng"
    }
    assert sorted(shown.values()) == sorted(by_counter.values())
    assert sum(shown.values()) == 695


def test_dossier_export_has_totals(app, known, admin):
    rows = raw_answers(app, "danh-gia-tthc")
    totals = Tally()
    for r in rows:
        totals[r["response"]] += r["number"] or 0
    records = read_csv(admin.get("/staff/results/ngoc-ky/danh-gia-tthc/export.csv").data)
    assert {int(r["Mã phiếu"]): float(r["Tổng điểm"]) for r in records} == dict(totals)
    assert all(r["Mã hồ sơ"].startswith("000.25.30.H23-") for r in records)


def store_evil(app):
    with app.app_context():
        form, unit = get_form("hai-long"), get_unit_by_code("ngoc-ky")
        for n, text in enumerate(EVIL):
            store_response(
                get_db(),
                form,
                unit,
                {"muc-do": "khong-hai-long", "gop-y": text + " Góp ý"},
                submission_id=f"evil-{n}",
                counter=get_counter(unit, "tu-phap"),
            )


def test_formula_injection_is_neutralised(app, admin):
    store_evil(app)
    comment = "Ý kiến góp ý (không bắt buộc)"
    records = read_csv(admin.get("/staff/results/ngoc-ky/hai-long/export.csv").data)
    assert sorted(r[comment] for r in records) == sorted("'" + t + " Góp ý" for t in EVIL)
    book = load_workbook(io.BytesIO(admin.get("/staff/results/ngoc-ky/hai-long/export.xlsx").data))
    sheet = book["Phiếu"]
    header = [c.value for c in sheet[2]]
    cells = [row[header.index(comment)] for row in sheet.iter_rows(min_row=3)]
    assert all(c.data_type == "s" for c in cells), "no cell may be stored as a formula"
    # The XLSX shows what the citizen typed: text cells with the quote prefix, no ' (#16).
    assert sorted(excel_text(c.value) for c in cells) == sorted(t + " Góp ý" for t in EVIL)
    assert all(c.quotePrefix for c in cells)


def test_cli_writes_the_same_files(app, known, runner, tmp_path, admin):
    out = tmp_path / "ket-qua.csv"
    result = runner.invoke(
        args=[
            "export-responses",
            "--unit",
            "ngoc-ky",
            "--form",
            "hai-long",
            "--format",
            "csv",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    web = admin.get("/staff/results/ngoc-ky/hai-long/export.csv").data
    assert out.read_bytes() == web
    xlsx = tmp_path / "ket-qua.xlsx"
    result = runner.invoke(
        args=[
            "export-responses",
            "--unit",
            "ngoc-ky",
            "--form",
            "hai-long",
            "--format",
            "xlsx",
            "-o",
            str(xlsx),
        ]
    )
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(xlsx, read_only=True)["Phiếu"].iter_rows(values_only=True))
    assert len(rows) - 2 == len(read_csv(web))  # the title row and the column titles


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--unit", "khong-co", "--form", "hai-long", "--format", "csv"], "Không có đơn vị"),
        (["--unit", "ngoc-ky", "--form", "khong-co", "--format", "csv"], "Không có phiếu"),
        (["--unit", "ngoc-ky", "--form", "hai-long", "--format", "pdf"], "csv hoặc xlsx"),
        (
            ["--unit", "ngoc-ky", "--form", "hai-long", "--format", "csv", "--from", "hôm qua"],
            "ngày/tháng/năm",
        ),
    ],
)
def test_cli_bad_arguments(runner, tmp_path, args, reason):
    result = runner.invoke(args=["export-responses", *args, "-o", str(tmp_path / "x.csv")])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and reason in lines[0]
    assert not (tmp_path / "x.csv").exists()


def test_cli_refuses_a_missing_folder(runner, tmp_path):
    result = runner.invoke(
        args=[
            "export-responses",
            "--unit",
            "ngoc-ky",
            "--form",
            "hai-long",
            "--format",
            "csv",
            "-o",
            str(tmp_path / "nowhere" / "x.csv"),
        ]
    )
    assert result.exit_code != 0 and "Không có thư mục" in result.output
