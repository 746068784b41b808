"""Names are data everywhere (issue #12, item 10): markup-like unit and counter names
come out literally in results pages, charts, minutes, exports and posters."""

import csv
import io
import unicodedata
from datetime import UTC, datetime

import pytest
from markupsafe import escape

from tests.inspection_helpers import make_inspection
from tests.results_helpers import fetch_charts

# Every kind of text an output format might read as markup, a format or a formula.
UNIT_NAME = "Xã Đông $x_$ <b>&amp;</b> %s {0} \\ Kỳ"
COUNTER_NAME = "Quầy $x^2$ tư pháp <b>&amp;</b> %s {0} $\\hộ$ tịch"
FORMULA_NAME = "=1+1 Quầy $a$"


@pytest.fixture
def named(app):
    """A commune under Tứ Kỳ with hostile names and rated counters; returns the inspection."""
    with app.app_context():
        from core.db import get_db
        from core.units import add_counter, add_unit, get_unit_by_code
        from forms.registry import get_form
        from forms.store import store_response

        unit = add_unit("dong-ky", UNIT_NAME, "xa", get_unit_by_code("tu-ky"))
        desks = [add_counter(unit, "tu-phap", COUNTER_NAME, 0)]
        desks.append(add_counter(unit, "cong-thuc", FORMULA_NAME, 1))
        form = get_form("hai-long")
        levels = ("rat-hai-long", "hai-long", "khong-hai-long")
        for n in range(30):
            store_response(
                get_db(),
                form,
                unit,
                {"muc-do": levels[n % 3]},
                submission_id=f"names-{n}",
                counter=desks[n % 2],
                submitted_at=datetime(2022, 1 + n % 9, 10, 3, n, tzinfo=UTC),
            )
        return make_inspection("dong-ky")


@pytest.mark.parametrize("unit_code", ["dong-ky", "tu-ky", "hai-duong"])
def test_results_pages_show_names_literally(named, login, unit_code):
    staff = login("admin", "hai-duong")
    page = staff.get(f"/staff/results/{unit_code}/hai-long?period=year&date=2022-06-01")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<b>&amp;</b>" not in html
    charts = "".join(fetch_charts(staff, html).values())
    if unit_code == "dong-ky":
        assert str(escape(COUNTER_NAME)) in html
        # The chart's labels as typed, not typeset as mathematics.
        assert "$x^2$" in charts and "$\\hộ$" in charts
    elif unit_code == "tu-ky":
        assert str(escape(UNIT_NAME)) in html
        assert "$x_$" in charts


def test_minutes_carry_names_literally(app, named, login):
    from docx import Document
    from pypdf import PdfReader

    staff = login("admin", "dong-ky")
    word = staff.get(f"/staff/minutes/{named}.docx")
    assert word.status_code == 200
    document = Document(io.BytesIO(word.data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    text = unicodedata.normalize("NFC", "\n".join(texts))
    assert COUNTER_NAME in text

    pdf = staff.get(f"/staff/minutes/{named}.pdf")
    assert pdf.status_code == 200
    pages = PdfReader(io.BytesIO(pdf.data)).pages
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in pages))
    # pypdf may break a long cell over lines; the markup and the maths stay as typed.
    flat = " ".join(text.split())
    assert "Quầy $x^2$ tư pháp <b>&amp;</b> %s {0} $\\hộ$" in flat


def test_exports_carry_names_literally_and_inert(named, login):
    from openpyxl import load_workbook

    staff = login("admin", "hai-duong")
    url = "/staff/results/tu-ky/hai-long/export"
    answer = staff.get(f"{url}.csv")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    cells = {cell for row in rows for cell in row}
    assert UNIT_NAME in cells
    assert COUNTER_NAME in cells
    assert "'" + FORMULA_NAME in cells and FORMULA_NAME not in cells

    answer = staff.get(f"{url}.xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.data))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    values = {c.value for c in cells}
    assert UNIT_NAME in values
    assert COUNTER_NAME in values
    # Shown as named, in text cells with the quote prefix: never run (issue #16).
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert FORMULA_NAME in {c.value for c in risky}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_posters_carry_names_literally(named, login):
    staff = login("admin", "dong-ky")
    base = "/staff/units/dong-ky/forms/hai-long"
    page = staff.get(f"{base}/poster?counter=tu-phap")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert str(escape(UNIT_NAME)) in html and str(escape(COUNTER_NAME)) in html
    assert "<b>&amp;</b>" not in html
    for kind in ("png", "svg"):
        image = staff.get(f"{base}/qr.{kind}?counter=tu-phap&download=1")
        assert image.status_code == 200
        assert "qr-dong-ky-hai-long-tu-phap" in image.headers["Content-Disposition"]
